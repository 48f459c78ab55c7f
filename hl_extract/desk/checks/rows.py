"""The dataset's figures as rows for the checks, and the cell helpers and rules they share."""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from hl_extract.language import places
from hl_extract.common import ruleset
from hl_extract.dataset.tables import fmt_number
from hl_extract.common.records import Check



@functools.cache
def rules() -> dict:
    r = dict(ruleset.load("checks"))
    for k in ("change_before", "change_after", "from_to"):
        r[k + "_re"] = re.compile("|".join(f"(?:{p})" for p in r[k]), re.IGNORECASE)
    return r


def _s(v) -> str:
    if v is None:
        return ""
    try:
        if v != v:       # NaN / NA
            return ""
    except (TypeError, ValueError):
        if str(v) == "<NA>":
            return ""
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _f(v):
    s = _s(v)
    if s == "":
        return None
    try:
        return float(s)
    except ValueError:
        return None


def syllables(text: str) -> set:
    return set(re.findall(r"[^\W\d_]+|\d+", (text or "").lower()))


def similarity(a: str, b: str) -> float:
    sa, sb = syllables(a), syllables(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


# the place_from values a check trusts ("" = a dataset written before the column existed)
STATED_PLACE = ("", "clause", "sentence")


def figure_rows(data, trusted=STATED_PLACE) -> list[dict]:
    """The dataset's figures as plain dicts, with place keys and change flags added; the place
    key is of the places whose `place_from` is in `trusted` (None: every place)."""
    art = {}
    for r in data["articles"].to_dict("records"):
        art[_s(r.get("article_id"))] = {k: _s(v) for k, v in r.items()}
    rows = []
    for r in data["figures"].to_dict("records"):
        d = row_of(r, art.get(_s(r.get("article_id")), {}))
        if d is not None:
            rows.append(d)
    by_article = defaultdict(list)
    for d in rows:
        by_article[d["article_id"]].append(d)
    for ds in by_article.values():
        situate_rows(ds, trusted)
    return rows


def row_of(r: dict, a: dict) -> dict | None:
    """One figure record (typed, as `load()` gives it) as a row, with its article's URL, date,
    title and near-copy mark; None when it has no value."""
    d = {k: _s(v) for k, v in r.items()}
    for k in ("value", "value_max", "total"):
        d[k] = _f(r.get(k))
    if d["value"] is None:
        return None
    d["url"] = a.get("url", "")
    d["published"] = a.get("published", "")
    d["title"] = a.get("title", "")
    d["duplicate_of"] = a.get("duplicate_of", "")   # a near-copy of that article: no other source
    return d


def situate_rows(ds: list[dict], trusted=STATED_PLACE) -> None:
    """Place keys, change flags and list items of one article's rows (in place).

    The other places of the article are the context of each (same-named wards). A check
    compares figures by the place their own clause or sentence names; a place carried from
    the sentences before or taken from the article as a whole is a good answer to "where?"
    but too weak to call two figures the same or one a part of another."""
    for d in ds:
        d["_check_place"] = d["place"] if trusted is None or d.get("place_from", "") in trusted else ""
    first = {d["_check_place"]: places.resolve(d["_check_place"], d["period_end"] or d["published"])
             for d in ds if d["_check_place"]}
    ctx = tuple(sorted({k for p in first.values() if p and p.known
                        for k in (p.key, *p.parent_keys)}))
    for d in ds:
        where = d["_check_place"]
        p = places.resolve(where, d["period_end"] or d["published"], ctx) if where else None
        d["place_key"] = p.key if p else ""
        d["place_label"] = p.label() if p else ""
        d["_place"] = p
        d["is_change"] = is_change(d)
    # list items: a sentence stating several figures of one unit (`X đạt A, Y đạt B, Z đạt C`)
    by_sent = defaultdict(list)
    for d in ds:
        by_sent[(d["sentence_start"], d["sentence"])].append(d)
    for (_, sent), fs in by_sent.items():
        first = min(fs, key=lambda d: int(d["char_start"] or 0))
        lead = _before_after(first)[0]
        for d in fs:
            d["_list_size"] = sum(1 for e in fs if e["unit"] == d["unit"])
            d["_lead"] = lead


def _before_after(d) -> tuple[str, str]:
    sent, raw = d.get("sentence", ""), d.get("raw", "")
    try:
        pos = int(d.get("char_start") or 0) - int(d.get("sentence_start") or 0)
    except ValueError:
        pos = -1
    if not (0 <= pos <= len(sent)) or sent[pos:pos + len(raw)] != raw:
        pos = sent.find(raw)
    if pos < 0:
        return "", ""
    return sent[:pos], sent[pos + len(raw):]


def is_change(d) -> bool:
    """The figure states a change (`giảm 0,5%`, `tăng 20% so với cùng kỳ`), not a level."""
    before, after = _before_after(d)
    r = rules()
    return bool(r["change_before_re"].search(before[-60:]) or r["change_after_re"].search(after[:30]))


def _decimals(x: float) -> int:
    s = fmt_number(float(x))
    return len(s.split(".")[1]) if "." in str(s) else 0


def agree(a: float, qa: str, b: float, qb: str) -> bool:
    """Whether two stated values can both be true (qualifiers and rounding allowed)."""
    r = rules()
    tol = max(r["rel_tolerance"] * max(abs(a), abs(b)),
              0.5 * 10 ** -min(_decimals(a), _decimals(b)) if (a % 1 or b % 1) else 0)
    if abs(a - b) <= tol:
        return True
    if "approx" in (qa, qb):
        return abs(a - b) <= r["approx_tolerance"] * max(abs(a), abs(b))
    lower = {"gt", "ge"}
    upper = {"lt", "le"}
    if qa in lower and qb in lower or qa in upper and qb in upper:
        return True
    if qa in lower:
        return b >= a if qb not in upper else True
    if qb in lower:
        return a >= b if qa not in upper else True
    if qa in upper:
        return b <= a
    if qb in upper:
        return a <= b
    return False


def show(v: float | None, unit: str = "") -> str:
    if v is None:
        return ""
    if unit == "vnd" and abs(v) >= 1e6:
        return f"{fmt_number(float(v))} đồng"
    u = {"percent": "%", "household": " hộ", "criterion": " tiêu chí", "point": " điểm",
         "person": " người"}.get(unit, f" {unit}" if unit and unit != "item" else "")
    return f"{fmt_number(float(v))}{u}"


def period_label(d) -> str:
    ps, pe = d.get("period_start", ""), d.get("period_end", "")
    if not pe and not ps:
        return d.get("period_text") or "an unknown period"
    if ps == pe or not ps:
        return pe
    return f"{ps}…{pe}"


def _check(kind, severity, figs, message) -> Check:
    ids = ";".join(f["figure_id"] for f in figs)
    arts = ";".join(dict.fromkeys(f["article_id"] for f in figs))
    return Check(kind, severity, ids, arts, message)
