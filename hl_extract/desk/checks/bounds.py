"""bound: values outside what is possible."""
from __future__ import annotations

import re
from collections import defaultdict
from hl_extract.common import ruleset
from hl_extract.language.text import fold as tfold
from hl_extract.dataset.tables import fmt_number
from hl_extract.common.records import Check
from hl_extract.desk.checks.rows import _before_after, _check, rules


def bounds(rows) -> list[Check]:
    """Values outside what is possible."""
    r = rules()
    share = "|".join(f"(?:{p})" for p in r["share_words"])
    share_before = "|".join(f"(?:{p})" for p in r["share_before"])
    growth = ruleset.alternation(r["growth_words"])
    total_hh = ruleset.alternation(r["total_household_words"])
    out = []
    for d in rows:
        v = d["value"]
        if d["unit"] == "percent" and not d["is_change"]:
            before = _before_after(d)[0]
            is_share = d["metric"] in ("poverty_rate", "near_poverty_rate") or (
                d["metric"] == "rate"
                and (re.search(share, d["subject"], re.I) or re.search(share_before, before[-30:], re.I))
                and not re.search(growth, " ".join((d["subject"], before[-60:], d["raw"], _before_after(d)[1][:40])),
                                  re.I))
            if is_share and (v > 100 or (d["value_max"] or 0) > 100):
                out.append(_check("bound", "error", [d],
                                  f'{d["metric"]} "{d["raw"]}" ({d["subject"] or "share"}) is a share '
                                  f'above 100 %.'))
                continue
            if d["metric"] in ("poverty_rate", "near_poverty_rate") and v < 0:
                out.append(_check("bound", "error", [d], f'{d["metric"]} "{d["raw"]}" is negative.'))
                continue
        date_like = d["unit"] == "item" and v <= 31 and (d["total"] or 0) <= 12   # `17/5`: a date, not n/m
        # n > m is impossible only where m is a whole (criteria, units of a place): elsewhere
        # `55/46 người` is an overloaded bus, `195/160 đảng viên` a plan exceeded, `106/30` an address
        whole = d["unit"] in r["bound_whole_units"] or \
            tfold(d["unit_text"] or "") in {tfold(w) for w in r["bound_whole_nouns"]}
        if whole and re.match(r"\s+[A-ZĐ]", _before_after(d)[1]):
            whole = False      # `103/15 phường Lam Sơn`: an address, the noun names a unit
        if d["total"] is not None and d["total"] > 0 and v > d["total"] and not date_like and whole:
            out.append(_check("bound", "error", [d],
                              f'"{d["raw"]}" states {fmt_number(v)} of {fmt_number(d["total"])}: '
                              f'the part n is larger than the whole m.'))
            continue
        if d["unit"] in ("household", "person", "item", "criterion") and v < 0:
            out.append(_check("bound", "error", [d], f'the count "{d["raw"]}" is negative.'))
    # poor households above all households of the same place and period (same article)
    by_key = defaultdict(lambda: ([], []))
    for d in rows:
        if not (d["place_key"] and d["period_end"]):
            continue       # all households of an unnamed place or time: nothing to compare
        k = (d["article_id"], d["place_key"], d["period_end"])
        if d["metric"] in ("poor_households", "near_poor_households") and not d["is_change"]:
            by_key[k][0].append(d)
        elif d["metric"] == "households" and re.search(total_hh, d["subject"], re.I) and not d["is_change"]:
            by_key[k][1].append(d)
    for k, (poor, alls) in by_key.items():
        for p in poor:
            for a in alls:
                if p["value"] > a["value"] and p["qualifier"] not in ("lt", "le") and a["qualifier"] not in ("gt", "ge"):
                    out.append(_check("bound", "error", [p, a],
                                      f'{p["metric"]} "{p["raw"]}" exceeds the place\'s households '
                                      f'"{a["raw"]}" ({a["subject"]}).'))
    return out
