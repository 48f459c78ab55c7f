"""Figures: a table of real phrases and sentences written in the style of town news."""
import json

import pytest

from hl_extract import extract_figures

from testenv import SEED_JSONL as SEED


def one(text, published=None):
    figs = extract_figures(text, published)
    assert len(figs) == 1, [(f.raw, f.value) for f in figs]
    return figs[0]


# (sentence, raw, metric, value, unit, extra attributes)
CASES = [
    ("Qua rà soát cuối năm 2022 tỷ lệ hộ nghèo còn 2,62%.", "2,62%", "poverty_rate", 2.62, "percent", {}),
    ("Tỷ lệ hộ cận nghèo 3,04%.", "3,04%", "near_poverty_rate", 3.04, "percent", {}),
    ("Tổng kinh phí hơn 2.160 triệu đồng.", "hơn 2.160 triệu đồng", "funding", 2_160_000_000, "vnd",
     {"qualifier": "gt"}),
    ("Tổng kinh phí hơn 2 tỷ160 triệu đồng.", "hơn 2 tỷ160 triệu đồng", "funding", 2_160_000_000, "vnd",
     {"qualifier": "gt"}),
    ("Đến nay đã đạt 55/63 tiêu chí đô thị loại III.", "55/63 tiêu chí", "criteria_met", 55, "criterion",
     {"total": 63}),
    ("Tổng số điểm đạt 72,56 điểm.", "72,56 điểm", "score", 72.56, "point", {}),
    ("Hướng dẫn, hỗ trợ 02 sản phẩm mới tham gia Chương trình OCOP.", "02 sản phẩm", "count", 2, "item",
     {"unit_text": "sản phẩm"}),
    ("Xã còn 120 hộ nghèo.", "120 hộ", "poor_households", 120, "household", {}),
    ("Có 34 hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở.", "34 hộ", "households", 34, "household", {}),
    ("Thu nhập bình quân đầu người đạt 45 triệu đồng.", "45 triệu đồng", "income_per_capita", 45e6, "vnd", {}),
    ("Tăng trưởng kinh tế đạt 1-1,5%.", "1-1,5%", "rate", 1, "percent", {"value_max": 1.5}),
    ("Mỗi hộ được hỗ trợ từ 10 đến 15 triệu đồng.", "từ 10 đến 15 triệu đồng", "funding", 10e6, "vnd",
     {"value_max": 15e6}),
    ("Giá đất từ 400.000 đồng đến 500.000 đồng/m2.", "từ 400.000 đồng đến 500.000 đồng/m2", "money", 400_000, "vnd",
     {"value_max": 500_000}),
    ("Thu giữ 10.805 kg đường cát.", "10.805 kg", "quantity", 10.805, "ton", {"unit_text": "kg"}),
    ("Mương dài 120 cm.", "120 cm", "quantity", 1.2, "m", {}),
    ("Diện tích 2.000 m 2 đất.", "2.000 m 2", "quantity", 2000, "m2", {}),
    ("Xây dựng 16,6/21,9km kênh mương.", "16,6/21,9km", "quantity", 16.6, "km", {"total": 21.9}),
    ("Kim ngạch đạt 425.700 USD.", "425.700 USD", "money", 425_700, "usd", {}),
    ("Khoảng 2.000 ha lúa bị ngập.", "Khoảng 2.000 ha", "quantity", 2000, "ha", {"qualifier": "approx"}),
    ("Gần 18 tỷ đồng đã được giải ngân.", "Gần 18 tỷ đồng", None, 18e9, "vnd", {"qualifier": "approx"}),
    ("Nhà không quá 6 tầng.", "không quá 6 tầng", "count", 6, "item", {"qualifier": "le"}),
    ("Mức phạt dưới 15 triệu đồng.", "dưới 15 triệu đồng", "money", 15e6, "vnd", {"qualifier": "lt"}),
    ("Ít nhất 30% số hộ.", "Ít nhất 30%", "rate", 30, "percent", {"qualifier": "ge"}),
    ("Mỗi ngày thu 500.000 đồng trở lên.", "500.000 đồng", "money", 500_000, "vnd", {"qualifier": "ge"}),
    ("Có 517 liệt sĩ.", "517 liệt sĩ", "count", 517, "person", {}),
    ("Trong năm, bắt giữ 1.040 vụ/562 đối tượng.", "1.040 vụ", "count", 1040, "item", {}),
    ("Phấn đấu đến năm 2025 tỷ lệ hộ nghèo giảm còn 1%.", "1%", "poverty_rate", 1, "percent",
     {"status": "target", "period_end": "2025-12-31"}),
    ("Dự kiến tổng mức đầu tư 1,1 triệu tỷ đồng.", "1,1 triệu tỷ đồng", "funding", 1.1e15, "vnd",
     {"status": "target"}),
    ("Doanh thu năm 2022 đạt 80 tỷ.", "80 tỷ", "money", 80e9, "vnd", {"period_end": "2022-12-31"}),
    ("Đến nay, có trên 410 tỷ đồng đã đầu tư vào khu công nghiệp Gia Lách.", "trên 410 tỷ đồng", "funding", 410e9,
     "vnd", {"qualifier": "gt"}),
    ("Tổng chi phí cho đợt kiểm tra hết 19 triệu đồng.", "19 triệu đồng", "funding", 19e6, "vnd", {}),
    ("Trong xóm không còn hộ đói, số hộ khá, giàu đạt trên 70%.", "trên 70%", "rate", 70, "percent",
     {"qualifier": "gt"}),
    ("Thôn Trung không còn hộ nghèo, hộ cận nghèo, 100% các cháu đến trường.", "100%", "rate", 100, "percent", {}),
    ("Hộ cận nghèo được vay 100% chi phí học nghề.", "100%", "rate", 100, "percent", {}),
    ("Còn lại 66 tỷ đồng để đền bù cho các hộ gián tiếp bị ảnh hưởng.", "66 tỷ đồng", "funding", 66e9, "vnd", {}),
    ("Gần 13 triệu dân được hưởng lợi.", "Gần 13 triệu dân", "count", 13e6, "person", {"qualifier": "approx"}),
    ("Giúp gần 386 nghìn hộ vay thoát nghèo.", "gần 386 nghìn hộ", "households", 386_000, "household", {}),
    ("Thu mua 15,000 tấn gạo.", "15,000 tấn", "quantity", 15000, "ton", {}),
    ("Có 74,013 điểm giao dịch.", "74,013 điểm giao dịch", "count", 74013, "item", {"unit_text": "điểm giao dịch"}),
    ("Tài trợ 8 triệu bảng Anh.", "8 triệu bảng Anh", "money", 8e6, "gbp", {}),
    ("Đã có 5/5 phường đăng ký.", "5/5 phường", "count", 5, "item", {"total": 5}),
    ("Trong tổng số 17 tàu có 3 tàu hỏng.", "17 tàu", "count", 17, "item", {}),
    ("Tổng thu trong năm 2017 đạt 5 tỷ đồng.", "5 tỷ đồng", "money", 5e9, "vnd", {"period_end": "2017-12-31"}),
    ("Có 2 cầu thủ bị treo giò.", "2 cầu thủ", "count", 2, "person", {}),
    ("Thành phố đã tinh giản 282 biên chế công chức.", "282 biên chế", "count", 282, "item",
     {"unit_text": "biên chế"}),
    ("Giá vé thấp nhất 30.000 đồng.", "thấp nhất 30.000 đồng", "money", 30_000, "vnd", {"qualifier": "ge"}),
    ("Vốn đầu tư đạt 508.25 triệu đô - la Mỹ.", "508.25 triệu đô - la Mỹ", "money", 508.25e6, "usd", {}),
    ("Lãi không quá 20% / năm.", "không quá 20% / năm", "rate", 20, "percent", {"qualifier": "le"}),
    ("Giá 200.000 đồng/kg tuỳ loại.", "200.000 đồng/kg", "money", 200_000, "vnd", {}),
    ("Hỗ trợ 20 - 30 triệu/học kỳ/trường.", "20 - 30 triệu/học kỳ/trường", None, 20e6, "vnd", {"value_max": 30e6}),
    ("Lợi nhuận cao hơn 24% năm trước.", "24%", "rate", 24, "percent", {"qualifier": "eq"}),
    ("Phường Nam Hồng có 1.200 hộ dân.", "1.200 hộ", "households", 1200, "household", {"place": "Phường Nam Hồng"}),
    # a bare "triệu"/"tỷ" before a counted noun counts it; it is money only alone
    ("Nhà xuất bản đã in hơn 126 triệu bản sách.", "hơn 126 triệu bản", "count", 126e6, "item",
     {"unit_text": "bản", "qualifier": "gt"}),
    ("Mỏ dầu có trữ lượng 15 tỷ thùng.", "15 tỷ thùng", "count", 15e9, "item", {}),
    ("Nhà máy phát lên lưới 2 tỷ kWh điện.", "2 tỷ kWh", "count", 2e9, "item", {}),
    ("Việt Nam có 5 tỷ phú USD.", "5 tỷ phú", "count", 5, "person", {}),
    ("Hỗ trợ mỗi tháng 2 triệu đồng cho mỗi cháu.", "2 triệu đồng", "funding", 2e6, "vnd", {}),
    ("Lương tháng 12 triệu đồng.", "12 triệu đồng", "money", 12e6, "vnd", {}),
    ("Giá khởi điểm 398.800 ringgit.", "398.800 ringgit", "money", 398_800, "myr", {}),
    ("Phấn đấu giảm hộ nghèo xuống dưới 1,2% vào năm 2025.", "dưới 1,2%", "poverty_rate", 1.2, "percent",
     {"qualifier": "lt", "status": "target"}),
    ("Xã còn 245 hộ nghèo, chiếm 5,2%.", "5,2%", "poverty_rate", 5.2, "percent", {}),
    ("Huyện có 830 hộ cận nghèo, chiếm tỷ lệ 4,1%.", "4,1%", "near_poverty_rate", 4.1, "percent", {}),
    ("Tỷ lệ hộ nghèo được cấp thẻ BHYT là 100%.", "100%", "rate", 100, "percent", {}),
    ("Sau 2 giờ 15 người đã đến.", "15 người", "count", 15, "person", {}),
    ("Dự án bán với giá 400 triệu đồng/nền, kêu gọi đầu tư mạnh.", "400 triệu đồng/nền", "money", 400e6, "vnd", {}),
    ("Dự án đầu tư hạ tầng, giá 25,3 triệu đồng/m2.", "25,3 triệu đồng/m2", "money", 25.3e6, "vnd", {}),
    ("Mỗi hộ được hỗ trợ 5 triệu đồng/hộ.", "5 triệu đồng/hộ", "funding", 5e6, "vnd", {}),
    ("Tỉnh đạt và vượt 21/22 chỉ tiêu.", "21/22 chỉ tiêu", "count", 21, "item", {"total": 22, "qualifier": "eq"}),
    ("Zenvo TS1:1.8 triệu USD là giá bán.", "1.8 triệu USD", "money", 1.8e6, "usd", {}),
    ("Tòa đã ban hành 3.328 bản án.", "3.328 bản án", "count", 3328, "item", {"unit_text": "bản án"}),
    # a count right after a request verb is who is asked, not a target
    ("UBND xã đã ra văn bản đề nghị 20 hộ dân tháo dỡ công trình.", "20 hộ", "households", 20, "household",
     {"status": "actual"}),
    ("Đề nghị tỉnh hỗ trợ 120 hộ nghèo xây nhà.", "120 hộ", "households", 120, "household", {"status": "target"}),
    ("Trong đó ngân sách tỉnh 65 tỷ đồng.", "65 tỷ đồng", "funding", 65e9, "vnd", {"place": ""}),
    ("Phường 5 có 120 hộ nghèo.", "120 hộ", "poor_households", 120, "household", {"place": "Phường 5"}),
    # poor and near-poor households of a place, and their shares
    ("Toàn thị xã có 538 hộ cận nghèo.", "538 hộ", "near_poor_households", 538, "household", {}),
    ("Hộ cận nghèo còn 371 hộ.", "371 hộ", "near_poor_households", 371, "household", {}),
    ("Toàn thị xã còn 41 hộ nghèo, tỷ lệ 2,96%.", "2,96%", "poverty_rate", 2.96, "percent", {}),
    ("Hộ cận nghèo còn 63 hộ, tỷ lệ 4,55%.", "4,55%", "near_poverty_rate", 4.55, "percent", {}),
    ("Có 402 hộ nghèo, tỷ lệ 3,42% và 611 hộ cận nghèo, tỷ lệ 5,2%.", "611 hộ", "near_poor_households", 611,
     "household", {}),
    ("Năm 2023, cấp 1.046 thẻ bảo hiểm y tế cho người dân.", "1.046 thẻ bảo hiểm y tế", "count", 1046, "item", {}),
    ("Khen thưởng 6 tập thể và 11 cá nhân.", "6 tập thể", "count", 6, "item", {}),
    # criteria reached, or a number of criteria
    ("Xã có 15 tiêu chí đạt chuẩn.", "15 tiêu chí", "criteria_met", 15, "criterion", {}),
    ("Phương án căn cứ vào 5 tiêu chí: thu nhập, nhà ở.", "5 tiêu chí", "count", 5, "item", {"unit_text": "tiêu chí"}),
    ("Xã còn 4 tiêu chí chưa đạt.", "4 tiêu chí", "count", 4, "item", {}),
    ("Mỗi hộ nhận 14 triệu đồng nhà nước hỗ trợ.", "14 triệu đồng", "funding", 14e6, "vnd", {}),
    ("Thu 203 tỷ đồng tiền thuế.", "203 tỷ đồng", "money", 203e9, "vnd", {}),
    ("Ông khai đã cho Vũ mượn 200 tỷ đồng.", "200 tỷ đồng", "funding", 200e9, "vnd", {}),
    ("Phần sự kiện tiêu tốn khoảng 5 tỉ đồng.", "khoảng 5 tỉ đồng", "funding", 5e9, "vnd", {"qualifier": "approx"}),
    ("Sở tạm ứng 2,3 tỷ đồng từ ngân sách tỉnh.", "2,3 tỷ đồng", "funding", 2.3e9, "vnd", {}),
    ("Kim ngạch xuất khẩu ước tính đạt 179 tỉ USD.", "ước tính đạt 179 tỉ USD", "money", 179e9, "usd",
     {"qualifier": "approx"}),
]


@pytest.mark.parametrize("text, want", [
    # the later items of an aim's list are aims too
    ("Năm 2022, xã phấn đấu hoàn thành 2 tiêu chí còn lại; thu nhập bình quân đầu người đạt trên 52 triệu đồng; "
     "tỷ lệ hộ nghèo giảm còn dưới 2%.", ["target", "target", "target"]),
    # a heading with a plan cue before a colon
    ("Chỉ tiêu năm 2022: thu nhập bình quân đầu người đạt 65 triệu đồng, giải quyết việc làm cho 2.000 lao động.",
     ["target", "target"]),
    # ... until a result is reported
    ("Phấn đấu năm 2023 đạt 20 tiêu chí; hiện nay đã đạt 15 tiêu chí.", ["target", "actual"]),
    ("Mục tiêu tỷ lệ nội địa hóa đạt 60% vào năm 2010, nhưng đến nay mới đạt khoảng 7-10%.", ["target", "actual"]),
])
def test_status_of_a_list_of_aims(text, want):
    assert [f.status for f in extract_figures(text, published="2022-01-10")] == want


def test_a_year_not_begun_when_written_is_a_target():
    text = "Kim ngạch xuất khẩu năm 2016 đạt 1,25 tỷ USD; năm 2025 là 2,6 tỷ USD."
    got = {f.raw: f.status for f in extract_figures(text, published="2017-06-01")}
    assert got == {"1,25 tỷ USD": "actual", "2,6 tỷ USD": "target"}
    # the year-end figure of the running year, a few days early, is still a result
    late = extract_figures("Đến cuối năm 2020, tỷ lệ hộ nghèo giảm còn 2,41%.", published="2020-12-22")
    assert [f.status for f in late] == ["actual"]


@pytest.mark.parametrize("text,raw,metric,value,unit,extra", CASES, ids=[c[1] for c in CASES])
def test_figure(text, raw, metric, value, unit, extra):
    figs = [f for f in extract_figures(text) if f.raw == raw]
    assert figs, [(f.raw, f.value) for f in extract_figures(text)]
    f = figs[0]
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    if metric:
        assert f.metric == metric
    for key, want in extra.items():
        got = getattr(f, key)
        assert (got == pytest.approx(want)) if isinstance(want, float) else got == want, key
    assert text[f.char_start:f.char_end] == f.raw


NOT_FIGURES = [
    "Thống kê: 3.102.957",
    "Online: 60",
    "Thực hiện Nghị quyết 37 về xây dựng nhà văn hóa.",
    "Theo Quyết định số 211/QĐ-TTg của Thủ tướng.",
    "Giai đoạn 2021 - 2025 có nhiều đổi mới.",
    "Sáng ngày 15/9, hội nghị khai mạc.",
    "Lúc 7h30 ngày 1.1.2016 đoàn xuất phát.",
    "Ông đã công tác 33 năm trong ngành.",
    "Cụ bà 70 tuổi sống một mình.",
    "Đại hội lần thứ XI của Đảng.",
    "Nhà số 12 đường Trần Phú.",
    "Liên hệ số điện thoại 0913.123.456.",
    "Xe mang biển kiểm soát 38A-123.45 bị giữ.",
    "Tàu cá BĐ 99086 TS bị hư hỏng.",
    "Trong 3 tháng cuối năm 2023 cần tập trung.",
    "Hàng trăm triệu đồng bị thất thoát.",
    "Công trình đầu tư đồng bộ.",
    "Khóa 12 của Trường Chính trị.",
    "Hôm 3/2 đưa tin về vụ việc.",
    "Đêm 10-9 hai phạm nhân bỏ trốn.",
    "Máy bay MiG-29 cất cánh.",
    "Giải V-League 2017 khi khởi tranh.",
    "Đồng chí Nguyễn Văn A và bốn đồng chí khác.",
    "Nhiều tỷ đồng bị thất thoát.",
    "Hội nghị APEC 2017 đồng nghĩa với cơ hội lớn.",
    "Tin nhắn dài tối đa 147ký tự.",
    "Chiếc Hyundai i10 2017 bản nâng cấp đã ra mắt.",
    "Trong tháng 2, xã tổ chức hội nghị.",
    "Vụ phóng diễn ra lúc 12.53 UTC hôm qua.",
    "Lúc 23 giờ 30 khuya, xe bị lật.",
    "Họ tung bộ ba tấn công mạnh nhất.",
    "Nước hồ có nhiệt độ từ 34-41,5 °C quanh năm.",
    "Trong đó có 6 đ/c được tặng huy hiệu 55 năm.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text):
    assert [(f.raw, f.value) for f in extract_figures(text)] == []


def test_period_carried_in_paragraph_and_year_from_publication():
    text = ("9 tháng đầu năm, xã hỗ trợ 34 hộ nghèo xây nhà. Tổng kinh phí hơn 2 tỷ đồng.\n\n"
            "Năm 2024 phấn đấu giảm 20 hộ nghèo.")
    figs = extract_figures(text, "2023-09-15")
    by_raw = {f.raw: f for f in figs}
    assert by_raw["34 hộ"].period_end == "2023-09-30"
    assert by_raw["hơn 2 tỷ đồng"].period_start == "2023-01-01"
    assert by_raw["hơn 2 tỷ đồng"].period_end == "2023-09-30"
    assert by_raw["20 hộ"].period_end == "2024-12-31"
    assert by_raw["20 hộ"].status == "target"


def test_period_year_from_nearest_explicit_year_when_unpublished():
    figs = extract_figures("Năm 2016 thu 5 tỷ đồng. So với năm 2015, 6 tháng đầu năm đạt 3 tỷ đồng.")
    assert [(f.raw, f.period_end) for f in figs] == [("5 tỷ đồng", "2016-12-31"), ("3 tỷ đồng", "2016-06-30")]


def test_period_right_after_the_figure_is_its_own():
    figs = extract_figures("Tỷ lệ hộ nghèo giảm từ 28,1% năm 2011 xuống còn 3,54% cuối năm 2016.")
    assert [(f.value, f.period_end) for f in figs] == [(28.1, "2011-12-31"), (3.54, "2016-12-31")]


@pytest.mark.skipif(not SEED.exists(), reason="seed fixture missing")
def test_seed_core_figures():
    rec = json.loads(SEED.read_text(encoding="utf-8"))
    figs = extract_figures(rec["text"], rec["date"])
    core = [(f.metric, f.value, f.total, f.qualifier, f.period_end) for f in figs
            if f.metric in ("poverty_rate", "near_poverty_rate", "households", "poor_households", "funding",
                            "criteria_met", "score")]
    assert ("poverty_rate", 2.62, None, "eq", "2022-12-31") in core
    assert ("near_poverty_rate", 3.04, None, "eq", "2022-12-31") in core
    assert sum(1 for c in core if c[0] == "funding" and c[1] == 2_160_000_000 and c[3] == "gt"
               and c[4] == "2023-09-30") == 2
    assert sum(1 for c in core if c[0] in ("households", "poor_households") and c[1] == 34) == 2
    assert ("criteria_met", 55, 63, "eq", "2023-09-15") in core
    assert ("score", 72.56, None, "eq", "2023-09-15") in core
    raws = [f.raw for f in figs]
    assert not any("3.102.957" in r or "37" in r or "2021" in r for r in raws), raws


def test_acronym_before_a_unit_is_no_code():
    f = one("Tăng trưởng GDP 6,8% trong năm.")
    assert (f.value, f.unit) == (6.8, "percent")


@pytest.mark.parametrize("text", ["Chiếc Boeing 787 tạo cảm giác êm ái.", "Khánh thành cơ sở 2 BV Bạch Mai."])
def test_numbers_in_names_are_no_figures(text):
    assert [f.raw for f in extract_figures(text)] == []


def test_place_and_subject():
    figs = extract_figures("Năm 2022, phường Nam Hồng còn 120 hộ nghèo; thị xã Hồng Lĩnh có tỷ lệ hộ nghèo 2,62%.")
    assert [(f.raw, f.place) for f in figs] == [("120 hộ", "phường Nam Hồng"), ("2,62%", "thị xã Hồng Lĩnh")]
    assert figs[0].subject.startswith("hộ nghèo")
    assert figs[1].subject.endswith("tỷ lệ hộ nghèo")


@pytest.mark.parametrize("text,raw,unit_text,unit", [
    ("Có gần 50 khách sạn lớn nhỏ.", "gần 50 khách sạn", "khách sạn", "item"),
    ("Đón 10 khách du lịch.", "10 khách du lịch", "khách du lịch", "person"),
    ("Nộp ngân sách 19.956 tỷ đồng bằng 48,7% kế hoạch.", "19.956 tỷ đồng", "", "vnd"),
])
def test_counted_noun_as_a_whole_word(text, raw, unit_text, unit):
    f = next(f for f in extract_figures(text) if f.raw == raw)
    assert (f.unit_text, f.unit) == (unit_text, unit)


@pytest.mark.parametrize("text", ["Ảnh chỉ 36 x 26 pixel.", "Ngã 3 giao cắt.", "Ban Chỉ đạo 389 tỉnh họp.",
                                  "Mỗi ngày làm 4 - 5 tiếng đồng hồ.", "30 ngày sau mở ra."])
def test_more_non_figures(text):
    assert [f.raw for f in extract_figures(text) if f.value in (36, 3, 389, 4, 30)] == []
