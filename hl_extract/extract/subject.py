"""Subject: a short phrase naming what a figure measures (SPEC figures.csv `subject`)."""
from __future__ import annotations

import re

from hl_extract.common.records import Figure
from hl_extract.language.doc import Doc


# Words that frame a figure rather than name what it measures ("đã đạt", "còn", "là").
_SUBJECT_EDGE = re.compile(
    r"^(?:(?:và|với|của|là|còn|có|đạt|trong đó|trong|tổng cộng|gồm|thì|nhưng|đã|đến nay|hiện nay|qua rà soát)\b|[,\s])+"
    r"|(?:\b(?:là|còn|đạt|được|với|có|lên|tới|đến|ước|tăng|giảm|xuống|chỉ|khoảng|hơn|trên|gần|đã|chiếm|từ)|[,\s])+$",
    re.I)


def of(doc: Doc, fig: Figure, clause_start: int, periods) -> str:
    """A short phrase naming what was measured.

    Counted things: the noun and the words after it to the next punctuation
    ("hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở"). Other figures: the words before
    them in their clause, after any time phrase ("cuối năm 2022 tỷ lệ hộ nghèo còn" →
    "tỷ lệ hộ nghèo").
    """
    text = doc.text
    if fig.unit in ("household", "person", "item", "criterion"):
        noun = text.find(fig.unit_text, fig.char_start) if fig.unit_text else -1
        start = noun if noun >= 0 else fig.char_end
        parts = re.split(r"[;.:()\n]", text[start:min(start + 140, fig.sentence_end or len(text))],
                         maxsplit=1)[0].split(",")
        phrase = ",".join(parts[:2]) if fig.unit == "household" and len(parts) > 1 and \
            parts[1].strip().startswith("hộ") else parts[0]
        return " ".join(phrase.split()[:10]).strip(" ,")
    left_start = max(clause_start, fig.char_start - 100)
    for p in periods:
        if left_start <= p.char_end <= fig.char_start:
            left_start = p.char_end
    left = re.split(r"[,;:()“”\"]", text[left_start:fig.char_start])[-1]
    return _SUBJECT_EDGE.sub("", " ".join(left.split()[-8:])).strip()
