"""Timing of batch claim verification (issue 12).

    python benchmarks/verify_claims.py DATASET_DIR CLAIMS.jsonl [--as-of DATE] [--repeat K]

DATASET_DIR is a folder written by `hl-extract extract` (the issue's: the dev articles plus
`../shared/corpus/vietnews-local.jsonl.gz`, 8,344 articles); CLAIMS.jsonl lines `{"id", "claim"}`
(`../shared/gold/claims-dev.jsonl`). Prints, in one run:

  * load      — the dataset read and indexed once (`verify.Desk`), seconds and peak RSS;
  * baseline  — per claim, one plain Python pass over every figure row comparing the claimed
                value (what any look-up that does not index costs), median and max;
  * verify    — per claim, the whole verdict (parse, match, judge, evidence, SQL): median,
                p90 and max in ms, and as a ratio to the baseline's median;
  * memory    — peak RSS after the batch, against after loading (flat: about equal).

The issue asks median < 50 ms and no claim > 2 s; the script prints whether that holds.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

try:
    import hl_extract  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def _ms(xs) -> str:
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
    return f"median {statistics.median(xs) * 1000:7.1f} ms  p90 {p90 * 1000:7.1f} ms  max {max(xs) * 1000:7.1f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("claims")
    ap.add_argument("--as-of", default="2026-12-04")
    ap.add_argument("--repeat", type=int, default=1, help="run the batch K times (the first is cold)")
    a = ap.parse_args(argv)
    from hl_extract import load
    from hl_extract.desk import verify
    from hl_extract.desk.verify.kinds import parse

    t0 = time.perf_counter()
    desk = verify.Desk(load(a.dataset))
    load_s = time.perf_counter() - t0
    rss_load = _peak_mb()
    claims = [json.loads(x) for x in Path(a.claims).read_text(encoding="utf-8").splitlines() if x.strip()]
    print(f"dataset {a.dataset}: {len(desk.rows):,} figures; claims {a.claims}: {len(claims)}")
    print(f"load      {load_s:6.2f} s   peak RSS {rss_load:6.0f} MB")

    base = []
    for c in claims:
        q = parse(c["claim"], a.as_of)
        v = q.parts[0].value if q.parts else None
        t = time.perf_counter()
        _ = sum(1 for d in desk.rows if v is not None and d["value"] == v and d["unit"] == q.parts[0].ask.unit)
        base.append(time.perf_counter() - t)
    print(f"baseline  {_ms(base)}   (one pass over the figure rows per claim)")

    for k in range(a.repeat):
        times = []
        for rec in verify.verify_many(desk, (json.dumps(c, ensure_ascii=False) for c in claims), a.as_of):
            times.append(rec["seconds"])
        med = statistics.median(times)
        print(f"verify #{k + 1} {_ms(times)}   = {med / statistics.median(base):.1f}× baseline median")
    rss = _peak_mb()
    print(f"memory    peak RSS {rss:6.0f} MB after the batch ({rss / rss_load:.2f}× after loading)")
    ok = med < 0.05 and max(times) < 2.0
    print(f"target (median < 50 ms, max < 2 s): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
