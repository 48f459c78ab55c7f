"""`hl-extract eval` (hl_extract.scoring) against hand-made gold + CSV fixtures.

Each case states the numbers worked out by hand from SPEC.md "Gold files and
scoring"; where ../shared/tools/score.py exists, its whole printed report must be
the same as ours, line for line.
"""
from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hl_extract import scoring
from hl_extract.common.records import TABLES

from testenv import SHARED

SCORE_PY = SHARED / "tools" / "score.py"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
DEV_INPUT = SHARED / "gold" / "dev-input.jsonl"


# --- fixtures ---------------------------------------------------------------------

def write_case(tmp: Path, gold: list[dict], figures=(), statements=(), tasks=()):
    """gold.jsonl and a dataset folder out/ with the given rows; returns their paths."""
    tmp.mkdir(parents=True, exist_ok=True)
    gold_path = tmp / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold),
                         encoding="utf-8")
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    for name, rows in (("figures", figures), ("statements", statements), ("tasks", tasks)):
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=TABLES[name])
            w.writeheader()
            for r in rows:
                w.writerow({k: r.get(k, "") for k in TABLES[name]})
    return gold_path, out


def fig(doc, metric, value, unit, raw="", **kw):
    return {"article_id": doc, "metric": metric, "value": value, "unit": unit, "raw": raw, **kw}


def ours(gold_path, out, flags=("--docs", "--misses", "--json")) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = scoring.main(str(gold_path), str(out), docs="--docs" in flags,
                          misses="--misses" in flags, as_json="--json" in flags)
    assert rc == 0
    return buf.getvalue()


def summary_of(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


_reference = None


def reference():
    """../shared/tools/score.py as a module, or None when ../shared is absent."""
    global _reference
    if _reference is None and SCORE_PY.exists():
        spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
        _reference = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_reference)
    return _reference


def theirs(gold_path, out, flags=("--docs", "--misses", "--json")) -> str | None:
    ref = reference()
    if ref is None:
        return None
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert ref.main([str(gold_path), str(out), *flags]) == 0
    return buf.getvalue()


def check(tmp, gold, **rows) -> dict:
    """Score a case; the report must equal score.py's when that exists. Returns the summary."""
    gold_path, out = write_case(tmp, gold, **rows)
    text = ours(gold_path, out)
    ref = theirs(gold_path, out)
    if ref is not None:
        assert text == ref
    return summary_of(text)


def counts(summary, kind):
    s = summary[kind]
    return s["tp"], s["fp"], s["fn"]


# --- hand-made cases --------------------------------------------------------------

def test_optional_gold_figure_neither_required_nor_extra(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "poverty_rate", "value": 2.62, "unit": "percent", "raw": "2,62%"},
        {"metric": "households", "value": 34, "unit": "household", "raw": "34 hộ",
         "optional": True},
        {"metric": "score", "value": 72.56, "unit": "point", "raw": "72,56 điểm",
         "optional": True},
    ]}]
    rows = [fig("d1", "poverty_rate", "2.62", "percent", "2,62%"),
            fig("d1", "households", "34", "household", "34 hộ"),
            fig("d1", "funding", "5", "vnd", "5 đồng")]
    s = check(tmp_path, gold, figures=rows)
    # the optional 34 hộ is matched (not an extra), the optional 72,56 is not missed
    assert counts(s, "core_figures") == (1, 1, 0)
    assert counts(s, "all_figures") == (1, 1, 0)


def test_funding_money_and_household_families_match_but_cost_acc_metric(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "funding", "value": 2160000000, "unit": "vnd", "raw": "hơn 2 tỷ160 triệu đồng",
         "qualifier": "gt"},
        {"metric": "poor_households", "value": 120, "unit": "household", "raw": "120 hộ nghèo"},
        {"metric": "poverty_rate", "value": 3.04, "unit": "percent", "raw": "3,04%"},
    ]}]
    rows = [fig("d1", "money", "2160000000", "vnd", "hơn 2 tỷ160 triệu đồng", qualifier="gt"),
            fig("d1", "households", "120", "household", "120 hộ nghèo"),
            # a rate is not in the funding family: no match, and an extra
            fig("d1", "rate", "3.04", "percent", "3,04%")]
    s = check(tmp_path, gold, figures=rows)
    assert counts(s, "core_figures") == (2, 0, 1)   # `rate` is not core: not an extra
    assert counts(s, "all_figures") == (3, 0, 0)    # all figures ignore the metric
    assert s["acc_metric"] == 0.0
    assert s["acc_qualifier"] == 1.0


def test_value_tolerance_and_unit(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "money", "value": 1000000000, "unit": "vnd"},
        {"metric": "money", "value": 0.5, "unit": "usd"},
        {"metric": "score", "value": 72.56, "unit": "point"},
    ]}]
    rows = [fig("d1", "money", "1000000500", "vnd"),      # within 1e-6 relative
            fig("d1", "money", "0.5000009", "USD"),       # unit compared case-folded
            fig("d1", "score", "72.57", "point")]         # off
    s = check(tmp_path, gold, figures=rows)
    assert counts(s, "core_figures") == (2, 1, 1)


def test_total_must_agree_when_gold_has_one(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "criteria_met", "value": 55, "unit": "criterion", "total": 63, "raw": "55/63 tiêu chí"},
        {"metric": "criteria_met", "value": 19, "unit": "criterion", "total": 19, "raw": "19/19 tiêu chí"},
        {"metric": "criteria_met", "value": 9, "unit": "criterion", "raw": "9 tiêu chí"},
    ]}]
    rows = [fig("d1", "criteria_met", "55", "criterion", "55/63 tiêu chí", total="64"),
            fig("d1", "criteria_met", "19", "criterion", "19/19 tiêu chí"),          # total missing
            fig("d1", "criteria_met", "9", "criterion", "9/10 tiêu chí", total="10")]  # gold has none
    s = check(tmp_path, gold, figures=rows)
    assert counts(s, "core_figures") == (1, 2, 2)


def test_raw_overlap_is_preferred_among_candidates(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "households", "value": 34, "unit": "household", "raw": "34 hộ",
         "qualifier": "eq", "status": "actual", "speaker": "Mai Văn Danh",
         "period_end": "2023-09-30"},
    ]}]
    rows = [fig("d1", "households", "34", "household", "ba mươi tư hộ", qualifier="approx",
                status="target", period_end="2022-12-31"),
            fig("d1", "households", "34", "household", "34 hộ được hỗ trợ", qualifier="eq",
                speaker="ông Mai Văn Danh", period_end="2023-09-30")]
    s = check(tmp_path, gold, figures=rows)
    assert counts(s, "core_figures") == (1, 1, 0)
    # the second row (raw overlaps) was taken: every attribute right
    for key in ("acc_metric", "acc_qualifier", "acc_status", "acc_speaker", "acc_period_end"):
        assert s[key] == 1.0, key


def test_without_raw_overlap_the_first_candidate_is_taken(tmp_path):
    gold = [{"doc": "d1", "figures": [
        {"metric": "households", "value": 34, "unit": "household", "qualifier": "gt"}]}]
    rows = [fig("d1", "households", "34", "household", "34 hộ", qualifier="eq"),
            fig("d1", "households", "34", "household", "hơn 34 hộ", qualifier="gt")]
    s = check(tmp_path, gold, figures=rows)
    assert s["acc_qualifier"] == 0.0
    assert "acc_period_end" not in s  # no gold period_end, no check


def test_statements_speaker_and_text_start(tmp_path):
    gold = [{"doc": "d1", "figures": [], "statements": [
        {"speaker": "Hoàng Thanh Sơn", "kind": "report", "text_start": "Tập trung hướng dẫn"},
        {"speaker": "Đồng chí Trần Tú Anh", "kind": "request", "text_start": "các phường đăng ký"},
        {"speaker": "Bà Lê Thị Hoa", "kind": "opinion", "text_start": "Không có trong văn bản"},
    ]}]
    statements = [
        {"article_id": "d1", "speaker": "ông Hoàng Thanh Sơn",
         "text": "Tập\u00a0 trung   hướng dẫn các phường hoàn thiện hồ sơ"},
        {"article_id": "d1", "speaker": "Trần Tú Anh",
         "text": "đề nghị các phường đăng ký đạt chuẩn"},     # text_start inside the text
        {"article_id": "d1", "speaker": "Lê Thị Hoa", "text": "Một ý kiến khác"},
        {"article_id": "d2", "speaker": "Lê Thị Hoa", "text": "Không có trong văn bản"},  # not gold
    ]
    s = check(tmp_path, gold, statements=statements)
    assert counts(s, "statements") == (2, 1, 1)


def test_tasks_assignee_prefix_and_due_end(tmp_path):
    gold = [{"doc": "d1", "tasks": [
        {"assignee": "phường Nam Hồng", "kind": "registration", "due_end": "2024-12-31"},
        {"assignee": "xã Thuận Lộc", "kind": "directive"},
        {"assignee": "phường Đậu Liêu", "kind": "registration", "due_end": "2025-12-31"},
        {"assignee": "TX. Hồng Lĩnh", "kind": "plan", "due_end": "2023-11-18"},
    ]}]
    tasks = [
        {"article_id": "d1", "assignee": "Nam Hồng", "due_end": "2024-12-31"},
        {"article_id": "d1", "assignee": "các xã Thuận Lộc", "due_end": ""},
        {"article_id": "d1", "assignee": "Đậu Liêu", "due_end": "2024-12-31"},   # wrong year
        {"article_id": "d1", "assignee": "thị xã Hồng Lĩnh", "due_end": "2023-11-18T00:00:00"},
    ]
    s = check(tmp_path, gold, tasks=tasks)
    assert counts(s, "tasks") == (3, 1, 1)


def test_gold_article_without_rows_is_all_misses(tmp_path):
    gold = [{"doc": "d1", "figures": [{"metric": "score", "value": 1, "unit": "point"}]},
            {"doc": "d2", "figures": [{"metric": "score", "value": 2, "unit": "point", "raw": "2 điểm"}],
             "statements": [{"speaker": "A", "text_start": "x"}]}]
    rows = [fig("d1", "score", "1", "point"), fig("d9", "score", "2", "point")]
    gold_path, out = write_case(tmp_path, gold, figures=rows)
    text = ours(gold_path, out)
    s = summary_of(text)
    assert counts(s, "core_figures") == (1, 0, 1)
    assert counts(s, "statements") == (0, 0, 1)
    assert "d2                           core tp=0 fp=0 fn=1" in text.splitlines()
    assert "    d2 missed score 2 điểm".strip() in text
    ref = theirs(gold_path, out)
    if ref is not None:
        assert text == ref


def test_missing_csv_files_count_as_no_rows(tmp_path):
    gold_path, out = write_case(tmp_path, [{"doc": "d1", "tasks": [{"assignee": "x", "due_end": ""}]}])
    (out / "tasks.csv").unlink()
    s = summary_of(ours(gold_path, out))
    assert counts(s, "tasks") == (0, 0, 1)
    assert s["core_figures"]["f1"] == 0.0


def test_flags_select_the_printed_parts(tmp_path):
    gold_path, out = write_case(tmp_path, [{"doc": "d1", "figures": [
        {"metric": "score", "value": 1, "unit": "point", "raw": "1 điểm"}]}])
    plain = ours(gold_path, out, flags=())
    assert plain.splitlines()[0].startswith("core_figures  P=0.000 R=0.000 F1=0.000")
    assert "missed" not in plain and "{" not in plain
    for flags in ((), ("--docs",), ("--misses",), ("--json",)):
        ref = theirs(gold_path, out, flags)
        if ref is not None:
            assert ours(gold_path, out, flags) == ref


def test_unreadable_inputs_exit_2(tmp_path, capsys):
    assert scoring.main(str(tmp_path / "nope.jsonl"), str(tmp_path)) == 2
    gold_path, _ = write_case(tmp_path, [{"doc": "d1"}])
    assert scoring.main(str(gold_path), str(tmp_path / "no-such-dir")) == 2
    assert "error" in capsys.readouterr().err


def test_cli_eval_subcommand(tmp_path):
    gold_path, out = write_case(tmp_path, [{"doc": "d1", "figures": [
        {"metric": "score", "value": 1, "unit": "point"}]}], figures=[fig("d1", "score", "1", "point")])
    proc = subprocess.run([sys.executable, "-m", "hl_extract", "eval", str(gold_path), str(out), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert counts(summary_of(proc.stdout), "core_figures") == (1, 0, 0)


# --- random cases against score.py --------------------------------------------------

METRICS = sorted(scoring.CORE_METRICS | {"rate", "count", "quantity"})
UNITS = ["percent", "vnd", "household", "point", "Percent"]
RAWS = ["", "34 hộ", "hơn 34 hộ", "34", "2,62%", "khoảng 2,62 %"]
VALUES = [34, 2.62, 2160000000, 0.0, 34.00001]


def _gold_figure(draw):
    g = {"metric": draw(st.sampled_from(METRICS)), "value": draw(st.sampled_from(VALUES)),
         "unit": draw(st.sampled_from(UNITS)), "raw": draw(st.sampled_from(RAWS))}
    for key, options in (("total", [None, "", 63, 34]), ("qualifier", [None, "eq", "gt"]),
                         ("status", [None, "actual", "target"]),
                         ("speaker", [None, "Mai Văn Danh", "Ông Mai Văn Danh"]),
                         ("period_end", [None, "", "2023-09-30"]), ("optional", [None, True])):
        v = draw(st.sampled_from(options))
        if v is not None:
            g[key] = v
    return g


def _row_figure(draw, doc):
    return fig(doc, draw(st.sampled_from(METRICS + [""])), draw(st.sampled_from(["34", "2.62", "2160000000", "0", "", "x"])),
               draw(st.sampled_from(UNITS)), draw(st.sampled_from(RAWS)),
               total=draw(st.sampled_from(["", "63", "34"])),
               qualifier=draw(st.sampled_from(["", "eq", "gt"])),
               status=draw(st.sampled_from(["", "actual", "target"])),
               speaker=draw(st.sampled_from(["", "Mai Văn Danh", "bà Mai Văn Danh"])),
               period_end=draw(st.sampled_from(["", "2023-09-30", "2023-09-30T00:00:00"])))


@st.composite
def cases(draw):
    docs = ["a", "b"]
    gold = []
    for doc in docs:
        gold.append({"doc": doc,
                     "figures": [_gold_figure(draw) for _ in range(draw(st.integers(0, 5)))],
                     "statements": [{"speaker": draw(st.sampled_from(["An", "ông An", "Bình"])),
                                     "text_start": draw(st.sampled_from(["", "tập trung", "Tập  trung"]))}
                                    for _ in range(draw(st.integers(0, 2)))],
                     "tasks": [{"assignee": draw(st.sampled_from(["phường Nam Hồng", "Nam Hồng", "xã Nam Hồng"])),
                                "due_end": draw(st.sampled_from(["", "2024-12-31"]))}
                               for _ in range(draw(st.integers(0, 2)))]})
    figures = [_row_figure(draw, draw(st.sampled_from(docs + ["c"]))) for _ in range(draw(st.integers(0, 8)))]
    statements = [{"article_id": draw(st.sampled_from(docs)), "speaker": draw(st.sampled_from(["An", "Bình", ""])),
                   "text": draw(st.sampled_from(["", "Tập trung làm", "sẽ tập trung"]))}
                  for _ in range(draw(st.integers(0, 3)))]
    tasks = [{"article_id": draw(st.sampled_from(docs)),
              "assignee": draw(st.sampled_from(["Nam Hồng", "các phường Nam Hồng", "Bắc Hồng"])),
              "due_end": draw(st.sampled_from(["", "2024-12-31"]))} for _ in range(draw(st.integers(0, 3)))]
    return gold, figures, statements, tasks


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/tools/score.py not present")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_cases_agree_with_score_py(case):
    gold, figures, statements, tasks = case
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, out = write_case(Path(tmp), gold, figures=figures, statements=statements, tasks=tasks)
        assert ours(gold_path, out) == theirs(gold_path, out)


# --- the real dev set ---------------------------------------------------------------

needs_dev = pytest.mark.skipif(not (SCORE_PY.exists() and DEV_GOLD.exists() and DEV_INPUT.exists()),
                               reason="../shared gold files not present")


def _score_py_json(gold, out) -> dict:
    proc = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(out), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return summary_of(proc.stdout)


@needs_dev
def test_real_run_over_dev_input_agrees_with_score_py(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "hl_extract", "extract", str(DEV_INPUT),
                           "--out", str(out), "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert summary_of(ours(DEV_GOLD, out)) == _score_py_json(DEV_GOLD, out)


@needs_dev
def test_perturbed_gold_rows_agree_with_score_py(tmp_path):
    """Rows made from the dev gold itself, some dropped, shifted, re-labelled or doubled."""
    rng = random.Random(20230915)
    gold = [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures, statements, tasks = [], [], []
    for g in gold:
        for f in g.get("figures", []):
            roll = rng.random()
            if roll < 0.1:
                continue
            row = fig(g["doc"], f["metric"], f["value"], f["unit"], f.get("raw", ""),
                      total=f.get("total", ""), qualifier=f.get("qualifier", ""),
                      status=f.get("status", ""), speaker=f.get("speaker", ""),
                      period_end=f.get("period_end", ""))
            if roll < 0.2:
                row["value"] = float(f["value"]) * 10
            elif roll < 0.3:
                row["metric"] = scoring.METRIC_FAMILY.get(f["metric"], "count")
            elif roll < 0.4:
                row["qualifier"], row["period_end"] = "approx", "2020-12-31"
            elif roll < 0.45:
                figures.append(dict(row, raw=""))
            figures.append(row)
        for s in g.get("statements", []):
            if rng.random() < 0.8:
                statements.append({"article_id": g["doc"], "speaker": s["speaker"],
                                   "text": s["text_start"] + " …"})
        for t in g.get("tasks", []):
            if rng.random() < 0.8:
                tasks.append({"article_id": g["doc"], "assignee": t["assignee"],
                              "due_end": t.get("due_end") or ""})
    rng.shuffle(figures)
    _, out = write_case(tmp_path, [], figures=figures, statements=statements, tasks=tasks)
    mine = summary_of(ours(DEV_GOLD, out))
    assert mine == _score_py_json(DEV_GOLD, out)
    assert 0 < mine["core_figures"]["tp"] and 0 < mine["core_figures"]["fp"]
    assert 0 < mine["acc_metric"] < 1
