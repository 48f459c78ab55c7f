"""Verify a claim against a dataset folder.

The claim is parsed by the same extractor as the articles (`hl_extract.extract_figures`):
its figure gives metric, value, unit, qualifier, place and period. The dataset's figures
are matched by metric, unit, status, period and place (gazetteer key: `TX Hồng Lĩnh` =
`thị xã Hồng Lĩnh`; a figure with no place counts for the place its article is about), and
the verdict is

* `supported` — every matching source agrees with the claim;
* `contradicted` — none does;
* `conflicting` — the sources disagree among themselves, some agreeing;
* `not_found` — nothing to compare with.

Change claims (`giảm 0,5% so với năm 2021`) are computed from the two periods' values,
aggregate claims (`tổng kinh phí của 3 xã …`) from the sum of the parts. Every verdict
carries its evidence (value, sentence, speaker, article, URL) and the SQL (runnable with
`hl-extract query`) or arithmetic behind it.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from hl_extract.desk import checks
from hl_extract.language import places
from hl_extract.common import ruleset
from hl_extract.desk.checks import agree, show
from hl_extract.dataset.tables import fmt_number

FAMILIES = [{"funding", "money"}]


@functools.cache
def rules() -> dict:
    return ruleset.load("verify")


@dataclass
class Evidence:
    figure_id: str
    article_id: str
    value: float
    unit: str
    qualifier: str
    raw: str
    sentence: str
    speaker: str
    place: str
    place_match: str
    period_start: str
    period_end: str
    url: str
    title: str
    published: str
    agrees: bool | None = None
    role: str = ""


@dataclass
class Verdict:
    claim: str
    verdict: str
    kind: str = "lookup"                  # lookup | compare | aggregate
    claimed: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    query: str = ""
    arithmetic: str = ""
    explanation: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ the dataset side

class Desk:
    """A loaded dataset ready for look-ups: figures with place keys and article places."""

    def __init__(self, data):
        self.data = data
        self.rows = checks.figure_rows(data, trusted=None)
        self.article_place = self._article_places()

    def _article_places(self) -> dict:
        mentions: dict[str, list] = {}
        for d in self.rows:
            if d["_place"] and d["_place"].known:
                mentions.setdefault(d["article_id"], []).append(d["_place"])
            for m in find_places(d["sentence"]):
                mentions.setdefault(d["article_id"], []).append(m)
        for t in self.data["tasks"].to_dict("records"):
            p = places.resolve(checks._s(t.get("assignee")))
            if p and p.known:
                mentions.setdefault(checks._s(t.get("article_id")), []).append(p)
        for s in self.data["statements"].to_dict("records"):
            for m in find_places(checks._s(s.get("text"))):
                mentions.setdefault(checks._s(s.get("article_id")), []).append(m)
        out = {}
        g = places.gazetteer()
        for aid, ps in mentions.items():
            count = Counter()
            for p in ps:
                for k in dict.fromkeys((p.key, *p.parent_keys)):
                    count[k] += 1
            n = len(ps)
            # the most specific unit named, or containing, at least 60 % of the mentions
            best = [k for k, c in count.items() if c >= 0.6 * n and k in g.by_key]
            if best:
                order = {"ward": 0, "district": 1, "province": 2}
                out[aid] = min((g.by_key[k] for k in best), key=lambda p: order.get(p.level, 3))
        return out

    def place_match(self, d, key: str) -> str:
        """How figure `d` matches place `key`: "stated", "inferred", or ""."""
        if not key:
            return "any"
        if d["place_key"]:
            return "stated" if d["place_key"] == key else ""
        ap = self.article_place.get(d["article_id"])
        return "inferred" if ap and ap.key == key else ""

    def spellings(self, key: str) -> list[str]:
        return sorted({d["place"] for d in self.rows if d["place_key"] == key and d["place"]})

    def evidence(self, d, match: str, claim_value=None, claim_q="eq", role="") -> Evidence:
        ag = None if claim_value is None else agree(claim_value, claim_q, d["value"], d["qualifier"])
        return Evidence(d["figure_id"], d["article_id"], d["value"], d["unit"], d["qualifier"], d["raw"],
                        d["sentence"], d["speaker"], d["place"] or (
                            self.article_place[d["article_id"]].name + " (article)"
                            if match == "inferred" else ""),
                        match, d["period_start"], d["period_end"], d["url"], d["title"], d["published"],
                        ag, role)


_PLACE_RE = re.compile(
    r"(?<![\w])(?:thị xã|thành phố|huyện|quận|phường|xã|thị trấn|tỉnh|TX\.?|TP\.?|Tp\.?)"
    r"\s+(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w]*|\d+)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w]*){0,3}", re.UNICODE)


def find_places(text: str) -> list:
    """Known units named in a text (`thị xã Hồng Lĩnh`, `TX Hồng Lĩnh`, `phường Nam Hồng`)."""
    out = []
    for m in _PLACE_RE.finditer(text or ""):
        p = places.resolve(m.group(0))
        if p and p.known:
            out.append(p)
    return out


def _metric_ok(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in FAMILIES)


def _period_ok(claim_f, d) -> bool:
    if not claim_f.period_end:
        return True
    return d["period_end"] == claim_f.period_end


def _sql(claim_f, key, desk, matched_articles, extra_period=None) -> str:
    pe = extra_period or claim_f.period_end
    cond = [f"f.metric = '{claim_f.metric}'", f"f.unit = '{claim_f.unit}'", f"f.status = '{claim_f.status or 'actual'}'"]
    if pe:
        cond.append(f"f.period_end = DATE '{pe}'")
    if key:
        sp = ", ".join("'" + s.replace("'", "''") + "'" for s in desk.spellings(key))
        inferred = sorted({a for a in matched_articles if desk.article_place.get(a)
                           and desk.article_place[a].key == key})
        alts = [f"f.place IN ({sp})"] if sp else []
        if inferred:
            alts.append("(coalesce(f.place, '') = '' AND f.article_id IN ("
                        + ", ".join(f"'{a}'" for a in inferred) + "))")
        cond.append("(" + " OR ".join(alts or ["FALSE"]) + ")")
    return ("SELECT f.figure_id, f.value, f.qualifier, f.raw, f.speaker, f.sentence, a.url\n"
            "FROM figures f JOIN articles a USING (article_id)\nWHERE " + "\n  AND ".join(cond))


def _lookup(desk: Desk, f, key: str) -> list:
    out = []
    for d in desk.rows:
        if not _metric_ok(f.metric, d["metric"]) or d["unit"] != f.unit:
            continue
        if (d["status"] or "actual") != (f.status or "actual") or d["is_change"]:
            continue
        if not _period_ok(f, d):
            continue
        m = desk.place_match(d, key)
        if m:
            out.append((d, m))
    return out


def _verdict_of(claim_v, claim_q, matches) -> tuple[str, str]:
    agrees = [agree(claim_v, claim_q, d["value"], d["qualifier"]) for d, _ in matches]
    if not matches:
        return "not_found", "no figure of the dataset matches the claim's metric, place and period"
    values = sorted({fmt_number(d["value"]) for d, _ in matches})
    if all(agrees):
        return "supported", f"{len(matches)} figure(s) agree with the claimed value"
    if not any(agrees):
        return "contradicted", (f"the dataset gives {', '.join(values)} where the claim says "
                                f"{fmt_number(claim_v)}")
    return "conflicting", (f"the sources disagree: {sum(agrees)} of {len(matches)} agree with the claim "
                           f"(values {', '.join(values)})")


# ------------------------------------------------------------------ the claim side

def _claim_figures(claim: str):
    from hl_extract.extract.figures import extract
    from hl_extract.language.doc import Doc
    from hl_extract.language.text import clean
    return extract(Doc(clean(claim), ""))


def _place_key(f, claim: str) -> tuple[str, object]:
    text = f.place if f and f.place else ""
    p = places.resolve(text, f.period_end if f else "") if text else None
    if not (p and p.known):
        found = find_places(claim)
        p = found[0] if found else p
    return (p.key if p else ""), p


def verify(data, claim: str) -> Verdict:
    """The verdict on `claim` (Vietnamese) against a loaded dataset (`hl_extract.load(DIR)`)."""
    desk = data if isinstance(data, Desk) else Desk(data)
    claim = re.sub(r"\s+", " ", claim).strip()
    figs = _claim_figures(claim)
    if not figs:
        return Verdict(claim, "not_found", explanation="the extractor found no figure in the claim")
    agg = _aggregate_claim(desk, claim, figs)
    if agg:
        return agg
    cmp_ = _compare_claim(desk, claim, figs)
    if cmp_:
        return cmp_
    f = max(figs, key=lambda x: x.metric in checks.rules()["specific_metrics"] or x.metric in ("funding", "households"))
    key, p = _place_key(f, claim)
    matches = _lookup(desk, f, key)
    verdict, why = _verdict_of(f.value, f.qualifier, matches)
    v = Verdict(claim, verdict, "lookup", _claimed(f, p), query=_sql(f, key, desk, {d["article_id"] for d, _ in matches}))
    v.evidence = [desk.evidence(d, m, f.value, f.qualifier) for d, m in matches]
    if not matches:
        near = [(d, m) for d in desk.rows if _metric_ok(f.metric, d["metric"]) and d["unit"] == f.unit
                for m in [desk.place_match(d, key)] if m][:5]
        v.evidence = [desk.evidence(d, m, role="same metric and place, other period") for d, m in near]
    v.explanation = why + (f" ({p.label()})" if p and p.known else "") + "."
    return v


def _claimed(f, p) -> dict:
    return {"metric": f.metric, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
            "status": f.status, "place": p.label() if p and p.known else (f.place or ""),
            "place_key": p.key if p else "", "period_start": f.period_start, "period_end": f.period_end,
            "raw": f.raw}


def _compare_claim(desk, claim: str, figs) -> Verdict | None:
    r = rules()
    dec, inc, base = (ruleset.alternation(r[k]) for k in ("decrease", "increase", "baseline"))
    for f in figs:
        before = claim[:f.char_start]
        m = re.search(rf"(?:(?P<dec>{dec})|(?P<inc>{inc}))\s*$", before, re.I)
        mb = re.search(rf"\s*(?:{base})\b", claim[f.char_end:], re.I)
        if not m or not mb:
            continue
        from hl_extract.language.doc import Doc
        from hl_extract.language.periods import find_periods
        bp = [p for p in find_periods(Doc(claim, "")) if p.baseline and p.char_start >= f.char_end]
        if not bp:
            continue
        b = bp[0]
        sign = -1 if m.group("dec") else 1
        level_claim = claim[:m.start()].rstrip() + f" là {f.raw}" + claim[b.char_end:]
        lf = [x for x in _claim_figures(level_claim) if x.raw == f.raw]
        if not lf:
            continue
        lvl = lf[0]
        metric = lvl.metric
        if metric == "rate" and re.search(r"hộ nghèo", level_claim, re.I):
            metric = "poverty_rate" if not re.search(r"cận nghèo", level_claim, re.I) else "near_poverty_rate"
        lvl.metric = metric
        key, p = _place_key(lvl, claim)
        now = _lookup(desk, lvl, key)
        from copy import copy
        then_f = copy(lvl)
        then_f.period_start, then_f.period_end = b.start, b.end
        then = _lookup(desk, then_f, key)
        if not then and b.start and b.end and b.start[:4] == b.end[:4]:
            # a year: any figure stated for a point in that year, the latest
            yr = [(d, mm) for d in desk.rows for mm in [desk.place_match(d, key)]
                  if mm and d["metric"] == metric and d["unit"] == lvl.unit and not d["is_change"]
                  and d["period_end"][:4] == b.end[:4]]
            if yr:
                last = max(d["period_end"] for d, _ in yr)
                then = [(d, mm) for d, mm in yr if d["period_end"] == last]
        claimed = _claimed(lvl, p)
        claimed.update(change=sign * f.value, baseline_period=b.text, baseline_end=b.end)
        v = Verdict(claim, "not_found", "compare", claimed)
        v.query = (_sql(lvl, key, desk, {d["article_id"] for d, _ in now}) + ";\n" +
                   _sql(then_f, key, desk, {d["article_id"] for d, _ in then}, extra_period=then[0][0]["period_end"] if then else b.end))
        v.evidence = [desk.evidence(d, mm, role="claimed period") for d, mm in now] + \
                     [desk.evidence(d, mm, role="baseline") for d, mm in then]
        if not now or not then:
            miss = "the claimed period" if not now else "the baseline"
            v.explanation = f"no figure for {miss} ({metric}, {p.label() if p else 'any place'})."
            return v
        points = lvl.unit == "percent" or f.unit != "percent"
        results = []
        for d1, _ in now:
            for d0, _ in then:
                delta = d1["value"] - d0["value"]
                rel = delta / d0["value"] * 100 if d0["value"] else None
                got = delta if points else rel
                tol = r["points_tolerance"] if points and lvl.unit == "percent" else \
                    max(abs(sign * f.value) * checks.rules()["rel_tolerance"], 0.5 * 10 ** -checks._decimals(f.value))
                ok = got is not None and abs(got - sign * f.value) <= tol
                results.append(ok)
                unit = " points" if points and lvl.unit == "percent" else ("%" if not points else f" {lvl.unit}")
                v.arithmetic += (f"{fmt_number(d1['value'])} ({d1['period_end']}, {d1['figure_id']}) − "
                                 f"{fmt_number(d0['value'])} ({d0['period_end']}, {d0['figure_id']}) = "
                                 f"{fmt_number(round(delta, 6))}"
                                 + (f" → {fmt_number(round(rel, 4))}% relative" if not points and rel is not None else "")
                                 + f"; claimed {fmt_number(sign * f.value)}{unit}: {'agrees' if ok else 'differs'}\n")
        v.arithmetic = v.arithmetic.strip()
        v.verdict = "supported" if all(results) else "contradicted" if not any(results) else "conflicting"
        v.explanation = (f"change of {metric} for {p.label() if p and p.known else 'the place'} from "
                         f"{b.text} computed from {len(now)}×{len(then)} pair(s) of figures.")
        return v
    return None


def _aggregate_claim(desk, claim: str, figs) -> Verdict | None:
    r = rules()
    agg = ruleset.alternation(r["aggregate"])
    m = re.search(rf"\b(?:{agg})\b(?P<what>[^.;]{{0,60}}?)\s+của\s+(?:các\s+)?(?:(?P<n>\d+)\s+)?"
                  rf"(?P<type>thị xã|thị trấn|thành phố|phường|xã|huyện|quận|tỉnh)\b(?P<names>[^.;]*)",
                  claim, re.I)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n") else None
    typ = m.group("type").lower()
    names_txt = re.split(r"\b(?:năm|là|đạt|có|trong|giai đoạn|tháng|quý|cuối|đầu)\b", m.group("names"))[0]
    names_txt = re.split(r"\s\d", names_txt)[0]
    names = [places.split(x)[1] for x in re.split(r",|\svà\s", names_txt) if x.strip()]
    names = [x for x in names if x and x[0].isupper()]
    if n is None and len(names) < 2:
        return None       # `tổng kinh phí của thị xã X`: one place, a plain look-up
    vals = [x for x in figs if not (x.char_start >= m.start("n") - 1 and x.char_end <= m.end("type") + 1)
            and x.char_start > m.start()] if m.group("n") else [x for x in figs if x.char_start > m.start()]
    if not vals:
        return None
    f = max(vals, key=lambda x: x.unit == "vnd" or x.unit != "item")
    cands = []
    for d in desk.rows:
        if not _metric_ok(f.metric, d["metric"]) or d["unit"] != f.unit or d["is_change"]:
            continue
        if (d["status"] or "actual") != (f.status or "actual") or not _period_ok(f, d):
            continue
        ptype, pname = places.split(d["place"])
        if not pname or (ptype and ptype != typ and (not names or places.level_of(ptype) != places.level_of(typ))):
            continue
        if names and places.fold(pname) not in {places.fold(x) for x in names}:
            continue
        cands.append(d)
    # the parts, from one article when one article gives them all
    by_art = {}
    for d in cands:
        by_art.setdefault(d["article_id"], {}).setdefault(places.fold(places.split(d["place"])[1]), d)
    want = len(names) if names else n
    sets = [ps for ps in by_art.values() if want is None or len(ps) == want]
    if not sets and names:
        merged = {}
        for d in cands:
            merged.setdefault(places.fold(places.split(d["place"])[1]), d)
        sets = [merged] if len(merged) == len(names) else []
    claimed = {"metric": f.metric, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
               "parts": names or f"{n} {typ}", "period_end": f.period_end, "raw": f.raw}
    v = Verdict(claim, "not_found", "aggregate", claimed)
    v.query = (f"SELECT f.place, f.value, f.raw, f.article_id FROM figures f\nWHERE f.metric = '{f.metric}' "
               f"AND f.unit = '{f.unit}'" + (f" AND f.period_end = DATE '{f.period_end}'" if f.period_end else "")
               + f"\n  AND lower(f.place) LIKE '{typ} %'" +
               (" AND f.place IN (" + ", ".join(f"'{typ} {x}'" for x in names) + ")" if names else ""))
    if not sets:
        v.evidence = [desk.evidence(d, "stated", role="part") for d in cands[:10]]
        v.explanation = (f"the dataset does not give {f.metric} for "
                         f"{'all of ' + ', '.join(names) if names else (str(n) + ' ' + typ if n else typ)}"
                         f" in one place ({len(cands)} partial figure(s)).")
        return v
    results = []
    for ps in sets:
        total = sum(d["value"] for d in ps.values())
        q = "gt" if any(d["qualifier"] in ("gt", "ge") for d in ps.values()) else "eq"
        ok = agree(f.value, f.qualifier, total, q)
        results.append(ok)
        v.arithmetic += (" + ".join(f"{fmt_number(d['value'])} ({d['place']}, {d['figure_id']})" for d in ps.values())
                         + f" = {fmt_number(total)}; claimed {fmt_number(f.value)}: {'agrees' if ok else 'differs'}\n")
        v.evidence += [desk.evidence(d, "stated", role="part") for d in ps.values()]
    v.arithmetic = v.arithmetic.strip()
    v.verdict = "supported" if all(results) else "contradicted" if not any(results) else "conflicting"
    v.explanation = f"sum of {f.metric} over {len(sets[0])} {typ} from {len(sets)} source(s)."
    return v


def render(v: Verdict) -> str:
    """The verdict for a person: verdict, claim, evidence, query or arithmetic."""
    lines = [f"{v.verdict.upper()}: {v.claim}", f"  {v.explanation}"]
    c = v.claimed
    if c:
        lines.append(f"  claimed: {c.get('metric')} = {show(c.get('value'), c.get('unit', ''))}"
                     + (f" ({c['qualifier']})" if c.get("qualifier") not in (None, "", "eq") else "")
                     + (f", place {c['place']}" if c.get("place") else "")
                     + (f", period {c.get('period_start')}…{c.get('period_end')}" if c.get("period_end") else "")
                     + (f", change {fmt_number(c['change'])} vs {c['baseline_period']}" if "change" in c else ""))
    for e in v.evidence:
        mark = {True: "✓", False: "✗", None: "·"}[e.agrees]
        lines.append(f"  {mark} {show(e.value, e.unit)} \"{e.raw}\" [{e.figure_id}]"
                     + (f" {e.role}" if e.role else "")
                     + (f" — said by {e.speaker}" if e.speaker else " — narrative")
                     + (f"; place {e.place} ({e.place_match})" if e.place else "")
                     + f"; period {e.period_start}…{e.period_end}")
        lines.append(f"      «{e.sentence}»")
        lines.append(f"      article {e.article_id}" + (f" {e.url}" if e.url else ""))
    if v.arithmetic:
        lines.append("  arithmetic:")
        lines += ["    " + x for x in v.arithmetic.splitlines()]
    if v.query:
        lines.append("  query:")
        lines += ["    " + x for x in v.query.splitlines()]
    return "\n".join(lines)
