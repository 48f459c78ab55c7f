"""What every attribution pattern shares: the rules of `rules/speakers.toml`, the
candidate statement, quotation marks and the span of a statement's body."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from hl_extract.extract import names
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.language.text import fold



OPEN_Q = "“\"'«"


CLOSE_FOR = {"“": "”", "\"": "\"", "'": "'", "«": "»"}


# A paragraph longer than this has lost its breaks (archives): a colon statement then runs
# over whole sentences until a topic opener or a photo credit (rules/speakers.toml
# `colon_stops`, `captions`), at most COLON_REACH characters (a safety cap).
LONG_PARAGRAPH = 1200


COLON_REACH = 600
QUOTE_REACH = 800      # characters a quotation that lost its opening mark may run


@dataclass
class _Cand:
    anchor: int        # where the attribution (or the quotation it attributes) begins
    start: int
    end: int
    speaker: str
    title: str
    kind: str
    cue: str
    mode: str          # "sentence", "quote", "unopened", "colon", "conclusion", "after"
    paragraph: int


def _joined_cue(lead: str, joiners, cues) -> re.Pattern:
    """`lead`, a joiner, (a pronoun, "cũng") and a cue, named `cue`."""
    return re.compile(lead + r"(?:" + ruleset.alternation(fold(x) for x in joiners)
                      + r")\s*,?\s*(?:(?:đồng chí|ông|bà)\s+)?(?:cũng\s+)?(?P<cue>"
                      + ruleset.alternation(fold(x) for x in cues) + r")(?![\w])\s*:?\s*")


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
    r["noun_cue"] = re.compile(r"(?:(?<![\w])(?:" + ruleset.alternation(fold(w) for w in data["noun_cue_after"])
                               + r"))\s+(?:" + ruleset.alternation(fold(w) for w in data["noun_cues"])
                               + r")\Z")
    r["document_cue"] = re.compile(r"(?:" + ruleset.alternation(fold(w) for w in data["document_cues"])
                                      + r")\s+(?:" + ruleset.alternation(fold(w) for w in data["document_after"])
                                      + r")(?![\w])")
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
    r["theo_noun"] = re.compile(r"(?P<noun>" + ruleset.alternation(fold(n) for n in data["theo_nouns"])
                                + r")\s+")
    r["theo_kind"] = {fold(n): k for n, k in data["theo_nouns"].items()}
    # a second cue of the speaker: inside a statement ("…, đồng thời đề nghị …"), and opening
    # the next sentence ("… . Đồng thời, đề nghị …")
    r["second"] = _joined_cue(r"(?:[.,;]\s*|\s+)", data["second_joiners"], data["second_cues"])
    r["next_sentence"] = _joined_cue(r"\s*", data["next_sentence_joiners"], data["second_cues"])
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
        end = _unopened_quote_end(text, a, sent.end, para.end)
        if end != sent.end:
            return a, end, "unopened"
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
    elif para.end - para.start > LONG_PARAGRAPH and ":" in text[max(0, pos - 1):a]:
        e = _unopened_quote_end(text, a, end, para.end)
        if e != end:
            return a, e, "unopened"
    return a, end, "sentence"


def _unopened_quote_end(text: str, a: int, end: int, limit: int) -> int:
    """In a paragraph that lost its breaks and the opening quotation mark, "Ông X cho rằng: … .
    … . …”": the words run to the closing mark, when no quotation is open at `a`, none opens
    before that mark and it comes within QUOTE_REACH characters; else `end`."""
    if text.rfind("“", 0, a) > text.rfind("”", 0, a):
        return end      # inside a quotation opened before the cue
    j = text.find("”", a, min(limit, a + QUOTE_REACH))
    if j <= end or text.find("“", a, j) >= 0 or text.find("\"", a, j) >= 0:
        return end
    return j
