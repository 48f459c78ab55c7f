"""A mock ward portal of Hà Tĩnh's 2025 platform on 127.0.0.1 (tests and benchmarks).

Listings `/vi/chuyen-muc/tin-tuc---su-kien?page=N` of `.post-item` teasers (`h4 a` title,
`span.info-post-times` date, `p.content` summary); articles `/vi/bai-viet/<slug>` (no date,
no id in the URL) with `h1.post-title`, the date in a `span` whose class holds `time`
(`HH:MM dd/mm/yyyy` or `dd/mm/yyyy`), the body in `div.content-detail`; every page has a
header with today's date, a menu, a sidebar with visit counters and most-read links, and a
footer. Some articles use another layout (`div.detail-content`, a `date` class), some one
no selector of the profile names (trafilatura must find the body). Served by
`portal.Server`.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from portal import etag  # noqa: F401  (re-exported for tests that check validators)

LISTING = "/vi/chuyen-muc/tin-tuc---su-kien"
TOPICS = ["hoi-nghi-tong-ket-cong-tac-giam-ngheo", "ra-quan-ve-sinh-moi-truong", "ho-tro-xay-nha-cho-ho-ngheo",
          "tiep-xuc-cu-tri-truoc-ky-hop", "trao-qua-cho-gia-dinh-chinh-sach", "kiem-tra-cong-tac-phong-chay"]
WORDS = ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi", "tram", "nghin"]


@dataclass
class Post:
    n: int
    slug: str
    title: str
    paragraphs: list
    caption: str
    date: str          # as the page writes it
    iso: str
    layout: str        # "main", "other" (other class names), "unknown" (no profile selector matches)


def _words(n: int) -> str:
    """A slug part from a number, in words (`bay-nam`): slugs carry no numeric id."""
    out = []
    while True:
        out.append(WORDS[n % len(WORDS)])
        n //= len(WORDS)
        if not n:
            return "-".join(out)


@dataclass
class Ward:
    name: str = "namhonglinh"
    label: str = "Nam Hồng Lĩnh"
    n_articles: int = 160
    per_page: int = 12
    posts: list = field(default_factory=list)
    log: list = field(default_factory=list)
    base: str = ""

    def __post_init__(self):
        for n in range(1, self.n_articles + 1):
            y, m, d = 2025, 7 + n % 6, 1 + n % 28
            poor, rate, money = 20 + n, f"{1 + n % 4},{n % 10}", 100 + 7 * n
            paras = [f"Sáng {d}/{m}, UBND phường {self.label} tổ chức hội nghị lần thứ {n} về công tác giảm nghèo.",
                     f"Theo báo cáo, toàn phường còn {poor} hộ nghèo, tỷ lệ hộ nghèo {rate}%.",
                     f"Năm {y}, phường được hỗ trợ {money} triệu đồng để xây nhà cho hộ nghèo."]
            date = f"{8 + n % 9:02d}:{n % 60:02d} {d:02d}/{m:02d}/{y}" if n % 2 else f"{d:02d}/{m:02d}/{y}"
            layout = "unknown" if n % 7 == 0 else "other" if n % 5 == 0 else "main"
            slug = f"{TOPICS[n % len(TOPICS)]}-{_words(n)}"
            self.posts.append(Post(n, slug, f"Phường {self.label}: hội nghị lần thứ {n}", paras,
                                   f"Quang cảnh hội nghị lần thứ {n}.", date, f"{y}-{m:02d}-{d:02d}", layout))
        self.by_slug = {p.slug: p for p in self.posts}

    # ---- pages ---------------------------------------------------------------------

    def chrome(self, main: str, title: str) -> str:
        most = "".join(f'<li><a href="/vi/bai-viet/{p.slug}">{html.escape(p.title)}</a> (1.{p.n:03d} lượt xem)</li>'
                       for p in self.posts[:5])
        return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body><header class="header"><div class="top-bar"><span class="top-time">Thứ Năm, 04/12/2025</span></div>
<nav class="main-menu"><a href="/">Trang chủ</a><a href="{LISTING}">Tin tức - Sự kiện</a></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a><a href="{LISTING}">Tin tức - Sự kiện</a></div>
<div class="container"><div class="main-content">{main}</div>
<div class="sidebar"><div class="box-counter">Lượt truy cập: 1.234.567<br>Đang online: 45<br>Hôm nay: 1.203</div>
<div class="most-view"><h4>Tin xem nhiều</h4><ul>{most}</ul></div>
<div class="banner"><img src="/{self.name}/Others/banner-2025.jpg" alt="Chào mừng 80 năm"></div></div></div>
<footer class="footer">UBND phường {self.label}. Điện thoại: 0239.3836.212. Số lượt truy cập: 98.765</footer>
</body></html>"""

    def listing(self, page: int) -> str:
        pages = -(-len(self.posts) // self.per_page)
        chunk = self.posts[(page - 1) * self.per_page: page * self.per_page]
        items = "".join(
            f'<div class="post-item"><h4><a href="/vi/bai-viet/{p.slug}">{html.escape(p.title)}</a></h4>'
            f'<span class="info-post-times">{p.date}</span><p class="content">{html.escape(p.paragraphs[1])}</p></div>'
            for p in chunk)
        pager = "".join(f'<a href="{LISTING}?page={k}">{k}</a>' for k in range(1, pages + 1))
        return self.chrome(f'<div class="list-post">{items}</div><div class="pagination">{pager}</div>',
                           "Tin tức - Sự kiện")

    def article(self, p: Post) -> str:
        paras = "".join(f"<p>{html.escape(t)}</p>" for t in p.paragraphs)
        fig = (f'<figure><img src="/{self.name}/Others/anh-{p.n}.jpg" alt=""><figcaption>{html.escape(p.caption)}'
               f'</figcaption></figure>')
        related = "".join(f'<li><a href="/vi/bai-viet/{q.slug}">{html.escape(q.title)}</a></li>'
                          for q in self.posts[p.n:p.n + 3])
        if p.layout == "main":
            main = (f'<h1 class="post-title">{html.escape(p.title)}</h1><div class="info">'
                    f'<span class="post-time">{p.date}</span> <span class="views">Lượt xem: 1.{p.n:03d}</span></div>'
                    f'<div class="content-detail">{paras}{fig}</div>')
        elif p.layout == "other":
            main = (f'<div class="post-head"><h1 class="title">{html.escape(p.title)}</h1>'
                    f'<span class="date">{p.date}</span></div><div class="detail-content">{paras}{fig}</div>')
        else:
            main = (f'<h1>{html.escape(p.title)}</h1><p class="ngay"><span class="date-post">{p.date}</span></p>'
                    f'<div class="noi-dung">{paras}</div>')
        main += f'<div class="related-posts"><h3>Tin liên quan</h3><ul>{related}</ul></div>'
        return self.chrome(main, p.title)

    def body_text(self, p: Post) -> str:
        """The article's text as the page serves it (its paragraphs, the caption)."""
        return "\n\n".join(p.paragraphs + ([p.caption] if p.layout != "unknown" else []))

    def page(self, method: str, path: str, query: dict, body: bytes = b""):
        """(status, headers, body bytes, truncate_to), as `portal.Server` serves."""
        ctype = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /admin\n", None
        if path == "/":
            return 200, ctype, self.chrome(f'<a href="{LISTING}">Tin tức</a>', "Trang chủ").encode(), None
        if path.rstrip("/") == LISTING:
            page = int((query.get("page") or ["1"])[0])
            return 200, ctype, self.listing(page).encode(), None
        if path.startswith("/vi/bai-viet/"):
            p = self.by_slug.get(path.split("/")[3])
            if p is not None:
                return 200, ctype, self.article(p).encode(), None
        return 404, ctype, b"<html><body>Not found</body></html>", None

    def profile(self, folder) -> str:
        """A profile file for this server: the ward's profile with base and hosts changed."""
        path = folder / f"{self.name}-mock.toml"
        path.write_text(f'extends = "{self.name}"\nname = "{self.name}"\nbase = "{self.base}"\n'
                        f'hosts = ["127.0.0.1"]\ndelay = 0.0\n', encoding="utf-8")
        return str(path)
