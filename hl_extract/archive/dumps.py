"""Readers of article dumps: JSONL / JSONL.gz (one article per line) and .txt files."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Iterator

from hl_extract.archive.items import Item, Problem, Unchanged, iso_date
from hl_extract.common.records import Article
from hl_extract.language.text import clean


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


_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def looks_binary(head: bytes, any_nul: bool = True) -> bool:
    """Whether the first bytes of a file are no text: a NUL byte (`any_nul`), or over 10 %
    control bytes (a PNG or a PDF renamed .txt or .jsonl). A JSON-lines file is judged by the
    share only: one bad line among good ones is that line's problem, not the file's."""
    if not head:
        return False
    if any_nul and b"\0" in head:
        return True
    return sum(head.count(bytes([c])) for c in _CONTROL) > 0.1 * len(head)


BINARY = "not text (binary data)"


def read_jsonl(path: Path, known=None) -> Iterator[Item]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as fh:
            if looks_binary(fh.read(8192), any_nul=False):
                yield Problem(str(path), BINARY)
                return
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
                    article.digest, article.where = digest, f"{path}:{n}"
                    yield article
                except (ValueError, TypeError) as exc:
                    yield Problem(f"{path}:{n}", str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        yield Problem(f"{path}:{n + 1}", f"unreadable from here on ({exc})")



def decode(data: bytes) -> str:
    """Bytes of a text file: UTF-8 (with or without BOM), else Windows-1258, else Latin-1."""
    for enc in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_txt(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), str(exc))
        return
    if looks_binary(data[:8192]):
        yield Problem(str(path), BINARY)
        return
    text = decode(data)
    if not text.strip():
        yield Problem(str(path), "empty file")
        return
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.stem)
    yield Article(article_id=path.stem, text=clean(text), source=str(path),
                  published=iso_date(m[1]) if m else "")
