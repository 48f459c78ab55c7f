"""The Vietnamese number grammar: a table of real cases, and round-trip properties."""
import re

import pytest
from hypothesis import given, strategies as st

from hl_extract.language.numbers import AMOUNT, parse_amount, parse_numeral

CASES = [
    # numerals: "." groups thousands, "," marks decimals
    ("3.102.957", 3102957),
    ("72,56", 72.56),
    ("2.160", 2160),
    ("1.598,8", 1598.8),
    ("02", 2),
    ("04", 4),
    ("10.805", 10805),
    ("923,835", 923.835),
    ("1.5", 1.5),                       # an English decimal: one or two digits after the dot
    ("1,234,567", 1234567),             # English thousands
    ("15,000", 15000),
    ("1,256.54", 1256.54),
    # scale words
    ("2 tỷ160 triệu", 2_160_000_000),
    ("2 tỷ 160 triệu", 2_160_000_000),
    ("2.160 triệu", 2_160_000_000),
    ("1,5 tỷ", 1_500_000_000),
    ("1,5 tỉ", 1_500_000_000),
    ("1,1 triệu tỷ", 1.1e15),
    ("160 ngàn tỷ", 160e12),
    ("147 nghìn", 147_000),
    ("21, 218 tỷ", 21.218e9),
    ("1 triệu rưỡi", 1_500_000),
    ("chục tỷ", 10e9),
    # number words
    ("ba mươi tư", 34),
    ("hai trăm", 200),
    ("mười lăm", 15),
    ("hai mươi mốt", 21),
    ("một trăm linh năm", 105),
    ("một nửa", 0.5),
    ("nửa triệu", 500_000),
    ("hai trăm nghìn", 200_000),
    ("một triệu hai trăm nghìn", 1_200_000),
    ("chín", 9),
]


@pytest.mark.parametrize("text,value", CASES)
def test_amount(text, value):
    assert re.fullmatch(AMOUNT, text), text
    assert parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "đồng", "hai ba", "1.2.3,4,5", "tỷ lệ"])
def test_not_an_amount(text):
    assert parse_amount(text) is None


def vi_format(x: float, decimals: int) -> str:
    """x written the Vietnamese way: "." between thousands, "," before decimals."""
    whole, _, frac = f"{x:.{decimals}f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return groups + ("," + frac if frac else "")


@given(st.integers(min_value=0, max_value=10**12))
def test_integer_round_trip(n):
    assert parse_numeral(vi_format(n, 0)) == n


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimal_round_trip(whole, cents):
    text = vi_format(whole + cents / 100, 2)
    assert parse_numeral(text) == pytest.approx(whole + cents / 100)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_billions_and_millions_round_trip(billions, millions):
    text = f"{billions} tỷ" + (f"{millions} triệu" if millions else "")
    assert parse_amount(text) == billions * 10**9 + millions * 10**6


@given(st.integers(min_value=1, max_value=999), st.sampled_from([("nghìn", 10**3), ("triệu", 10**6), ("tỷ", 10**9)]))
def test_scaled_decimal(n, scale):
    word, factor = scale
    assert parse_amount(f"{n},5 {word}") == pytest.approx((n + 0.5) * factor)
