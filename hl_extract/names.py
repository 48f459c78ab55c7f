"""Personal names in Vietnamese news: mentions, titles and within-article coreference.

A *mention* is a person named in the text: an honorific and a capitalised name
(`ông Nguyễn Văn Tấn`, `anh H. Cường`, `chị Ngọc`), an office and a name (`Bí thư
Thị ủy Lê Thành Đông`), or a bare full name that starts with a family name
(`Lê Tuấn Anh - sinh viên …`).  Capitalised runs that are places or organisations
(`Hồng Lĩnh`, `Nam Hồng`, `Công ty Hoàng Gia`) are told apart by rule: a place name
at the start of the run, an organisation or place word right before it, no family
name.  A short name (`ông Sanh`, `Bí thư Thăng`) is resolved to the full name
mentioned earlier in the article that ends with it.

Every rule word lives in `rules/speakers.toml`.
"""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass

from . import ruleset
from .text import fold

# Upper- and lower-case letters of the Latin script (Vietnamese included).
_UP = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper() and len(c.lower()) == 1)
_LO = "".join(c for c in map(chr, range(0x61, 0x1F00)) if c.isalpha() and c.islower())
_U = "[" + re.escape(_UP) + "]"
_L = "[" + re.escape(_LO) + "]"
# A capitalised syllable (`Thăng`), or an initial (`H.`, `Th.`); acronyms (`UBND`) are not.
_SYL = rf"(?:{_U}{_L}?\.(?=\s?{_U})|{_U}{_L}*(?![\w'’]))"
RUN = re.compile(rf"(?<![\w.&/]){_SYL}(?:\s?(?<=[.\s]){_SYL})*")


_NONSPACE = re.compile(r"\S+")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_BOUNDARY = re.compile(r"[,;:“”\"\n!?]|\.(?=\s)|\s[-–—]\s")
_APPOS = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?(?:[,–—-]|\s(?:là|làm))\s*")


@dataclass
class Mention:
    start: int          # start of the whole mention (honorific or office included)
    end: int            # end of the name
    name_start: int
    name: str           # the name as written (no honorific)
    full: str           # the full name it resolves to (= name when nothing better is known)
    title: str = ""     # office written before the name (`Bí thư Thị ủy`)
    honorific: str = ""
    strong: bool = True  # honorific or office before it (a bare name is weaker evidence)
    after_title: str = ""  # office written after the name (`ông X, Phó Chủ tịch UBND tỉnh, …`)


@functools.cache
def rules():
    data = ruleset.load("speakers")
    r = {}
    r["hon"] = sorted({fold(h) for h in data["honorifics"]}, key=len, reverse=True)
    heads = {fold(h) for h in data["title_heads"]} | {fold(h) for h in data["ranks"]}
    r["heads"] = heads
    r["head_re"] = re.compile(r"(?<![\w.])(?:" + ruleset.alternation(heads) + r")(?![\w])")
    r["head_start"] = re.compile(r"(?:" + ruleset.alternation(heads) + r")(?![\w])")
    r["hon_end"] = re.compile(r"(?:^|(?<=[^\w/]))(" + ruleset.alternation(r["hon"]) + r")\s+\Z")
    r["hon_word"] = set(r["hon"])
    r["places"] = tuple(sorted({fold(p) for p in data["not_person_starts"]}, key=len, reverse=True))
    first: dict[str, list[tuple[str, ...]]] = {}
    for p in r["places"]:
        first.setdefault(p.split()[0], []).append(tuple(p.split()))
    r["place_first"] = first
    r["not_after"] = re.compile(r"(?:^|(?<=[^\w]))(?:" + ruleset.alternation(
        fold(w) for w in data["not_person_after"]) + r")\s+\Z")
    r["family"] = {fold(f) for f in data["names"]["family"]}
    r["hon_split"] = {"ông", "bà", "cụ"}
    r["org_words"] = {fold(w) for w in data["not_person_after"]} | {"thị", "tỉnh", "thành", "huyện"}
    r["head_end"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(heads) + r")\s+\Z")
    return r


def _strip_places(tokens: list[str], low_tokens: list[str]) -> int:
    """How many leading tokens form a known place name."""
    if not low_tokens:
        return 0
    for p in rules()["place_first"].get(low_tokens[0], ()):  # longest first
        n = len(p)
        if tuple(low_tokens[:n]) == p:
            return n
    return 0


def _pick_name(low_tokens: list[str]) -> int | None:
    """Index where a bare person name starts in a run of capitalised syllables, or None."""
    family = rules()["family"]
    best = None
    for i, t in enumerate(low_tokens):
        n = len(low_tokens) - i
        if t in family and 2 <= n <= 4:
            rank = {3: 0, 4: 1, 2: 2}[n]
            if best is None or rank < best[0]:
                best = (rank, i)
    return None if best is None else best[1]


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NONSPACE.finditer(text, start, end)]


def _title_before(doc, pos: int) -> tuple[str, int]:
    """An office written right before `pos` (back to a clause boundary), and its start."""
    lo = max(0, pos - 160)
    chunk = doc.low[lo:pos]
    b = -1
    for bm in _BOUNDARY.finditer(chunk):
        b = bm.start()
    base = lo + b + 1
    m = rules()["head_re"].search(doc.low, base, pos)
    if not m:
        return "", pos
    title = doc.text[m.start():pos].strip(" ,-–—")
    return title, m.start()


def _title_after(doc, pos: int) -> str:
    """An office written right after a name (`, Phó Chủ tịch UBND tỉnh Bình Định,`)."""
    m = _APPOS.match(doc.low, pos)
    if not m:
        return ""
    h = rules()["head_start"].match(doc.low, m.end())
    if not h:
        return ""
    end = m.end()
    stop = _TITLE_STOP.search(doc.low, end, min(len(doc.low), end + 160))
    end = stop.start() if stop else min(len(doc.low), end + 160)
    return doc.text[m.end():end].strip(" ,-–—")


_TITLE_STOP = re.compile(r"[,;:“”\"()\n!?]|\.(?=\s)|\s[-–—]\s")


@dataclass
class _Run:
    a: int
    b: int

    def start(self):
        return self.a

    def end(self):
        return self.b


def _runs(text: str, low: str, r):
    """Capitalised runs as token spans, split before a capitalised honorific inside them."""
    for m in RUN.finditer(text):
        toks = _tokens(text, m.start(), m.end())
        cur = []
        for a, b in toks:
            if cur and low[a:b] in r["hon_split"]:
                yield cur
                cur = []
            cur.append((a, b))
        if cur:
            yield cur


def mentions(doc) -> list[Mention]:
    """Every person mention of the article, in text order, names resolved (cached on doc)."""
    cached = doc.__dict__.get("_mentions")
    if cached is not None:
        return cached
    r = rules()
    text, low = doc.text, doc.low
    out: list[Mention] = []
    known: list[str] = []  # full names seen so far
    for toks in _runs(text, low, r):
        low_toks = [low[a:b] for a, b in toks]
        m = _Run(toks[0][0], toks[-1][1])
        hon = ""
        # "Ông Nguyễn Văn A": the honorific is the run's first word
        if low_toks and low_toks[0] in r["hon_word"] and len(toks) > 1:
            hon = text[toks[0][0]:toks[0][1]]
            mstart = toks[0][0]
            toks, low_toks = toks[1:], low_toks[1:]
        else:
            hm = r["hon_end"].search(low, max(0, m.start() - 12), m.start())
            if hm:
                hon = text[hm.start(1):hm.end(1)]
                mstart = hm.start(1)
            else:
                mstart = m.start()
        if not toks:
            continue
        k = _strip_places(None, low_toks)
        if k and hon:
            continue  # "Bà Rịa", "Bà Triệu": a place
        if hon:
            name_toks = toks[:4]
            if len(name_toks) == 1 and low_toks[0] in r["family"] and False:
                pass
        else:
            rest_low = low_toks[k:]
            i = _pick_name(rest_low)
            if i is None:
                # "Bí thư Thăng", "Thủ tướng Phúc": an office right before a given name
                if k or len(toks) > 2 or low_toks[0] in r["org_words"]:
                    continue
                hm = r["head_end"].search(low, max(0, m.start() - 40), m.start())
                nxt = _NEXT_WORD.match(low, m.end(), m.end() + 12)
                if not hm or (nxt and nxt.group(1) in ("ủy", "ban", "hội")):
                    continue
                i = 0
            if not k and i == 0 and r["not_after"].search(low, max(0, m.start() - 25), m.start()) \
                    and not (len(rest_low) >= 3 and _title_before(doc, m.start())[0]):
                continue  # "tỉnh Quảng Nam" — but "Phó Chủ tịch UBND tỉnh Nguyễn Văn Phương" is a person
            name_toks = toks[k + i:]
            if _strip_places(None, low_toks[k + i:]):
                continue
            mstart = name_toks[0][0]
        ns, ne = name_toks[0][0], name_toks[-1][1]
        if r["head_start"].match(low, ns):
            continue  # "đồng chí Bí thư Thị ủy": an office, not a name
        name = text[ns:ne]
        title, tstart = _title_before(doc, mstart)
        if title:
            mstart = min(mstart, tstart)
        # a short name ("ông Quý", "Bí thư Thăng") → the last full name ending with it
        full = name
        words = name.split()
        if len(words) <= 2 and not (len(words) == 2 and fold(words[0]) in r["family"]):
            tail = fold(name)
            for prev in reversed(known):
                fp = fold(prev)
                if fp.endswith(" " + tail) and fp != tail:
                    full = prev
                    break
        if full == name and (len(words) >= 2):
            known.append(name)
        strong = bool(hon or title)
        if not hon and not title and len(words) < 2:
            continue
        if not hon and full == name and not (len(words) >= 2 and fold(words[0]) in r["family"]):
            continue  # an office and a word that names nobody known ("Phó Chủ tịch Thường trực")
        out.append(Mention(mstart, ne, ns, name, full, title, hon, strong, _title_after(doc, ne)))
    # a short name met before its full name ("ông Thêm … ông Phan Văn Thêm")
    for mm in out:
        if mm.full == mm.name and len(mm.name.split()) <= 2:
            tail = fold(mm.name)
            for prev in known:
                fp = fold(prev)
                if fp.endswith(" " + tail) and fp != tail:
                    mm.full = prev
                    break
    doc.__dict__["_mentions"] = out
    return out


def title_matches(short: str, long: str) -> bool:
    """Does the office `short` (`Bí thư Thị ủy`, `Chủ tịch Hà Nội`) name the office `long`?"""
    r = rules()
    s, l = fold(short).strip(), fold(long).strip()
    if not s or not l:
        return False
    if s == l:
        return True
    hs = r["head_start"].match(s)
    if not hs:
        return False
    head = hs.group(0)
    sw = set(re.findall(r"[\w&.]+", s[hs.end():]))
    # every office of a combined title ("Phó bí thư Thị ủy - Chủ tịch UBND Thị xã")
    for part in re.split(r"\s+[-–—]\s+|,\s*|\s+kiêm\s+", l):
        part = part.strip()
        hl = r["head_start"].match(part)
        if not hl or hl.group(0) != head:
            continue
        lw = set(re.findall(r"[\w&.]+", part[hl.end():]))
        if sw <= lw | {"ubnd", "tp", "tỉnh", "thành", "phố", "huyện", "xã"}:
            return True
    return False
