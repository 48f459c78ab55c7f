"""Does extract + check stay linear in time and flat in memory as an archive grows?

    python benchmarks/archive_scale.py ../shared/corpus/baomoi-2017.jsonl.gz --sizes 3500 35000

Builds synthetic archives of each size in a temporary folder (outside the repo) from a real
one: copy k of an article gets the id `ID~k`, a date, its numbers' last digits shifted and a
random ~2/3 of its paragraphs, so near-duplicate detection does not fold the copies back
into one. Each size runs `hl-extract extract` and `hl-extract check` in fresh processes and
prints wall and CPU seconds per 1,000 articles and peak RSS (the process and its worker
children), then the ratios of each size to the first (the baseline in the same run).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RUN = ("import resource, sys; from hl_extract.cli import main\n"
        "try:\n    rc = main(sys.argv[1:])\nfinally:\n"
        "    s = resource.getrusage(resource.RUSAGE_SELF); c = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    print('RUSAGE', s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime, max(s.ru_maxrss, c.ru_maxrss),"
        " file=sys.stderr)\nsys.exit(rc)\n")


def source(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def synthesize(path, n: int, out: Path) -> None:
    rnd = random.Random(n)
    digit = re.compile(r"(?<=\d)\d(?![\d,.])")
    written, k = 0, 0
    with open(out, "w", encoding="utf-8") as fh:
        while written < n:
            for r in source(path):
                if written >= n:
                    break
                text = r.get("text") or ""
                if k:
                    paras = [p for p in text.split("\n") if p.strip()]
                    paras = [p for p in paras if rnd.random() < 0.67] or paras[:1]
                    text = digit.sub(lambda m: str((int(m.group()) + k) % 10), "\n".join(paras))
                rec = {"id": f"{r.get('id')}~{k}", "title": r.get("title") or "", "text": text,
                       "date": f"{2010 + (written % 15)}-{1 + written % 12:02d}-{1 + written % 28:02d}"}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
            k += 1


def timed(args) -> tuple[float, float, float]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    line = [x for x in p.stderr.splitlines() if x.startswith("RUSAGE")]
    if p.returncode not in (0, 1) or not line:
        sys.exit(f"{args[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    _, cpu, rss = line[-1].split()
    return wall, float(cpu), int(rss) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("archive")
    ap.add_argument("--sizes", type=int, nargs="+", default=[3500, 35000])
    ap.add_argument("--workers", default="2")
    ap.add_argument("--extract-only", action="store_true", help="time extract only (no check)")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="hl-scale-") as tmp:
        for n in a.sizes:
            src, out = Path(tmp) / f"a{n}.jsonl", Path(tmp) / f"d{n}"
            synthesize(a.archive, n, src)
            ew, ec, er = timed(["extract", str(src), "--out", str(out), "--workers", a.workers, "--quiet"])
            cw, cc, cr = (0.0, 0.0, 0.0) if a.extract_only else timed(["check", str(out), "--quiet"])
            size = (out / "figures.csv").stat().st_size / 1e6
            rows.append((n, ew, ec, er, cw, cc, cr, size))
            print(f"{n:>8,} articles  extract {1000 * ew / n:6.2f} s/1k wall {1000 * ec / n:6.2f} s/1k CPU "
                  f"{er:7.0f} MB   check {1000 * cw / n:6.2f} s/1k wall {cr:7.0f} MB   figures.csv {size:.0f} MB",
                  flush=True)
    b = rows[0]
    for r in rows[1:]:
        print(f"{r[0]:,} vs {b[0]:,}: extract time/article {r[1] / r[0] / (b[1] / b[0]):.2f}x, "
              f"RSS {r[3] / b[3]:.2f}x" + ("" if a.extract_only else
                                         f"; check time/article {r[4] / r[0] / (b[4] / b[0]):.2f}x, RSS {r[6] / b[6]:.2f}x"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
