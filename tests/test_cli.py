"""`python -m hl_extract` end to end on small fixtures: exit codes, counts, the files."""
from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hl_extract.common.records import TABLES

# the subprocesses run the same hl_extract as this test process (installed or source tree)
from testenv import PACKAGE_ROOT, SEED_TXT as SEED, run_cli as hl, subprocess_env


def count(stdout: str, label: str) -> int:
    m = re.search(rf"^\s*{label}\s+([\d,]+)\s*$", stdout, re.M)
    assert m, f"no {label!r} line in:\n{stdout}"
    return int(m[1].replace(",", ""))


def rows(path: Path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    records = [{"id": "t:1", "date": "2023-09-15",
                "text": "Tỷ lệ hộ nghèo cuối năm 2022 còn 2,62%. Đã hỗ trợ 34 hộ."},
               {"id": "t:2", "text": "Không có số liệu."}]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ['{"id": "t:3", "text": ']
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "t:4", "text": "Bài thứ tư."}, ensure_ascii=False) + "\n").encode()))
    (folder / "honglinh-2023-09-15.txt").write_bytes(SEED.read_bytes())
    return folder


def test_extract_writes_the_dataset_and_prints_counts(inputs, tmp_path):
    out = tmp_path / "out"
    proc = hl("extract", inputs, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert count(proc.stdout, "articles read") == 4
    assert count(proc.stdout, "articles written") == 4
    assert count(proc.stdout, "inputs skipped") == 1
    assert "a.jsonl:3" in proc.stderr                      # the bad line is named
    for name, columns in TABLES.items():
        with open(out / f"{name}.csv", encoding="utf-8") as fh:
            assert next(csv.reader(fh))[:len(columns)] == columns, name
    articles = {r["article_id"]: r for r in rows(out / "articles.csv")}
    assert set(articles) == {"t:1", "t:2", "t:4", "honglinh-2023-09-15"}
    assert articles["t:1"]["published"] == "2023-09-15"
    seed = articles["honglinh-2023-09-15"]
    assert seed["published"] == "2023-09-15" and int(seed["n_chars"]) > 1000
    assert len(seed["sha256"]) == 64
    # every figure row points at its raw text in the clean text of its article
    n_figures = count(proc.stdout, "figures")
    assert len(rows(out / "figures.csv")) == n_figures


def test_extract_fails_when_nothing_could_be_processed(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n{"id": "y"}\n', encoding="utf-8")
    proc = hl("extract", bad, "--out", tmp_path / "out", "--quiet")
    assert proc.returncode != 0
    assert count(proc.stdout + proc.stderr, "articles written") == 0
    assert "bad.jsonl:1" in proc.stderr and "bad.jsonl:2" in proc.stderr


def test_extract_of_a_missing_input_fails(tmp_path):
    proc = hl("extract", tmp_path / "nope.jsonl", "--out", tmp_path / "out", "--quiet")
    assert proc.returncode != 0
    assert "nope.jsonl" in proc.stderr


def test_a_run_that_processed_nothing_keeps_the_previous_dataset(inputs, tmp_path):
    out = tmp_path / "out"
    assert hl("extract", inputs, "--out", out, "--quiet").returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    proc = hl("extract", tmp_path / "nope.jsonl", "--out", out, "--quiet")
    assert proc.returncode != 0
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["run", "--help"], ["eval", "--help"]])
def test_help(args):
    proc = hl(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: hl-extract")


def test_no_command_prints_help_and_fails():
    proc = hl()
    assert proc.returncode == 2 and "usage:" in proc.stdout


def test_version():
    proc = hl("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("hl-extract ")


def test_run_with_a_missing_corpus_folder_fails(tmp_path):
    proc = hl("run", "--corpus", tmp_path / "none", "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_run_on_a_corpus_folder(inputs, tmp_path):
    proc = hl("run", "--corpus", inputs, "--out", tmp_path / "data", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert count(proc.stdout, "articles written") == 4
    assert (tmp_path / "data" / "figures.csv").exists()


@pytest.mark.skipif((PACKAGE_ROOT / "corpus").is_dir(),
                    reason="source checkout: `run` reads the repository's corpus/")
def test_installed_run_reads_corpus_of_the_working_directory(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.jsonl").write_text(
        json.dumps({"id": "t:1", "text": "Có 34 hộ nghèo."}, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = hl("run", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert count(proc.stdout, "articles written") == 1
    assert (tmp_path / "data" / "articles.csv").exists()


@pytest.mark.parametrize("args,message", [
    (["extract", SEED, "--out", "{file}"], "is a file, not a folder"),
    (["extract", SEED, "--out", "/proc/nope/x"], "No such file or directory"),
    (["extract", SEED, "--out", "{tmp}/o", "--workers", "0"], "must be 1 or more"),
    (["extract", SEED, "--out", "{tmp}/o", "--workers", "-3"], "must be 1 or more"),
    (["crawl", "--site", "nosuch", "--out", "{tmp}/c"], "no site profile 'nosuch'"),
])
def test_bad_arguments_exit_2_with_one_line_and_no_traceback(tmp_path, args, message):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    args = [str(a).format(file=afile, tmp=tmp_path) for a in args]
    proc = hl(*args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_an_empty_query_is_refused(tmp_path):
    out = tmp_path / "d"
    assert hl("extract", SEED, "--out", out, "--quiet", "--workers", "1").returncode == 0
    proc = hl("query", out, "  ")
    assert proc.returncode == 2 and "empty" in proc.stderr and "Traceback" not in proc.stderr


def test_no_article_says_no_dataset_was_written(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "x", "text": ""}\n', encoding="utf-8")
    proc = hl("extract", empty, "--out", tmp_path / "d", "--quiet")
    assert proc.returncode == 1 and "dataset written" not in proc.stdout


@pytest.mark.parametrize("command", [["check"], ["verify", "Tỷ lệ hộ nghèo là 2,62%"], ["query", "SELECT 1"],
                                     ["report", "-o", "{tmp}/r.html"], ["serve", "--build-only"]])
def test_every_desk_command_refuses_a_folder_without_a_dataset(tmp_path, command):
    args = [command[0], tmp_path / "nonexist", *[c.format(tmp=tmp_path) for c in command[1:]]]
    proc = hl(*args)
    assert proc.returncode == 2 and "figures.csv not found" in proc.stderr, proc.stderr
    assert not (tmp_path / "r.html").exists()


ENGLISH = ("The economy grew by 5 million dollars while 2.16 billion people watched the markets closely. "
           "Many firms reported record profits in the third quarter, the ministry of finance said on Monday, "
           "and exports rose to 230 billion dollars over the year, the highest level since records began.")


def test_an_article_not_in_vietnamese_is_skipped_and_counted(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps({"id": "en:1", "text": ENGLISH}) + "\n" +
                   json.dumps({"id": "vi:1", "text": SEED.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    proc = hl("extract", src, "--out", tmp_path / "d", "--quiet", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "not Vietnamese" in proc.stderr and "en:1" in proc.stderr
    assert count(proc.stdout, "articles written") == 1 and count(proc.stdout, "inputs skipped") == 1
    figures = (tmp_path / "d" / "figures.csv").read_text(encoding="utf-8")
    assert "en:1" not in figures and "vi:1" in figures


def test_a_duplicate_article_id_names_both_lines(tmp_path):
    src = tmp_path / "dup.jsonl"
    rec = json.dumps({"id": "a:1", "text": SEED.read_text(encoding="utf-8")}, ensure_ascii=False)
    src.write_text(rec + "\n" + rec + "\n", encoding="utf-8")
    proc = hl("extract", src, "--out", tmp_path / "d", "--quiet", "--workers", "1")
    assert proc.returncode == 0
    assert f"{src}:2: duplicate article id a:1 (first read at {src}:1)" in proc.stderr, proc.stderr


def test_a_missing_dependency_says_how_to_install(tmp_path):
    """Run with a Python that lacks lxml (as `python3 -m hl_extract` outside the venv would)."""
    code = ("import sys; sys.modules['lxml'] = None; from hl_extract.cli import main; "
            f"sys.exit(main(['extract', {str(SEED)!r}, '--out', {str(tmp_path / 'd')!r}, '--quiet']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=subprocess_env())
    assert proc.returncode == 2, proc.stderr
    assert "needs the package 'lxml'" in proc.stderr and "pip install" in proc.stderr
    assert "Traceback" not in proc.stderr
