"""Fact checks over a dataset, one module per kind of finding (SPEC checks.csv).

`run(DIR)` reads the figures and tasks, finds every check the SPEC names and writes
`checks.csv` (formula-escaped, atomically). Each finding names its figure ids and
articles and says in one sentence what holds or fails:

* repeat_consistent / repeat_conflict — one figure stated twice in an article;
* part_whole — parts against a stated whole (`5/5 phường` = registrations by year;
  figures of wards against the town's; a `trong đó` breakdown);
* bound — impossible values (a share over 100 %, n > m, poor households above all);
* cross_article_conflict — two articles, one metric, place and period, two values;
* trend_outlier — a value far off the series other articles give for metric and place.

Places are compared by gazetteer key (`hl_extract.places`), so `TX Hồng Lĩnh` and
`thị xã Hồng Lĩnh` are one place. Thresholds and cue words: `rules/checks.toml`.
"""
from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from hl_extract.dataset.tables import escape
from hl_extract.common.records import CHECK_COLUMNS, CHECK_KINDS, Check
# re-exported: what verify, report and the tests use of the checks
from hl_extract.desk.checks.rows import _decimals, _s, agree, figure_rows, rules, show  # noqa: F401
from hl_extract.desk.checks.bounds import bounds
from hl_extract.desk.checks.cross_article import cross_article, restatements
from hl_extract.desk.checks.part_whole import part_whole
from hl_extract.desk.checks.repeats import repeats
from hl_extract.desk.checks.trends import trend_outliers
from hl_extract.desk.checks import stream


KINDS = CHECK_KINDS


def find(data) -> list[Check]:
    """Every check of a loaded dataset (`hl_extract.load(DIR)`), ids assigned."""
    rows = figure_rows(data)
    tasks = [{k: _s(v) for k, v in t.items()} for t in data["tasks"].to_dict("records")]
    found = repeats(rows) + part_whole(rows, tasks) + bounds(rows) + cross_article(rows) + trend_outliers(rows)
    found += restatements(rows, found)
    return ordered(found)


def ordered(found: list[Check]) -> list[Check]:
    """Checks in the order of checks.csv (kind, articles, figures), ids assigned."""
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda c: (order.get(c.kind, 99), c.article_ids, c.figure_ids))
    for n, c in enumerate(found, 1):
        c.check_id = f"c{n}"
    return found


def write(checks, directory) -> Path:
    """checks.csv, formula-escaped, written via a temp file and a rename."""
    path = Path(directory) / "checks.csv"
    tmp = Path(directory) / ".checks.csv.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CHECK_COLUMNS)
        w.writeheader()
        for c in checks:
            w.writerow({col: escape(getattr(c, col)) for col in CHECK_COLUMNS})
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def run(directory, memory_limit: int = stream.DEFAULT_MEMORY, progress: bool = False) -> list[Check]:
    """Check the dataset folder and write its checks.csv, in memory bounded by `memory_limit`
    (`stream`); a figures table whose articles are not each together is checked in memory."""
    from hl_extract.dataset.tables import load, recover
    try:
        recover(directory)  # a run killed while committing: finish it first (load() does too)
    except OSError:
        pass
    try:
        found = ordered(stream.find(directory, memory_limit, progress))
    except stream.NotGrouped as e:
        import sys
        print(f"note: {directory}/figures.csv does not keep the figures of article {e} together: "
              f"checked in memory", file=sys.stderr)
        found = find(load(directory))
    write(found, directory)
    from hl_extract.dataset import parquet
    if parquet.present(directory):   # the folder keeps Parquet copies: checks too
        parquet.write(directory, ["checks"])
    return found


def summary(checks) -> str:
    counts = defaultdict(lambda: defaultdict(int))
    for c in checks:
        counts[c.kind][c.severity] += 1
    lines = []
    for k in KINDS:
        sev = counts.get(k, {})
        detail = ", ".join(f"{n} {s}" for s, n in sorted(sev.items()))
        lines.append(f"  {k:<24} {sum(sev.values()):>6}{'  (' + detail + ')' if detail else ''}")
    return "\n".join(lines)
