"""The dataset folder: five CSV files written atomically, and `load()` to read them back."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

from hl_extract.common.errors import RunError

from hl_extract.common.records import TABLES, Result, row

# A cell a spreadsheet would run as a formula gets a leading "'" (SPEC).
_FORMULA_START = ("=", "+", "@", "\t", "\r")


_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][-+]?\d+)?")


def _runs_as_formula(text: str) -> bool:
    """True if a spreadsheet would run `text`, or if `text` is such a text already marked
    (so that a value that itself starts with the mark survives the round trip).

    SPEC: a first `=`, `+`, `@`, tab or carriage return, or `-` followed by anything but a
    space or a digit. And, as OWASP asks, `-` followed by a digit unless the whole cell is a
    number: `-1+1` and `-2+3+cmd|' /C calc'!A0` are formulas, `-3,5` is not."""
    text = text.lstrip("'")
    first = text[:1]
    if first in _FORMULA_START:
        return True
    if first != "-" or len(text) < 2 or text[1] == " ":
        return False
    return not text[1].isdigit() or not _NUMBER.fullmatch(text)


_MARKED_FIRST = frozenset("".join(_FORMULA_START) + "-'")   # the only first letters that can need a mark


def escape(value):
    """A cell as written: a leading "'" before text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in _MARKED_FIRST and _runs_as_formula(value):
        return "'" + value
    return value


def unescape(value):
    """The cell as it was before `escape`."""
    if isinstance(value, str) and value.startswith("'") and _runs_as_formula(value[1:]):
        return value[1:]
    return value


def fmt_number(x):
    """Numbers as plain decimals: no exponent, no trailing `.0`."""
    if x is None or x == "":
        return ""
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e21:
            return str(int(x))
        text = format(x, ".15g")
        return text if "e" not in text else format(Decimal(text), "f")  # 1e-07 → 0.0000001
    return x


def render(name: str, records) -> str:
    """The CSV text (no header) of `records` for table `name`, escaped and formatted.

    Pure, so worker processes can render their rows and the writer only copies bytes.
    """
    buf = io.StringIO()
    fields = TABLES[name]
    w = csv.DictWriter(buf, fieldnames=fields)
    plain = csv.writer(buf)
    for rec in records:
        if isinstance(rec, dict):     # a hand-made row: the writer checks its keys
            w.writerow({k: escape(fmt_number(v)) for k, v in rec.items()})
        else:
            r = row(rec, fields)
            plain.writerow([escape(fmt_number(r[k])) for k in fields])
    return buf.getvalue()


def header(name: str) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=TABLES[name]).writeheader()
    return buf.getvalue()


COMMIT_JOURNAL = ".hl_extract-commit.json"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover(outdir) -> bool:
    """Finish a commit that a killed run left half done (see `DatasetWriter.close`).

    The journal is renamed into place only once every temp file is complete and on
    disk, so rolling it forward always gives the new dataset. Returns True when it did.
    """
    outdir = Path(outdir)
    journal = outdir / COMMIT_JOURNAL
    if not journal.exists():
        return False
    pairs = json.loads(journal.read_text(encoding="utf-8"))
    for tmp, final in pairs:
        if (outdir / tmp).exists():
            os.replace(outdir / tmp, outdir / final)
    _fsync_dir(outdir)
    journal.unlink(missing_ok=True)
    _fsync_dir(outdir)
    return True


class _DirLock:
    """An exclusive lock on the folder itself, one writer at a time (POSIX; elsewhere none)."""

    def __init__(self, outdir: Path):
        import fcntl
        self.fd = os.open(outdir, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            raise RunError(f"another run is writing the dataset folder {outdir}") from None

    def close(self) -> None:
        os.close(self.fd)             # closing releases the lock


def _lock(outdir: Path):
    try:
        return _DirLock(outdir)
    except (ImportError, PermissionError, IsADirectoryError):
        return None


class DatasetWriter:
    """Streams results into `DIR/.*.csv.tmp`; `close()` puts them all in place at once.

    Atomic as a set: `close()` first makes every temp file durable, then writes a
    commit journal naming them (the commit point, itself renamed into place), then
    renames the temps over the old files and removes the journal. A run killed before
    the commit point leaves the old dataset untouched; one killed after it is rolled
    forward to the new dataset by `recover()`, which the next writer and `load()` call.
    """

    def __init__(self, outdir, tables=("articles", "figures", "statements", "tasks", "checks")):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.outdir)
        recover(self.outdir)
        self._files, self._pos, self._extra = {}, {}, []
        for name in tables:
            fh = open(self._tmp(name), "wb")
            data = header(name).encode("utf-8")
            fh.write(data)
            self._files[name], self._pos[name] = fh, len(data)

    def _tmp(self, name):
        return self.outdir / f".{name}.csv.tmp"

    def add_file(self, final_name: str) -> Path:
        """Register an extra file (e.g. an index) committed with the CSVs; returns its temp path.

        The caller writes and closes the temp file before `close()`.
        """
        tmp = self.outdir / f".{final_name.lstrip('.')}.tmp"
        tmp.unlink(missing_ok=True)
        self._extra.append((tmp.name, final_name))
        return tmp

    def write_raw(self, name: str, data: bytes) -> tuple[int, int]:
        """Append CSV bytes (rendered rows) to table `name`; returns their byte span."""
        start = self._pos[name]
        if data:
            self._files[name].write(data)
            self._pos[name] = start + len(data)
        return start, self._pos[name]

    def size(self, name: str) -> int:
        """Bytes written so far to table `name` (the final file's size after close)."""
        return self._pos[name]

    def write(self, name: str, records) -> None:
        self.write_raw(name, render(name, records).encode("utf-8"))

    def write_result(self, result: Result) -> None:
        self.write("articles", [result.article])
        self.write("figures", result.figures)
        self.write("statements", result.statements)
        self.write("tasks", result.tasks)

    def close(self) -> None:
        pairs = []
        for name, fh in self._files.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            pairs.append((self._tmp(name).name, f"{name}.csv"))
        self._files.clear()
        for tmp, final in self._extra:
            if (self.outdir / tmp).exists():
                with open(self.outdir / tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                pairs.append((tmp, final))
        self._extra.clear()
        journal = self.outdir / COMMIT_JOURNAL
        tmp_journal = self.outdir / (COMMIT_JOURNAL + ".tmp")
        with open(tmp_journal, "w", encoding="utf-8") as fh:
            json.dump(pairs, fh)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(self.outdir)
        os.replace(tmp_journal, journal)          # the commit point
        _fsync_dir(self.outdir)
        recover(self.outdir)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()        # closing the file releases the lock
            self._lock = None

    def abort(self) -> None:
        for name, fh in self._files.items():
            fh.close()
            self._tmp(name).unlink(missing_ok=True)
        self._files.clear()
        for tmp, _ in self._extra:
            (self.outdir / tmp).unlink(missing_ok=True)
        self._extra.clear()
        self._unlock()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            self.abort()
        return False


_DTYPES = {
    "int": ["n_chars", "warc_offset", "char_start", "char_end", "sentence_start", "sentence_end"],
    "float": ["value", "value_max", "total"],
    "date": ["published", "period_start", "period_end", "due_start", "due_end"],
    "datetime": ["fetched_at"],      # an ISO timestamp, in UTC
}


def load(directory, prefer: str = "") -> dict:
    """The dataset's tables as pandas DataFrames, typed, with the formula mark removed; an empty
    cell is missing in every column (`<NA>`, so `count(place)` counts the figures with a place).

    Each table is read from its Parquet file when one is there and not older than the CSV
    (`extract --format parquet`), else from the CSV; `prefer="csv"` reads the CSVs.
    Returns {"articles": df, "figures": df, "statements": df, "tasks": df, "checks": df};
    a missing file gives an empty frame with the contract's columns.
    """
    try:
        recover(directory)  # a run killed while committing: finish it first
    except OSError:
        pass
    return {name: load_table(directory, name, prefer) for name in TABLES}


def _parquet(directory, name: str, prefer: str):
    """The table's Parquet file if it is to be read: there, not older than the CSV, not `prefer="csv"`."""
    csv_path, pq = Path(directory) / f"{name}.csv", Path(directory) / f"{name}.parquet"
    if prefer != "csv" and pq.exists() and (not csv_path.exists() or pq.stat().st_mtime >= csv_path.stat().st_mtime):
        return pq
    return None


def load_table(directory, name: str, prefer: str = ""):
    import pandas as pd
    csv_path = Path(directory) / f"{name}.csv"
    pq = _parquet(directory, name, prefer)
    if pq is not None:
        try:   # pyarrow: 6× faster than the CSV; DuckDB reads it too, where pyarrow is not installed
            return typed(pd.read_parquet(pq, dtype_backend="numpy_nullable"), escaped=False)
        except ImportError:
            import duckdb
            return typed(duckdb.read_parquet(str(pq)).df(), escaped=False)
    if csv_path.exists():
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    else:
        df = pd.DataFrame({c: pd.Series(dtype=str) for c in TABLES[name]})
    return typed(df)


def iter_table(directory, name: str, chunk_rows: int = 20_000, prefer: str = ""):
    """A table as typed DataFrames of at most `chunk_rows` rows each, in the file's order, read
    from the Parquet copy or the CSV as `load_table` chooses: flat memory however long it is."""
    import pandas as pd
    csv_path = Path(directory) / f"{name}.csv"
    pq = _parquet(directory, name, prefer)
    if pq is not None:
        try:
            import pyarrow.parquet as papq
        except ImportError:
            yield load_table(directory, name, prefer)     # DuckDB: read whole
            return
        for batch in papq.ParquetFile(pq).iter_batches(batch_size=chunk_rows):
            yield typed(batch.to_pandas(), escaped=False)
        return
    if not csv_path.exists():
        yield load_table(directory, name, prefer)
        return
    for df in pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8",
                          chunksize=chunk_rows):
        yield typed(df)


def typed(df, escaped: bool = True):
    """A table's columns in the contract's types (from text cells, or from a typed file)."""
    import pandas as pd
    for col in df.columns:
        if escaped:
            df[col] = df[col].map(unescape)
        blank = df[col].replace("", None) if df[col].dtype == object or str(df[col].dtype).startswith(("str", "string")) \
            else df[col]
        if col in _DTYPES["int"]:
            df[col] = pd.to_numeric(blank).astype("Int64")
        elif col in _DTYPES["float"]:
            df[col] = pd.to_numeric(blank, errors="coerce").astype("Float64")
        elif col in _DTYPES["date"]:
            df[col] = pd.to_datetime(blank, errors="coerce").astype("datetime64[ns]")
        elif col in _DTYPES["datetime"]:
            df[col] = pd.to_datetime(blank, errors="coerce", utc=True).astype("datetime64[ns, UTC]")
        else:   # an empty text is missing (<NA>; NULL in `query`), as in every other reader
            df[col] = blank.astype("string")
    return df
