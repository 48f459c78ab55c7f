"""Place and subject: which administrative unit a figure is about, and what it counts.

Place: the unit named nearest before the figure in its sentence (else after it), from
the unit words of `rules/places.toml`. Subject: a short phrase naming what was measured.
"""
from __future__ import annotations

import functools
import itertools
import re

from hl_extract.common import ruleset
from hl_extract.common.records import Figure
from hl_extract.language import numbers
from hl_extract.language.doc import Doc


class Rules:
    """`rules/places.toml`, compiled once."""

    def __init__(self):
        places = ruleset.load("places")["units"]
        self.place_units = set(places)
        # "ngân sách tỉnh 65 tỷ đồng": a number after a unit word that is an amount names no place
        self.amount_after_re = re.compile(rf"\s*(?:[.,]\d|{numbers.SCALE}|đồng|hộ|người|%|ha|km)(?![^\W\d_])",
                                          re.IGNORECASE)
        self.place_re = re.compile(
            rf"(?<![\w])(?:{'|'.join(re.escape(p) for p in sorted(places, key=len, reverse=True))})"
            rf"(?:\s+(?:[^\W_][\w]*)){{1,3}}")


@functools.cache
def rules() -> Rules:
    return Rules()


def place(text: str, sent_start: int, pos: int, sent_end: int) -> str:
    """The administrative unit named nearest before the figure in its sentence (else after it)."""
    R = rules()
    found = ""
    for m in R.place_re.finditer(text, sent_start, sent_end):
        words = m.group().split()
        unit_len = next(i for i in range(1, len(words) + 1) if " ".join(words[:i]) in R.place_units)
        name = list(itertools.takewhile(lambda w: w[0].isupper() or w.isdigit(), words[unit_len:]))
        if name and name[0].isdigit() and (len(name[0]) > 2 or R.amount_after_re.match(
                text, m.start() + len(" ".join(words[:unit_len + 1])))):
            name = []  # "ngân sách tỉnh 65 tỷ đồng": an amount, not "tỉnh 65"
        if name:
            place = " ".join(words[:unit_len] + name)
            if m.start() >= pos:
                return found or place
            found = place
    return found


# Words that frame a figure rather than name what it measures ("đã đạt", "còn", "là").
_SUBJECT_EDGE = re.compile(
    r"^(?:(?:và|với|của|là|còn|có|đạt|trong đó|trong|tổng cộng|gồm|thì|nhưng|đã|đến nay|hiện nay|qua rà soát)\b|[,\s])+"
    r"|(?:\b(?:là|còn|đạt|được|với|có|lên|tới|đến|ước|tăng|giảm|xuống|chỉ|khoảng|hơn|trên|gần|đã|chiếm|từ)|[,\s])+$",
    re.I)


def subject(doc: Doc, fig: Figure, clause_start: int, periods) -> str:
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
        parts = re.split(r"[;.:()]", text[start:start + 140], maxsplit=1)[0].split(",")
        phrase = ",".join(parts[:2]) if fig.unit == "household" and len(parts) > 1 and \
            parts[1].strip().startswith("hộ") else parts[0]
        return " ".join(phrase.split()[:10]).strip(" ,")
    left_start = max(clause_start, fig.char_start - 100)
    for p in periods:
        if left_start <= p.char_end <= fig.char_start:
            left_start = p.char_end
    left = re.split(r"[,;:()“”\"]", text[left_start:fig.char_start])[-1]
    return _SUBJECT_EDGE.sub("", " ".join(left.split()[-8:])).strip()
