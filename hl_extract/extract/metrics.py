"""Metrics: what a figure measures, from its unit and the cue phrases around it.

One decision per figure, rules in `rules/metrics.toml`: the nearest cue of the
figure's clause names the metric (`tỷ lệ hộ nghèo còn 2,62%`), a few patterns
around it refine it (a change, a share of households, a price per unit).
"""
from __future__ import annotations

import functools
import re

from hl_extract.common import ruleset
from hl_extract.common.records import Figure
from hl_extract.extract import amounts
from hl_extract.language.doc import Doc

_NOT_LETTER = r"(?![^\W\d_])"
# Cue tables may list phrases under this name: words that hold a cue but are none
# ("các đối tượng bị thiệt hại": who is paid, not a damage's value).
NO_CUE = "none"


class Rules:
    """`rules/metrics.toml`, compiled once."""

    def __init__(self):
        m = ruleset.load("metrics")
        self.metrics = m
        self.currencies = amounts.rules().currencies
        self.cue_before, self.cue_after = {}, {}
        for unit in ("percent", "vnd"):
            self.cue_before[unit] = self._cue_re(m[unit]["before"])
            self.cue_after[unit] = self._cue_re(m[unit].get("after", {}))
        self.change_re = ruleset.ends_with(m["percent"]["change_before"])
        self.per_unit_funding_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(m['vnd']['per_unit_funding'])})(?![\w])")
        self.criteria_before_re = ruleset.ends_with(m["criterion"]["met_before"], r"\s+(?:[^\s,;.]+\s+){0,3}")
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

        self.stock_end_re = re.compile(
            rf"\s*(?:[,.;:()\n“”\"/–-]|\Z|(?:{ruleset.alternation(hh['stock_ends'])})(?![\w]))")
        self.change_tails = tuple(m["percent"]["change_tails"])
        self.breakdown_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(m['vnd']['breakdown'])})(?![\w])")
        self.breakdown_reach = m["vnd"]["breakdown_reach"]
        self.value_words = set(m["vnd"]["value_words"])
        self.value_given = set(m["vnd"]["value_given"])

    @staticmethod
    def _cue_re(table: dict):
        """(regex, {phrase: metric}) for a table of cue phrases by metric."""
        items = {ph: metric for metric, phrases in table.items() for ph in phrases}
        if not items:
            return None
        alt = ruleset.alternation(items)
        return re.compile(rf"(?:^|(?<=[^\w]))({alt}){_NOT_LETTER}"), items


@functools.cache
def rules() -> Rules:
    return Rules()


def clause_start(low: str, sent_start: int, pos: int) -> int:
    """Start of the clause holding `pos`: after the last `;` or `:` of its sentence."""
    cut = max(low.rfind(";", sent_start, pos), low.rfind(":", sent_start, pos))
    return cut + 1 if cut >= 0 else sent_start


def _nearest_cue(regex_items, low: str, start: int, end: int, value_words=frozenset(), given=frozenset()):
    """The metric of the last cue phrase in low[start:end], or None; a value word ("trị giá")
    after a word of giving ("quà", "hỗ trợ") defers to it."""
    if not regex_items:
        return None
    regex, items = regex_items
    found = []
    for m in regex.finditer(low, start, end):
        if items[m.group(1)] != NO_CUE:
            found.append(m)
    if not found:
        return None
    last = found[-1].group(1)
    if last in value_words:
        before = [m for m in found[:-1] if m.group(1) in given]
        if before:
            return items[before[-1].group(1)]
    return items[last]


def assign(fig: Figure, doc: Doc, clause_start: int, prev: Figure | None = None) -> None:
    """Set the figure's metric from its unit and the cue phrases around it (rules/metrics.toml).

    An amount with no cue of its own takes the nearest cue earlier in its sentence, else,
    as a part of a breakdown (`… 194 triệu đồng. Trong đó, tiền uống nước hết 39 triệu
    đồng`), the metric of the whole it breaks down (`prev`, the figure before it).
    """
    R = rules()
    low = doc.low
    unit = fig.unit
    if unit == "percent" or unit == "vnd":
        after = R.cue_after[unit]
        metric = None
        if after:
            metric = _match_after(after, low, fig.char_end)
        window = R.metrics[unit].get("window", 120)
        if metric is None and unit == "percent" and not low.startswith("từ", fig.char_start) \
                and (R.change_re.search(low, max(0, fig.char_start - 25), fig.char_start)
                     or fig.raw.endswith(R.change_tails)):
            metric = R.metrics[unit]["default"]
        if metric is None and unit == "percent":
            hs = R.household_share_re.search(low, max(0, fig.char_start - 60), fig.char_start)
            if hs:  # "còn 41 hộ nghèo, tỷ lệ 2,96%", "hộ cận nghèo còn 63 hộ, tỷ lệ 4,55%"
                metric = R.household_share[(hs.group(1) or hs.group(2)).strip()]
        if metric is None:
            metric = _nearest_cue(R.cue_before[unit], low, max(clause_start, fig.char_start - window), fig.char_start,
                                  *((R.value_words, R.value_given) if unit == "vnd" else ()))
        if metric is None and unit == "vnd" and prev is not None and prev.unit == unit \
                and R.breakdown_re.search(low, prev.char_end, fig.char_start) \
                and fig.char_start - prev.char_end < R.breakdown_reach:
            metric = prev.metric
        if metric is None and clause_start > fig.sentence_start:
            metric = _nearest_cue(R.cue_before[unit], low, max(fig.sentence_start, fig.char_start - window),
                                  clause_start)
        if metric == "funding" and "/" in fig.raw and fig.total is None and not R.per_unit_funding_re.search(
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


def _household_metric(fig: Figure, low: str, R: Rules) -> str:
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
    if R.share_after_re.match(low, fig.char_end):
        return kind  # "… 611 hộ cận nghèo, tỷ lệ 5,2%": a share follows, so the place's stock
    nouns = hh["near_poor_households_nouns"] if kind == "near_poor_households" else hh["poor_households_nouns"]
    if not R.stock_end_re.match(low, _noun_end(low, fig, nouns)):
        return hh["default"]  # "1.830 hộ nghèo chưa có nhà ở": a group of them
    if R.stock_re.search(low[max(0, fig.char_start - 30):fig.char_start]):
        return kind  # "còn 120 hộ nghèo", "toàn xã có 52 hộ nghèo"
    return hh["default"]


def _noun_end(low: str, fig: Figure, nouns) -> int:
    """Where the household noun of the figure (`34 hộ nghèo`) ends; its raw's end if none."""
    for w in nouns:
        at = low.find(w, fig.char_start, fig.char_end + len(w) + 2)
        if at >= 0:
            return at + len(w)
    return fig.char_end


def _match_after(regex_items, low: str, pos: int):
    """The metric of a cue phrase right after the figure, or None."""
    regex, items = regex_items
    m = regex.match(low, pos + len(re.match(r"[\s]*", low[pos:pos + 5]).group()))
    return items[m.group(1)] if m else None
