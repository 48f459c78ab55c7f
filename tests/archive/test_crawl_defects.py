"""Crawler defects found against an independent mock portal, each with the test that failed
before its fix: redirects off the page's origin, ids of portals extending another, a
trickling server, a page that always fails, re-crawls that archive nothing new, the
summary of a resumed crawl, and a host that cannot be reached."""
from __future__ import annotations

import socket
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hl_extract.archive import crawl, sites

from portal import Portal, Server, layout

FAST = dict(delay=0, backoff=0.01, contact="mailto:test@example.org")
ARTICLE = "/portal/pages/2024-3-5/Tin-so-1-465001.aspx"


class Mini:
    """A tiny site on 127.0.0.1: `routes` maps a path to a function of the handler."""

    def __init__(self, routes: dict):
        self.routes, self.log = routes, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.log.append(self.path)
                route = outer.routes.get(self.path.lower())
                if route is None:
                    return self.reply(404, b"not found")
                route(self)

            def reply(self, status, body=b"", headers=()):
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def profile(self, folder: Path, start=("/start",)) -> str:
        path = folder / "mini.toml"
        path.write_text(f'extends = "honglinh"\nname = "mini"\nbase = "{self.base}"\nhosts = ["127.0.0.1"]\n'
                        f'delay = 0.0\nstart = {list(start)!r}\n', encoding="utf-8")
        return str(path)


def robots(h):
    h.reply(200, b"User-agent: *\n")


def page(text="Tỷ lệ hộ nghèo còn 2,62%."):
    body = layout("Tin", f'<div class="news-detail"><h1 class="title">Tin</h1><div class="date">05/03/2024</div>'
                         f'<div class="article-content"><p>{text}</p></div></div>').encode()
    return lambda h: h.reply(200, body)


@pytest.fixture
def mini():
    sites_ = []

    def make(routes):
        s = Mini(routes)
        sites_.append(s)
        return s
    yield make
    for s in sites_:
        s.close()


def test_a_redirect_to_another_port_of_the_same_host_is_not_followed(tmp_path, mini):
    other = mini({"/robots.txt": robots, ARTICLE.lower(): page()})
    home = mini({"/robots.txt": robots,
                 "/start": lambda h: h.reply(302, headers=[("Location", other.base + ARTICLE)])})
    got = crawl.crawl(home.profile(tmp_path), tmp_path / "out", options=crawl.Options(**FAST))
    assert ARTICLE not in other.log           # the same host, another port: another site
    assert got.counts["offsite"] == 1 and got.counts["fetched"] == 0


def test_a_redirect_within_the_origin_is_followed(tmp_path, mini):
    site = mini({"/robots.txt": robots, ARTICLE.lower(): page()})
    site.routes["/start"] = lambda h: h.reply(302, headers=[("Location", site.base + ARTICLE)])
    got = crawl.crawl(site.profile(tmp_path), tmp_path / "out", options=crawl.Options(**FAST))
    assert got.counts["fetched"] == 1 and got.counts["redirect"] == 1


def test_portals_extending_one_profile_have_their_own_ids(tmp_path):
    for name in ("phuong_a", "phuong_b"):
        (tmp_path / f"{name}.toml").write_text(
            f'extends = "honglinh"\nname = "{name}"\nbase = "https://{name}.example.vn"\n'
            f'hosts = ["{name}.example.vn"]\n', encoding="utf-8")
    a = sites.load(str(tmp_path / "phuong_a.toml"))
    b = sites.load(str(tmp_path / "phuong_b.toml"))
    ida = a.article_id(a.canonical("https://phuong_a.example.vn" + ARTICLE))
    idb = b.article_id(b.canonical("https://phuong_b.example.vn" + ARTICLE))
    assert ida == "phuong_a:465001" and idb == "phuong_b:465001"
    assert sites.load("honglinh").article_id("https://honglinh.hatinh.gov.vn" + ARTICLE.lower()) == "honglinh:465001"


def test_a_trickling_page_is_cut_at_the_deadline_of_its_request(tmp_path, mini):
    sent = []

    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "400")
        h.end_headers()
        try:
            for _ in range(400):   # a byte every 50 ms: 20 s for the page
                h.wfile.write(b"x")
                h.wfile.flush()
                sent.append(1)
                time.sleep(0.05)
        except OSError:
            pass
    site = mini({"/robots.txt": robots, "/start": trickle})
    got = crawl.crawl(site.profile(tmp_path), tmp_path / "out",
                      options=crawl.Options(**FAST, timeout=0.5, retries=0))
    assert got.counts["failed"] == 1
    assert len(sent) < 100    # per read, each byte within the timeout, it would have taken all 400


def test_a_page_that_always_fails_backs_off_across_runs(tmp_path, mini):
    site = mini({"/robots.txt": robots, "/start": lambda h: h.reply(503, b"down")})
    prof, out = site.profile(tmp_path), tmp_path / "out"
    opts = crawl.Options(**FAST, retries=2)
    first = crawl.crawl(prof, out, options=opts)
    assert first.counts["failed"] == 1 and site.log.count("/start") == 3
    second = crawl.crawl(prof, out, options=opts)      # the next run, straight after: not tried
    assert second.counts["deferred"] == 1 and site.log.count("/start") == 3
    db = sqlite3.connect(out / "crawl-state.sqlite")
    db.execute("UPDATE urls SET retry_after='2000-01-01T00:00:00+00:00'")   # its time has come
    db.commit()
    db.close()
    crawl.crawl(prof, out, options=opts)                # one try, no retries
    assert site.log.count("/start") == 4


def _record_count(folder) -> int:
    from warcio.archiveiterator import ArchiveIterator
    n = 0
    for f in sorted(Path(folder).glob("*.warc.gz")):
        with open(f, "rb") as fh:
            n += sum(1 for r in ArchiveIterator(fh) if r.rec_type in ("response", "request"))
    return n


def test_a_recrawl_that_changed_nothing_archives_nothing(tmp_path):
    pytest.importorskip("warcio")
    with Server(Portal(12)) as srv:
        prof = srv.profile(tmp_path)
        crawl.crawl(prof, tmp_path / "out", options=crawl.Options(**FAST))
        before = _record_count(tmp_path / "out")
        again = crawl.crawl(prof, tmp_path / "out", options=crawl.Options(**FAST))
        assert again.counts["fetched"] == 0 and again.counts["redirect"] >= 1
        assert _record_count(tmp_path / "out") == before   # robots.txt and redirects included


def test_a_resumed_crawl_reports_the_whole_run(tmp_path):
    with Server(Portal(20, special=False)) as srv:
        prof = srv.profile(tmp_path)
        parts = [crawl.crawl(prof, tmp_path / "out", options=crawl.Options(**FAST, max_pages=8))]
        while not parts[-1].finished:
            parts.append(crawl.crawl(prof, tmp_path / "out", options=crawl.Options(**FAST, max_pages=8)))
        whole = crawl.crawl(prof, tmp_path / "whole", options=crawl.Options(**FAST))
        assert len(parts) >= 3
        assert parts[-1].counts == whole.counts     # the whole run's, not the last part's
        assert parts[-1].run_requests == sum(p.requests for p in parts) == whole.requests


def test_a_host_that_cannot_be_reached_is_a_network_failure_not_robots(tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()   # nothing listens there
    prof = tmp_path / "down.toml"
    prof.write_text(f'extends = "honglinh"\nname = "down"\nbase = "http://127.0.0.1:{port}"\n'
                    f'hosts = ["127.0.0.1"]\ndelay = 0.0\n', encoding="utf-8")
    got = crawl.crawl(str(prof), tmp_path / "out", options=crawl.Options(**FAST, retries=1))
    assert got.counts["robots"] == 0 and got.counts["failed"] == 2    # the two start pages
    assert "could not be reached" in got.network and "could not be reached" in got.table()
    # a network failure is no page's fault: the next run tries them again
    again = crawl.crawl(str(prof), tmp_path / "out", options=crawl.Options(**FAST, retries=0))
    assert again.counts["deferred"] == 0 and again.counts["failed"] == 2


def test_crawl_command_says_the_network_failed_and_exits_1(tmp_path):
    from testenv import run_cli
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    prof = tmp_path / "down.toml"
    prof.write_text(f'extends = "honglinh"\nname = "down"\nbase = "http://127.0.0.1:{port}"\n'
                    f'hosts = ["127.0.0.1"]\ndelay = 0.0\n', encoding="utf-8")
    proc = run_cli("crawl", "--site", prof, "--out", tmp_path / "out", "--quiet", "--contact", "t@example.org")
    assert proc.returncode == 1 and "could not be reached" in proc.stderr and "Traceback" not in proc.stderr
