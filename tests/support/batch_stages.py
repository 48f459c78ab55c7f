"""A stand-in per-article stage for the batch tests (test_batch.py).

The real extractors are being filled in by other issues; the batch machinery is tested
with this small, deterministic stage so that every table has rows (with quotes,
newlines and formula-like cells) whatever the extractors do today. It must live in an
importable module: worker processes import it by name.
"""
from __future__ import annotations

import re
import time

from hl_extract.common.records import Figure, Result, Statement, Task

CALLS: list[str] = []          # article ids this process ran the stage on

_NUM = re.compile(r"\d+(?:,\d+)?")


def digits_stage(article):
    """A figure per number, a statement per `:` line, a task per `giao` sentence."""
    if article.article_id != "warmup":
        CALLS.append(article.article_id)
    text, aid = article.text, article.article_id
    if "CHẬM" in text:          # a slow article: later chunks finish before this one
        time.sleep(0.3)
    if "HỎNG" in text:          # an extractor bug on one article
        raise ValueError("boom")
    figs = []
    for n, m in enumerate(_NUM.finditer(text), 1):
        line_start = text.rfind("\n", 0, m.start()) + 1
        figs.append(Figure(metric="count", value=float(m.group().replace(",", ".")), unit="item",
                           raw=m.group(), char_start=m.start(), char_end=m.end(),
                           sentence=text[line_start:m.end() + 20], article_id=aid,
                           figure_id=f"{aid}#{n}", subject="=" + text[line_start:m.start()][-15:]))
    stmts, tasks = [], []
    for m in re.finditer(r"([^\n:]+): ([^\n]*)", text):
        stmts.append(Statement(speaker=m.group(1)[-20:], kind="report", cue=":",
                               text=m.group(2) + "\n\"trích\"", char_start=m.start(2), char_end=m.end(2),
                               article_id=aid, statement_id=f"{aid}#s{len(stmts) + 1}"))
    for m in re.finditer(r"giao [^.\n]*", text):
        tasks.append(Task(assignee="UBND phường", action=m.group(), kind="directive", sentence=m.group(),
                          char_start=m.start(), char_end=m.end(), article_id=aid,
                          task_id=f"{aid}#t{len(tasks) + 1}", due_end=article.published))
    return Result(article, figs, stmts, tasks)


def other_stage(article):
    """Another extractor (a different fingerprint), same rows."""
    return digits_stage(article)
