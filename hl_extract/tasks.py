"""Tasks: directives, registrations and plans with due dates (SPEC: tasks.csv). Issue 3."""
from __future__ import annotations

from .doc import Doc
from .records import Statement, Task


def extract(doc: Doc, statements: list[Statement]) -> list[Task]:
    """Every assignment of the article, one row per assignee."""
    return []
