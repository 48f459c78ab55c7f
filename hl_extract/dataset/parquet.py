"""Parquet copies of the dataset's tables (`--format parquet`): typed and compressed, read by
`load()` (and so by `query`, `check`, `verify`, `report`, `serve`) in place of the CSVs.

The CSVs stay the contract (and what `--update` copies rows from); each `<table>.parquet`
is written from its CSV, typed as `load()` types it, by pyarrow (`pip install
'hl_extract[parquet]'`; DuckDB writes and reads it where pyarrow is missing), zstd-compressed,
via a temporary file and a rename.
"""
from __future__ import annotations

import os
from pathlib import Path

from hl_extract.common.records import TABLES


def write(directory, tables=None) -> list[Path]:
    """Write `<table>.parquet` beside each CSV of the folder (all tables, or `tables`)."""
    import duckdb
    from hl_extract.dataset.tables import load_table
    directory = Path(directory)
    out = []
    for name in tables or TABLES:
        if not (directory / f"{name}.csv").exists():
            continue
        df = load_table(directory, name, prefer="csv")
        path = directory / f"{name}.parquet"
        tmp = directory / f".{name}.parquet.tmp"
        try:
            df.to_parquet(tmp, compression="zstd", index=False)
        except ImportError:   # no pyarrow: DuckDB writes it
            con = duckdb.connect()
            try:
                con.register("t", df)
                con.execute(f"COPY t TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
            finally:
                con.close()
        os.replace(tmp, path)
        out.append(path)
    return out


def present(directory) -> bool:
    """Whether the folder keeps Parquet copies (so every table written must be copied too)."""
    return any((Path(directory) / f"{name}.parquet").exists() for name in TABLES)
