"""Batch scale (issue 6): parallel, ordered, incremental, atomic, and the Dask engine.

Fixtures are written by the tests (no shared corpus needed). Most tests run the batch
with `batch_stages.digits_stage`, a small deterministic stand-in for the extractors, so
that every table has rows; a few run the real pipeline too.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import batch_stages
from hl_extract.archive import dumps
from hl_extract.dataset import batch, tables
from hl_extract.dataset.batch import INDEX_NAME, extract
from hl_extract.cli import main

TABLES = ("articles", "figures", "statements", "tasks", "checks")
STAGE = batch_stages.digits_stage


REAL_FINGERPRINT = batch.fingerprint


@pytest.fixture(autouse=True)
def steady_fingerprint(monkeypatch):
    """The extractor's fingerprint hashes the package's code and rules, which other
    developers may be editing while these tests run: here it names the stage only."""
    monkeypatch.setattr(batch, "fingerprint", lambda stage=None: f"test:{getattr(stage, '__qualname__', '')}")


def test_fingerprint_follows_the_rules_and_the_stage(tmp_path, monkeypatch):
    from hl_extract.common import ruleset
    rules = tmp_path / "rules"
    shutil.copytree(ruleset.RULES_DIR, rules)
    monkeypatch.setattr(ruleset, "RULES_DIR", rules)
    fp = REAL_FINGERPRINT(STAGE)
    assert REAL_FINGERPRINT(STAGE) == fp != REAL_FINGERPRINT(batch_stages.other_stage)
    some = sorted(rules.rglob("*.toml"))[0]
    some.write_text(some.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert REAL_FINGERPRINT(STAGE) != fp


def article(i: int, extra: str = "") -> dict:
    text = (f"Năm 2023, phường số {i} còn {i * 7 + 3} hộ nghèo, tỷ lệ {i % 5},{i % 10}%.\n"
            f"Ông Nguyễn Văn {i} cho biết: kinh phí hơn {i + 2} tỷ đồng, \"đạt {i}/19 tiêu chí\".\n"
            f"UBND thị xã giao phường {i} hoàn thành trước ngày 18/11. {extra}")
    return {"id": f"t:{i}", "url": f"https://example.vn/{i}", "title": f"Bài {i}",
            "date": f"2023-09-{1 + i % 28:02d}", "text": text}


def write_jsonl(path: Path, records, bad_lines=()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for pos, bad in bad_lines:
        lines.insert(pos, bad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(d: Path) -> dict:
    return {t: (d / f"{t}.csv").read_bytes() for t in TABLES}


def leftovers(d: Path) -> list:
    return sorted(p.name for p in d.iterdir() if p.name.endswith(".tmp") or "commit" in p.name)


@pytest.fixture
def archive(tmp_path):
    recs = [article(i, "CHẬM" if i in (3, 4) else "") for i in range(40)]
    recs.append(dict(article(5), text="Một bài trùng id."))           # duplicate id
    recs[10]["text"] += "\n=SUM(A1) -x @y"                            # formula-like cells
    return write_jsonl(tmp_path / "a.jsonl", recs, bad_lines=[(7, "{not json"), (20, "[1, 2]")])


def test_same_output_whatever_the_workers(tmp_path, archive):
    one = extract([archive], tmp_path / "w1", workers=1, stage=STAGE, chunk_size=3)
    two = extract([archive], tmp_path / "w2", workers=2, stage=STAGE, chunk_size=3)
    assert snapshot(tmp_path / "w1") == snapshot(tmp_path / "w2")
    assert (one.read, one.written, one.skipped, one.figures) == (two.read, two.written, two.skipped, two.figures)
    assert one.written == 40 and one.skipped == 3       # two bad lines, one duplicate id
    out = tables.load(tmp_path / "w2")
    assert list(out["articles"]["article_id"]) == [f"t:{i}" for i in range(40)]   # input order
    figs = out["figures"]
    assert len(figs) == one.figures > 40 and figs["figure_id"].is_unique
    assert list(figs["article_id"].drop_duplicates()) == [f"t:{i}" for i in range(40)]
    assert one.statements == len(out["statements"]) > 0 and one.tasks == len(out["tasks"]) > 0
    assert leftovers(tmp_path / "w2") == []


def test_bad_lines_are_named_with_file_and_line(tmp_path, archive, capsys):
    s = extract([archive], tmp_path / "d", workers=2, stage=STAGE)
    where = sorted(p.where for p in s.problems if "duplicate" not in p.reason)
    assert where == [f"{archive}:21", f"{archive}:8"]


def test_real_pipeline_same_output_whatever_the_workers(tmp_path, archive):
    extract([archive], tmp_path / "w1", workers=1)
    extract([archive], tmp_path / "w2", workers=2, chunk_size=2)
    assert snapshot(tmp_path / "w1") == snapshot(tmp_path / "w2")


def test_one_failing_article_is_reported_and_the_batch_goes_on(tmp_path):
    recs = [article(i) for i in range(6)]
    recs[2]["text"] += " HỎNG"
    src = write_jsonl(tmp_path / "a.jsonl", recs)
    s = extract([src], tmp_path / "d", workers=2, stage=STAGE, chunk_size=2)
    assert s.written == 5 and s.skipped == 1
    assert "t:2" in str(s.problems[0]) and "boom" in str(s.problems[0])
    assert "t:2" not in set(tables.load(tmp_path / "d")["articles"]["article_id"])


def test_limit_stops_after_n_articles(tmp_path, archive):
    s = extract([archive], tmp_path / "d", workers=1, stage=STAGE, limit=12)
    assert s.read == 12 and len(tables.load(tmp_path / "d")["articles"]) == 12


# --- incremental runs -------------------------------------------------------------------

def test_update_of_unchanged_archive_copies_everything_byte_identical(tmp_path, archive):
    d = tmp_path / "d"
    first = extract([archive], d, workers=2, stage=STAGE)
    before = snapshot(d)
    batch_stages.CALLS.clear()
    again = extract([archive], d, workers=1, stage=STAGE, update=d)
    assert snapshot(d) == before
    assert (again.new, again.changed, again.unchanged, again.removed) == (0, 0, 40, 0)
    assert again.carried == 40 and again.extracted == 0 and batch_stages.CALLS == []
    assert (again.figures, again.statements, again.tasks) == (first.figures, first.statements, first.tasks)
    assert leftovers(d) == []


def test_update_does_not_even_clean_unchanged_input_records(tmp_path, monkeypatch):
    archive = write_jsonl(tmp_path / "c.jsonl", [article(i) for i in range(40)])
    d = tmp_path / "d"
    extract([archive], d, workers=1, stage=STAGE)
    before = snapshot(d)

    def no_clean(text):
        raise AssertionError("an unchanged record was cleaned again")

    monkeypatch.setattr(dumps, "clean", no_clean)
    again = extract([archive], d, workers=1, stage=STAGE, update=d)
    assert snapshot(d) == before and again.carried == 40


def test_update_extracts_new_and_changed_only_and_replaces_rows(tmp_path):
    v1 = [article(i) for i in range(20)]
    d = tmp_path / "d"
    extract([write_jsonl(tmp_path / "v1.jsonl", v1)], d, workers=1, stage=STAGE)

    v2 = [dict(r) for r in v1 if r["id"] != "t:7"]                       # one removed
    for r in v2:
        if r["id"] in ("t:2", "t:9"):
            r["text"] += " Thêm 123 và 456 hộ."                           # changed text
        if r["id"] == "t:15":
            r["date"] = "2024-01-02"                                      # changed date
        if r["id"] == "t:12":
            r["url"] = "https://example.vn/moved/12"                      # changed URL
    v2.insert(5, article(100))                                             # new ones
    v2.append(article(101))
    src2 = write_jsonl(tmp_path / "v2.jsonl", v2)

    batch_stages.CALLS.clear()
    s = extract([src2], d, workers=1, stage=STAGE, update=d)
    assert (s.new, s.changed, s.unchanged, s.removed) == (2, 4, 15, 1)
    assert sorted(batch_stages.CALLS) == sorted(["t:100", "t:101", "t:2", "t:9", "t:12", "t:15"])
    assert s.extracted == 6 and s.carried == 15

    fresh = tmp_path / "fresh"
    extract([src2], fresh, workers=2, stage=STAGE)
    assert snapshot(d) == snapshot(fresh)                   # same as a full run over v2
    figs = tables.load(d)["figures"]
    assert figs["figure_id"].is_unique and "t:7" not in set(figs["article_id"])
    assert {"123", "456"} <= set(figs[figs["article_id"] == "t:2"]["raw"])

    # and the index written by the incremental run serves the next one
    again = extract([src2], d, workers=2, stage=STAGE, update=d)
    assert again.carried == 21 and snapshot(d) == snapshot(fresh)


def test_update_into_another_folder_leaves_the_old_one(tmp_path, archive):
    old = tmp_path / "old"
    extract([archive], old, workers=1, stage=STAGE)
    before = snapshot(old)
    s = extract([archive], tmp_path / "new", workers=1, stage=STAGE, update=old)
    assert s.carried == 40 and snapshot(tmp_path / "new") == before == snapshot(old)


def test_update_re_extracts_all_when_the_extractor_changed(tmp_path, archive):
    d = tmp_path / "d"
    extract([archive], d, workers=1, stage=STAGE)
    batch_stages.CALLS.clear()
    s = extract([archive], d, workers=1, stage=batch_stages.other_stage, update=d)
    assert s.unchanged == 40 and s.carried == 0 and s.extracted == 40
    assert any("extractor changed" in n for n in s.notes)


def test_update_re_extracts_all_when_the_old_csvs_were_edited(tmp_path, archive):
    d = tmp_path / "d"
    extract([archive], d, workers=1, stage=STAGE)
    expected = snapshot(d)
    with open(d / "figures.csv", "ab") as fh:
        fh.write(b"junk,row\r\n")
    s = extract([archive], d, workers=1, stage=STAGE, update=d)
    assert s.carried == 0 and s.extracted == 40 and snapshot(d) == expected


def test_update_without_an_earlier_index_extracts_everything(tmp_path, archive):
    d = tmp_path / "d"
    extract([archive], d, workers=1, stage=STAGE)
    (d / INDEX_NAME).unlink()
    s = extract([archive], d, workers=1, stage=STAGE, update=d)
    assert s.extracted == 40 and s.carried == 0 and s.notes


# --- atomicity ----------------------------------------------------------------------------

def test_a_failure_mid_run_leaves_the_old_dataset(tmp_path, archive, monkeypatch):
    d = tmp_path / "d"
    extract([archive], d, workers=2, stage=STAGE)
    before = snapshot(d)
    index_before = (d / INDEX_NAME).read_bytes()
    real = batch.iter_inputs

    def dying(paths, known=None, site=None):
        for n, item in enumerate(real(paths, known, site)):
            if n == 25:
                raise OSError("disk gone")
            yield item

    monkeypatch.setattr(batch, "iter_inputs", dying)
    changed = write_jsonl(tmp_path / "b.jsonl", [article(i, "khác 99") for i in range(40)])
    with pytest.raises(OSError, match="disk gone"):
        extract([changed], d, workers=2, stage=STAGE, chunk_size=4, update=d)
    assert snapshot(d) == before and (d / INDEX_NAME).read_bytes() == index_before
    assert leftovers(d) == []


def test_a_kill_during_the_commit_is_rolled_forward(tmp_path, archive, monkeypatch):
    d, expected_dir = tmp_path / "d", tmp_path / "expected"
    extract([write_jsonl(tmp_path / "old.jsonl", [article(i) for i in range(5)])], d, workers=1, stage=STAGE)
    extract([archive], expected_dir, workers=1, stage=STAGE)
    expected = snapshot(expected_dir)

    real_replace, calls = os.replace, []

    def replace_then_die(src, dst):
        calls.append(dst)
        if len(calls) == 3:             # journal in place, one CSV renamed: the power goes
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(tables.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        extract([archive], d, workers=1, stage=STAGE)
    monkeypatch.setattr(tables.os, "replace", real_replace)
    assert (d / tables.COMMIT_JOURNAL).exists()           # half committed on disk
    assert tables.load(d)["articles"].shape[0] == 40         # load() finishes the commit
    assert snapshot(d) == expected and leftovers(d) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")
def test_two_runs_never_write_one_folder_at_once(tmp_path, archive):
    d = tmp_path / "d"
    extract([archive], d, workers=1, stage=STAGE)
    before = snapshot(d)
    writer = tables.DatasetWriter(d)                 # a run in progress
    try:
        with pytest.raises(RuntimeError, match="another run"):
            extract([archive], d, workers=1, stage=STAGE)
    finally:
        writer.abort()
    assert snapshot(d) == before
    extract([archive], d, workers=1, stage=STAGE)     # free again
    assert snapshot(d) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_killed_run_leaves_the_old_dataset(tmp_path):
    d = tmp_path / "d"
    extract([write_jsonl(tmp_path / "old.jsonl", [article(i) for i in range(5)])], d, workers=1)
    before = snapshot(d)
    fifo = tmp_path / "live.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "hl_extract", "extract", str(fifo), "--out", str(d),
                             "-q", "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(fifo, "w", encoding="utf-8") as feed:
            for i in range(400):     # enough rows to flush past the temp files' buffers
                feed.write(json.dumps(article(i), ensure_ascii=False) + "\n")
            feed.flush()
            tmp = d / ".articles.csv.tmp"
            for _ in range(600):     # wait (up to a minute) until the run is writing
                if tmp.exists() and tmp.stat().st_size > 16384:
                    break
                time.sleep(0.1)
            assert tmp.exists(), "the run never started writing"
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    except BrokenPipeError:
        pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(d) == before
    assert tables.load(d)["articles"].shape[0] == 5


# --- command line -------------------------------------------------------------------------

def test_cli_extract_with_workers_and_update(tmp_path, archive, capsys):
    d = tmp_path / "d"
    assert main(["extract", str(archive), "--out", str(d), "-q", "--workers", "2"]) == 0
    first = snapshot(d)
    out = capsys.readouterr()
    assert re.search(r"articles written +40\n", out.out) and f"{archive}:8" in out.err
    assert main(["extract", str(archive), "--out", str(d), "-q", "--update", str(d)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"unchanged +40\n", out) and re.search(r"new +0\n", out)
    assert snapshot(d) == first


def test_cli_fails_only_when_nothing_could_be_processed(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n[]\n", encoding="utf-8")
    assert main(["extract", str(bad), "--out", str(tmp_path / "d"), "-q", "--workers", "2"]) == 1
    assert "no article could be processed" in capsys.readouterr().err


# --- the Dask engine ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    import cloudpickle
    cloudpickle.register_pickle_by_value(batch_stages)   # Dask workers cannot import tests/
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as c:
            yield c
    finally:
        cloudpickle.unregister_pickle_by_value(batch_stages)


def test_dask_local_cluster_gives_the_local_output(tmp_path, archive, cluster):
    extract([archive], tmp_path / "local", workers=2, stage=STAGE)
    extract([archive], tmp_path / "local-real", workers=1)
    s = extract([archive], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                stage=STAGE, chunk_size=4)
    extract([archive], tmp_path / "dask-real", engine="dask", scheduler=cluster.scheduler_address)
    assert s.written == 40
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")
    assert snapshot(tmp_path / "dask-real") == snapshot(tmp_path / "local-real")
    assert not (tmp_path / "dask" / batch.PARTS).exists() and leftovers(tmp_path / "dask") == []


def test_dask_workers_write_the_rows_and_send_back_only_lengths(tmp_path, cluster):
    from hl_extract.common.records import Article
    ex = batch._DaskEngine(1, STAGE, cluster.scheduler_address)
    try:
        ex.open_parts(tmp_path)
        arts = [Article(article_id=f"t:{i}", text=article(i)["text"], published="2023-09-01") for i in range(3)]
        fut = ex.submit(arts)
        raw = fut.future.result()                     # what travelled back from the worker
        assert [r[0] for r in raw] == ["ok"] * 3 and all(isinstance(n, int) for r in raw for n in r[1])
        worker_pids = set(ex.client.run(os.getpid).values())
        assert os.getpid() not in worker_pids
        parts = sorted(p.name for p in (tmp_path / batch.PARTS).iterdir())
        assert parts == [f"00000001.{t}.part" for t in sorted(batch.CARRIED_TABLES)]
        got = fut.result()                            # read back from the part files, which go
        assert got == batch.extract_chunk(arts, STAGE) and not list((tmp_path / batch.PARTS).iterdir())
    finally:
        ex.close()
    assert not (tmp_path / batch.PARTS).exists()


def test_dask_workers_that_do_not_share_the_folder_are_named(tmp_path, cluster, monkeypatch):
    real = batch.extract_chunk_to_parts
    monkeypatch.setattr(batch, "extract_chunk_to_parts",
                        lambda arts, stage, stem: real(arts, stage, stem + ".elsewhere"))
    with pytest.raises(batch.RunError, match="folder the workers share"):
        extract([write_jsonl(tmp_path / "a.jsonl", [article(1)])], tmp_path / "d", engine="dask",
                scheduler=cluster.scheduler_address, stage=STAGE)
    assert not (tmp_path / "d" / "figures.csv").exists() and not (tmp_path / "d" / batch.PARTS).exists()


def test_dask_update_carries_the_unchanged_articles(tmp_path, cluster):
    recs = [article(i) for i in range(12)]
    a = write_jsonl(tmp_path / "a.jsonl", recs)
    d = tmp_path / "d"
    extract([a], d, engine="dask", scheduler=cluster.scheduler_address, stage=STAGE, chunk_size=4)
    first = snapshot(d)
    s = extract([a], d, engine="dask", scheduler=cluster.scheduler_address, stage=STAGE, update=d)
    assert (s.unchanged, s.extracted, s.carried) == (12, 0, 12) and snapshot(d) == first
    recs[5]["text"] += " Thêm 9 hộ."
    a = write_jsonl(tmp_path / "a.jsonl", recs)
    s = extract([a], d, engine="dask", scheduler=cluster.scheduler_address, stage=STAGE, update=d, chunk_size=4)
    assert (s.changed, s.extracted, s.carried) == (1, 1, 11)
    extract([a], tmp_path / "fresh", workers=1, stage=STAGE)
    assert snapshot(d) == snapshot(tmp_path / "fresh")
