"""Amounts of money and their bounds: a table of short phrases in the style of news.

Each row: (sentence, raw, value, value_max, unit, qualifier). The figure is looked up
by its raw text; value_max is None when the figure is no range.
"""
import pytest

from hl_extract import extract_figures

CASES = [
    # negated comparatives: "không quá" is at most, "không dưới" at least
    ("Giá bán lẻ không quá 7.000 đồng/kg.", "không quá 7.000 đồng/kg", 7000, None, "vnd", "le"),
    ("Mức thu không hơn 50.000 đồng mỗi tháng.", "không hơn 50.000 đồng", 50000, None, "vnd", "le"),
    ("Tiền công không ít hơn 3 triệu đồng một tháng.", "không ít hơn 3 triệu đồng", 3e6, None, "vnd", "ge"),
    ("Lãi suất cho vay không cao hơn 9% một năm.", "không cao hơn 9%", 9, None, "percent", "le"),
    ("Mỗi suất ăn không tới 20.000 đồng.", "không tới 20.000 đồng", 20000, None, "vnd", "le"),
    ("Vốn điều lệ không dưới 10 tỷ đồng.", "không dưới 10 tỷ đồng", 10e9, None, "vnd", "ge"),
    ("Giá thuê kém hơn 2 triệu đồng/tháng.", "kém hơn 2 triệu đồng/tháng", 2e6, None, "vnd", "lt"),
    ("Doanh nghiệp nộp ít hơn 500 triệu đồng tiền thuế.", "ít hơn 500 triệu đồng", 500e6, None, "vnd", "lt"),
    ("Mức lương không thấp hơn 4,2 triệu đồng.", "không thấp hơn 4,2 triệu đồng", 4.2e6, None, "vnd", "ge"),
    # ... while a comparative with "hơn" states a difference, and "tăng hơn" more than
    ("Lợi nhuận cao hơn 24% so với năm trước.", "24%", 24, None, "percent", "eq"),
    ("Doanh thu tăng hơn 20% so với cùng kỳ.", "hơn 20%", 20, None, "percent", "gt"),
    ("Tổng kinh phí hơn 2 tỷ đồng.", "hơn 2 tỷ đồng", 2e9, None, "vnd", "gt"),
    # currency symbols and codes, before or after the number
    ("Vé vào cửa có giá $10.", "$10", 10, None, "usd", "eq"),
    ("Mỗi chiếc áo bán 10$.", "10$", 10, None, "usd", "eq"),
    ("Giá một vé là 20€.", "20€", 20, None, "eur", "eq"),
    ("Phí dịch vụ EUR 20 mỗi người.", "EUR 20", 20, None, "eur", "eq"),
    ("Giá dầu giảm còn USD1,23 một lít.", "USD1,23", 1.23, None, "usd", "eq"),
    ("Cuốn sách có giá £9.", "£9", 9, None, "gbp", "eq"),
    ("Mỗi cốc cà phê giá VN$1000.", "VN$1000", 1000, None, "vnd", "eq"),
    ("Công ty huy động được US$ 5 triệu.", "US$ 5 triệu", 5e6, None, "usd", "eq"),
    ("Hợp đồng trị giá khoảng US$2 tỷ.", "khoảng US$2 tỷ", 2e9, None, "usd", "approx"),
    ("Kim ngạch đạt 425.700 USD.", "425.700 USD", 425_700, None, "usd", "eq"),
    ("Giá vàng thế giới ở mức 1.250 đô la một ounce.", "1.250 đô la", 1250, None, "usd", "eq"),
    # "k" for nghìn, as money only with a currency or a price before it
    ("Mỗi ly trà sữa 10k đồng.", "10k đồng", 10000, None, "vnd", "eq"),
    ("Áo phông đồng giá 50K.", "50K", 50000, None, "vnd", "eq"),
    ("Giá vé chỉ từ 99k cho mỗi chặng.", "từ 99k", 99000, None, "vnd", "eq"),
    ("Mức lương khởi điểm $2k một tháng.", "$2k", 2000, None, "usd", "eq"),
    # ranges of money: one figure from its lower to its upper end
    ("Giá bán dao động giữa 15.000 và 20.000 đồng/kg.", "giữa 15.000 và 20.000 đồng/kg", 15000, 20000, "vnd", "eq"),
    ("Giá căn hộ từ 800 triệu đồng đến 1,2 tỷ đồng.", "từ 800 triệu đồng đến 1,2 tỷ đồng", 800e6, 1.2e9,
     "vnd", "eq"),
    ("Học phí từ 300.000 VNĐ tới 500.000 VNĐ một tháng.", "từ 300.000 VNĐ tới 500.000 VNĐ", 300_000, 500_000,
     "vnd", "eq"),
    ("Mỗi hộ được hỗ trợ 30 - 50 triệu đồng.", "30 - 50 triệu đồng", 30e6, 50e6, "vnd", "eq"),
    ("Giá bán từ 10 triệu đến 15 triệu đồng một con.", "từ 10 triệu đến 15 triệu đồng", 10e6, 15e6, "vnd", "eq"),
    ("Vé máy bay giá $100 - $150.", "$100 - $150", 100, 150, "usd", "eq"),
    ("Giá từ 50k - 100k một suất.", "từ 50k - 100k", 50000, 100000, "vnd", "eq"),
    ("Giá cổ phiếu xấp xỉ VND1000-VND2000.", "xấp xỉ VND1000-VND2000", 1000, 2000, "vnd", "approx"),
    ("Tiền phạt từ 2 - 3 triệu đồng.", "từ 2 - 3 triệu đồng", 2e6, 3e6, "vnd", "eq"),
    # "từ … trở lên / trở xuống", also after a counted noun
    ("Khoản vay từ 50 triệu đồng trở xuống không cần thế chấp.", "từ 50 triệu đồng", 50e6, None, "vnd", "le"),
    ("Khoản vay từ 100 triệu đồng trở lên phải thế chấp.", "từ 100 triệu đồng", 100e6, None, "vnd", "ge"),
    ("Thôn có từ 50 hộ trở lên được hỗ trợ.", "từ 50 hộ", 50, None, "household", "ge"),
    ("Xã có từ 20 người trở xuống được miễn.", "từ 20 người", 20, None, "person", "le"),
    ("Hộ có thu nhập từ 1,5 triệu đồng/người/tháng trở xuống.", "từ 1,5 triệu đồng/người/tháng", 1.5e6, None, "vnd",
     "le"),
]


@pytest.mark.parametrize("text, raw, value, value_max, unit, qualifier", CASES, ids=[c[1] for c in CASES])
def test_amount(text, raw, value, value_max, unit, qualifier):
    got = extract_figures(text, published="2017-06-01")
    figs = [f for f in got if f.raw == raw]
    assert figs, [(f.raw, f.value, f.unit) for f in got]
    f = figs[0]
    assert (f.value, f.value_max, f.unit, f.qualifier) == \
        (pytest.approx(value), None if value_max is None else pytest.approx(value_max), unit, qualifier)
    assert text[f.char_start:f.char_end] == f.raw


# Numbers glued to a "k" that are no money, and codes that are no currency
NOT_MONEY = [
    ("Video quay ở độ phân giải 4K.", []),
    ("Mỗi ngày anh đi bộ 10k bước.", []),
    ("Nhẫn vàng 24k được bày bán.", []),
    ("Máy bay MiG-29K cất cánh.", []),
    ("Giá xe Toyota 2017 tăng 10%.", [(10, "percent")]),
    ("Doanh thu đạt 16.990 USD 2017 là năm khó khăn.", [(16990, "usd")]),
    # a numbered list after amounts: "USD 2." is the currency of the amount before, then a rank
    ("1. Phim A thu 14,6 triệu USD 2. Phim B thu 13 triệu USD.", [(14.6e6, "usd"), (13e6, "usd")]),
    ("Đô la Singapore S$10 không phải USD.", []),
    ("Tỷ giá USD/CNY 30 ngày qua.", []),
    ("Xe dùng phuộc USD 43 mm phía trước.", [(0.043, "m")]),
    ("Sau 14 tuần, bà mẹ 2 con trở lại bình thường.", [(2, "person")]),
]


@pytest.mark.parametrize("text, want", NOT_MONEY, ids=[t for t, _ in NOT_MONEY])
def test_not_money(text, want):
    figs = extract_figures(text, published="2017-06-01")
    assert [(f.value, f.unit) for f in figs] == [(pytest.approx(v), u) for v, u in want]
    assert all(f.qualifier == "eq" and not f.raw.startswith(("USD", "CNY")) for f in figs)
