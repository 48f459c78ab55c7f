"""hl_extract.segment: sentences and paragraphs as offset spans of the clean text."""
from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hl_extract.language.segment import paragraphs, sentences
from hl_extract.language.text import clean

from testenv import SEED_TXT as SEED


def split(text):
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize("text", [
    "Kinh phí hơn 2.160 triệu đồng được giải ngân.",
    "Tại TP.HCM, giá tăng mạnh.",
    "Ông A ở Q. 1 cho biết vậy.",
    "Trụ sở ở Q.1 TP. Hồ Chí Minh có 5 hộ.",
    "Ngày 1.1.2016 luật có hiệu lực.",
    "Trưởng phòng LĐTB&XH Nguyễn Văn A cho biết.",
    "GS.TS. Nguyễn Văn A và ThS. Lê Thị B phát biểu.",
    "Ông Nguyễn V. A cho biết thêm.",
    "Tỷ lệ 1,5% năm 2022 và 2.160 triệu đồng v.v. được nêu.",
    "Anh ấy nói: Làm ngay… và làm tốt.",     # `…` before a lower-case word
])
def test_no_break_inside(text):
    assert split(text) == [text]


@pytest.mark.parametrize("text, want", [
    ("Kinh phí hơn 2.160 triệu đồng. Tỷ lệ hộ nghèo còn 2,62%.",
     ["Kinh phí hơn 2.160 triệu đồng.", "Tỷ lệ hộ nghèo còn 2,62%."]),
    ("Tại TP.HCM, giá tăng. Ông A ở Q. 1 cho biết vậy.",
     ["Tại TP.HCM, giá tăng.", "Ông A ở Q. 1 cho biết vậy."]),
    ("Phòng LĐTB&XH. Cuối.", ["Phòng LĐTB&XH.", "Cuối."]),
    ("Tăng 5%. 10 hộ thoát nghèo.", ["Tăng 5%.", "10 hộ thoát nghèo."]),
    ("Xong rồi! Tiếp nhé? Vâng… Hết./.", ["Xong rồi!", "Tiếp nhé?", "Vâng…", "Hết./."]),
    ("Anh ấy nói: “Làm ngay.” Sau đó đi về.", ["Anh ấy nói: “Làm ngay.”", "Sau đó đi về."]),
    ("Đạt 55/63 tiêu chí. 5/5 phường đã đăng ký.", ["Đạt 55/63 tiêu chí.", "5/5 phường đã đăng ký."]),
    ("Câu một.  Câu hai", ["Câu một.", "Câu hai"]),
])
def test_breaks_after_real_sentence_ends(text, want):
    assert split(text) == want


def test_paragraph_indices_and_offsets():
    text = "Đoạn một. Câu hai.\n\nĐoạn hai có câu. Và câu nữa.\nĐoạn ba"
    spans = sentences(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Đoạn một.", "Câu hai.", "Đoạn hai có câu.", "Và câu nữa.", "Đoạn ba"]
    assert [s.paragraph for s in spans] == [0, 0, 1, 1, 2]
    paras = paragraphs(text)
    assert [(p.paragraph, text[p.start:p.end]) for p in paras] == [
        (0, "Đoạn một. Câu hai."), (1, "Đoạn hai có câu. Và câu nữa."), (2, "Đoạn ba")]


def test_seed_article_sentences():
    text = clean(SEED.read_text(encoding="utf-8"))
    spans = sentences(text)
    got = [text[s.start:s.end] for s in spans]
    assert any("hơn 2 tỷ160 triệu đồng" in s for s in got)
    assert got[-1].endswith("các nhiệm vụ./.")
    assert [s.paragraph for s in spans] == sorted(s.paragraph for s in spans)
    assert max(s.paragraph for s in spans) == len(paragraphs(text)) - 1
    for s in spans:
        assert "\n" not in text[s.start:s.end]


WORDS = ["Tỷ lệ", "2.160", "TP.HCM", "Q. 1", "hộ", "ông", "A", "đạt", "55/63", ".", "!", "?",
         "…", ",", "“", "”", " ", " ", " ", "\n", "\n\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map("".join))
def test_sentences_cover_the_text(raw):
    """Sentences are trimmed, in order, inside one paragraph, and together hold every
    non-space character of the text."""
    text = clean(raw)
    spans = sentences(text)
    paras = paragraphs(text)
    last = 0
    for s in spans:
        assert last <= s.start < s.end
        chunk = text[s.start:s.end]
        assert chunk == chunk.strip()
        p = paras[s.paragraph]
        assert p.start <= s.start and s.end <= p.end
        last = s.end
    covered = "".join(text[s.start:s.end] for s in spans)
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")
