"""The Vietnamese number grammar.

* numerals: `.` groups thousands and `,` marks decimals (`3.102.957`, `72,56`,
  `1.598,8`); a lone `.` before one or two digits is an English decimal (`1.5`);
  leading zeros are kept out of the value (`02` → 2);
* scale words multiply (`2 tỷ160 triệu` = 2.160.000.000, `1,1 triệu tỷ`, `160 ngàn tỷ`);
* number words (`ba mươi tư` = 34, `hai trăm`, `mười lăm`, `một nửa` = 0.5, `triệu rưỡi`).

`AMOUNT` is the regex source of one amount, for use on `text.match_text` output;
`parse_amount` gives its value.
"""
from __future__ import annotations

import functools
import re

from hl_extract.common import ruleset

_R = ruleset.load("numbers")
SCALES: dict[str, float] = _R["scales"]
DIGITS: dict[str, int] = _R["digits"]
_W = _R["words"]

# a space that does not end the line: a number, its unit and its counted noun stay on one line
SP = r"[^\S\n]"
NUMERAL = rf"\d+(?:[.,]\d+)*(?:,{SP}\d{{3}}(?={SP}*(?:tỷ|tỉ|triệu)))?"
SCALE = rf"(?:{ruleset.alternation(SCALES)})(?!\s+(?:{ruleset.alternation(_R['not_scale']['before'])})(?![^\W\d_]))"
WORD_ITEMS = list(DIGITS) + _W["ten"] + _W["tens"] + _W["hundred"] + _W["filler"] + _W["half"] \
    + _W["and_half"] + list(SCALES)
NUMBER_WORD = ruleset.alternation(WORD_ITEMS)
_NW = rf"(?:{NUMBER_WORD})(?![^\W\d_])"
# An amount in digits, possibly scaled ("2 tỷ160 triệu", "1,5 tỷ", "hơn 2.160 triệu").
AMOUNT_DIGITS = rf"{NUMERAL}(?:{SP}*(?:{SCALE})(?![^\W\d_])(?:{SP}*(?:{NUMERAL})?{SP}*(?:{SCALE})(?![^\W\d_]))*)?(?:{SP}+rưỡi)?"
# An amount in words ("ba mươi tư", "hai trăm nghìn", "mười lăm").
AMOUNT_WORDS = rf"{_NW}(?:{SP}+{_NW})*"
# An amount in digits followed by word scales, or in words.
AMOUNT = rf"(?:{AMOUNT_DIGITS}|{AMOUNT_WORDS})"


_SPACED_GROUP = re.compile(r",\s+(?=\d{3}$)")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3},000")
_COMMA_DECIMAL = re.compile(r"\d+,\d+")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")


def parse_numeral(s: str) -> float | None:
    """One numeral in Vietnamese notation: `3.102.957` → 3102957, `72,56` → 72.56."""
    s = s.strip()
    if "," in s:
        s = _SPACED_GROUP.sub(",", s)
    if s.isdecimal():                                          # \d+ (any decimal digits)
        return float(int(s))
    if _DOTTED.fullmatch(s):                                   # 3.102.957 / 1.598,8
        return float(s.replace(".", "").replace(",", "."))
    if _ENGLISH.fullmatch(s):
        return float(s.replace(",", ""))                       # 1,234,567 / 1,256.54 / 15,000 (English)
    if _COMMA_DECIMAL.fullmatch(s):                            # 72,56
        return float(s.replace(",", "."))
    if _DOT_DECIMAL.fullmatch(s):                              # 1.5 (English decimal)
        return float(s)
    return None


_TOKEN = re.compile(rf"{NUMERAL}|{NUMBER_WORD}|\S+")


@functools.cache
def _classes():
    cls = {w: "digit" for w in DIGITS}
    for key in ("ten", "tens", "hundred", "filler", "half", "and_half"):
        for w in _W[key]:
            cls[w] = key
    for w in SCALES:
        cls[w] = "scale"
    return cls


def parse_amount(s: str) -> float | None:
    """The value of an amount in digits and/or words; None when it is not one."""
    cls = _classes()
    total = 0.0          # value of the completed scaled parts
    top = 0.0            # the largest scale applied to `total`
    group = 0.0          # the part below the next scale word
    last = None          # a digit (or numeral) waiting for its multiplier
    last_scale = 0.0
    seen = False
    for tok in _TOKEN.findall(s.lower()):
        kind = "numeral" if tok[0].isdigit() else cls.get(tok)
        if kind is None:
            return None
        seen = True
        if kind in ("numeral", "digit"):
            if last is not None:
                return None
            last = parse_numeral(tok) if kind == "numeral" else float(DIGITS[tok])
            if last is None:
                return None
        elif kind == "ten":
            group += 10
        elif kind == "tens":
            group += (last if last is not None else 1) * 10
            last = None
        elif kind == "hundred":
            group += (last if last is not None else 1) * 100
            last = None
        elif kind == "filler":
            pass
        elif kind == "half":
            last = (1 if last is None else last) * 0.5
        elif kind == "and_half":
            if not last_scale:
                return None
            total += last_scale / 2
        elif kind == "scale":
            scale = SCALES[tok]
            value = group + (last or 0)
            if value == 0:
                value = 1 if not total else 0
            if scale > top:
                total = (total + value) * scale
                top = scale
            else:
                total += value * scale
            group, last, last_scale = 0.0, None, scale
    if not seen:
        return None
    return total + group + (last or 0)
