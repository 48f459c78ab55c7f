"""The index of a dataset folder, for incremental runs (`--update`).

`.hl_extract-index.sqlite` holds, per article, its text hash, date and URL and the byte
span of its rows in each CSV, plus a fingerprint of the extractor code and rules: an
unchanged article's rows are copied from the old CSVs instead of extracted again.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from hl_extract.common.records import Article

INDEX_NAME = ".hl_extract-index.sqlite"
CARRIED_TABLES = ("articles", "figures", "statements", "tasks")  # rows copied for unchanged articles
COUNTED_TABLES = CARRIED_TABLES[1:]


def fingerprint(stage=None) -> str:
    """A hash of the extractor: the package's code, its rule files and the stage used."""
    from hl_extract import __version__
    from hl_extract.common import ruleset
    h = hashlib.sha256(f"{__version__}\n{getattr(stage, '__module__', '')}."
                       f"{getattr(stage, '__qualname__', '')}\n".encode())
    pkg = Path(__file__).resolve().parent.parent
    files = [(f"py/{p.relative_to(pkg)}", p) for p in pkg.rglob("*.py")]
    rules = Path(ruleset.RULES_DIR)
    if rules.is_dir():
        files += [(f"rules/{p.relative_to(rules)}", p) for p in rules.rglob("*.toml")]
    for name, p in sorted(files):
        h.update(name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def meta_of(article: Article) -> str:
    """What besides the text an article's rows may depend on: its date (periods) and URL."""
    return f"{article.published}\t{article.url}"


SPAN_COLS = [f"{t}_{e}" for t in CARRIED_TABLES for e in ("start", "end")]
COUNT_COLS = [f"n_{t}" for t in COUNTED_TABLES]


class IndexWriter:
    """The index of the run being written (closed by `finish`, or `discard`ed)."""

    def __init__(self, path: Path, fp: str):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE articles (article_id TEXT PRIMARY KEY, sha256 TEXT, meta TEXT, "
                        "digest TEXT, " + ", ".join(f"{c} INTEGER" for c in SPAN_COLS + COUNT_COLS) + ")")
        self.fp, self._rows = fp, []
        self._sql = f"INSERT INTO articles VALUES ({', '.join('?' * (4 + len(SPAN_COLS) + len(COUNT_COLS)))})"

    def add(self, article_id: str, sha: str, meta: str, digest: str, spans, counts) -> None:
        self._rows.append((article_id, sha, meta, digest, *[x for span in spans for x in span], *counts))
        if len(self._rows) >= 2000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(self._sql, self._rows)
        self._rows.clear()

    def finish(self, sizes: dict) -> None:
        self.flush()
        self.db.executemany("INSERT INTO meta VALUES (?, ?)",
                            [("fingerprint", self.fp)] + [(f"size:{k}", str(v)) for k, v in sizes.items()])
        self.db.commit()
        self.db.close()

    def discard(self) -> None:
        self.db.close()


class OldRun:
    """The previous run in a dataset folder: its index and (when valid) its CSVs to copy from."""

    def __init__(self, directory, fp: str):
        self.dir = Path(directory)
        self.db, self.files, self.can_carry, self.note = None, {}, False, ""
        self._last = (None, None)
        path = self.dir / INDEX_NAME
        if not path.exists():
            self.note = f"no index of an earlier run in {self.dir}: every article extracted"
            return
        try:
            self.db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            meta = dict(self.db.execute("SELECT key, value FROM meta"))
            self.count = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error as exc:
            self.db, self.note = None, f"unreadable index in {self.dir} ({exc}): every article extracted"
            return
        if meta.get("fingerprint") != fp:
            self.note = "the extractor changed since the last run: every article extracted"
            return
        for t in CARRIED_TABLES:
            p = self.dir / f"{t}.csv"
            if not p.exists() or str(p.stat().st_size) != meta.get(f"size:{t}"):
                self.note = f"{p} changed since the last run: every article extracted"
                return
        self.files = {t: open(self.dir / f"{t}.csv", "rb") for t in CARRIED_TABLES}
        self.can_carry = True

    def lookup(self, article_id: str):
        """(sha256, meta, digest, spans…, counts…) of the article in the previous run, or None."""
        if self.db is None:
            return None
        if self._last[0] != article_id:
            row = self.db.execute(f"SELECT sha256, meta, digest, {', '.join(SPAN_COLS + COUNT_COLS)} "
                                  "FROM articles WHERE article_id = ?", (article_id,)).fetchone()
            self._last = (article_id, row)
        return self._last[1]

    def unchanged_input(self, article_id: str, digest: str) -> bool:
        """Whether this input record is byte-identical to the previous run's (rows copyable)."""
        prev = self.lookup(article_id)
        return self.can_carry and prev is not None and prev[2] == digest

    def rows(self, table: str, start: int, end: int) -> bytes:
        fh = self.files[table]
        fh.seek(start)
        data = fh.read(end - start)
        if len(data) != end - start:
            raise OSError(f"{fh.name}: shorter than its index says")
        return data

    def close(self):
        for fh in self.files.values():
            fh.close()
        if self.db is not None:
            self.db.close()
