"""Figures: every number stated in the text, normalised (SPEC: figures.csv)."""
from __future__ import annotations

from .doc import Doc
from .records import Figure


def extract(doc: Doc) -> list[Figure]:
    return []
