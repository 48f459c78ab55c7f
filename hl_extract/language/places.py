"""Places: resolve a written administrative unit to one key, whatever the spelling.

`TX Hồng Lĩnh`, `Tx. Hồng Lĩnh`, `thị xã Hồng Lĩnh` and `Hồng Lĩnh` all resolve to the
same unit. The units come from the gazetteer package `vietnamadminunits` (PyPI), which ships
offline both the 63-province units in force until 30 June 2025 (with districts) and the
34-province units from 1 July 2025, and the mapping of old wards to new ones. A figure of
2017 is resolved against the old units, one of 2026 against the new ones; a unit only
renamed in 2025 (one old ward → one new ward) keeps one key across the change, and a merged
one names its successor (`Thị xã Hồng Lĩnh` → `Phường Bắc Hồng Lĩnh`, `Phường Nam Hồng Lĩnh`).

Without the package, places still match across spellings (type word + accent-folded name),
just without the gazetteer's codes, containment and 2025 successors.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hl_extract.common import ruleset

MERGER_DATE = "2025-07-01"


@dataclass(frozen=True)
class Place:
    """A resolved place mention."""
    key: str                 # stable id: `vn:d:436`, `vn:w:18100`, `vn2025:w:18115`, or `?:ward:namhong`
    level: str               # province | district | ward | "" (unknown)
    name: str                # the gazetteer's full name (`Thị xã Hồng Lĩnh`), or the text
    province: str = ""
    district: str = ""
    parent_keys: tuple = ()  # keys of the units that contain it (district, province)
    successors: tuple = ()   # for a unit merged on 1 July 2025: the new units' names
    known: bool = False      # found in the gazetteer

    def label(self) -> str:
        parts = [self.name] + [p for p in (self.district, self.province) if p and p != self.name]
        return ", ".join(parts)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Accent-folded key: lower case, no diacritics, `đ` → `d`, letters and digits only
    (cached: the same names recur in every article)."""
    t = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return re.sub(r"[^0-9a-z]", "", t)


def _accent_key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


@functools.cache
def _prefix_re():
    rules = ruleset.load("gazetteer")
    alts = ruleset.alternation(rules["prefix"].keys())
    lead = ruleset.alternation(rules["strip_leading"])
    rx = re.compile(rf"^(?:(?:{lead})\s+)*(?:({alts})(?:\s+|(?<=\.)|$))?(.*)$", re.IGNORECASE)
    return rules["prefix"], rules["level"], rx


def split(text: str) -> tuple[str, str]:
    """(unit type, bare name) of a mention: `TX Hồng Lĩnh` → ("thị xã", "Hồng Lĩnh")."""
    prefixes, _, rx = _prefix_re()
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().strip(",.;:")
    m = rx.match(t)
    if not m:
        return "", t
    word, rest = m.group(1), m.group(2).strip()
    return (prefixes.get(word.lower(), "") if word else ""), rest


def level_of(type_word: str) -> str:
    return _prefix_re()[1].get(type_word, "")


def named_at_level(name: str, type_word: str = "") -> bool:
    """Whether the gazetteer knows a unit called `name` at a level `type_word` allows (`quận`
    a district, `xã` a commune; no type word: any level), in either era."""
    g = gazetteer()
    key = fold(name)
    ok = _LEVEL_OK[level_of(type_word)]
    return any(p.level in ok for era in ("legacy", "2025") for p in g.by_name.get((era, key), ()))


# ---------------------------------------------------------------- gazetteer

def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@dataclass
class Gazetteer:
    by_name: dict = field(default_factory=dict)      # (era, folded short name) → [Place]
    by_key: dict = field(default_factory=dict)
    available: bool = False
    source: str = "none"


@functools.cache
def gazetteer() -> Gazetteer:
    g = Gazetteer()
    pkg = _package_dir()
    if pkg is None or not (pkg / "data" / "dataset.db").exists():
        return g
    try:
        con = sqlite3.connect(f"file:{pkg / 'data' / 'dataset.db'}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        legacy = con.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort,"
            " districtCode, districtKey, ward, wardShort, wardCode, wardKey, provinceAlias"
            " FROM admin_units_legacy").fetchall()
        new = con.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardCode,"
            " wardKey, provinceAlias FROM admin_units").fetchall()
        con.close()
        conv = json.loads((pkg / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    except (sqlite3.Error, OSError, ValueError):
        return g
    g.available, g.source = True, f"vietnamadminunits ({pkg})"

    # old ward path key → new ward key(s), and the reverse, to find successors and 1:1 renames
    old_to_new: dict[str, set] = {}
    new_to_old: dict[tuple, set] = {}
    for new_prov, wards in conv.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
        for new_ward, olds in wards.items():
            for old in olds:
                old_to_new.setdefault(old, set()).add((new_prov, new_ward))
                new_to_old.setdefault((new_prov, new_ward), set()).add(old)
    for new_prov, olds in conv.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old, news in olds.items():
            for n in news:
                old_to_new.setdefault(old, set()).add((new_prov, n["newWardKey"]))
                new_to_old.setdefault((new_prov, n["newWardKey"]), set()).add(old)
    new_names = {(r["provinceKey"], r["wardKey"]): r["ward"] for r in new}

    def add(era, short, place, aliases=()):
        for name in {short, *aliases}:
            g.by_name.setdefault((era, fold(name)), []).append(place)
        g.by_key.setdefault(place.key, place)

    def aliases_of(raw):
        try:
            return tuple(json.loads(raw)) if raw else ()
        except ValueError:
            return ()

    district_succ: dict[str, set] = {}
    for r in legacy:
        path = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        district_succ.setdefault(r["districtCode"], set()).update(
            new_names.get(n, "") for n in old_to_new.get(path, ()))
    prov_new = {old: new for new, olds in conv.get("DICT_PROVINCE", {}).items() for old in olds}
    new_prov_name = {r["provinceKey"]: r["province"] for r in new}

    old_ward_key_of_path = {}
    seen_p, seen_d = set(), set()
    for r in legacy:
        pkey, dkey = f"vn:p:{r['provinceCode']}", f"vn:d:{r['districtCode']}"
        path = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        if pkey not in seen_p:
            seen_p.add(pkey)
            succ = new_prov_name.get(prov_new.get(r["provinceKey"], ""), "")
            succ = (succ,) if succ and succ != r["province"] else ()
            add("legacy", r["provinceShort"], Place(pkey, "province", r["province"], r["province"],
                                                   successors=succ, known=True),
                aliases_of(r["provinceAlias"]))
        if dkey not in seen_d:
            seen_d.add(dkey)
            succ = tuple(sorted(district_succ.get(r["districtCode"], set()) - {""}))
            add("legacy", r["districtShort"], Place(dkey, "district", r["district"], r["province"], "",
                                                   (pkey,), succ, known=True))
        if r["wardCode"]:
            wkey = f"vn:w:{r['wardCode']}"
            old_ward_key_of_path[path] = wkey
            succ = tuple(sorted(new_names.get(n, "") for n in old_to_new.get(path, ())))
            add("legacy", r["wardShort"], Place(wkey, "ward", r["ward"], r["province"], r["district"],
                                                (dkey, pkey), succ, known=True))

    seen_np = set()
    for r in new:
        pkey = f"vn:p:{r['provinceCode']}"
        if pkey not in seen_np:
            seen_np.add(pkey)
            add("2025", r["provinceShort"], Place(pkey if pkey in seen_p else f"vn2025:p:{r['provinceCode']}",
                                                 "province", r["province"], r["province"], known=True),
                aliases_of(r["provinceAlias"]))
        olds = new_to_old.get((r["provinceKey"], r["wardKey"]), set())
        key = f"vn2025:w:{r['wardCode']}"
        if len(olds) == 1:
            (old,) = olds
            if len(old_to_new.get(old, ())) == 1 and old in old_ward_key_of_path:
                key = old_ward_key_of_path[old]        # renamed only: same unit, same key
        add("2025", r["wardShort"], Place(key, "ward", r["ward"], r["province"], "",
                                          (pkey,), known=True))
    return g


_LEVEL_OK = {"province": {"province"}, "city": {"province", "district"},
             "district": {"district"}, "ward": {"ward"}, "": {"province", "district", "ward"}}
_ORDER = {"province": 0, "district": 1, "ward": 2}


def _choose(cands, type_word, name_text, context):
    cands = [c for c in cands if c.level in _LEVEL_OK[level_of(type_word)]]
    if type_word and len(cands) > 1:      # the written type word agrees with the gazetteer's
        same = [c for c in cands if _accent_key(c.name).startswith(type_word)]
        cands = same or cands
    if len(cands) > 1 and context:
        ctx = set(context)
        inside = [c for c in cands if ctx & set(c.parent_keys) or c.key in ctx]
        # the unit right above named (`phường 5, quận 3`) before one only the province holds
        direct = [c for c in inside if c.parent_keys and c.parent_keys[0] in ctx]
        cands = (direct if len({c.level for c in inside}) == 1 else []) or inside or cands
    if len(cands) > 1:                    # the same accents as written
        acc = [c for c in cands if _accent_key(c.name).endswith(_accent_key(name_text))]
        cands = acc or cands
    if len(cands) > 1:                    # a bare name: the higher level (`Hà Tĩnh` the province)
        best = min(_ORDER[c.level] for c in cands)
        cands = [c for c in cands if _ORDER[c.level] == best]
    return cands


@functools.cache
def _aliases() -> dict:
    """Short forms (`rules/places.toml` aliases): folded short form → the unit's name."""
    return {fold(k): v for k, v in ruleset.load("places").get("aliases", {}).items()}


@functools.lru_cache(maxsize=65536)
def _resolve(text: str, when: str, context: tuple) -> Place | None:
    type_word, name = split(text)
    if not name:
        return None
    if not type_word:     # a short form without a type word (`Sài Gòn`) is the unit it stands for
        name = _aliases().get(fold(name), name)
    g = gazetteer()
    eras = ("2025", "legacy") if when and when >= MERGER_DATE else ("legacy", "2025")
    if not re.search(r"[^\W\d_]", name):
        # a numbered unit (`quận 10`, `phường 5`): the gazetteer files it under its whole name;
        # only a unit the article's context makes unique is taken
        if not type_word or not name.isdigit():
            return None
        for era in eras:
            cands = _choose(g.by_name.get((era, fold(f"{type_word} {name}")), []), type_word, "", context)
            if len(cands) == 1:
                return cands[0]
        return None
    for era in eras:
        cands = _choose(g.by_name.get((era, fold(name)), []), type_word, name, context)
        if len(cands) == 1:
            return cands[0]
        if cands:     # ambiguous: keep the level, leave the unit open
            lv = cands[0].level if len({c.level for c in cands}) == 1 else ""
            return Place(f"?:{lv}:{fold(name)}", lv, name)
    lv = level_of(type_word)
    lv = "" if lv == "city" else lv
    return Place(f"?:{lv}:{fold(name)}", lv, name)


def resolve(text: str, when: str = "", context=()) -> Place | None:
    """The unit a mention names, or None for no name (`thị xã` alone, empty).

    `when`: ISO date the mention refers to (chooses pre- or post-2025 units);
    `context`: keys of other units named nearby, to tell apart same-named wards.
    """
    return _resolve(text or "", when or "", tuple(sorted(context)))


def key(text: str, when: str = "", context=()) -> str:
    p = resolve(text, when, context)
    return p.key if p else ""


def containing(places) -> Place | None:
    """The smallest unit that contains every place given (wards of one town → the town)."""
    places = [p for p in places if p and p.known]
    if not places:
        return None
    g = gazetteer()
    chains = []
    for p in places:
        chains.append([p.key, *p.parent_keys])
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    if not common:
        return None
    for k in chains[0]:            # most specific first
        if k in common:
            return g.by_key.get(k)
    return None


def same_place(a: str, b: str, when: str = "") -> bool:
    """Whether two written places name the same unit."""
    ka, kb = key(a, when), key(b, when)
    return bool(ka) and ka == kb
