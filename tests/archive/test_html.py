"""HTML pages → text and metadata; site profiles; WARC reading."""
from __future__ import annotations


from hl_extract.archive import html, inputs, sites, warc
from hl_extract.archive.items import Problem

from portal import _cp1258, article_main, layout

HL = sites.load("honglinh")
TEXT = "Tỷ lệ hộ nghèo còn 2,62%, hộ cận nghèo 3,04%.\n\nPhường Nam Hồng đăng ký đạt chuẩn vào năm 2024."


def page(date_line="15/09/2023 08:30", charset="utf-8"):
    return layout("Tiêu đề", article_main("Tiêu đề bài viết", TEXT, date_line), charset=charset)


def test_decoding_header_meta_utf8_and_detection():
    nfc = page(charset="windows-1258")
    cp = _cp1258(nfc)
    assert html.decode(cp, "text/html; charset=windows-1258")[1] == "cp1258"
    assert html.decode(cp, "text/html")[1] == "cp1258"                        # meta charset
    unlabelled = _cp1258(page(charset=None))
    assert html.decode(unlabelled, "")[1] == "cp1258"                          # detection
    assert html.decode(page().encode(), "text/html; charset=iso-8859-1")[1] == "utf-8"  # mislabelled
    assert html.decode(b"\xef\xbb\xbf" + page().encode())[1] == "utf-8"
    for body, ctype in ((cp, "text/html; charset=windows-1258"), (unlabelled, "")):
        assert html.extract(body, "", HL, ctype).text == TEXT


def test_article_node_only_and_no_chrome():
    p = html.extract(page().encode(), "https://honglinh.hatinh.gov.vn/portal/Pages/x.aspx", HL)
    assert p.text == TEXT and p.title == "Tiêu đề bài viết" and p.category == "Tin tức - Sự kiện"
    assert "313" not in p.text


def test_date_precedence_url_then_date_line_then_htmldate_never_the_header_today():
    url = "https://honglinh.hatinh.gov.vn/portal/Pages/2023-3-9/Tin-ch8p98kq.aspx"
    p = html.extract(page().encode(), url, HL, fetched_at="2025-12-03T08:00:00Z")
    assert (p.published, p.date_source) == ("2023-03-09", "url")
    p = html.extract(page().encode(), "https://honglinh.hatinh.gov.vn/portal/Pages/x.aspx", HL,
                     fetched_at="2025-12-03T08:00:00Z")
    assert (p.published, p.date_source) == ("2023-09-15", "page")
    p = html.extract(page("Ngày cập nhật 05/01/2024").encode(), "", HL, fetched_at="2025-12-03T08:00:00Z")
    assert p.published == "2024-01-05"
    p = html.extract(page("").encode(), "", HL, fetched_at="2025-12-03T08:00:00Z")
    assert p.published != "2025-12-03"          # the header's "Thứ Tư, 3 tháng 12, 2025"


def test_canonical_urls_and_ids():
    a = HL.canonical("https://HongLinh.hatinh.gov.vn:443/portal/Pages/2023-3-9/Tin-A-465087.aspx"
                     "?utm_source=zalo&fbclid=1#top")
    assert a == "https://honglinh.hatinh.gov.vn/portal/pages/2023-3-9/tin-a-465087.aspx"
    assert HL.canonical("/savefile/portal/Pages/2023-3-9/Tin-A-465087.aspx") == a
    assert HL.is_article(a) and HL.article_id(a) == "honglinh:465087" and HL.url_date(a) == "2023-03-09"
    b = HL.canonical("/portal/pages/2023-03-09/Ban-khac-ch8p98kq.aspx")
    assert HL.article_id(b) == "honglinh:ch8p98kq"
    listing = HL.canonical("/portal/Pages/Tin-tuc-su-kien.aspx?page=2&utm_medium=x")
    assert HL.is_listing(listing) and listing.endswith("?page=2")
    assert sites.for_url("https://baomoi.com/a-1.epi").name == "generic"
    assert sites.for_url(a).name == "honglinh"


def test_truncated_warc_yields_the_records_before_the_damage(tmp_path):
    w = warc.Writer(tmp_path, "honglinh", info={"hl-site": "honglinh"})
    ends = []
    for n in range(3):
        url = f"https://honglinh.hatinh.gov.vn/portal/Pages/2023-9-1{n}/Tin-{465000 + n}.aspx"
        ends.append(w.write(url, "GET", {}, b"", 200, "OK", [("Content-Type", "text/html; charset=utf-8")],
                            page().encode())[2])
    data = w.path.read_bytes()
    w.path.write_bytes(data[:ends[1] + 200])
    items = list(inputs.iter_inputs([w.path]))
    assert [i.article_id for i in items[:2]] == ["honglinh:465000", "honglinh:465001"]
    assert isinstance(items[2], Problem) and "truncated" in items[2].reason
    assert items[0].warc_file == w.name and items[1].warc_offset == str(ends[0])
    assert len(items) == 3


def test_html_file_reader(tmp_path):
    f = tmp_path / "bai.html"
    f.write_text(layout("T", article_main("T", TEXT, "15/09/2023"),
                        canonical="https://honglinh.hatinh.gov.vn/portal/Pages/2023-9-15/T-465900.aspx"),
                 encoding="utf-8")
    (a,) = inputs.iter_inputs([f])
    assert a.article_id == "honglinh:465900" and a.text == TEXT and a.published == "2023-09-15"
