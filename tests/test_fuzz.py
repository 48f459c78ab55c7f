"""Hostile input, generated (hypothesis): the readers, the extractor, the CSV writer and the
command line never raise, and what they write keeps its invariants.

* any bytes as .txt / .jsonl / .jsonl.gz / .html / .warc → only Article, Problem or Unchanged;
* any text → figures whose `raw` is the clean text at their offsets (provenance);
* formula-leading text in every text field → no cell a spreadsheet would run, and `load()`
  gives back what was written;
* the CLI on any bytes → exit 0 or 1 (documented), never a traceback.
"""
from __future__ import annotations

import csv
import gzip
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hl_extract.archive.inputs import iter_inputs
from hl_extract.archive.items import Problem, Skipped, Unchanged
from hl_extract.common.records import Article, Figure, Result, Statement, Task
from hl_extract.dataset.tables import DatasetWriter, load
from hl_extract.extract.pipeline import process
from hl_extract.language.text import clean
from testenv import run_cli

HOSTILE = list("=+-@'\t\r\n\x00\x0b\x0c\u00a0\u202f\u200b\ufeff\u0301\u0323") + \
    list("0123456789.,%/-–() ") + list("đĐăâêôơưáàảãạ") + list(string.ascii_letters[:12]) + \
    ["tỷ", "triệu", "đồng", "hộ nghèo", "năm 2022", "xã ", "huyện ", "TP.", "hơn ", "không quá ", "$", "k"]
hostile_text = st.lists(st.sampled_from(HOSTILE), max_size=120).map("".join)
SUFFIXES = [".txt", ".jsonl", ".jsonl.gz", ".html", ".warc"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.one_of(st.binary(max_size=3000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from(SUFFIXES))
def test_readers_take_any_bytes(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    for item in iter_inputs([path]):
        assert isinstance(item, (Article, Problem, Skipped, Unchanged))
        if isinstance(item, Article):
            process(item)


@SETTINGS
@given(text=hostile_text, published=st.sampled_from(["", "2023-09-15", "2025-07-02"]))
def test_every_figure_points_at_its_raw(text, published):
    art = Article(article_id="t:1", text=clean(text), published=published)
    result = process(art)
    for f in result.figures:
        assert art.text[f.char_start:f.char_end] == f.raw
        assert f.sentence_start <= f.char_start and f.char_end <= f.sentence_end
    for s in result.statements:
        assert art.text[s.char_start:s.char_end] == s.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(hostile_text, min_size=6, max_size=6))
def test_no_cell_runs_as_a_formula_and_load_gives_it_back(tmp_path_factory, cells):
    d = tmp_path_factory.mktemp("ds")
    title, subject, place, speaker, text, assignee = cells
    art = Article("a:1", "văn bản " + text, title=title, url="https://x.vn/a")
    fig = Figure("count", 1.0, "item", "1", 0, 1, subject=subject, place=place, speaker=speaker,
                 figure_id="a:1#1", article_id="a:1", sentence=text)
    stm = Statement(speaker, "report", ":", text, 0, 1, article_id="a:1", statement_id="a:1#s1")
    task = Task(assignee, "làm", "directive", text, 0, 1, article_id="a:1", task_id="a:1#t1")
    with DatasetWriter(d) as w:
        w.write_result(Result(art, [fig], [stm], [task]))
    for name in ("articles", "figures", "statements", "tasks"):
        with open(d / f"{name}.csv", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for v in row.values():
                    assert not v.startswith(("=", "+", "@", "\t", "\r")), (name, v)
    data = load(d)
    got = data["figures"].iloc[0]
    for col, want in (("subject", subject), ("place", place), ("speaker", speaker)):
        assert (got[col] if isinstance(got[col], str) else "") == want


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_the_command_line_never_shows_a_traceback(tmp_path_factory, data, suffix):
    d = tmp_path_factory.mktemp("cli")
    path = d / f"input{suffix}"
    path.write_bytes(data)
    proc = run_cli("extract", path, "--out", d / "out", "--quiet", "--workers", "1", timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- WARC cut anywhere

def _members(data: bytes):
    """(end offset, WARC-Type) of each gzip member, i.e. of each record."""
    import zlib
    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        text = d.decompress(data[pos:])
        pos = len(data) - len(d.unused_data)
        kind = next((ln.split(b":", 1)[1].strip().decode() for ln in text.splitlines()
                     if ln.lower().startswith(b"warc-type:")), "")
        out.append((pos, kind))
    return out


@pytest.fixture(scope="module")
def three_record_warc(tmp_path_factory):
    from hl_extract.archive import warc
    from portal import article_main, layout
    d = tmp_path_factory.mktemp("warc")
    w = warc.Writer(d, "honglinh", info={"hl-site": "honglinh"})
    for n in range(3):
        url = f"https://honglinh.hatinh.gov.vn/portal/Pages/2023-9-1{n}/Tin-{465000 + n}.aspx"
        body = layout(f"Tin {n}", article_main(f"Tin {n}", f"Năm 2023, xã Thuận Lộc có {n + 10} hộ nghèo.",
                                               f"1{n}/09/2023"))
        w.write(url, "GET", {}, b"", 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body.encode())
    return w.path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_a_warc_cut_anywhere_keeps_every_whole_record(tmp_path_factory, three_record_warc, cut):
    """A crawl killed mid-write: every record before the cut is read whole, a cut inside a
    record (any record, the warcinfo and requests too) is one Problem, nothing raises."""
    data = three_record_warc.read_bytes()
    members = _members(data)
    n = int(cut * len(data))
    path = tmp_path_factory.mktemp("cut") / "crawl.warc.gz"
    path.write_bytes(data[:n])
    items = list(iter_inputs([path]))
    arts = [i for i in items if not isinstance(i, (Problem, Skipped, Unchanged))]
    whole = sum(1 for end, kind in members if end <= n and kind == "response")
    assert [a.article_id for a in arts] == [f"honglinh:{465000 + k}" for k in range(whole)]
    problems = [i for i in items if isinstance(i, Problem)]
    on_boundary = n == 0 or any(end == n for end, _ in members)
    assert len(problems) == (0 if on_boundary else 1), (n, problems)


# ---------------------------------------------------------------- SQL the desk must refuse or answer

SQL_TOKENS = ["SELECT", " * ", " metric", ", count(*)", " FROM ", "figures", "articles", "checks", " WHERE ",
              "value > 1", " GROUP BY 1", " ORDER BY 1", ";", " LIMIT 3", "'", '"', "--", "/*", "*/", "(", ")",
              "COPY figures TO 'x.csv'", "ATTACH 'x.db'", "INSTALL httpfs", "LOAD httpfs",
              "read_csv('/etc/passwd')", "CREATE TABLE t AS SELECT 1", "PRAGMA version", "SET threads=1",
              "DESCRIBE figures", "WITH a AS (SELECT 1) SELECT * FROM a", "EXPLAIN SELECT 1", " UNION ",
              "\x00", "é", "\n"]


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory):
    import _desk
    return _desk.write_seed(tmp_path_factory.mktemp("sql"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sql=st.lists(st.sampled_from(SQL_TOKENS), min_size=1, max_size=12).map("".join))
def test_query_answers_or_refuses_any_sql(tiny_dataset, sql, tmp_path_factory):
    """Any text as SQL: an answer (0), a refusal of anything but reading (2) or DuckDB's error
    (1), never an exception; and no file appears."""
    import io
    import os
    from hl_extract.desk import query
    before = set(os.listdir(tiny_dataset))
    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    try:
        err = io.StringIO()
        import contextlib
        with contextlib.redirect_stderr(err):
            rc = query.main(tiny_dataset, sql, "json", out=io.StringIO())
        here = os.listdir(".")
    finally:
        os.chdir(cwd)
    assert rc in (0, 1, 2)
    assert rc == 0 or err.getvalue().startswith("error:")
    assert here == [] and set(os.listdir(tiny_dataset)) == before


# ---------------------------------------------------------------- a batch with bad lines among good ones

GOOD = "Năm 2023, xã Thuận Lộc có {n} hộ nghèo, tỷ lệ hộ nghèo còn 2,{n}%."
BAD_LINES = ["{not json", "", "null", "[1, 2]", '{"id": "x"}', '{"text": 5}', "\x00\x01\x02", "💥" * 50,
             '{"id": "y", "text": ""}']


@pytest.fixture(scope="module")
def previous_dataset(tmp_path_factory):
    from hl_extract.dataset.batch import extract
    d = tmp_path_factory.mktemp("prev")
    src = d / "first.jsonl"
    src.write_text('{"id": "old:1", "text": "' + GOOD.format(n=7) + '"}\n', encoding="utf-8")
    extract([src], d / "out", progress=False, workers=1)
    return d / "out"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.one_of(st.integers(min_value=1, max_value=99), st.sampled_from(BAD_LINES)),
                     min_size=1, max_size=12))
def test_a_batch_keeps_every_good_record_and_a_failed_run_keeps_the_old_dataset(
        tmp_path_factory, previous_dataset, plan):
    """Good records among hostile lines are all written; a run with none leaves the previous
    dataset byte-identical."""
    import json
    import shutil
    from hl_extract.dataset.batch import extract
    d = tmp_path_factory.mktemp("batch")
    out = d / "out"
    shutil.copytree(previous_dataset, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    lines, good = [], []
    for k, item in enumerate(plan):
        if isinstance(item, int):
            aid = f"t:{k}"
            good.append(aid)
            lines.append(json.dumps({"id": aid, "text": GOOD.format(n=item)}, ensure_ascii=False))
        else:
            lines.append(item)
    src = d / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    summary = extract([src], out, progress=False, workers=1)
    if good:
        ids = [r["article_id"] for r in csv.DictReader(open(out / "articles.csv", encoding="utf-8"))]
        assert ids == good and summary.written == len(good)
    else:
        assert summary.written == 0
        assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
