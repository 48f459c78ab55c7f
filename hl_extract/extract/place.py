"""Place: which administrative unit a figure is about (SPEC "place rules"), as one decision.

The candidates are the article's place mentions (`language.place_mentions`); the first
rule that finds one decides, nearest first:

1. a unit attached right after the figure (`127 tỷ của cả nước`, `… ở xã A`);
2. a unit named before the figure in its clause, else earlier in its sentence (a unit after
   `của`/`thuộc`/`so với` only when nothing else is named) — the head of its chain
   (`xã A, huyện B` → `xã A`);
3. a unit named after the figure in its clause;
4. a unit named in the one or two sentences before, in the same paragraph (the topic goes on);
5. the unit the article reports on: named in its title, else in its lead, else most often —
   or the one smaller unit inside it that the article keeps naming (`_narrowed`).

A figure whose sentence names a share, a listed company's capital or the stock market before
it and no unit (`rules/places.toml` organisation_words) is that organisation's own: rules 4
and 5 lend it no place.

A village counts only where the article names no unit above it. `place_from` says which
rule decided (`clause`, `sentence`, `before`, `article`): checks that compare places across
figures trust only places stated with the figure (`clause`, `sentence`). `place_code` and
`province` come from the gazetteer, with the units in force on the article's date.
"""
from __future__ import annotations

import bisect
import collections
import functools
import re

from hl_extract.common import ruleset
from hl_extract.common.records import Figure
from hl_extract.language import place_mentions, places
from hl_extract.language.doc import Doc
from hl_extract.language.place_mentions import COUNTRY, REGION, VILLAGE, Mention

_WHOLE_COUNTRY = ("cả nước", "toàn quốc")   # a title naming these reports on the country
CARRY_SENTENCES = 2     # rule 4: how many sentences back a unit carries
LEAD_SENTENCES = 2      # rule 5: the lead
ATTACH_REACH = 30       # rule 1: characters after the figure
NARROW_MENTIONS = 2     # rule 5: how often the one smaller unit must be named


class Rules:
    def __init__(self):
        r = ruleset.load("places")
        self.source_units = r.get("source_units", {})
        self.attach_re = re.compile(
            rf"[\s,]*(?:{ruleset.alternation(r['attach_after'])})\s+(?:(?:các|toàn)\s+)?\Z")
        self.organisation_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['organisation_words'])})(?![\w])",
                                          re.IGNORECASE)
        self.caption_re = re.compile(rf"\s*(?:{ruleset.alternation(r['caption_marks'])})", re.IGNORECASE)
        self.abroad_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['abroad_before'])})\s+\Z", re.IGNORECASE)
        self.country = r["country_name"]


@functools.cache
def rules() -> Rules:
    return Rules()


def mentions(doc: Doc) -> list[Mention]:
    """The article's place mentions, found once per article."""
    return doc.memo("place_mentions", lambda d: place_mentions.find(d.text))


def article_context(doc: Doc) -> tuple:
    """Keys of the provinces and districts the article names (to tell same-named communes apart)."""
    def build(d):
        found = mentions(d)
        return _context(d, found)
    return doc.memo("place_context", build)


def _frame(doc: Doc) -> tuple:
    """(mentions, their heads, their starts, the article's context, its focus unit), once per article."""
    def build(d):
        found = mentions(d)
        heads = [found[m.head] if m.head >= 0 else m for m in found]
        if any(m.rank < VILLAGE for m in found):   # villages only where nothing above is named
            pairs = [(m, h if h.rank < VILLAGE else m) for m, h in zip(found, heads) if m.rank < VILLAGE]
            found, heads = [m for m, _ in pairs], [h for _, h in pairs]
        home = _home_unit(d)
        focus = _focus(d, found, heads) or home
        _resolve_bare_units(found, heads, [u for u in (focus, home) if u is not None], _home_chain(_portal(d)))
        keep = [i for i, h in enumerate(heads) if h is not None]
        found, heads = [found[i] for i in keep], [heads[i] for i in keep]
        return found, heads, [m.start for m in found], _context(d, [*found, *heads]), focus
    return doc.memo("place_frame", build)


def article_unit(doc: Doc) -> str:
    """The unit the article reports on, as written (`huyện Đắk Song`), else "" — what its
    figures that name no place are about, and who holds its targets."""
    found, heads, _, context, focus = _frame(doc)
    m = _narrowed(doc, focus, found, heads, context)
    return m.text if m is not None else ""


def situate(doc: Doc, figures: list[Figure]) -> None:
    """Set `place`, `place_code` and `province` of every figure of the article."""
    if not figures:
        return
    found, heads, starts, context, focus = _frame(doc)
    narrow = []   # the article's unit, narrowed once when a figure first needs it
    codes = {}
    for fig in figures:
        row = getattr(fig, "row_place", "")   # a table's row under a "Xã" column: "xã Quảng Tân"
        if row:
            named = place_mentions.find(row)
            if named:
                fig.place, fig.place_from = named[0].text, "clause"
                fig.place_code, fig.province = _code(named[0], doc.published, context)
                continue
        m, basis = _choose(doc, fig, found, heads, starts)
        if m is None and basis != "own":
            if not narrow:
                narrow.append(_narrowed(doc, focus, found, heads, context))
            m, basis = narrow[0], "article"
        if m is None:
            continue
        fig.place, fig.place_from = m.text, basis
        if id(m) not in codes:
            codes[id(m)] = _code(m, doc.published, context)
        fig.place_code, fig.province = codes[id(m)]


def _choose(doc: Doc, fig: Figure, found, heads, starts) -> tuple[Mention | None, str]:
    """The figure's unit and the rule that found it (`clause`, `sentence` or `before`)."""
    R = rules()
    text = doc.text
    s0, s1 = fig.sentence_start, fig.sentence_end
    lo = bisect.bisect_left(starts, s0)
    at = bisect.bisect_left(starts, fig.char_start)
    hi = bisect.bisect_left(starts, s1)
    # 1. attached after the figure
    for i in range(at, hi):
        m = found[i]
        if m.start > fig.char_end + ATTACH_REACH:
            break
        if m.start >= fig.char_end and R.attach_re.match(text, fig.char_end, m.start):
            return heads[i], "clause"
    # 2. before the figure: in its clause, else in its sentence; strong before weak
    clause = max(text.rfind(";", s0, fig.char_start), text.rfind(":", s0, fig.char_start)) + 1 or s0
    before = [i for i in range(lo, at) if found[i].end <= fig.char_start]
    for pool, basis in (([i for i in before if found[i].start >= clause], "clause"), (before, "sentence")):
        strong = [i for i in pool if not found[i].weak]
        if strong:
            i = strong[-1]
            if _abroad(text, found[i], R):   # the Vietnamese unit whose people went there
                home = [j for j in before if j < i and not found[j].weak and not _abroad(text, found[j], R)
                        and (found[j].rank > COUNTRY or found[j].name == R.country)]
                if home:
                    return heads[home[-1]], "sentence"
            return heads[i], basis
    unranked = [i for i in before if not found[i].ranked]
    if unranked:
        return heads[unranked[-1]], "sentence"
    # 3. after the figure in its clause
    cuts = [p for p in (text.find(";", fig.char_end, s1), text.find(":", fig.char_end, s1)) if p >= 0]
    end = min(cuts, default=s1)
    for i in range(at, hi):
        m = found[i]
        if m.start >= fig.char_end and m.end <= end and not m.weak:
            return heads[i], "clause"
    # a listed company's or the stock market's own figure: no place lent from elsewhere
    if R.organisation_re.search(text, s0, fig.char_start):
        return None, "own"
    # 4. carried from the sentences before, within the paragraph
    prev = _previous_sentences(doc, s0, CARRY_SENTENCES)
    if prev is not None:
        a = bisect.bisect_left(starts, prev)
        pool = [i for i in range(a, lo) if not found[i].weak]
        if pool:
            return heads[pool[-1]], "before"
    return None, ""


def _abroad(text: str, m: Mention, R: Rules) -> bool:
    """A foreign country named as where someone went (`tại Hoa Kỳ`, `sang Nhật Bản`)."""
    return m.rank == COUNTRY and m.name != R.country and bool(R.abroad_re.search(text, max(0, m.start - 12), m.start))


def _portal(doc: Doc) -> str:
    return doc.article_id.partition(":")[0] if ":" in doc.article_id else ""


@functools.cache
def _home_chain(portal: str) -> tuple:
    """The portal's own unit (`rules/places.toml` `source_units`, by the id's prefix) and the
    units containing it (`huyện Đắk Song`, `tỉnh Đắk Nông`); found once per portal (the
    mentions are read, never changed)."""
    unit = rules().source_units.get(portal) if portal else None
    found = place_mentions.find(unit) if unit else []
    if not found:
        return ()
    chain = [found[0]]
    p = places.resolve(unit)
    if p and p.known and p.province and p.province != p.name:
        chain += place_mentions.find(p.province)[:1]
    return tuple(chain)


def _home_unit(doc: Doc) -> Mention | None:
    chain = _home_chain(_portal(doc))
    return chain[0] if chain else None


def _resolve_bare_units(found, heads, fallback, home=()) -> None:
    """A unit word alone stands for the last unit of its level named before it, else — on a
    portal — the portal's unit or the one containing it (`toàn tỉnh` on a district's portal),
    else the next named, else the article's unit of that level."""
    last = {}
    for i, m in enumerate(found):
        if m.bare_unit:
            heads[i] = last.get(m.rank)
        elif not m.several:
            last[m.rank] = heads[i]
    nxt = {}
    for i in range(len(found) - 1, -1, -1):
        m = found[i]
        if m.bare_unit and heads[i] is None:
            heads[i] = (next((u for u in home if u.rank == m.rank), None) or nxt.get(m.rank)
                        or next((u for u in fallback if u.rank == m.rank), None))
        elif not m.bare_unit and not m.several:
            nxt[m.rank] = heads[i]


def _previous_sentences(doc: Doc, start: int, n: int) -> int | None:
    """Where the `n` sentences before the one at `start` begin, not crossing a paragraph."""
    i = bisect.bisect_right(doc.sentence_starts, start) - 1
    if i <= 0:
        return None
    para = _paragraph_start(doc, start)
    j = max(0, i - n)
    first = doc.sentences[j].start
    return max(first, para) if para < start else None


def _paragraph_start(doc: Doc, pos: int) -> int:
    starts = doc.memo("paragraph_starts", lambda d: [p.start for p in d.paragraphs])
    k = bisect.bisect_right(starts, pos) - 1
    return starts[k] if k >= 0 else 0


def _focus(doc: Doc, found, heads) -> Mention | None:
    """The unit the article reports on: its title's, else its lead's, else the most named."""
    title = getattr(doc, "title", "")
    if title:
        named = place_mentions.find(title)
        in_title = [m for m in named if COUNTRY < m.rank < VILLAGE and not m.weak and not m.bare_unit]
        if in_title:
            return in_title[0] if in_title[0].head < 0 else in_title[in_title[0].head]
        country = [m for m in named if m.rank == COUNTRY and title[m.start:m.end].lower() in _WHOLE_COUNTRY
                   and not m.weak]
        if country:     # `Cả nước tiếp tục chung tay vì người nghèo`: the whole country's report
            return country[0]
    strong = [h for m, h in zip(found, heads) if not m.weak and not m.bare_unit and h.rank > COUNTRY]
    if not strong:
        return None
    lead_end = doc.sentences[min(LEAD_SENTENCES, len(doc.sentences)) - 1].end if doc.sentences else 0
    lead = [h for h in strong if h.start < lead_end and not _in_caption(doc, h)]
    if lead:
        return lead[0]
    counts = collections.Counter(places.fold(h.name or h.text) for h in strong)
    best = max(counts.values())
    return next(h for h in strong if counts[places.fold(h.name or h.text)] == best)


def _narrowed(doc: Doc, focus: Mention | None, found, heads, context) -> Mention | None:
    """The most specific unit the article reports on: where the smaller units the article names
    inside its unit are one line (one commune, with or without its district), the deepest, when
    named at least `NARROW_MENTIONS` times (`H. Đức Huệ`
    in the lead, then `ông Thêm (ấp 1, xã Bình Hòa Nam, H. Đức Huệ)` and the commune again),
    the figures lent the article's unit are that one's."""
    if focus is None or focus.several or not (REGION < focus.rank < place_mentions.WARD):
        return focus
    outer = _unit(focus, doc.published)
    if outer is None:
        return focus
    inner: dict[str, list[Mention]] = {}
    for m, h in zip(found, heads):
        if focus.rank < h.rank < VILLAGE and not (m.weak or m.bare_unit or h.several):
            inner.setdefault(places.fold(h.name or h.text), []).append(h)
    inside = []
    for ms in inner.values():
        p = _unit(ms[0], doc.published, tuple(sorted({outer.key, *context})))
        if p is not None and outer.key in p.parent_keys:
            inside.append((p, ms))
    # one line of units (a commune and the district that holds it count as one): its deepest
    deepest = [(p, ms) for p, ms in inside if all(q.key in p.parent_keys for q, _ in inside if q is not p)]
    if len(deepest) == 1 and len(deepest[0][1]) >= NARROW_MENTIONS:
        return deepest[0][1][0]
    return focus


def _in_caption(doc: Doc, m: Mention) -> bool:
    """Whether a mention is in a photo caption: its sentence is followed by (or holds, after it)
    a credit (`… tại xã A, huyện B. Ảnh: TTXVN`, `(Nguồn: …)`); a caption names where the photo
    was taken, not what the article reports on."""
    i = bisect.bisect_right(doc.sentence_starts, m.start) - 1
    if i < 0:
        return False
    end = doc.sentences[i].end
    cap = rules().caption_re
    return bool(cap.match(doc.text, end) or cap.search(doc.text, m.end, end))


def _unit(m: Mention, when: str, context=()) -> places.Place | None:
    """The gazetteer's unit a named mention stands for (in force at `when`), or None."""
    if not m.name:
        return None
    p = places.resolve(f"{m.type_word} {m.name}".strip(), when, context)
    return p if p is not None and p.known else None


def _context(doc: Doc, heads) -> tuple:
    """Keys of the provinces and districts the article names, in chains too (`phường 5, quận
    3`: the district tells the ward apart from other wards of that name)."""
    keys = set()
    for m in heads:
        if REGION < m.rank < VILLAGE and m.rank <= place_mentions.DISTRICT and not m.several:
            p = _unit(m, doc.published)
            if p is not None:
                keys.add(p.key)
    return tuple(sorted(keys))


def _code(m: Mention, when: str, context) -> tuple[str, str]:
    """(place_code, province) of a mention; ("", "") for regions, lists and unknown units."""
    if m.rank <= REGION or m.rank == VILLAGE or m.several:
        return "", ""
    p = _unit(m, when, context)
    if p is None:
        return "", ""
    return p.key.rsplit(":", 1)[-1], p.province
