"""Statements: who said what (SPEC: statements.csv). Filled in by issue 3."""
from __future__ import annotations

from .doc import Doc
from .records import Figure, Statement


def extract(doc: Doc) -> list[Statement]:
    """Every attributed statement of the article, in text order."""
    return []


def link(figures: list[Figure], statements: list[Statement]) -> None:
    """Give each figure inside a statement that statement's speaker and id."""
    for f in figures:
        for s in statements:
            if s.char_start <= f.char_start and f.char_end <= s.char_end:
                f.speaker, f.statement_id = s.speaker, s.statement_id
                break
