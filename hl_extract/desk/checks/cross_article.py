"""cross_article_conflict: articles giving different values for one measure, and
restated sentences with one figure changed."""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from hl_extract.common.records import Check
from hl_extract.desk.checks.compare import (
    _alike, _ambiguous, _baseline_period, _content, conflicting, fold_word, is_ratio,
    left_clause, measure_label, names, per_unit, same_names, values_agree,
)
from hl_extract.desk.checks.rows import _before_after, _check, period_label, rules, show


def _comparable(rows):
    """Figures fit for comparison across articles: actual levels with place and period."""
    for d in rows:
        if d["status"] != "actual" or d["is_change"] or not d["place_key"] or not d["period_end"]:
            continue
        if d.get("duplicate_of"):
            continue       # a near-copy of an earlier article says nothing another source does
        if is_ratio(d) or left_clause(d)[1] or _baseline_period(d) or per_unit(d):
            continue       # a ratio, a restatement in parentheses, a baseline period, a price
        if not d["_place"] or not d["_place"].known:
            continue       # an unresolved name may be two places
        yield d


def comparison_key(d) -> tuple:
    """What two figures must share to be compared across articles (by `cross_article` and
    `trend_outliers`, whose groups refine it): rows of one key can be checked apart from all
    others (`stream`)."""
    return (d["metric"], d["unit"], d["place_key"], d["total"])


def cross_article(rows, amb: set | None = None) -> list[Check]:
    """Two articles give different values for one metric, place and period. `amb`: the
    figures ambiguous in their own article (`_ambiguous`, found from all of `rows` when None)."""
    if amb is None:
        amb = _ambiguous(rows)
    groups = defaultdict(list)
    for d in _comparable(rows):
        groups[(d["metric"], d["unit"], d["place_key"], d["period_start"], d["period_end"],
                d["total"])].append(d)
    out = []
    for key, ds in groups.items():
        if len({d["article_id"] for d in ds}) < 2:
            continue
        # pairs of articles that disagree on the same measured thing; two articles that
        # also agree on it (one value each of a list of projects) name several things
        pairs = []
        for a, b in itertools.combinations(ds, 2):
            if a["article_id"] == b["article_id"] or a["figure_id"] in amb or b["figure_id"] in amb:
                continue
            if not conflicting(a, b, same_article=False):
                continue
            if any(_alike(x, a) and _alike(y, b) and values_agree(x, y) for x in ds
                   if x["article_id"] == a["article_id"] for y in ds if y["article_id"] == b["article_id"]):
                continue
            pairs.append((a, b))
        if not pairs:
            continue
        fs = list({f["figure_id"]: f for p in pairs for f in p}.values())
        vals = "; ".join(f'{show(f["value"], f["unit"])} ("{f["raw"]}", {f["article_id"]})' for f in fs[:6])
        a = fs[0]
        out.append(_check(
            "cross_article_conflict", "warning", fs,
            f'{len({f["article_id"] for f in fs})} articles give different values of {a["metric"]}'
            f' ("{measure_label(a)}")'
            f' for {a["place_label"] or a["place"]} and {period_label(a)}: {vals}.'))
    return out


def _sentence_words(d) -> set:
    if "_swords" not in d:
        before, after = _before_after(d)
        d["_swords"] = {fold_word(w) for w in _content(before + " " + after)}
    return d["_swords"]


def _around(d) -> tuple:
    """Content words just before and just after the figure (place names kept)."""
    n = rules()["restated_window"]
    before, after = _before_after(d)
    return (tuple(fold_word(w) for w in _content(before)[-n:]),
            tuple(fold_word(w) for w in _content(after)[:n]))


def _other_numbers(d) -> list:
    before, after = _before_after(d)
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", before + " " + after))


def _number_of(raw: str) -> str:
    m = re.search(r"\d+(?:[.,]\d+)*", raw or "")
    return m.group() if m else ""


def restated(a, b) -> bool:
    """The same sentence stated twice with one figure changed (see `restated_*` in
    rules/checks.toml): strong evidence of one measured thing with two values."""
    r = rules()
    if (a["metric"], a["unit"], a["status"], a["total"]) != (b["metric"], b["unit"], b["status"], b["total"]):
        return False
    if a["unit"] in r["count_units"] and fold_word(a["unit_text"]) != fold_word(b["unit_text"]):
        return False
    for x in (a, b):
        if x["is_change"] or is_ratio(x) or left_clause(x)[1] or _baseline_period(x):
            return False
    if a["period_end"] and b["period_end"] and \
            (a["period_start"], a["period_end"]) != (b["period_start"], b["period_end"]):
        return False
    if _dated(a) and _dated(b) and _dated(a) != _dated(b):
        return False     # `ngày 12/5` and `ngày 26/5`: two days, though the year is unknown
    if a["place_key"] and b["place_key"] and a["place_key"] != b["place_key"]:
        return False
    if per_unit(a) or per_unit(b) or values_agree(a, b):
        return False
    wa, wb = _sentence_words(a), _sentence_words(b)
    if min(len(wa), len(wb)) < r["restated_min_words"]:
        return False
    if len(wa & wb) / len(wa | wb) < r["restated_similarity"]:
        return False
    if len(wa ^ wb) > r["restated_max_changed_words"]:
        return False
    ca, cb = _around(a), _around(b)
    if ca != cb or not (ca[0] or ca[1]):
        return False
    if _other_numbers(a) != _other_numbers(b) or not same_names(a, b, strict=False):
        return False     # a template filled twice: another day, lot, vehicle class or person
    if a["metric"] in r["restated_named_metrics"] and \
            (a["status"] != "actual" or not names(a) & names(b)):
        return False     # boilerplate (`bị cáo phải bồi thường … cho gia đình nạn nhân`), forecasts
    na, nb = _number_of(a["raw"]), _number_of(b["raw"])
    return re.search(rf"(?<![\d.,]){re.escape(nb)}(?![\d]|[.,]\d)", a["sentence"]) is None and \
        re.search(rf"(?<![\d.,]){re.escape(na)}(?![\d]|[.,]\d)", b["sentence"]) is None


def _dated(d) -> str:
    """The figure's period as written when it names a day or month by number (`ngày 12/5`)."""
    return " ".join(re.findall(r"\d+", d.get("period_text") or ""))


def _template(a, family) -> bool:
    """Whether `a`'s sentence is a template that articles fill with their own values: the
    sentences like it (`restated_similarity`) give `restated_template_values` or more values
    (a jackpot, the prizes of each lottery draw), or one article fills it
    twice with values that disagree (the support zones of two indices)."""
    r = rules()
    wa = _sentence_words(a)
    distinct, by_article = set(), defaultdict(list)
    for d in family:
        wd = _sentence_words(d)
        if len(wa & wd) / len(wa | wd) < r["restated_similarity"]:
            continue
        if any(not values_agree(d, x) for x in by_article[d["article_id"]]):
            return True      # one article fills it twice (VN-Index and HNX-Index)
        by_article[d["article_id"]].append(d)
        distinct.add((d["value"], d["value_max"]))
    return len(distinct) >= r["restated_template_values"]


def _restated_groups(ds) -> list[list]:
    """The figures of `ds` linked by restatement across articles (`restated`, not a
    `_template`), as groups: who restates whom, closed over (union-find)."""
    parent = {}

    def root(i):
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(ds)), 2):
        a, b = ds[i], ds[j]
        if a["article_id"] == b["article_id"]:
            continue    # one sentence twice in an article is a table or template (two years, lots)
        if restated(a, b) and not _template(a, ds):
            parent[root(i)] = root(j)
    groups = defaultdict(list)
    for i in parent:
        groups[root(i)].append(ds[i])
    return list(groups.values())


def _restatement_check(fs) -> Check:
    """One finding for a restated sentence: its frame, and the articles grouped by value."""
    fs.sort(key=lambda d: (d["article_id"], int(d["char_start"] or 0)))
    values = []       # [(first figure, articles)] by values that agree
    for d in fs:
        for first, arts in values:
            if values_agree(first, d):
                arts.setdefault(d["article_id"])
                break
        else:
            values.append((d, {d["article_id"]: None}))
    a = fs[0]
    before, after = _before_after(a)
    frame = f'…{" ".join(before.split()[-8:])} ⟨…⟩ {" ".join(after.split()[:5]).rstrip(" .,;")}…'
    given = "; ".join(f'"{first["raw"]}" ({show(first["value"], first["unit"])}, {", ".join(arts)})'
                      for first, arts in values)
    return _check(
        "cross_article_conflict", "warning", fs,
        f'{len({d["article_id"] for d in fs})} articles state the same sentence ("{frame}") with '
        f'different values of {a["metric"]}: {given}.')


def restatement_key(d) -> tuple | None:
    """The bucket of figures that may restate `d` (metric, unit, the words around it), or None
    when it cannot be a restatement: a near-copy restating its original is the same source."""
    r = rules()
    if d.get("duplicate_of") or d["metric"] not in r["restated_metrics"] \
            or len(_sentence_words(d)) < r["restated_min_words"]:
        return None
    key = (d["metric"], d["unit"], _around(d))
    return key if key[2][0] or key[2][1] else None


def restatements(rows, found: list[Check] = ()) -> list[Check]:
    """Conflicts by sentences restated by articles with one figure changed: one finding per
    restated sentence, naming every article and grouping the articles by the value they give;
    none for figures a conflict in `found` already names."""
    reported = {frozenset(c.figure_ids.split(";")) for c in found if c.kind.endswith("conflict")}
    buckets = defaultdict(list)
    for d in rows:
        key = restatement_key(d)
        if key is not None:
            buckets[key].append(d)
    checks = (_restatement_check(fs) for ds in buckets.values() if len(ds) >= 2 for fs in _restated_groups(ds))
    return [c for c in checks if frozenset(c.figure_ids.split(";")) not in reported]
