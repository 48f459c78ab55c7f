"""`Doc`: one article prepared once for every extractor (text, folded text, sentences)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from hl_extract.language.segment import Span, paragraphs, sentences
from hl_extract.language.text import match_text


@dataclass
class Doc:
    text: str                 # the clean text; every offset points into it
    published: str = ""       # ISO date of publication, "" when unknown
    article_id: str = ""
    title: str = ""           # the article's title (not part of `text`; offsets never point into it)
    low: str = field(init=False)
    _memo: dict = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self):
        self.low = match_text(self.text)

    def memo(self, key: str, build):
        """`build(self)`, computed once per article and shared by every extractor."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)

    @cached_property
    def paragraphs(self) -> list[Span]:
        return paragraphs(self.text)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Span:
        """The sentence holding offset `pos` (the nearest one before it between sentences)."""
        i = max(bisect.bisect_right(self.sentence_starts, pos) - 1, 0)
        return self.sentences[i] if self.sentences else Span(0, len(self.text))
