"""A mock web archive of the old Hồng Lĩnh portal on 127.0.0.1 (tests of `archive/cdx.py`).

One server plays both archives:

* the Internet Archive: a CDX server API at `/cdx` (`url=host/*`, `output=json` as a list
  of lists, `fl`, `filter`, `from`/`to`, `limit`, `showResumeKey`/`resumeKey`; it answers at
  most `page_cap` rows at a time whatever the limit) and a replay at `/web/<ts>id_/<original>`
  answering as Wayback's `id_` mode does (original bytes, original headers as
  `X-Archive-Orig-*`, a redirect capture as a 302 to the replay of its target);
* Common Crawl: `/collinfo.json` naming two crawls, each a pywb CDX index at
  `/<crawl>-index` (`output=json` as JSON lines, `showNumPages`, `page`), and the WARC files
  they point into at `/crawl-data/...`, served by byte range.

The archive holds `n_articles` article pages rendered with the mock portal's `layout()`
(`portal.py`), each captured several times under URL variants (http/https, `:80`, `www.`,
case, `?utm_source`, `/savefile/`), with identical and changed digests, plus redirect,
revisit, 404 and 503 captures, listing pages, a robots.txt and an image, an article
republished byte-identical under a second id, and replay faults (a 503 and a 429 on a
first try, a capture the replay has lost).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from portal import Portal, article_main, layout, listing_main

HOST = "honglinh.hatinh.gov.vn"
IA_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


def digest(body: bytes) -> str:
    return base64.b32encode(hashlib.sha1(body).digest()).decode()


def urlkey(url: str) -> str:
    """A SURT-like sort key: host without www., reversed; path and query in lower case."""
    p = urlsplit(url)
    host = (p.hostname or "").removeprefix("www.")
    return ",".join(reversed(host.split("."))) + ")" + (p.path or "/").lower() + (
        "?" + p.query.lower() if p.query else "")


@dataclass
class Capture:
    original: str
    timestamp: str
    status: str                 # "200", "301", "404", "-" (revisit) …
    mime: str
    body: bytes = b""
    location: str = ""          # redirect captures: the original URL redirected to
    article: int | None = None  # index in Archive.portal.articles (None: not an article page)
    lost: bool = False          # listed in the CDX, but the replay has no record of it
    fault: tuple = ()           # replay answers on the first tries: ((status, headers), …)
    digest: str = ""
    crawl: str = ""             # Common Crawl: the crawl holding it

    @property
    def key(self) -> str:
        return urlkey(self.original)


def _ts(day: datetime, j: int) -> str:
    return (day + timedelta(hours=7, minutes=13 * j, seconds=j)).strftime("%Y%m%d%H%M%S")


@dataclass
class Archive:
    n_articles: int = 220
    page_cap: int = 150
    captures: list = field(default_factory=list)
    log: list = field(default_factory=list)   # (path, query string, headers, time) of every request
    hits: dict = field(default_factory=dict)

    # articles with special cases (index in portal.articles)
    LOST, FAIL503, TOO_MANY, REPUBLISHED_OF = 11, 13, 17, 0

    def __post_init__(self):
        self.portal = Portal(self.n_articles, special=False)
        arts = self.portal.articles
        for i, a in enumerate(arts):
            y, m, d = (int(x) for x in a.path.split("/")[3].split("-"))
            day = datetime(y, m, d)
            k = 2 + i % 3
            variants = [f"http://{HOST}:80{a.path}",
                        f"https://{HOST}{a.path.replace('/portal/pages/', '/portal/Pages/')}",
                        f"http://www.{HOST}{a.path}?utm_source=zalo",
                        f"http://{HOST}/savefile{a.path}"]
            offsets = [3, 60, 200, 420]
            for j in range(k):
                c = Capture(variants[(i + j) % 4], _ts(day + timedelta(days=offsets[j]), j), "200",
                            "text/html", self.body(i, j // 2), article=i)
                self.captures.append(c)
            newest = self.captures[-1]
            if i == self.LOST:
                newest.lost = True
            elif i == self.FAIL503:
                newest.fault = ((503, {}),)
            elif i == self.TOO_MANY:
                newest.fault = ((429, {"Retry-After": "0.2"}),)
            later = day + timedelta(days=700)
            if i % 10 == 3:
                self.captures.append(Capture(variants[0], _ts(later, 1), "404", "text/html",
                                             b"<html><body>404 Not Found</body></html>"))
            if i % 15 == 4:
                self.captures.append(Capture(variants[1], _ts(later, 2), "302", "text/html", b"",
                                             location=f"https://{HOST}/portal/Pages/default.aspx"))
            if i % 12 == 5:
                rv = Capture(variants[2], _ts(later, 3), "-", "warc/revisit")
                rv.digest = digest(self.body(i, 0))
                self.captures.append(rv)
            if i % 20 == 7:
                self.captures.append(Capture(variants[3], _ts(day + timedelta(days=1), 0), "503", "text/html",
                                             b"<html><body>Service Unavailable</body></html>"))
        # the same page republished under a second id: byte-identical, so the same digest
        dup = arts[self.REPUBLISHED_OF]
        self.republished = dup.path.rsplit("-", 1)[0] + "-465999.aspx"
        self.captures.append(Capture(f"http://{HOST}{self.republished}", "20240601101010", "200", "text/html",
                                     self.body(self.REPUBLISHED_OF, 0), article=None))
        listing = lambda p: layout("Tin tức - Sự kiện", listing_main(
            [(a.path, a.title) for a in arts[(p - 1) * 10:p * 10]], "")).encode()
        self.captures += [
            Capture(f"http://{HOST}/portal/Pages/Tin-tuc-su-kien.aspx", "20230901000000", "200", "text/html", listing(1)),
            Capture(f"http://{HOST}/portal/Pages/Tin-tuc-su-kien.aspx", "20240101000000", "200", "text/html", listing(1)),
            Capture(f"http://{HOST}/portal/Pages/Tin-tuc-su-kien.aspx?page=2", "20240101000100", "200", "text/html", listing(2)),
            Capture(f"http://{HOST}/portal/Pages/default.aspx", "20240101000200", "200", "text/html",
                    layout("Trang chủ", "<p>Trang chủ</p>").encode()),
            Capture(f"http://{HOST}/", "20240101000300", "302", "text/html",
                    location=f"http://{HOST}/portal/Pages/default.aspx"),
            Capture(f"http://{HOST}/portal/Pages/Chuyen-trang-cu.aspx", "20220101000000", "301", "text/html",
                    location=f"http://{HOST}{arts[0].path}"),
            Capture(f"http://{HOST}/robots.txt", "20220101000000", "200", "text/plain", b"User-agent: *\n"),
            Capture(f"http://{HOST}/portal/images/logo.png", "20220101000000", "200", "image/png", b"\x89PNG\r\n"),
        ]
        for c in self.captures:
            c.digest = c.digest or digest(c.body)
        self.captures.sort(key=lambda c: (c.key, c.timestamp))
        self.by_replay = {(c.timestamp, c.original): c for c in self.captures}

    def body(self, i: int, version: int) -> bytes:
        """Article `i` as the portal served it; a later version differs in its view counter."""
        a = self.portal.articles[i]
        return layout(a.title, article_main(a.title, a.text, a.date + " 08:30", views=313 + 17 * version),
                      canonical=f"https://{HOST}{a.path}").encode()

    # ---- what the tests expect ---------------------------------------------------------

    def article_id(self, i: int) -> str:
        return "honglinh:" + self.portal.articles[i].path.rsplit("-", 1)[1].removesuffix(".aspx").lower()

    def newest(self, i: int, skip_lost: bool = True) -> Capture:
        """The capture of article `i` the source must archive: its newest 200 the replay has."""
        return max((c for c in self.captures if c.article == i and c.status == "200"
                    and not (skip_lost and c.lost)), key=lambda c: c.timestamp)

    def distinct(self, i: int) -> list:
        """Article `i`'s replayable 200 captures of distinct digest (the newest of each)."""
        out = {}
        for c in sorted((c for c in self.captures if c.article == i and c.status == "200" and not c.lost),
                        key=lambda c: c.timestamp, reverse=True):
            out.setdefault(c.digest, c)
        return list(out.values())

    # ---- the Internet Archive ----------------------------------------------------------

    def cdx(self, q: dict):
        url = q.get("url", [""])[0]
        if not url.endswith("/*"):
            return 400, {"Content-Type": "text/plain"}, b"only url=host/* here"
        prefix = urlkey("http://" + url[:-2])
        rows = [c for c in self.captures if c.key.startswith(prefix.rstrip("/"))]
        lo, hi = q.get("from", [""])[0], q.get("to", [""])[0]
        rows = [c for c in rows if (not lo or c.timestamp >= lo.ljust(14, "0"))
                and (not hi or c.timestamp <= hi.ljust(14, "9"))]
        for f in q.get("filter", []):
            neg, (name, _, pat) = f.startswith("!"), f.lstrip("!").partition(":")
            rows = [c for c in rows if bool(re.fullmatch(pat, str(self._field(c, name)))) != neg]
        if q.get("showNumPages", [""])[0] == "true":   # the paged API: page_cap rows a page
            return 200, {"Content-Type": "text/plain"}, str(-(-len(rows) // self.page_cap)).encode()
        if "page" in q:
            start, limit = int(q["page"][0]) * self.page_cap, self.page_cap
            if start >= len(rows):
                return 200, {"Content-Type": "text/plain"}, b""
        else:
            start = int(base64.urlsafe_b64decode(q["resumeKey"][0]).decode()) if q.get("resumeKey") else 0
            limit = min(int(q.get("limit", ["100000"])[0]), self.page_cap)
        chunk = rows[start:start + limit]
        fl = q.get("fl", [",".join(IA_FIELDS)])[0].split(",")
        out = [fl] + [[str(self._field(c, f)) for f in fl] for c in chunk] if chunk else []
        if chunk and start + limit < len(rows) and q.get("showResumeKey", [""])[0] == "true" and "page" not in q:
            out += [[], [base64.urlsafe_b64encode(str(start + limit).encode()).decode()]]
        return 200, {"Content-Type": "application/json"}, json.dumps(out).encode()

    def _field(self, c: Capture, name: str):
        return {"urlkey": c.key, "timestamp": c.timestamp, "original": c.original, "mimetype": c.mime,
                "statuscode": c.status, "digest": c.digest, "length": len(c.body) + 300}[name]

    def replay(self, ts: str, original: str, base: str):
        c = self.by_replay.get((ts, original))
        if c is None or c.lost or c.status == "-":
            if c is not None and c.status == "-":   # a revisit replays the record it revisits
                c = next(o for o in self.captures if o.digest == c.digest and o.status == "200")
            else:
                return 404, {"Content-Type": "text/html"}, b"<html><body>Wayback: not archived</body></html>"
        hits = self.hits[(ts, original)] = self.hits.get((ts, original), 0) + 1
        if hits <= len(c.fault):
            status, headers = c.fault[hits - 1]
            return status, {"Content-Type": "text/html", **headers}, b"busy"
        orig = {"X-Archive-Orig-Server": "Microsoft-IIS/7.5", "X-Archive-Orig-X-Powered-By": "ASP.NET",
                "X-Archive-Orig-Date": datetime.strptime(ts, "%Y%m%d%H%M%S").strftime("%a, %d %b %Y %H:%M:%S GMT"),
                "X-Archive-Orig-Content-Length": str(len(c.body)), "Memento-Datetime": ts,
                "Link": f'<{original}>; rel="original"'}
        if c.status.startswith("3"):
            return 302, {**orig, "Location": f"{base}/web/{ts}id_/{c.location}"}, b""
        ctype = "text/html; charset=utf-8" if c.mime == "text/html" else c.mime
        return int(c.status), {**orig, "Content-Type": ctype}, c.body

    # ---- Common Crawl ------------------------------------------------------------------

    CRAWLS = ("CC-MAIN-2023-50", "CC-MAIN-2024-26")

    def cc_build(self, n: int = 30, per_page: int = 7):
        """The Common Crawl side: articles 0..n-1, the first capture of each in one crawl, the
        newest in the other, plus a redirect and a listing; WARC files in memory."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
        self.cc_per_page, self.cc_index, self.cc_files = per_page, {c: [] for c in self.CRAWLS}, {}
        picks = []
        for i in range(n):
            caps = sorted((c for c in self.captures if c.article == i and c.status == "200"), key=lambda c: c.timestamp)
            picks += [(self.CRAWLS[0], caps[0]), (self.CRAWLS[1], caps[-1])]
        picks += [(self.CRAWLS[1], c) for c in self.captures if c.article is None
                  and ("Tin-tuc" in c.original or "Chuyen-trang" in c.original)]
        for crawl in self.CRAWLS:
            buf, name = io.BytesIO(), f"crawl-data/{crawl}/segments/1/warc/{crawl}-00000.warc.gz"
            w = WARCWriter(buf, gzip=True)
            for cr, c in picks:
                if cr != crawl:
                    continue
                status = {"200": "200 OK", "301": "301 Moved Permanently"}[c.status]
                headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "Microsoft-IIS/7.5")]
                if c.location:
                    headers.append(("Location", c.location))
                rec = w.create_warc_record(c.original, "response", payload=io.BytesIO(c.body),
                                           http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                                           warc_headers_dict={"WARC-Date": datetime.strptime(
                                               c.timestamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")})
                offset = buf.tell()
                w.write_record(rec)
                self.cc_index[crawl].append({
                    "urlkey": c.key, "timestamp": c.timestamp, "url": c.original, "mime": "text/html",
                    "status": c.status, "digest": c.digest, "length": str(buf.tell() - offset),
                    "offset": str(offset), "filename": name})
            self.cc_files[name] = buf.getvalue()
            self.cc_index[crawl].sort(key=lambda r: (r["urlkey"], r["timestamp"]))

    def collinfo(self, base: str):
        return 200, {"Content-Type": "application/json"}, json.dumps(
            [{"id": c, "name": c, "timegate": f"{base}/{c}/", "cdx-api": f"{base}/{c}-index"}
             for c in reversed(self.CRAWLS)]).encode()

    def cc_cdx(self, crawl: str, q: dict):
        prefix = urlkey("http://" + q.get("url", [""])[0].rstrip("*"))
        rows = [r for r in self.cc_index[crawl] if r["urlkey"].startswith(prefix.rstrip("/"))]
        pages = -(-len(rows) // self.cc_per_page)
        if not rows:
            return 404, {"Content-Type": "application/json"}, b'{"error": "No Captures found for: x"}'
        if q.get("showNumPages", [""])[0] == "true":
            return 200, {"Content-Type": "application/json"}, json.dumps(
                {"pages": pages, "pageSize": 5, "blocks": pages * 5}).encode()
        page = int(q.get("page", ["0"])[0])
        if page >= pages:
            return 400, {"Content-Type": "text/plain"}, b"Page out of range"
        chunk = rows[page * self.cc_per_page:(page + 1) * self.cc_per_page]
        return 200, {"Content-Type": "text/x-ndjson"}, "".join(json.dumps(r) + "\n" for r in chunk).encode()

    def cc_data(self, name: str, rng: str):
        data = self.cc_files.get(name)
        m = re.fullmatch(r"bytes=(\d+)-(\d+)", rng or "")
        if data is None:
            return 404, {}, b"no such file"
        if not m:
            return 200, {"Content-Type": "application/octet-stream"}, data
        lo, hi = int(m[1]), int(m[2])
        return 206, {"Content-Type": "application/octet-stream",
                     "Content-Range": f"bytes {lo}-{hi}/{len(data)}"}, data[lo:hi + 1]


class Server:
    """Serves an `Archive` on 127.0.0.1 (a free port) in a thread; a context manager."""

    def __init__(self, archive: Archive):
        self.archive = arch = archive

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                q = parse_qs(parts.query)
                arch.log.append((parts.path, parts.query, dict(self.headers), time.monotonic()))
                base = srv.base
                m = re.match(r"/web/(\d{14})id_/(.*)", self.path)
                if parts.path == "/cdx":
                    status, headers, body = arch.cdx(q)
                elif m:
                    status, headers, body = arch.replay(m[1], m[2], base + "")
                elif parts.path == "/collinfo.json":
                    status, headers, body = arch.collinfo(base)
                elif parts.path.removeprefix("/").removesuffix("-index") in Archive.CRAWLS:
                    status, headers, body = arch.cc_cdx(parts.path[1:].removesuffix("-index"), q)
                elif parts.path.startswith("/crawl-data/"):
                    status, headers, body = arch.cc_data(parts.path[1:], self.headers.get("Range"))
                else:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"no such endpoint"
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        srv = self
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.cdx, self.replay = self.base + "/cdx", self.base + "/web/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
