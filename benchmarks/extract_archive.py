"""Throughput and memory of a batch run over a news archive (issue 6).

    python benchmarks/extract_archive.py ../shared/corpus/baomoi-2017.jsonl.gz \
        [--limit N] [--workers N] [--rss-compare K] [--baseline-sample N]

Prints, in one run, each measured in a fresh process (so peak RSS is its own):
  * floor     — read the archive and run a regex that only finds digits;
  * baseline  — read it and run underthesea `word_tokenize` over every sentence (what a
                naive pipeline pays; sampled: the first --baseline-sample articles);
  * pipeline  — `hl_extract.dataset.batch.extract` (all extractors, CSVs written) with 1 and
                with N workers, as articles/s, and as ratios to floor and baseline;
  * update    — a second `--update` run over the same input: its share of the first
                run's time, and whether the output is byte-identical;
  * peak RSS  — of the main process and of the largest worker, for the run over
                --rss-compare articles and for the full run (flat memory: about equal).
The archive is read by path and never copied.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import hl_extract  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TABLES = ("articles", "figures", "statements", "tasks", "checks")


def _peak_mb(who) -> float:
    kb = resource.getrusage(who).ru_maxrss          # KiB on Linux, bytes on macOS
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def _articles(path, limit):
    from hl_extract.archive.inputs import iter_inputs
    from hl_extract.archive.items import Problem
    n = 0
    for item in iter_inputs([path]):
        if isinstance(item, Problem):
            continue
        if limit is not None and n >= limit:
            return
        n += 1
        yield item


def child(args) -> dict:
    """One measurement, in this (fresh) process; returns its numbers."""
    t0 = time.perf_counter()
    cpu0 = sum(os.times()[:4])
    info = {}
    if args.child == "floor":
        digits = re.compile(r"\d+")
        n = found = 0
        for a in _articles(args.path, args.limit):
            n += 1
            found += len(digits.findall(a.text))
        info["found"] = found
    elif args.child == "baseline":
        from underthesea import word_tokenize
        from hl_extract.language.segment import sentences
        t0 = time.perf_counter()          # the import of underthesea is not counted
        cpu0 = sum(os.times()[:4])
        n = n_sent = 0
        for a in _articles(args.path, args.limit):
            n += 1
            for s in sentences(a.text):
                word_tokenize(a.text[s.start:s.end])
                n_sent += 1
        info["sentences"] = n_sent
    else:  # extract / update
        from hl_extract.dataset.batch import extract
        s = extract([args.path], args.out, progress=False, log=open(os.devnull, "w"), workers=args.workers,
                    limit=args.limit, update=args.out if args.child == "update" else None)
        n = s.read
        info.update(written=s.written, figures=s.figures, statements=s.statements, tasks=s.tasks,
                    carried=s.carried, extracted=s.extracted)
    seconds = time.perf_counter() - t0
    cpu = os.times()
    return dict(info, n=n, seconds=seconds, cpu_main=cpu.user + cpu.system - cpu0,
                cpu_all=cpu.user + cpu.system + cpu.children_user + cpu.children_system - cpu0, rate=n / seconds if seconds else 0.0,
                rss_main_mb=_peak_mb(resource.RUSAGE_SELF),
                rss_worker_mb=_peak_mb(resource.RUSAGE_CHILDREN))


def run_child(args, mode, limit, workers=1, out=None) -> dict:
    cmd = [sys.executable, __file__, args.path, "--child", mode, "--workers", str(workers)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    if out is not None:
        cmd += ["--out", str(out)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"{mode} run failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", help="archive (JSONL / JSONL.gz / folder), read in place")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--workers", type=int, default=None, help="N for the parallel run (default: cores)")
    ap.add_argument("--rss-compare", type=int, default=5000, metavar="K",
                    help="also run over the first K articles to compare peak RSS (0: skip)")
    ap.add_argument("--baseline-sample", type=int, default=300, metavar="N",
                    help="articles for the underthesea baseline (it is slow)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        print(json.dumps(child(args)))
        return 0

    from hl_extract.dataset.batch import default_workers
    workers = args.workers or default_workers()
    limit = args.limit
    print(f"archive: {args.path}" + (f" (first {limit:,} articles)" if limit else ""))
    print(f"cpus: {default_workers()} usable; load average now {os.getloadavg()[0]:.2f} "
          "(wall-clock rates are only as good as an idle machine; art/CPU-s is steadier)")

    floor = run_child(args, "floor", limit)
    sample = min(args.baseline_sample, limit or args.baseline_sample)
    base = run_child(args, "baseline", sample)

    tmp = Path(tempfile.mkdtemp(prefix="hlx-bench-"))
    try:
        one = run_child(args, "extract", limit, 1, tmp / "w1")
        many = run_child(args, "extract", limit, workers, tmp / "wn")
        before = {t: (tmp / "wn" / f"{t}.csv").read_bytes() for t in TABLES}
        upd = run_child(args, "update", limit, workers, tmp / "wn")
        same = before == {t: (tmp / "wn" / f"{t}.csv").read_bytes() for t in TABLES}
        same_1n = all((tmp / "w1" / f"{t}.csv").read_bytes() == before[t] for t in TABLES)
        small = None
        if args.rss_compare and (limit is None or args.rss_compare < limit):
            small = run_child(args, "extract", args.rss_compare, workers, tmp / "small")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n = many["n"]
    print(f"\narticles: {n:,}; figures {many['figures']:,}, statements {many['statements']:,}, "
          f"tasks {many['tasks']:,}")
    print(f"{'run':<38} {'art/s':>9} {'seconds':>9} {'art/CPU-s':>10} {'main CPU-s':>10}")
    rows = [("floor (digits regex)", floor),
            (f"baseline (word_tokenize, sample {base['n']:,})", base),
            ("pipeline, 1 worker", one), (f"pipeline, {workers} workers", many),
            (f"pipeline --update, {workers} workers", upd)]
    for name, r in rows:
        print(f"{name:<38} {r['rate']:>9,.1f} {r['seconds']:>9.2f} {r['n'] / max(r['cpu_all'], 1e-9):>10,.1f} "
              f"{r['cpu_main']:>10.2f}")
    print(f"\nper core (1 worker): {one['rate']:,.1f} art/s;  speed-up with {workers} workers: "
          f"{many['rate'] / one['rate']:.2f}x")
    print(f"CPU time, {workers} workers vs 1: {many['cpu_all'] / one['cpu_all']:.2f}x (parallel overhead); "
          f"main process (reading, writing: serial) {many['cpu_main'] / max(many['cpu_all'], 1e-9):.1%} of it")
    print(f"pipeline / floor: {many['rate'] / floor['rate']:.4f}  (1 worker: {one['rate'] / floor['rate']:.4f})")
    print(f"pipeline / baseline: {many['rate'] / base['rate']:.2f}x  (1 worker: "
          f"{one['rate'] / base['rate']:.2f}x)  [baseline sampled on the first {base['n']:,} articles]")
    print(f"--update over the unchanged input: {upd['seconds'] / many['seconds']:.1%} of the first run's "
          f"time; carried {upd['carried']:,}, re-extracted {upd['extracted']:,}; "
          f"output byte-identical: {'yes' if same else 'NO'}")
    print(f"output identical for 1 and {workers} workers: {'yes' if same_1n else 'NO'}")
    print("\npeak RSS (MB)                      main  largest worker")
    if small:
        print(f"  {small['n']:>7,} articles, {workers} workers   {small['rss_main_mb']:>6.0f}  "
              f"{small['rss_worker_mb']:>6.0f}")
    print(f"  {n:>7,} articles, {workers} workers   {many['rss_main_mb']:>6.0f}  {many['rss_worker_mb']:>6.0f}")
    print(f"  {one['n']:>7,} articles, 1 worker     {one['rss_main_mb']:>6.0f}  (in-process)")
    print(f"  total for {workers} workers ≤ main + {workers} × largest worker = "
          f"{many['rss_main_mb'] + workers * many['rss_worker_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
