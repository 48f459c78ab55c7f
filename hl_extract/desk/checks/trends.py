"""trend_outlier: a value far off the series other articles give."""
from __future__ import annotations

import math
from collections import defaultdict
from hl_extract.common.records import Check
from hl_extract.desk.checks.compare import _head, measure_tokens
from hl_extract.desk.checks.cross_article import _comparable
from hl_extract.desk.checks.rows import _check, rules, show


def trend_outliers(rows) -> list[Check]:
    """A value far off the series that other articles give for one metric and place."""
    r = rules()
    series = defaultdict(list)
    for d in _comparable(rows):
        if d["metric"] not in r["specific_metrics"] and d["metric"] != "score":
            continue
        if d["qualifier"] not in ("eq", "approx", ""):
            continue
        head = _head(measure_tokens(d), r["head_syllables"])   # one measured thing per series
        series[(d["metric"], d["unit"], d["place_key"], d["total"], head)].append(d)
    out = []
    for key, ds in series.items():
        by_period = defaultdict(list)
        for d in ds:
            by_period[d["period_end"]].append(d)
        if len(by_period) < r["series_min_points"] or len({d["article_id"] for d in ds}) < r["series_min_articles"]:
            continue
        for pe, here in by_period.items():
            others = [d["value"] for p, v in by_period.items() if p != pe for d in v]
            others_articles = {d["article_id"] for p, v in by_period.items() if p != pe for d in v}
            if len(others_articles) < r["series_min_articles"] - 1:
                continue
            med = _median(others)
            mad = _median([abs(x - med) for x in others]) * 1.4826
            for d in here:
                v = d["value"]
                dev = abs(v - med)
                scale = max(mad, 0.05 * abs(med), 1e-9)
                ratio = (max(v, med) / min(v, med)) if min(v, med) > 0 else math.inf
                if dev / scale >= r["outlier_mad_k"] and ratio >= r["outlier_factor"]:
                    rest = sorted(p for p in by_period if p != pe)
                    out.append(_check(
                        "trend_outlier", "warning", [d] + [x for p in rest for x in by_period[p]][:8],
                        f'{d["metric"]} of {d["place_label"]} for {pe} is {show(v, d["unit"])} '
                        f'("{d["raw"]}", {d["article_id"]}), {ratio:.1f}× off the median '
                        f'{show(med, d["unit"])} of {len(others)} values other articles give for '
                        f'{rest[0]}…{rest[-1]}.'))
    return out


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    if not n:
        return 0.0
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
