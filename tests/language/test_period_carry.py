"""Periods the situating issue fixed: which time a figure refers to, in real-style sentences."""
from __future__ import annotations

import pytest

from hl_extract import extract_figures

CASES = [
    # a figure restating a baseline in parentheses has the baseline's time
    ("Quy mô vốn bình quân 18,1 tỷ đồng, gấp đôi năm 2006 (là 7,5 tỷ đồng).", "", "7,5 tỷ đồng", "2006-12-31"),
    # a school year runs into its later year; a span a thing goes to is not the article's year
    ("Học phí áp dụng từ học kỳ II năm học 2016 - 2017 đến năm học 2020 - 2021. "
     "Học kỳ II năm nay tăng trung bình 140.000 đồng.", "", "140.000 đồng", "2017-12-31"),
    # an aim's time does not carry; the report's period does
    ("6 tháng đầu năm 2019, kinh tế đạt nhiều kết quả. Các chỉ tiêu khả năng cuối năm đạt cao. "
     "Tổng thu ngân sách đạt 54 tỷ đồng.", "2019-07-03", "54 tỷ đồng", "2019-06-30"),
    # within a paragraph that kept its breaks a period carries over it
    ("Năm 2018 lực lượng Công an huyện giữ vững an ninh. Đã điều tra nhiều vụ án. Đã bắt nhiều đối tượng. "
     "Đã tuần tra nhiều tuyến đường. Xử phạt, nộp vào ngân sách nhà nước trên 1 tỷ 700 triệu đồng.",
     "2019-01-23", "trên 1 tỷ 700 triệu đồng", "2018-12-31"),
    # "hiện giờ" is now: the publication date, or nothing without one
    ("Năm 2016 giá đất tăng mạnh. Hiện giờ, nhiều nơi hô giá 1,2 tỉ đồng/nền.", "", "1,2 tỉ đồng/nền", ""),
    ("Năm 2016 giá đất tăng mạnh. Hiện giờ, nhiều nơi hô giá 1,2 tỉ đồng/nền.", "2017-05-02", "1,2 tỉ đồng/nền",
     "2017-05-02"),
    # "trước đây" is vague: no carried year
    ("Năm 2019 giá bắp tăng. Những năm trước đây, giá bắp xuống dưới 1.000 đồng/kg.", "", "dưới 1.000 đồng/kg", ""),
]


@pytest.mark.parametrize("text,published,raw,period_end", CASES)
def test_period_end(text, published, raw, period_end):
    found = {f.raw: f.period_end for f in extract_figures(text, published=published or None)}
    assert found.get(raw) == period_end, found
