"""Amounts: where the text states a number, and what it is a number of.

For each amount the number grammar finds (`numbers.AMOUNT`), read on to a range
(`1-1,5%`), a ratio (`55/63`), a unit (`%`, `đồng`, `ha`, `kg` …) or a counted noun
(`34 hộ`, `02 sản phẩm`), and back to a qualifier (`hơn`, `khoảng`, `không dưới`) or a
currency written before it (`$10`, `EUR 20`: `currency.py`, also the `k` of `10k đồng`). Numbers that are
dates, periods, durations, ages, ordinals or identifiers are dropped. Rules:
`units.toml`, `nouns.toml`, `qualifiers.toml`, `not_figures.toml`.
"""
from __future__ import annotations

import functools
import re

from hl_extract.language import numbers
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.language.numbers import SP
from hl_extract.language.lexicon import longest_compound
from hl_extract.common.records import Figure
from hl_extract.extract import currency

_WORD = r"[^\W\d_]+"
_CODE_TAIL = re.compile(r"[/-]\s*[A-ZĐ]{2}")  # "37-NQ/TW", "211/QĐ-TTg"
_NAME_BEFORE = re.compile(r"(?<![\w.])[A-ZĐ]{2,}[0-9]*\s\Z")  # an acronym right before: "BĐ 99086"
_GLUED_CODE = re.compile(r"[^\W\d_]\s?-\s?\Z")  # "MiG-29", "Tu -160", "51C-664.47"
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_DONG = re.compile(rf"{SP}*(đồng)(?![^\W_])")
_CLOCK_BEFORE = re.compile(r"(?<![\w.,])\d{1,2}(?:(:|h)|\s*(giờ)\s+)\Z")
_MINUTES_AFTER = re.compile(r"\s*(?:phút|sáng|trưa|chiều|tối|đêm|khuya|ngày|hôm|cùng|[,.;)]|\Z)")
_THREE_WORDS = re.compile(rf"{SP}+({_WORD})(?: ({_WORD}))?(?: ({_WORD}))?")
_NOT_LETTER = r"(?![^\W\d_])"


class Rules:
    """The rule files of finding amounts, compiled once."""

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
        self.unit_re = re.compile(rf"{SP}*({'|'.join(alts)})(?![^\W_])")
        self.bare_scale_money = tuple(u["bare_scale_money"])
        prefixes = ruleset.alternation(u["prefix"])
        self.prefix_re = re.compile(rf"(?<![\w$])({prefixes}) ?\Z")
        self.k_re = re.compile(r"k(?![^\W_])")
        self.k_money_re = ruleset.ends_with(
            u["k_money_before"], rf"(?:\s+(?:{ruleset.alternation(u['k_money_between'])})){{0,2}}\s+")
        # an amount glued to a code of letters ("USD1,23") may start after it
        glued = "".join(rf"|(?<={re.escape(p)})" for p in u["prefix"] if p.isalpha())

        n = ruleset.load("nouns")
        self.noun_kind = {}
        for kind in ("compound", "person", "household", "time"):
            for w in n[kind]:
                self.noun_kind[w] = kind
        self.noun_re = re.compile(rf"{SP}+({ruleset.alternation(self.noun_kind)}){_NOT_LETTER}")
        self.function = set(n["function"])
        self.classifier = set(n["classifier"])
        self.edition_nouns = set(n["edition"])
        self.capitalised = set(n["capitalised"])

        q = ruleset.load("qualifiers")
        self.qual_before = q["before"]
        self.qual_before_re = re.compile(
            rf"(?:^|(?<=[^\w]))({ruleset.alternation(self.qual_before)})\s+(?:từ\s+)?\Z")
        self.from_re = re.compile(r"(?:^|(?<=[^\w]))từ\s+\Z")
        self.comparative_re = ruleset.ends_with(q["comparative_before_hon"], r"\s+hơn\s+")
        self.qual_after = q["after"]
        self.qual_after_re = re.compile(rf"\s+({ruleset.alternation(self.qual_after)}){_NOT_LETTER}")
        self.qual_after_noun_re = re.compile(rf"{SP}+({ruleset.alternation(q['after_noun'])}){_NOT_LETTER}")

        nf = ruleset.load("not_figures")
        self.ident_before_re = ruleset.ends_with(nf["identifier_before"], r"\s*[.:]?\s*")
        self.ident_verb_re = ruleset.ends_with(nf["identifier_or_verb"], r"\s*")
        self.ident_after_re = re.compile(rf"\s*(?:{ruleset.alternation(nf['identifier_after'])})")
        self.ident_exception_re = ruleset.ends_with(nf["identifier_exceptions"], r"\s*[.:]?\s*")
        self.max_zero_digits = nf["max_leading_zero_digits"]
        self.vague_re = ruleset.ends_with(nf["vague_before"])
        self.word_never_first = set(nf["word_never_first"])
        self.word_never_alone = set(nf["word_never_alone"])

        self.amount_re = re.compile(rf"(?:(?<![\w.,]){glued})(?<!\d/){numbers.AMOUNT}")
        # where an amount can start; the grammar is tried only there (much faster than scanning)
        self.amount_start_re = ruleset.starts_regex(
            [w for w in numbers.WORD_ITEMS if w not in nf["word_never_first"]], also=r"(?<![\d.,])\d+")
        second = rf"(?:(?P<q>{ruleset.alternation(self.qual_before)})\s+)?(?:(?P<pre>{prefixes}) ?)?" \
                 rf"(?P<amt>{numbers.AMOUNT_DIGITS})(?P<k>k(?![^\W_]))?"
        self.range_re = re.compile(rf"{SP}*(?:{ruleset.alternation(q['range_to'])}){SP}*{second}")
        self.between_words = tuple(q["range_between"])   # a cheap test before the regex
        self.between_re = re.compile(rf"(?:^|(?<=[^\w]))({ruleset.alternation(q['range_between'])})\s+\Z")
        self.between_and_re = re.compile(rf"{SP}*(?:{ruleset.alternation(q['range_between_and'])}){SP}+{second}")
        self.ratio_re = re.compile(rf"{SP}*/{SP}*({numbers.AMOUNT_DIGITS})(?![\d/])")
        self.per_re = re.compile(rf"(?:{SP}*/{SP}*(?:m{SP}?[23]|[^\W\d_]+(?:{SP}[^\W\d_]+)?))+")


@functools.cache
def rules() -> Rules:
    return Rules()


def find(doc: Doc, blocked) -> list[Figure]:
    """Every amount of the article that is a figure, in text order, with value, unit,
    qualifier, raw and offsets set (`blocked`: spans of time phrases, never figures)."""
    R = rules()
    low = doc.low
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
    return figures

def _overlaps(start, end, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _read(doc: Doc, m: re.Match, R: Rules, blocked) -> Figure | None:
    """The figure that starts with amount `m`, or None when it is not a figure."""
    low, text = doc.low, doc.text
    a1 = m.group()
    pre = currency.prefix_at(doc, m.start(), a1, R)  # "$10", "US$ 5 triệu", "EUR 20"
    if pre is None and currency.glued_letter(doc, m.start()):
        return None  # "abc123": glued to a word that is no currency code
    lead = pre.start(1) if pre else m.start()
    before = low[max(0, lead - 40):lead]
    if not _plausible_amount(doc, m, before, R):
        return None
    v1 = numbers.parse_amount(a1)
    if v1 is None:
        return None
    pos = m.end()
    k_end = currency.thousand_k(doc, a1, pos, before, pre, R)  # "10k đồng", "giá 50K"
    if k_end:
        v1, pos = v1 * 1000, k_end
    if R.ident_after_re.match(low, pos) or _CODE_TAIL.match(text, pos) and not _currency_range(doc, pos, R):
        return None  # "37-NQ/TW"; but "VND1000-VND2000" is a range
    u1 = _unit_at(doc, pos, R)
    if u1 is None and a1.endswith(R.bare_scale_money):
        u1 = _DONG.match(low, pos)  # "203 tỷ đồng tiền …": after a scale word "đồng" is the currency
    if u1:
        pos = u1.end()
    if pre and (u1 or (_counted_noun(doc, pos, R) or ("",))[0] == "time"):
        pre = None  # "USD 43 mm" (a fork), "CNY 30 ngày": the unit after the number is the figure's
        lead = m.start()
        before = low[max(0, lead - 40):lead]
    cur = pre.group(1) if pre else None  # a currency before the amount, used when none follows
    value_max = total = None
    last_amount = a1
    r = R.range_re.match(low, pos)
    between = R.between_re.search(before) if r is None and any(w in before for w in R.between_words) else None
    if between:  # "giữa 15.000 và 20.000 đồng"
        r = R.between_and_re.match(low, pos)
    if r:  # "1-1,5%", "từ 10 đến 15 hộ", "300 triệu – 500 triệu đồng", "$100 - $150"
        v2 = numbers.parse_amount(r.group("amt"))
        if r.group("k"):  # "từ 50k - 100k"
            v2 = v2 * 1000 if k_end and v2 is not None else None
        cur2 = r.group("pre")
        u2 = _unit_at(doc, r.end(), R)
        unit1 = R.unit_of[u1.group(1)] if u1 else R.unit_of[cur] if cur else None
        unit2 = R.unit_of[u2.group(1)] if u2 else R.unit_of[cur2] if cur2 else None
        if v2 is not None and (not cur2 or currency.written_as_code(doc, r.start("pre"), r.end("pre"))) \
                and (not unit1 or not unit2 or unit1 == unit2):
            scale = _scale_of(r.group("amt"), v2)
            v1_scaled = v1 * scale if scale and not u1 and not _scale_of(a1, v1) else v1
            if v2 > v1_scaled:
                v1, value_max, last_amount = v1_scaled, v2, r.group("amt")
                pos = r.end()
                if u2:
                    u1 = u2
                    pos = u2.end()
                if between:
                    lead -= len(before) - between.start(1)
                    before = low[max(0, lead - 40):lead]
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
    if u1 is None and not cur and not k_end and R.ident_before_re.search(before) \
            and not R.ident_exception_re.search(before) \
            and not R.qual_before_re.search(before):
        noun = _counted_noun(doc, pos, R) if R.ident_verb_re.search(before) else None
        if noun is None or noun[0] in ("fallback", "time"):
            return None  # "Nghị quyết 37", "quận 9"; an amount with a unit is never an identifier
        # "cấp 1.046 thẻ bảo hiểm y tế": the verb "cấp" (grant), not "cấp 2" (a level)
    fig = Figure(metric="", value=v1, unit="", raw="", char_start=m.start(), char_end=pos,
                 value_max=value_max, total=total)
    noun_end = _classify_unit(doc, fig, m, u1, pos, last_amount, R, cur, bool(k_end))
    if noun_end is None:
        return None
    _extent_and_qualifier(doc, fig, lead, before, pos, noun_end, R)
    return fig


def _currency_range(doc: Doc, pos: int, R: Rules) -> bool:
    """Whether a range to an amount with a currency before it starts at `pos` ("-VND2000")."""
    r = R.range_re.match(doc.low, pos)
    return bool(r and r.group("pre") and currency.written_as_code(doc, r.start("pre"), r.end("pre")))


def _plausible_amount(doc: Doc, m: re.Match, before: str, R: Rules) -> bool:
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


def _unit_at(doc: Doc, pos: int, R: Rules):
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


def _classify_unit(doc: Doc, fig: Figure, m: re.Match, u1, pos: int, last_amount: str, R: Rules,
                   cur: str | None = None, money: bool = False):
    """Set the figure's unit (converting its values); the end of its counted noun, or None.
    `cur`: a currency written before the amount; `money`: a `k` in a money context."""
    low, text = doc.low, doc.text
    if u1 is None and (cur or money):  # "$10", "EUR 20"; "giá 50K" in đồng
        fig.unit = R.unit_of[cur] if cur else "vnd"
        return pos
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


def _extent_and_qualifier(doc: Doc, fig: Figure, lead: int, before: str, pos: int, noun_end: int, R: Rules):
    """Set raw, offsets and qualifier: qualifier words before `lead` (where the figure's own
    words start: its amount, currency or "giữa"), per-unit tails after."""
    low, text = doc.low, doc.text
    start, qual = lead, "eq"
    q = R.qual_before_re.search(before)
    if q and q.group(1) == "hơn" and R.comparative_re.search(before):
        q = None  # "cao hơn 24% năm trước": a difference, not a bound
    if q and fig.total is not None and R.qual_before[q.group(1)] in ("gt", "ge"):
        q = None  # "đạt và vượt 21/22 chỉ tiêu": 21 of 22, each reached or exceeded
    if q:
        qual = R.qual_before[q.group(1)]
        start = lead - (len(before) - q.start(1))
    else:
        fr = R.from_re.search(before)
        if fr:  # the "từ" of "từ 10 đến 15 hộ"
            start = lead - (len(before) - fr.start())
    end = pos
    if fig.unit in R.currencies or fig.unit == "percent":
        per = R.per_re.match(low, end)
        if per:
            end = per.end()
            last = re.search(rf"/\s*({_WORD})(\s({_WORD}))\Z", low[per.start():end])
            if last and longest_compound([last.group(1), last.group(3)]) < 2:
                end -= len(last.group(2))  # "đồng/căn và" → "đồng/căn"; "triệu/học kỳ" stays
    qa = R.qual_after_re.match(low, end)
    if qa is None and fig.unit in ("person", "item", "household") and noun_end > end:
        qa = R.qual_after_noun_re.match(low, noun_end)  # "từ 50 hộ trở lên"
    if qa and qual == "eq":
        qual = R.qual_after[qa.group(1)]
    if fig.unit in ("person", "item", "household"):
        end = max(end, noun_end)
        hh = re.match(rf"{SP}*(?:lượt{SP}+)?hộ(?![^\W_])", low[pos:end]) if fig.unit == "household" else None
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


_NOT_DIGIT = re.compile(r"\D")


def _looks_like_code(a1: str, R: Rules) -> bool:
    """A phone number or code: a long digit string with a leading zero ("0913.123.456")."""
    digits = _NOT_DIGIT.sub("", a1.split()[0])
    return digits.startswith("0") and len(digits) > R.max_zero_digits and "," not in a1


def _counted_noun(doc: Doc, pos: int, R: Rules):
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
            nxt = re.match(rf"{SP}+({_WORD})", low[m.end():m.end() + 30])
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
        nxt = re.match(rf"{SP}+({_WORD})", low[e:e + 30])
        if nxt and nxt.group(1) not in R.function:
            return "compound", text[s:e + nxt.end()], e + nxt.end()
    # a word of the dictionary: "282 biên chế", "3 kết luận", "10 đối tác"
    n = longest_compound([g for g in w.groups() if g])
    e = w.end(n)
    return "fallback", text[s:e], e


def _acronym(word: str) -> bool:
    return len(word) >= 2 and sum(c.isupper() for c in word) >= 2
