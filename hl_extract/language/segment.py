"""Paragraphs and sentences of a clean text, as offset spans.

Rule-based: a sentence ends at `.`, `!`, `?` or `…` followed by a space and
something that can start a sentence; never inside `2.160`, `1.1.2016`, `TP.HCM`
(no space follows) nor after an abbreviation of `rules/segment.toml` (`Q. 1`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hl_extract.common import ruleset


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int = 0  # index of the paragraph that holds it


_END = re.compile(r"""(?:[.!?…]+|\./\.)["”’»)\]]*(?=\s+(["“‘«(\[\-–—]?\s*)(\w)|\s*$)""")


_LOOKBACK = 12  # longer than any abbreviation
_INITIAL = re.compile(r"(?:^|\W)[A-ZĐ]\Z")


@functools.cache
def _abbrev():
    items = ruleset.load("segment")["abbreviations"]
    return re.compile(r"(?:^|(?<=[\s(]))(?:" + "|".join(re.escape(a[:-1]) for a in items) + r")\Z")


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines of the clean text."""
    out = []
    for i, m in enumerate(re.finditer(r"[^\n]+", text)):
        out.append(Span(m.start(), m.end(), len(out)))
    return out


def sentences(text: str) -> list[Span]:
    """Sentences of the clean text, each inside one paragraph, whitespace trimmed."""
    abbrev = _abbrev()
    out = []
    for para in paragraphs(text):
        start = para.start
        chunk = text[para.start:para.end]
        for m in _END.finditer(chunk):
            end = para.start + m.end()
            if m.group(2) and not (m.group(2).isupper() or m.group(2).isdigit()):
                continue
            dot = para.start + m.start()
            window = text[max(para.start, dot - _LOOKBACK):dot]
            if m.group().startswith(".") and abbrev.search(window):
                continue
            if m.group() == "." and _INITIAL.search(window) and re.match(r"\s+[A-ZĐ]", text[end:end + 3]):
                continue  # an initial: "Hồ Chí Minh, N. V. A"
            _add(out, text, start, end, para.paragraph)
            start = end
        _add(out, text, start, para.end, para.paragraph)
    return out


def _add(out, text, start, end, paragraph):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, paragraph))
