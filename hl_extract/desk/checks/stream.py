"""The checks in bounded memory: one article at a time, then one shard of comparable
figures at a time.

`find(data)` holds every figure of the dataset as a Python dict (≈ 8 KB each), so its memory
grows with the archive. Here the figures table is read in chunks; each article's figures
are made rows (`rows.row_of`, `rows.situate_rows`) and checked alone where a check needs no
other article (repeats, part_whole, bounds) — the article's rows are then dropped. What a
cross-article check compares is written to disk, hash-partitioned by the key two figures
must share to be compared (`cross_article.comparison_key`: metric, unit, place, total;
`restatement_key`: metric, unit, the words around the figure), so each shard is checked
alone with the same code and the same result as the whole: no comparison crosses a shard.
Memory is then the largest shard, and the number of shards grows with the figures table
against `memory_limit`.

The articles' URL, date, title and near-copy mark, and the registration tasks part_whole
needs, are looked up by article id in a temporary SQLite database. Everything temporary
lives in one folder inside the dataset folder, removed at the end (also after a crash, on
the next run).
"""
from __future__ import annotations

import math
import pickle
import shutil
import sqlite3
import zlib
from pathlib import Path

from hl_extract.common.records import Check
from hl_extract.desk.checks.bounds import bounds
from hl_extract.desk.checks.compare import _ambiguous
from hl_extract.desk.checks.cross_article import (
    _comparable, comparison_key, cross_article, restatement_key, restatements,
)
from hl_extract.desk.checks.part_whole import part_whole
from hl_extract.desk.checks.repeats import repeats
from hl_extract.desk.checks.rows import _s, row_of, situate_rows
from hl_extract.desk.checks.trends import trend_outliers

SPILL = ".hl_extract-checks-spill"
DEFAULT_MEMORY = 1 << 30
# bytes of Python rows per byte of figures.csv (measured on baomoi-2017: 1.3 GB of rows for
# 70.6 MB of CSV), and the share of the memory budget one shard may take
_EXPANSION, _SHARE = 18, 0.25


class NotGrouped(Exception):
    """The figures table does not hold each article's figures together (hand-edited or merged)."""


def shard_count(directory, memory_limit: int = DEFAULT_MEMORY) -> int:
    """How many shards keep one shard's rows within a share of `memory_limit`."""
    path = Path(directory) / "figures.csv"
    size = path.stat().st_size if path.exists() else 0
    return max(16, math.ceil(size * _EXPANSION / (memory_limit * _SHARE)))


def _key_shard(key, n: int) -> int:
    return zlib.crc32(repr(key).encode("utf-8")) % n


class _Shards:
    """Rows appended to `n` files by the hash of a key; read back one file at a time, each in
    the order written."""

    def __init__(self, folder: Path, n: int):
        self.folder, self.n = folder, n
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[int, object] = {}
        self.rows = 0

    def add(self, key, row: dict) -> None:
        i = _key_shard(key, self.n)
        fh = self._files.get(i)
        if fh is None:
            fh = self._files[i] = open(self.folder / f"{i:04d}.pickle", "ab", buffering=1 << 16)
        pickle.dump(row, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.rows += 1

    def __iter__(self):
        for fh in self._files.values():
            fh.close()
        self._files.clear()
        for path in sorted(self.folder.glob("*.pickle")):
            rows = []
            with open(path, "rb") as fh:
                while True:
                    try:
                        rows.append(pickle.load(fh))
                    except EOFError:
                        break
            path.unlink()
            yield rows


class _Articles:
    """The articles' columns the checks show, and the registration tasks, by article id."""

    def __init__(self, path: Path, directory):
        from hl_extract.dataset.tables import iter_table
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE a (id TEXT PRIMARY KEY, url, published, title, duplicate_of)")
        self.db.execute("CREATE TABLE t (id TEXT, task BLOB)")
        for chunk in iter_table(directory, "articles"):
            self.db.executemany("INSERT OR REPLACE INTO a VALUES (?,?,?,?,?)", (
                tuple(_s(r.get(c)) for c in ("article_id", "url", "published", "title", "duplicate_of"))
                for r in chunk.to_dict("records")))
        for chunk in iter_table(directory, "tasks"):
            self.db.executemany("INSERT INTO t VALUES (?,?)", (
                (t["article_id"], pickle.dumps(t)) for t in
                ({k: _s(v) for k, v in r.items()} for r in chunk.to_dict("records"))
                if t.get("kind") == "registration"))
        self.db.execute("CREATE INDEX t_id ON t (id)")

    def article(self, aid: str) -> dict:
        row = self.db.execute("SELECT url, published, title, duplicate_of FROM a WHERE id = ?",
                              (aid,)).fetchone()
        return dict(zip(("url", "published", "title", "duplicate_of"), row)) if row else {}

    def tasks(self, aid: str) -> list[dict]:
        return [pickle.loads(b) for (b,) in self.db.execute("SELECT task FROM t WHERE id = ?", (aid,))]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM a").fetchone()[0]

    def close(self) -> None:
        self.db.close()


def _by_article(directory):
    """(article id, its figure records) in the table's order; NotGrouped when an article's
    figures are not together."""
    from hl_extract.dataset.tables import iter_table
    done, aid, records = set(), None, []
    for chunk in iter_table(directory, "figures"):
        for r in chunk.to_dict("records"):
            a = _s(r.get("article_id"))
            if a != aid:
                if records:
                    yield aid, records
                if a in done:
                    raise NotGrouped(a)
                done.add(a)
                aid, records = a, []
            records.append(r)
    if records:
        yield aid, records


def find(directory, memory_limit: int = DEFAULT_MEMORY, progress: bool = False) -> list[Check]:
    """Every check of the dataset folder, as `checks.find(load(directory))` finds them (ids not
    yet assigned, unsorted), in memory bounded by the largest shard."""
    directory = Path(directory)
    spill = directory / SPILL
    shutil.rmtree(spill, ignore_errors=True)     # a crashed run's leftovers
    spill.mkdir()
    try:
        return _find(directory, spill, memory_limit, progress)
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _find(directory, spill: Path, memory_limit: int, progress: bool) -> list[Check]:
    from tqdm import tqdm
    info = _Articles(spill / "articles.sqlite", directory)
    n = shard_count(directory, memory_limit)
    compared, restated = _Shards(spill / "compared", n), _Shards(spill / "restated", n)
    found: list[Check] = []
    bar = tqdm(total=info.count(), unit=" articles", desc="checks", disable=not progress, leave=False)
    try:
        for aid, records in _by_article(directory):
            bar.update()
            a = info.article(aid)
            ds = [d for r in records if (d := row_of(r, a)) is not None]
            if not ds:
                continue
            situate_rows(ds)
            found += repeats(ds) + part_whole(ds, info.tasks(aid)) + bounds(ds)
            amb = _ambiguous(ds)
            for d in _comparable(ds):
                d["_ambiguous"] = d["figure_id"] in amb
                compared.add(comparison_key(d), d)
            for d in ds:
                key = restatement_key(d)
                if key is not None:
                    restated.add(key, d)
    finally:
        bar.close()
        info.close()
    for rows in compared:
        amb = {d["figure_id"] for d in rows if d["_ambiguous"]}
        found += cross_article(rows, amb) + trend_outliers(rows)
    conflicts = [c for c in found if c.kind.endswith("conflict")]
    for rows in restated:
        found += restatements(rows, conflicts)
    return found
