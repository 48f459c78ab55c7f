"""The dataset folder: five CSV files written atomically, and `load()` to read them back."""
from __future__ import annotations

import csv
import os
from pathlib import Path

from .records import TABLES, Result, row

# A cell a spreadsheet would run as a formula gets a leading "'" (SPEC).
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def escape(value):
    if isinstance(value, str) and value:
        if value.startswith(_FORMULA_START) or (value[0] == "-" and len(value) > 1
                                                 and not (value[1] == " " or value[1].isdigit())):
            return "'" + value
    return value


def unescape(value):
    if isinstance(value, str) and value.startswith("'") and len(value) > 1:
        rest = value[1:]
        if rest.startswith(_FORMULA_START) or (rest[0] == "-" and len(rest) > 1
                                                and not (rest[1] == " " or rest[1].isdigit())):
            return rest
    return value


def fmt_number(x):
    """Numbers as plain decimals: no exponent, no trailing `.0`."""
    if x is None or x == "":
        return ""
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e21:
            return str(int(x))
        return format(x, ".15g") if "e" not in format(x, ".15g") else format(x, "f").rstrip("0").rstrip(".")
    return x


class DatasetWriter:
    """Streams results into `DIR/*.csv.tmp`; `close()` renames them into place.

    A run that dies leaves the previous dataset untouched (the temp files are removed
    or left beside it, never renamed over it).
    """

    def __init__(self, outdir, tables=("articles", "figures", "statements", "tasks", "checks")):
        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._files, self._writers = {}, {}
        for name in tables:
            fh = open(self._tmp(name), "w", newline="", encoding="utf-8")
            w = csv.DictWriter(fh, fieldnames=TABLES[name])
            w.writeheader()
            self._files[name], self._writers[name] = fh, w

    def _tmp(self, name):
        return self.outdir / f".{name}.csv.tmp"

    def write(self, name: str, records) -> None:
        w = self._writers[name]
        for rec in records:
            r = rec if isinstance(rec, dict) else row(rec, TABLES[name])
            w.writerow({k: escape(fmt_number(v)) for k, v in r.items()})

    def write_result(self, result: Result) -> None:
        self.write("articles", [result.article])
        self.write("figures", result.figures)
        self.write("statements", result.statements)
        self.write("tasks", result.tasks)

    def close(self) -> None:
        for name, fh in self._files.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(self._tmp(name), self.outdir / f"{name}.csv")
        self._files.clear()

    def abort(self) -> None:
        for name, fh in self._files.items():
            fh.close()
            self._tmp(name).unlink(missing_ok=True)
        self._files.clear()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        else:
            self.abort()
        return False


_DTYPES = {
    "int": ["n_chars", "char_start", "char_end", "sentence_start", "sentence_end"],
    "float": ["value", "value_max", "total"],
    "date": ["published", "period_start", "period_end", "due_start", "due_end"],
}


def load(directory) -> dict:
    """The dataset's CSVs as pandas DataFrames, typed, with the formula mark removed.

    Returns {"articles": df, "figures": df, "statements": df, "tasks": df, "checks": df};
    a missing file gives an empty frame with the contract's columns.
    """
    import pandas as pd

    out = {}
    for name, columns in TABLES.items():
        path = Path(directory) / f"{name}.csv"
        if path.exists():
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            df = pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
        for col in df.columns:
            df[col] = df[col].map(unescape)
            if col in _DTYPES["int"]:
                df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
            elif col in _DTYPES["float"]:
                df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Float64")
            elif col in _DTYPES["date"]:
                df[col] = pd.to_datetime(df[col].replace("", None), errors="coerce")
            else:
                df[col] = df[col].astype("string")
        out[name] = df
    return out
