"""Figures: every number stated in the text, normalised (SPEC: figures.csv).

For each amount the number grammar finds (`numbers.AMOUNT`), the extractor reads on
to a range (`1-1,5%`), a ratio (`55/63`), a unit (`%`, `đồng`, `ha`, `kg` …) or a
counted noun (`34 hộ`, `02 sản phẩm`), and back to a qualifier (`hơn`, `khoảng`).
Numbers that are dates, periods, durations, ages, ordinals or identifiers are dropped.
The metric comes from cue phrases around the figure, the status from target cues in
its clause, the period from `periods`. Every word list is in `rules/*.toml`.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re

from hl_extract.language import numbers
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.language.lexicon import longest_compound
from hl_extract.language.periods import directly_after, find_periods, period_for
from hl_extract.common.records import Figure

_WORD = r"[^\W\d_]+"
_CODE_TAIL = re.compile(r"[/-]\s*[A-ZĐ]{2}")  # "37-NQ/TW", "211/QĐ-TTg"
_NAME_BEFORE = re.compile(r"(?<![\w.])[A-ZĐ]{2,}[0-9]*\s\Z")  # an acronym right before: "BĐ 99086"
_GLUED_CODE = re.compile(r"[^\W\d_]\s?-\s?\Z")  # "MiG-29", "Tu -160", "51C-664.47"
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_DONG = re.compile(r"\s*(đồng)(?![^\W_])")
_CLOCK_BEFORE = re.compile(r"(?<![\w.,])\d{1,2}(?:(:|h)|\s*(giờ)\s+)\Z")
_MINUTES_AFTER = re.compile(r"\s*(?:phút|sáng|trưa|chiều|tối|đêm|khuya|ngày|hôm|cùng|[,.;)]|\Z)")
_THREE_WORDS = re.compile(rf"\s+({_WORD})(?: ({_WORD}))?(?: ({_WORD}))?")
_NOT_LETTER = r"(?![^\W\d_])"


class _Rules:
    """Every rule file of figure extraction, compiled once."""

    def __init__(self):
        u = ruleset.load("units")
        self.unit_of, self.factor_of = {}, {}
        self.currencies = set()
        for unit, spec in u["units"].items():
            for ph in spec["phrases"]:
                self.unit_of[ph] = unit
                self.factor_of[ph] = spec.get("factors", {}).get(ph, 1.0)
            if spec.get("currency"):
                self.currencies.add(unit)
        self.unit_text_for = set(u["unit_text_for"])
        self.lowercase_only = set(u["lowercase_only"])
        alts = []
        for ph in sorted(self.unit_of, key=len, reverse=True):
            stop = u["not_followed_by"].get(ph)
            guard = rf"(?!\s+(?:{ruleset.alternation(stop)})(?![^\W_]))" if stop else ""
            alts.append(re.escape(ph).replace(r"\ ", r"\s+") + guard)
        self.unit_re = re.compile(rf"\s*({'|'.join(alts)})(?![^\W_])")
        self.bare_scale_money = tuple(u["bare_scale_money"])

        n = ruleset.load("nouns")
        self.noun_kind = {}
        for kind in ("compound", "person", "household", "time"):
            for w in n[kind]:
                self.noun_kind[w] = kind
        self.noun_re = re.compile(rf"\s+({ruleset.alternation(self.noun_kind)}){_NOT_LETTER}")
        self.function = set(n["function"])
        self.classifier = set(n["classifier"])
        self.edition_nouns = set(n["edition"])
        self.capitalised = set(n["capitalised"])

        q = ruleset.load("qualifiers")
        self.qual_before = q["before"]
        self.qual_before_re = re.compile(
            rf"(?:^|(?<=[^\w]))({ruleset.alternation(self.qual_before)})\s+(?:từ\s+)?\Z")
        self.from_re = re.compile(r"(?:^|(?<=[^\w]))từ\s+\Z")
        self.comparative_re = _ends_with(q["comparative_before_hon"], r"\s+hơn\s+")
        self.qual_after = q["after"]
        self.qual_after_re = re.compile(rf"\s+({ruleset.alternation(self.qual_after)}){_NOT_LETTER}")

        nf = ruleset.load("not_figures")
        self.ident_before_re = _ends_with(nf["identifier_before"], r"\s*[.:]?\s*")
        self.ident_verb_re = _ends_with(nf["identifier_or_verb"], r"\s*")
        self.ident_after_re = re.compile(rf"\s*(?:{ruleset.alternation(nf['identifier_after'])})")
        self.ident_exception_re = _ends_with(nf["identifier_exceptions"], r"\s*[.:]?\s*")
        self.max_zero_digits = nf["max_leading_zero_digits"]
        self.vague_re = _ends_with(nf["vague_before"])
        self.word_never_first = set(nf["word_never_first"])
        self.word_never_alone = set(nf["word_never_alone"])

        m = ruleset.load("metrics")
        self.metrics = m
        self.cue_before, self.cue_after = {}, {}
        for unit in ("percent", "vnd"):
            self.cue_before[unit] = self._cue_re(m[unit]["before"])
            self.cue_after[unit] = self._cue_re(m[unit].get("after", {}))
        self.change_re = _ends_with(m["percent"]["change_before"])
        self.per_unit_funding_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(m['vnd']['per_unit_funding'])})(?![\w])")
        self.criteria_before_re = _ends_with(m["criterion"]["met_before"], r"\s+(?:[^\s,;.]+\s+){0,3}")
        self.criteria_after_re = re.compile(rf"\s*(?:{ruleset.alternation(m['criterion']['met_after'])}){_NOT_LETTER}")
        hh = m["household"]
        self.stock_re = re.compile(rf"(?:^|[^\w])(?:{ruleset.alternation(hh['stock_cues'])})\s*(?:\S+\s+)?\Z")
        self.group_re = re.compile(rf"(?:^|[^\w])(?:{ruleset.alternation(hh['group_cues_after'])}){_NOT_LETTER}")
        self.poverty_before_re = re.compile(rf"(?:{ruleset.alternation(hh['poverty_rate_before'])})[^;.]*\Z")
        self.near_poverty_before_re = re.compile(rf"(?:{ruleset.alternation(hh['near_poverty_before'])})[^;.,]*\Z")
        self.household_share = {w: metric for metric, words in m["percent"]["household_share"].items() for w in words}
        nouns = ruleset.alternation(self.household_share)
        tail = r"\s*[,(]?\s*(?:chiếm\s+)?(?:t[ỷỉ] lệ\s*)?(?:là\s*)?\Z"
        self.household_share_re = re.compile(
            rf"(?:({nouns})\s*(?:còn|có|là|giảm còn)?\s*\d[\d.,]*\s+hộ|\d[\d.,]*\s+({nouns})){tail}")
        # after the count's raw ("611 hộ"): the rest of its noun ("cận nghèo"), then the share
        tails = [w.split(" ", 1)[1] for w in hh["near_poor_households_nouns"] + hh["poor_households_nouns"] if " " in w]
        self.share_after_re = re.compile(rf"(?:\s+(?:{ruleset.alternation(tails)}))?\s*[,(]?\s*"
                                         rf"(?:{ruleset.alternation(hh['share_after'])})(?![\w])")

        s = ruleset.load("status")
        self.target_re = re.compile(rf"(?:^|(?<=[^\w]))(?:{ruleset.alternation(s['target'])}){_NOT_LETTER}")
        self.target_reach = s["reach"]
        self.actual_re = re.compile(rf"(?:^|(?<=[^\w]))(?:{ruleset.alternation(s['actual'])}){_NOT_LETTER}")
        self.achieved_re = _ends_with(s["achieved"], r"\s+(?:[^\s,;.]+\s+){0,2}")
        self.plan_lead_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(s['plan_lead'])})(?![\w])")
        self.plan_lead_reach = s["plan_lead_reach"]
        self.request_re = re.compile(rf"(?:{ruleset.alternation(s['request'])})\W*")
        self.addressee_units = set(s["request_addressee_units"])

        places = ruleset.load("places")["units"]
        self.place_units = set(places)
        # "ngân sách tỉnh 65 tỷ đồng": a number after a unit word that is an amount names no place
        self.amount_after_re = re.compile(rf"\s*(?:[.,]\d|{numbers.SCALE}|đồng|hộ|người|%|ha|km)(?![^\W\d_])",
                                          re.IGNORECASE)
        self.place_re = re.compile(
            rf"(?<![\w])(?:{'|'.join(re.escape(p) for p in sorted(places, key=len, reverse=True))})"
            rf"(?:\s+(?:[^\W_][\w]*)){{1,3}}")

        self.amount_re = re.compile(rf"(?<![\w.,])(?<!\d/){numbers.AMOUNT}")
        # where an amount can start; the grammar is tried only there (much faster than scanning)
        self.amount_start_re = ruleset.starts_regex(
            [w for w in numbers.WORD_ITEMS if w not in nf["word_never_first"]], also=r"(?<![\d.,])\d+")
        self.range_re = re.compile(
            rf"\s*(?:-|–|—|~|đến|tới)\s*(?:({ruleset.alternation(self.qual_before)})\s+)?({numbers.AMOUNT_DIGITS})")
        self.ratio_re = re.compile(rf"\s*/\s*({numbers.AMOUNT_DIGITS})(?![\d/])")
        self.from_to_re = re.compile(r"\s*(?:xuống|lên|tăng lên|giảm xuống)\s+(?:còn|mức|đến|tới)?")
        self.per_re = re.compile(r"(?:\s*/\s*(?:m\s?[23]|[^\W\d_]+(?:\s[^\W\d_]+)?))+")

    @staticmethod
    def _cue_re(table: dict):
        """(regex, {phrase: metric}) for a table of cue phrases by metric."""
        items = {ph: metric for metric, phrases in table.items() for ph in phrases}
        if not items:
            return None
        alt = ruleset.alternation(items)
        return re.compile(rf"(?:^|(?<=[^\w]))({alt}){_NOT_LETTER}"), items


def _ends_with(phrases, tail: str = r"\s+") -> re.Pattern:
    """A regex for text that ends with one of `phrases` (a whole word) and then `tail`."""
    return re.compile(rf"(?:^|[^\w])(?:{ruleset.alternation(phrases)}){tail}\Z")


@functools.cache
def _rules() -> _Rules:
    return _Rules()


def extract(doc: Doc) -> list[Figure]:
    """Every figure of the article, in text order."""
    R = _rules()
    low, text = doc.low, doc.text
    periods = find_periods(doc)
    blocked = [(p.char_start, p.char_end) for p in periods]
    figures: list[Figure] = []
    last_end = 0
    for c in R.amount_start_re.finditer(low):
        if c.start() < last_end:
            continue
        m = R.amount_re.match(low, c.start())
        if m is None:
            continue
        fig = _read(doc, m, R, blocked)
        if fig is None:
            last_end = m.end()
            continue
        last_end = fig.char_end
        figures.append(fig)
    starts = [p.char_start for p in periods]
    bound = set()  # periods that follow a figure directly ("28,1% năm 2011") belong to it
    for f in figures:
        i = bisect.bisect_left(starts, f.char_end)
        if i < len(periods) and directly_after(low, f.char_end, starts[i]):
            bound.add(i)
    prev = None  # (sentence start, start, end, status from the words) of the previous figure
    for fig in figures:
        sent = doc.sentence_at(fig.char_start)
        fig.sentence = text[sent.start:sent.end]
        fig.sentence_start, fig.sentence_end = sent.start, sent.end
        clause_start = _clause_start(low, sent.start, fig.char_start)
        _metric(fig, doc, R, clause_start)
        fig.status = _status(low, clause_start, fig.char_start, R, fig.unit)
        if fig.status == "actual" and prev is not None and prev[3] == "target" and prev[0] == sent.start \
                and not R.actual_re.search(low, prev[2], fig.char_start) \
                and R.plan_lead_re.search(low, sent.start, min(sent.start + R.plan_lead_reach, prev[1])):
            # "phấn đấu … đạt 19 tiêu chí; thu nhập … 52 triệu đồng; tỷ lệ hộ nghèo dưới 2%":
            # the later items of the aim's list are aims too
            fig.status = "target"
        elif fig.status == "actual" and clause_start > sent.start and low[clause_start - 1] == ":" \
                and R.plan_lead_re.search(low, sent.start, clause_start) \
                and _status(low, sent.start, clause_start - 1, R) == "target" \
                and not R.actual_re.search(low, clause_start, fig.char_start):
            fig.status = "target"  # "Chỉ tiêu năm 2022: thu nhập bình quân đầu người đạt 65 triệu đồng"
        prev = (sent.start, fig.char_start, fig.char_end, fig.status)
        fig.place = _place(text, sent.start, fig.char_start, sent.end, R)
        fig.subject = _subject(doc, fig, clause_start, periods)
        p = period_for(doc, fig.char_start, fig.char_end, periods, bound)
        if p is not None:
            fig.period_start, fig.period_end, fig.period_text = p.start, p.end, p.text
            if p.kind.startswith("range") and R.from_to_re.match(low, fig.char_end) \
                    and low.startswith("từ", fig.char_start) and fig.value_max is None:
                year = p.start[:4]  # "giai đoạn 2011 - 2016 từ 11,76% xuống còn 8,38%"
                fig.period_start, fig.period_end = f"{year}-01-01", f"{year}-12-31"
        if doc.published and fig.period_start and fig.period_start[:4] > doc.published[:4]:
            fig.status = "target"  # a year not begun when written ("năm 2025 là 2,6 tỷ USD")
    return figures


def _overlaps(start, end, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _read(doc: Doc, m: re.Match, R: _Rules, blocked) -> Figure | None:
    """The figure that starts with amount `m`, or None when it is not a figure."""
    low, text = doc.low, doc.text
    a1 = m.group()
    before = low[max(0, m.start() - 40):m.start()]
    if not _plausible_amount(doc, m, before, R):
        return None
    v1 = numbers.parse_amount(a1)
    if v1 is None:
        return None
    pos = m.end()
    if R.ident_after_re.match(low, pos) or _CODE_TAIL.match(text, pos):
        return None
    u1 = _unit_at(doc, pos, R)
    if u1 is None and a1.endswith(R.bare_scale_money):
        u1 = _DONG.match(low, pos)  # "203 tỷ đồng tiền …": after a scale word "đồng" is the currency
    if u1:
        pos = u1.end()
    value_max = total = None
    last_amount = a1
    r = R.range_re.match(low, pos)
    if r:  # "1-1,5%", "từ 10 đến 15 hộ", "300 triệu – 500 triệu đồng"
        v2 = numbers.parse_amount(r.group(2))
        u2 = _unit_at(doc, r.end(), R)
        if v2 is not None and (not u1 or not u2 or R.unit_of[u1.group(1)] == R.unit_of[u2.group(1)]):
            scale = _scale_of(r.group(2), v2)
            v1_scaled = v1 * scale if scale and not u1 and not _scale_of(a1, v1) else v1
            if v2 > v1_scaled:
                v1, value_max, last_amount = v1_scaled, v2, r.group(2)
                pos = r.end()
                if u2:
                    u1 = u2
                    pos = u2.end()
    if value_max is None and not u1:
        t = R.ratio_re.match(low, pos)
        if t:  # "55/63 tiêu chí", "923,835/1.010 tỷ đồng"
            tv = numbers.parse_amount(t.group(1))
            if not tv:
                return None
            if _day_month(a1, t.group(1)) and not _unit_at(doc, t.end(), R):
                noun = _counted_noun(doc, t.end(), R)
                if noun is None or noun[0] in ("fallback", "time"):
                    return None  # "hôm 3/2 đưa tin": a date
            scale = _scale_of(t.group(1), tv)
            if scale and not _scale_of(a1, v1):
                v1 *= scale
            total = tv
            pos = t.end()
            u1 = _unit_at(doc, pos, R)
            if u1:
                pos = u1.end()
    if _overlaps(m.start(), pos, blocked):
        return None
    if u1 is None and R.ident_before_re.search(before) and not R.ident_exception_re.search(before) \
            and not R.qual_before_re.search(before):
        noun = _counted_noun(doc, pos, R) if R.ident_verb_re.search(before) else None
        if noun is None or noun[0] in ("fallback", "time"):
            return None  # "Nghị quyết 37", "quận 9"; an amount with a unit is never an identifier
        # "cấp 1.046 thẻ bảo hiểm y tế": the verb "cấp" (grant), not "cấp 2" (a level)
    fig = Figure(metric="", value=v1, unit="", raw="", char_start=m.start(), char_end=pos,
                 value_max=value_max, total=total)
    noun_end = _classify_unit(doc, fig, m, u1, pos, last_amount, R)
    if noun_end is None:
        return None
    _extent_and_qualifier(doc, fig, m, before, pos, noun_end, R)
    return fig


def _plausible_amount(doc: Doc, m: re.Match, before: str, R: _Rules) -> bool:
    """False for amounts that are words of another kind, codes or vague quantities."""
    a1 = m.group()
    clock = _CLOCK_BEFORE.search(before)
    if clock and (clock.group(1) or _MINUTES_AFTER.match(doc.low, m.end())):
        return False  # "24:00", "7h30", "23 giờ 30 khuya": the minutes of a clock time
    if a1[0].isdigit():
        return not (_looks_like_code(a1, R) or _GLUED_CODE.search(doc.text, max(0, m.start() - 6), m.start()))
    words = a1.split()
    return not (words[0] in R.word_never_first or len(words) == 1 and words[0] in R.word_never_alone
                or R.vague_re.search(before) or not _unit_at(doc, m.end(), R))


def _unit_at(doc: Doc, pos: int, R: _Rules):
    """The unit phrase at `pos` (after optional spaces), or None."""
    u = R.unit_re.match(doc.low, pos)
    if u and u.group(1) in R.lowercase_only and not doc.text[u.start(1)].islower():
        return None  # "Ngã ba Đồng Lộc", "Yên Bái"
    return u


def _after_name(text: str, pos: int) -> bool:
    """Whether a capitalised word stands right before `pos`, inside a sentence."""
    m = re.search(r"([^\W\d_]+)\s\Z", text[max(0, pos - 30):pos])
    if not m or not m.group(1)[0].isupper():
        return False
    before = text[max(0, pos - 30):pos][:m.start()].rstrip()
    return bool(before) and before[-1] not in ".!?:\n\"“(-–"


def _day_month(a: str, b: str) -> bool:
    return a.isdigit() and b.isdigit() and 1 <= int(a) <= 31 and 1 <= int(b) <= 12


def _classify_unit(doc: Doc, fig: Figure, m: re.Match, u1, pos: int, last_amount: str, R: _Rules):
    """Set the figure's unit (converting its values); the end of its counted noun, or None."""
    low, text = doc.low, doc.text
    if u1:
        phrase = u1.group(1)
        fig.unit = R.unit_of[phrase]
        f = R.factor_of[phrase]
        fig.value *= f
        fig.value_max = fig.value_max * f if fig.value_max is not None else None
        fig.total = fig.total * f if fig.total is not None else None
        if fig.unit in R.unit_text_for and phrase not in ("ha", "km", "m", "m2", "m3", "tấn"):
            fig.unit_text = text[u1.start(1):u1.end(1)]
        if fig.unit == "point":  # "11.000 điểm giao dịch": places, not points
            noun = _counted_noun(doc, u1.start(), R)
            nxt = re.match(rf"\s+({_WORD})", low[pos:pos + 30])
            if noun and noun[2] > pos or nxt and nxt.group(1) not in R.function:
                fig.value /= f
                fig.unit = "item"
                fig.unit_text, end = (noun[1], noun[2]) if noun and noun[2] > pos else \
                    (text[u1.start(1):pos + nxt.end()], pos + nxt.end())
                _whole_count(fig, m)
                return end
        return pos
    if _NAME_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return None  # "BĐ 99086 TS": a code (an acronym before, and no unit: "GDP 6,8%" stays)
    noun = _counted_noun(doc, pos, R)
    scaled = last_amount.endswith(R.bare_scale_money)
    if noun is None or scaled and noun[0] == "fallback":
        if scaled:  # "80 tỷ", "600 triệu/lô", "10 triệu gửi cho …"
            fig.unit = "vnd"
            return pos
        return None
    kind, fig.unit_text, noun_end = noun
    if kind == "time":
        return None
    if kind == "fallback" and (_YEARLIKE.fullmatch(m.group()) or _after_name(text, m.start())):
        return None  # "V-League 2017 khi …", "Boeing 787 tạo …": a year or a name, not a count
    if _YEARLIKE.fullmatch(m.group()) and fig.unit_text.lower() in R.edition_nouns:
        return None  # "Hyundai i10 2017 bản nâng cấp": the 2017 edition
    fig.unit = {"household": "household", "person": "person"}.get(kind, "item")
    _whole_count(fig, m)
    return noun_end


def _whole_count(fig: Figure, m: re.Match) -> None:
    """`74,013 điểm giao dịch`: a count is whole, so `,ddd` groups English thousands."""
    if fig.value != int(fig.value) and re.search(r"\d,\d{3}$", m.group()):
        fig.value = round(fig.value * 1000)


def _extent_and_qualifier(doc: Doc, fig: Figure, m: re.Match, before: str, pos: int, noun_end: int, R: _Rules):
    """Set raw, offsets and qualifier: qualifier words before, per-unit tails after."""
    low, text = doc.low, doc.text
    start, qual = m.start(), "eq"
    q = R.qual_before_re.search(before)
    if q and q.group(1) == "hơn" and R.comparative_re.search(before):
        q = None  # "cao hơn 24% năm trước": a difference, not a bound
    if q and fig.total is not None and R.qual_before[q.group(1)] in ("gt", "ge"):
        q = None  # "đạt và vượt 21/22 chỉ tiêu": 21 of 22, each reached or exceeded
    if q:
        qual = R.qual_before[q.group(1)]
        start = m.start() - (len(before) - q.start(1))
    else:
        fr = R.from_re.search(before)
        if fr:  # the "từ" of "từ 10 đến 15 hộ"
            start = m.start() - (len(before) - fr.start())
    end = pos
    if fig.unit in R.currencies or fig.unit == "percent":
        per = R.per_re.match(low, end)
        if per:
            end = per.end()
            last = re.search(rf"/\s*({_WORD})(\s({_WORD}))\Z", low[per.start():end])
            if last and longest_compound([last.group(1), last.group(3)]) < 2:
                end -= len(last.group(2))  # "đồng/căn và" → "đồng/căn"; "triệu/học kỳ" stays
    qa = R.qual_after_re.match(low, end)
    if qa and qual == "eq":
        qual = R.qual_after[qa.group(1)]
    if fig.unit in ("person", "item", "household"):
        end = max(end, noun_end)
        hh = re.match(r"\s*(?:lượt\s+)?hộ(?![^\W_])", low[pos:end]) if fig.unit == "household" else None
        if hh:  # "34 hộ nghèo" → raw "34 hộ", as the figure's own words
            end = pos + hh.end()
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    fig.raw, fig.char_start, fig.char_end, fig.qualifier = text[start:end], start, end, qual


def _scale_of(amount: str, value: float) -> float:
    """The scale multiplier inside an amount (`1.010 tỷ` → 1e9), 0 if none."""
    num = re.match(numbers.NUMERAL, amount)
    if not num or num.end() == len(amount.rstrip()):
        return 0.0
    base = numbers.parse_numeral(num.group())
    return value / base if base else 0.0


def _looks_like_code(a1: str, R: _Rules) -> bool:
    """A phone number or code: a long digit string with a leading zero ("0913.123.456")."""
    digits = re.sub(r"\D", "", a1.split()[0])
    return digits.startswith("0") and len(digits) > R.max_zero_digits and "," not in a1


def _counted_noun(doc: Doc, pos: int, R: _Rules):
    """(kind, unit_text, end) of the counted noun after `pos`, or None."""
    low, text = doc.low, doc.text
    if pos < len(low) and not low[pos].isspace():
        return None
    m = R.noun_re.match(low, pos)
    w = _THREE_WORDS.match(low, pos)
    n = longest_compound([g for g in w.groups() if g]) if m and w and " " not in m.group(1) else 1
    if n > 1:
        if R.noun_kind[m.group(1)] == "person":
            m = None  # "50 khách sạn": a longer dictionary word than the listed person "khách"
        elif m.group(1) not in R.classifier and R.noun_kind[m.group(1)] != "household":
            e = w.end(n)  # "3.328 bản án", "92 thẻ vàng": the dictionary word, counted as listed
            return R.noun_kind[m.group(1)], text[w.start(1):e], e
    if m:
        word = m.group(1)
        kind = R.noun_kind[word]
        if word in R.classifier:
            nxt = re.match(rf"\s+({_WORD})", low[m.end():m.end() + 30])
            if nxt and nxt.group(1) not in R.function and kind != "compound":
                return "item", text[m.start(1):m.end() + nxt.end()], m.end() + nxt.end()
        if text[m.start(1)].isupper() and word not in R.capitalised and not _acronym(text[m.start(1):m.end(1)]):
            return None
        return kind, text[m.start(1):m.end(1)], m.end()
    if not w or len(w.group(1)) < 2:
        return None  # "36 x 26", "23 - 26 o C": a letter is no counted noun
    word = w.group(1)
    s, e = w.start(1), w.end(1)
    orig = text[s:e]
    if word in R.function:
        return None
    if orig[0].isupper():
        if _acronym(orig):
            return "compound", orig, e
        return None
    if word in R.classifier:
        nxt = re.match(rf"\s+({_WORD})", low[e:e + 30])
        if nxt and nxt.group(1) not in R.function:
            return "compound", text[s:e + nxt.end()], e + nxt.end()
    # a word of the dictionary: "282 biên chế", "3 kết luận", "10 đối tác"
    n = longest_compound([g for g in w.groups() if g])
    e = w.end(n)
    return "fallback", text[s:e], e


def _acronym(word: str) -> bool:
    return len(word) >= 2 and sum(c.isupper() for c in word) >= 2


def _clause_start(low: str, sent_start: int, pos: int) -> int:
    """Start of the clause holding `pos`: after the last `;` or `:` of its sentence."""
    cut = max(low.rfind(";", sent_start, pos), low.rfind(":", sent_start, pos))
    return cut + 1 if cut >= 0 else sent_start


def _nearest_cue(regex_items, low: str, start: int, end: int):
    """The metric of the last cue phrase in low[start:end], or None."""
    if not regex_items:
        return None
    regex, items = regex_items
    found = None
    for m in regex.finditer(low, start, end):
        found = m
    return items[found.group(1)] if found else None


def _metric(fig: Figure, doc: Doc, R: _Rules, clause_start: int) -> None:
    """Set the figure's metric from its unit and the cue phrases around it (rules/metrics.toml)."""
    low = doc.low
    unit = fig.unit
    if unit == "percent" or unit == "vnd":
        after = R.cue_after[unit]
        metric = None
        if after:
            metric = _match_after(after, low, fig.char_end)
        window = R.metrics[unit].get("window", 120)
        if metric is None and unit == "percent" and not low.startswith("từ", fig.char_start) \
                and R.change_re.search(low, max(0, fig.char_start - 25), fig.char_start):
            metric = R.metrics[unit]["default"]
        if metric is None and unit == "percent":
            hs = R.household_share_re.search(low, max(0, fig.char_start - 60), fig.char_start)
            if hs:  # "còn 41 hộ nghèo, tỷ lệ 2,96%", "hộ cận nghèo còn 63 hộ, tỷ lệ 4,55%"
                metric = R.household_share[(hs.group(1) or hs.group(2)).strip()]
        if metric is None:
            metric = _nearest_cue(R.cue_before[unit], low, max(clause_start, fig.char_start - window), fig.char_start)
        if metric == "funding" and "/" in fig.raw and not R.per_unit_funding_re.search(
                low, max(clause_start, fig.char_start - window), fig.char_start):
            metric = "money"  # "400 triệu đồng/nền", "1,5 triệu đồng/tháng": a price or a wage
        fig.metric = metric or R.metrics[unit]["default"]
    elif unit in R.currencies:
        fig.metric = "money"
    elif unit == "household":
        fig.metric = _household_metric(fig, low, R)
    elif unit == "criterion":
        # criteria reached: "đạt 19/19 tiêu chí", "55/63 tiêu chí", "15 tiêu chí đạt chuẩn";
        # any other number of criteria ("căn cứ vào 5 tiêu chí") is a count
        low_after = low[fig.char_end:fig.char_end + 20]
        if fig.total is not None or R.criteria_before_re.search(low, max(clause_start, fig.char_start - 40),
                                                                 fig.char_start) \
                or R.criteria_after_re.match(low_after):
            fig.metric = R.metrics["criterion"]["default"]
        else:
            fig.metric, fig.unit, fig.unit_text = "count", "item", "tiêu chí"
    elif unit == "point":
        fig.metric = R.metrics["point"]["default"]
    elif unit in ("person", "item"):
        fig.metric = "count"
    else:
        fig.metric = "quantity"


def _household_metric(fig: Figure, low: str, R: _Rules) -> str:
    """poor_households for the poor households of a place ("còn 120 hộ nghèo"), else households.

    A group that received or did something ("34 hộ nghèo … được hỗ trợ", "lượt hộ") is
    `households`.
    """
    hh = R.metrics["household"]
    noun = low[fig.char_start:fig.char_end + 14]
    near_before = R.near_poverty_before_re.search(low, max(0, fig.char_start - 40), fig.char_start)
    if any(w in noun for w in hh["near_poor_households_nouns"]) or near_before:
        kind = "near_poor_households"
    elif any(w in noun for w in hh["poor_households_nouns"]) or R.poverty_before_re.search(
            low, max(0, fig.char_start - 40), fig.char_start):
        kind = "poor_households"
    else:
        return hh["default"]
    clause = re.split(r"[;.:]", low[fig.char_end:fig.char_end + 80], maxsplit=1)[0]
    if "lượt" in low[fig.char_start:fig.char_end] or R.group_re.search(clause):
        return hh["default"]
    if R.stock_re.search(low[max(0, fig.char_start - 30):fig.char_start]) or R.share_after_re.match(low, fig.char_end):
        return kind  # "… 611 hộ cận nghèo, tỷ lệ 5,2%": a share follows, so the place's stock
    return hh["default"]


def _match_after(regex_items, low: str, pos: int):
    """The metric of a cue phrase right after the figure, or None."""
    regex, items = regex_items
    m = regex.match(low, pos + len(re.match(r"[\s]*", low[pos:pos + 5]).group()))
    return items[m.group(1)] if m else None


def _status(low: str, clause_start: int, pos: int, R: _Rules, unit: str = "") -> str:
    """`target` when a target cue stands in the figure's clause, near enough before it."""
    cue = None
    for m in R.target_re.finditer(low, max(clause_start, pos - R.target_reach), pos):
        if not R.achieved_re.search(low, max(0, m.start() - 40), m.start()):
            cue = m
    if cue is not None and unit in R.addressee_units and R.request_re.fullmatch(low, cue.start(), cue.end()) \
            and not low[cue.end():pos].strip():
        cue = None  # "đề nghị 20 hộ dân …": the households are asked, not aimed at
    if cue is None:
        return "actual"
    if R.actual_re.search(low, cue.end(), pos):
        return "actual"
    return "target"


def _place(text: str, sent_start: int, pos: int, sent_end: int, R: _Rules) -> str:
    """The administrative unit named nearest before the figure in its sentence (else after it)."""
    found = ""
    for m in R.place_re.finditer(text, sent_start, sent_end):
        words = m.group().split()
        unit_len = next(i for i in range(1, len(words) + 1) if " ".join(words[:i]) in R.place_units)
        name = list(itertools.takewhile(lambda w: w[0].isupper() or w.isdigit(), words[unit_len:]))
        if name and name[0].isdigit() and (len(name[0]) > 2 or R.amount_after_re.match(
                text, m.start() + len(" ".join(words[:unit_len + 1])))):
            name = []  # "ngân sách tỉnh 65 tỷ đồng": an amount, not "tỉnh 65"
        if name:
            place = " ".join(words[:unit_len] + name)
            if m.start() >= pos:
                return found or place
            found = place
    return found


# Words that frame a figure rather than name what it measures ("đã đạt", "còn", "là").
_SUBJECT_EDGE = re.compile(
    r"^(?:(?:và|với|của|là|còn|có|đạt|trong đó|trong|tổng cộng|gồm|thì|nhưng|đã|đến nay|hiện nay|qua rà soát)\b|[,\s])+"
    r"|(?:\b(?:là|còn|đạt|được|với|có|lên|tới|đến|ước|tăng|giảm|xuống|chỉ|khoảng|hơn|trên|gần|đã|chiếm|từ)|[,\s])+$",
    re.I)


def _subject(doc: Doc, fig: Figure, clause_start: int, periods) -> str:
    """A short phrase naming what was measured.

    Counted things: the noun and the words after it to the next punctuation
    ("hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở"). Other figures: the words before
    them in their clause, after any time phrase ("cuối năm 2022 tỷ lệ hộ nghèo còn" →
    "tỷ lệ hộ nghèo").
    """
    text = doc.text
    if fig.unit in ("household", "person", "item", "criterion"):
        noun = text.find(fig.unit_text, fig.char_start) if fig.unit_text else -1
        start = noun if noun >= 0 else fig.char_end
        parts = re.split(r"[;.:()]", text[start:start + 140], maxsplit=1)[0].split(",")
        phrase = ",".join(parts[:2]) if fig.unit == "household" and len(parts) > 1 and \
            parts[1].strip().startswith("hộ") else parts[0]
        return " ".join(phrase.split()[:10]).strip(" ,")
    left_start = max(clause_start, fig.char_start - 100)
    for p in periods:
        if left_start <= p.char_end <= fig.char_start:
            left_start = p.char_end
    left = re.split(r"[,;:()“”\"]", text[left_start:fig.char_start])[-1]
    return _SUBJECT_EDGE.sub("", " ".join(left.split()[-8:])).strip()
