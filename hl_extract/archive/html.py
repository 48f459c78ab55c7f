"""HTML pages → clean article text and metadata (title, date and its source, category).

Bytes are decoded here (HTTP header, meta charset, UTF-8, then detection, with
Windows-1258 and mislabelled pages handled). The text is the article node's
paragraphs only — the profile's selectors, or trafilatura when none matches — then
`text.clean`. The date comes from the URL, else the article's own date line, else
htmldate capped at the fetch time, never from page chrome such as the header's today.
"""
from __future__ import annotations

import codecs
import copy
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

import lxml.html
from lxml import etree

from hl_extract.archive import sites
from hl_extract.common.records import Article
from hl_extract.archive.items import Problem, Skipped
from hl_extract.language.text import clean

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# Letters only Vietnamese text has (after NFC): ă đ ĩ ũ ơ ư and the toned vowels.
_VIET = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_SINGLE_BYTE_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}


def _codec(name) -> str:
    try:
        return codecs.lookup(name.decode("ascii", "ignore") if isinstance(name, bytes) else name).name
    except (LookupError, TypeError):
        return ""


def _viet_score(text: str) -> int:
    return len(_VIET.findall(unicodedata.normalize("NFC", text)))


def _try(body: bytes, codec: str):
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding) of a page: BOM, HTTP header, meta charset, UTF-8, detection."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    utf8 = _try(body, "utf-8")
    declared = []
    m = _HEADER_CHARSET.search(content_type or "")
    if m:
        declared.append(_codec(m[1]))
    m = _META_CHARSET.search(body[:4096])
    if m:
        declared.append(_codec(m[1]))
    for codec in filter(None, declared):
        text = _try(body, codec)
        if text is None:
            continue
        if codec != "utf-8" and utf8 is not None and not utf8.isascii():
            return utf8, "utf-8"  # labelled single-byte, but really UTF-8
        if codec in _SINGLE_BYTE_WESTERN:
            vn = _try(body, "cp1258")
            if vn is not None and _viet_score(vn) > _viet_score(text):
                return vn, "cp1258"  # Vietnamese labelled as Western
        return text, codec
    if utf8 is not None:
        return utf8, "utf-8"
    candidates = ["cp1258"]
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(body).best()
        if best is not None:
            candidates.append(_codec(best.encoding))
    except ImportError:
        pass
    decoded = [(t, c) for c in candidates if c and (t := _try(body, c)) is not None]
    if decoded:
        return max(decoded, key=lambda tc: _viet_score(tc[0]))
    return body.decode("cp1258", "replace"), "cp1258"


def parse(text: str):
    """An lxml HTML tree of a page's text."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    return lxml.html.document_fromstring(text or "<html></html>")


def links(tree, base_url: str) -> list[str]:
    """Every link (`<a href>`) of a page, made absolute."""
    out = []
    for a in tree.iterfind(".//a[@href]"):
        href = a.get("href", "").strip()
        if href and not href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            out.append(lxml.html.urljoin(base_url, href))
    return out


# ---- text of a node ---------------------------------------------------------------

_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "table", "tr", "blockquote", "pre", "figure", "figcaption", "dl", "dt",
          "dd", "center", "address", "hr", "header", "footer", "aside", "nav", "form"}
_WS = re.compile(r"[ \t\r\n\f]+")


def _walk(el, out: list) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else None
    grid = _grid(el) if tag == "table" else None
    if tag in ("script", "style", "noscript", "template") or tag is None:
        pass
    elif grid is not None:
        out.append("\n\n" + "\n".join("| " + " | ".join(row) + " |" for row in grid) + "\n\n")
    else:
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK:
            out.append("\n\n")
        if el.text:
            out.append(_WS.sub(" ", el.text))
        for child in el:
            _walk(child, out)
        if tag in _BLOCK:
            out.append("\n\n")
        elif tag in ("td", "th"):
            out.append(" ")
    if el.tail:
        out.append(_WS.sub(" ", el.tail))


MAX_CELL_CHARS = 250   # a longer cell is a layout table's prose, not a data cell


def _grid(table) -> list[list[str]] | None:
    """A data table's cells as a grid — a cell spanning rows or columns written once, the
    cells it covers left empty (as trafilatura writes them) — or None for a layout table
    (one row or column, a table inside, a cell of prose)."""
    if table.find(".//table") is not None:
        return None
    rows = [tr for tr in table.iter("tr") if tr.getparent() is not None]
    grid: list[list[str]] = []
    below: dict[int, int] = {}   # column → rows still covered by a cell spanning rows
    for tr in rows:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        row: list[str] = []
        col = 0
        for c in cells:
            while below.get(col, 0) > 0:
                row.append("")
                below[col] -= 1
                col += 1
            text = " ".join(c.text_content().split()).replace("|", "/")
            if len(text) > MAX_CELL_CHARS:
                return None
            span = _span(c.get("colspan"))
            down = _span(c.get("rowspan")) - 1
            for k in range(span):
                row.append(text if k == 0 else "")
                if down > 0:
                    below[col + k] = down
            col += span
        while below.get(col, 0) > 0:
            row.append("")
            below[col] -= 1
            col += 1
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    if len(grid) < 2 or width < 2:
        return None
    return [r + [""] * (width - len(r)) for r in grid]


def _span(value) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def node_text(el) -> str:
    """The paragraphs of a node: one per block element, `<br>` a line break."""
    out: list[str] = []
    _walk(el, out)
    text = re.sub(r" *\n *", "\n", "".join(out))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _first(tree, selectors):
    for sel in selectors or []:
        try:
            found = tree.cssselect(sel)
        except Exception:  # a selector this lxml cannot compile: a profile bug, skip it
            continue
        if found:
            return found[0]
    return None


def _drop(node, selectors) -> None:
    for sel in selectors or []:
        try:
            for el in node.cssselect(sel):
                if el is not node and el.getparent() is not None:
                    el.drop_tree()
        except Exception:
            continue


# ---- dates --------------------------------------------------------------------------

_DATE_LINE = [
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm|,)\s*(?P<y>(?:19|20)\d{2})", re.I),
]


def date_in(text: str, cap: date) -> str:
    """The first plausible date written in a date line (`15/09/2023`, `Ngày cập nhật …`)."""
    for pattern in _DATE_LINE:
        for m in pattern.finditer(text or ""):
            try:
                d = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if d <= cap:
                return d.isoformat()
    return ""


def _cap(fetched_at: str) -> date:
    try:
        return datetime.fromisoformat(fetched_at.replace("Z", "+00:00")).date()
    except (ValueError, AttributeError):
        return datetime.now(timezone.utc).date()


def _published(tree, url: str, profile, fetched_at: str) -> tuple[str, str]:
    iso = profile.url_date(url)
    cap = _cap(fetched_at)
    if iso and iso <= cap.isoformat():
        return iso, "url"
    bare = copy.deepcopy(tree)
    _drop(bare, profile.select.get("chrome"))   # never the header's "today" or a sidebar's dates
    for sel in profile.select.get("date") or []:
        try:
            nodes = bare.cssselect(sel)
        except Exception:  # a selector this lxml cannot compile: a profile bug, skip it
            continue
        for node in nodes:   # every candidate, in order: the first that holds a date
            for value in (node.get("datetime"), node.get("content"), node.text_content()):
                iso = date_in(value or "", cap)
                if iso:
                    return iso, "page"
    try:
        from htmldate import find_date
        iso = find_date(bare, original_date=True, max_date=cap.isoformat(), url=url,
                        extensive_search=True)
    except Exception:  # htmldate fails on odd trees; a date is optional
        iso = None
    return (iso, "htmldate") if iso else ("", "")


# ---- the page ----------------------------------------------------------------------

@dataclass
class Page:
    text: str
    title: str = ""
    published: str = ""
    date_source: str = ""
    category: str = ""
    canonical: str = ""
    encoding: str = ""
    listing: str = ""        # why the page is a home/category/listing page, "" for an article


def _title(tree, profile) -> str:
    node = _first(tree, profile.select.get("title"))
    if node is not None and node.text_content().strip():
        return node.text_content()
    for xp in ("//meta[@property='og:title']/@content", "//title/text()"):
        found = tree.xpath(xp)
        if found and str(found[0]).strip():
            return str(found[0])
    return ""


def _category(tree, profile) -> str:
    node = _first(tree, profile.select.get("category"))
    if node is None:
        return ""
    return node.get("content") or node.text_content()


MIN_BODY_CHARS = 60      # an article node holds at least this much text outside its links
MAX_LINK_SHARE = 0.5     # and at most this share of its text in links (else: a list of links)


def _own_text(node) -> tuple[int, int]:
    """(characters of the node's text, characters of it inside links)."""
    total = len(" ".join(node.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in node.iter("a"))
    return total, linked


def _is_body(node) -> bool:
    total, linked = _own_text(node)
    return total - linked >= MIN_BODY_CHARS and linked <= MAX_LINK_SHARE * total


def _article_node(tree, selectors):
    """The first node matched by the profile's article selectors that holds an article's
    text (long enough, not a list of links); None when none does."""
    for sel in selectors or []:
        try:
            found = tree.cssselect(sel)
        except Exception:  # a selector this lxml cannot compile: a profile bug, skip it
            continue
        for node in found:
            if _is_body(node):
                return node
    return None


def _body(tree, url: str, profile) -> str:
    """The article's paragraphs: the profile's article node, else what trafilatura finds; the
    lead (`sapo`) first when the body does not hold it."""
    node = _article_node(tree, profile.select.get("article"))
    if node is not None:
        node = copy.deepcopy(node)
        _drop(node, profile.select.get("drop"))
        text = node_text(node)
    else:
        import trafilatura
        bare = copy.deepcopy(tree)
        _drop(bare, profile.select.get("chrome"))
        text = trafilatura.extract(bare, url=url or None, include_comments=False, include_tables=True,
                                   favor_recall=True, deduplicate=False) or ""
        text = re.sub(r"\n+", "\n\n", text)
    lead = _first(tree, profile.select.get("lead"))
    if lead is not None:
        lead_text = node_text(lead)
        if lead_text and " ".join(lead_text.split())[:80] not in " ".join(text.split()):
            text = f"{lead_text}\n\n{text}" if text else lead_text
    return text


def listing_reason(tree, text: str) -> str:
    """Why a page is a home, category or listing page rather than an article ("" if it is
    none): its text is mostly the titles of the links it lists."""
    titles = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    titles = {t for t in titles if len(t) >= LISTING_TITLE_CHARS}
    paras = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    titled = sum(1 for p in paras if p in titles)
    if titled >= LISTING_MIN_TITLES and titled >= LISTING_TITLE_SHARE * len(paras):
        return f"a listing page: {titled} of its {len(paras)} paragraphs are titles of links"
    return ""


LISTING_TITLE_CHARS = 20    # a link text this long is a title (not "Xem thêm", "Trang 2")
LISTING_MIN_TITLES = 4      # a page whose paragraphs hold this many link titles,
LISTING_TITLE_SHARE = 0.3   # at least this share of them, lists articles: it is none


def canonical_link(tree) -> str:
    found = tree.xpath("//link[@rel='canonical']/@href") or tree.xpath("//meta[@property='og:url']/@content")
    return str(found[0]).strip() if found else ""


def extract(body: bytes, url: str = "", profile=None, content_type: str = "",
            fetched_at: str = "") -> Page:
    """The article of an HTML page: clean text, title, date and its source, category."""
    html, encoding = decode(body, content_type)
    tree = parse(html)
    canon = canonical_link(tree)
    if profile is None:
        profile = sites.for_url(url or canon)
    page_url = profile.canonical(url, base=url) if url else ""
    if canon:
        canon = profile.canonical(canon, base=url or profile.base)
    published, date_source = _published(tree, page_url or canon, profile, fetched_at)
    text = clean(_body(tree, url, profile))
    return Page(text=text, title=clean(_title(tree, profile)).replace("\n", " "),
                published=published, date_source=date_source,
                category=clean(_category(tree, profile)).replace("\n", " "),
                canonical=canon, encoding=encoding, listing=listing_reason(tree, text))


def article(page: Page, url: str, profile, source: str, fetched_at: str = "", **extra) -> Article:
    """The `Article` record of an extracted page at canonical `url`."""
    return Article(article_id=profile.article_id(url), text=page.text, url=url, source=source,
                   title=page.title, published=page.published, fetched_at=fetched_at,
                   date_source=page.date_source, category=page.category, **extra)


def read_html(path: Path, profile=None) -> Iterator:
    """The article of a saved page, read with `profile` when given (`extract --site`), else the
    profile of its canonical link's host, else `generic`; with no canonical link its id is the
    file name (prefixed by the profile's name when one was given)."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), str(exc))
        return
    try:
        tree = parse(decode(body)[0])
    except (etree.ParserError, ValueError) as exc:
        yield Problem(str(path), f"not an HTML page ({exc})")
        return
    url = canonical_link(tree)
    given = profile is not None
    if profile is None:
        profile = sites.for_url(url) if url else sites.load("generic")
    url = profile.canonical(url) if url else ""
    fetched = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
    page = extract(body, url, profile, fetched_at=fetched)
    if page.listing:
        yield Skipped(str(path), "a listing page (by its links)", page.listing)
        return
    if not page.text:
        yield Problem(str(path), "no article text found in the page")
        return
    art = article(page, url, profile, str(path), fetched)
    if not url or (given and not profile.is_article(url)):
        art.article_id = f"{profile.name}:{path.stem}" if given else path.stem
    yield art
