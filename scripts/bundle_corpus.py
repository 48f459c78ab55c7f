"""Build the bundled corpus `corpus/honglinh/honglinh-bundle.warc.gz` (run from the repo).

The one real article of the Hồng Lĩnh portal we hold (`tests/fixtures/
honglinh-2023-09-15.txt`, its text as a scraper saw it) is put into a page of a
RECONSTRUCTED portal layout (tests/support/portal.py), with a home page, two listing pages
and robots.txt around it, and archived as the crawler would. Only the article text
is real; the title, URL id, layout and listing entries are made up.

    python scripts/bundle_corpus.py
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from portal import article_main, layout, listing_main  # noqa: E402

from hl_extract.archive import warc  # noqa: E402
from hl_extract.archive.crawl import user_agent  # noqa: E402
from hl_extract.archive.sites import load  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "honglinh-2023-09-15.txt"
SEED_ID = "honglinh:2023-09-15"   # the id the seed has in ../shared/gold/dev.jsonl
ARTICLE = "/portal/Pages/2023-9-15/Hoi-nghi-danh-gia-ket-qua-thuc-hien-nhiem-vu-9-thang-dau-nam-2023-465900.aspx"
TITLE = "Hội nghị đánh giá kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2023"
FETCHED = datetime(2025, 12, 3, 8, 0, tzinfo=timezone.utc)   # the header's "Thứ Tư, 3 tháng 12, 2025"


def body_of_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    return text[:text.index("\nĐánh giá:")].rstrip()


def pages(base: str):
    """(path, content type, body, extra WARC headers) of every archived response."""
    other = [(f"/portal/Pages/2023-9-{d}/Tin-khac-{465890 + d}.aspx", f"(bài khác, không có trong kho mẫu) {d}/9/2023")
             for d in (18, 17, 16)]
    pager = ('<a href="/portal/Pages/Tin-tuc-su-kien.aspx?page=1">1</a> '
             '<a href="/portal/Pages/Tin-tuc-su-kien.aspx?page=2">2</a>')
    yield "/robots.txt", "text/plain", b"User-agent: *\nDisallow: /_layouts/\n", {}
    yield ("/portal/Pages/default.aspx", "text/html; charset=utf-8",
           layout("Trang chủ", listing_main([(ARTICLE, TITLE)] + other[:1], pager)).encode(), {})
    yield ("/portal/Pages/Tin-tuc-su-kien.aspx", "text/html; charset=utf-8",
           layout("Tin tức - Sự kiện", listing_main(other + [(ARTICLE, TITLE)], pager)).encode(), {})
    yield ("/portal/Pages/Tin-tuc-su-kien.aspx?page=2", "text/html; charset=utf-8",
           layout("Tin tức - Sự kiện", listing_main([(ARTICLE, TITLE)], pager)).encode(), {})
    page = layout(TITLE, article_main(TITLE, body_of_seed(), "15/09/2023 16:02"),
                  canonical=base + ARTICLE, related=other)
    yield ARTICLE, "text/html; charset=utf-8", page.encode(), {"HL-Article-Id": SEED_ID}


def main() -> None:
    profile = load("honglinh")
    folder = ROOT / "corpus" / "honglinh"
    out = folder / "honglinh-bundle.warc.gz"
    folder.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    w = warc.Writer(folder, "honglinh", info={"hl-site": "honglinh",
                                             "description": "reconstructed portal layout around one real article"})
    w.name = out.name
    for path, ctype, body, extra in pages(profile.base):
        w.write(profile.base + path, "GET", {"User-Agent": user_agent(""), "Host": "honglinh.hatinh.gov.vn"},
                b"", 200, "OK", [("Content-Type", ctype)], body, FETCHED, extra)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
