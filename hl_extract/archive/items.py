"""What a reader yields: articles, and `Problem`s for input it could not read.

Every reader of `archive/` yields `Article`s in input order, a `Problem` (file and line
named) for what it could not read, so a batch goes on past bad input and counts it, and
a `Skipped` for what it read that is no article (counted, never a row).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Union

from hl_extract.common.records import Article


@dataclass
class Problem:
    """Input that could not be read; `where` is `file:line` or `file`."""
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Skipped:
    """Input that is read but is no article — a home, category or listing page, robots.txt, a
    redirect: never a row, counted by `reason` (one of a few fixed phrases) in the run's summary."""
    where: str
    reason: str
    detail: str = ""


@dataclass
class Unchanged:
    """An input record byte-identical to one of the previous run (`known` said so): it is
    neither cleaned nor extracted again, its rows are copied."""
    article_id: str
    digest: str
    source: str


Item = Union[Article, Problem, Skipped, Unchanged]

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(value) -> str:
    """An ISO date from `YYYY-MM-DD…` or `dd/mm/yyyy`, else ""."""
    s = str(value or "").strip()
    try:
        if re.match(r"\d{4}-\d{2}-\d{2}", s):
            return date.fromisoformat(s[:10]).isoformat()
        m = _DMY.fullmatch(s)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        pass
    return ""


