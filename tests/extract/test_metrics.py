"""Metrics: what a figure counts (SPEC metric vocabulary), a table of real-style phrases.

Each row: text, raw of the figure, the metric it must get.
"""
from __future__ import annotations

import pytest

from hl_extract import extract_figures

CASES = [
    # the stock of a place's poor households, and a group inside it
    ("Toàn tỉnh có 12.460 hộ nghèo.", "12.460 hộ", "poor_households"),
    ("Năm 2018, huyện còn 1.200 hộ nghèo, chiếm 5,2%.", "1.200 hộ", "poor_households"),
    ("Toàn huyện còn 371 hộ cận nghèo theo chuẩn mới.", "371 hộ", "near_poor_households"),
    ("Hiện còn 1.830 hộ nghèo chưa có nhà ở.", "1.830 hộ", "households"),
    ("Xã có 27 hộ nghèo làm nghề đan lát.", "27 hộ", "households"),
    ("Có 34 hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở.", "34 hộ", "households"),
    # a change of a rate is a rate, never the rate's level
    ("Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.", "1,5%/năm", "rate"),
    ("Tỷ lệ hộ nghèo là 5,8%, giảm 3% so với năm 2016.", "3%", "rate"),
    ("Tỷ lệ hộ nghèo là 5,8%, giảm 3% so với năm 2016.", "5,8%", "poverty_rate"),
    ("Tỷ lệ hộ nghèo giảm từ 7,8% năm 2015 xuống 5,8% năm 2017.", "từ 7,8%", "poverty_rate"),
    # money that is not spending: revenue, taxes paid, poverty lines, market value, allowances
    ("Tổng thu ngân sách trên địa bàn đạt 54 tỷ đồng.", "54 tỷ đồng", "money"),
    ("Xử phạt 2.200 trường hợp, nộp vào ngân sách nhà nước trên 1 tỷ 700 triệu đồng.",
     "trên 1 tỷ 700 triệu đồng", "money"),
    ("Chuẩn nghèo là 700.000 đồng/người/tháng.", "700.000 đồng/người/tháng", "money"),
    ("Vốn hóa thị trường đạt 3.000 tỷ đồng.", "3.000 tỷ đồng", "money"),
    ("Công ty nộp thuế 20 tỷ đồng.", "20 tỷ đồng", "money"),
    ("Mỗi tháng bố mẹ phải chu cấp khoảng 3 triệu đồng.", "khoảng 3 triệu đồng", "money"),
    # spending, and the parts of a breakdown of it
    ("Tổng chi phí cho đợt kiểm tra hết 194 triệu đồng. Trong đó, tiền uống nước hết 39 triệu đồng.",
     "39 triệu đồng", "funding"),
    ("Đến nay, tỉnh đã chi trả 923,835/1.010 tỷ đồng (đạt 91,47%).", "923,835/1.010 tỷ đồng", "funding"),
    ("Hiện còn 248 tỷ đồng chưa thực hiện chi trả.", "248 tỷ đồng", "funding"),
    ("Kiểm tra 1 đợt tốn gần 200 triệu đồng.", "gần 200 triệu đồng", "funding"),
    ("Đã chi trả cho các đối tượng bị thiệt hại do sự cố môi trường biển 1.350 tỷ đồng.", "1.350 tỷ đồng", "funding"),
    ("Giá đất 400 triệu đồng/nền.", "400 triệu đồng/nền", "money"),
    ("Tổng dư nợ cho vay ủy thác thông qua 4 tổ chức gồm : Hội Nông dân, Hội Phụ nữ là 347,774 tỷ đồng.",
     "347,774 tỷ đồng", "funding"),
]


@pytest.mark.parametrize("text,raw,metric", CASES)
def test_metric(text, raw, metric):
    found = {f.raw: f.metric for f in extract_figures(text, published="2018-06-01")}
    assert found.get(raw) == metric, found
