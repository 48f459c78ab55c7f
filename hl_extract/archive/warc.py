"""The web archive: WARC files (warcio), written by the crawler and read by `extract`.

Files are `corpus/<site>/<site>-<start>-<nnnnn>.warc.gz`: a warcinfo record, then a
response and a request record per fetch, gzip per record, a new file past
`max_bytes`. Reading yields the response records in order; a truncated or damaged
file yields the records before the damage, then a `Problem` saying where it stopped.
"""
from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hl_extract.archive import sites
from hl_extract.archive.items import Problem, Skipped

# Body encodings undone before archiving (the body is stored decoded).
_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def warc_date(ts: datetime | None = None) -> str:
    return (ts or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Appends fetches to the site's current WARC file, rotating it by size."""

    def __init__(self, folder, site: str, max_bytes: int = 100_000_000, info: dict | None = None):
        self.folder = Path(folder)
        self.site, self.max_bytes, self.info = site, max_bytes, info or {}
        self.name = ""
        self._stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self._serial = 0

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def resume(self, name: str, size: int) -> None:
        """Continue file `name`, cutting off whatever was written after `size` bytes."""
        self.name = name
        path = self.path
        if path.exists() and path.stat().st_size > size:
            with open(path, "r+b") as fh:
                fh.truncate(size)
        self._stamp, serial = name.rsplit(".warc", 1)[0].rsplit("-", 2)[-2:]
        self._serial = int(serial)

    def size(self) -> int:
        return self.path.stat().st_size if self.name and self.path.exists() else 0

    def _next_file(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            self._serial += 1
            self.name = f"{self.site}-{self._stamp}-{self._serial:05d}.warc.gz"
            if not self.path.exists():
                break

    def _ensure_file(self) -> None:
        if not self.name or self.size() >= self.max_bytes:
            self._next_file()
        if self.size() == 0:
            with open(self.path, "ab") as fh:
                w = WARCWriter(fh, gzip=True)
                w.write_record(w.create_warcinfo_record(self.name, {
                    "software": "hl-extract", "format": "WARC File Format 1.1", **self.info}))

    def write(self, url: str, method: str, request_headers: dict, request_body: bytes,
              status: int, reason: str, response_headers, body: bytes,
              fetched_at: datetime | None = None, extra: dict | None = None) -> tuple[str, int, int]:
        """Archive one fetch; returns (file name, response record offset, file end).

        `extra`: more WARC headers for the response record (e.g. `HL-Article-Id`).
        """
        self._ensure_file()
        date = warc_date(fetched_at)
        headers = [(k, v) for k, v in response_headers if k.lower() not in _HOP_HEADERS]
        headers += [(f"X-Archive-Orig-{k}", v) for k, v in response_headers
                    if k.lower() in _HOP_HEADERS - {"content-length"}]
        headers.append(("Content-Length", str(len(body))))
        with open(self.path, "ab") as fh:
            w = WARCWriter(fh, gzip=True)
            offset = fh.tell()
            http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
            resp = w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                        http_headers=http, warc_headers_dict={"WARC-Date": date, **(extra or {})})
            w.write_record(resp)
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            req_http = StatusAndHeaders(f"{method} {target or '/'} HTTP/1.1",
                                        list(request_headers.items()), is_http_request=True)
            req = w.create_warc_record(url, "request", payload=io.BytesIO(request_body or b""),
                                       http_headers=req_http, warc_headers_dict={
                                           "WARC-Date": date,
                                           "WARC-Concurrent-To": resp.rec_headers.get_header("WARC-Record-ID")})
            w.write_record(req)
            fh.flush()
            return self.name, offset, fh.tell()


@dataclass
class Response:
    url: str
    status: int
    headers: list
    body: bytes
    date: str
    offset: int
    article_id: str = ""   # the archive's own id of the page (`HL-Article-Id`), if any

    def header(self, name: str) -> str:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


def responses(path, info: dict | None = None) -> Iterator[Response | Problem]:
    """The response records of a WARC file; a `Problem` where damage stops the reading.

    `info`, if given, receives the warcinfo fields (`hl-site` names the profile).
    """
    from warcio.archiveiterator import ArchiveIterator
    offset = end = 0
    try:
        size = os.path.getsize(path)
        whole = _whole_gzip_prefix(path, size)
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh, check_digests=True)
            for rec in records:
                if rec.rec_type == "warcinfo" and info is not None:
                    for line in rec.content_stream().read().decode("utf-8", "replace").splitlines():
                        key, _, value = line.partition(":")
                        info[key.strip()] = value.strip()
                body = rec.content_stream().read() if rec.rec_type == "response" else b""
                offset = records.get_record_offset()  # reads the record to its end
                end = offset + records.get_record_length()
                if end > whole:
                    raise EOFError("record cut short (its gzip member ends early)")
                if rec.digest_checker.passed is False or (body and _short(rec, body)):
                    raise EOFError("record cut short")
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                yield Response(url=rec.rec_headers.get_header("WARC-Target-URI") or "",
                               status=int(rec.http_headers.get_statuscode() or 0),
                               headers=list(rec.http_headers.headers), body=body,
                               date=rec.rec_headers.get_header("WARC-Date") or "", offset=offset,
                               article_id=rec.rec_headers.get_header("HL-Article-Id") or "")
        if end < size:
            offset = end
            raise EOFError(f"{size - end} bytes after the last whole record")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as exc:
        # (warcio raises AttributeError on a record header cut in the middle)
        yield Problem(f"{path}@{offset}", f"WARC file truncated or damaged at byte {offset}; "
                      f"records before it were read, the rest is lost ({exc})")


def _whole_gzip_prefix(path, size: int) -> int:
    """How many leading bytes of a gzipped WARC are whole gzip members (a record per member):
    a crawl killed mid-write leaves its last member cut, which warcio reads as a short record
    without a word. The file's size for an uncompressed WARC."""
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return size
        fh.seek(0)
        whole = pos = 0
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                return whole
            while chunk:
                try:
                    d.decompress(chunk)
                except zlib.error:
                    return whole
                if d.eof:
                    used = len(chunk) - len(d.unused_data)
                    pos += used
                    whole = pos
                    chunk = d.unused_data
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    pos += len(chunk)
                    chunk = b""


def _short(rec, body: bytes) -> bool:
    declared = rec.http_headers.get_header("Content-Length")
    return declared is not None and declared.isdigit() and len(body) < int(declared)


def newest_captures(folder) -> dict:
    """{article id: (WARC file name, record offset)} of each article's newest capture, from the
    states beside the WARC files — a live crawl's (`crawl-state.sqlite`, by fetch time) and a web
    archive's (`archive-state.sqlite`, by capture time; with `--all-captures` an article has many);
    {} when there is none."""
    import sqlite3
    queries = [("crawl-state.sqlite", "SELECT article_id, warc_file, warc_offset, fetched_at FROM urls WHERE "
                                      "article_id IS NOT NULL AND warc_file IS NOT NULL ORDER BY fetched_at, rowid"),
               ("archive-state.sqlite", "SELECT article_id, warc_file, warc_offset, ts FROM captures WHERE "
                                        "state='written' AND warc_file IS NOT NULL ORDER BY ts, rowid")]
    rows = []
    for name, sql in queries:
        state = Path(folder) / name
        if not state.exists():
            continue
        try:
            db = sqlite3.connect(state.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                rows += db.execute(sql).fetchall()
            finally:
                db.close()
        except sqlite3.Error:
            continue
    out, when = {}, {}
    for aid, name, offset, at in rows:   # the later capture wins (a CDX timestamp read as ISO)
        at = str(at or "")
        if len(at) == 14 and at.isdigit():
            at = f"{at[:4]}-{at[4:6]}-{at[6:8]}T{at[8:10]}:{at[10:12]}:{at[12:]}+00:00"
        if aid not in when or at >= when[aid]:
            out[aid], when[aid] = (name, int(offset)), at
    return out


def read_warc(path: Path, site_profile=None) -> Iterator:
    """The articles archived in a WARC file; what is no article (listing pages, redirects,
    robots.txt, older captures) is a `Skipped`, counted by the batch.

    A capture that a later crawl replaced (the page changed) is reported and skipped:
    the newest capture of each article is the one extracted.
    """
    from hl_extract.archive.html import article, extract
    info: dict = {}
    newest = newest_captures(Path(path).parent)
    for resp in responses(path, info):
        if isinstance(resp, Problem):
            yield resp
            continue
        if resp.status != 200:
            yield Skipped(f"{path}@{resp.offset}", "not HTTP 200 (a redirect or an error page)", str(resp.status))
            continue
        if "html" not in resp.header("Content-Type").lower():
            yield Skipped(f"{path}@{resp.offset}", "not an HTML page (robots.txt, a feed, a sitemap)")
            continue
        profile = site_profile or _profile(info.get("hl-site", ""), resp.url)
        url = profile.canonical(resp.url)
        if not profile.is_article(url):
            yield Skipped(f"{path}@{resp.offset}", "a home, category or listing page (by its URL)")
            continue
        aid = resp.article_id or profile.article_id(url)
        current = newest.get(aid)
        if current and current != (Path(path).name, resp.offset):
            yield Skipped(f"{path}@{resp.offset}", "an older capture of an article",
                          f"{aid}: superseded by {current[0]}@{current[1]}")
            continue
        fetched = resp.date
        try:
            page = extract(resp.body, url, profile, resp.header("Content-Type"), fetched)
        except Exception as exc:  # one bad page must not stop the file
            yield Problem(f"{path}@{resp.offset}", f"{url}: {exc}")
            continue
        if page.listing:
            yield Skipped(f"{path}@{resp.offset}", "a listing page (by its links)", page.listing)
            continue
        if not page.text:
            yield Problem(f"{path}@{resp.offset}", f"{url}: no article text found")
            continue
        art = article(page, url, profile, profile.name, fetched,
                      warc_file=Path(path).name, warc_offset=str(resp.offset))
        art.article_id = aid
        yield art


def _profile(site: str, url: str):
    if site:
        try:
            prof = sites.load(site)
            if prof.owns(url):
                return prof
        except (OSError, ValueError):
            pass
    return sites.for_url(url)
