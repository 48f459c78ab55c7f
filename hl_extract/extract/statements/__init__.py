"""Statements: who said what (SPEC: statements.csv), one module per pattern family.

Attribution patterns (every rule word in `rules/speakers.toml`):

* `Đồng chí X, <title>: …` / `X - <title>: …` — a colon header; runs to the end of the
  paragraph (to the end of the sentence in archives that lost their paragraph breaks);
* `<title> X cho biết …`, `Ông X, <title>, cho biết: “…”` — a cue verb after the speaker;
  runs to the end of the sentence, or over the quotation that opens right after it;
* `“…”, ông X nói.` / `“…” - Thủ tướng nêu rõ` — the speaker after the quotation (but
  `Xung quanh vụ việc … “…”, bà X cho biết, <clause>`: a quotation inside a lead clause is
  no statement, the clause after the cue is);
* `X cho biết, … và thẳng thắn chỉ ra, …` — a second verb of the same speaker opens a
  second statement; so does a next sentence of the paragraph that opens with a joiner and
  a cue and has no subject of its own (`… . Đồng thời, đề nghị …`);
* `Theo ông X, <title>, …`, `Theo chia sẻ của ông X, …` — runs to the end of the sentence;
* `Kết luận hội nghị, <title> X …` — a conclusion that runs over the following
  paragraphs until another attribution opens one.

A statement stops early at the next attribution; a nested attribution of the same
speaker inside a paragraph-long statement (`… đồng chí Bí thư Thị ủy đề nghị …` inside
the conclusion) is part of it.  Speakers are resolved within the article: a short
name to the full name (`ông Sanh` → `Phạm Sanh`), an office alone to the person named
earlier with that office, `ông`/`bà` alone to the last person named.
"""
from __future__ import annotations

from hl_extract.extract import names
from hl_extract.language.doc import Doc
from hl_extract.common.records import Statement
from hl_extract.extract.statements.finish import _finish, link
from hl_extract.extract.statements.patterns import (
    _colon_headers, _conclusions, _dash_after_quote, _theo,
)
from hl_extract.extract.statements.verb_cues import _verb_cues

__all__ = ["extract", "link"]


def extract(doc: Doc) -> list[Statement]:
    """Every attributed statement of the article, in text order."""
    if not doc.text:
        return []
    ms = names.mentions(doc)
    cands = _verb_cues(doc, ms)
    cands += _dash_after_quote(doc, ms, cands)
    cands += _colon_headers(doc, ms)
    cands += _theo(doc, ms)
    cands += _conclusions(doc, ms)
    return _finish(doc, cands)
