"""hl_extract.dataset: formula-safe CSV cells, atomic writes, typed `load()`."""
from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hl_extract
from hl_extract.dataset.tables import DatasetWriter, escape, fmt_number, load, unescape
from hl_extract.common.records import TABLES, Article, Figure, Result, Statement, Task


@pytest.mark.parametrize("value, written", [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+1", "'+1"),
    ("-1+1", "'-1+1"),      # a sum is no number
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),   # the classic payload
    ("@a", "'@a"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-x", "'-x"),
    ("--", "'--"),
    ("- x", "- x"),         # a dash and a space: a list item, left alone
    ("-5", "-5"),           # a negative number, left alone
    ("-", "-"),
    ("-3,5", "-3,5"),
    ("'=x", "''=x"),        # already starting with the mark: marked again, so it round-trips
    ("'abc", "'abc"),
    ("hộ nghèo", "hộ nghèo"),
    ("", ""),
    (5, 5),
])
def test_escape_table(value, written):
    assert escape(value) == written
    assert unescape(written) == value


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+@-' \t\r5ax")), max_size=8))
def test_escape_round_trip(value):
    assert unescape(escape(value)) == value
    out = escape(value)
    assert not out.startswith(("=", "+", "@", "\t", "\r"))
    assert not re.match(r"-\d", out) or re.fullmatch(r"-[\d.,]+(?:[eE][-+]?\d+)?", out)   # a formula or a number


@pytest.mark.parametrize("x, want", [
    (2160000000.0, "2160000000"), (2.62, "2.62"), (72.56, "72.56"), (0.0, "0"),
    (1e22, "10000000000000000000000"), (1e-7, "0.0000001"), (None, ""), ("", ""), (55, 55),
])
def test_fmt_number(x, want):
    assert fmt_number(x) == want


def _result(aid="d:1"):
    art = Article(aid, "=SUM(A1) có 5 hộ nghèo.", url="https://x.vn/a", published="2023-09-15",
                  fetched_at="2025-12-03T08:00:00Z", warc_offset=6539)
    fig = Figure("poor_households", 5.0, "household", "5 hộ", 12, 16, sentence=art.text,
                 subject="-x", place="@a", unit_text="+1", period_text="- x", speaker="-5",
                 period_end="2023-09-30", value_max=1.5, figure_id=f"{aid}#1", article_id=aid)
    st_ = Statement("Mai Văn Danh", "report", ":", "=1+1", 0, 5, article_id=aid)
    task = Task("phường Nam Hồng", "đăng ký", "registration", art.text, 0, 5,
                due_end="2024-12-31", article_id=aid)
    return Result(art, [fig], [st_], [task])


def test_write_and_load_round_trip(tmp_path):
    with DatasetWriter(tmp_path) as w:
        w.write_result(_result())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    with open(tmp_path / "figures.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == TABLES["figures"]
    assert rows[0]["subject"] == "'-x" and rows[0]["speaker"] == "-5" and rows[0]["total"] == ""
    assert rows[0]["value"] == "5"

    data = load(tmp_path)
    figs = data["figures"]
    row = figs.iloc[0]
    assert (row["subject"], row["place"], row["unit_text"], row["period_text"], row["speaker"]) == \
        ("-x", "@a", "+1", "- x", "-5")
    assert data["statements"].iloc[0]["text"] == "=1+1"
    assert str(figs["value"].dtype) == "Float64" and row["value"] == 5.0
    assert pd.isna(row["total"]) and row["value_max"] == 1.5
    assert str(figs["char_start"].dtype) == "Int64" and row["char_start"] == 12
    assert pd.api.types.is_datetime64_any_dtype(figs["period_end"])
    assert row["period_end"] == pd.Timestamp("2023-09-30")
    assert pd.api.types.is_datetime64_any_dtype(figs["period_start"]) and pd.isna(row["period_start"])
    arts = data["articles"]
    assert str(arts["n_chars"].dtype) == "Int64" and arts.iloc[0]["n_chars"] == 23
    assert pd.api.types.is_datetime64_any_dtype(arts["published"])
    assert pd.api.types.is_datetime64_any_dtype(arts["fetched_at"]) and arts.iloc[0]["fetched_at"].hour == 8
    assert str(arts["warc_offset"].dtype) == "Int64" and arts.iloc[0]["warc_offset"] == 6539
    assert pd.api.types.is_string_dtype(arts["article_id"])
    assert pd.api.types.is_datetime64_any_dtype(data["tasks"]["due_end"])
    assert len(data["checks"]) == 0 and list(data["checks"].columns) == TABLES["checks"]
    # the package-level API is the same function
    assert hl_extract.load(tmp_path)["figures"].equals(figs)


def test_load_of_a_missing_folder_gives_empty_frames(tmp_path):
    data = load(tmp_path / "none")
    assert set(data) == set(TABLES)
    for name, columns in TABLES.items():
        assert list(data[name].columns) == columns and len(data[name]) == 0


def test_failed_run_leaves_the_previous_dataset_untouched(tmp_path):
    with DatasetWriter(tmp_path) as w:
        w.write_result(_result("old:1"))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    with pytest.raises(RuntimeError):
        with DatasetWriter(tmp_path) as w:
            w.write_result(_result("new:1"))
            raise RuntimeError("crash in the middle of a run")

    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before                    # same files, same bytes, no temp files left
    assert b"old:1" in after["figures.csv"]


def test_writer_only_replaces_files_on_close(tmp_path):
    (tmp_path / "figures.csv").write_text("old\n", encoding="utf-8")
    w = DatasetWriter(tmp_path)
    w.write_result(_result())
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8") == "old\n"
    w.close()
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8").startswith("figure_id,")


def test_the_datapackage_states_enums_and_keys_that_the_data_keeps(tmp_path):
    """Every coded cell of an extracted dataset is one of its column's enum; every statement_id
    and article_id reference exists (what `frictionless validate` checks)."""
    import csv
    import json
    from hl_extract.dataset import datapackage
    from hl_extract.dataset.batch import extract
    from testenv import FIXTURES
    extract([FIXTURES / "portal_style" / "articles.jsonl"], tmp_path / "d", progress=False, workers=1)
    from hl_extract.desk import checks
    checks.run(tmp_path / "d")
    desc = json.loads(datapackage.write(tmp_path / "d").read_text(encoding="utf-8"))
    data = {r["name"]: list(csv.DictReader(open(tmp_path / "d" / r["path"], encoding="utf-8")))
            for r in desc["resources"]}
    enums = 0
    for res in desc["resources"]:
        for f in res["schema"]["fields"]:
            allowed = f.get("constraints", {}).get("enum")
            if allowed:
                enums += 1
                assert {r[f["name"]] for r in data[res["name"]]} - {""} <= set(allowed), (res["name"], f["name"])
        for fk in res["schema"].get("foreignKeys", []):
            (col,), ref = fk["fields"], fk["reference"]
            keys = {r[ref["fields"][0]] for r in data[ref["resource"]]}
            assert {r[col] for r in data[res["name"]]} - {""} <= keys, (res["name"], col)
    assert enums >= 10
    figures = next(r for r in desc["resources"] if r["name"] == "figures")
    assert {"fields": ["statement_id"], "reference": {"resource": "statements", "fields": ["statement_id"]}} \
        in figures["schema"]["foreignKeys"]
    assert any(r["statement_id"] for r in data["figures"])


def test_load_gives_missing_for_empty_text(tmp_path):
    from hl_extract.dataset.batch import extract
    from testenv import SEED_TXT
    extract([SEED_TXT], tmp_path / "d", progress=False, workers=1)
    figs = load(tmp_path / "d")["figures"]
    assert figs["speaker"].isna().any() and not (figs["speaker"] == "").any()
    # the same in SQL: an empty text is NULL
    from hl_extract.desk import query
    (n_empty,), = query.run(tmp_path / "d", "SELECT count(*) FROM figures WHERE speaker = ''")[1]
    (n_null,), = query.run(tmp_path / "d", "SELECT count(*) FROM figures WHERE speaker IS NULL")[1]
    assert n_empty == 0 and n_null == figs["speaker"].isna().sum() > 0
