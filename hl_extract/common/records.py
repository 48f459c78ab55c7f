"""Typed records of the dataset contract (../shared/SPEC.md) and their CSV columns."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, fields

ARTICLE_COLUMNS = ["article_id", "url", "source", "title", "published", "fetched_at",
                   "n_chars", "sha256", "warc_file", "warc_offset", "date_source", "category", "duplicate_of"]
FIGURE_COLUMNS = ["figure_id", "article_id", "metric", "value", "value_max", "total", "unit",
                  "unit_text", "qualifier", "status", "subject", "place", "place_code", "province", "place_from", "period_start",
                  "period_end", "period_text", "speaker", "statement_id", "raw", "sentence",
                  "char_start", "char_end", "sentence_start", "sentence_end"]
STATEMENT_COLUMNS = ["statement_id", "article_id", "speaker", "title", "org", "kind", "cue",
                     "text", "char_start", "char_end"]
TASK_COLUMNS = ["task_id", "article_id", "assigner", "assignee", "action", "kind", "due_start",
                "due_end", "due_text", "due_qualifier", "sentence", "char_start", "char_end"]
CHECK_COLUMNS = ["check_id", "kind", "severity", "figure_ids", "article_ids", "message"]

# The values a coded column may take (SPEC); `datapackage.json` states them as enum constraints.
METRICS = ["poverty_rate", "near_poverty_rate", "poor_households", "near_poor_households", "households",
           "funding", "income_per_capita", "money", "criteria_met", "score", "rate", "count", "quantity"]
CHECK_KINDS = ["repeat_consistent", "repeat_conflict", "part_whole", "bound", "cross_article_conflict",
               "trend_outlier"]
CODES = {
    ("figures", "metric"): METRICS,
    ("figures", "qualifier"): ["eq", "gt", "ge", "lt", "le", "approx"],
    ("figures", "status"): ["actual", "target"],
    ("figures", "place_from"): ["clause", "sentence", "before", "article"],
    ("statements", "kind"): ["report", "request", "conclusion", "opinion"],
    ("tasks", "kind"): ["directive", "registration", "plan"],
    ("tasks", "due_qualifier"): ["before", "in", "by", "from"],
    ("checks", "kind"): CHECK_KINDS,
    ("checks", "severity"): ["info", "warning", "error"],
}
# `figure_ids` and `article_ids` of checks.csv hold several ids joined by this
LIST_SEPARATOR = ";"

TABLES = {"articles": ARTICLE_COLUMNS, "figures": FIGURE_COLUMNS,
          "statements": STATEMENT_COLUMNS, "tasks": TASK_COLUMNS, "checks": CHECK_COLUMNS}


@dataclass
class Article:
    """One input article: its clean text and metadata."""
    article_id: str
    text: str
    url: str = ""
    source: str = ""
    title: str = ""
    published: str = ""          # ISO date or ""
    fetched_at: str = ""
    warc_file: str = ""
    warc_offset: str = ""
    date_source: str = ""
    category: str = ""
    duplicate_of: str = ""       # the earlier article this one nearly repeats (dataset.duplicates)
    digest: str = ""             # hash of the input record as read (JSONL line), for --update
    where: str = ""              # where it was read (`file:line`), for messages; not written

    @property
    def n_chars(self) -> int:
        return len(self.text)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Figure:
    """One figure stated in the text, normalised (SPEC: figures.csv)."""
    metric: str
    value: float
    unit: str
    raw: str
    char_start: int
    char_end: int
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    value_max: float | None = None
    total: float | None = None
    unit_text: str = ""
    qualifier: str = "eq"
    status: str = "actual"
    subject: str = ""
    place: str = ""
    place_code: str = ""
    province: str = ""
    place_from: str = ""       # which rule decided the place: clause, sentence, before, article
    period_start: str = ""
    period_end: str = ""
    period_text: str = ""
    speaker: str = ""
    statement_id: str = ""
    article_id: str = ""
    figure_id: str = ""


@dataclass
class Statement:
    """Who said what (SPEC: statements.csv)."""
    speaker: str
    kind: str
    cue: str
    text: str
    char_start: int
    char_end: int
    title: str = ""
    org: str = ""
    article_id: str = ""
    statement_id: str = ""


@dataclass
class Task:
    """An assignment, registration or plan with its due date (SPEC: tasks.csv)."""
    assignee: str
    action: str
    kind: str
    sentence: str
    char_start: int
    char_end: int
    assigner: str = ""
    due_start: str = ""
    due_end: str = ""
    due_text: str = ""
    due_qualifier: str = ""
    article_id: str = ""
    task_id: str = ""


@dataclass
class Check:
    """A fact-check finding (SPEC: checks.csv)."""
    kind: str
    severity: str
    figure_ids: str
    article_ids: str
    message: str
    check_id: str = ""


@dataclass
class Result:
    """Everything extracted from one article."""
    article: Article
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


@functools.cache
def _field_names(cls) -> frozenset:
    return frozenset(f.name for f in fields(cls))


def row(record, columns: list[str]) -> dict:
    """The record as a CSV row dict, in column order (None → "")."""
    names = _field_names(type(record))
    out = {}
    for col in columns:
        if col in ("n_chars", "sha256"):
            val = getattr(record, col)
        else:
            val = getattr(record, col) if col in names else ""
        out[col] = "" if val is None else val
    return out
