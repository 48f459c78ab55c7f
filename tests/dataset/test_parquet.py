"""`--format parquet`: the same tables as Parquet, read by load() (and so by every desk command)
with the same rows and types as the CSVs."""
from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from hl_extract.dataset import parquet
from hl_extract.dataset.tables import iter_table, load

from testenv import FIXTURES, run_cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("pq") / "data"
    proc = run_cli("extract", FIXTURES / "portal_style" / "articles.jsonl", FIXTURES / "honglinh-2023-09-15.txt",
                   "--out", d, "--quiet", "--workers", "1", "--format", "parquet")
    assert proc.returncode == 0, proc.stderr
    assert run_cli("check", d).returncode == 0
    return d


def test_every_table_has_its_parquet_with_the_csvs_rows_and_types(folder):
    from_csv, from_parquet = load(folder, prefer="csv"), load(folder)
    for name, df in from_csv.items():
        assert (folder / f"{name}.parquet").exists(), name
        other = from_parquet[name]
        assert list(df.columns) == list(other.columns) and df.dtypes.equals(other.dtypes), name
        assert df.equals(other), name
    assert len(from_parquet["figures"]) > 50 and len(from_parquet["checks"]) > 0


def test_chunks_of_the_parquet_add_up_to_the_csvs_table(folder):
    want = load(folder, prefer="csv")["figures"]
    chunks = list(iter_table(folder, "figures", chunk_rows=7))
    assert len(chunks) > 5
    got = pd.concat(chunks, ignore_index=True)
    assert want.dtypes.equals(got.dtypes) and want.equals(got)


def test_written_in_chunks_it_is_the_same_table(folder, tmp_path, monkeypatch):
    import shutil
    d = tmp_path / "d"
    shutil.copytree(folder, d)
    monkeypatch.setattr(parquet, "CHUNK_ROWS", 7)
    parquet.write(d, ["figures", "tasks"])
    import pyarrow.parquet as papq
    assert papq.ParquetFile(d / "figures.parquet").metadata.num_row_groups > 5
    want, got = load(d, prefer="csv"), load(d)
    for name in ("figures", "tasks"):
        assert want[name].dtypes.equals(got[name].dtypes) and want[name].equals(got[name]), name


def test_duckdb_reads_it_where_pyarrow_is_missing(folder, monkeypatch):
    def no_pyarrow(*a, **k):
        raise ImportError("pyarrow")
    want = load(folder, prefer="csv")
    monkeypatch.setattr(pd, "read_parquet", no_pyarrow)
    got = load(folder)
    for name in want:
        assert want[name].dtypes.equals(got[name].dtypes) and want[name].equals(got[name]), name


def test_a_parquet_older_than_its_csv_is_not_read(folder, tmp_path):
    import shutil
    d = tmp_path / "d"
    shutil.copytree(folder, d)
    past = time.time() - 3600
    os.utime(d / "figures.parquet", (past, past))
    (d / "figures.csv").write_text((d / "figures.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
                                   encoding="utf-8")   # a CSV rewritten since, with no rows
    assert len(load(d)["figures"]) == 0 and len(load(d)["statements"]) > 0


def test_query_and_the_datapackage_see_the_parquet(folder):
    proc = run_cli("query", folder, "SELECT count(*) AS n FROM figures WHERE metric = 'poverty_rate'", "--format", "csv")
    assert proc.returncode == 0 and int(proc.stdout.splitlines()[1]) > 0
    import json
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert "figures.parquet" in desc["parquet"]
    assert parquet.present(folder)
