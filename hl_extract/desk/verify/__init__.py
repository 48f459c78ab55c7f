"""Verify claims against a dataset folder, as an editor would.

* `claim` parses a claim into a query (kind, and for each number: metric, value, qualifier,
  unit, place, period, the words that say what is counted); `kinds` tells lookups, changes,
  differences and sums apart;
* `match` loads the dataset once (`Desk`) and scores how well each figure matches an ask;
* `agree` says when two values agree as a reader means it;
* `judge` gives each part its verdict on the best-matching sources;
* `verdict` is what the fact-checker gets: the answer and why, at most five sources, the SQL
  and the arithmetic.

Verdicts: `supported` (the well-matched sources agree), `contradicted` (they give another
value), `conflicting` (well-matched sources disagree among themselves), `not_found` (nothing
to compare with). Rules and tolerances: `rules/verify.toml`.
"""
from __future__ import annotations

import datetime as _dt
import json
import time

from hl_extract.desk.verify import claim as _claim
from hl_extract.desk.verify.judge import JUDGES, combine_verdicts
from hl_extract.desk.verify.kinds import parse
from hl_extract.desk.verify.match import Desk
from hl_extract.desk.verify.verdict import (
    WHY_VI,
    Evidence,
    Verdict,
    claimed,
    evidence,
    render,
    sql,
)

__all__ = ["Desk", "Evidence", "Verdict", "parse", "render", "verify", "verify_many"]


def verify(data, claim: str, as_of: str = "") -> Verdict:
    """The verdict on `claim` (Vietnamese) against a loaded dataset (`hl_extract.load(DIR)`)
    or a `Desk` built from one; relative periods (`hiện nay`, `năm ngoái`) are read as of
    `as_of` (ISO date, default today)."""
    desk = data if isinstance(data, Desk) else Desk(data)
    as_of = as_of or _dt.date.today().isoformat()
    q = parse(claim, as_of)
    v = Verdict(q.text, "not_found", q.kind, as_of=as_of)
    if not q.parts:
        v.explanation = (f"{WHY_VI['not_found']} — the claim states no number the extractor can read.")
        return v
    outcomes = [JUDGES[p.kind](desk, p) for p in q.parts]
    v.verdict = combine_verdicts(outcomes)
    main = next((p for p, o in zip(q.parts, outcomes) if o.verdict == v.verdict), q.parts[0])
    v.claimed = claimed(main)
    if len(q.parts) > 1:
        v.claimed["also"] = [claimed(p) for p in q.parts if p is not main]
    limit = _claim.rules()["match"]["max_evidence"]
    ev, seen = [], set()
    ordered = sorted(zip(q.parts, outcomes), key=lambda po: po[1].verdict != v.verdict)
    for _, o in ordered:
        for m, role, ok in o.evidence:
            if m.row["figure_id"] not in seen and len(ev) < limit:
                seen.add(m.row["figure_id"])
                ev.append(evidence(m, role, ok))
    v.evidence = ev
    v.arithmetic = "\n".join(o.arithmetic for o in outcomes if o.arithmetic)
    v.query = sql(ev, q.parts)
    whys = [f"{p.kind} {p.raw}: {o.verdict} — {o.why}" for p, o in zip(q.parts, outcomes)]
    v.explanation = WHY_VI[v.verdict] + ". " + "; ".join(whys) + "."
    return v


def verify_many(desk: Desk, lines, as_of: str = ""):
    """Verdicts for a batch: `lines` are JSON lines `{"id", "claim"}`; yields one dict per
    line, `{"id", "output", "seconds"}`, or `{"id", "error", "line"}` for a bad line (or, should
    verifying one claim fail, for that claim: the rest of the batch goes on)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["claim"]
            if not isinstance(text, str):
                raise TypeError("claim is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            yield {"id": None, "line": n, "error": f"line {n}: {exc.__class__.__name__}: {exc}"}
            continue
        t = time.perf_counter()
        try:
            out = verify(desk, text, rec.get("as_of") or as_of).to_dict()
        except Exception as exc:     # a bug must not cost the rest of the batch: named, counted
            yield {"id": rec.get("id"), "line": n,
                   "error": f"line {n}: internal error {exc.__class__.__name__}: {exc} (please report)"}
            continue
        yield {"id": rec.get("id"), "output": out, "seconds": round(time.perf_counter() - t, 4)}
