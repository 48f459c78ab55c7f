"""Every input path → articles: picks the reader of each file by its suffix.

Files or folders (searched recursively); a path no reader takes is a `Problem`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from hl_extract.archive import dumps, html, sites, warc
from hl_extract.archive.items import Item, Problem

# file suffix -> (reader, what it takes besides the path: `known` (and can yield `Unchanged`),
# or a site profile (pages read with `--site`), or nothing)
READERS = {
    ".jsonl": (dumps.read_jsonl, "known"), ".jsonl.gz": (dumps.read_jsonl, "known"),
    ".json.gz": (dumps.read_jsonl, "known"), ".ndjson": (dumps.read_jsonl, "known"),
    ".txt": (dumps.read_txt, ""),
    ".html": (html.read_html, "profile"), ".htm": (html.read_html, "profile"),
    ".warc": (warc.read_warc, "profile"), ".warc.gz": (warc.read_warc, "profile"),
    ".arc.gz": (warc.read_warc, "profile"),
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in sorted(READERS, key=len, reverse=True):
        if name.endswith(s):
            return s
    return ""


def iter_inputs(paths, known=None, site: str | None = None) -> Iterator[Item]:
    """Articles from every input path (files or folders, searched recursively).

    known(article_id, digest) -> bool, when given, names the input records that are
    unchanged since a previous run: readers that can tell (JSONL) yield `Unchanged`
    for them instead of an Article, skipping the work of cleaning them.
    site: the site profile (a name or a .toml path) that saved pages and WARC records are
    read with, instead of the one their URL (or WARC header) names.
    """
    profile = sites.load(site) if site else None
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _suffix(f))
            if not files:
                yield Problem(str(p), "no readable input files in this folder")
            for f in files:
                yield from _read(f, known, profile)
        elif not p.exists():
            yield Problem(str(p), "no such file or folder")
        elif _suffix(p):
            yield from _read(p, known, profile)
        else:
            yield Problem(str(p), "unknown input type (want .jsonl, .jsonl.gz, .txt, .html, .warc, .warc.gz)")


def _read(path: Path, known, profile=None) -> Iterator[Item]:
    fn, takes = READERS[_suffix(path)]
    extra = {"known": (known,), "profile": (profile,)}.get(takes, ())
    return fn(path, *extra)


