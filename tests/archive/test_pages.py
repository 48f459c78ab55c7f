"""Which pages are articles: a home, category or listing page is never a row (counted in the
summary); the lead paragraph is part of the text; a profile's article node must hold an
article (long enough, not a list of links)."""
from __future__ import annotations

import re

import pytest

from hl_extract.archive import html, inputs, sites, warc
from hl_extract.archive.items import Skipped

from testenv import run_cli as hl

GENERIC = sites.load("generic")
TEASERS = [("Hà Tĩnh giải ngân hơn 1.200 tỷ đồng vốn đầu tư công trong quý III", "Tỷ lệ giải ngân đạt 62%."),
           ("Thị xã Hồng Lĩnh còn 120 hộ nghèo sau đợt rà soát cuối năm", "Tỷ lệ hộ nghèo còn 2,62%."),
           ("Phường Nam Hồng đạt chuẩn đô thị văn minh với 19 tiêu chí", "Phường có 1.830 hộ."),
           ("Hội nông dân hỗ trợ 34 hộ xây nhà ở trong năm 2023 vừa qua", "Kinh phí hơn 2 tỷ đồng."),
           ("Xã Thuận Lộc ra mắt mô hình khu dân cư kiểu mẫu đầu tiên", "Có 45 hộ tham gia."),
           ("Khánh thành cầu dân sinh nối hai thôn với kinh phí 3 tỷ đồng", "Cầu dài 120 m.")]


def homepage() -> str:
    items = "".join(f'<div class="item"><h3><a href="/tin-tuc/bai-viet-so-{n}-{1000 + n}.html">{t}</a></h3>'
                    f'<p>{s}</p></div>' for n, (t, s) in enumerate(TEASERS))
    return (f'<html><head><title>Báo điện tử</title></head><body><header><a href="/">Trang chủ</a></header>'
            f'<main><h2>Tin mới</h2>{items}</main><footer>Liên hệ</footer></body></html>')


def article_page(lead: str = "") -> str:
    related = "".join(f'<li><a href="/tin-tuc/bai-{n}-{2000 + n}.html">{t}</a></li>' for n, (t, _) in enumerate(TEASERS))
    body = ("Sáng 15/9, UBND thị xã Hồng Lĩnh tổ chức hội nghị tổng kết công tác giảm nghèo giai đoạn 2021 - 2025. "
            "Theo báo cáo, cuối năm 2022 toàn thị xã còn 120 hộ nghèo, tỷ lệ hộ nghèo còn 2,62%. ")
    sapo = f'<p class="description">{lead}</p>' if lead else ""
    return (f'<html><head><title>Bài</title></head><body><header><a href="/">Trang chủ</a></header>'
            f'<article><h1>Hồng Lĩnh giảm nghèo</h1>{sapo}<div class="fck_detail"><p>{body}</p>'
            f'<p>{body}</p></div></article><aside><h3>Tin liên quan</h3><ul>{related}</ul></aside>'
            f'<footer>Liên hệ</footer></body></html>')


def test_a_homepage_of_teasers_is_a_listing():
    page = html.extract(homepage().encode(), "https://baodientu.example.vn/", GENERIC)
    assert page.listing.startswith("a listing page")


def test_an_article_with_a_sidebar_of_related_links_is_an_article():
    page = html.extract(article_page().encode(), "https://baodientu.example.vn/tin-tuc/bai-hong-linh-3001.html",
                        GENERIC)
    assert page.listing == "" and "2,62%" in page.text


def test_an_html_homepage_given_to_extract_is_counted_not_written(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "trang-chu.html").write_text(homepage(), encoding="utf-8")
    (tmp_path / "in" / "bai.html").write_text(article_page(), encoding="utf-8")
    proc = hl("extract", tmp_path / "in", "--out", tmp_path / "d", "--quiet", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"articles written\s+1\b", proc.stdout) and re.search(r"not articles\s+1\b", proc.stdout)
    assert "a listing page (by its links)" in proc.stdout
    figures = (tmp_path / "d" / "figures.csv").read_text(encoding="utf-8")
    assert "1.200 tỷ đồng" not in figures and "2,62%" in figures    # no teaser's figure


def test_warc_listings_and_redirects_are_skipped_by_reason(tmp_path):
    w = warc.Writer(tmp_path, "generic", info={"hl-site": "generic"})
    ctype = [("Content-Type", "text/html; charset=utf-8")]
    w.write("https://baodientu.example.vn/tin-tuc/trang-chu-tin-moi-9999.html", "GET", {}, b"", 200, "OK", ctype,
            homepage().encode())   # an article's URL, a listing's page
    w.write("https://baodientu.example.vn/tin-tuc/bai-hong-linh-3001.html", "GET", {}, b"", 200, "OK", ctype,
            article_page().encode())
    w.write("https://baodientu.example.vn/cu", "GET", {}, b"", 301, "Moved",
            [("Location", "https://baodientu.example.vn/tin-tuc/bai-hong-linh-3001.html")], b"")
    w.write("https://baodientu.example.vn/robots.txt", "GET", {}, b"", 200, "OK", [("Content-Type", "text/plain")],
            b"User-agent: *\n")
    items = list(inputs.iter_inputs([w.path]))
    skipped = sorted(i.reason for i in items if isinstance(i, Skipped))
    assert skipped == ["a listing page (by its links)", "not HTTP 200 (a redirect or an error page)",
                       "not an HTML page (robots.txt, a feed, a sitemap)"]
    assert [i.url for i in items if not isinstance(i, Skipped)] == [
        "https://baodientu.example.vn/tin-tuc/bai-hong-linh-3001.html"]


LEAD = "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 1,9%, giảm 0,7 điểm phần trăm."
BODY = ("Sáng 15/9, UBND thị xã Hồng Lĩnh tổ chức hội nghị tổng kết công tác giảm nghèo giai đoạn 2021 - 2025. "
        "Theo báo cáo, toàn thị xã còn 120 hộ nghèo. ")
# the layout of a national news site's article (the sapo beside the body, not in it), and an h2 sapo:
# trafilatura alone drops both leads
LEAD_PAGES = [
    f'<html><body><section class="page-detail"><div class="sidebar-1"><span class="date">Thứ sáu, 15/9/2023</span>'
    f'<h1 class="title-detail">Hồng Lĩnh giảm nghèo</h1><p class="description"><span class="location-stamp">Hà Tĩnh'
    f'</span>{LEAD}</p><article class="fck_detail"><p class="Normal">{BODY}</p><p class="Normal">{BODY}</p>'
    f'<p class="Normal">{BODY}</p></article></div></section></body></html>',
    f'<html><body><div class="detail"><h1>T</h1><h2 class="sapo">{LEAD}</h2><div class="detail-content">'
    f'<p>{BODY}</p><p>{BODY}</p></div></div></body></html>',
]


@pytest.mark.parametrize("page", LEAD_PAGES)
def test_the_lead_paragraph_is_text(page):
    got = html.extract(page.encode(), "https://baodientu.example.vn/tin-tuc/bai-3002.html", GENERIC)
    assert LEAD in got.text and got.text.count("1,9%") == 1
    assert got.text.index("1,9%") < got.text.index("120 hộ nghèo")


def test_a_lead_the_body_already_holds_is_not_repeated():
    prof = sites.Profile("t", select={"article": ["article"], "lead": ["p.description"], "drop": []})
    lead = "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 1,9%, giảm 0,7 điểm phần trăm."
    page = html.extract(article_page(lead).encode(), "", prof)
    assert page.text.count(lead) == 1


def test_an_article_node_that_is_a_list_of_links_is_passed_over():
    # the first selector matches the sidebar's list (a profile written for another layout)
    prof = sites.Profile("t", select={"article": ["aside", ".fck_detail"], "drop": []})
    page = html.extract(article_page().encode(), "", prof)
    assert "2,62%" in page.text and "Khánh thành cầu" not in page.text


def test_extract_site_reads_saved_pages_with_that_profile(tmp_path):
    from portal2025 import Ward
    ward = Ward("namhonglinh", "Nam Hồng Lĩnh", n_articles=3)
    post = ward.posts[0]   # a page saved without its canonical link
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bai-1.html").write_text(ward.article(post), encoding="utf-8")

    def read(*extra):
        out = tmp_path / f"d{len(extra)}"
        proc = hl("extract", tmp_path / "in", "--out", out, "--quiet", "--workers", "1", *extra)
        assert proc.returncode == 0, proc.stderr
        with open(out / "articles.csv", newline="", encoding="utf-8") as fh:
            import csv
            (row,) = list(csv.DictReader(fh))
        return row
    row = read("--site", "namhonglinh")
    assert row["article_id"] == "namhonglinh:bai-1" and row["published"] == post.iso and row["date_source"] == "page"
    assert read()["article_id"] == "bai-1"            # no --site: the generic profile, as before
    proc = hl("extract", tmp_path / "in", "--out", tmp_path / "x", "--site", "nosuch")
    assert proc.returncode == 2 and "no site profile 'nosuch'" in proc.stderr and "Traceback" not in proc.stderr
