"""Comparing figures: agreement of values, the same measure, names, subjects, conflicts."""
from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from hl_extract.language import places
from hl_extract.common import ruleset
from hl_extract.language.text import fold as tfold
from hl_extract.desk.checks.rows import _before_after, rules, similarity


def _same_subject(a, b, threshold) -> bool:
    if a["metric"] in rules()["specific_metrics"]:
        return True
    return similarity(a["subject"], b["subject"]) >= threshold


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
