"""Place mentions: every administrative unit, region or country an article names.

* typed: a unit word and a name (`xã Thạch Hạ`, `TP.HCM`, `quận 3`, `các huyện Nghi Xuân,
  Can Lộc` — one mention for the list); after an abbreviation (`TP.`, `TX`) only a name
  the gazetteer knows; a number is a name only for numbered wards with no amount after;
* bare names the gazetteer knows as a province or district (`Nghệ An`, `Can Lộc`), its
  short forms (`Sài Gòn`), the whole country (`cả nước` → `Việt Nam`), regions and foreign
  countries — a bare name inside a longer capitalised run (a person) is none;
* a chain `xã A, huyện B, tỉnh C` is one unit: each link knows the chain's most
  specific head.

Rules: `rules/places.toml`; the gazetteer: `language.places`.
"""
from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass

from hl_extract.common import ruleset
from hl_extract.language import numbers, places

# How specific a unit is: the higher, the more specific.
COUNTRY, REGION, PROVINCE, DISTRICT, WARD, VILLAGE = range(6)
_LEVEL_RANK = {"province": PROVINCE, "city": PROVINCE, "district": DISTRICT, "ward": WARD}

_UP = re.escape("".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha()))
_CAP_WORD = rf"[{_UP}][^\W_]*(?: ?['’] ?[^\W_]+)?"   # `Đắk R'Tih`, spaced `Đắk R ’ Tih`
_NAME = rf"{_CAP_WORD}(?:(?:\s|\s?-\s?){_CAP_WORD}){{0,4}}"
# capitalised runs of two words or more (one-word names: `Rules.single_re`)
# (the scanning patterns leave out their "no letter or dot before" look-behind: `_scan` checks it,
# which lets the regex engine skip to the first letters; same matches)
_RUN = re.compile(rf"{_CAP_WORD}(?:\s(?:-\s)?{_CAP_WORD})+")


@dataclass
class Mention:
    start: int
    end: int
    text: str           # as written, with its type word (`xã Thạch Hạ`, `Nghệ An`)
    name: str           # the name for the gazetteer (`Thạch Hạ`, `Hồ Chí Minh`); "" for none
    type_word: str      # the gazetteer's type (`xã`, `tỉnh` …) or ""
    rank: int           # COUNTRY … VILLAGE
    weak: bool = False  # after `của`, `thuộc`, `so với` …: a container or a comparison
    head: int = -1      # index of the most specific mention of its chain (itself: -1)
    several: bool = False  # a list of units (`các huyện A, B`)
    bare_unit: bool = False  # a unit word alone (`huyện đã cấp …`): the article's unit of that level
    ranked: bool = False     # after a rank (`đứng thứ ba cả nước`): the set ranked in, no figure's place


class Rules:
    def __init__(self):
        r = ruleset.load("places")
        g = ruleset.load("gazetteer")
        self.prefix = {k.lower(): v for k, v in g["prefix"].items()}
        self.level = g["level"]
        villages = r["village_units"]
        typed = sorted(set(r["units"]) | set(villages) | set(r["abbreviations"]), key=len, reverse=True)
        self.village = {w.lower() for w in villages}
        self.abbrev = set(r["abbreviations"])
        self.typed_re = re.compile(
            rf"(?<![\w.])(?P<plural>(?:[Cc]ác|[Nn]hững|\d+)\s+)?(?P<unit>{'|'.join(map(re.escape, typed))})"
            rf"(?:\s+|(?<=\.))(?P<name>{_NAME}|\d{{1,2}}(?![\d]|[.,]\d))")
        # where a typed mention can start: a unit word (the engine skips to its first letters)
        self.unit_word_re = re.compile("|".join(map(re.escape, typed)))
        compounds = collections.defaultdict(list)   # unit word → the words that make it another word
        for c in r["unit_word_compounds"]:
            first, _, unit_word = c.rpartition(" ")
            compounds[unit_word.lower()].append(first)
        self.compound_before = {u: re.compile(rf"(?<![\w])(?:{'|'.join(map(re.escape, ws))})\s\Z", re.IGNORECASE)
                                for u, ws in compounds.items()}
        self.amount_after_re = re.compile(
            rf"\s*(?:[.,]\d|\d|{numbers.SCALE}|đồng|hộ|người|%|ha|km)(?![^\W\d_])", re.IGNORECASE)
        self.bare_unit_re = re.compile(
            rf"{_starts(r['anaphoric_units'])}(?<![\w])(?<!\d ){_not_after(r['not_anaphoric_before'])}"
            rf"({ruleset.alternation([*r['anaphoric_units'], *(w[:1].upper() + w[1:] for w in r['anaphoric_units'])])})"
            rf"(?!\s+(?:{ruleset.alternation(r['not_anaphoric_after'])})(?![\w]))(?![\w])(?!\s+[{_UP}\d])")
        self.list_re = re.compile(rf"(?:\s*,\s*|\s+và\s+)({_NAME})")
        self.country_re = re.compile(rf"(?:{ruleset.alternation(r['country_phrases'])})(?![\w])")
        self.country = r["country_name"]
        self.region_re = re.compile(
            rf"(?<![\w])(?:(?:{ruleset.alternation(r['region_lead'])})\s+)?"
            rf"(?:{ruleset.alternation(r['regions'])})(?![\w])")
        self.region_core_re = re.compile(ruleset.alternation(r["regions"]))
        self.region_lead_re = re.compile(rf"(?:{ruleset.alternation(r['region_lead'])})\s+\Z")
        self.countries = {places.fold(c): c for c in r["countries"]}
        self.aliases = {places.fold(k): v for k, v in r["aliases"].items()}
        self.lead_words = set(r["lead_words"])
        self.prepositions = set(r["prepositions"])
        self.person_names = {places.fold(x) for x in r["person_names"]}
        self.person_before_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['person_before'])})\s*\Z")
        self.weak_before_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['weak_before'])})\s+"
                                         rf"(?:(?:các|địa bàn|toàn)\s+)?\Z")
        self.ranked_before_re = re.compile(
            rf"(?<![\w])(?:(?:{ruleset.alternation(r['rank_words'])})\s+[^\W_]+|"
            rf"{ruleset.alternation(r['superlatives'])})\s+\Z", re.IGNORECASE)
        gz = places.gazetteer()
        self.bare = {}   # folded name → rank, for bare provinces and districts
        for (era, name), found in gz.by_name.items():
            ranks = {_LEVEL_RANK[p.level] for p in found if p.level in ("province", "district")}
            if ranks:
                self.bare[name] = min(ranks | {self.bare.get(name, 9)})
        for k, v in self.aliases.items():
            self.bare.setdefault(k, PROVINCE)
        # the one-word names worth folding: short forms and countries, as written
        self.single_words = {w for w in [*r["aliases"], *r["countries"]] if " " not in w and "-" not in w}
        self.single_re = re.compile(rf"(?:{'|'.join(map(re.escape, sorted(self.single_words)))})"
                                    rf"(?![\w])(?!\s(?:-\s)?[{_UP}])")


def _starts(words) -> str:
    """A look-ahead for the first letters of `words` (either case): the regex engine then skips
    every other position at once instead of trying each alternative there (a speed-up only;
    `ruleset.starts_regex` is the same idea for a whole finder)."""
    first = {c for w in words if w for c in (w[0], w[0].swapcase())}
    return "(?=[" + "".join(sorted(map(re.escape, first))) + "])"


def _not_after(words) -> str:
    """Negative look-behinds: none of `words` (either case of the first letter) and a space before."""
    forms = {f for w in words for f in (w, w[:1].upper() + w[1:])}
    return "".join(f"(?<!{re.escape(w)} )" for w in sorted(forms))


@functools.cache
def rules() -> Rules:
    return Rules()


def find(text: str) -> list[Mention]:
    """Every place mention of `text`, in text order, chains linked."""
    R = rules()
    found: list[Mention] = []
    taken = []
    for m in _anchored(R.typed_re, R.unit_word_re, _PLURAL_BEFORE, text):
        mention = _typed(text, m, R)
        if mention is not None:
            found.append(mention)
            taken.append((mention.start, mention.end))
    for it, rank in ((_scan(R.country_re, text, ""), COUNTRY),
                     (_anchored(R.region_re, R.region_core_re, R.region_lead_re, text), REGION)):
        for m in it:
            if _NAME_GOES_ON.match(text, m.end()) or m.group()[0].isupper() and _attribute(text, m.start(), R):
                continue  # "Khu đô thị Tây Bắc Đà Nẵng"; "tiền Việt Nam"
            if not _overlaps(m.start(), m.end(), taken):
                name = R.country if rank == COUNTRY else ""
                found.append(Mention(m.start(), m.end(), R.country if rank == COUNTRY and
                                     m.group().lower() in ("cả nước", "toàn quốc", "nước ta") else m.group(),
                                     name, "", rank))
                taken.append((m.start(), m.end()))
    for m in R.bare_unit_re.finditer(text):
        if _BARE_LIST.search(text, max(0, m.start() - 12), m.start()) or _BARE_LIST_AFTER.match(text, m.end()):
            continue  # "các huyện, thị xã, thành phố …": kinds of unit, not one unit
        if m.group(1)[0].isupper() and not _SENTENCE_OPENS.search(text, max(0, m.start() - 30), m.start()):
            continue  # "Hội Cựu chiến binh Tỉnh", "hội CCB Tỉnh": part of a name — a capitalised
            #           unit word alone opens a sentence (or follows one whose stop was lost)
        if not _overlaps(m.start(), m.end(), taken):
            rank = _LEVEL_RANK.get(R.level.get(R.prefix.get(m.group(1).lower(), ""), ""), WARD)
            found.append(Mention(m.start(), m.end(), m.group(1), "", R.prefix.get(m.group(1).lower(), ""),
                                 rank, bare_unit=True))
    for rx in (_RUN, R.single_re):
        for m in _scan(rx, text, "."):
            mention = _bare(text, m, R, taken)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda x: x.start)
    for i, mention in enumerate(found):
        mention.ranked = bool(R.ranked_before_re.search(text, max(0, mention.start - 20), mention.start))
        mention.weak = mention.ranked or bool(R.weak_before_re.search(text, max(0, mention.start - 20),
                                                                      mention.start))
    _link_chains(text, found)
    return found


def _scan(rx: re.Pattern, text: str, also: str):
    """`rx.finditer(text)` as if `rx` began with `(?<![\\w{also}])`: a match right after a letter,
    digit, `_` or one of `also` is skipped and the search goes on from its next character."""
    pos, n = 0, len(text)
    while pos <= n:
        m = rx.search(text, pos)
        if m is None:
            return
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_" or text[s - 1] in also):
            pos = s + 1
            continue
        yield m
        pos = m.end() if m.end() > s else s + 1


_PLURAL_BEFORE = re.compile(r"(?:[Cc]ác|[Nn]hững|\d+)\s+\Z")


def _anchored(full: re.Pattern, core: re.Pattern, before: re.Pattern, text: str):
    """`full.finditer(text)` where `full` is an optional lead (`before`, ending in spaces)
    followed by `core`: `full` is tried only where `core` starts, or where its lead does. The
    same matches, without trying `full` at every character (a pattern that begins with a
    look-behind or an optional group defeats the regex engine's first-letter scan)."""
    pos, n = 0, len(text)
    while pos < n:
        c = core.search(text, pos)
        if c is None:
            return
        s = c.start()
        p = before.search(text, max(pos, s - 24), s) if s and text[s - 1].isspace() else None
        m = (full.match(text, p.start()) if p else None) or full.match(text, s)
        if m is None:
            pos = s + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _overlaps(a, b, spans) -> bool:
    return any(s < b and a < e for s, e in spans)


def _known(name: str, type_word: str = "") -> bool:
    """A unit of that name (at the level the type word allows) in the gazetteer, or a short form."""
    return places.fold(name) in rules().aliases or places.named_at_level(name, type_word)


def _typed(text: str, m: re.Match, R: Rules) -> Mention | None:
    unit, name = m.group("unit"), m.group("name")
    start, end = m.start("unit"), m.end("name")
    cb = R.compound_before.get(unit.lower())
    if cb is not None and cb.search(text, max(0, start - 12), start):
        return None   # "phiên bản Speake-Marin": the end of another word
    if name[0].isdigit():
        if R.amount_after_re.match(text, m.end("name")) or unit.lower() in ("tỉnh", "thị xã", "huyện"):
            return None  # "phường Thạch Linh 1,2 tỷ đồng" is elsewhere; "tỉnh 65 tỷ đồng" no place
    else:
        words = re.split(r"(\s?-\s?|\s)", name)
        tokens = words[::2]
        best = None
        for n in range(len(tokens), 0, -1):     # the longest prefix the gazetteer knows
            cand = "".join(words[:2 * n - 1])
            if _known(cand, R.prefix.get(unit.lower(), "")):   # `quận Hiếu Đức`: no district `Hiếu`
                best = cand
                break
        if best is None:
            if R.region_re.match(text, m.start("name")):
                return None   # "các tỉnh Nam Trung Bộ": a region, found as one
            if unit in R.abbrev and places.gazetteer().available:
                return None   # "TP. Phát biểu …": an abbreviation and a name nobody knows
            best = "".join(words[:2 * min(len(tokens), 3) - 1])
        if len(best) < 2:
            return None   # "P.V": a photo credit, not a ward
        name = best
        end = m.start("name") + len(name)
    low_unit = unit.lower()
    if low_unit in R.village:
        rank, type_word = VILLAGE, ""
    else:
        type_word = R.prefix.get(low_unit, "")
        rank = _LEVEL_RANK.get(R.level.get(type_word, ""), WARD)
        if R.level.get(type_word) == "city":
            p = places.resolve(f"{type_word} {name}")
            rank = DISTRICT if p and p.level == "district" else PROVINCE
    several = False
    if m.group("plural") and not name[0].isdigit():
        # "các huyện Nghi Xuân, Can Lộc và Đức Thọ": one mention for the list
        pos = end
        while True:
            nxt = R.list_re.match(text, pos)
            if not nxt or not _known(nxt.group(1)):
                break
            pos, several = nxt.end(), True
        end = pos
    alias = R.aliases.get(places.fold(name))
    return Mention(start, end, text[start:end], alias or name, type_word, rank, several=several)


def _bare(text: str, m: re.Match, R: Rules, taken) -> Mention | None:
    """A bare province, district or country name: the whole capitalised run (after a lead
    word such as `Tại`) must be the name."""
    start, run = m.start(), m.group()
    first, _, rest = run.partition(" ")
    led = first in R.lead_words and rest and places.fold(run) not in R.bare
    if led:
        start, run = start + len(first) + 1, rest   # "Tại Hà Tĩnh" — but "Bà Rịa - Vũng Tàu" is a name
    end = start + len(run)
    if " " not in run and "-" not in run and (run not in R.single_words or (
            first not in _AT and _CAP_BEFORE.search(text, max(0, start - 30), start))):
        return None   # a one-syllable name is a word, unless a known short form ("Huế", "Lào"),
        #               and then not the end of a longer name ("Hồng Đức", "Phù Mỹ")
    key = places.fold(run)
    if key not in R.countries and key not in R.bare:
        return None   # most capitalised runs are no place: the cheap test first
    if _overlaps(start, end, taken):
        return None
    if key in R.countries:
        if _attribute(text, start, R):
            return None  # "đường cát Thái Lan": where a thing comes from
        return Mention(start, end, run, "", "", COUNTRY)
    rank = R.bare.get(key)
    if rank is None or " " not in run and "-" not in run and key not in R.aliases:
        return None   # a one-syllable name is a word, unless a known short form ("Huế")
    if R.person_before_re.search(text, max(0, start - 14), start) or key in R.person_names:
        return None   # "ông Hoàng Mai", "Công ty Bình Dương", "tư tưởng Hồ Chí Minh"
    alias = R.aliases.get(key)
    return Mention(start, end, run, alias or run, "", rank)


_CAP_BEFORE = re.compile(rf"[{_UP}][^\W_]*\s(?:-\s)?\Z")
_BARE_LIST = re.compile(r"(?:huyện|xã|phường|tỉnh|thị xã|thị trấn|quận)\s*(?:,|và)\s*\Z")
_BARE_LIST_AFTER = re.compile(r"\s*(?:,|và)\s*(?:huyện|xã|phường|tỉnh|thị xã|thị trấn|quận|thành phố)(?![\w])")
_NAME_GOES_ON = re.compile(rf"\s[{_UP}]")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+\Z")


def _attribute(text: str, start: int, R: Rules) -> bool:
    """A name right after a lower-case noun qualifies it (`cát Thái Lan`, `tiền Việt Nam`)."""
    m = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(m) and m.group(1).islower() and m.group(1) not in R.prepositions


_AT = ("Tại", "Ở")   # `Tại Mỹ`: a one-syllable country after these is the country ("Theo Đức" a person)
_SENTENCE_OPENS = re.compile(rf"(?:^|[.!?:;\n\"“”(]\s*|(?<![\w])[{_UP}][a-zà-ỹđ]+\s)\Z")
_CHAIN_GAP = re.compile(r"\s*(?:,|-|–|\(|thuộc)\s*\Z")


def _link_chains(text: str, found: list[Mention]) -> None:
    """`xã A, huyện B, tỉnh C` / `xã A (huyện B)`: the later, wider links point at the head."""
    for i in range(1, len(found)):
        prev, cur = found[i - 1], found[i]
        gap = text[prev.end:cur.start]
        if len(gap) <= 8 and _CHAIN_GAP.match(gap) and cur.rank < prev.rank < VILLAGE and not prev.several \
                and not prev.bare_unit and not cur.bare_unit:
            cur.head = prev.head if prev.head >= 0 else i - 1
            cur.weak = found[cur.head].weak
