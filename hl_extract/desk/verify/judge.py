"""Judging one part of a claim against the ranked sources: a lookup on the best-matching
source of each article, a change stated by a source or computed from two levels, a
difference of two levels, a sum of parts. Bounded work: at most `best_per_side` candidates
per side are paired."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from hl_extract.dataset.tables import fmt_number
from hl_extract.desk.verify.agree import agree, combine, minus
from hl_extract.desk.verify.claim import Part, plain
from hl_extract.desk.verify.match import Desk, Match, _m, _near_low, counted_ok


@dataclass
class Outcome:
    verdict: str                                     # supported | contradicted | conflicting | not_found
    why: str = ""
    evidence: list = field(default_factory=list)     # (Match, role, agrees)
    arithmetic: str = ""


def _n(x: float) -> str:
    return fmt_number(round(x, 6))


def _value_of(m: Match, signed: bool) -> float:
    return m.row["value"] * (m.row["_sign"] if signed else 1)


def judge_value(cands: list, value: float, q: str, raw: str, part_ask, signed=False, what="figure") -> Outcome:
    """The verdict on a claimed value over ranked candidates: articles within `tier` of the
    best are well matched; each is judged on its best sources; `conflicting` only when well
    matched articles disagree."""
    M = _m()
    if not cands:
        return Outcome("not_found", f"no {what} of the dataset matches the claim's metric, place and period")
    by_art: dict[str, list] = {}   # one source per story: a near-copy counts with its original
    for m in cands:
        by_art.setdefault(m.row.get("duplicate_of") or m.row["article_id"], []).append(m)
    agreeing, other, also = [], [], {}
    for aid, ms in list(by_art.items()):
        # a source of another of the claim's own numbers is that number's, not this one's
        ms = by_art[aid] = [m for m in ms if not _theirs(m, part_ask)]
        if not ms:
            del by_art[aid]
            continue
        agrees = [m for m in ms if agree(value, q, _value_of(m, signed), m.row["qualifier"], raw, m.row["raw"])]
        # an article is judged on its best-matching source; a figure of it that agrees counts
        # only when it matches about as well (the article states both)
        ok = [m for m in agrees if m.score >= ms[0].score - M["tier"]]
        if ok:
            agreeing.append(ok[0])
        elif not any(m.score >= ms[0].score - M["agree_margin"] for m in agrees):
            other.append(ms[0])     # a story that states the claimed value too does not refute it
        first = ok[0] if ok else ms[0]
        also[first.row["article_id"]] = [m for m in ok[1:] if m.row["article_id"] == first.row["article_id"]][:1]
    if not by_art:
        return Outcome("not_found", "the matching sources give the claim's other numbers, not this one")
    top = max(ms[0].score for ms in by_art.values())
    # support: the best source agrees, or one nearly as good that has the claim's words
    backing = [m for m in agreeing if m.score >= top - M["tier"] or (
        m.score >= top - M["agree_margin"] and m.cover >= M["min_subject_contradicts"])]
    # disagreement that counts: well matched and firmly about the same thing — or the one story
    # that matches far better than any other (a claim retells it in its own words)
    best = sorted((ms[0].score, aid) for aid, ms in by_art.items())
    lead = best[-1][0] - (best[-2][0] if len(best) > 1 else 0.0)
    story = best[-1][1] if lead >= M["story_lead"] else None
    firm = [m for m in other if m.score >= top - M["tier"] and (_firm(m, part_ask) or (
        story is not None and (m.row.get("duplicate_of") or m.row["article_id"]) == story
        and m.cover >= M["story_subject"] and _comparable(m, part_ask)))]
    ev = [(x, "source", True) for m in backing for x in [m, *also[m.row["article_id"]]]][:3] + \
         [(m, "source", False) for m in (firm or [m for m in other if m.score >= top - M["tier"]])][:3]
    ev.sort(key=lambda x: -x[0].score)
    values = ", ".join(dict.fromkeys(m.row["raw"] for m, _, _ in ev))
    if backing:
        rivals = [m for m in firm if m.score >= backing[0].score - M["tier"] and _pinned(m, part_ask)]
        if rivals:
            n_ok = len(backing)
            return Outcome("conflicting", f"well-matched sources disagree: {n_ok} of {n_ok + len(rivals)} "
                           f"agree ({values})", ev)
        return Outcome("supported", f"the best-matching source(s) agree: {values}", ev)
    if firm:
        return Outcome("contradicted", "the best-matching source(s) give "
                       + ", ".join(dict.fromkeys(m.row["raw"] for m in firm[:3])), ev)
    return Outcome("not_found", f"only loosely matching sources ({values or 'none'}): not the same count", ev)


def _same_specific(m: Match, ask) -> bool:
    """The claim's metric is one of the checks' specific metrics (`poverty_rate`) and the source's."""
    return bool(ask.metric) and ask.metric == m.row["metric"] and ask.metric in _m()["_specific"]


def _pinned(m: Match, ask) -> bool:
    """A source that can only be about the claimed number itself: the same specific metric
    (`poverty_rate`), or the very period the claim states. A story tells many amounts of
    money and counts (a fine, its parts, another person's fine), so another value of a
    generic metric beside an agreeing source is another number, not a disagreement."""
    return _same_specific(m, ask) or (bool(ask.period_end) and not ask.now
                                      and m.row["period_end"] == ask.period_end)


def _theirs(m: Match, ask) -> bool:
    """Whether a source's value is another number the claim states itself (`… và 55,7 triệu
    đồng … cộng lại bằng 140 triệu đồng`: a source of 140 triệu is the total's, not a
    refutation of 55,7)."""
    return any(agree(v, "eq", m.row["value"], m.row["qualifier"], r, m.row["raw"])
               for v, r in getattr(ask, "siblings", ()))


def _comparable(m: Match, ask) -> bool:
    """Whether a source could refute the claim at all: the same status, its own place (not
    only its article's, not a part of the claim's unit, not the unit holding it), and a
    stated time when the claim states one (a claim about 2012 is not refuted by a number of
    no stated time)."""
    if (m.row["status"] or "actual") != (ask.status or "actual") or m.place in ("part", "article", "parent"):
        return False
    return not (ask.period_end and not ask.now and not (m.row["period_end"] or m.row.get("period_text")))


def _firm(m: Match, ask) -> bool:
    """A source firmly about what the claim counts: comparable (`_comparable`), and most of
    the claim's words (two at least) near it, or the claim's first two words side by side, or
    the same counted noun, or the same specific metric, or the claim's counts beside it."""
    M = _m()
    if not _comparable(m, ask):
        return False
    if _same_specific(m, ask) or m.counted:      # `9 lô đất` beside it, as in the claim
        return True
    if ask.head and len(ask.head) == 2 and plain(" ".join(ask.head)) in _near_low(m.row):
        return True
    if ask.unit_text and m.row.get("unit_text") and counted_ok(ask, m.row) and m.cover >= M["min_subject_counted"]:
        return True                # the same counted noun (`18 huyện` / `11 huyện`), near enough
    return m.cover >= M["min_subject_contradicts"] and (len(ask.words) < 2 or m.cover * len(ask.words) >= 2)


def lookup(desk: Desk, part: Part) -> Outcome:
    return judge_value(desk.candidates(part.ask), part.value, part.qualifier, part.raw, part.ask)


def _pairs(a: list, b: list):
    """Pairs of distinct sources from the best of two sides, those of one article first: the
    best `best_per_side` of each, and for each of those the other side's sources from its
    own article that score within `agree_margin` of that side's best (an article comparing
    two figures states both)."""
    M = _m()
    k = M["best_per_side"]
    pairs = [(x, y) for x, y in itertools.product(a[:k], b[:k]) if x.row is not y.row]
    for xs, ys, flip in ((a[:k], b, False), (b[:k], a, True)):
        floor = ys[0].score - M["agree_margin"] if ys else 0
        for x in xs:
            for y in ys:
                if y.score < floor:
                    break
                if y.row["article_id"] == x.row["article_id"] and y.row is not x.row:
                    pairs.append((y, x) if flip else (x, y))
    pairs.sort(key=lambda p: (p[0].row["article_id"] != p[1].row["article_id"], -(p[0].score + p[1].score)))
    return pairs


def _side_best(desk, ask) -> list:
    return desk.candidates(ask)[:_m()["best_per_side"] * 4]


def change(desk: Desk, part: Part) -> Outcome:
    if part.stated:                 # the claim states both levels: its own arithmetic
        new, old = part.stated
        got = new - old
        ok = agree(part.value, part.qualifier, got, "eq", part.raw, "")
        return Outcome("supported" if ok else "contradicted",
                       "the levels the claim states " + ("give" if ok else "do not give") + " its change", [],
                       f"{_n(new)} − {_n(old)} = {_n(got)}; claimed {_n(part.value)}: "
                       + ("agrees" if ok else "differs"))
    stated = part.parts[0] if part.parts else None
    if stated is not None:
        c = desk.candidates(stated)
        if c:
            o = judge_value(c, part.value, part.qualifier, part.raw, stated, signed=True, what="stated change")
            if o.verdict != "not_found":
                o.why = "the change is stated: " + o.why
                return o
    if part.within:
        o = _within_story(desk, part)
        if o.verdict != "not_found":
            return o
        # no story gives two levels: a source may state the amount itself (`giảm được 3.000 tỷ`)
        level = replace(part.parts[0], change=False)
        lk = judge_value(desk.candidates(level), abs(part.value), part.qualifier, part.raw, level)
        return lk if lk.verdict == "supported" else o
    now, then = _side_best(desk, part.ask), _side_best(desk, part.other)
    now = [m for m in now if not part.other.period_end or m.row["period_end"] > part.other.period_end]
    if not now or not then:
        miss = "the claimed period" if not now else "the baseline"
        return Outcome("not_found", f"no figure for {miss}", [(m, "level", None) for m in now[:2] + then[:2]])
    pairs = _pairs(now, then)
    x, y = pairs[0] if pairs else (now[0], then[0])
    v1, v0 = x.row["value"], y.row["value"]
    if part.relative:
        got = (v1 - v0) / v0 * 100 if v0 else float("nan")
        unit = "% relative"
    else:
        got = v1 - v0
        unit = " points" if part.points else ""
    q = minus(x.row["qualifier"], y.row["qualifier"])
    ok = got == got and agree(part.value, part.qualifier, got, q, part.raw, "")
    arith = (f"{_n(v1)} ({x.row['period_end'] or '?'}, {x.row['figure_id']}) − {_n(v0)} "
             f"({y.row['period_end'] or '?'}, {y.row['figure_id']})"
             + (f" = {_n(v1 - v0)}" if unit == "% relative" else "")
             + (f" → {_n(got)}{unit}" if unit == "% relative" else f" = {_n(got)}{unit}")
             + f"; claimed {_n(part.value)}: {'agrees' if ok else 'differs'}")
    return Outcome("supported" if ok else "contradicted",
                   f"computed from the level at {x.row['period_end'] or '?'} and at {y.row['period_end'] or '?'}",
                   [(x, "level", ok), (y, "baseline", ok)], arith)


def _within_story(desk: Desk, part: Part) -> Outcome:
    """A change with no baseline period, computed as a reader would from the two levels one
    story gives: of the best-matching candidates, the pair of one article that matches best
    together, a from–to pair of one sentence (`giảm từ 14,1% xuống còn 9,2%`) counting
    `from_to` points more; the level written first is the earlier. Bounded: the best
    `best_per_side` × 6 candidates."""
    M = _m()
    cands = desk.candidates(part.ask)[:M["best_per_side"] * 6]
    if not cands:
        return Outcome("not_found", "no level of the dataset matches the claim's subject and place")
    best = None
    for i, x in enumerate(cands):
        for y in cands[i + 1:]:
            if x.row["article_id"] != y.row["article_id"] or x.row["value"] == y.row["value"]:
                continue
            old, new = (x, y) if int(x.row["char_start"]) < int(y.row["char_start"]) else (y, x)
            from_to = old.row["sentence"] == new.row["sentence"] and old.row["raw"].lower().startswith("từ")
            key = (x.score + y.score + (M["from_to"] if from_to else 0.0), -int(old.row["char_start"]))
            if best is None or key > best[0]:
                best = (key, old, new)
    if best is None:
        return Outcome("not_found", "no story gives two levels of what the claim measures",
                       [(m, "level", None) for m in cands[:2]])
    _, y, x = best
    v1, v0 = x.row["value"], y.row["value"]
    got = (v1 - v0) / v0 * 100 if part.relative and v0 else v1 - v0
    unit = "% relative" if part.relative else (" points" if part.points else "")
    ok = got == got and agree(part.value, part.qualifier, got, minus(x.row["qualifier"], y.row["qualifier"]),
                              part.raw, "")
    arith = (f"{_n(v1)} ({x.row['figure_id']}) − {_n(v0)} ({y.row['figure_id']})"
             + f" → {_n(got)}{unit}; claimed {_n(part.value)}: {'agrees' if ok else 'differs'}")
    return Outcome("supported" if ok else "contradicted", "computed from the two levels one story gives",
                   [(x, "level", ok), (y, "baseline", ok)], arith)


def difference(desk: Desk, part: Part) -> Outcome:
    left, right = _side_best(desk, part.ask), _side_best(desk, part.other)
    if not left or not right:
        side = "the first side" if not left else "the second side"
        return Outcome("not_found", f"no figure for {side} of the comparison",
                       [(m, "side", None) for m in left[:2] + right[:2]])
    pairs = _pairs(left, right)
    if not pairs:
        return Outcome("not_found", "the two sides of the comparison are the same figure")
    x, y = pairs[0]
    got = x.row["value"] - y.row["value"]
    q = minus(x.row["qualifier"], y.row["qualifier"])
    ok = agree(part.value, part.qualifier, got, q, part.raw, "")
    arith = (f"{_n(x.row['value'])} ({x.row['place'] or '?'}, {x.row['figure_id']}) − {_n(y.row['value'])} "
             f"({y.row['place'] or '?'}, {y.row['figure_id']}) = {_n(got)}"
             + (" points" if part.points else "") + f"; claimed {_n(part.value)}: {'agrees' if ok else 'differs'}")
    return Outcome("supported" if ok else "contradicted", "computed as the difference of two figures",
                   [(x, "first side", ok), (y, "second side", ok)], arith)


def total(desk: Desk, part: Part) -> Outcome:
    if part.stated:
        s = sum(part.stated)
        ok = agree(part.value, part.qualifier, s, "eq", part.raw, "")
        arith = (" + ".join(_n(v) for v in part.stated) + f" = {_n(s)}; claimed {_n(part.value)}: "
                 + ("agrees" if ok else "differs"))
        return Outcome("supported" if ok else "contradicted", "the parts the claim states add up"
                       if ok else "the parts the claim states do not add up", [], arith)
    sides = [_side_best(desk, a) for a in part.parts]
    if not all(sides):
        missing = sum(1 for s in sides if not s)
        return Outcome("not_found", f"no figure for {missing} of the {len(sides)} parts",
                       [(s[0], "part", None) for s in sides if s])
    # the parts from one article when one article gives them all, else the best of each
    arts = set.intersection(*({m.row["article_id"] for m in s} for s in sides))
    choice = None
    best = -1.0
    for aid in sorted(arts):       # near-copies tie: the same one every run
        pick, used = [], set()
        for s in sides:
            m = next((m for m in s if m.row["article_id"] == aid and id(m.row) not in used), None)
            if m is None:
                break
            pick.append(m)
            used.add(id(m.row))
        else:
            sc = sum(m.score for m in pick)
            if sc > best:
                best, choice = sc, pick
    if choice is None:
        choice, used = [], set()
        for s in sides:
            m = next((m for m in s if id(m.row) not in used), None)
            if m is None:
                return Outcome("not_found", "the parts are the same figure")
            choice.append(m)
            used.add(id(m.row))
    s = sum(m.row["value"] for m in choice)
    q = combine(m.row["qualifier"] for m in choice)
    ok = agree(part.value, part.qualifier, s, q, part.raw, "")
    arith = (" + ".join(f"{_n(m.row['value'])} ({m.row['place'] or '?'}, {m.row['figure_id']})" for m in choice)
             + f" = {_n(s)}; claimed {_n(part.value)}: {'agrees' if ok else 'differs'}")
    return Outcome("supported" if ok else "contradicted", f"the sum of {len(choice)} parts",
                   [(m, "part", ok) for m in choice], arith)


JUDGES = {"lookup": lookup, "change": change, "difference": difference, "sum": total}


def combine_verdicts(outcomes: list) -> str:
    """One contradicted number contradicts the claim; one supported number supports it when
    none is contradicted (a number the sources do not state, `vượt 10 bậc`, does not sink it:
    requiring every number found was tried and lost on both claim sets)."""
    vs = [o.verdict for o in outcomes]
    for v in ("contradicted", "conflicting", "supported"):
        if v in vs:
            return v
    return "not_found"
