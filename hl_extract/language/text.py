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

from hl_extract.common import ruleset

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


# A no-break or thin space inside a number: after a decimal comma or a thousands dot, or a
# narrow no-break / thin space between digit groups (the French and SI way to write 2 160).
_NUMBER_GAP = re.compile(r"(?<=\d[.,])[\u00a0\u202f\u2009](?=\d)|(?<=\d)[\u202f\u2009](?=\d{3}(?!\d))")


def clean(text: str) -> str:
    """The clean text of an article: the text every offset in the dataset points into."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # NFC again: a removed invisible character may have split a letter from its mark.
    text = _NUMBER_GAP.sub("", text)   # "2,\u00a062%" is 2,62 %, "2\u202f160" is 2160: no space in a number
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


# Old tone placement → the placement the rule files use (`oà` → `òa`, `uỷ` → `ủy`):
# the tone mark moves from the second vowel to the first, at a syllable's end.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below
_SWAPS = {}
for _first, _seconds in (("o", "ae"), ("u", "y")):
    for _second in _seconds:
        for _tone in _TONES:
            old = unicodedata.normalize("NFC", _first + _second + _tone)
            new = unicodedata.normalize("NFC", _first + _tone + _second)
            _SWAPS[old] = new
_OLD_TONE = re.compile(r"[ou][àáảãạèéẻẽẹỳýỷỹỵ](?![^\W\d_])")


def _swap(m: re.Match) -> str:
    s = m.group()
    if s[0] == "u" and m.start() > 0 and m.string[m.start() - 1] == "q":
        return s  # "quý": the u belongs to the consonant
    return _SWAPS.get(s, s)


def match_text(text: str) -> str:
    """Lower-cased, tone-placement-folded copy of `text`, of the same length."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep case
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _OLD_TONE.sub(_swap, low)


def fold(text: str) -> str:
    """A phrase as rule files and `match_text` spell it (for lexicon keys)."""
    return match_text(unicodedata.normalize("NFC", text))


# Letters only Vietnamese writes among the Latin scripts a news archive holds: the ones with
# a breve, circumflex, horn or stroke, and any letter with a tone mark.
_VI_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}
MIN_LETTERS = 200      # shorter texts (tables, captions) are not judged
MIN_VI_SHARE = 0.02    # Vietnamese prose: about a third of its letters; English: none


_VI_LETTER = re.compile("[" + "".join(
    c for c in map(chr, range(0xC0, 0x1F00))
    if c.isalpha() and (c in "đĐ" or any(m in _VI_MARKS for m in unicodedata.normalize("NFD", c)))) + "]")
_LETTER = re.compile(r"[^\W\d_]")
SAMPLE = 3000          # characters judged: the start of the text is enough


def vietnamese_share(text: str) -> tuple[int, float]:
    """(letters, share of them only Vietnamese writes) in the first `SAMPLE` characters."""
    head = text[:SAMPLE]
    letters = len(_LETTER.findall(head))
    return letters, (len(_VI_LETTER.findall(head)) / letters if letters else 0.0)


def is_vietnamese(text: str) -> bool:
    """Whether `text` reads as Vietnamese: too short to judge, or enough Vietnamese letters."""
    if len(_VI_LETTER.findall(text, 0, 400)) >= 8:
        return True    # the usual case, decided on the first lines
    letters, share = vietnamese_share(text)
    return letters < MIN_LETTERS or share >= MIN_VI_SHARE
