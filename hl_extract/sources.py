"""Input readers: JSONL / JSONL.gz dumps, .txt files and folders of them.

Each reader yields `Article`s in input order, and `Problem`s for what it could not
read (file and line named), so a batch goes on past bad input and counts it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Union

from .records import Article
from .text import clean


@dataclass
class Problem:
    """Input that could not be read; `where` is `file:line` or `file`."""
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Unchanged:
    """An input record byte-identical to one of the previous run (`known` said so): it is
    neither cleaned nor extracted again, its rows are copied."""
    article_id: str
    digest: str
    source: str


Item = Union[Article, Problem, Unchanged]
READERS = {}  # file suffix -> reader(path, known) -> Iterator[Item]


def reader(*suffixes):
    def register(fn):
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


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
    fn = READERS[_suffix(path)]
    return fn(path, known) if getattr(fn, "knows_unchanged", False) else fn(path)


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def iso_date(value) -> str:
    """An ISO date from `YYYY-MM-DD…` or `dd/mm/yyyy`, else ""."""
    s = str(value or "").strip()
    try:
        if re.match(r"\d{4}-\d{2}-\d{2}", s):
            return date.fromisoformat(s[:10]).isoformat()
        m = _DMY.fullmatch(s)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
    except ValueError:
        pass
    return ""


def article_from_record(rec: dict, default_id: str, source: str) -> Article:
    """An Article from a JSONL record `{"id", "url"?, "title"?, "date"?, "text"}`."""
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("record has no text")
    aid = str(rec.get("id") or "").strip() or default_id
    return Article(article_id=aid, text=clean(text), url=str(rec.get("url") or ""),
                   source=source, title=clean(str(rec.get("title") or "")),
                   published=iso_date(rec.get("date") or rec.get("published")),
                   fetched_at=str(rec.get("fetched_at") or ""))


@reader(".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")
def read_jsonl(path: Path, known=None) -> Iterator[Item]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict):
                        raise ValueError("line is not a JSON object")
                    default_id = f"{path.stem}:{n}"
                    digest = hashlib.sha256(f"{path}\n{line}".encode("utf-8")).hexdigest()
                    aid = str(rec.get("id") or "").strip() or default_id
                    if known is not None and known(aid, digest):
                        yield Unchanged(aid, digest, str(path))
                        continue
                    article = article_from_record(rec, default_id, str(path))
                    article.digest = digest
                    yield article
                except (ValueError, TypeError) as exc:
                    yield Problem(f"{path}:{n}", str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        yield Problem(f"{path}:{n + 1}", f"unreadable from here on ({exc})")


read_jsonl.knows_unchanged = True


def decode(data: bytes) -> str:
    """Bytes of a text file: UTF-8 (with or without BOM), else Windows-1258, else Latin-1."""
    for enc in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@reader(".txt")
def read_txt(path: Path) -> Iterator[Item]:
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        yield Problem(str(path), str(exc))
        return
    if not text.strip():
        yield Problem(str(path), "empty file")
        return
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.stem)
    yield Article(article_id=path.stem, text=clean(text), source=str(path),
                  published=iso_date(m[1]) if m else "")


# Readers defined elsewhere register themselves on import.
from . import html, warc  # noqa: E402,F401  (.html/.htm, .warc/.warc.gz)
