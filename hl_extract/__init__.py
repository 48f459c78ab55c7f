"""hl_extract: figures, speakers and deadlines from Vietnamese local news.

    >>> from hl_extract import extract_figures, load
    >>> [f.value for f in extract_figures("tỷ lệ hộ nghèo còn 2,62%")]
    [2.62]
"""
from __future__ import annotations

__version__ = "0.1.0"


def extract_figures(text: str, published: str | None = None):
    """Every figure of an article's text as `Figure` records.

    Offsets (`char_start`, `char_end`) point into the clean text, `hl_extract.text.clean(text)`.
    """
    from hl_extract.language.doc import Doc
    from hl_extract.extract.figures import extract
    from hl_extract.language.text import clean
    return extract(Doc(clean(text), published or ""))


def load(directory):
    """The dataset folder's CSVs as typed pandas DataFrames (see `dataset.load`)."""
    from hl_extract.dataset.tables import load as _load
    return _load(directory)
