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
from dataclasses import dataclass

from hl_extract.common import ruleset
from hl_extract.language.text import fold

# Upper- and lower-case letters of the Latin script (Vietnamese included).
_UP = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper() and len(c.lower()) == 1)
_LO = "".join(c for c in map(chr, range(0x61, 0x1F00)) if c.isalpha() and c.islower())
_U = "[" + re.escape(_UP) + "]"
_L = "[" + re.escape(_LO) + "]"
# A capitalised syllable (`Thăng`), or an initial (`H.`, `Th.`); acronyms (`UBND`) are not.
_SYL = rf"(?:{_U}{_L}?\.(?=\s?{_U})|{_U}{_L}*(?![\w'’]))"
# = (?<![\w.&/]){_SYL}(…)*, the look-behind written after the first capital so that the
# regex engine can skip straight to the capitals.
RUN = re.compile(rf"{_U}(?<![\w.&/]{_U})(?:{_L}?\.(?=\s?{_U})|{_L}*(?![\w'’]))(?:\s?(?<=[.\s]){_SYL})*")


def bounded_alternation(items, behind: str = r"[\w]") -> str:
    r"""`(?<!behind)(?:` + ruleset.alternation(items) + `)`, the same regex written for speed.

    The alternatives become a trie (shared prefixes written once, a longer alternative
    tried before its prefix), and the look-behind goes after the first character, so the
    regex engine jumps straight to the characters an alternative can start with.  The
    matches are the same: `alternation` tries the longest alternative first, and two
    alternatives that part at some character can never both match at one offset.
    """
    parts = sorted(set(items), key=len, reverse=True)
    if any(not p or p[0] == " " or "  " in p or (p.strip() != p) or any(c.isspace() and c != " " for c in p)
           for p in parts):
        return rf"(?<!{behind})(?:" + ruleset.alternation(parts) + ")"  # not a plain phrase: as it is
    trie: dict = {}
    for p in parts:
        node = trie
        for ch in p:
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})
        node[""] = {}  # the end of an alternative: tried after every longer one

    def emit(node, top=False) -> str:
        alts = []
        for tok, child in node.items():
            if tok == "":
                continue
            lead = tok + (rf"(?<!{behind}{tok})" if top else "")
            alts.append(lead + emit(child))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(alts) == 1 else body[:-1] + "|)"
        return body

    return "(?:" + emit(trie, top=True) + ")"


_NEXT_WORD = re.compile(r"\s+(\w+)")
_BOUNDARY = re.compile(r"[,;:“”\"\n!?]|\.(?=\s)|\s[-–—]\s")
_APPOS = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?(?:[,–—-]|\s(?:là|làm))\s*")


# Bits of `_after_word`: which patterns may end right before a run.
HON, HEAD, NOT_AFTER = 1, 2, 4

# `fold` of names and name words, which recur within and across articles
_fold = functools.lru_cache(maxsize=4096)(fold)


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
    # (regexes that look behind are written with bounded_alternation: the same matches, faster)
    r["head_re"] = re.compile(bounded_alternation(heads, r"[\w.]") + r"(?![\w])")
    r["head_start"] = re.compile(r"(?:" + ruleset.alternation(heads) + r")(?![\w])")
    r["hon_end"] = re.compile(r"(" + bounded_alternation(r["hon"], r"[\w/]") + r")\s+\Z")
    r["hon_word"] = set(r["hon"])
    r["places"] = tuple(sorted({fold(p) for p in data["not_person_starts"]}, key=len, reverse=True))
    first: dict[str, list[tuple[str, ...]]] = {}
    for p in r["places"]:
        first.setdefault(p.split()[0], []).append(tuple(p.split()))
    r["place_first"] = first
    r["not_after"] = re.compile(bounded_alternation(fold(w) for w in data["not_person_after"]) + r"\s+\Z")
    r["family"] = {fold(f) for f in data["names"]["family"]}
    r["hon_split"] = {"ông", "bà", "cụ"}
    r["org_words"] = {fold(w) for w in data["not_person_after"]} | {"thị", "tỉnh", "thành", "huyện"}
    # "… hành vi vi phạm của ông X": no office before a possessed person
    r["possessed"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(fold(w) for w in data["possessed_by"])
                                + r")\s+\Z")
    r["head_end"] = re.compile(bounded_alternation(heads) + r"\s+\Z")
    # the last word of every phrase that `hon_end`, `head_end` or `not_after` look for before a run
    r["hon_last"] = frozenset(w.split(" ")[-1] for w in r["hon"])
    r["head_last"] = frozenset(w.split(" ")[-1] for w in heads)
    r["not_after_last"] = frozenset(fold(w).split(" ")[-1] for w in data["not_person_after"])
    last = r["hon_last"] | r["head_last"] | r["not_after_last"]
    # last word → which of them it may end: HON | HEAD | NOT_AFTER
    r["last_words"] = {w: (HON if w in r["hon_last"] else 0) | (HEAD if w in r["head_last"] else 0)
                       | (NOT_AFTER if w in r["not_after_last"] else 0) for w in last}
    r["last_reach"] = max(map(len, last)) + 1
    return r


def _strip_places(low_tokens: list[str]) -> int:
    """How many leading tokens form a known place name."""
    if not low_tokens:
        return 0
    for p in rules()["place_first"].get(low_tokens[0], ()):  # longest first
        n = len(p)
        if tuple(low_tokens[:n]) == p:
            return n
    return 0


def _pick_name(low_tokens: list[str], family) -> int | None:
    """Index where a bare person name starts in a run of capitalised syllables, or None.

    The name runs to the end of the run and starts with a family name: three syllables
    are preferred, then four, then two."""
    n_tok = len(low_tokens)
    for n in (3, 4, 2):
        if n_tok >= n and low_tokens[n_tok - n] in family:
            return n_tok - n
    return None


def _after_word(low: str, pos: int, r) -> int:
    """Which of `hon_end`, `head_end`, `not_after` may match right before `pos` (HON | HEAD | NOT_AFTER).

    A cheap necessary condition (those patterns end in `\\s+\\Z`): whitespace before
    `pos`, and before it a word that ends in the last word of such a phrase, which starts
    the word or follows a non-word character in it.  0 when none may."""
    if pos == 0 or not low[pos - 1].isspace():
        return 0
    j = pos - 1
    while j > 0 and low[j - 1].isspace():
        j -= 1
    if j == 0:
        return 0
    reach, last = r["last_reach"], r["last_words"]
    k = low.rfind(" ", 0 if j < reach else j - reach, j)
    w = low[k + 1:j]
    if w.isalnum():  # the usual case: a plain word after a space
        return last.get(w, 0)
    w = low[max(0, j - reach):j].rsplit(None, 1)[-1]
    bits = last.get(w, 0)
    for i, ch in enumerate(w):
        if not (ch.isalnum() or ch == "_"):
            bits |= last.get(w[i + 1:], 0)
    return bits


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


def _runs(text: str, low: str, r):
    """Capitalised runs as (token spans, lower-case tokens, `_after_word` or None if not known),
    split before a capitalised honorific inside them.  A run of one word is left out when no
    honorific, office or place word can stand right before it: it can name no one."""
    split = r["hon_split"]
    for m in RUN.finditer(text):
        a, b = m.span()
        lows = low[a:b].split()
        if len(lows) == 1:
            before = _after_word(low, a, r) if a and low[a - 1].isspace() else 0
            if before:
                yield [(a, b)], lows, before
            continue
        # the syllables of a run are one whitespace character apart
        cur, cur_low = [], []
        for t in lows:
            e = a + len(t)
            if cur and t in split:
                yield cur, cur_low, None
                cur, cur_low = [], []
            cur.append((a, e))
            cur_low.append(t)
            a = e + 1
        if cur:
            yield cur, cur_low, None


def mentions(doc) -> list[Mention]:
    """Every person mention of the article, in text order, names resolved (cached on doc)."""
    cached = doc.__dict__.get("_mentions")
    if cached is not None:
        return cached
    r = rules()
    text, low = doc.text, doc.low
    out: list[Mention] = []
    known: list[str] = []  # full names seen so far
    hon_word, family, hon_end = r["hon_word"], r["family"], r["hon_end"]
    for toks, low_toks, mark in _runs(text, low, r):
        p, e = toks[0][0], toks[-1][1]
        hon = ""
        # "Ông Nguyễn Văn A": the honorific is the run's first word
        if low_toks[0] in hon_word and len(toks) > 1:
            hon = text[p:toks[0][1]]
            mstart = p
            toks, low_toks = toks[1:], low_toks[1:]
        else:
            # every pattern below that looks before the run needs a word of its own there
            if mark is None:
                mark = _after_word(low, p, r)
            if not mark and (len(low_toks) < 2 or family.isdisjoint(low_toks[:-1])):
                continue  # no honorific, office or place word before it, no family name in it
            hm = hon_end.search(low, max(0, p - 12), p) if mark & HON else None
            if hm:
                hon = text[hm.start(1):hm.end(1)]
                mstart = hm.start(1)
            else:
                mstart = p
        k = _strip_places(low_toks)
        if hon and (k or _strip_places([low[mstart:mstart + len(hon)], *low_toks])):
            continue  # "Bà Rịa", "Bà Triệu": a place
        if hon:
            name_toks = toks[:4]
        else:
            rest_low = low_toks[k:]
            i = _pick_name(rest_low, family)
            if i is None:
                # "Bí thư Thăng", "Thủ tướng Phúc": an office right before a given name
                if not mark or k or len(toks) > 2 or low_toks[0] in r["org_words"] or not mark & HEAD:
                    continue
                hm = r["head_end"].search(low, max(0, p - 40), p)
                nxt = _NEXT_WORD.match(low, e, e + 12)
                if not hm or (nxt and nxt.group(1) in ("ủy", "ban", "hội")):
                    continue
                i = 0
            if mark & NOT_AFTER and not k and i == 0 \
                    and r["not_after"].search(low, max(0, p - 25), p) \
                    and not (len(rest_low) >= 3 and _title_before(doc, p)[0]):
                continue  # "tỉnh Quảng Nam" — but "Phó Chủ tịch UBND tỉnh Nguyễn Văn Phương" is a person
            name_toks = toks[k + i:]
            if _strip_places(low_toks[k + i:]):
                continue
            mstart = name_toks[0][0]
        ns, ne = name_toks[0][0], name_toks[-1][1]
        if r["head_start"].match(low, ns):
            continue  # "đồng chí Bí thư Thị ủy": an office, not a name
        name = text[ns:ne]
        title, tstart = ("", mstart) if r["possessed"].search(low, max(0, mstart - 14), mstart) \
            else _title_before(doc, mstart)
        if title:
            mstart = min(mstart, tstart)
        # a short name ("ông Quý", "Bí thư Thăng") → the last full name ending with it
        full = name
        words = name.split()
        if len(words) <= 2 and not (len(words) == 2 and _fold(words[0]) in r["family"]):
            tail = _fold(name)
            for prev in reversed(known):
                fp = _fold(prev)
                if fp.endswith(" " + tail) and fp != tail:
                    full = prev
                    break
        if full == name and (len(words) >= 2):
            known.append(name)
        strong = bool(hon or title)
        if not hon and not title and len(words) < 2:
            continue
        if not hon and full == name and not (len(words) >= 2 and _fold(words[0]) in r["family"]):
            continue  # an office and a word that names nobody known ("Phó Chủ tịch Thường trực")
        out.append(Mention(mstart, ne, ns, name, full, title, hon, strong, _title_after(doc, ne)))
    # a short name met before its full name ("ông Thêm … ông Phan Văn Thêm")
    for mm in out:
        if mm.full == mm.name and len(mm.name.split()) <= 2:
            tail = _fold(mm.name)
            for prev in known:
                fp = _fold(prev)
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
