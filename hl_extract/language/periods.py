"""Time expressions and the period each one names (SPEC "period rules").

`find_periods(doc)` returns every time expression of an article, resolved to ISO
dates: a year left out is the article's year, or — when the publication date is
unknown — the nearest preceding explicit year, skipping comparison baselines
(`so với năm 2016`) and birth years (`sinh năm 1958`). `period_for` picks the period
a figure refers to, carrying a period to the later sentences of its paragraph.

The vocabulary lives in `rules/periods.toml`; the grammar that joins it to numbers is here.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import re
from dataclasses import dataclass

from hl_extract.language import numbers
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc

YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
# "mỗi tháng 2 triệu đồng", "lương tháng 12 triệu": the number after "tháng" is an amount
_NOT_AMOUNT = rf"(?!\s*(?:[.,]\d|%|(?:{numbers.SCALE}|đồng|usd)(?![^\W\d_])))"
_BARE_YEAR = re.compile(rf"{YEAR}(?![\d.,/-]?\d)(?!\s*(?:%|đồng|ha|km|người|hộ|tấn|tỷ|triệu))")
_SEP = r"\s*[-–—]\s*"


@dataclass
class Period:
    char_start: int
    char_end: int
    text: str
    start: str = ""           # ISO date, "" when open or unknown
    end: str = ""
    qualifier: str = ""       # before | in | by | from | ""
    cue: str = ""             # the word that gave the qualifier ("trước", "vào", "trong" …)
    kind: str = ""
    baseline: bool = False    # "so với năm 2016", "cùng kỳ năm trước": not the figure's own time
    explicit_year: int | None = None
    plan: bool = False        # "chỉ tiêu … năm 2019", "khả năng cuối năm …": an aim's time, never carried


def _alt(items) -> str:
    return ruleset.alternation(items)


@functools.cache
def _grammar():
    data = ruleset.load("periods")
    w = data["words"]
    nums = data["numbers"]
    numw = r"\d{1,2}|" + _alt(k for k in nums if not re.fullmatch("[iv]+", k))
    roman = r"iv|i{1,3}|[1-4]"
    parts = [
        ("range", rf"(?:{_alt(w['year_range'])})\s+(?P<ra>{YEAR}){_SEP}(?:năm\s+)?(?P<rb>{YEAR})(?!\d)"),
        ("range3", rf"\(\s*(?P<r3a>{YEAR}){_SEP}(?P<r3b>{YEAR})\s*\)"),
        ("range2", rf"(?:từ|từ năm)\s+(?P<r2a>{YEAR})\s+(?:đến|tới)\s+(?:năm\s+)?(?P<r2b>{YEAR})(?!\d)"),
        ("nmonths", rf"(?P<nn>{numw})\s+(?P<nk>{_alt(w['months_first'] + w['months_last'] + w['months_past'])})"
                    rf"(?:\s+(?:năm\s+)?(?P<ny>{YEAR})(?!\d))?"),
        ("nmonths2", rf"(?P<n2>{numw})\s+tháng\s+(?:năm\s+)?(?P<n2y>{YEAR})(?!\d)"),
        ("quarter", rf"quý\s+(?P<qn>{roman})(?:\s*(?:/|-|năm)\s*(?P<qy>{YEAR})(?!\d))?"),
        ("date", rf"(?:ngày\s+)?(?P<dd>\d{{1,2}})\s*[/.\-]\s*(?P<dm>\d{{1,2}})\s*[/.\-]\s*(?P<dy>{YEAR})(?!\d)"),
        ("date2", rf"(?:{_alt(w['day_words'])})\s+(?:ngày\s+)?(?P<d2d>\d{{1,2}})\s*(?:[/.\-]|\s+tháng\s+)\s*(?P<d2m>\d{{1,2}})"
                  rf"(?:\s*(?:[/.\-]|\s+năm\s+)\s*(?P<d2y>{YEAR}))?(?![\d/])"),
        ("month", rf"(?P<mp>cuối\s+|đầu\s+|giữa\s+)?tháng\s+(?P<mm>\d{{1,2}})(?:\s*-\s*\d{{1,2}}(?!\d|\s*[/.]))?"
                  rf"(?:\s*(?:[/\-.]|\s+năm\s+)\s*(?P<my>{YEAR}))?(?![\d/]){_NOT_AMOUNT}"),
        ("now", rf"(?:{_alt(w['now'])})(?![^\W\d_])"),
        ("yearend", rf"(?P<yep>{_alt(w['year_end'])})(?:\s+(?P<yey>{YEAR})(?!\d)|(?<=năm)(?!\s*\d))"),
        ("since", rf"(?:{_alt(w['since_year'])})\s+(?P<sy>{YEAR})(?!\d)(?P<snow>\s+(?:đến|tới)\s+nay)?"),
        ("until", rf"(?:{_alt(w['until_year'])})\s+(?P<uy>{YEAR})(?!\d)"),
        ("vague", rf"(?:{_alt(w['vague_year'])})(?:\s+(?P<vy>{YEAR})(?:{_SEP}(?P<vy2>{YEAR}))?)?(?![^\W\d_])"),
        ("lastyear", rf"(?:{_alt(w['last_year'])})(?![^\W\d_])"),
        ("thisyear", rf"(?:{_alt(w['this_year'])})(?![^\W\d_])(?!\s*{YEAR})"),
        ("year", rf"(?:năm|trong|vào|cả)\s+(?P<yy>{YEAR})(?![\d.,]?\d)(?!\s*(?:%|đồng|tỷ|triệu|người|hộ))"),
        ("indexyear", rf"(?:{_alt(w['index_year'])})\)?\s+(?P<iy>{YEAR})(?!\d)"),
    ]
    pattern = re.compile("|".join(f"(?P<{k}>{p})" for k, p in parts))
    # Where a time expression can start: a digit, "(", or the first word of a phrase.
    # Trying the grammar only there is many times faster than scanning with it.
    starting = ("now", "year_end", "until_year", "since_year", "vague_year", "this_year", "last_year", "year_range",
                "day_words", "index_year")
    firsts = {ph.split()[0] for key in starting for ph in w[key]} | {k for k in nums if not re.fullmatch("[iv]+", k)} | {
        "quý", "ngày", "tháng", "cuối", "đầu", "giữa", "năm", "từ", "đến", "tới", "trong", "vào", "cả"}
    starts = ruleset.starts_regex(firsts, also=r"\d{1,2}(?=\s+tháng|\s*[/.\-]\s*\d)|(?<!\d)[12]\d{3}(?!\d)|\((?=\s*[12]\d{3})")
    qual = data["qualifiers"]
    qual_re = re.compile(rf"(?:^|[^\w])({_alt(qual)})\s+\Z")
    base_re = re.compile(rf"(?<!\w)(?:{_alt(w['baseline'])})(?!\w)\s*(?:[^\s,;.:]+\s+){{0,4}}\Z")
    birth_re = re.compile(rf"(?:^|[^\w])(?:{_alt(w['birth'])})[\s.:]*\Z")
    future_re = re.compile(rf"(?:^|[^\w])(?:{_alt(w['future'])})\s*\Z")
    plan_re = re.compile(rf"(?<![\w])(?:{_alt(w['plan_before'])})(?![\w])[^,;.:]*\Z")
    return pattern, starts, qual, qual_re, base_re, birth_re, future_re, plan_re, dict(nums)


def _num(s: str, nums) -> int:
    s = s.strip()
    return int(s) if s.isdigit() else nums.get(s, 0)


def _d(y, m, d) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_end(y, m) -> str:
    return _d(y, m, calendar.monthrange(y, m)[1])


def find_periods(doc: Doc) -> list[Period]:
    """Every time expression of the article, in text order, resolved to dates."""
    return doc.memo("periods", _find)


def _find(doc: Doc) -> list[Period]:
    pattern, starts, qual, qual_re, base_re, birth_re, future_re, plan_re, nums = _grammar()
    low, text = doc.low, doc.text
    pub = doc.published or ""
    pub_year = int(pub[:4]) if pub else None
    reviewed = _reviewed_year(getattr(doc, "title", "") or "")
    context_year = None
    out = []
    done = 0
    for s in starts.finditer(low):
        if s.start() < done or s.start() > 0 and low[s.start() - 1].isalnum():
            continue
        m = pattern.match(low, s.start())
        if m is None:
            bare = _BARE_YEAR.match(low, s.start())
            if bare and not base_re.search(low, max(0, s.start() - 30), s.start()) \
                    and not birth_re.search(low, max(0, s.start() - 30), s.start()) \
                    and not future_re.search(low, max(0, s.start() - 20), s.start()):
                context_year = int(bare.group())  # "phương hướng nhiệm vụ 2017": the article's time too
            continue
        done = m.end()
        if m.lastgroup in ("lastyear", "thisyear") and re.search(r"\d\s*\Z", low[max(0, m.start() - 4):m.start()]):
            continue  # "12 năm qua" is a duration
        before = low[max(0, m.start() - 30):m.start()]
        if birth_re.search(before):
            continue
        kind = m.lastgroup
        g = m.groupdict()
        p = Period(m.start(), m.end(), text[m.start():m.end()], kind=kind)
        p.baseline = bool(base_re.search(before))
        p.plan = bool(plan_re.search(low, max(0, m.start() - 40), m.start()))
        q = qual_re.search(before[-12:])
        lead = m.group().split(maxsplit=1)[0]
        if q:
            p.cue, p.qualifier = q.group(1), qual[q.group(1)]
        elif kind == "year" and lead in qual:  # "trong 2016": the word is part of the phrase
            p.cue, p.qualifier = lead, qual[lead]
        year = pub_year or context_year
        if reviewed and kind == "thisyear" and m.group().strip() in _review_phrases():
            year = reviewed
        try:
            _resolve(p, kind, g, year, pub, nums)
        except ValueError:  # 31/2, tháng 13: not a date
            continue
        if p.explicit_year and not p.baseline and kind != "until" and p.cue not in _DEADLINE_CUES \
                and p.cue not in _UNTIL_CUES:
            context_year = p.explicit_year  # a deadline ("đến năm 2020") is not the article's time
        out.append(p)
    return out


@functools.cache
def _review_phrases() -> frozenset:
    return frozenset(w.lower() for w in ruleset.load("periods")["words"]["review_year"])


@functools.cache
def _review_re():
    words = ruleset.load("periods")["words"]["review_words"]
    return re.compile(rf"(?:{ruleset.alternation(words)})[^.;:]{{0,60}}?năm\s+((?:19|20)\d\d)", re.IGNORECASE)


def _reviewed_year(title: str) -> int | None:
    """The year a review names in its title (`Tổng kết công tác Hội năm 2018`), or None."""
    m = _review_re().search(title or "")
    return int(m.group(1)) if m else None


def _resolve(p: Period, kind: str, g: dict, year, pub: str, nums) -> None:
    import datetime
    ey = None
    if kind in ("range", "range2", "range3"):
        key = {"range": ("ra", "rb"), "range2": ("r2a", "r2b"), "range3": ("r3a", "r3b")}[kind]
        a, b = int(g[key[0]]), int(g[key[1]])
        if b < a:
            raise ValueError
        p.start, p.end, ey = _d(a, 1, 1), _d(b, 12, 31), b
    elif kind == "nmonths":
        n = _num(g["nn"], nums)
        ey = int(g["ny"]) if g["ny"] else None
        y = ey or year
        if not 1 <= n <= 12:
            raise ValueError
        if y:
            if g["nk"].endswith("cuối năm"):
                p.start, p.end = _d(y, 13 - n, 1), _d(y, 12, 31)
            else:
                p.start, p.end = _d(y, 1, 1), _month_end(y, n)
    elif kind == "nmonths2":  # "9 tháng 2016": the first nine months of 2016
        n, ey = _num(g["n2"], nums), int(g["n2y"])
        if not 1 <= n <= 12:
            raise ValueError
        p.start, p.end = _d(ey, 1, 1), _month_end(ey, n)
    elif kind == "quarter":
        n = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(g["qn"]) or int(g["qn"])
        ey = int(g["qy"]) if g["qy"] else None
        y = ey or year
        if y:
            p.start, p.end = _d(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    elif kind in ("date", "date2"):
        d, mth = (int(g["dd"]), int(g["dm"])) if kind == "date" else (int(g["d2d"]), int(g["d2m"]))
        yy = g["dy"] if kind == "date" else g["d2y"]
        ey = int(yy) if yy else None
        y = ey or year
        if y:
            p.start = p.end = datetime.date(y, mth, d).isoformat()
        elif not (1 <= mth <= 12 and 1 <= d <= 31):
            raise ValueError
    elif kind == "month":
        mth = int(g["mm"])
        if not 1 <= mth <= 12:
            raise ValueError
        ey = int(g["my"]) if g["my"] else None
        y = ey or year
        pre = (g["mp"] or "").strip()
        if y:
            if pre == "cuối":
                p.start = p.end = _month_end(y, mth)
            elif pre:
                p.kind = "vague"
            else:
                p.start, p.end = _d(y, mth, 1), _month_end(y, mth)
    elif kind == "now":
        p.start = p.end = pub
    elif kind == "yearend":
        ey = int(g["yey"]) if g["yey"] else None
        y = ey or year
        if y:
            p.start = p.end = _d(y, 12, 31)
    elif kind == "since":
        ey = int(g["sy"])
        p.start = _d(ey, 1, 1)
        if g["snow"]:
            p.end = pub
        p.qualifier = p.qualifier or "from"
    elif kind == "until":
        ey = int(g["uy"])
        p.start = p.end = _d(ey, 12, 31)
        p.qualifier = p.qualifier or "by"
    elif kind == "vague":
        # "năm học 2016 - 2017": its later year is the one it runs into
        ey = int(g["vy2"] or g["vy"]) if g["vy"] else None
    elif kind in ("thisyear", "lastyear"):
        # without a publication date the nearest explicit year stands for the article's own
        y = year - (kind == "lastyear" and bool(pub)) if year else None
        if y:
            p.start, p.end = _d(y, 1, 1), _d(y, 12, 31)
    elif kind in ("year", "indexyear"):
        ey = int(g["yy"] or g["iy"])
        p.start, p.end = _d(ey, 1, 1), _d(ey, 12, 31)
    p.explicit_year = ey


def period_for(doc: Doc, start: int, end: int, periods: list[Period], bound: set[int] = frozenset(),
               carry: bool = True) -> Period | None:
    """The period a figure at [start, end) refers to.

    A period right after the figure (`28,1% năm 2011`) is its own; else the nearest period
    before it in its sentence (skipping baselines and periods bound to another figure),
    else the first one after it in the sentence, else the last one of an earlier sentence
    of the same paragraph (carried), else None. `bound` holds the indices of periods
    that follow another figure directly.
    """
    sent = doc.sentence_at(start)
    own = [(i, p) for i, p in enumerate(periods) if not p.baseline and sent.start <= p.char_start < sent.end]
    for i, p in own:
        if p.char_start >= end and directly_after(doc.low, end, p.char_start):
            return p
    for p in periods:
        if p.baseline and sent.start <= p.char_end <= start and _RESTATED.match(doc.low, p.char_end, start):
            return p  # "gấp đôi năm 2006 (là 7,5 tỷ đồng)": the baseline's own value
    before = [p for i, p in own if p.char_end <= start and i not in bound]
    if before:
        return before[-1]
    after = [p for i, p in own if p.char_start >= end and i not in bound]
    if after:
        return after[0]
    if not carry:
        return None
    para = next((pp for pp in doc.paragraphs if pp.start <= sent.start <= pp.end), None)
    if para is None:
        return None
    first = para.start if para.end - para.start <= WHOLE_PARAGRAPH else \
        max(para.start, _sentence_back(doc, sent, CARRY_SENTENCES))
    earlier = [p for p in periods if not p.baseline and not p.plan and first <= p.char_start < sent.start
               and p.cue not in _DEADLINE_CUES and (p.kind not in ("date", "date2") or p.qualifier == "by")]
    return earlier[-1] if earlier else None


# How many sentences back a period carries. Many archives lost their paragraph
# breaks, so "the same paragraph" alone would carry a period across topics.
CARRY_SENTENCES = 3
# A paragraph up to this long kept its breaks: a period carries over all of it.
WHOLE_PARAGRAPH = 1200


def _sentence_back(doc: Doc, sent, n: int) -> int:
    """Start of the sentence `n` sentences before `sent`."""
    i = bisect.bisect_left(doc.sentence_starts, sent.start)
    return doc.sentences[max(0, i - n)].start


# A period after these words is a deadline or a plan's date: it does not carry on to
# the figures of later sentences ("dự kiến tổ chức đánh giá vào cuối năm 2023").
_DEADLINE_CUES = {"trước", "trước ngày", "vào", "chậm nhất"}
# … and one after these is where something goes to ("… đến năm học 2020 - 2021"): not the
# article's own year either.
_UNTIL_CUES = {"đến", "tới"}


_RESTATED = re.compile(r"\s*\(\s*(?:là|đạt|với|chỉ|chỉ có|khoảng)?\s*\Z")
_GAP = re.compile(r"\s*(?:vào\s+|trong\s+|của\s+)?\Z")


def directly_after(low: str, end: int, start: int) -> bool:
    """Whether a period starting at `start` follows a figure ending at `end` directly."""
    return start - end <= 12 and bool(_GAP.match(low[end:start]))
