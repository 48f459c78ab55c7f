"""Clean text: NFC, plain spaces, paragraphs kept, page chrome dropped.

Also `match_text`, a same-length copy of the clean text in which old and new tone
placement (`hoà`/`hòa`, `thuỷ`/`thủy`) and letter case are folded alike, so that rule
patterns written once match both spellings and their offsets stay valid in the clean
text.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from . import ruleset

# Every Unicode space separator and the usual invisible characters.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MULTISPACE = re.compile(r" {2,}")


@functools.cache
def _chrome():
    data = ruleset.load("chrome")
    line = re.compile("(?:" + "|".join(data["lines"]) + r")\Z", re.I)
    tail = re.compile("(?:" + "|".join(data["tail_markers"]) + r")\Z", re.I)
    return line, tail


def clean(text: str) -> str:
    """The clean text of an article: the text every offset in the dataset points into."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # NFC again: a removed invisible character may have split a letter from its mark.
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", _SPACES.sub(" ", text)))
    line_chrome, tail_chrome = _chrome()
    lines = []
    for line in text.split("\n"):
        line = _MULTISPACE.sub(" ", line).strip()
        if line and tail_chrome.match(line):
            break
        if line and line_chrome.match(line):
            continue
        lines.append(line)
    paragraphs = "\n".join(lines)
    paragraphs = re.sub(r"\n{3,}", "\n\n", paragraphs)
    return paragraphs.strip()


# Old tone placement → the placement the rule files use (`oà` → `òa`, `uỷ` → `ủy`).
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_BASE_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
_SWAPS = {}
for _first, _first_toned in (("o", _BASE_TONED["o"]), ("u", _BASE_TONED["u"])):
    for _second in ("a", "e") if _first == "o" else ("y",):
        for _i, _toned in enumerate(_TONED[_second]):
            _SWAPS[_first + _toned] = _first_toned[_i] + _second
_OLD_TONE = re.compile(r"(?<![qQ])(" + "|".join(_SWAPS) + r")(?![^\W\d_])", re.I)


def _swap(m: re.Match) -> str:
    s = m.group(1).lower()
    return _SWAPS[s]


def match_text(text: str) -> str:
    """Lower-cased, tone-placement-folded copy of `text`, of the same length."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep case
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _OLD_TONE.sub(_swap, low)


def fold(text: str) -> str:
    """A phrase as rule files and `match_text` spell it (for lexicon keys)."""
    return match_text(unicodedata.normalize("NFC", text))
