"""Batch extraction: inputs → per-article pipeline → dataset folder, with counts.

Streaming and parallel: the main process reads the inputs in order (`iter_inputs`),
cuts them into small chunks and hands each to a worker (processes of this machine,
or Dask workers); results come back in submission order, so rows, ids and order are
the same whatever the number of workers. At most a few chunks per worker are in
flight, so memory stays flat however large the archive. Workers render their CSV
rows themselves; the main process only copies bytes into the temp files, which are
put in place atomically at the end (`DatasetWriter`). Dask workers write their rows
to part files in the output folder (`DIR/.hl_extract-parts/`, which they must share
with the client) and send back only lengths and counts; the client concatenates the
parts in input order and removes them.

Incremental (`update=DIR`): every dataset folder holds an index
(`.hl_extract-index.sqlite`: per article its text hash, date and URL and the byte
span of its rows in each CSV, plus a fingerprint of the extractor code and rules).
An article whose text hash, date and URL are unchanged since that run is not re-extracted:
its rows are copied from the old CSVs. When the extractor changed since (fingerprint)
or the old CSVs no longer match their index, everything is extracted again.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from hl_extract.dataset.tables import DatasetWriter, recover, render
from hl_extract.extract.pipeline import process
from hl_extract.common.errors import RunError
from hl_extract.common.records import Article
from hl_extract.archive.inputs import iter_inputs
from hl_extract.archive.items import Problem, Skipped, Unchanged
from hl_extract.dataset import duplicates
from hl_extract.language.text import is_vietnamese, vietnamese_share
from hl_extract.dataset.index import (
    CARRIED_TABLES, COUNTED_TABLES, INDEX_NAME, SPAN_COLS, IndexWriter, OldRun, fingerprint,
    meta_of,
)

LOCAL_CHUNK = 16      # articles per task for local processes
DASK_CHUNK = 256      # articles per task (input partition) for Dask


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    skipped: int = 0
    not_articles: dict = field(default_factory=dict)   # reason → pages read that are no article
    duplicates: int = 0       # articles written with a duplicate_of (near-duplicates of earlier ones)
    figures: int = 0
    statements: int = 0
    tasks: int = 0
    problems: list = field(default_factory=list)
    # incremental runs (update=DIR)
    update: bool = False
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    carried: int = 0          # unchanged articles whose rows were copied, not re-extracted
    extracted: int = 0        # articles run through the pipeline
    notes: list = field(default_factory=list)

    def table(self) -> str:
        rows = [("articles read", self.read), ("articles written", self.written),
                ("inputs skipped", self.skipped), ("figures", self.figures),
                ("statements", self.statements), ("tasks", self.tasks)]
        if self.update:
            rows += [("new", self.new), ("changed", self.changed), ("unchanged", self.unchanged),
                     ("removed", self.removed), ("re-extracted", self.extracted),
                     ("carried over", self.carried)]
        if self.not_articles:
            rows.insert(3, ("not articles", sum(self.not_articles.values())))
        rows.insert(2, ("near-duplicates", self.duplicates))
        lines = [f"  {k:<17} {v:>8,}" for k, v in rows]
        lines += [f"    {v:>6,}  {k}" for k, v in sorted(self.not_articles.items(), key=lambda kv: -kv[1])]
        return "\n".join(lines + [f"  note: {n}" for n in self.notes])


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, unit=" art", file=sys.stderr, mininterval=0.5)


# --- what a worker runs --------------------------------------------------------------

_WARM_TEXT = ("Năm 2023, thị xã Hồng Lĩnh còn 120 hộ nghèo, tỷ lệ hộ nghèo 2,62%. "
              "Ông Nguyễn Văn A, Chủ tịch UBND phường cho biết: kinh phí hơn 2 tỷ đồng.")


def _warm(stage=None) -> None:
    """Load rule files and compile patterns once per worker, before the first chunk."""
    try:
        (stage or process)(Article(article_id="warmup", text=_WARM_TEXT, published="2023-09-15"))
    except Exception:  # a broken extractor shows up on the real articles, with their ids
        pass


def extract_one(article: Article, stage=None):
    """One article through the pipeline, rendered: `(csv bytes per table, counts)`.

    An exception inside the pipeline is returned as `("error", message)` so that one
    bad article is reported and the batch goes on.
    """
    if stage is None and not is_vietnamese(article.text):
        letters, share = vietnamese_share(article.text)
        return ("error", f"not Vietnamese ({share:.1%} of {letters} letters are Vietnamese ones): skipped")
    try:
        result = (stage or process)(article)
        parts = (render("articles", [result.article]).encode("utf-8"),
                 render("figures", result.figures).encode("utf-8"),
                 render("statements", result.statements).encode("utf-8"),
                 render("tasks", result.tasks).encode("utf-8"))
        return ("ok", parts, (len(result.figures), len(result.statements), len(result.tasks)))
    except Exception as exc:  # noqa: BLE001 - reported as a problem with the article's id
        return ("error", f"extraction failed: {type(exc).__name__}: {exc}")


def extract_chunk(articles: list, stage=None) -> list:
    return [extract_one(a, stage) for a in articles]


PARTS = ".hl_extract-parts"


def extract_chunk_to_parts(articles: list, stage, stem: str) -> list:
    """A Dask worker's task: the chunk's rows written to part files `STEM.<table>.part`, each
    article's rows in order; returns `extract_chunk`'s results with each article's bytes
    replaced by their lengths, so that no row travels back to the client."""
    results = extract_chunk(articles, stage)
    files = {t: open(f"{stem}.{t}.part.tmp", "wb") for t in CARRIED_TABLES}
    out = []
    try:
        for res in results:
            if res[0] == "ok":
                for t, data in zip(CARRIED_TABLES, res[1]):
                    files[t].write(data)
                res = ("ok", tuple(len(data) for data in res[1]), res[2])
            out.append(res)
    finally:
        for fh in files.values():
            fh.close()
    for t in CARRIED_TABLES:    # a task Dask runs again overwrites, never appends
        os.replace(f"{stem}.{t}.part.tmp", f"{stem}.{t}.part")
    return out


_STAGE = None


def _init_worker(stage) -> None:
    global _STAGE
    _STAGE = stage
    _warm(stage)


def _pool_chunk(articles: list) -> list:
    return extract_chunk(articles, _STAGE)


# --- engines: submit(chunk) -> future with .result() -----------------------------------

class _Done:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class _InlineEngine:
    """workers=1: the pipeline in this process, no pickling."""
    max_inflight = 1
    chunk_size = LOCAL_CHUNK

    def __init__(self, stage):
        self.stage, self._warmed = stage, False

    def submit(self, articles, last=False):
        if not self._warmed:
            _warm(self.stage)
            self._warmed = True
        return _Done(extract_chunk(articles, self.stage))

    def close(self):
        pass


class _ProcessEngine:
    """N worker processes (spawned, so safe with threads and on every OS); lazy start."""
    chunk_size = LOCAL_CHUNK

    def __init__(self, workers, stage):
        self.workers, self.stage, self._pool = workers, stage, None
        self.max_inflight = 3 * workers

    def submit(self, articles, last=False):
        if self._pool is None and last:       # the whole input is one chunk: no processes
            _warm(self.stage)
            return _Done(extract_chunk(articles, self.stage))
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.stage,))
        return self._pool.submit(_pool_chunk, articles)

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class _PartsFuture:
    """A Dask task's result, its rows read back from the part files the worker wrote."""

    def __init__(self, future, stem: str):
        self.future, self.stem = future, stem

    def result(self):
        results = self.future.result()
        paths = {t: Path(f"{self.stem}.{t}.part") for t in CARRIED_TABLES}
        missing = [p for p in paths.values() if not p.exists()]
        if missing:
            raise RunError(f"the Dask workers wrote their rows to {missing[0]}, which this machine does not "
                               f"see: with a remote --scheduler, --out must be a folder the workers share")
        files = {t: open(p, "rb") for t, p in paths.items()}
        try:
            out = [("ok", tuple(files[t].read(n) for t, n in zip(CARRIED_TABLES, res[1])), res[2])
                   if res[0] == "ok" else res for res in results]
        finally:
            for fh in files.values():
                fh.close()
        for p in paths.values():
            p.unlink()
        return out


class _DaskEngine:
    """The same chunk function on a Dask cluster (`scheduler` address, else a LocalCluster);
    the workers write their rows to part files in `parts_dir` (`open_parts`)."""
    chunk_size = DASK_CHUNK

    def __init__(self, workers, stage, scheduler=None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise SystemExit("error: --engine dask needs the extra: pip install 'hl_extract[dask]'") from None
        self.stage, self._cluster, self.parts_dir, self._n = stage, None, None, 0
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(self._cluster)
        self.client.run(_warm, stage)
        threads = sum(self.client.nthreads().values()) or 1
        self.max_inflight = 2 * threads + 1

    def open_parts(self, outdir) -> None:
        """Part files go to `OUTDIR/.hl_extract-parts/` (a crashed run's leftovers removed)."""
        import shutil
        self.parts_dir = Path(outdir).resolve() / PARTS
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        self.parts_dir.mkdir(parents=True)

    def submit(self, articles, last=False):
        if self.parts_dir is None:
            return self.client.submit(extract_chunk, articles, self.stage, pure=False)
        self._n += 1
        stem = str(self.parts_dir / f"{self._n:08d}")
        return _PartsFuture(self.client.submit(extract_chunk_to_parts, articles, self.stage, stem, pure=False),
                            stem)

    def close(self):
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        if self.parts_dir is not None:
            import shutil
            shutil.rmtree(self.parts_dir, ignore_errors=True)


def _engine(engine: str, workers: int, stage, scheduler):
    if engine == "dask":
        return _DaskEngine(workers, stage, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local, dask)")
    return _InlineEngine(stage) if workers <= 1 else _ProcessEngine(workers, stage)


# --- the batch ---------------------------------------------------------------------------

def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class _SeenIds:
    """The article ids read so far and where, in a temporary table of the run's index database
    (not kept in the index file): memory stays flat however many articles the archive holds."""

    def __init__(self, db):
        self.db = db
        db.execute("CREATE TEMP TABLE seen_ids (id TEXT PRIMARY KEY, at TEXT)")

    def add(self, article_id: str, where: str) -> str | None:
        """Record the id; where it was first read if it was read before (then nothing is recorded)."""
        row = self.db.execute("SELECT at FROM seen_ids WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return row[0]
        self.db.execute("INSERT INTO seen_ids VALUES (?, ?)", (article_id, str(where)))
        return None


class _NothingWritten(Exception):
    """No article could be processed: the run is abandoned, the old dataset stays."""


def extract(inputs, outdir, progress: bool | None = None, log=None, *, workers: int | None = None,
            update=None, engine: str = "local", scheduler: str | None = None,
            limit: int | None = None, chunk_size: int | None = None, stage=None,
            site: str | None = None) -> Summary:
    """Extract every article of `inputs` into the dataset folder `outdir`.

    workers: processes (default: the machine's cores); the output is the same for any.
    update: a dataset folder of an earlier run; its unchanged articles are copied, not
    re-extracted (usually the same folder as `outdir`).
    engine: "local" (processes) or "dask" (`scheduler` address, else a LocalCluster).
    limit: stop after this many articles (benchmarks). stage: the per-article function
    (default `pipeline.process`; must be picklable by reference). site: the site profile
    saved pages and WARC records are read with (default: the one their URL names).
    """
    summary = Summary(update=update is not None)
    log = sys.stderr if log is None else log
    if progress is None:
        progress = log.isatty()
    workers = default_workers() if workers is None else max(1, int(workers))
    fp = fingerprint(stage)
    if update is not None and Path(update).is_dir():
        recover(update)  # a commit a killed run left half done: finish it before reading
    old = OldRun(update, fp) if update is not None else None
    if old is not None and old.note:
        summary.notes.append(old.note)
    matched_old = 0
    ex = _engine(engine, workers, stage, scheduler)
    chunk_size = chunk_size or ex.chunk_size
    window = deque()   # (entries, future or None), in input order
    chunk = []         # entries: (article, sha, old index row to copy or None)

    try:
        with DatasetWriter(outdir) as out:
            if hasattr(ex, "open_parts"):
                ex.open_parts(outdir)
            index = IndexWriter(out.add_file(INDEX_NAME), fp)
            seen = _SeenIds(index.db)
            marker = duplicates.Marker(index.db)
            try:
                def submit(last=False):
                    fresh = [a for a, _, carry in chunk if carry is None]
                    window.append((list(chunk), ex.submit(fresh, last) if fresh else None))
                    chunk.clear()

                def copy_rows(carry, tables):
                    return [out.write_raw(t, old.rows(t, carry[3 + 2 * i], carry[4 + 2 * i]))
                            for i, t in enumerate(CARRIED_TABLES) if t in tables]

                def drain_one():
                    entries, fut = window.popleft()
                    outs = iter(fut.result() if fut is not None else ())
                    for item, sha, carry in entries:
                        if isinstance(item, Unchanged):  # the same input record: every row copied
                            kept = duplicates.old_sketch(old.db, item.article_id)
                            marker.add(item.article_id, kept[0] if kept else ())
                            spans = copy_rows(carry, CARRIED_TABLES)
                            sha, meta = carry[0], carry[1]
                            summary.carried += 1
                        elif carry is None:
                            res = next(outs)
                            if res[0] == "error":
                                summary.skipped += 1
                                problem = Problem(f"{item.source or '?'} [{item.article_id}]", res[1])
                                summary.problems.append(problem)
                                print(f"skipped {problem}", file=log)
                                continue
                            _, parts, counts = res
                            item.duplicate_of = marker.add(item.article_id, duplicates.sketch(item.text))
                            if item.duplicate_of:   # the worker wrote the row before the mark was known
                                parts = (render("articles", [item]).encode("utf-8"), *parts[1:])
                            spans = [out.write_raw(t, data) for t, data in zip(CARRIED_TABLES, parts)]
                            meta = meta_of(item)
                            summary.extracted += 1
                        else:  # the same text: its article row anew, the other rows copied
                            item.duplicate_of = marker.add(item.article_id, duplicates.sketch(item.text))
                            spans = [out.write_raw("articles", render("articles", [item]).encode("utf-8"))]
                            spans += copy_rows(carry, COUNTED_TABLES)
                            meta = meta_of(item)
                            summary.carried += 1
                        if carry is not None:
                            counts = carry[3 + len(SPAN_COLS):]
                        index.add(item.article_id, sha, meta, item.digest, spans, counts)
                        summary.written += 1
                        summary.figures += counts[0]
                        summary.statements += counts[1]
                        summary.tasks += counts[2]

                known = old.unchanged_input if old is not None else None
                for item in _progress(iter_inputs(inputs, known, site=site), progress):
                    if isinstance(item, Skipped):   # read, but no article: counted, never a row
                        summary.not_articles[item.reason] = summary.not_articles.get(item.reason, 0) + 1
                        continue
                    if isinstance(item, Problem):
                        summary.skipped += 1
                        summary.problems.append(item)
                        print(f"skipped {item}", file=log)
                        continue
                    if limit is not None and summary.read >= limit:
                        break
                    summary.read += 1
                    where = getattr(item, "where", "") or item.source
                    first = seen.add(item.article_id, where)
                    if first is not None:
                        summary.skipped += 1
                        why = f"duplicate article id {item.article_id} (first read at {first})"
                        summary.problems.append(Problem(where, why))
                        print(f"skipped {where}: {why}", file=log)
                        continue
                    if isinstance(item, Unchanged):
                        matched_old += 1
                        summary.unchanged += 1
                        chunk.append((item, None, old.lookup(item.article_id)))
                        if len(chunk) >= chunk_size:
                            submit()
                            while len(window) > ex.max_inflight:
                                drain_one()
                        continue
                    sha = item.sha256
                    carry = None
                    if old is not None:
                        prev = old.lookup(item.article_id)
                        if prev is None:
                            summary.new += 1
                        else:
                            matched_old += 1
                            if prev[0] == sha and prev[1] == meta_of(item):
                                summary.unchanged += 1
                                carry = prev if old.can_carry else None
                            else:
                                summary.changed += 1
                    chunk.append((item, sha, carry))
                    if len(chunk) >= chunk_size:
                        submit()
                        while len(window) > ex.max_inflight:
                            drain_one()
                if chunk:
                    submit(last=True)
                while window:
                    drain_one()
                if summary.written == 0:
                    raise _NothingWritten  # keep the previous dataset, if any
                summary.duplicates = marker.marked
                index.finish({t: out.size(t) for t in CARRIED_TABLES})
            except BaseException:
                index.discard()
                raise
    except _NothingWritten:
        return summary
    finally:
        ex.close()
        if old is not None:
            if old.db is not None:
                summary.removed = old.count - matched_old
            old.close()
    from hl_extract.dataset import datapackage
    datapackage.write(outdir)   # typed descriptor beside the committed CSVs
    return summary


__all__ = ["Article", "Summary", "extract", "extract_one", "fingerprint", "default_workers"]
