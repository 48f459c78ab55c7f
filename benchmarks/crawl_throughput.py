"""Crawl a mock portal of N article pages on 127.0.0.1 with delay 0 and print the numbers.

    python benchmarks/crawl_throughput.py [N]      (default 520)

Checks: every article archived exactly once, clean text == the server's text, no figure
from page chrome, pages/s, and a re-crawl that fetches no bodies (all 304).
"""
from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from portal import Portal, Server  # noqa: E402

from hl_extract.archive import crawl, inputs  # noqa: E402
from hl_extract.archive.items import Problem, Skipped  # noqa: E402
from hl_extract import extract_figures  # noqa: E402
from hl_extract.language.text import clean  # noqa: E402

CHROME_NUMBERS = ("3.102.957", "313", "60", "0239.3836.212", "76")


def main(n: int = 520) -> None:
    portal = Portal(n, special=False)
    with tempfile.TemporaryDirectory() as tmp, Server(portal) as srv:
        tmp = Path(tmp)
        profile = srv.profile(tmp)
        opts = crawl.Options(delay=0, contact="mailto:bench@example.org")
        t = time.monotonic()
        first = crawl.crawl(profile, tmp / "out", options=opts)
        secs = time.monotonic() - t
        t = time.monotonic()
        items = list(inputs.iter_inputs([tmp / "out"]))
        extract_secs = time.monotonic() - t
        arts = [a for a in items if not isinstance(a, (Problem, Skipped))]
        ids = Counter(a.article_id for a in arts)
        by_url = {a.url: a for a in arts}
        same = sum(1 for pa in portal.articles
                   if (a := by_url.get((srv.base + pa.path).lower())) and a.text == clean(pa.text))
        chrome_figs = sum(1 for a in arts for f in extract_figures(a.text, a.published)
                          if f.raw.strip() in CHROME_NUMBERS or "3.102.957" in f.raw)
        n_log = len(portal.log)
        again = crawl.crawl(profile, tmp / "out", options=opts)
        bodies = sum(1 for m, p, h, _ in portal.log[n_log:] if "/portal/pages/20" in p.lower())
        # baseline: the same article pages fetched by a bare requests loop (no politeness, no WARC)
        import requests
        with requests.Session() as session:
            t = time.monotonic()
            for pa in portal.articles:
                session.get(srv.base + pa.path).content
            base_rate = n / (time.monotonic() - t)
        rate = first.requests / secs
        print(f"article pages served          {n}")
        print(f"requests (first crawl)        {first.requests}  in {secs:.1f} s  -> {rate:.0f} pages/s")
        print(f"baseline: bare requests loop  {base_rate:.0f} pages/s  (crawler = {rate / base_rate:.2f} x baseline)")
        print(f"articles read from WARC       {len(arts)}  (not articles or problems: {len(items) - len(arts)}), "
              f"extraction {len(arts) / extract_secs:.0f} articles/s")
        print(f"archived exactly once         {sum(1 for v in ids.values() if v == 1)} / {n}")
        print(f"clean text == server text     {same} / {n}")
        print(f"figures from page chrome      {chrome_figs}")
        print(f"re-crawl: archived {again.counts['fetched']}, unchanged {again.counts['unchanged']}, "
              f"article requests {bodies} (all conditional; bodies fetched: {again.counts['fetched']}), "
              f"{again.requests / again.seconds:.0f} req/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 520)
