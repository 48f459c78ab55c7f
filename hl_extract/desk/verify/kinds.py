"""Which kind of claim a number belongs to — lookup, change, difference or sum — and the
asks each kind needs; `parse` turns a claim's text into its query."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from hl_extract.common.records import Figure
from hl_extract.desk.verify.claim import (
    Ask,
    Claim,
    Part,
    _ask,
    _figures,
    bare_total,
    claim_places,
    content_words,
    is_level,
    rules,
    target,
)
from hl_extract.language.doc import Doc
from hl_extract.language.periods import find_periods
from hl_extract.language.text import clean

_RATE_WORDS = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ|tốc độ|lãi suất)(?!\w)", re.I)
_STOP_PHRASE = re.compile(r"\s(?:của|ở|tại|trên địa bàn|trong|giai đoạn|là|đạt)\s", re.I)


def parse(claim: str, as_of: str = "") -> Claim:
    """The claim as a query (see the module's docstring)."""
    as_of = as_of or _dt.date.today().isoformat()
    r = rules()
    text = re.sub(r"\s+", " ", clean(claim)).strip()
    text = r["of_total_re"].sub(r"\1/\2", text)   # `55 trên 63 tiêu chí` is 55 of 63
    # percentage points are read as per cent; where each such figure ends is remembered
    read, points_at, last = [], set(), 0
    for m in r["points_re"].finditer(text):
        read.append(text[last:m.end(1)] + "%")
        points_at.add(sum(map(len, read)))
        last = m.end()
    read = "".join(read) + text[last:]
    c = Claim(text, as_of)
    figs = _figures(read, as_of)
    plist = claim_places(read, "")
    c.parts = parts(read, figs, plist, as_of, points_at) if figs or r["sum_re"].search(read) else []
    for p in c.parts:       # a source giving another of the claim's own numbers is that one's
        if p.kind == "lookup":
            p.ask.siblings = tuple((f.value, f.raw) for f in figs
                                   if f.unit == p.ask.unit and f.raw != p.raw and f.value != p.value)
    return c


def parts(text: str, figs, plist, as_of: str, points_at: set) -> list[Part]:
    """The parts of a claim: a sum if it is one, else a difference or change per number that
    is one, and a lookup for every other number (`points_at`: where figures written in
    percentage points end)."""
    out = _sum(text, figs, plist, as_of)
    if out:
        return out
    used = set()
    for i, f in enumerate(figs):
        p = _against_level(text, figs, i, plist, as_of, f.char_end in points_at)
        if p is not None:
            out.extend(p)
            used.add(i)
            continue
        p = _difference(text, f, plist, as_of, f.char_end in points_at)
        if p is None:
            p = _change(text, f, plist, as_of, f.char_end in points_at)
        if p is not None:
            out.append(p)
            used.add(i)
    shared = (text[:figs[0].char_start] + " " + text[figs[-1].char_end:]) if len(figs) > 1 else ""
    claimed = set(rules()["claimed_units"])
    first_amount = next((i for i, f in enumerate(figs) if i not in used and f.unit in claimed), None)
    # "9 lô đất … 27 nghìn tỷ đồng": counts of what the amount is about are no lookups of their own
    about = {i for i, f in enumerate(figs) if first_amount is not None and i < first_amount
             and i not in used and f.unit not in claimed}
    for i, f in enumerate(figs):
        if i in used or i in about:
            continue
        before = [j for j in range(i) if j not in about]
        lo = figs[before[-1]].char_end if before else 0
        hi = figs[i + 1].char_start if i + 1 < len(figs) else len(text)
        ask = _ask(f, text, as_of, plist, lo, hi, shared=shared)
        if i == first_amount:
            ask.narrow = tuple((figs[j].value, figs[j].unit, figs[j].unit_text or "") for j in sorted(about))
        out.append(Part("lookup", ask, f.value, f.qualifier, raw=f.raw))
    return out


_AGAINST = re.compile(r"^\s*,?\s*so với\s+(?:mức|con số|số)?\s*$", re.I)


def _against_level(text, figs, i, plist, as_of, points) -> list | None:
    """`lên 15 tỷ đồng, tăng 7 tỷ so với mức 8 tỷ đồng`: a change against a level the claim
    states. The claim holds if its own arithmetic does (15 − 8 = 7) and its levels are in the
    sources; with no new level stated (`giảm 5 điểm phần trăm so với mức 23%`) the new level
    (18 %) is looked up."""
    r = rules()
    f = figs[i]
    if i + 1 >= len(figs) or not _AGAINST.match(text[f.char_end:figs[i + 1].char_start]):
        return None
    before = text[:f.char_start]
    m = r["dec_re"].search(before) or r["inc_re"].search(before)
    if not m:
        return None
    sign = -1 if r["dec_re"].search(before) else 1
    base = figs[i + 1]
    new = figs[i - 1] if i and figs[i - 1].unit == base.unit and len(text[figs[i - 1].char_end:m.start()]) <= 4 else None
    change = sign * f.value
    ask = _ask(base, text, as_of, plist, 0, len(text), value=False)
    if new is not None:
        return [Part("change", ask, change, f.qualifier or "eq", points, stated=[new.value, base.value],
                     raw=f.raw)]
    implied = _ask(base, text, as_of, plist, 0, len(text))
    implied.value = base.value + change
    return [Part("change", ask, change, f.qualifier or "eq", points, stated=[base.value + change, base.value],
                 raw=f.raw),
            Part("lookup", implied, implied.value, "eq", raw=f"{base.raw} {'+' if sign > 0 else '−'} {f.raw}")]


def _unit_suffix(f) -> str:
    if f.unit == "percent":
        return "%"
    rest = f.raw
    m = re.match(r"^\D*[\d.,]+\s*", rest)
    return rest[m.end():] if m else (f.unit_text or "")


def _side(phrase: str, suffix: str, as_of: str, f) -> Ask | None:
    """The level a phrase names (`tỷ lệ hộ cận nghèo của Hồng Lĩnh`), read by the extractor
    as if the phrase stated a value: `<phrase> là 1 <unit>`."""
    probe = phrase.rstrip(" ,") + " là 1" + ("" if suffix == "%" else " ") + suffix
    figs = [g for g in _figures(probe, as_of) if g.char_start >= len(phrase.rstrip(" ,"))]
    pl = claim_places(probe, "")
    if not figs:
        return None
    g = figs[-1]
    a = _ask(g, probe, as_of, pl, 0, len(phrase), value=False)
    if not a.period_end and not a.now:
        a.period_start, a.period_end, a.now = (f.period_start, f.period_end, False)
    return a


def _difference(text, f, plist, as_of, points) -> Part | None:
    r = rules()
    before = text[:f.char_start]
    ms = list(r["cmp_re"].finditer(before))
    if not ms:
        return None
    m = ms[-1]
    right = before[m.end():]
    bare = re.sub(r"[^\W\d_]+-?\d+", " ", right)     # `Covid-19`, `QL14`: names, not numbers
    for p in find_periods(Doc(right, as_of)):
        bare = bare.replace(p.text, " ")
    if not re.search(r"[^\W\d_]", right) or re.search(r"\d", bare):
        return None                     # `cao hơn 5%`: a bound, not a difference
    suffix = _unit_suffix(f)
    left = _side(before[:m.start()], suffix, as_of, f)
    if left is None:
        return None
    rside = _side(right, suffix, as_of, f)
    rtargets = [t for s, e, t in claim_places(right, "")]
    if rside is None:
        rside = Ask(left.metric, left.unit, None, "eq", left.status, left.period_start, left.period_end,
                    left.now, None, frozenset())
    if rtargets:
        rside.place = rtargets[-1]
    elif rside.place is None:
        rside.place = left.place
    generic = set(r["match"]["generic"])
    if rside.metric in generic or rside.unit != left.unit:
        rside.metric, rside.unit = left.metric, left.unit
    if not rside.words or rtargets:
        rside.words = rside.words | left.words
    sign = -1 if m.group("less") else 1
    pts = points or (f.unit == "percent" and (left.unit == "percent"))
    return Part("difference", left, sign * f.value, f.qualifier or "eq", pts, other=rside, raw=f.raw)


def _change(text, f, plist, as_of, points) -> Part | None:
    r = rules()
    before = text[:f.char_start]
    m = r["dec_re"].search(before) or r["inc_re"].search(before)
    if not m or is_level(f.raw, text[f.char_end:]):
        return None
    sign = -1 if r["dec_re"].search(before) else 1
    periods = find_periods(Doc(text, as_of))
    base = next((p for p in periods if p.baseline and p.char_start >= f.char_end), None) or next(
        (p for p in periods if p.baseline and p.char_end <= f.char_start), None)   # `So với năm 2015, …`
    said_base = r["base_re"].match(text[f.char_end:])
    level_text = before[:m.start()].rstrip()
    # the level's own period: the claim's, or the end of a range (`từ năm 2011 đến cuối năm 2016`)
    own = [p for p in periods if not p.baseline and (p.start or p.end)]
    start_p = end_p = None
    if base is None and not said_base:
        first, last = (own[0].start or own[0].end)[:4] if own else "", (own[-1].end or own[-1].start)[:4] if own else ""
        if len(own) >= 2 and first < last:
            start_p, end_p = own[0], own[-1]
        elif own and own[0].start and own[0].end and own[0].start[:4] < own[0].end[:4]:
            start_p = end_p = own[0]
    suffix = "%" if f.unit == "percent" else _unit_suffix(f)
    lvl_phrase = re.sub(r"^\s*(?:từ|trong|giai đoạn)?\s*" + (re.escape(own[0].text) if own else "^$") + r"\s*,?\s*",
                        "", level_text, flags=re.I) if start_p else level_text
    rate = bool(_RATE_WORDS.search(level_text)) or points
    level = _side(lvl_phrase, suffix if (rate or f.unit != "percent") else "đơn vị", as_of, f)
    if level is None:
        level = Ask("", "", None, words=content_words(lvl_phrase))
    if f.unit == "percent" and not rate:
        level.metric, level.unit = "", ""          # a relative change of a level of any unit
    if not level.place:
        pl = [t for s, e, t in plist if e <= f.char_start]
        level.place = pl[-1] if pl else None
    stated = _ask(f, text, as_of, plist, 0, len(text))
    stated.change = True
    if base is not None or said_base:
        bs, be = (base.start, base.end) if base is not None else ("", "")
        if not (bs or be) and f.period_end:        # `so với cùng kỳ`: a year before
            bs, be = _year_before(f.period_start), _year_before(f.period_end)
        level.period_start, level.period_end = (f.period_start, f.period_end) if f.period_end else (
            level.period_start, level.period_end)
    elif start_p is not None:
        y0 = (start_p.start or start_p.end)[:4]
        bs, be = f"{y0}-01-01", f"{y0}-12-31"
        level.period_start, level.period_end = end_p.end or end_p.start, end_p.end or end_p.start
        level.now = bool(rules()["now_re"].match(end_p.text.strip()))
        stated.period_start, stated.period_end = (start_p.start or bs), level.period_end
    else:
        # no baseline period (`Sau cổ phần hóa, tổng diện tích … tăng thêm hơn 147.000 m2`): a
        # change the sources state, else the two levels one story gives, the earlier first
        bs, be = level.period_start, level.period_end
    baseline = Ask(level.metric, level.unit, None, "eq", level.status, bs, be, False, level.place, level.words)
    relative = f.unit == "percent" and not rate
    return Part("change", level, sign * f.value, f.qualifier or "eq", not relative and f.unit == "percent",
                relative, other=baseline, parts=[stated], raw=f.raw,
                within=base is None and not said_base and start_p is None)


def _year_before(d: str) -> str:
    return f"{int(d[:4]) - 1}{d[4:]}" if d and d[:4].isdigit() else ""


def _sum(text, figs, plist, as_of) -> list[Part]:
    r = rules()
    sm = r["sum_re"].search(text)
    if not sm:
        return []
    # (a) the claim states the parts and the total: `A, B và C cộng lại đúng bằng D`
    if len(figs) >= 3 and len({f.unit for f in figs}) == 1 and r["parts_equal_re"].search(
            text, figs[-2].char_end, figs[-1].char_start):
        out = [Part("sum", _ask(figs[-1], text, as_of, plist, figs[-2].char_end), figs[-1].value,
                    figs[-1].qualifier, stated=[f.value for f in figs[:-1]], raw=figs[-1].raw)]
        for i, f in enumerate(figs):
            lo = figs[i - 1].char_end if i else 0
            hi = figs[i + 1].char_start if i + 1 < len(figs) else len(text)
            out.append(Part("lookup", _ask(f, text, as_of, plist, lo, hi), f.value, f.qualifier, raw=f.raw))
        return out
    total = figs[-1] if figs else None
    if total is None:
        bt = bare_total(text)
        if bt is None:
            return []
        value, start, end = bt
        total = Figure("count", value, "item", text[start:end], start, end)
    whole = _ask(total, text, as_of, plist, 0, len(text))
    # (b) a list of places: `Hà Tĩnh và Quảng Trị …`, `của 3 xã A, B, C`
    places_ = _listed_places(text, plist, total.char_start)
    if places_:
        asks = [_with(whole, place=t) for t in places_]
        return [Part("sum", whole, total.value, total.qualifier or "eq", parts=asks, raw=total.raw)]
    # (c) a list of phrases: `Tổng tỷ lệ hộ nghèo và hộ cận nghèo của …`
    leading = sm.group(0).lower() in {w.lower() for w in r["aggregate_leading"]}
    after, before = text[sm.end():total.char_start], text[:sm.start()]
    pieces = _pieces(after if leading else before, as_of) or ([] if leading else _pieces(after, as_of))
    if len(pieces) < 2:
        return []
    suffix = "%" if total.unit == "percent" else _unit_suffix(total)
    asks = []
    for piece in pieces:
        a = _side(piece, suffix, as_of, total) if suffix else None
        if a is None or a.unit != total.unit:
            a = _with(whole, words=content_words(piece))
        a.place = a.place or whole.place
        if not a.period_end and not a.now:
            a.period_start, a.period_end, a.now = whole.period_start, whole.period_end, whole.now
        if a.metric in set(r["match"]["generic"]):
            a.metric = whole.metric if whole.metric not in ("count",) else a.metric
        asks.append(a)
    return [Part("sum", whole, total.value, total.qualifier or "eq", parts=asks, raw=total.raw)]


def _pieces(span: str, as_of: str) -> list[str]:
    """The parts a sum lists: `A và B`, `A, B và C`; the first part starts after the last
    comma before the list, the last ends before `của`, `ở`, a period …"""
    for p in find_periods(Doc(span, as_of)):
        span = span.replace(p.text, " ")
    items = re.split(r"\s+và\s+", span)
    if len(items) < 2:
        return []
    head = items[0].split(",")
    items = head[-1:] + items[1:]
    if len(head) > 2:                       # `A, B và C`
        items = [x for x in head if x.strip()] + items[1:]
    stop = _STOP_PHRASE.search(" " + items[-1] + " ")
    if stop and stop.start() > 0:
        items[-1] = (" " + items[-1])[:stop.start()]
    return [x.strip(" ,") for x in items if content_words(x)]


def _with(a: Ask, **kw) -> Ask:
    return replace(a, value=None, **kw)


_LIST_NAMES = re.compile(r"của\s+(?:các\s+)?(?:(?P<n>\d+)\s+)?(?P<types>(?:(?:thị xã|thị trấn|thành phố|phường|"
                         r"xã|huyện|quận|tỉnh)(?:\s*,\s*|\s+))+)(?P<names>[^.;]*)", re.I)


def _listed_places(text: str, plist, end: int) -> list:
    """Places listed as the parts of a sum: mentions joined by `và` or commas, or the names
    after `của 3 xã, phường A, B, C`."""
    m = _LIST_NAMES.search(text, 0, end)
    if m:
        names_txt = re.split(r"\s(?:năm|là|đạt|có|trong|giai đoạn|tháng|quý|cuối|đầu)\s|\s\d", m.group("names"))[0]
        names = [x.strip() for x in re.split(r",|\svà\s", names_txt) if x.strip()]
        names = [x for x in names if x[:1].isupper()]
        if len(names) >= 2:
            return [target(x) for x in names]
    chain = []
    for s, e, t in plist:
        if s >= end:
            break
        if chain and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", text[chain[-1][1]:s]):
            chain.append((s, e, t))
        elif len(chain) < 2:
            chain = [(s, e, t)]
    return [t for _, _, t in chain] if len(chain) >= 2 else []
