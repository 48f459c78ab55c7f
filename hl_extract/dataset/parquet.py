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

CHUNK_ROWS = 20_000     # rows converted at a time


def write(directory, tables=None) -> list[Path]:
    """Write `<table>.parquet` beside each CSV of the folder (all tables, or `tables`), one
    chunk of rows at a time (flat memory however long the table)."""
    directory = Path(directory)
    out = []
    for name in tables or TABLES:
        if not (directory / f"{name}.csv").exists():
            continue
        path = directory / f"{name}.parquet"
        tmp = directory / f".{name}.parquet.tmp"
        try:
            _write_pyarrow(directory, name, tmp)
        except ImportError:   # no pyarrow: DuckDB writes it (the table read whole)
            _write_duckdb(directory, name, tmp)
        os.replace(tmp, path)
        out.append(path)
    return out


def _write_pyarrow(directory: Path, name: str, tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from hl_extract.dataset.tables import iter_table
    writer = None
    try:
        for df in iter_table(directory, name, CHUNK_ROWS, prefer="csv"):
            batch = pa.Table.from_pandas(df, preserve_index=False)
            if writer is None:     # the schema follows the dtypes load() gives, the same in every chunk
                writer = pq.ParquetWriter(tmp, batch.schema, compression="zstd")
            writer.write_table(batch.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()


def _write_duckdb(directory: Path, name: str, tmp: Path) -> None:
    import duckdb
    from hl_extract.dataset.tables import load_table
    df = load_table(directory, name, prefer="csv")
    con = duckdb.connect()
    try:
        con.register("t", df)
        con.execute(f"COPY t TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()


def present(directory) -> bool:
    """Whether the folder keeps Parquet copies (so every table written must be copied too)."""
    return any((Path(directory) / f"{name}.parquet").exists() for name in TABLES)
