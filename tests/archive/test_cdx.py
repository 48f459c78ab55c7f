"""A web archive as a crawl source (`archive/cdx.py`) against a mock CDX + replay archive of the
old Hồng Lĩnh portal on 127.0.0.1 (`tests/support/cdx_mock.py`): which captures are archived,
the WARC they make, politeness, resume after a cap or a kill, history, Common Crawl, extract."""
from __future__ import annotations

import csv
import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from cdx_mock import Archive, Server
from testenv import run_cli, subprocess_env
from warcio.archiveiterator import ArchiveIterator

from hl_extract.archive import cdx, crawl, sites, warc
from hl_extract.archive.items import Problem

FAST = dict(delay=0, backoff=0.02, contact="mailto:test@example.org")
PROFILE = sites.load("honglinh")


def opts(**kw) -> crawl.Options:
    return crawl.Options(**{**FAST, **kw})


def records(folder) -> list[dict]:
    """Every response record of the folder's WARC files (warcio, digests checked)."""
    out = []
    for f in sorted(Path(folder).glob("*.warc.gz")):
        with open(f, "rb") as fh:
            it = ArchiveIterator(fh, check_digests=True)
            for rec in it:
                body = rec.content_stream().read()
                assert rec.digest_checker.passed is not False, f
                if rec.rec_type == "response":
                    h = rec.rec_headers
                    out.append(dict(url=h.get_header("WARC-Target-URI"), date=h.get_header("WARC-Date"),
                                    aid=h.get_header("HL-Article-Id"), source=h.get_header("WARC-Source-URI"),
                                    sha=hashlib.sha256(body).hexdigest(), status=rec.http_headers.get_statuscode(),
                                    ctype=rec.http_headers.get_header("Content-Type")))
    return out


def key(r) -> tuple:
    return r["url"], r["date"], r["sha"]


def wdate(ts: str) -> str:
    return warc.warc_date(cdx.capture_time(ts))


def replayed_capture(arch, path: str, query: str):
    """The mock's capture a replay request asked for (None: no such capture)."""
    ts, original = path[len("/web/"):].split("id_/", 1)
    return arch.by_replay.get((ts, original + (f"?{query}" if query else "")))


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cdx")
    arch = Archive(220)
    with Server(arch) as srv:
        first = cdx.crawl("honglinh", "wayback", tmp / "out", srv.cdx, srv.replay, options=opts(), page_size=100)
        n_first = len(arch.log)
        recs = records(tmp / "out")
        again = cdx.crawl("honglinh", "wayback", tmp / "out", srv.cdx, srv.replay, options=opts(), page_size=100)
        yield dict(arch=arch, srv=srv, out=tmp / "out", first=first, again=again, recs=recs,
                   log1=arch.log[:n_first], log2=arch.log[n_first:], tmp=tmp)


def test_the_mock_archive_has_what_the_brief_asks_for(archived):
    arch = archived["arch"]
    caps = arch.captures
    assert len(arch.portal.articles) >= 200
    per_article = Counter(c.article for c in caps if c.article is not None and c.status == "200")
    assert min(per_article.values()) >= 2
    assert any(n > len({c.digest for c in caps if c.article == i and c.status == "200"})
               for i, n in per_article.items())                      # identical digests
    assert any(len({c.digest for c in caps if c.article == i}) > 1 for i in per_article)  # changed ones
    statuses = Counter(c.status for c in caps)
    assert statuses["302"] and statuses["301"] and statuses["404"] and statuses["503"] and statuses["-"]
    assert [c for c in caps if "Tin-tuc-su-kien" in c.original and c.status == "200"]


def test_each_article_exactly_once_from_its_newest_capture(archived):
    arch, recs = archived["arch"], archived["recs"]
    ids = Counter(PROFILE.article_id(PROFILE.canonical(r["url"])) for r in recs)
    assert set(ids.values()) == {1}
    assert set(ids) == {arch.article_id(i) for i in range(len(arch.portal.articles))}
    assert archived["first"].counts["written"] == len(recs) == 220
    by_id = {r["aid"]: r for r in recs}
    for i in range(len(arch.portal.articles)):
        want, r = arch.newest(i), by_id[arch.article_id(i)]
        assert (r["url"], r["date"], r["sha"]) == (want.original, wdate(want.timestamp), sha(want.body)), i
        assert r["status"] == "200" and r["ctype"].startswith("text/html")
        assert r["source"] == f"{archived['srv'].replay}{want.timestamp}id_/{want.original}"
    # the capture the replay lost: the next newest one instead
    lost = arch.newest(arch.LOST, skip_lost=False)
    assert by_id[arch.article_id(arch.LOST)]["date"] != wdate(lost.timestamp)
    assert archived["first"].counts["failed"] == 1


def test_target_uri_is_the_original_url_and_date_the_capture_time(archived):
    recs, arch = archived["recs"], archived["arch"]
    originals = {(c.original, wdate(c.timestamp)) for c in arch.captures}
    assert all((r["url"], r["date"]) in originals for r in recs)
    assert not [r for r in recs if "127.0.0.1" in r["url"]]
    assert {r["url"].split("/")[2] for r in recs} >= {"honglinh.hatinh.gov.vn:80", "www.honglinh.hatinh.gov.vn"}


def test_listings_redirects_revisits_and_errors_are_counted_not_fetched(archived):
    arch, n = archived["arch"], archived["first"].counts
    replayed = [replayed_capture(arch, p, q) for p, q, _, _ in archived["log1"] if p.startswith("/web/")]
    assert replayed and all(c is not None and c.status == "200" and c.article is not None for c in replayed)
    assert not [r for r in archived["recs"] if not PROFILE.is_article(PROFILE.canonical(r["url"]))]
    assert n["redirect"] == sum(c.status.startswith("3") for c in arch.captures)
    assert n["revisit"] == sum(c.status == "-" for c in arch.captures)
    assert n["status"] == sum(c.status in ("404", "503") for c in arch.captures)
    assert n["not_article"] == sum(c.status == "200" and not PROFILE.is_article(PROFILE.canonical(c.original))
                                   for c in arch.captures)
    assert n["duplicate"] == 1  # the article republished byte-identical under a second id
    assert arch.republished.lower() not in {PROFILE.canonical(r["url"]).split(":80")[-1] for r in archived["recs"]}
    assert n["listed"] == len(arch.captures)


def test_the_listing_is_paged_by_resume_key_and_retries_are_polite(archived):
    arch, log = archived["arch"], archived["log1"]
    cdx_calls = [q for p, q, _, _ in log if p == "/cdx"]
    assert len(cdx_calls) == -(-len(arch.captures) // 100) and sum("resumeKey=" in q for q in cdx_calls) == len(cdx_calls) - 1
    assert all("url=honglinh.hatinh.gov.vn%2F%2A" in q for q in cdx_calls)   # www. is the same SURT
    tries = lambda i: [t for p, q, _, t in log if p.startswith("/web/")
                       and replayed_capture(arch, p, q) is arch.newest(i, skip_lost=False)]
    assert len(tries(arch.FAIL503)) == 2
    t429 = tries(arch.TOO_MANY)
    assert len(t429) == 2 and t429[1] - t429[0] >= 0.19           # Retry-After: 0.2
    uas = {h["User-Agent"] for _, _, h, _ in log}
    assert len(uas) == 1 and uas.pop().startswith("hl-extract/") and "test@example.org" in log[0][2]["User-Agent"]


def test_the_warc_is_valid_for_warcio_and_for_the_project_reader(archived):
    files = sorted(archived["out"].glob("*.warc.gz"))
    assert files and all(f.name.startswith("honglinh-wayback-") for f in files)
    proc = subprocess.run([sys.executable, "-c", "from warcio.cli import main; main()", "check", "-v", *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    assert proc.stdout.count("digest pass") >= 2 * 220 and "digest fail" not in proc.stdout
    got = [r for f in files for r in warc.responses(f)]
    assert not [r for r in got if isinstance(r, Problem)] and len(got) == 220


def test_a_rerun_that_finds_nothing_new_adds_nothing(archived):
    again = archived["again"]
    assert again.finished and again.counts["written"] == 0
    assert records(archived["out"]) == archived["recs"]
    assert [p for p, _, _, _ in archived["log2"] if not p.startswith("/cdx")] == []


def test_a_capped_run_resumes_to_the_same_archive(archived, tmp_path):
    arch = Archive(220)
    runs = 0
    with Server(arch) as srv:
        while True:
            runs += 1
            s = cdx.crawl("honglinh", "wayback", tmp_path / "o", srv.cdx, srv.replay,
                          options=opts(max_pages=37), page_size=100)
            assert s.requests <= 37 + 1          # a retry may finish the request it began
            if s.finished:
                break
            assert runs < 20
    assert runs >= 6
    assert Counter(map(key, records(tmp_path / "o"))) == Counter(map(key, archived["recs"]))


def _written(folder) -> int:
    try:
        db = sqlite3.connect(f"file:{folder / 'archive-state.sqlite'}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM captures WHERE state='written'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_a_killed_run_resumes_without_losses_or_duplicates(archived, tmp_path):
    out = tmp_path / "killed"
    with Server(Archive(220)) as srv:
        proc = subprocess.Popen([sys.executable, "-m", "hl_extract", "crawl", "--site", "honglinh", "--from",
                                 "wayback", "--cdx", srv.cdx, "--replay", srv.replay, "--out", str(out),
                                 "--delay", "0.01", "-q"], env=subprocess_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _written(out) < 40 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 0 < _written(out) < 200, "the run finished (or never began) before it was killed"
        with open(max(out.glob("*.warc.gz")), "ab") as fh:     # a record cut short by the kill
            fh.write(b"\x1f\x8b\x08\x00garbage of a record cut short")
        s = cdx.crawl("honglinh", "wayback", out, srv.cdx, srv.replay, options=opts())
        assert s.finished and 0 < s.counts["written"] < 220
    assert Counter(map(key, records(out))) == Counter(map(key, archived["recs"]))


def test_all_captures_keeps_every_distinct_digest(archived, tmp_path):
    arch = Archive(220)
    history = tmp_path / "history"
    shutil.copytree(archived["out"], history)        # the newest of each article is there already
    with Server(arch) as srv:
        s = cdx.crawl("honglinh", "wayback", history, srv.cdx, srv.replay, all_captures=True, options=opts())
        again = cdx.crawl("honglinh", "wayback", history, srv.cdx, srv.replay, all_captures=True, options=opts())
    recs = records(history)
    want = Counter((c.original, wdate(c.timestamp), sha(c.body))
                   for i in range(len(arch.portal.articles)) for c in arch.distinct(i))
    assert Counter(map(key, recs)) == want
    assert s.counts["written"] == len(want) - 220 > 100 and again.counts["written"] == 0
    per_article = Counter(r["aid"] for r in recs)
    assert max(per_article.values()) >= 2 and len(per_article) == 220
    # extract reads the history as one article each, from its newest capture; the older ones are
    # counted as superseded, never a duplicate id
    proc = run_cli("extract", history, "--out", tmp_path / "data", "--workers", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "data" / "articles.csv", encoding="utf-8") as fh:
        rows = {r["article_id"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 220 and "duplicate article id" not in proc.stderr
    for i in range(len(arch.portal.articles)):
        newest = arch.newest(i).timestamp
        assert rows[arch.article_id(i)]["fetched_at"].replace("-", "").replace(":", "").replace("T", "")[:14] \
            == newest[:14], i
    assert "an older capture of an article" in proc.stdout


def test_since_skips_older_articles_and_asks_the_cdx_from_then(tmp_path):
    arch = Archive(40)
    with Server(arch) as srv:
        s = cdx.crawl("honglinh", "wayback", tmp_path / "o", srv.cdx, srv.replay, options=opts(since="2023-07-01"))
    dates = {PROFILE.url_date(PROFILE.canonical(r["url"])) for r in records(tmp_path / "o")}
    assert dates and min(dates) >= "2023-07-01" and s.counts["old"] > 0
    assert all("from=20230701" in q for p, q, _, _ in arch.log if p == "/cdx")


def test_common_crawl_through_collinfo_and_byte_ranges(tmp_path):
    arch = Archive(40)
    arch.cc_build(30)
    with Server(arch) as srv:
        s = cdx.crawl("honglinh", "commoncrawl", tmp_path / "o", srv.base + "/collinfo.json", srv.base + "/",
                      options=opts())
        again = cdx.crawl("honglinh", "commoncrawl", tmp_path / "o", srv.base + "/collinfo.json", srv.base + "/",
                          options=opts())
    recs = records(tmp_path / "o")
    assert s.finished and s.counts["written"] == len(recs) == 30 and again.counts["written"] == 0
    for i in range(30):
        newest = max((c for c in arch.captures if c.article == i and c.status == "200"), key=lambda c: c.timestamp)
        r = next(r for r in recs if r["aid"] == arch.article_id(i))
        assert (r["url"], r["date"], r["sha"]) == (newest.original, wdate(newest.timestamp), sha(newest.body))
    assert s.counts["redirect"] == 1 and s.counts["not_article"] >= 2 and s.counts["older"] == 30
    ranges = [h.get("Range") for p, _, h, _ in arch.log if p.startswith("/crawl-data/")]
    assert len(ranges) == 30 and all(r and r.startswith("bytes=") for r in ranges)
    assert sum(p.endswith("-index") for p, _, _, _ in arch.log) >= 2 * 2
    assert all(f.name.startswith("honglinh-commoncrawl-") for f in (tmp_path / "o").glob("*.warc.gz"))


def test_a_replay_that_is_down_stops_the_run_and_loses_nothing(tmp_path):
    arch = Archive(20)
    with Server(arch) as srv:
        dead = "http://127.0.0.1:9/web/"                # the discard port: connection refused
        with pytest.raises(cdx.SourceError, match="in a row"):
            cdx.crawl("honglinh", "wayback", tmp_path / "o", srv.cdx, dead, options=opts(retries=1))
        s = cdx.crawl("honglinh", "wayback", tmp_path / "o", srv.cdx, srv.replay, options=opts())
    assert s.finished and s.counts["written"] == 20 and len(records(tmp_path / "o")) == 20


def test_extract_reads_the_archive_with_published_from_the_url(archived, tmp_path):
    proc = run_cli("extract", archived["out"], "--out", tmp_path / "data", "--workers", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "data" / "articles.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    arch = archived["arch"]
    assert len(rows) == 220 and len({r["article_id"] for r in rows}) == 220
    by_id = {r["article_id"]: r for r in rows}
    for i, a in enumerate(arch.portal.articles):
        r = by_id[arch.article_id(i)]
        y, m, d = (int(x) for x in a.path.split("/")[3].split("-"))
        assert (r["published"], r["date_source"]) == (f"{y}-{m:02d}-{d:02d}", "url"), i
        capture = arch.newest(i).timestamp
        assert r["fetched_at"].replace("-", "").startswith(capture[:8]) and capture[:8] != r["published"]
        assert r["warc_file"].startswith("honglinh-wayback-") and int(r["warc_offset"]) > 0
    figures = (tmp_path / "data" / "figures.csv").read_text(encoding="utf-8")
    assert "hộ nghèo" in figures or "household" in figures


def test_the_command_line(archived, tmp_path):
    with Server(Archive(12)) as srv:
        ok = run_cli("crawl", "--site", "honglinh", "--from", "wayback", "--cdx", srv.cdx, "--replay", srv.replay,
                     "--out", tmp_path / "o", "--delay", "0", "-q")
        assert ok.returncode == 0, ok.stderr
        assert "records archived (this run)" in ok.stdout and "12" in ok.stdout
        bad = run_cli("crawl", "--site", "honglinh", "--from", "wayback", "--cdx", srv.base + "/nope",
                      "--replay", srv.replay, "--out", tmp_path / "p", "--delay", "0", "-q")
    assert bad.returncode == 1 and "error: the CDX server" in bad.stderr and "404" in bad.stderr
    for args, message in ((["--cdx", "http://x/cdx"], "--cdx needs --from wayback"),
                          (["--from", "wayback", "--cdx", "ftp://x"], "not an http(s) URL"),
                          (["--from", "archive"], "invalid choice")):
        proc = run_cli("crawl", "--site", "honglinh", "--out", tmp_path / "q", *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "q").exists()
    helptext = run_cli("crawl", "--help").stdout
    assert "--from wayback" in helptext and "--all-captures" in helptext and "commoncrawl" in helptext
