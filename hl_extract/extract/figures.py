"""Figures: every number stated in the text, normalised and situated (SPEC: figures.csv).

`amounts` finds the numbers and their units (`table_figures` those of a table's cells,
read with its headers); for each, `metrics` decides what it measures, `status` whether
it is achieved or aimed at, `place` where and what it counts, and `language.periods`
when. Every word list is in `rules/*.toml`.
"""
from __future__ import annotations

import bisect
import re

from hl_extract.common.records import Figure
from hl_extract.extract import amounts, metrics, place, status, subject, table_figures
from hl_extract.language.doc import Doc
from hl_extract.language.periods import directly_after, find_periods, period_for

_FROM_TO = re.compile(r"\s*(?:xuống|lên|tăng lên|giảm xuống)\s+(?:còn|mức|đến|tới)?")


def extract(doc: Doc) -> list[Figure]:
    """Every figure of the article, in text order."""
    low, text = doc.low, doc.text
    periods = find_periods(doc)
    figures = amounts.find(doc, [(p.char_start, p.char_end) for p in periods])
    in_tables, cells = table_figures.extract(doc, periods)
    if cells:   # a table's number cell is read with its headers, not as text
        figures = [f for f in figures if not any(a <= f.char_start < b for a, b in cells)]
    starts = [p.char_start for p in periods]
    bound = set()  # periods that follow a figure directly ("28,1% năm 2011") belong to it
    for f in figures:
        i = bisect.bisect_left(starts, f.char_end)
        if i < len(periods) and directly_after(low, f.char_end, starts[i]):
            bound.add(i)
    last_money = None  # the amount of money before, whose breakdown may follow
    prev = None  # (sentence start, start, end, status from the words) of the previous figure
    for fig in figures:
        sent = doc.sentence_at(fig.char_start)
        fig.sentence = text[sent.start:sent.end]
        fig.sentence_start, fig.sentence_end = sent.start, sent.end
        clause_start = metrics.clause_start(low, sent.start, fig.char_start)
        metrics.assign(fig, doc, clause_start, last_money)
        if fig.unit == "vnd":
            last_money = fig
        fig.status = status.of(low, clause_start, fig.char_start, fig.unit)
        if fig.status == "actual" and status.inherited(low, sent.start, clause_start, fig.char_start, prev):
            fig.status = "target"
        prev = (sent.start, fig.char_start, fig.char_end, fig.status)
        fig.subject = subject.of(doc, fig, clause_start, periods)
        p = period_for(doc, fig.char_start, fig.char_end, periods, bound)
        if p is not None:
            fig.period_start, fig.period_end, fig.period_text = p.start, p.end, p.text
            if p.kind.startswith("range") and _FROM_TO.match(low, fig.char_end) \
                    and low.startswith("từ", fig.char_start) and fig.value_max is None:
                year = p.start[:4]  # "giai đoạn 2011 - 2016 từ 11,76% xuống còn 8,38%"
                fig.period_start, fig.period_end = f"{year}-01-01", f"{year}-12-31"
        if doc.published and fig.period_start and fig.period_start[:4] > doc.published[:4]:
            fig.status = "target"  # a year not begun when written ("năm 2025 là 2,6 tỷ USD")
    if in_tables:
        figures = sorted(figures + in_tables, key=lambda f: f.char_start)
    place.situate(doc, figures)
    return figures

