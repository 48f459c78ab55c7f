"""A verdict as the fact-checker reads it: the answer, one Vietnamese-and-English sentence
saying why, at most `max_evidence` sources (value, sentence, speaker, article, URL, date),
the SQL that finds them (`hl-extract query`) and the arithmetic."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from hl_extract.dataset.tables import fmt_number
from hl_extract.desk.checks import show

WHY_VI = {"supported": "Đúng: nguồn khớp nhất cho cùng số liệu",
          "contradicted": "Sai: nguồn khớp nhất cho số liệu khác",
          "conflicting": "Các nguồn mâu thuẫn nhau",
          "not_found": "Không tìm thấy số liệu để đối chiếu"}


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
    place_match: str       # same | sentence | article | any
    period_start: str
    period_end: str
    url: str
    title: str
    published: str
    agrees: bool | None = None
    role: str = ""
    score: float = 0.0


@dataclass
class Verdict:
    claim: str
    verdict: str
    kind: str = "lookup"                  # lookup | change | difference | sum
    claimed: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    query: str = ""
    arithmetic: str = ""
    explanation: str = ""
    as_of: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def evidence(m, role: str, agrees) -> Evidence:
    d = m.row
    return Evidence(d["figure_id"], d["article_id"], d["value"], d["unit"], d["qualifier"], d["raw"],
                    d["sentence"], d["speaker"], d["place"], m.place, d["period_start"], d["period_end"],
                    d["url"], d["title"], d["published"], agrees, role, round(m.score, 3))


def claimed(part) -> dict:
    a = part.ask
    out = {"kind": part.kind, "metric": a.metric, "value": part.value, "unit": a.unit,
           "qualifier": part.qualifier, "status": a.status,
           "place": a.place.label if a.place else "", "place_key": a.place.key if a.place else "",
           "period_start": a.period_start, "period_end": a.period_end, "raw": part.raw,
           "words": sorted(a.words)}
    if part.kind == "change":
        out.update(change=part.value, points=part.points, relative=part.relative)
        if part.other is not None:
            out.update(baseline_start=part.other.period_start, baseline_end=part.other.period_end)
        if part.stated:
            out.update(levels=list(part.stated))
    if part.kind == "difference" and part.other:
        out.update(other_place=part.other.place.label if part.other.place else "",
                   other_metric=part.other.metric, points=part.points)
    if part.kind == "sum":
        out["parts"] = [p.place.label if p.place and p.place is not a.place else " ".join(sorted(p.words))
                        for p in part.parts] or [fmt_number(v) for v in part.stated]
    return out


def sql(evidence_rows: list, parts: list) -> str:
    """The query that returns the evidence, with the matching criteria as comments."""
    crit = []
    for p in parts:
        a = p.ask
        c = [f"metric ~ {a.metric}" if a.metric else "any metric", f"unit = {a.unit or 'any'}"]
        if a.place:
            c.append(f"place = {a.place.label}")
        if a.period_end:
            c.append(f"period {'as of ' if a.now else ''}{a.period_start or ''}…{a.period_end}")
        crit.append("-- " + p.kind + ": " + ", ".join(c))
    ids = ", ".join("'" + e.figure_id.replace("'", "''") + "'" for e in evidence_rows)
    q = ("SELECT f.figure_id, f.metric, f.value, f.qualifier, f.raw, f.place, f.period_end, f.speaker,\n"
         "       f.sentence, a.url\nFROM figures f JOIN articles a USING (article_id)\n"
         f"WHERE f.figure_id IN ({ids or 'NULL'})")
    wants = [f"f.metric = '{p.ask.metric}'" for p in parts if p.ask.metric]
    wants += [f"f.period_end = DATE '{p.ask.period_end}'" for p in parts if p.ask.period_end and not p.ask.now]
    if wants:
        crit.append("-- wanted: " + " AND ".join(dict.fromkeys(wants)))
    return "\n".join(crit + [q])


def render(v: Verdict) -> str:
    """The verdict for a person: verdict, why, what was claimed, evidence, arithmetic, query."""
    lines = [f"{v.verdict.upper()}: {v.claim}", f"  {v.explanation}"]
    c = v.claimed
    if c:
        lines.append(f"  claimed ({c.get('kind', v.kind)}): {c.get('metric') or 'any metric'} = "
                     f"{show(c.get('value'), c.get('unit', ''))}"
                     + (f" ({c['qualifier']})" if c.get("qualifier") not in (None, "", "eq") else "")
                     + (f", place {c['place']}" if c.get("place") else "")
                     + (f", period {c.get('period_start')}…{c.get('period_end')}" if c.get("period_end") else ""))
    for e in v.evidence:
        mark = {True: "✓", False: "✗", None: "·"}[e.agrees]
        lines.append(f"  {mark} {show(e.value, e.unit)} \"{e.raw}\" [{e.figure_id}]"
                     + (f" {e.role}" if e.role else "")
                     + (f" — said by {e.speaker}" if e.speaker else " — narrative")
                     + (f"; place {e.place} ({e.place_match})" if e.place else "")
                     + f"; period {e.period_start}…{e.period_end}")
        lines.append(f"      «{e.sentence}»")
        lines.append(f"      article {e.article_id}" + (f" {e.url}" if e.url else "")
                     + (f" ({e.published})" if e.published else ""))
    if v.arithmetic:
        lines.append("  arithmetic:")
        lines += ["    " + x for x in v.arithmetic.splitlines()]
    if v.query:
        lines.append("  query:")
        lines += ["    " + x for x in v.query.splitlines()]
    return "\n".join(lines)
