"""A claim as a query (`Claim` of `Part`s of `Ask`s; `kinds.parse` builds it): what kind of
claim it is, and for each number it states the metric, value, qualifier, unit, place, period
and the words that say what is counted.

Kinds (`rules/verify.toml` holds the cue words):

* `lookup` — a level (`tỷ lệ hộ nghèo … cuối năm 2022 là 2,62%`); a claim stating several
  numbers (`1.040 vụ … với 562 đối tượng`) is several lookups (one contradicted number
  contradicts it);
* `change` — a direction word before the number and a baseline (`giảm 0,5% so với năm 2021`,
  `từ năm 2011 đến cuối năm 2016 … giảm 24,56 điểm phần trăm`);
* `difference` — `A cao hơn B X` between two places or two metrics;
* `sum` — a sum word over listed parts (places or phrases), or parts the claim states itself
  (`A, B và C cộng lại đúng bằng D`).

The numbers are read by the article extractor itself (`extract.figures`), with the claim's
date (`--as-of`, default today) as its publication date, so `hiện nay`, `năm ngoái`, `cùng kỳ`
resolve as they would in an article of that day.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from hl_extract.common import ruleset
from hl_extract.language import numbers, place_mentions, places
from hl_extract.language.doc import Doc


@functools.cache
def rules() -> dict:
    r = dict(ruleset.load("verify"))
    alt = ruleset.alternation
    r["dec_re"] = re.compile(rf"(?:{alt(r['decrease'])})\s*$", re.I)
    r["inc_re"] = re.compile(rf"(?:{alt(r['increase'])})\s*$", re.I)
    r["base_re"] = re.compile(rf"^\s*,?\s*(?:{alt(r['baseline'])})\b", re.I)
    r["cmp_re"] = re.compile(rf"(?<!\w)(?P<more>{alt(r['more'])})|(?<!\w)(?P<less>{alt(r['less'])})(?!\w)", re.I)
    r["sum_re"] = re.compile(rf"(?<!\w)(?:{alt(r['aggregate'])})(?!\w)", re.I)
    r["parts_equal_re"] = re.compile(rf"(?<!\w)(?:{alt(r['parts_equal'])})(?!\w)", re.I)
    r["points_re"] = re.compile(rf"(\d)\s*(?:{alt(r['points'])})(?!\w)", re.I)
    r["of_total_re"] = re.compile(rf"(?<![\d.,])(\d+)\s+(?:{alt(r['of_total'])})\s+(\d+)(?![\d.,]*\s*%)", re.I)
    r["level_from_re"] = re.compile(rf"^(?:{alt(r['level_from'])})\s", re.I)
    r["level_to_re"] = re.compile(rf"^\s*(?:{alt(r['level_to'])})\s+\S*\d", re.I)
    r["level_after_re"] = re.compile(rf"(?:{alt(r['level_after'])})\s*$", re.I)
    r["per_year_re"] = re.compile(rf"(?:{alt(r['per_year'])})", re.I)
    r["attribution_re"] = re.compile(rf"^\s*(?:{alt(r['attribution'])})\s[^,]{{0,80}},", re.I)
    r["now_re"] = re.compile(rf"^(?:{alt(r['now_words'])})(?!\w)", re.I)
    r["stop"] = {w.lower() for w in r["stop_words"]}
    r["abbrev"] = {k: v.lower() for k, v in r["abbreviations"].items()}
    return r


# ---------------------------------------------------------------- places and words

@dataclass(frozen=True)
class Target:
    """A place the claim names: its gazetteer key when known, and a folded name to match by
    when not (`Tây Nam bộ`, `Việt Nam`)."""
    text: str
    key: str = ""
    fold: str = ""
    keys: tuple = ()          # the key and those of the units containing it
    label: str = ""
    low: str = ""             # the name, `plain`, to look for in a source sentence


_REGION_WORDS = re.compile(r"^(?:khu vực|vùng|miền|toàn|địa bàn)\s+", re.I)


def name_fold(text: str) -> str:
    _, name = places.split(text or "")
    return places.fold(_REGION_WORDS.sub("", name.strip()))


def target(text: str, when: str = "", context=()) -> Target | None:
    if not text or not text.strip():
        return None
    p = places.resolve(text, when, context)
    _, name = places.split(text)
    name = _REGION_WORDS.sub("", name.strip())
    if p and p.known:
        short = places.split(p.name)[1]
        return Target(text, p.key, places.fold(short), (p.key, *p.parent_keys), p.label(), plain(short))
    return Target(text, "", places.fold(name), (), text, plain(name))


_BARE_NAME = re.compile(r"(?:(?<=\bở )|(?<=\btại )|(?<=\bcủa ))((?:[A-ZĐÂĂÊÔƠƯ][^\W\d_]*)(?:\s[A-ZĐÂĂÊÔƠƯ][^\W\d_]*){1,3})")


def is_level(raw: str, after: str, before: str = "") -> bool:
    """`từ 11,76%` or `11,76% xuống còn …` (a level of a from-to sentence), or `so với 9,64%`
    (the level compared with): not a change."""
    r = rules()
    return bool(r["level_from_re"].match(raw) or r["level_to_re"].match(after)
                or (before and r["level_after_re"].search(before[-20:])))


def claim_places(text: str, when: str) -> list[tuple[int, int, Target]]:
    """Every place the claim names, in text order, with the other places as context
    (`xã Quế Long (Quế Sơn, Quảng Nam)`); a bare name after `ở/tại/của` the gazetteer
    knows (`ở Quế Long`) counts too."""
    found = [(m.start, m.end, m.text) for m in place_mentions.find(text) if not m.bare_unit]
    for m in _BARE_NAME.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in found):
            p = places.resolve(m.group(1), when)
            if p and p.known:
                found.append((m.start(), m.end(), m.group(1)))
    found.sort()
    first = [places.resolve(t, when) for _, _, t in found]
    ctx = tuple(sorted({k for p in first if p and p.known for k in (p.key, *p.parent_keys)}))
    out = []
    for s, e, t in found:
        tg = target(t, when, ctx)
        if tg:
            out.append((s, e, tg))
    return out


def content_words(text: str) -> frozenset:
    """The syllables that say what is counted: lower case, numbers and stop words left out,
    abbreviations spelled out (`CCN` → `cụm công nghiệp`)."""
    r = rules()
    return frozenset(w for w in re.findall(r"[^\W\d_]+", _expand(text).lower()) if w not in r["stop"])


def _expand(text: str) -> str:
    for k, v in rules()["abbrev"].items():
        if k in text:
            text = re.sub(rf"(?<!\w){re.escape(k)}(?!\w)", " " + v + " ", text)
    return text


# ---------------------------------------------------------------- the query

@dataclass
class Ask:
    """One number to find: a level the claim states (value set), or one side of a change,
    difference or sum (value None: the best-matching source is taken)."""
    metric: str
    unit: str
    value: float | None = None
    qualifier: str = "eq"
    status: str = "actual"
    period_start: str = ""
    period_end: str = ""
    now: bool = False              # "as of the claim's date": the latest source before it
    place: Target | None = None
    words: frozenset = frozenset()
    raw: str = ""
    total: float | None = None
    change: bool = False           # a stated change (`tăng 5% so với cùng kỳ`)
    no_year: bool = False          # `tính đến ngày 7/7`: day and month only
    period_text: str = ""          # as written (`tính đến ngày 7/7`)
    unit_text: str = ""            # the counted noun (`nhân khẩu`, `cụm công nghiệp`)
    head: tuple = ()               # the first words of what is measured (`thu ngân`)
    narrow: tuple = ()             # the claim's counts of what it is about: (value, unit, noun)
    named: frozenset = frozenset() # keys of every unit the claim names (`huyện A, tỉnh B`)
    siblings: tuple = ()           # the claim's other numbers of this unit: (value, raw)
    governs: str = ""              # the two words right before the number (`hỗ trợ`), plain


@dataclass
class Part:
    kind: str                      # lookup | change | difference | sum
    ask: Ask                       # the level (lookup), the level measured (change), left side
    value: float | None = None     # the claimed change, difference or total
    qualifier: str = "eq"
    points: bool = False           # percentage points
    relative: bool = False         # a change in per cent of the baseline
    other: Ask | None = None       # right side of a difference; baseline of a change
    parts: list = field(default_factory=list)   # the parts of a sum
    stated: list = field(default_factory=list)  # a sum whose parts the claim states (values)
    within: bool = False           # a change with no baseline period: two levels of one story
    raw: str = ""


@dataclass
class Claim:
    text: str
    as_of: str
    parts: list = field(default_factory=list)

    @property
    def kind(self) -> str:
        kinds = [p.kind for p in self.parts]
        for k in ("sum", "difference", "change"):
            if k in kinds:
                return k
        return "lookup"


def _figures(text: str, as_of: str):
    from hl_extract.extract.figures import extract
    figs = extract(Doc(text, as_of))
    for f in figs:
        base = base_unit(f.unit)
        if base:        # lengths and areas compared in one unit, as the dataset's are
            f.unit = base[0]
            f.value, f.value_max = (v * base[1] if isinstance(v, (int, float)) else v
                                    for v in (f.value, f.value_max))
    return figs


def base_unit(unit: str) -> tuple[str, float] | None:
    """(unit, factor) a length or area is compared in (`3 km` = 3.000 m, `2 ha` = 20.000 m2;
    `rules/verify.toml` [base_units]), else None."""
    base = rules()["base_units"].get(unit or "")
    return (base[0], base[1]) if base else None


def _now(f) -> bool:
    return bool(rules()["now_re"].match((f.period_text or "").strip()))


def _ask(f, text: str, as_of: str, plist, lo: int = 0, hi: int | None = None, value=True,
         shared: str = "") -> Ask:
    """The Ask of figure `f` of the claim `text`; its words are those of text[lo:hi] (the
    figure's share of the claim) and of `shared` (what the claim's numbers share: the words
    before the first and after the last), minus places, periods, numbers and an attribution
    (`Theo Bí thư Thành ủy …,`)."""
    hi = len(text) if hi is None else hi
    seg = text[lo:hi]
    for s, e, _ in plist:
        if lo <= s and e <= hi:
            seg = seg.replace(text[s:e], " ")
    if f.period_text:
        seg = seg.replace(f.period_text, " ")
    seg = seg.replace(f.raw, " " + (f.unit_text or "") + " ")
    tg = _place_of(f, plist, as_of)
    now = _now(f)
    no_year = bool(f.period_text) and not now and not _YEARED.search(f.period_text)
    words = content_words(_unattributed(seg)) | content_words(_unattributed(_strip(shared, plist, f)))
    if not words:                  # `từ 11,76% xuống còn 8,38%`: the claim's words
        words = content_words(_unattributed(_strip(text, plist, f)))
    pre = text[lo:max(lo, f.char_start)]
    for s_, e_, _ in plist:
        pre = pre.replace(text[s_:e_], " ") if lo <= s_ and e_ <= f.char_start else pre
    pre = _unattributed(pre.replace(f.period_text or "\x00", " "))
    head = tuple(content_words_ordered(pre))[:2]
    # the words that govern the number (`được hỗ trợ 140 triệu`): the last two right before it
    gov = re.findall(r"[^\W\d_]+", text[max(lo, f.char_start - 30):f.char_start].lower())[-2:]
    governs = " ".join(gov) if len(gov) == 2 and all(w not in rules()["stop"] for w in gov) else ""
    return Ask(f.metric, f.unit, f.value if value else None, f.qualifier or "eq", f.status or "actual",
               "" if now else f.period_start, as_of if now else f.period_end, now, tg,
               words, f.raw, f.total, no_year=no_year, period_text=f.period_text or "",
               unit_text=f.unit_text or "", head=head,
               named=frozenset(t.key for _, _, t in plist if t.key), governs=plain(governs))


def _unattributed(text: str) -> str:
    """Without a leading attribution (`Theo Sở GD-ĐT Cà Mau,`): who said it is not what is counted."""
    return rules()["attribution_re"].sub(" ", text)


def _plain_table() -> dict:
    table = {c: None for c in range(0x300, 0x370)}          # combining marks (decomposed text)
    for c in range(0xC0, 0x1F00):
        ch = chr(c)
        base = "".join(x for x in unicodedata.normalize("NFD", ch) if unicodedata.category(x) != "Mn")
        if base != ch and base:
            table[c] = base.lower()
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_PLAIN = _plain_table()


def plain(text: str) -> str:
    """Lower case without tone and vowel marks, spaces kept (`Thanh Hoá` = `thanh hóa`)."""
    return (text or "").lower().translate(_PLAIN)


def _strip(text, plist, f) -> str:
    for s, e, _ in plist:
        text = text.replace(text[s:e], " ") if e <= len(text) else text
    return text.replace(f.period_text or "\x00", " ")


def content_words_ordered(text: str) -> list:
    seen = content_words(text)
    out = []
    for w in re.findall(r"[^\W\d_]+", _expand(text).lower()):
        if w in seen and w not in out:
            out.append(w)
    return out


_YEARED = re.compile(r"\d{4}|\d{1,2}/\d{2}\b(?!/)|năm\s+(?:nay|ngoái|trước|qua)|cùng kỳ", re.I)


def _place_of(f, plist, as_of) -> Target | None:
    """The figure's place: the one the extractor gave it, else the most specific the claim
    names (a claim is one short sentence about one unit)."""
    if f.place:
        ctx = tuple(k for _, _, t in plist for k in t.keys)
        for _, _, t in plist:
            if t.text == f.place or name_fold(t.text) == name_fold(f.place):
                return t
        return target(f.place, f.period_end, ctx)
    if plist:
        return max(plist, key=lambda x: (len(x[2].keys), x[0]))[2]
    return None


def bare_total(text: str) -> tuple[float, int, int] | None:
    """A number with no unit at the claim's end (`… cộng lại là 20`)."""
    m = re.search(r"(?:là|bằng|đạt)\s+(\d(?:[\d.,]*\d)?)\s*\.?\s*$", text)
    if not m:
        return None
    v = numbers.parse_numeral(m.group(1))
    return (v, m.start(1), m.end(1)) if v is not None else None

