"""Time expressions resolved by the SPEC's period rules: a table of phrases."""
import pytest

from hl_extract.language.doc import Doc
from hl_extract.language.periods import find_periods

# (text, published, expected period text, start, end, qualifier)
CASES = [
    ("Trong năm 2022 thu 5 tỷ đồng.", "", "năm 2022", "2022-01-01", "2022-12-31", "in"),
    ("Qua rà soát cuối năm 2022 tỷ lệ hộ nghèo còn 2,62%.", "", "cuối năm 2022", "2022-12-31", "2022-12-31", ""),
    ("Đến hết năm 2022 có 5 hộ.", "", "Đến hết năm 2022", "2022-12-31", "2022-12-31", ""),
    ("Tính đến 31/12/2022 có 5 hộ.", "", "31/12/2022", "2022-12-31", "2022-12-31", "by"),
    ("9 tháng đầu năm 2023, có 34 hộ.", "", "9 tháng đầu năm 2023", "2023-01-01", "2023-09-30", ""),
    ("6 tháng đầu năm, thu 5 tỷ.", "2017-07-02", "6 tháng đầu năm", "2017-01-01", "2017-06-30", ""),
    ("3 tháng cuối năm 2023 tập trung cao.", "", "3 tháng cuối năm 2023", "2023-10-01", "2023-12-31", ""),
    ("Trong tháng 9/2023 thu 5 tỷ.", "", "tháng 9/2023", "2023-09-01", "2023-09-30", "in"),
    ("Doanh thu 9 tháng 2016 đạt 5 tỷ.", "", "9 tháng 2016", "2016-01-01", "2016-09-30", ""),
    ("Lợi nhuận trong 2016 đạt 9,7 tỷ.", "", "trong 2016", "2016-01-01", "2016-12-31", "in"),
    ("Quý III/2023 tăng 5%.", "", "Quý III/2023", "2023-07-01", "2023-09-30", ""),
    ("Giai đoạn 2021 - 2025 phấn đấu.", "", "Giai đoạn 2021 - 2025", "2021-01-01", "2025-12-31", ""),
    ("Đến nay đã đạt 55/63 tiêu chí.", "2023-09-15", "Đến nay", "2023-09-15", "2023-09-15", ""),
    ("Hiện nay có 5 hộ.", "2023-09-15", "Hiện nay", "2023-09-15", "2023-09-15", ""),
    ("Đến giờ, lương của cô là 4 triệu đồng.", "2018-05-01", "Đến giờ", "2018-05-01", "2018-05-01", ""),
    ("Đến giờ, lương của cô là 4 triệu đồng.", "", "Đến giờ", "", "", ""),   # undated: stays empty
    ("Năm nay thu 5 tỷ.", "2023-09-15", "Năm nay", "2023-01-01", "2023-12-31", ""),
    ("Năm qua thu 5 tỷ.", "2023-09-15", "Năm qua", "2022-01-01", "2022-12-31", ""),
    ("Cuối tháng 8/2014 có 5 hộ.", "", "Cuối tháng 8/2014", "2014-08-31", "2014-08-31", ""),
    ("Dự báo đến 2020 có 5 hộ.", "", "Dự báo đến 2020", "2020-12-31", "2020-12-31", "by"),
    ("Đến năm 2020 có 5 hộ.", "", "Đến năm 2020", "2020-12-31", "2020-12-31", "by"),
    ("Kể từ năm 2015 có 5 hộ.", "", "Kể từ năm 2015", "2015-01-01", "", "from"),
    ("Từ năm 2011 đến nay có 5 hộ.", "2017-01-01", "Từ năm 2011 đến nay", "2011-01-01", "2017-01-01", "from"),
    ("Đầu năm 2017 có 5 hộ.", "", "Đầu năm 2017", "", "", ""),
    ("Năm học 2017 - 2018 có 5 lớp.", "", "Năm học 2017 - 2018", "", "", ""),
    ("Hoàn thành trước ngày 18/11.", "2023-09-15", "ngày 18/11", "2023-11-18", "2023-11-18", "before"),
    ("Các phường đăng ký đạt chuẩn vào năm 2024.", "", "năm 2024", "2024-01-01", "2024-12-31", "in"),
    ("Chỉ số PCI 2016 của tỉnh.", "", "PCI 2016", "2016-01-01", "2016-12-31", ""),
    ("Chỉ số năng lực cạnh tranh (PCI) 2016 của tỉnh.", "", "PCI) 2016", "2016-01-01", "2016-12-31", ""),
    ("Giai đoạn này (2012 - 2016) có 5 hộ.", "", "(2012 - 2016)", "2012-01-01", "2016-12-31", ""),
]


@pytest.mark.parametrize("text,published,ptext,start,end,qualifier", CASES, ids=[c[0] for c in CASES])
def test_period(text, published, ptext, start, end, qualifier):
    found = [(p.text, p.start, p.end, p.qualifier) for p in find_periods(Doc(text, published))]
    assert (ptext, start, end, qualifier) in found, found


def test_year_left_out_takes_the_nearest_explicit_year_skipping_baselines_and_births():
    doc = Doc("Năm 2016 thu 5 tỷ. Ông A (SN 1976) so với năm 2015 cho biết 6 tháng đầu năm đạt 3 tỷ.", "")
    periods = {p.text: p for p in find_periods(doc)}
    assert "1976" not in " ".join(periods)
    assert periods["năm 2015"].baseline
    assert [p.baseline for p in find_periods(Doc("tăng 1,4% so thực hiện năm 2015", ""))] == [True]
    assert [p.baseline for p in find_periods(Doc("So với các con số của năm 2015, tăng 21,8%", ""))] == [True]
    assert (periods["6 tháng đầu năm"].start, periods["6 tháng đầu năm"].end) == ("2016-01-01", "2016-06-30")


def test_a_target_year_does_not_stand_for_the_article_year():
    doc = Doc("Năm 2019, quy hoạch tầm nhìn 2030 được duyệt. Trong tháng 10 sẽ họp.", "")
    assert [(p.text, p.end) for p in find_periods(doc)][-1] == ("tháng 10", "2019-10-31")


@pytest.mark.parametrize("text", ["Ông đã công tác 12 năm qua.", "Tháng 13/2020 không có.", "ngày 31/2/2020"])
def test_not_periods(text):
    assert [p.text for p in find_periods(Doc(text, "")) if p.start] == []


def test_a_review_titled_with_its_year_reads_trong_nam_as_that_year():
    """`Tổng kết công tác Hội năm 2018`, published in January 2019: `trong năm` is 2018;
    `năm qua` is 2018 either way; without such a title `trong năm` is the publication year."""
    from hl_extract.language.doc import Doc
    from hl_extract.language.periods import find_periods
    title = "Hội LHPN huyện tổng kết công tác Hội năm 2018, triển khai phương hướng nhiệm vụ năm 2019"
    got = [(p.text, p.end) for p in find_periods(Doc("Trong năm đã giải ngân 2 tỷ đồng. Năm qua có 5 hộ.",
                                                      "2019-01-17", title=title))]
    assert got == [("Trong năm", "2018-12-31"), ("Năm qua", "2018-12-31")]
    plain = find_periods(Doc("Trong năm đã giải ngân 2 tỷ đồng.", "2019-01-17", title="Hội nghị triển khai"))
    assert plain[0].end == "2019-12-31"
