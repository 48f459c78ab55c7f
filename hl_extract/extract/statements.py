"""Statements: who said what (SPEC: statements.csv). Issue 3.

Attribution patterns (every rule word in `rules/speakers.toml`):

* `Đồng chí X, <title>: …` / `X - <title>: …` — a colon header; runs to the end of the
  paragraph (to the end of the sentence in archives that lost their paragraph breaks);
* `<title> X cho biết …`, `Ông X, <title>, cho biết: “…”` — a cue verb after the speaker;
  runs to the end of the sentence, or over the quotation that opens right after it;
* `“…”, ông X nói.` / `“…” - Thủ tướng nêu rõ` — the speaker after the quotation (but
  `Xung quanh vụ việc … “…”, bà X cho biết, <clause>`: a quotation inside a lead clause is
  no statement, the clause after the cue is);
* `X cho biết, … và thẳng thắn chỉ ra, …` — a second verb of the same speaker opens a
  second statement;
* `Theo ông X, <title>, …` — runs to the end of the sentence;
* `Kết luận hội nghị, <title> X …` — a conclusion that runs over the following
  paragraphs until another attribution opens one.

A statement stops early at the next attribution; a nested attribution of the same
speaker inside a paragraph-long statement (`… đồng chí Bí thư Thị ủy đề nghị …` inside
the conclusion) is part of it.  Speakers are resolved within the article: a short
name to the full name (`ông Sanh` → `Phạm Sanh`), an office alone to the person named
earlier with that office, `ông`/`bà` alone to the last person named.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hl_extract.extract import names
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.common.records import Figure, Statement
from hl_extract.language.text import fold

OPEN_Q = "“\"'«"
CLOSE_FOR = {"“": "”", "\"": "\"", "'": "'", "«": "»"}
# A paragraph longer than this has lost its breaks (archives): a colon statement then runs
# over whole sentences until a topic opener or a photo credit (rules/speakers.toml
# `colon_stops`, `captions`), at most COLON_REACH characters (a safety cap).
LONG_PARAGRAPH = 1200
COLON_REACH = 600


@dataclass
class _Cand:
    anchor: int        # where the attribution (or the quotation it attributes) begins
    start: int
    end: int
    speaker: str
    title: str
    kind: str
    cue: str
    mode: str          # "sentence", "quote", "colon", "conclusion", "after"
    paragraph: int


@functools.cache
def _rules():
    data = ruleset.load("speakers")
    r = {}
    kind = {}
    for k, items in data["cues"].items():
        for c in items:
            kind[fold(c)] = k
    r["kind"] = kind
    r["cue"] = re.compile(r"(" + names.bounded_alternation(kind) + r")(?![\w])")  # (?<![\w]) inside
    r["weak"] = {fold(w) for w in data["weak"]}
    r["not_cue"] = re.compile("(?:" + ruleset.alternation(fold(w) for w in data["not_cues"]) + r")(?![\w])")
    r["not_after"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(fold(w) for w in data["cue_not_after"])
                                + r")\s+\Z")
    r["not_before"] = re.compile(r"\s+(?:" + ruleset.alternation(fold(w) for w in data["cue_not_before"])
                                 + r")(?![\w])")
    adv = ruleset.alternation(fold(a) for a in data["adverbs"])
    r["adverbs_only"] = re.compile(r"(?:[\s,–—-]|(?<![\w])(?:" + adv + r")(?![\w]))*\Z")
    r["trail_adv"] = re.compile(r"(?:\s+(?:" + adv + r"))+\s*\Z")
    r["occasion"] = re.compile(r"\s+(?:" + ruleset.alternation(fold(w) for w in data["weak_occasion"])
                               + r")(?![\w])")
    r["weak_adverbs"] = re.compile(r"(?:\s+(?:" + ruleset.alternation(fold(w) for w in data["weak_adverbs"])
                                   + r"))+\s+")
    r["colon_stop"] = re.compile(r"(?:" + ruleset.alternation(fold(w) for w in data["colon_stops"]) + r")(?![\w])")
    r["caption"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(fold(w) for w in data["captions"]) + r")\s*:")
    r["pronoun"] = re.compile(r"(?:" + ruleset.alternation(fold(p) for p in data["pronouns"]) + r")\Z")
    r["anon"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(fold(a) for a in data["anonymous"])
                           + r")(?![\w])")
    r["sex"] = {fold(h): "m" for h in data["male_honorifics"]} | {fold(h): "f" for h in data["female_honorifics"]}
    r["hon_lead"] = re.compile(r"(?:" + ruleset.alternation(fold(h) for h in data["honorifics"])
                               + r")\s+")
    r["and_cue"] = re.compile(r"\s*(?:và|rồi)\s+(?:(?:cũng|còn)\s+)?" + r["cue"].pattern)
    r["coordinated"] = re.compile(r"(?:,\s*)?(?<![\w])(?:và|đồng thời)\s+(?:(?:" + adv + r")\s+){0,2}\Z")
    r["possessed"] = re.compile(r"(?<![\w])(?:" + ruleset.alternation(fold(w) for w in data["possessed_by"])
                                + r")\s+\Z")
    r["opener"] = re.compile(r"(?:" + ruleset.alternation(fold(o) for o in data["conclusion_openers"])
                             + r")\s*[,:]?\s*")
    return r


# one capitalised word: a given or last name standing alone ("Hùng cho biết")
_ONE_NAME = re.compile(r"[A-ZĐÀ-Ỹ][^\W\d_]+")
# a few lower-case words (a manner, an addressee) then a colon and a quotation
_MANNER_THEN_QUOTE = re.compile(r"[a-zđà-ỹ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}\s*:\s*(?=[“\"«])")
_ENDS = re.compile(r"[\s.!?…”\"]*\Z")
_AND = re.compile(r"[\s,]*(?:và|rồi|đồng thời|,)\s*(?:(?:cũng|còn|đã)\s+)?")
_COLON_OR_QUOTE = re.compile(r"\s*[:“\"]")
# after "“…”, ông X nói": a comma and a clause of its own (not a time or place phrase)
_CLAUSE_AFTER = re.compile(r"\s*,\s*(?!(?:trong|tại|khi|sau|vào|hôm|ngày|sáng|chiều|tối|trước|với|bên|ở|và|"
                           r"đồng thời|thêm|nhắc|ám chỉ|đề cập|cũng|rồi|nhưng|song|lúc|giữa|nhân)"
                           r"(?![\w]))(?=(?:[^\s.!?]+\s+){7})")
# what a verb of speech opens: a comma, colon or quotation, or "rằng"/"là" (that)
_SAYS_THAT = re.compile(r"\s*(?:[,:“\"]|(?:rằng|là)(?![\w]))")
_BOUND = re.compile(r"[,;:“”\"()\n!?]|\.(?=\s)")
_QUOTE_BEFORE = re.compile(r"[”\"'»][\s.,;!?]*[-–—]?\s*\Z")
# a quotation closed right before the speaker, joined by a comma or a dash (not a period)
_QUOTE_JOINED = re.compile(r"[”\"'»]\s*(?:,\s*[-–—]?|[-–—])\s*\Z")
_PARENS = re.compile(r"\([^()]*\)")
_SP_PARENS = re.compile(r"\s*\([^()]*\)")
_APPOSITION = re.compile(r"\s*(?:[,–—-]\s*|\s(?:là|làm)\s+)")
_CREDIT_CAPS = re.compile(r"(?:[A-ZĐ][A-ZĐ.]*\s+){1,3}")
_STOP_BEFORE = re.compile(r"[.!?:]\s*\Z")
_COLON_OR_OPEN = re.compile(r"[:“]")
_PHOTO_CREDIT = re.compile(r"(?<![\w])ảnh\s*\Z")
_REQUEST_BODY = re.compile(r"[“\"]?\s*(?:đề nghị|yêu cầu|kiến nghị|đề xuất|các\s)")
# = (?<![\w])theo\s+, the look-behind after the word so that the engine looks for "theo" only
_THEO = re.compile(r"theo(?<![\w]theo)\s+")
_THEO_AFTER = re.compile(r"(?:^|[.,;:“\"\n(]\s*|\s[-–]\s*)\Z")
_LOWER_NEXT = re.compile(r"\s+[a-zđà-ỹ]")
_DASH_OR_COMMA = re.compile(r"\s*[,–—-]")
_COMMA = re.compile(r"\s*,\s*")


def _clause_tail(low: str, lo: int, hi: int) -> int:
    """Start of the last clause of low[lo:hi] (after its last comma, colon, quote …)."""
    b = lo
    for m in _BOUND.finditer(low, lo, hi):
        b = m.end()
    return b


def _strip_span(text: str, a: int, b: int, chars: str = " ,:;-–—\n") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in " ,;-–—\n":
        b -= 1
    return a, b


def _close_quote(text: str, qpos: int, limit: int) -> int:
    """Offset of the quotation mark that closes the one at qpos (or -1)."""
    q = text[qpos]
    close = CLOSE_FOR.get(q, "”")
    i = qpos + 1
    while True:
        j = text.find(close, i, limit)
        if j < 0:
            return -1
        if close == "'" and j + 1 < len(text) and text[j + 1].isalpha():
            i = j + 1
            continue
        return j


def _unclosed(text: str, close: str, opener: str, lo: int, hi: int) -> int:
    """The last `opener` in text[lo:hi] not closed by a `close` after it (or -1)."""
    depth = 0
    a, b = text.rfind(opener, lo, hi), text.rfind(close, lo, hi)
    while a >= 0 or b >= 0:
        if b > a:
            depth += 1
            b = text.rfind(close, lo, b)
        else:
            if depth == 0:
                return a
            depth -= 1
            a = text.rfind(opener, lo, a)
    return -1


def _open_quote(text: str, cpos: int, lo: int) -> int:
    """Offset of the quotation mark that opens the one closing at cpos (or -1)."""
    c = text[cpos]
    opener = {"”": "“", "\"": "\"", "'": "'", "»": "«"}.get(c)
    if not opener:
        return -1
    if opener != c:  # curly quotes nest: “… “Năm kỷ cương” …”
        return _unclosed(text, c, opener, lo, cpos)
    j = text.rfind(opener, lo, cpos)
    if opener == "\"":  # mixed marks: “… “cú hích” …" closes at the unclosed “
        k = _unclosed(text, "”", "“", max(lo, j), cpos)
        if k >= 0:
            j = k
    if opener == "'" and j > 0 and text[j - 1].isalpha():
        return -1
    return j


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


def _para(doc: Doc, pos: int):
    for p in doc.paragraphs:
        if p.start <= pos <= p.end:
            return p
    return doc.paragraphs[-1]


def _body_after(doc: Doc, pos: int, sent, colon: bool):
    """(start, end, mode) of what a cue ending at pos introduces."""
    text = doc.text
    para = _para(doc, pos)
    a = pos
    while a < para.end and text[a] in " ,:\t":
        a += 1
    lead = _MANNER_THEN_QUOTE.match(text, a, min(para.end, a + 50))
    if lead:  # "trả lời ngắn gọn: “…”", "nói với phóng viên: “…”": what is said is the quotation
        a = lead.end()
        colon = True
    if a < para.end and text[a] in "“\"«":
        j = _close_quote(text, a, para.end)
        end = j if j > 0 else para.end
        return a + 1, end, "quote"
    if colon and para.end - para.start <= LONG_PARAGRAPH:
        return a, para.end, "colon"
    if colon:
        # a paragraph that lost its breaks: whole sentences up to COLON_REACH characters, until a
        # sentence opens a new topic or source ("Theo đánh giá của …", "Tại Thừa Thiên - Huế, …")
        # or carries a photo credit (the caption that stood between two paragraphs)
        R = _rules()
        end = sent.end
        for s in doc.sentences:
            if s.start < sent.end or s.paragraph != sent.paragraph:
                continue
            if s.end - a > COLON_REACH or R["colon_stop"].match(doc.low, s.start) or \
                    R["caption"].search(doc.low, s.start, s.end):
                break
            end = s.end
        return a, end, "colon"
    end = sent.end
    q = text.find("“", a, end)
    if q >= 0 and text.find("”", q, end) < 0:
        # "… cho rằng, giá này công nhân nào mua nổi: “… . …”": the quotation it opens
        j = _close_quote(text, q, para.end)
        if j > 0:
            end = j + 1
    return a, end, "sentence"


def extract(doc: Doc) -> list[Statement]:
    """Every attributed statement of the article, in text order."""
    if not doc.text:
        return []
    R = _rules()
    text, low = doc.text, doc.low
    ms = names.mentions(doc)
    cands: list[_Cand] = []
    prev = None  # (cue match, speaker triple) of the previous cue
    last = None  # (end, speaker triple) of the last cue that had a speaker
    for cm in R["cue"].finditer(low):
        cue = cm.group(1)
        c, ce = cm.start(), cm.end()
        if text[c].isupper() and c > 0 and text[c - 1] not in "\n“\"" and \
                not _STOP_BEFORE.search(text[max(0, c - 3):c]):
            continue  # a word of a name or an office ("Phòng Văn hóa - Thông tin")
        if R["not_before"].match(low, ce) or R["not_cue"].match(low, c) or R["not_after"].search(low, max(0, c - 12), c):
            prev = None
            continue
        sent = doc.sentence_at(c)
        zs = _zone_start(doc, sent.start, c)
        who = None
        prev_who = prev[1] if prev is not None else None
        if prev is not None and prev[0].end() > sent.start and \
                _AND.fullmatch(low, prev[0].end(), c):
            who = prev[1]
        else:
            if prev is not None and prev[0].end() > zs and prev[0].end() <= c:
                zs = prev[0].end()
            weak = cue in R["weak"] and not _COLON_OR_QUOTE.match(text, ce, ce + 4) \
                and not _MANNER_THEN_QUOTE.match(text, ce + 1, ce + 50)
            who = _speaker_before(doc, ms, zs, c, weak)
            if who is None and last is not None and last[0] > sent.start:
                # "Thủ tướng cho biết, … và thẳng thắn chỉ ra, …": a second verb of the
                # sentence's speaker opens a second statement where its "và" stands
                k = R["coordinated"].search(low, max(sent.start, c - 30), c)
                if k and _SAYS_THAT.match(low, ce):
                    who = (last[1][0], last[1][1], k.start())
        prev = (cm, who)
        if who is not None:
            last = (ce, who)
        if who is None:
            continue
        speaker, title, anchor = who
        kind = R["kind"][cue]
        rest = text[ce:sent.end]
        after = _ENDS.match(rest) or R["and_cue"].match(low, ce, sent.end)
        q = _QUOTE_JOINED.search(text, max(0, anchor - 6), anchor) if who is not prev_who else None
        if not q and after:
            q = _QUOTE_BEFORE.search(text, max(0, anchor - 6), anchor)
        if after or q:
            # “…”, ông X nói. — the quotation (or the clause) before the speaker
            para = _para(doc, anchor)
            if q:
                cpos = q.start()
                opos = _open_quote(text, cpos, max(0, para.start - 1, cpos - 3000))
                if opos >= 0:
                    k = _CLAUSE_AFTER.match(low, ce, sent.end)
                    if not after and k and not R["cue"].match(low, k.end()) and \
                            len(text[sent.start:opos].split()) >= 2:
                        # "Xung quanh vụ việc … “gõ đầu trẻ”, bà X cho biết, ngoài …": the
                        # quotation stands in a lead clause; what is said follows the cue
                        s, e, mode = _body_after(doc, ce, sent, False)
                        cands.append(_Cand(anchor, s, e, speaker, title, kind, cue, mode, sent.paragraph))
                        continue
                    cands.append(_Cand(opos, opos + 1, cpos, speaker, title, kind, cue, "after",
                                       para.paragraph))
                    continue
            s0, e0 = _strip_span(text, sent.start, anchor)
            if e0 - s0 > 10 and text[s0] not in OPEN_Q:
                cands.append(_Cand(s0, s0, e0, speaker, title, kind, cue, "after", para.paragraph))
            continue
        if cue in R["weak"] and R["occasion"].match(low, ce):
            # "phát biểu tại hội nghị: “…”" — the statement is what the colon or quote opens
            k = _COLON_OR_OPEN.search(text[ce:min(sent.end, ce + 100)])
            if not k or _PHOTO_CREDIT.search(low[ce:ce + k.start()]):  # "- Ảnh: …" is a credit
                continue
            ce += k.start() if k.group() == "“" else k.end() - 1
        colon = text[ce:ce + 3].lstrip().startswith(":")
        s, e, mode = _body_after(doc, ce, sent, colon)
        if s < e:
            cands.append(_Cand(anchor, s, e, speaker, title, kind, cue, mode, sent.paragraph))
    cands += _dash_after_quote(doc, ms, cands)
    cands += _colon_headers(doc, ms)
    cands += _theo(doc, ms)
    cands += _conclusions(doc, ms)
    return _finish(doc, cands)


_DASH_AFTER_QUOTE = re.compile(r"[”\"][\s.,]*[-–—]\s*\Z")


def _dash_after_quote(doc: Doc, ms, cands) -> list[_Cand]:
    """`“…” - bà Hoài Anh cay đắng.`: a name right after a quotation and a dash."""
    R = _rules()
    text = doc.text
    have = {c.start for c in cands}
    out = []
    for m in ms:
        q = _DASH_AFTER_QUOTE.search(text, max(0, m.start - 6), m.start)
        if not q:
            continue
        cpos = q.start()
        para = _para(doc, cpos)
        opos = _open_quote(text, cpos, max(0, para.start - 1, cpos - 3000))
        if opos < 0 or opos + 1 in have:
            continue
        sent = doc.sentence_at(m.end)
        tail = doc.low[m.end:sent.end]
        cm = R["cue"].search(tail)
        kind = R["kind"][cm.group(1)] if cm else "opinion"
        cue = cm.group(1) if cm else text[m.end:sent.end].strip(" .,")[:30]
        out.append(_Cand(opos, opos + 1, cpos, m.full, m.title or m.after_title, kind, cue, "after",
                         para.paragraph))
    return out


def _colon_headers(doc: Doc, ms) -> list[_Cand]:
    """`Đồng chí X, <title>: …` — a name and its office, then a colon, no verb."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    k = -1
    while True:
        k = text.find(":", k + 1)
        if k < 0:
            break
        sent = doc.sentence_at(k)
        lo = sent.start
        j = text.rfind(":", lo, k)
        if j >= 0:
            lo = j + 1
        m = None
        for mm in reversed(ms):
            if mm.end <= k and mm.start >= lo:
                m = mm
                break
            if mm.end <= lo:
                break
        if m is None or m.start - lo > 12:
            continue
        gap = low[m.end:k]
        if R["cue"].search(gap) or "“" in gap or "\"" in gap:
            continue
        title = _gap_title(doc, m, k)
        if title is None or len(gap) > 160:
            continue
        if not (m.title or title):
            continue  # "Ông X:" alone is too weak (bylines, captions)
        s, e, mode = _body_after(doc, k + 1, sent, True)
        if e - s < 5:
            continue
        body = low[s:e]
        kind = "request" if _REQUEST_BODY.match(body) else "report"
        out.append(_Cand(m.start, s, e, m.full, m.title or title, kind, ":", mode, sent.paragraph))
    return out


def _theo(doc: Doc, ms) -> list[_Cand]:
    """`Theo ông X, <title>, …` / `Theo Chủ tịch VCCI, …`."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    for tm in _THEO.finditer(low):
        before = low[max(0, tm.start() - 3):tm.start()]
        if tm.start() > 0 and not _THEO_AFTER.search(before) and not _ends_with(low, tm.start(), ("đặc biệt", "cũng")) \
                and doc.text[tm.start()] != "T":  # "… Ảnh: X/TTXVN  Theo ông …": a capital opens a sentence
            continue
        sent = doc.sentence_at(tm.start())
        p = tm.end()
        comma = text.find(",", p, sent.end)
        m = next((mm for mm in ms if mm.start == p and mm.end <= sent.end), None)
        if m is not None and (comma < 0 or comma > m.end + 120) and _LOWER_NEXT.match(text[m.end:m.end + 3]):
            comma = m.end  # "theo ông Nguyễn Văn Đực còn có một lý do khác"
        if comma < 0 or comma - p > 160:
            continue
        if m is not None and m.end > comma:
            m = None
        if m is not None:
            title = _gap_title(doc, m, comma)
            if title is None:
                # "Theo ông X, Chủ tịch …, …": the office between two commas
                continue
            speaker, title = m.full, m.title or title or m.after_title
            if not _gap_ok(low, m.end, comma):
                continue
        else:
            phrase = doc.text[p:comma]
            pl = fold(phrase)
            hl = R["hon_lead"].match(pl)
            t = phrase[hl.end():] if hl else phrase
            if not names.rules()["head_start"].match(fold(t)):
                continue
            got = _resolve_title(doc, t.strip(), p)
            if not got:
                continue
            speaker, title = got
        s = comma + 1
        # skip an office in apposition: "Theo ông X, Chủ tịch UBND xã, …"
        nxt = text.find(",", s, sent.end)
        if nxt > 0 and names.rules()["head_start"].match(low, s + 1) and nxt - s < 100 and m is not None:
            title = title or text[s:nxt].strip()
            s = nxt + 1
        s, e = _strip_span(text, s, sent.end)
        if e - s > 5:
            kind = "opinion"
            out.append(_Cand(tm.start(), s, e, speaker, title, kind, "Theo", "sentence", sent.paragraph))
    return out


def _gap_ok(low: str, a: int, b: int) -> bool:
    g = _PARENS.sub(" ", low[a:b])
    return not g.strip() or bool(_DASH_OR_COMMA.match(g))


def _ends_with(low: str, pos: int, words) -> bool:
    """`low[:pos].rstrip().endswith(words)`, without copying the text before pos."""
    while pos > 0 and low[pos - 1].isspace():
        pos -= 1
    return low.endswith(words, 0, pos)


def _conclusions(doc: Doc, ms) -> list[_Cand]:
    """`Kết luận hội nghị, Bí thư Thị ủy X ghi nhận …` — runs over following paragraphs."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    for sent in doc.sentences:
        om = R["opener"].match(low, sent.start)
        if not om:
            continue
        m = next((mm for mm in ms if om.end() <= mm.start <= om.end() + 1), None)
        if m is None:
            continue
        para = doc.paragraphs[sent.paragraph]
        s = m.end
        title = m.title
        ap = _COMMA.match(text, s)
        if ap and m.after_title:
            after = m.after_title
            k = R["cue"].search(fold(after))
            if k and k.start() > 0:
                after = after[:k.start()].rstrip()  # "Bí thư Thị ủy đề nghị các phòng": the office ends at the verb
            title = title or after
            s = ap.end() + len(after)
        s, _ = _strip_span(text, s, para.end)
        end = para.end if para.end - para.start <= LONG_PARAGRAPH else sent.end
        out.append(_Cand(m.start, s, end, m.full, title, "conclusion", "Kết luận hội nghị", "conclusion",
                         sent.paragraph))
    return out


def _finish(doc: Doc, cands: list[_Cand]) -> list[Statement]:
    text = doc.text
    # a conclusion runs over the following paragraphs that no other attribution opens
    anchors = sorted(c.anchor for c in cands)
    for c in cands:
        if c.mode != "conclusion" or c.end != doc.paragraphs[c.paragraph].end:
            continue
        i = c.paragraph + 1
        while i < len(doc.paragraphs) and i <= c.paragraph + 4:
            p = doc.paragraphs[i]
            if p.end - p.start > LONG_PARAGRAPH:
                break
            if any(p.start <= a < min(p.end, p.start + 150) for a in anchors):
                break
            if any(p.start <= m.start < p.start + 5 for m in names.mentions(doc)):
                break
            c.end = p.end
            i += 1
    cands.sort(key=lambda c: (c.anchor, -(c.end - c.start)))
    # identical bodies: keep the first
    seen = set()
    uniq = []
    for c in cands:
        key = (c.start, c.speaker)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(c)
    cands = uniq
    keep = [True] * len(cands)
    for i, s in enumerate(cands):
        if not keep[i]:
            continue
        for j in range(i + 1, len(cands)):
            t = cands[j]
            if not keep[j] or t.anchor >= s.end:
                continue
            if s.mode == "conclusion" and fold(t.speaker) == fold(s.speaker) and t.start >= s.start \
                    and t.end <= s.end:
                keep[j] = False  # "Kết luận hội nghị, đồng chí X đề nghị …": one conclusion
                continue
            if t.anchor < s.start and t.mode != "after":
                continue
            if fold(t.speaker) == fold(s.speaker) and s.mode in ("colon", "conclusion", "quote") \
                    and t.end <= s.end and t.mode != "after":
                keep[j] = False  # a nested attribution of the same speaker
                continue
            if t.anchor > s.start:
                s.end = t.anchor
    out = []
    for c, k in zip(cands, keep):
        if not k:
            continue
        a, b = _strip_span(text, c.start, c.end)
        if b - a < 3:
            continue
        out.append(Statement(speaker=c.speaker, kind=c.kind, cue=c.cue, text=text[a:b],
                             char_start=a, char_end=b, title=c.title))
    out.sort(key=lambda s: s.char_start)
    return out


def link(figures: list[Figure], statements: list[Statement]) -> None:
    """Give each figure inside a statement that statement's speaker and id."""
    for f in figures:
        best = None
        for s in statements:
            if s.char_start <= f.char_start and f.char_end <= s.char_end:
                if best is None or s.char_end - s.char_start < best.char_end - best.char_start:
                    best = s
        if best is not None:
            f.speaker, f.statement_id = best.speaker, best.statement_id
