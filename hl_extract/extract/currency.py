"""Currency written before an amount (`$10`, `US$ 5 triệu`, `EUR 20`, `USD1,23`) and the
`k` of a thousand glued to one (`10k đồng`, `giá 50K`, `$2k`).

Rules: `units.toml` (`prefix`, `k_money_before`, `k_money_between`), compiled in
`amounts.Rules`. A prefix is a phrase of its unit, so `$10` and `10 USD` give the same
unit; a `k` makes money only in a money context, else the amount stays what it was
(no figure: `vàng 24k`, `4K`, `10k bước`).
"""
from __future__ import annotations

import re

from hl_extract.language import numbers
from hl_extract.language.doc import Doc

_DIGITS_ONLY = re.compile(rf"{numbers.NUMERAL}\Z")
_YEARLIKE = re.compile(r"(?:19|20)\d\d\Z")
_AMOUNT_BEFORE = re.compile(rf"(?:\d|(?<![^\W\d_]){numbers.SCALE})\s*\Z")  # "14,6 triệu USD 2."


def prefix_at(doc: Doc, start: int, amount: str, R) -> re.Match | None:
    """The currency prefix right before the amount at `start` (group 1, lower case), or None.

    A code of letters counts only when written in capitals, not when it ends the amount
    before ("16.990 USD 2017 Fiat") and not before a year with a space ("USD 2017")."""
    p = R.prefix_re.search(doc.low, max(0, start - 8), start)
    if p is None:
        return None
    if any(c.isalpha() for c in p.group(1)):
        if not written_as_code(doc, p.start(1), p.end(1)):
            return None  # "Eur", "usd": a word, not a code
        if p.end(1) < start and _YEARLIKE.match(amount):
            return None  # "USD 2017 tăng": a year after the code
    if p.start(1) and doc.low[p.start(1) - 1] in "/-":
        return None  # "USD/CNY 30 ngày": a pair of currencies
    if _AMOUNT_BEFORE.search(doc.low, max(0, p.start(1) - 20), p.start(1)):
        return None  # "16.990 USD 2017", "14,6 triệu USD 2.": the currency of the amount before
    return p


def written_as_code(doc: Doc, start: int, end: int) -> bool:
    """Whether the letters of a currency written at start:end are capitals ("USD", "US$", "€")."""
    written = doc.text[start:end]
    return written.isupper() or not any(c.isalpha() for c in written)


def glued_letter(doc: Doc, start: int) -> bool:
    """Whether a letter stands right before `start` (an amount glued to a word)."""
    return start > 0 and doc.low[start - 1].isalpha()


def thousand_k(doc: Doc, amount: str, pos: int, before: str, prefix, R) -> int | None:
    """The end of a `k` of a thousand glued at `pos` to a plain number, when money is meant:
    a currency before or after it, or a price word before it; else None."""
    if not _DIGITS_ONLY.match(amount) or not R.k_re.match(doc.low, pos):
        return None
    end = pos + 1
    after = R.unit_re.match(doc.low, end)
    if after and after.group(1) in R.lowercase_only and not doc.text[after.start(1)].islower():
        after = None  # "10K Đồng Nai"
    if prefix is not None or after and R.unit_of[after.group(1)] in R.currencies \
            or R.k_money_re.search(before):
        return end
    return None
