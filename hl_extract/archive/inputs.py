"""Every input path → articles: picks the reader of each file by its suffix.

Files or folders (searched recursively); a path no reader takes is a `Problem`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from hl_extract.archive import dumps, html, warc
from hl_extract.archive.items import Item, Problem

# file suffix -> (reader, whether it takes `known` and can yield `Unchanged`)
READERS = {
    ".jsonl": (dumps.read_jsonl, True), ".jsonl.gz": (dumps.read_jsonl, True),
    ".json.gz": (dumps.read_jsonl, True), ".ndjson": (dumps.read_jsonl, True),
    ".txt": (dumps.read_txt, False),
    ".html": (html.read_html, False), ".htm": (html.read_html, False),
    ".warc": (warc.read_warc, False), ".warc.gz": (warc.read_warc, False),
    ".arc.gz": (warc.read_warc, False),
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in sorted(READERS, key=len, reverse=True):
        if name.endswith(s):
            return s
    return ""


def iter_inputs(paths, known=None) -> Iterator[Item]:
    """Articles from every input path (files or folders, searched recursively).

    known(article_id, digest) -> bool, when given, names the input records that are
    unchanged since a previous run: readers that can tell (JSONL) yield `Unchanged`
    for them instead of an Article, skipping the work of cleaning them.
    """
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _suffix(f))
            if not files:
                yield Problem(str(p), "no readable input files in this folder")
            for f in files:
                yield from _read(f, known)
        elif not p.exists():
            yield Problem(str(p), "no such file or folder")
        elif _suffix(p):
            yield from _read(p, known)
        else:
            yield Problem(str(p), "unknown input type (want .jsonl, .jsonl.gz, .txt, .html, .warc, .warc.gz)")


def _read(path: Path, known) -> Iterator[Item]:
    fn, knows_unchanged = READERS[_suffix(path)]
    return fn(path, known) if knows_unchanged else fn(path)


