"""Near-duplicate articles: an aggregator's archive carries one story several times.

Each article's text is sketched — the K smallest CRC-32 hashes of its 5-word shingles, a
bottom-k MinHash — and an article whose sketch estimates a Jaccard similarity of at least
`THRESHOLD` with an earlier article's is a `duplicate_of` that article (the first read; a
duplicate of a duplicate points at the first). Articles are compared in input order, so the
marks are the same for any number of workers. The sketches and an inverted index of their
hashes are tables of the run's index database beside the dataset: memory stays flat however
large the archive, and an `--update` run keeps the sketches of the articles it carries over.
"""
from __future__ import annotations

import heapq
import re
import sqlite3
import zlib

from hl_extract.language.text import match_text

K = 32              # hashes per sketch (the estimate's spread at 0.8: ±0.07)
SHINGLE = 5         # words per shingle
THRESHOLD = 0.8     # estimated Jaccard similarity of shingles: a near-duplicate
MIN_WORDS = 60      # a shorter text (a notice, a caption) is too short to call a duplicate
MIN_SHARED = 16     # a candidate shares at least this many of the K hashes (cheap pre-filter)
_WORD = re.compile(r"\w+")


def sketch(text: str) -> tuple[int, ...]:
    """The bottom-k sketch of a text's shingles; () for a text too short to compare."""
    words = _WORD.findall(match_text(text or ""))
    if len(words) < MIN_WORDS:
        return ()
    hashes = {zlib.crc32(s.encode("utf-8"))   # the same shingles, joined without slicing
              for s in map(" ".join, zip(*(words[k:] for k in range(SHINGLE))))}
    return tuple(sorted(heapq.nsmallest(K, hashes)))


def similarity(a, b) -> float:
    """The bottom-k estimate of the Jaccard similarity of two sketches' shingle sets."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = heapq.nsmallest(K, sa | sb)
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def encode(sk) -> str:
    return " ".join(map(str, sk))


def decode(s: str) -> tuple[int, ...]:
    return tuple(int(x) for x in (s or "").split())


class Marker:
    """Marks each article added against the articles added before it (tables in `db`)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        db.execute("CREATE TABLE IF NOT EXISTS dup_sketch (n INTEGER PRIMARY KEY, article_id TEXT UNIQUE, "
                   "sketch TEXT, duplicate_of TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS dup_hash (h INTEGER, n INTEGER)")
        db.execute("CREATE INDEX IF NOT EXISTS dup_hash_h ON dup_hash (h)")
        self.marked = 0

    def add(self, article_id: str, sk) -> str:
        """The article this one duplicates ("" if none), after recording its sketch."""
        found = ""
        if sk:
            marks = ",".join("?" * len(sk))
            rows = self.db.execute(
                f"SELECT s.article_id, s.sketch, s.duplicate_of FROM dup_hash h JOIN dup_sketch s ON s.n = h.n "
                f"WHERE h.h IN ({marks}) GROUP BY h.n HAVING count(*) >= ? ORDER BY h.n",
                (*sk, min(MIN_SHARED, len(sk)))).fetchall()
            for other, other_sk, other_of in rows:
                if other != article_id and similarity(sk, decode(other_sk)) >= THRESHOLD:
                    found = other_of or other
                    break
        cur = self.db.execute("INSERT OR IGNORE INTO dup_sketch (article_id, sketch, duplicate_of) VALUES (?, ?, ?)",
                              (article_id, encode(sk), found))
        if sk and cur.rowcount:
            self.db.executemany("INSERT INTO dup_hash VALUES (?, ?)", [(h, cur.lastrowid) for h in sk])
        self.marked += bool(found)
        return found


def old_sketch(db: sqlite3.Connection | None, article_id: str):
    """(sketch, duplicate_of) of an article in an earlier run's index, or None."""
    if db is None:
        return None
    try:
        row = db.execute("SELECT sketch, duplicate_of FROM dup_sketch WHERE article_id = ?", (article_id,)).fetchone()
    except sqlite3.Error:   # an index written before duplicates were marked
        return None
    return (decode(row[0]), row[1]) if row else None
