"""The crawler against a mock portal on 127.0.0.1: politeness, retries, dedup, resume."""
from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from hl_extract.archive import crawl, inputs, warc
from hl_extract.archive.items import Problem, Skipped
from hl_extract.language.text import clean

from portal import Portal, Server
from testenv import subprocess_env

FAST = dict(delay=0, backoff=0.05, contact="mailto:test@example.org")


def archive(folder, base: str = "") -> Counter:
    """(url, body sha) of every response record in the folder's WARC files, `base` cut out."""
    out = Counter()
    for f in sorted(Path(folder).glob("*.warc.gz")):
        for r in warc.responses(f):
            assert not isinstance(r, Problem), r
            body = r.body.replace(base.encode(), b"") if base else r.body
            out[(r.url.replace(base, ""), hashlib.sha256(body).hexdigest())] += 1
    return out


def articles(folder):
    items = list(inputs.iter_inputs([folder]))
    assert not [i for i in items if isinstance(i, Problem)]
    return [i for i in items if not isinstance(i, Skipped)]   # listings, robots.txt, redirects


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    portal = Portal(30)
    with Server(portal) as srv:
        profile = srv.profile(tmp)
        first = crawl.crawl(profile, tmp / "out", options=crawl.Options(**FAST))
        n_first = len(portal.log)
        again = crawl.crawl(profile, tmp / "out", options=crawl.Options(**FAST))
        yield dict(portal=portal, srv=srv, out=tmp / "out", first=first, again=again,
                   log1=portal.log[:n_first], log2=portal.log[n_first:], profile=profile)


def test_every_article_archived_once_with_the_server_text(crawled):
    portal, srv = crawled["portal"], crawled["srv"]
    arts = articles(crawled["out"])
    ids = Counter(a.article_id for a in arts)
    assert max(ids.values()) == 1
    by_url = {a.url: a for a in arts}
    forbidden = portal.articles[portal.FORBIDDEN]
    for pa in portal.articles:
        url = (srv.base + pa.path).lower()
        if pa is forbidden:
            assert url not in by_url
            continue
        a = by_url[url]
        assert a.text == clean(pa.text), pa.n          # includes the Windows-1258 page
        assert a.title == pa.title and a.category == "Tin tức - Sự kiện"
        y, m, d = pa.path.split("/")[3].split("-")
        assert (a.published, a.date_source) == (f"{y}-{int(m):02d}-{int(d):02d}", "url")
        assert a.warc_file.endswith(".warc.gz") and int(a.warc_offset) > 0
        for chrome in ("3.102.957", "Online", "313", "Đánh giá", "Liên kết website", "Thứ Tư"):
            assert chrome not in a.text
    assert len(arts) == len(portal.articles) - 1
    # and in the archive itself: one response record per article page
    per_article = Counter(u for (u, _), n in archive(crawled["out"]).items() for _ in range(n)
                          if "/portal/pages/20" in u)
    assert set(per_article.values()) == {1}


def test_robots_offsite_and_duplicates_are_never_fetched(crawled):
    portal = crawled["portal"]
    paths = [p.lower() for _, p, _, _ in crawled["log1"]]
    assert portal.articles[portal.FORBIDDEN].path.lower() not in paths
    assert not [p for p in paths if "noi-bo" in p or "ban-khac" in p or "utm_" in p]
    assert crawled["first"].counts["robots"] == 2
    assert crawled["first"].counts["offsite"] >= 1 and crawled["first"].counts["duplicate"] == 1
    requests_per_path = Counter((m, p) for m, p, _, _ in crawled["log1"])
    retried = {p for (m, p), n in requests_per_path.items() if n > 1}
    expected = {portal.articles[i].path.lower() for i in (portal.FAIL500, portal.TOO_MANY, portal.TRUNCATED)}
    assert {p.lower() for p in retried} == expected
    ua = crawled["log1"][0][2]["User-Agent"]
    assert ua.startswith("hl-extract/") and "test@example.org" in ua


def test_retry_after_is_honoured(crawled):
    portal = crawled["portal"]
    path = portal.articles[portal.TOO_MANY].path.lower()
    times = [t for _, p, _, t in crawled["log1"] if p.lower() == path]
    assert times[1] - times[0] >= 0.95


def test_sitemap_redirect_and_postback_pages_are_followed(crawled):
    portal, srv = crawled["portal"], crawled["srv"]
    urls = {a.url for a in articles(crawled["out"])}
    for i in (portal.SITEMAP_ONLY, 0, len(portal.articles) - 1, len(portal.articles) - 2):
        assert (srv.base + portal.articles[i].path).lower() in urls
    posts = [h for m, _, h, _ in crawled["log1"] if m == "POST"]
    assert len(posts) == 1


def test_recrawl_fetches_no_bodies(crawled):
    again, log2 = crawled["again"], crawled["log2"]
    assert again.counts["fetched"] == 0 and again.counts["failed"] == 0
    article_gets = [h for m, p, h, _ in log2 if "/portal/pages/20" in p.lower()]
    assert article_gets and all("If-None-Match" in h for h in article_gets)
    assert again.counts["unchanged"] >= len(crawled["portal"].articles) - 1


def _state(folder):
    if not (folder / "crawl-state.sqlite").exists():
        return 0
    db = sqlite3.connect(folder / "crawl-state.sqlite")
    try:
        return db.execute("SELECT count(*) FROM urls WHERE status='fetched'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def test_a_killed_crawl_resumes_to_the_same_archive(tmp_path):
    reference = tmp_path / "ref"
    with Server(Portal(30)) as srv:
        crawl.crawl(srv.profile(tmp_path), reference, options=crawl.Options(**FAST))
        ref_base = srv.base
    out = tmp_path / "killed"
    with Server(Portal(30)) as srv:
        profile = srv.profile(tmp_path)
        env = subprocess_env()
        proc = subprocess.Popen([sys.executable, "-m", "hl_extract", "crawl", "--site", profile,
                                 "--out", str(out), "--delay", "0.05", "-q"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while _state(out) < 12 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _state(out) < 36, "the crawl finished before it was killed"
        # a half-written record after the last commit, as a kill inside a write leaves it
        current = max(out.glob("*.warc.gz"))
        with open(current, "ab") as fh:
            fh.write(b"\x1f\x8b\x08\x00garbage of a record cut short")
        summary = crawl.crawl(profile, out, options=crawl.Options(**FAST))
        assert summary.finished
        base = srv.base
    assert archive(out, base) == archive(reference, ref_base)


def test_max_pages_stops_and_the_next_run_resumes(tmp_path):
    with Server(Portal(12, special=False)) as srv:
        profile = srv.profile(tmp_path)
        first = crawl.crawl(profile, tmp_path / "o", options=crawl.Options(max_pages=5, **FAST))
        assert not first.finished and first.requests == 5
        second = crawl.crawl(profile, tmp_path / "o", options=crawl.Options(**FAST))
        assert second.finished
    assert len(articles(tmp_path / "o")) == 12


def test_since_skips_older_articles(tmp_path):
    portal = Portal(24, special=False)
    with Server(portal) as srv:
        summary = crawl.crawl(srv.profile(tmp_path), tmp_path / "o",
                              options=crawl.Options(since="2023-07-01", **FAST))
    got = {a.published for a in articles(tmp_path / "o")}
    assert got and min(got) >= "2023-07-01" and summary.counts["old"] > 0


def test_a_changed_article_is_extracted_from_its_newest_capture(tmp_path):
    portal = Portal(6, special=False)
    with Server(portal) as srv:
        profile = srv.profile(tmp_path)
        crawl.crawl(profile, tmp_path / "out", options=crawl.Options(**FAST))
        portal.articles[2].text = "Bài đã sửa: xã còn 7 hộ nghèo."
        crawl.crawl(profile, tmp_path / "out", options=crawl.Options(**FAST))
    from hl_extract.dataset.batch import extract
    summary = extract([tmp_path / "out"], tmp_path / "data", workers=1, progress=False)
    assert summary.written == 6
    figures = (tmp_path / "data" / "figures.csv").read_text(encoding="utf-8")
    assert "7 hộ" in figures
