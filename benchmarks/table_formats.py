"""CSV against Parquet for a dataset folder: sizes and `load()` times of each table.

    python benchmarks/table_formats.py DIR        (a dataset folder; its Parquet copies are written)

Prints, per table, rows, file sizes and load seconds, and the Parquet/CSV ratios (the CSV read
in the same run is the baseline).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from hl_extract.common.records import TABLES  # noqa: E402
from hl_extract.dataset import parquet  # noqa: E402
from hl_extract.dataset.tables import load_table  # noqa: E402


def best(fn, n=3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(directory: str) -> None:
    d = Path(directory)
    t = time.perf_counter()
    parquet.write(d)
    print(f"parquet written in {time.perf_counter() - t:.1f} s")
    print(f"{'table':<11} {'rows':>9} {'csv MB':>8} {'pq MB':>7} {'csv s':>7} {'pq s':>7} {'faster':>7}")
    for name in TABLES:
        if not (d / f"{name}.csv").exists():
            continue
        rows = len(load_table(d, name))
        c = best(lambda: load_table(d, name, prefer="csv"))
        p = best(lambda: load_table(d, name))
        cs, ps = (d / f"{name}.csv").stat().st_size / 1e6, (d / f"{name}.parquet").stat().st_size / 1e6
        print(f"{name:<11} {rows:>9,} {cs:>8.1f} {ps:>7.1f} {c:>7.2f} {p:>7.2f} {c / p:>6.1f}x")


if __name__ == "__main__":
    main(sys.argv[1])
