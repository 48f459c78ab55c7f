"""Who speaks: the person (or office) named before a cue, resolved within the article."""
from __future__ import annotations

import re
from hl_extract.extract import names
from hl_extract.language.doc import Doc
from hl_extract.language.text import fold
from hl_extract.extract.statements.common import (
    _APPOSITION, _CREDIT_CAPS, _ONE_NAME, _PARENS, _QUOTE_JOINED, _SP_PARENS, _clause_tail,
    _open_quote, _rules,
)


def _gap_title(doc: Doc, m: names.Mention, end: int) -> str | None:
    """The office written between a name and its cue, "" if none, None if the gap is not an apposition."""
    r = names.rules()
    gap_low = doc.low[m.end:end]
    g = _PARENS.sub(lambda x: " " * len(x.group()), gap_low)
    if not g.strip(" ,–—-"):
        return ""
    mm = _APPOSITION.match(g)
    if not mm:
        return None
    s = m.end + mm.end()
    e = end
    h = r["head_start"].match(doc.low, s)
    if not h:
        return ""
    t = doc.text[s:e]
    t = _SP_PARENS.sub("", t)
    tl = fold(t)
    tr = _rules()["trail_adv"].search(tl)
    if tr:
        t = t[:tr.start()]
    return t.strip(" ,-–—")


def _long_quote_in(text: str, a: int, b: int) -> bool:
    """A quotation opens in text[a:b] that is not a short quoted word (“kêu trời”)."""
    i = text.find("“", a, b)
    while i >= 0:
        j = text.find("”", i, b)
        if j < 0 or j - i > 40:
            return True
        i = text.find("“", j, b)
    return False


def _resolve_title(doc: Doc, title: str, before: int) -> tuple[str, str] | None:
    """The person named earlier with the office `title` (`đồng chí Bí thư Thị ủy`)."""
    for m in reversed(names.mentions(doc)):
        if m.start >= before:
            continue
        for t in (m.title, m.after_title):
            if t and names.title_matches(title, t):
                return m.full, title
    return None


def _speaker_before(doc: Doc, ms: list[names.Mention], zs: int, c: int, weak: bool):
    """(speaker, title, anchor) of a cue at c whose subject lies in doc.text[zs:c], or None."""
    R = _rules()
    low = doc.low
    cand = None
    for m in reversed(ms):
        if m.end <= c and m.start >= zs:
            if low.rfind("(", zs, m.start) > low.rfind(")", zs, m.start) and low.find(")", m.end, c) >= 0:
                continue  # "bà Trần Thị Lý (cô ruột của cháu Nghĩa) cho biết": the parenthesis is an aside
            cand = m
            break
        if m.end <= zs:
            break
    if cand is not None and R["possessed"].search(low, max(0, cand.start - 14), cand.start):
        return None  # "người thân của bà H cho biết", "bản ghi chép của ông Comey cho rằng": not the speaker
    if cand is not None:
        gap = c - cand.end
        if weak and gap <= 60 and _QUOTE_JOINED.search(doc.text, max(0, cand.start - 6), cand.start):
            weak = False  # “…” - anh Tuấn chua chát nói
        title = _gap_title(doc, cand, c)
        if title is None and weak and gap <= 40 and R["weak_adverbs"].fullmatch(low, cand.end, c):
            title = ""  # "Ông Khoa cũng mong …"
        if title is None:
            if weak or gap > 220 or _long_quote_in(doc.text, cand.end, c):
                title = "__no__"
            else:
                title = ""
        elif weak and gap > 200:
            title = "__no__"
        if title != "__no__":
            if weak and not title:
                g = _PARENS.sub(" ", low[cand.end:c])
                if not R["adverbs_only"].match(g):
                    title = "__no__"
        if title != "__no__":
            return cand.full, (cand.title or title or cand.after_title), cand.start
    # an office alone, or "ông"/"bà" alone, as the subject
    ts = _clause_tail(low, zs, c)
    tail = low[ts:c].strip()
    tail_start = ts + (len(low[ts:c]) - len(low[ts:c].lstrip()))
    if tail[:1] in "-–—":  # “…” - Phó Thủ tướng lưu ý
        lead = len(tail) - len(tail.lstrip(" -–—"))
        tail, tail_start = tail[lead:], tail_start + lead
    tr = R["trail_adv"].search(tail)
    if tr:
        tail = tail[:tr.start()].strip()
    cap = _CREDIT_CAPS.match(doc.text[tail_start:tail_start + 30])
    if cap and names.rules()["head_start"].match(low, tail_start + cap.end()):
        tail_start += cap.end()  # a photo credit before it: "Ảnh: TTO Bí thư TP.HCM"
        tail = tail[cap.end():]
    hl = R["hon_lead"].match(tail)
    title_part = tail[hl.end():] if hl else tail
    if not tail or len(tail) > 110:
        return None
    if R["pronoun"].fullmatch(tail):
        sex = R["sex"].get(tail.split()[0])
        for m in reversed(ms):
            if m.end <= ts and ts - m.end < 900:
                if sex and R["sex"].get(fold(m.honorific), sex) != sex:
                    continue  # "ông nói" after "cô Hương Giang": someone else
                return m.full, m.title or m.after_title, tail_start
            if m.end <= ts:
                break
        return None
    if names.rules()["head_start"].match(title_part):
        off = len(tail) - len(title_part)
        raw_title = doc.text[tail_start + off:tail_start + len(tail)].strip(" ,-–—")
        got = _resolve_title(doc, raw_title, tail_start)
        if got:
            return got[0], got[1], tail_start
    word = doc.text[tail_start:tail_start + len(tail)]
    if _ONE_NAME.fullmatch(word):
        # "Hùng cho biết", "Kassam cho biết": the given (or last) name of a person named before
        for m in reversed(ms):
            if m.end <= tail_start and fold(m.full.split()[-1]) == fold(word) and len(m.full.split()) > 1 \
                    and _ONE_NAME.fullmatch(m.full.split()[0]) and not re.search(r"[.\n]", m.full):
                return m.full, m.title or m.after_title, tail_start
    return None


def _zone_start(doc: Doc, lo: int, c: int) -> int:
    """Where the subject of a cue at c can begin: after the last quotation or colon before it."""
    zs = lo
    text = doc.text
    for ch in "”\":;?!":
        hi = c
        while True:
            j = text.rfind(ch, lo, hi)
            if j < 0:
                break
            if ch == "”":
                o = _open_quote(text, j, max(lo, j - 40))
                if o >= 0 and j - o < 40:  # a short quoted word (“kêu trời”) does not end a clause
                    hi = o
                    continue
            if j + 1 > zs:
                zs = j + 1
            break
    return zs
