"""The per-article stages: clean → segment → extract → link.

`process(article)` is pure: it depends on the article alone, so batches can run in
any order, in any number of processes, and give the same rows.
"""
from __future__ import annotations

from hl_extract.extract import figures, statements, tasks
from hl_extract.language.doc import Doc
from hl_extract.common.records import Article, Result


def process(article: Article) -> Result:
    """Every figure, statement and task of one article, with ids assigned and linked."""
    aid = article.article_id
    doc = Doc(article.text, article.published, aid, article.title)
    stmts = statements.extract(doc)
    for n, s in enumerate(stmts, 1):
        s.article_id, s.statement_id = aid, f"{aid}#s{n}"
    figs = figures.extract(doc)
    for n, f in enumerate(figs, 1):
        f.article_id, f.figure_id = aid, f"{aid}#{n}"
    statements.link(figs, stmts)
    tsks = tasks.extract(doc, stmts)
    for n, t in enumerate(tsks, 1):
        t.article_id, t.task_id = aid, f"{aid}#t{n}"
    return Result(article, figs, stmts, tsks)
