"""A mock town portal on 127.0.0.1 (tests and benchmarks), in the reconstructed layout
of the Hồng Lĩnh portal: header with today's date, menu, breadcrumb, article with a
date line and a view counter, rating widget, related links, sidebar and a footer with
visit counters. `layout()` also renders the bundled corpus's pages.
"""
from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CHROME_TODAY = "Thứ Tư, 3 tháng 12, 2025"
MENU = [("/portal/Pages/default.aspx", "Trang chủ"), ("/portal/Pages/Tin-tuc-su-kien.aspx", "Tin tức - Sự kiện"),
        ("/portal/Pages/Thong-bao.aspx", "Thông báo")]


def layout(title: str, main: str, breadcrumb: str = "Tin tức - Sự kiện", canonical: str = "",
           charset: str | None = "utf-8", related: list[tuple[str, str]] = ()) -> str:
    """A whole portal page around `main` (already HTML)."""
    menu = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in MENU)
    rel = "".join(f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>' for u, t in related)
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    canon = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{meta}
<title>{html.escape(title)} - Cổng thông tin điện tử thị xã Hồng Lĩnh</title>{canon}
<script>var _spPageContextInfo = {{webTitle: "Hồng Lĩnh"}};</script></head>
<body><form method="post" action="" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIB">
<div id="header"><div class="top-date">{CHROME_TODAY}</div>
<div class="banner">Cổng thông tin điện tử thị xã Hồng Lĩnh</div>
<div class="search"><input type="text" name="q" value="Tìm kiếm..."></div></div>
<ul class="menu">{menu}</ul>
<div class="main">
<ol class="breadcrumb"><li><a href="/portal/Pages/default.aspx">Trang chủ</a></li><li><a href="/portal/Pages/Tin-tuc-su-kien.aspx">{html.escape(breadcrumb)}</a></li></ol>
{main}
<div class="tin-lien-quan"><h3>Các tin khác</h3><ul>{rel}</ul></div>
</div>
<div class="sidebar"><div class="box">Bản đồ thị xã Hồng Lĩnh</div>
<div class="box">Các ca khúc hay về Hồng Lĩnh</div>
<div class="box"><h4>Liên kết website</h4><select><option>Cổng TTĐT tỉnh Hà Tĩnh</option><option>Báo Hà Tĩnh</option></select></div></div>
<div id="footer"><div class="counter">Thống kê: 3.102.957<br>Online: 60</div>
<p>Cơ quan chủ quản: UBND thị xã Hồng Lĩnh. Địa chỉ: 76 Đường Trần Phú, phường Bắc Hồng. Điện thoại: 0239.3836.212</p></div>
</form></body></html>"""


def article_main(title: str, text: str, date_line: str, views: int = 313) -> str:
    """The article block: title, date line with an unlabelled view counter, paragraphs, rating."""
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n") if p.strip())
    return f"""<div class="news-detail">
<h1 class="title">{html.escape(title)}</h1>
<div class="date">{date_line} <span class="views">{views}</span></div>
<div class="ms-rtestate-field"><div class="noidung">
{paras}</div></div>
<div class="rating">Đánh giá: <span>★★★★★</span><br>lượt đánh giá: , trung bình: <a href="#">Bình luận</a>
<div class="captcha">Mã xác thực không đúng.</div></div>
</div>"""


def listing_main(items: list[tuple[str, str]], pager: str) -> str:
    lis = "".join(f'<li><a href="{html.escape(u)}">{html.escape(t)}</a> <span class="views">{n * 7 % 997}</span></li>\n'
                  for n, (u, t) in enumerate(items))
    return f'<div class="news-list"><ul>{lis}</ul><div class="pager">{pager}</div></div>'


_WORDS = ("Ủy ban nhân dân thị xã đã chỉ đạo các phường xã triển khai đồng bộ các giải pháp "
          "giảm nghèo bền vững xây dựng nông thôn mới đô thị văn minh với sự tham gia của nhân dân "
          "cán bộ đoàn viên hội viên trên địa bàn").split()


def article_text(n: int) -> str:
    """A made-up article body with a few figures (deterministic in `n`)."""
    rnd = random.Random(n)
    paras = []
    for k in range(rnd.randint(3, 6)):
        words = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(25, 60)))
        paras.append(words[0].upper() + words[1:] + ".")
    paras.insert(1, f"Đến nay toàn thị xã còn {rnd.randint(50, 400)} hộ nghèo, tỷ lệ hộ nghèo "
                    f"{rnd.randint(1, 4)},{rnd.randint(10, 99)}%; tổng kinh phí hỗ trợ hơn "
                    f"{rnd.randint(2, 900)} triệu đồng.")
    return "\n\n".join(paras)


@dataclass
class Article:
    n: int
    path: str
    title: str
    text: str
    date: str  # dd/mm/yyyy


@dataclass
class Portal:
    """The mock portal's pages; `special` adds the awkward cases tests need."""
    n_articles: int = 30
    per_page: int = 10
    special: bool = True
    articles: list = field(default_factory=list)
    log: list = field(default_factory=list)   # (method, path, headers, time) of every request
    hits: dict = field(default_factory=dict)

    def __post_init__(self):
        for n in range(1, self.n_articles + 1):
            y, m, d = 2023, 1 + n % 12, 1 + n % 28
            date = f"{y}-{m}-{d}" if n % 3 else f"{y}-{m:02d}-{d:02d}"   # not always zero-padded
            ident = str(465000 + n) if n % 5 else f"ch{n:04d}kq"        # numeric or alphanumeric
            self.articles.append(Article(n, f"/portal/pages/{date}/Tin-bai-so-{n}-{ident}.aspx",
                                         f"Tin bài số {n} của thị xã Hồng Lĩnh", article_text(n),
                                         f"{d:02d}/{m:02d}/{y}"))
        self.by_path = {a.path.lower(): a for a in self.articles}

    # special articles: index in self.articles
    FORBIDDEN, FAIL500, TOO_MANY, CP1258, TRUNCATED, DUPLICATE, SITEMAP_ONLY = 1, 2, 3, 4, 5, 6, 7

    def special_path(self, which: int) -> str:
        return self.articles[which].path

    def listing(self, page: int) -> str:
        pages = -(-self.n_articles // self.per_page)
        chunk = self.articles[(page - 1) * self.per_page: page * self.per_page]
        items = [(a.path, a.title) for a in chunk
                 if not (self.special and a.n - 1 == self.SITEMAP_ONLY)]
        if self.special and page == 1:
            dup = self.articles[self.DUPLICATE]
            items.append((dup.path.replace("/portal/pages/", "/portal/Pages/").replace(".aspx", ".aspx?utm_source=zalo#top"), "x"))
            date, rest = dup.path.split("/")[3], dup.path.split("/")[4]
            y, m, d = date.split("-")
            items.append((f"/portal/pages/{y}-{int(m):02d}-{int(d):02d}/Ban-khac-{rest.rsplit('-', 1)[1]}", "y"))
            items.append(("/portal/Pages/Chuyen-trang-cu.aspx", "Đường dẫn cũ"))
            items.append(("https://offsite.example.org/portal/pages/2023-1-1/Tin-ngoai-1.aspx", "Trang ngoài"))
            items.append(("/portal/Pages/Noi-bo.aspx", "Nội bộ"))
        pager = " ".join(f'<a href="/portal/Pages/Tin-tuc-su-kien.aspx?page={p}">{p}</a>' for p in range(1, pages + 1))
        return layout("Tin tức - Sự kiện", listing_main(items, pager))

    def page(self, method: str, path: str, query: dict, body: bytes = b""):
        """(status, headers, body bytes, truncate_to) of a request."""
        key = path.lower()
        hits = self.hits[key + method] = self.hits.get(key + method, 0) + 1
        if key == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, (
                "User-agent: *\nDisallow: /portal/Pages/Noi-bo\n"
                f"Disallow: {self.articles[self.FORBIDDEN].path}\n"
                f"Sitemap: {self.base}/sitemap.xml\n").encode() if self.special else b"User-agent: *\n", None
        if key == "/sitemap.xml" and self.special:
            a = self.articles[self.SITEMAP_ONLY]
            xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{self.base}{a.path}</loc></url></urlset>'
            return 200, {"Content-Type": "application/xml"}, xml.encode(), None
        if key in ("/", "/portal/pages/default.aspx"):
            return 200, _html(), layout("Trang chủ", '<a href="/portal/Pages/Tin-tuc-su-kien.aspx">Tin tức</a>'
                                        '<a href="/portal/Pages/Thong-bao.aspx">Thông báo</a>').encode(), None
        if key == "/portal/pages/tin-tuc-su-kien.aspx":
            page = int((query.get("page") or ["1"])[0])
            return 200, _html(), self.listing(page).encode(), None
        if key == "/portal/pages/thong-bao.aspx":
            return 200, _html(), self.postback_listing(method, body).encode(), None
        if key == "/portal/pages/chuyen-trang-cu.aspx" and self.special:
            return 301, {"Location": self.articles[0].path, "Content-Length": "0"}, b"", None
        if key.startswith("/portal/pages/") and key.count("/") == 4:
            date, name = key.split("/")[3:5]
            ident = name.rsplit("-", 1)[-1]
            a = next((a for a in self.articles if a.path.lower().endswith("-" + ident)), None)
            if a is None:
                return 404, _html(), b"<html><body>Not found</body></html>", None
            i = a.n - 1
            if self.special and i == self.FAIL500 and hits == 1:
                return 500, _html(), b"<html><body>Server Error</body></html>", None
            if self.special and i == self.TOO_MANY and hits == 1:
                return 429, {"Retry-After": "1", "Content-Type": "text/html"}, b"busy", None
            page = layout(a.title, article_main(a.title, a.text, a.date + " 08:30"),
                          canonical=self.base + a.path,
                          related=[(b.path, b.title) for b in self.articles[i + 1:i + 3]
                                   if not (self.special and b.n - 1 == self.SITEMAP_ONLY)],
                          charset="windows-1258" if self.special and i == self.CP1258 else "utf-8")
            if self.special and i == self.CP1258:
                import unicodedata
                data = _cp1258(unicodedata.normalize("NFC", page))
                return 200, {"Content-Type": "text/html; charset=windows-1258"}, data, None
            data = page.encode()
            if self.special and i == self.TRUNCATED and hits == 1:
                return 200, _html(), data, len(data) // 2
            return 200, _html(), data, None
        return 404, _html(), b"<html><body>Not found</body></html>", None

    def postback_listing(self, method: str, body: bytes) -> str:
        """An ASP.NET listing paginated only by postbacks: page 1 by GET, page 2 by POST."""
        form = parse_qs(body.decode()) if method == "POST" else {}
        page = 2 if form.get("__EVENTARGUMENT") == ["Page$2"] and form.get("__VIEWSTATE") else 1
        chunk = self.articles[-2:] if page == 2 else self.articles[-4:-2]
        pager = "<a href=\"javascript:__doPostBack('ctl00$m$g_pager','Page$2')\">2</a>"
        return layout("Thông báo", listing_main([(a.path, a.title) for a in chunk], pager))


def _html() -> dict:
    return {"Content-Type": "text/html; charset=utf-8"}


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes of NFC text (tones as combining marks, as that code page does)."""
    import unicodedata
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tone = next((c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323"), None)
            if tone is None:
                out += ch.encode("cp1258", "xmlcharrefreplace")
                continue
            base = unicodedata.normalize("NFC", nfd.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def etag(body: bytes) -> str:
    return '"' + hashlib.md5(body).hexdigest() + '"'


class Server:
    """Serves a `Portal` on 127.0.0.1 (a free port) in a thread; a context manager."""

    def __init__(self, portal: Portal):
        self.portal = portal
        portal_ref = portal

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs

            def log_message(self, *args):
                pass

            def _serve(self, method):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                portal_ref.log.append((method, self.path, dict(self.headers), time.monotonic()))
                status, headers, data, cut = portal_ref.page(method, parts.path, parse_qs(parts.query), body)
                tag = etag(data)
                if status == 200 and cut is None and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if status == 200:
                    self.send_header("ETag", tag)
                    self.send_header("Last-Modified", "Fri, 15 Sep 2023 08:30:00 GMT")
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if cut is not None:
                    self.wfile.write(data[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        portal.base = self.base
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def profile(self, folder, **over) -> str:
        """A profile file for this server: the honglinh profile with base and hosts changed."""
        path = folder / "mockportal.toml"
        extra = "".join(f"{k} = {v!r}\n" for k, v in over.items())
        path.write_text(f'extends = "honglinh"\nname = "mockportal"\nbase = "{self.base}"\n'
                        f'hosts = ["127.0.0.1"]\ndelay = 0.0\n{extra}', encoding="utf-8")
        return str(path)
