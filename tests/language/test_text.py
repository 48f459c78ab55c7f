"""hl_extract.text: the clean text every offset points into, and its folded copy."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hl_extract.language.text import clean, fold, match_text

from testenv import SEED_TXT as SEED


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize("raw, want", [
    (nfd("Thị xã Hồng Lĩnh"), "Thị xã Hồng Lĩnh"),                      # decomposed → NFC
    (nfd("tỷ lệ hộ nghèo còn 2,62%"), "tỷ lệ hộ nghèo còn 2,62%"),
    ("hơn\u00a02\u00a0tỷ160 triệu đồng", "hơn 2 tỷ160 triệu đồng"),       # NBSP → space
    ("55/63\u202ftiêu chí", "55/63 tiêu chí"),                           # narrow NBSP
    ("còn 2,\u00a062%", "còn 2,62%"),                                     # a space inside a number
    ("2.\u00a0160 triệu đồng", "2.160 triệu đồng"),
    ("có 2\u202f160 hộ", "có 2160 hộ"),                                   # digit groups
    ("ngày 15/9, 2\u00a0xã", "ngày 15/9, 2 xã"),                           # a space after a number stays
    ("Hồng\u200bLĩnh", "HồngLĩnh"),                                      # zero-width removed
    ("\ufeffSáng ngày 15/9", "Sáng ngày 15/9"),                           # BOM removed
    ("a \u00a0 \u2003 b", "a b"),                                        # runs of spaces → one
    ("Đoạn một.\r\nĐoạn hai.", "Đoạn một.\nĐoạn hai."),                   # CRLF
    ("Đoạn một.\n\n\n\n\nĐoạn hai.", "Đoạn một.\n\nĐoạn hai."),            # paragraphs kept
    ("  \n Tiêu đề \n\n", "Tiêu đề"),
    ("ho" + "\u200b" + "\u0300" + "a", "hòa"),                             # mark re-joined after removal
    ("", ""),
    (None, ""),
])
def test_clean_table(raw, want):
    assert clean(raw) == want


@pytest.mark.parametrize("chrome", [
    "Thống kê: 3.102.957", "    Online: 60", "Đánh giá:", "Mã xác thực không đúng.",
    "Lượt truy cập: 1.234", "Chia sẻ", "125 lượt xem",
])
def test_chrome_lines_are_dropped(chrome):
    text = "Tỷ lệ hộ nghèo còn 2,62%.\n" + chrome + "\nHết."
    assert chrome.strip() not in clean(text)
    assert clean(text).startswith("Tỷ lệ hộ nghèo còn 2,62%.")


@pytest.mark.parametrize("body", [
    "Đánh giá cao kết quả đạt được.",             # the word starts a sentence, not a widget
    "Hôm nay: 15 hộ thoát nghèo.",
    "Thống kê cho thấy 120 hộ nghèo.",
])
def test_body_lines_that_look_like_chrome_are_kept(body):
    assert clean(body) == body


def test_tail_marker_cuts_everything_after_it():
    text = "Bài viết.\n\nĐánh giá:\n\nlượt đánh giá: , trung bình: Bình luận\nTin cùng: 5 hộ"
    assert clean(text) == "Bài viết."


def test_seed_article():
    raw = SEED.read_text(encoding="utf-8")
    assert "\u00a0" in raw and "Thống kê: 3.102.957" in raw   # the fixture is the real page
    text = clean(raw)
    for chrome in ("Thống kê", "3.102.957", "Online: 60", "Đánh giá:", "Mã xác thực",
                   "Liên kết website", "Các ca khúc hay", "lượt đánh giá"):
        assert chrome not in text, chrome
    assert "\u00a0" not in text and "\u200b" not in text
    assert text.startswith("Sáng ngày 15/9, Ban chỉ đạo")
    assert text.endswith("trong quá trình thực hiện các nhiệm vụ./.")
    assert "hơn 2 tỷ160 triệu đồng" in text and "55/63 tiêu chí" in text
    assert "\n\n" in text and "\n\n\n" not in text
    assert unicodedata.is_normalized("NFC", text)
    assert clean(text) == text


@pytest.mark.parametrize("old, new", [
    ("hoà", "hòa"), ("Hoà Bình", "hòa bình"), ("thuỷ lợi", "thủy lợi"), ("khoẻ", "khỏe"),
    ("hoạ", "họa"), ("toà án", "tòa án"), ("Uỷ ban", "ủy ban"), ("HOÀ", "hòa"),
])
def test_match_text_folds_old_and_new_tone_placement(old, new):
    assert match_text(old) == match_text(new) == new
    assert len(match_text(old)) == len(old)


@pytest.mark.parametrize("word", ["quý", "quỷ", "hoàng", "khoảng", "thuyền", "quà", "hòa"])
def test_match_text_leaves_other_spellings_alone(word):
    assert match_text(word) == word.lower()


def test_fold_normalises_before_folding():
    assert fold(nfd("Thuỷ")) == "thủy"


SPACE_AND_MARKS = ["a", "o", "u", "y", "q", "đ", "Đ", " ", "\n", "\r", "\t", ".", "2",
                   "\u0300", "\u0301", "\u0309", "\u0323", "\u00a0", "\u200b", "\u00ad", "\ufeff",
                   "\u2028", "\u2003", "hoà", "thuỷ", "ư", "Online: 60", "Đánh giá:"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SPACE_AND_MARKS), max_size=30).map("".join))
def test_clean_properties(raw):
    text = clean(raw)
    assert unicodedata.is_normalized("NFC", text)
    assert clean(text) == text                                  # idempotent
    assert not any(c in text for c in "\u00a0\u200b\u00ad\ufeff\r\u2028\u2003\t")
    assert "  " not in text and "\n\n\n" not in text
    assert len(match_text(text)) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_match_text_keeps_length_on_any_text(text):
    assert len(match_text(text)) == len(text)


@pytest.mark.parametrize("text,vietnamese", [
    ("Tỷ lệ hộ nghèo của thị xã còn 2,62%, hộ cận nghèo 3,04%. " * 8, True),
    ("The poverty rate of the town fell to 2.62 percent and the rate of near-poor households to 3.04. " * 4, False),
    ("TY LE HO NGHEO 2,62%", True),                       # too short to judge
    ("Thong ke 2023: 120 ho ngheo, 300 ho can ngheo. " * 10, False),   # Vietnamese without its letters
])
def test_is_vietnamese(text, vietnamese):
    from hl_extract.language.text import is_vietnamese
    assert is_vietnamese(text) is vietnamese
