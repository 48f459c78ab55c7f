"""Status: whether a figure is reported as achieved (`actual`) or aimed at (`target`).

A target cue in the figure's clause (`phấn đấu`, `chỉ tiêu`, `dự kiến` …) makes a
target unless an achievement cue follows it; the items of an aim's list inherit it.
Rules: `rules/status.toml`.
"""
from __future__ import annotations

import functools
import re

from hl_extract.common import ruleset

_NOT_LETTER = r"(?![^\W\d_])"


class Rules:
    """`rules/status.toml`, compiled once."""

    def __init__(self):
        s = ruleset.load("status")
        self.target_re = re.compile(rf"(?:^|(?<=[^\w]))(?:{ruleset.alternation(s['target'])}){_NOT_LETTER}")
        self.target_reach = s["reach"]
        self.actual_re = re.compile(rf"(?:^|(?<=[^\w]))(?:{ruleset.alternation(s['actual'])}){_NOT_LETTER}")
        self.achieved_re = ruleset.ends_with(s["achieved"], r"\s+(?:[^\s,;.]+\s+){0,2}")
        self.plan_lead_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(s['plan_lead'])})(?![\w])")
        self.plan_lead_reach = s["plan_lead_reach"]
        self.request_re = re.compile(rf"(?:{ruleset.alternation(s['request'])})\W*")
        self.addressee_units = set(s["request_addressee_units"])


@functools.cache
def rules() -> Rules:
    return Rules()


def of(low: str, clause_start: int, pos: int, unit: str = "") -> str:
    """`target` when a target cue stands in the figure's clause, near enough before it."""
    R = rules()
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


def inherited(low: str, sent_start: int, clause_start: int, pos: int, prev) -> bool:
    """Whether an `actual` figure at `pos` is an aim all the same, as an item of an aim's list.

    `prev` is (sentence start, start, end, status) of the previous figure, or None.
    """
    R = rules()
    if prev is not None and prev[3] == "target" and prev[0] == sent_start \
            and not R.actual_re.search(low, prev[2], pos) \
            and R.plan_lead_re.search(low, sent_start, min(sent_start + R.plan_lead_reach, prev[1])):
        # "phấn đấu … đạt 19 tiêu chí; thu nhập … 52 triệu đồng; tỷ lệ hộ nghèo dưới 2%":
        # the later items of the aim's list are aims too
        return True
    # "Chỉ tiêu năm 2022: thu nhập bình quân đầu người đạt 65 triệu đồng"
    return clause_start > sent_start and low[clause_start - 1] == ":" \
        and bool(R.plan_lead_re.search(low, sent_start, clause_start)) \
        and of(low, sent_start, clause_start - 1) == "target" \
        and not R.actual_re.search(low, clause_start, pos)
