"""Fact-checks over a dataset folder (SPEC: checks.csv).

`run(DIR)` reads the figures and tasks, finds every check the SPEC names and writes
`checks.csv` (formula-escaped, atomically). Each finding names its figure ids and
articles and says in one sentence what holds or fails:

* repeat_consistent / repeat_conflict — one figure stated twice in an article;
* part_whole — parts against a stated whole (`5/5 phường` = registrations by year;
  figures of wards against the town's; a `trong đó` breakdown);
* bound — impossible values (a share over 100 %, n > m, poor households above all);
* cross_article_conflict — two articles, one metric, place and period, two values;
* trend_outlier — a value far off the series other articles give for metric and place.

Places are compared by gazetteer key (`hl_extract.places`), so `TX Hồng Lĩnh` and
`thị xã Hồng Lĩnh` are one place. Thresholds and cue words: `rules/checks.toml`.
"""
from __future__ import annotations

import csv
import functools
import itertools
import math
import os
import re
from collections import defaultdict
from pathlib import Path

from hl_extract.language import places
from hl_extract.common import ruleset
from hl_extract.language.text import fold as tfold
from hl_extract.dataset.tables import escape, fmt_number
from hl_extract.common.records import CHECK_COLUMNS, Check

KINDS = ["repeat_consistent", "repeat_conflict", "part_whole", "bound",
         "cross_article_conflict", "trend_outlier"]


@functools.cache
def rules() -> dict:
    r = dict(ruleset.load("checks"))
    for k in ("change_before", "change_after", "from_to"):
        r[k + "_re"] = re.compile("|".join(f"(?:{p})" for p in r[k]), re.IGNORECASE)
    return r


# ------------------------------------------------------------------ figures as dicts

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


def figure_rows(data) -> list[dict]:
    """The dataset's figures as plain dicts, with place keys and change flags added."""
    figs = data["figures"]
    arts = data["articles"]
    art = {}
    for r in arts.to_dict("records"):
        art[_s(r.get("article_id"))] = {k: _s(v) for k, v in r.items()}
    rows = []
    for r in figs.to_dict("records"):
        d = {k: _s(v) for k, v in r.items()}
        for k in ("value", "value_max", "total"):
            d[k] = _f(r.get(k))
        if d["value"] is None:
            continue
        a = art.get(d["article_id"], {})
        d["url"] = a.get("url", "")
        d["published"] = a.get("published", "")
        d["title"] = a.get("title", "")
        rows.append(d)
    # place keys, with the other places of the article as context (same-named wards)
    by_article = defaultdict(list)
    for d in rows:
        by_article[d["article_id"]].append(d)
    for aid, ds in by_article.items():
        first = {d["place"]: places.resolve(d["place"], d["period_end"] or d["published"])
                 for d in ds if d["place"]}
        ctx = tuple(sorted({k for p in first.values() if p and p.known
                            for k in (p.key, *p.parent_keys)}))
        for d in ds:
            p = places.resolve(d["place"], d["period_end"] or d["published"], ctx) if d["place"] else None
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
    return rows


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


# ------------------------------------------------------------------ value comparison

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


def _same_subject(a, b, threshold) -> bool:
    if a["metric"] in rules()["specific_metrics"]:
        return True
    return similarity(a["subject"], b["subject"]) >= threshold


# ------------------------------------------------------------------ what a figure measures

@functools.lru_cache(maxsize=1 << 18)
def fold_word(w: str) -> str:
    """One syllable, accent-folded (`Hộ` → `ho`, `đồng` → `dong`)."""
    return places.fold(w)


@functools.cache
def _word_sets() -> dict:
    r = rules()
    return {
        "stop": {tfold(w) for p in r["measure_stop_words"] for w in p.split()},
        "modifiers": {tfold(w) for w in r["measure_head_skip"]},
        "time_re": re.compile("|".join(f"(?:{p})" for p in r["time_phrases"]), re.IGNORECASE),
        "edge_re": re.compile(rf"(?:\b(?:{ruleset.alternation(r['measure_frame_words'])})\s*)+$", re.IGNORECASE),
        "cut_re": re.compile(rf"\b(?:{ruleset.alternation(r['measure_cut_words'])})\b", re.IGNORECASE),
        "figure_re": re.compile(r["previous_figure"], re.IGNORECASE),
        "ratio_re": re.compile("|".join(f"(?:{p})" for p in r["ratio_patterns"]), re.IGNORECASE),
        "baseline_re": re.compile(rf"(?:{r['baseline_before']})\s*$", re.IGNORECASE),
        "cumulative_re": re.compile(rf"(?:{r['cumulative_before']})\s*$", re.IGNORECASE),
    }


def _words(t: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", t or "")


def _content(t: str) -> list[str]:
    """Content words of a phrase as written (function words of `measure_stop_words` out)."""
    return [w for w in _words(t) if not _is_stop(w)]


@functools.lru_cache(maxsize=1 << 18)
def _is_stop(w: str) -> bool:
    return tfold(w) in _word_sets()["stop"]


def left_clause(d) -> tuple[str, bool]:
    """The words before the figure that name what it measures, and whether the figure
    stands in parentheses (a restatement, `(quy đổi ra VND là 580,3 tỷ đồng)`): its
    clause, from the last comma, after any earlier figure and speech cue, without time
    phrases and framing verbs (`Đến cuối năm 2016, tổng nguồn vốn huy động trên địa bàn …
    đạt khoảng` → `tổng nguồn vốn huy động trên địa bàn …`)."""
    ws = _word_sets()
    before, _ = _before_after(d)
    in_parens = before.rfind("(") > before.rfind(")")
    seg = re.split(r"[;:()“”\"\[\],]", before)[-1]
    for rx in (ws["figure_re"], ws["cut_re"]):
        last = None
        for last in rx.finditer(seg):
            pass
        if last is not None:
            seg = seg[last.end():]
    seg = ws["time_re"].sub(" ", seg)
    seg = ws["edge_re"].sub("", " ".join(seg.split())).strip()
    return seg, in_parens


def measure_tokens(d) -> list[str]:
    """What a figure measures, as accent-folded content syllables in text order: for counts
    the framing words before the figure and the counted noun with what follows it, for
    rates and money the words before the figure in its clause. Time words, function words
    and the words of the figure's own place are left out."""
    if "_measure" in d:
        return d["_measure"]
    r = rules()
    left, _ = left_clause(d)
    words = _content(left)
    if d["unit"] in r["count_units"]:
        words = words[-r["count_left_words"]:] + _content(d["subject"] or d["unit_text"])
    else:
        words = words[-r["measure_words"]:]
    own_place = {fold_word(w) for w in _words(d["place"])}
    out = [fold_word(w) for w in words if fold_word(w) not in own_place]
    d["_measure"] = out
    d["_common"] = sum(1 for w in words if w[:1].islower() and fold_word(w) not in own_place)
    return out


def measure_label(d) -> str:
    """What a figure measures, as written, for messages."""
    if d["unit"] in rules()["count_units"]:
        return d["subject"] or d["unit_text"] or d["metric"]
    return left_clause(d)[0] or d["subject"] or d["metric"]


def _head(tokens: list[str], n: int) -> tuple:
    skip = {fold_word(w) for w in _word_sets()["modifiers"]}
    i = 0
    while i < len(tokens) and tokens[i] in skip:
        i += 1
    return tuple(tokens[i:i + n])


def same_measure(a, b, exact: bool = False) -> bool:
    """Whether two figures name the same measured thing: their head noun phrases (first
    content syllables after modifiers like `tổng`) are equal and their content syllables
    overlap by at least `measure_overlap` (Jaccard); `exact`: the same syllables."""
    r = rules()
    ta, tb = measure_tokens(a), measure_tokens(b)
    if not ta or not tb:
        return False
    if exact:
        return ta == tb
    if _head(ta, r["head_syllables"]) != _head(tb, r["head_syllables"]):
        return False
    sa, sb = set(ta), set(tb)
    return len(sa & sb) / len(sa | sb) >= r["measure_overlap"]


def per_unit(d) -> str:
    """The `/…` tail of a per-unit figure (`50.000 đồng/kg` → `kg`), else ""."""
    _, after = _before_after(d)
    raw = d["raw"]
    tail = ""
    if "/" in raw and d["total"] is None:
        tail = raw.split("/", 1)[1]
    m = re.match(r"\s*/\s*([^\W\d_]+(?:\s*/\s*[^\W\d_]+)*)", after)
    if m:
        tail = (tail + "/" if tail else "") + m.group(1)
    return " ".join(fold_word(w) for w in _words(tail))


def is_ratio(d) -> bool:
    """A figure per 100 (or 1.000 …) of something (`15 hộ` per 100 households)."""
    return bool(_word_sets()["ratio_re"].search(d.get("sentence", "")))


def _interval(d):
    lo = d["value"]
    hi = d["value_max"] if d["value_max"] is not None else lo
    return min(lo, hi), max(lo, hi)


def step(d) -> float:
    """The precision a figure is stated to: one unit of its last written digit in its own
    scale (`2,8 tỉ đồng` → 100 000 000, `2.779 triệu đồng` → 1 000 000), 0 if unclear."""
    m = re.search(r"\d+(?:[.,]\d+)*", d.get("raw") or "")
    if not m or d["value"] in (None, 0):
        return 0.0
    num = m.group()
    parts = re.split(r"[.,]", num)
    if len(parts) == 2 and len(parts[1]) != 3 or "," in num and num.count(",") == 1 and "." not in num:
        mant, dec = float(num.replace(".", "").replace(",", ".")) if "," in num else float(num), \
            len(parts[1]) if len(parts) == 2 else 0
    else:
        mant, dec = float(num.replace(".", "").replace(",", "")), 0
    if mant == 0:
        return 0.0
    scale = abs(d["value"]) / mant
    exp = math.log10(scale) if scale > 0 else 0.5
    if abs(exp - round(exp)) > 1e-6:
        return 0.0       # `2 tỷ160 triệu`: more than one number
    return 10 ** round(exp) * 10 ** -dec


def _bounds(d) -> tuple[float, float]:
    """The values a figure allows: its value (or range) widened by the precision it is
    written to (rounding or cutting `2.584 triệu` to `2,5 tỉ`), by `approx_tolerance` for
    `khoảng`, and open-ended for `hơn`/`trên` (gt, ge) and `dưới` (lt, le)."""
    r = rules()
    lo, hi = _interval(d)
    tol = max(step(d), r["rel_tolerance"] * abs(hi))
    lo, hi = lo - tol, hi + tol
    q = d.get("qualifier") or "eq"
    if q == "approx":
        lo, hi = min(lo, lo * (1 - r["approx_tolerance"])), max(hi, hi * (1 + r["approx_tolerance"]))
    elif q in ("gt", "ge"):
        hi = math.inf
    elif q in ("lt", "le"):
        lo = -math.inf
    return lo, hi


def values_agree(a, b) -> bool:
    """Whether two stated values can both be true: the values each allows overlap."""
    (la, ha), (lb, hb) = _bounds(a), _bounds(b)
    return la <= hb and lb <= ha


def _baseline_period(d) -> bool:
    """The figure's period is only named in its sentence as a comparison baseline
    (`tăng 1,4% so thực hiện năm 2015`): the figure's own period is unknown."""
    pt, sent = d.get("period_text") or "", d.get("sentence") or ""
    if not pt:
        return False
    hits = [m.start() for m in re.finditer(re.escape(pt), sent)]
    if not hits:
        return False
    rx = _word_sets()["baseline_re"]
    if all(rx.search(sent[max(0, h - 40):h]) for h in hits):
        return True
    # `tính đến quý III` is a running total to the end of the quarter, not the quarter
    cum = _word_sets()["cumulative_re"]
    return d["period_start"] != d["period_end"] and all(cum.search(sent[max(0, h - 30):h]) for h in hits)


def _conflict_candidate(d) -> bool:
    """A figure precise enough to conflict with another: a level (not a change, a ratio,
    a restatement in parentheses) of a conflict metric, with a known period that is not a
    comparison baseline, and at least `min_measure_words` common words naming what it
    measures."""
    r = rules()
    if "_cand" in d:
        return d["_cand"]
    ok = (d["metric"] in r["conflict_metrics"] and not d["is_change"]
          and bool(d["period_start"]) and bool(d["period_end"])
          and not is_ratio(d) and not left_clause(d)[1] and not _baseline_period(d))
    if ok:
        measure_tokens(d)
        ok = d["_common"] >= r["min_measure_words"]
    d["_cand"] = ok
    return ok


def conflicting(a, b, same_article: bool) -> bool:
    """Strong evidence that two figures measure the same thing and disagree."""
    r = rules()
    if a["metric"] != b["metric"] or a["unit"] != b["unit"] or a["status"] != b["status"]:
        return False
    if a["unit"] in r["count_units"] and fold_word(a["unit_text"]) != fold_word(b["unit_text"]):
        return False
    if (a["period_start"], a["period_end"]) != (b["period_start"], b["period_end"]):
        return False
    if a["total"] != b["total"] or a["place_key"] != b["place_key"]:
        return False
    if not (_conflict_candidate(a) and _conflict_candidate(b)):
        return False
    if per_unit(a) != per_unit(b):
        return False
    if values_agree(a, b):
        return False
    if not a["place_key"]:
        # a place-less figure: never across articles; within one only with the same words
        # and the same names in both sentences
        if not same_article or not same_measure(a, b, exact=True) or not same_names(a, b, strict=True):
            return False
    elif not same_article and not (a["_place"] and a["_place"].known):
        return False   # an unresolved name may be two places
    if not same_names(a, b, strict=False) or not same_measure(a, b):
        return False
    if same_article and min(a.get("_list_size", 1), b.get("_list_size", 1)) >= r["list_min_figures"]:
        # two items of lists: what the list is about (the words before its first figure)
        # must be the same (`kim ngạch xuất khẩu` ≠ `kim ngạch nhập khẩu`)
        return _lead_words(a) == _lead_words(b)
    return True


def _lead_words(d) -> set:
    ws = _word_sets()
    lead = ws["time_re"].sub(" ", d.get("_lead", ""))
    return {fold_word(w) for w in _content(lead)}


_INITIALS = re.compile(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?")


def names(d) -> set:
    """Capitalised words inside the figure's sentence (not opening it or a quotation), less
    the words of its place and `name_ignore`: the companies, projects, people and markets
    the sentence is about (`Fone`, `Trần Quang Khải`, `Nguyễn Mỹ Hào`)."""
    if "_names" in d:
        return d["_names"]
    ignore = {fold_word(w) for w in rules()["name_ignore"]} | {fold_word(w) for w in _words(d["place"])}
    ignore.add(fold_word(d.get("unit_text") or ""))
    sent = d.get("sentence") or ""
    # initials stand for one person (`ông T.Đ.L`, `ông T.Q.`)
    initials = [m for m in _INITIALS.finditer(sent) if m.group().isupper()]
    out = {fold_word(m.group().replace(".", "")) for m in initials}
    for m in reversed(initials):
        sent = sent[:m.start()] + " " * len(m.group()) + sent[m.end():]
    for m in re.finditer(r"[^\W\d_]+", sent):
        w = m.group()
        if not w[:1].isupper():
            continue
        prev = sent[:m.start()].rstrip()
        if not prev or prev[-1] in ".:!?\"“”'(-–…•*":
            continue
        if fold_word(w) not in ignore:
            out.add(fold_word(w))
    d["_names"] = out
    return out


def same_names(a, b, strict: bool) -> bool:
    """Whether two sentences can be about the same entity: not each naming something the
    other does not (two projects, two companies, two donors); `strict`: the same names."""
    na, nb = names(a), names(b)
    if strict:
        return na == nb
    return not (na - nb and nb - na)


def _alike(a, b) -> bool:
    """Same metric, unit, status, period, place and measured words (values aside)."""
    return (a["metric"], a["unit"], a["status"], a["period_start"], a["period_end"], a["place_key"],
            a["total"]) == (b["metric"], b["unit"], b["status"], b["period_start"], b["period_end"],
                            b["place_key"], b["total"]) and same_measure(a, b)


def _ambiguous(rows) -> set:
    """Figures whose measured words name several things in their own article: the same
    words with `max_values_per_measure` or more values that disagree pairwise (a list of
    projects each with its `tổng vốn đầu tư đăng ký`)."""
    r = rules()
    out = set()
    by_article = defaultdict(list)
    for d in rows:
        if d["metric"] in r["conflict_metrics"] and _conflict_candidate(d):
            by_article[d["article_id"]].append(d)
    for ds in by_article.values():
        for d in ds:
            peers = [e for e in ds if e is d or _alike(d, e)]
            distinct = []
            for e in peers:
                if not any(values_agree(e, x) for x in distinct):
                    distinct.append(e)
            if len(distinct) >= r["max_values_per_measure"]:
                out.add(d["figure_id"])
    return out


# ------------------------------------------------------------------ the checks

def _check(kind, severity, figs, message) -> Check:
    ids = ";".join(f["figure_id"] for f in figs)
    arts = ";".join(dict.fromkeys(f["article_id"] for f in figs))
    return Check(kind, severity, ids, arts, message)


def repeats(rows) -> list[Check]:
    """The same figure stated twice within an article: equal (consistent) or not (conflict)."""
    r = rules()
    out = []
    amb = _ambiguous(rows)
    by_key = defaultdict(list)
    for d in rows:
        by_key[(d["article_id"], d["metric"], d["unit"], d["status"], d["place_key"],
                d["period_start"], d["period_end"], d["total"])].append(d)
    for key, ds in by_key.items():
        if len(ds) < 2:
            continue
        consistent_done = set()
        groups = []   # clusters of equal repeats
        for a, b in itertools.combinations(ds, 2):
            if a["char_start"] == b["char_start"]:
                continue
            q = a["qualifier"] if a["qualifier"] == "approx" else "eq"   # two bounds agree on any values
            if a["qualifier"] == b["qualifier"] and agree(a["value"], q, b["value"], q) and \
                    not (is_ratio(a) or is_ratio(b)):
                alike = (similarity(a["subject"], b["subject"]) >= r["repeat_subject_similarity"]
                         if a["subject"] and b["subject"] else False) or \
                        similarity(a["sentence"], b["sentence"]) >= r["repeat_sentence_similarity"]
                if alike and a["sentence"] != b["sentence"]:
                    for g in groups:
                        if a["figure_id"] in g or b["figure_id"] in g:
                            g.update({a["figure_id"]: a, b["figure_id"]: b})
                            break
                    else:
                        groups.append({a["figure_id"]: a, b["figure_id"]: b})
                continue
            # different values: a conflict only with strong evidence of one measured thing
            if a["sentence"] == b["sentence"]:
                continue
            if r["from_to_re"].search(a["sentence"]) or r["from_to_re"].search(b["sentence"]):
                continue
            if not conflicting(a, b, same_article=True) or a["figure_id"] in amb or b["figure_id"] in amb:
                continue
            out.append(_check(
                "repeat_conflict", "warning", [a, b],
                f'{a["metric"]} of "{measure_label(a)}"'
                f'{" in " + a["place"] if a["place"] else ""} for {period_label(a)} is stated twice '
                f'with different values: "{a["raw"]}" ({show(a["value"], a["unit"])}) and '
                f'"{b["raw"]}" ({show(b["value"], b["unit"])}).'))
        for g in groups:
            fs = sorted(g.values(), key=lambda d: int(d["char_start"] or 0))
            ids = tuple(f["figure_id"] for f in fs)
            if ids in consistent_done:
                continue
            consistent_done.add(ids)
            raws = " = ".join(f'"{f["raw"]}"' for f in fs)
            who = [f["speaker"] for f in fs if f["speaker"]]
            out.append(_check(
                "repeat_consistent", "info", fs,
                f'{fs[0]["metric"]} ({fs[0]["subject"] or fs[0]["unit_text"] or fs[0]["unit"]}) is stated '
                f'{len(fs)} times and agrees after normalisation: {raws} '
                f'({show(fs[0]["value"], fs[0]["unit"])}'
                f'{"; also said by " + ", ".join(dict.fromkeys(who)) if who else ""}).'))
    return out


def _unit_word(text: str) -> str:
    t, name = places.split(text)
    return t


def part_whole(rows, tasks) -> list[Check]:
    """Parts that must add up to a stated whole."""
    r = rules()
    out = []
    by_article = defaultdict(list)
    for d in rows:
        by_article[d["article_id"]].append(d)
    tasks_by_article = defaultdict(list)
    for t in tasks:
        if t.get("kind") == "registration":
            tasks_by_article[t["article_id"]].append(t)

    # (1) `5/5 phường` against the registrations of the same article, by due year
    for aid, ds in by_article.items():
        regs = tasks_by_article.get(aid, [])
        for d in ds:
            word = places.split((d["unit_text"] or "") + " X")[0]
            if not word or not regs or places.level_of(word) != "ward":
                continue
            matching = [t for t in regs if places.split(t["assignee"])[0] in ("", word)
                        and t.get("due_end")]
            if not matching:
                continue
            # only registrations stated near the whole (same or following sentences)
            try:
                start = int(d["char_start"])
                matching = [t for t in matching if 0 <= int(t["char_start"] or 0) - start <= 1500]
            except ValueError:
                pass
            names = {}
            for t in matching:
                names.setdefault(places.fold(places.split(t["assignee"])[1]), t)
            if len(names) < 2:
                continue
            by_year = defaultdict(list)
            for t in names.values():
                by_year[t["due_end"][:4]].append(places.split(t["assignee"])[1])
            parts = " + ".join(f"{len(v)} for {y} ({', '.join(v)})" for y, v in sorted(by_year.items()))
            n = len(names)
            holds = n == d["value"]
            whole = f'"{d["raw"]}"'
            out.append(Check(
                "part_whole", "info" if holds else "error", d["figure_id"], aid,
                f'{whole} {"=" if holds else "≠"} {parts} = {n} registered '
                f'{word} ({"holds" if holds else "fails"}: registrations by year '
                f'{"add up to" if holds else "do not add up to"} {fmt_number(d["value"])}).'))

    # (2) a whole and its parts: figures of wards (by gazetteer) against their district's figure
    for aid, ds in by_article.items():
        groups = defaultdict(list)
        for d in ds:
            if d["unit"] in r["additive_units"] and not d["is_change"] and d["qualifier"] in ("eq", ""):
                groups[(d["metric"], d["unit"], d["status"], d["period_start"], d["period_end"])].append(d)
        for key, gs in groups.items():
            for w in gs:
                pw = w["_place"]
                if not pw or not pw.known or pw.level == "ward":
                    continue
                parts = {}
                for p in gs:
                    pp = p["_place"]
                    if p is w or not pp or not pp.known or pw.key not in pp.parent_keys:
                        continue
                    if not _same_subject(w, p, r["subject_similarity"]) or p["value"] is None:
                        continue
                    parts.setdefault(pp.key, p)
                if len(parts) < 2:
                    continue
                total = sum(p["value"] for p in parts.values())
                n_children = _children_count(pw)
                complete = n_children and len(parts) == n_children
                equal = agree(total, "eq", w["value"], "eq")
                if equal:
                    verdict, sev = "holds", "info"
                elif total > w["value"] * (1 + r["rel_tolerance"]):
                    verdict, sev = "fails: the parts exceed the whole", "error"
                elif complete:
                    verdict, sev = "fails: all its units are listed but fall short", "error"
                else:
                    continue
                fs = [w, *parts.values()]
                terms = " + ".join(show(p["value"], p["unit"]) for p in parts.values())
                out.append(_check(
                    "part_whole", sev, fs,
                    f'{w["metric"]} of {pw.name} ({show(w["value"], w["unit"])}) against the sum of '
                    f'its {len(parts)} units named in the article: {terms} = {show(total, w["unit"])} '
                    f'({verdict}).'))

    # (3) a `trong đó` breakdown in the whole's sentence
    bw = ruleset.alternation(r["breakdown_words"])
    for aid, ds in by_article.items():
        by_sent = defaultdict(list)
        for d in ds:
            by_sent[(d["sentence_start"], d["sentence"])].append(d)
        for (_, sent), fs in by_sent.items():
            m = re.search(rf"[,;:(]\s*(?:{bw})\b", sent, re.IGNORECASE)
            if not m or len(fs) < 3:
                continue
            fs = sorted(fs, key=lambda d: int(d["char_start"] or 0))
            cut = int(fs[0]["sentence_start"] or 0) + m.start()
            head = [d for d in fs if int(d["char_start"] or 0) < cut]
            tail = [d for d in fs if int(d["char_start"] or 0) > cut]
            if not head or len(tail) < 2:
                continue
            w = head[-1]
            if w["total"] is not None or w["unit"] not in r["additive_units"] or w["qualifier"] not in ("eq", ""):
                continue
            # the breakdown's extent is unknown (nested parts, a second clause follow it):
            # the parts are the shortest run of figures after the cue that adds up to the whole
            total, parts = 0.0, []
            for d in tail:
                if d["unit"] != w["unit"] or d["total"] is not None or d["unit"] in r["count_units"] \
                        and fold_word(d["unit_text"]) != fold_word(w["unit_text"]):
                    break
                parts.append(d)
                total += d["value"]
                if len(parts) >= 2 and agree(total, "eq", w["value"], "eq"):
                    break
            else:
                continue
            if len(parts) < 2 or not agree(total, "eq", w["value"], "eq"):
                continue
            terms = " + ".join(f'"{p["raw"]}"' for p in parts)
            out.append(_check(
                "part_whole", "info", [w, *parts],
                f'"{w["raw"]}" against its breakdown {terms} = {show(total, w["unit"])} (holds).'))
    return out


@functools.cache
def _children_count_key(key: str) -> int:
    g = places.gazetteer()
    return sum(1 for p in g.by_key.values() if p.parent_keys[:1] == (key,))


def _children_count(p) -> int:
    return _children_count_key(p.key) if p and p.known else 0


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


def _comparable(rows):
    """Figures fit for comparison across articles: actual levels with place and period."""
    for d in rows:
        if d["status"] != "actual" or d["is_change"] or not d["place_key"] or not d["period_end"]:
            continue
        if is_ratio(d) or left_clause(d)[1] or _baseline_period(d) or per_unit(d):
            continue       # a ratio, a restatement in parentheses, a baseline period, a price
        if not d["_place"] or not d["_place"].known:
            continue       # an unresolved name may be two places
        yield d


def cross_article(rows) -> list[Check]:
    """Two articles give different values for one metric, place and period."""
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


def restatements(rows) -> list[Check]:
    """Conflicts by sentences restated by articles with one figure changed: one finding per
    restated sentence, naming every article and grouping the articles by the value they give."""
    r = rules()
    buckets = defaultdict(list)
    for d in rows:
        if d["metric"] in r["restated_metrics"] and len(_sentence_words(d)) >= r["restated_min_words"]:
            buckets[(d["metric"], d["unit"], _around(d))].append(d)
    return [_restatement_check(fs) for key, ds in buckets.items()
            if len(ds) >= 2 and (key[2][0] or key[2][1]) for fs in _restated_groups(ds)]


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


def find(data) -> list[Check]:
    """Every check of a loaded dataset (`hl_extract.load(DIR)`), ids assigned."""
    rows = figure_rows(data)
    tasks = [{k: _s(v) for k, v in t.items()} for t in data["tasks"].to_dict("records")]
    found = repeats(rows) + part_whole(rows, tasks) + bounds(rows) + cross_article(rows) + trend_outliers(rows)
    seen = {frozenset(c.figure_ids.split(";")) for c in found if c.kind.endswith("conflict")}
    found += [c for c in restatements(rows) if frozenset(c.figure_ids.split(";")) not in seen]
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda c: (order.get(c.kind, 99), c.article_ids, c.figure_ids))
    for n, c in enumerate(found, 1):
        c.check_id = f"c{n}"
    return found


def write(checks, directory) -> Path:
    """checks.csv, formula-escaped, written via a temp file and a rename."""
    path = Path(directory) / "checks.csv"
    tmp = Path(directory) / ".checks.csv.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CHECK_COLUMNS)
        w.writeheader()
        for c in checks:
            w.writerow({col: escape(getattr(c, col)) for col in CHECK_COLUMNS})
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def run(directory) -> list[Check]:
    from hl_extract.dataset.tables import load
    data = load(directory)
    found = find(data)
    write(found, directory)
    return found


def summary(checks) -> str:
    counts = defaultdict(lambda: defaultdict(int))
    for c in checks:
        counts[c.kind][c.severity] += 1
    lines = []
    for k in KINDS:
        sev = counts.get(k, {})
        detail = ", ".join(f"{n} {s}" for s, n in sorted(sev.items()))
        lines.append(f"  {k:<24} {sum(sev.values()):>6}{'  (' + detail + ')' if detail else ''}")
    return "\n".join(lines)
