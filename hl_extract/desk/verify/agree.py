"""When a source's value agrees with a claimed one, as a reader means it (`rules/verify.toml`
`[agree]`):

* equal after rounding to the precision the coarser one is written in (`2,6 %` ~ `2,62 %`,
  `2,2 tỷ` ~ `2.160 triệu`);
* `hơn/trên X` agrees with values from X up to X × (1 + bound_near) — `hơn 2 tỷ` with
  `hơn 2.160 triệu`, not `hơn 5 tỷ` —, `dưới X` likewise downwards;
* `khoảng/gần X` with values within `approx` of X.
"""
from __future__ import annotations

import functools
import re

from hl_extract.desk.verify.claim import rules
from hl_extract.language import numbers

LOWER = {"gt", "ge"}
UPPER = {"lt", "le"}


@functools.cache
def _a() -> dict:
    return rules()["agree"]


def precision(value: float, raw: str = "") -> float:
    """Half a unit of the last digit the value is written with (`2,62%` → 0.005,
    `1.350 tỷ đồng` → 0.5 tỷ); from the float's own decimals when there is no text."""
    m = re.search(r"\d[\d.,]*", raw or "")
    if m:
        tok = m.group(0).rstrip(".,")
        num = numbers.parse_numeral(tok)
        if num:
            dec = len(tok.split(",")[1]) if "," in tok else 0
            return 0.5 * 10 ** -dec * abs(value / num)
    s = f"{value:.6f}".rstrip("0").rstrip(".")
    dec = len(s.split(".")[1]) if "." in s else 0
    return 0.5 * 10 ** -dec


def agree(cv: float, cq: str, sv: float, sq: str, craw: str = "", sraw: str = "") -> bool:
    """Whether a source stating `sv` (qualifier `sq`) bears out a claim of `cv` (`cq`)."""
    A = _a()
    cq, sq = cq or "eq", sq or "eq"
    # half a unit of the coarser one's last digit, the boundary itself excluded (`1 điểm` is
    # not `0,5 điểm`), plus the conversion slack
    tol = max(precision(cv, craw), precision(sv, sraw)) * 0.999 + abs(cv) * A["relative"] + 1e-9
    big = max(abs(cv), abs(sv))
    if cq not in LOWER | UPPER and sq not in LOWER | UPPER and abs(cv - sv) <= tol:
        return True
    if "approx" in (cq, sq):
        return abs(cv - sv) <= max(A["approx"] * big, tol)
    near = A["bound_near"]
    if (cq in LOWER and sq in LOWER) or (cq in UPPER and sq in UPPER):
        return abs(cv - sv) <= near * big + tol
    if cq in LOWER:
        return cv - tol <= sv <= cv * (1 + near) + tol
    if sq in LOWER:
        return sv - tol <= cv <= sv * (1 + near) + tol
    if cq in UPPER:
        return cv * (1 - near) - tol <= sv <= cv + tol
    if sq in UPPER:
        return sv * (1 - near) - tol <= cv <= sv + tol
    return abs(cv - sv) <= tol


def combine(qs) -> str:
    """The qualifier of a sum of values qualified `qs` (`hơn A` + `B` is `hơn A+B`)."""
    qs = {q or "eq" for q in qs}
    if qs & (LOWER | UPPER):
        qs -= {"approx"}          # `hơn 45%` − `gần 41%` is `hơn 4 điểm`: the bound says more
    if qs <= {"eq"}:
        return "eq"
    if qs <= {"eq"} | LOWER:
        return "gt"
    if qs <= {"eq"} | UPPER:
        return "lt"
    return "approx"


def minus(q1: str, q0: str) -> str:
    """The qualifier of a difference `a − b` of values qualified `q1`, `q0`."""
    flip = {"gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
    return combine([q1 or "eq", flip.get(q0 or "eq", q0 or "eq")])
