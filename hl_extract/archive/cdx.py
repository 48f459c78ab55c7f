"""Web archives as a crawl source: a vanished site's captures, listed by CDX, into WARC files.

`crawl --site honglinh --from wayback|commoncrawl` lists every capture of the profile's
hosts through a CDX API (`url=host/*`) and fetches, raw, each article's (`profile.is_article`
of the canonical URL) newest capture with status 200 (`--all-captures`: every capture of a
distinct digest), from the replay (`<replay><timestamp>id_/<original>`) or, for Common Crawl,
as a byte range of its WARC file. Redirect, revisit and non-200 captures and non-article pages
are counted, not fetched (a redirect's target, when archived, is in the same listing).

Records go through `warc.Writer` into `<site>-<source>-….warc.gz` beside the live crawl's, with
the original URL as WARC-Target-URI and the capture time as WARC-Date, so `extract` reads them
as a live crawl. An article is written once (by article id and by CDX digest) unless
`--all-captures`. Politeness and retries are crawl.py's: `delay` (1 s) per host, a User-Agent
with a contact, 429 (Retry-After), 5xx and timeouts retried with backoff. The state is
`archive-state.sqlite`: the listing's cursor (resumeKey or page), every capture and its fate,
each WARC file's committed size. A record and its state row are committed together and the
WARC is cut back to the committed size on start, so a killed or capped run resumes with no
loss and no duplicate; a finished one, run again, lists anew and fetches only what is new.
`requests`, not cdx_toolkit: that library's pacing (3 s a request to other hosts), retries
(60 s sleeps, 100 times, on a refused connection) and User-Agent cannot be set (README).
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from hl_extract.archive import sites
from hl_extract.archive.crawl import Fetched, Options, Summary, user_agent
from hl_extract.archive.warc import Writer

SOURCES = {  # name: (CDX endpoint, replay prefix)
    "wayback": ("https://web.archive.org/cdx/search/cdx", "https://web.archive.org/web/"),
    "commoncrawl": ("https://index.commoncrawl.org/collinfo.json", "https://data.commoncrawl.org/"),
}
IA_FIELDS = "urlkey,timestamp,original,mimetype,statuscode,digest,length"
PAGE_SIZE = 5000          # CDX rows asked for at a time (wayback, with showResumeKey)
FAILS_IN_A_ROW = 3        # captures the replay fails in a row (5xx, unreachable) before stopping
_HOP = {"content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, source TEXT, started TEXT, finished TEXT,
  endpoints TEXT, cursor TEXT, listed INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS captures (source TEXT, url TEXT, ts TEXT, canonical TEXT, article_id TEXT,
  http TEXT, mime TEXT, digest TEXT, length INTEGER, filename TEXT, offset INTEGER, run INTEGER,
  state TEXT, error TEXT, archived_at TEXT, warc_file TEXT, warc_offset INTEGER,
  PRIMARY KEY (source, url, ts));
CREATE INDEX IF NOT EXISTS captures_next ON captures (source, state, article_id, ts);
CREATE INDEX IF NOT EXISTS captures_article ON captures (article_id, state);
CREATE INDEX IF NOT EXISTS captures_digest ON captures (digest, state);
CREATE TABLE IF NOT EXISTS warc (name TEXT PRIMARY KEY, source TEXT, size INTEGER);
"""
LABELS = {"listed": "captures listed (all runs)", "written": "records archived (this run)",
          "articles": "articles in the archive", "older": "older captures (not fetched)",
          "duplicate": "same digest (not fetched)", "redirect": "redirect captures",
          "revisit": "revisit captures", "status": "non-200 captures",
          "not_article": "not articles (listings …)", "old": "older than --since",
          "too_large": "too large", "failed": "failed", "new": "left to fetch"}


class SourceError(Exception):
    """The archive could not be read; the message says why (the state is kept)."""


@dataclass
class ArchiveSummary(Summary):
    counts: dict = field(default_factory=lambda: dict.fromkeys(LABELS, 0))

    def table(self) -> str:
        rows = [(LABELS[k], v) for k, v in self.counts.items()]
        rows += [("HTTP requests", self.requests),
                 ("requests/s", f"{self.requests / self.seconds if self.seconds else 0.0:.1f}"),
                 ("crawl finished", "yes" if self.finished else "no (run again to resume)")]
        return "\n".join(f"  {k:<28} {v:>8}" for k, v in rows)


def capture_time(ts: str) -> datetime:
    """A CDX timestamp (`YYYYMMDDhhmmss`, or a prefix of it) as a UTC datetime."""
    return datetime.strptime(ts.ljust(14, "0")[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def parse_cdx(body: bytes) -> tuple[list[dict], str]:
    """(rows, resume key) of a CDX answer: the Wayback JSON (a list of lists, field names first,
    `[]` and `[key]` last with showResumeKey) or pywb's / Common Crawl's JSON lines."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return [], ""
    if text.startswith("["):
        data = json.loads(text)
        if not data:
            return [], ""
        names, rows, key = data[0], data[1:], ""
        if len(rows) >= 2 and rows[-2] == [] and rows[-1]:
            key, rows = str(rows[-1][0]), rows[:-2]
        return [dict(zip(names, r)) for r in rows if r], key
    return [json.loads(line) for line in text.splitlines() if line.strip()], ""


class Source:
    """The captures of one profile's site in one web archive, archived into `folder`."""

    def __init__(self, profile, folder, source: str = "wayback", cdx: str = "", replay: str = "",
                 all_captures: bool = False, options: Options | None = None, page_size: int = PAGE_SIZE):
        if source not in SOURCES:
            raise ValueError(f"unknown archive {source!r} (one of {', '.join(SOURCES)})")
        self.cdx, self.replay = cdx or SOURCES[source][0], replay or SOURCES[source][1]
        for u in (self.cdx, self.replay):
            if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).netloc:
                raise ValueError(f"not an http(s) URL: {u!r}")
        self.replay = self.replay if self.replay.endswith("/") else self.replay + "/"
        self.profile, self.source, self.all = profile, source, all_captures
        self.opt, self.page_size = options or Options(), page_size
        self.delay = self.opt.delay if self.opt.delay is not None else 1.0
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.folder / "archive-state.sqlite", isolation_level=None)
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + _SCHEMA)
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": user_agent(self.opt.contact)})
        self.writer = Writer(self.folder, f"{profile.name}-{source}", self.opt.warc_max_bytes, info={
            "hl-site": profile.source, "hl-archive-source": source, "hl-cdx": self.cdx,
            "http-header-user-agent": self.session.headers["User-Agent"]})
        self.last: dict[str, float] = {}
        self.summary = ArchiveSummary()
        self.failing: list[tuple[str, str]] = []
        self._resume_archive()
        self.run = self._run()

    # ---- state ---------------------------------------------------------------------------

    def _resume_archive(self) -> None:
        rows = self.db.execute("SELECT name, size FROM warc WHERE source=? ORDER BY name",
                               (self.source,)).fetchall()
        for name, size in rows:
            path = self.folder / name
            if path.exists() and path.stat().st_size > size:
                with open(path, "r+b") as fh:
                    fh.truncate(size)
        if rows:
            self.writer.resume(*rows[-1])

    def _run(self) -> int:
        if self.all:  # history wanted: the older captures become candidates again
            self.db.execute("UPDATE captures SET state='new' WHERE source=? AND state='older'", (self.source,))
        row = self.db.execute("SELECT id FROM runs WHERE source=? AND finished IS NULL ORDER BY id DESC",
                              (self.source,)).fetchone()
        if row:
            return row[0]
        self.db.execute("UPDATE captures SET state='new', error=NULL WHERE source=? AND state IN ('failed', 'old')",
                        (self.source,))
        return self.db.execute("INSERT INTO runs (source, started) VALUES (?, ?)", (self.source, _now())).lastrowid

    def _mark(self, url: str, ts: str, state: str, **cols) -> None:
        sets = ", ".join(f"{k}=?" for k in ("state", *cols))
        self.db.execute(f"UPDATE captures SET {sets} WHERE source=? AND url=? AND ts=?",
                        (state, *cols.values(), self.source, url, ts))

    # ---- HTTP (the conventions of crawl.py) ---------------------------------------------------

    def _capped(self) -> bool:
        return self.opt.max_pages is not None and self.summary.requests >= self.opt.max_pages

    def _fetch(self, url: str, params=None, headers=None) -> Fetched:
        got = Fetched(error="not tried")
        for attempt in range(self.opt.retries + 1):
            host = urlsplit(url).netloc
            wait = self.last.get(host, 0) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last[host] = time.monotonic()
            self.summary.requests += 1
            got = self._once(url, params, headers or {})
            if not (got.error == "retry" or got.status == 429 or got.status >= 500) or attempt == self.opt.retries:
                break
            time.sleep(self._retry_wait(got, attempt))
        return got

    def _once(self, url, params, headers) -> Fetched:
        try:
            with self.session.get(url, params=params, headers=headers, timeout=self.opt.timeout,
                                  allow_redirects=False, stream=True) as r:
                chunks, size = [], 0
                for chunk in r.iter_content(65536):
                    size += len(chunk)
                    if size > self.opt.max_bytes:
                        return Fetched(r.status_code, r.reason, r.headers.items(), error="too_large")
                    chunks.append(chunk)
                return Fetched(r.status_code, r.reason or "", r.headers.items(), b"".join(chunks))
        except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            return Fetched(error="retry", reason=str(exc)[:200])
        except requests.RequestException as exc:
            return Fetched(error="failed", reason=str(exc)[:200])

    def _retry_wait(self, got: Fetched, attempt: int) -> float:
        wait, ra = self.opt.backoff * 2 ** attempt, got.header("Retry-After").strip()
        try:
            wait = float(ra) if ra else wait
        except ValueError:
            try:
                wait = (parsedate_to_datetime(ra) - datetime.now(timezone.utc)).total_seconds()
            except (TypeError, ValueError):
                pass
        return min(max(wait, 0.0), self.opt.max_wait)

    # ---- the listing --------------------------------------------------------------------------

    def _hosts(self) -> list[str]:
        """The hosts to list; `www.` dropped (archives key URLs by SURT, which drops it)."""
        hosts = self.profile.hosts or [urlsplit(self.profile.base).hostname or ""]
        return list(dict.fromkeys(h.lower().removeprefix("www.") for h in hosts if h))

    def _endpoints(self) -> list[str]:
        """The CDX endpoints: `--cdx`, or every crawl of a Common Crawl `collinfo.json`."""
        if not urlsplit(self.cdx).path.endswith("collinfo.json"):
            return [self.cdx]
        got = self._fetch(self.cdx)
        try:
            if got.status != 200:
                raise ValueError(f"HTTP {got.status} {got.reason}".strip())
            crawls = json.loads(got.body)
            since = self.opt.since
            return sorted({c["cdx-api"] for c in crawls if not since or (c.get("to") or "9")[:10] >= since})
        except (ValueError, TypeError, KeyError) as exc:
            raise SourceError(f"no list of crawls at {self.cdx} ({got.error or exc})") from None

    def _list(self) -> bool:
        """Page through the CDX listing into the state; False if the request cap stopped it."""
        listed, cursor, endpoints = self.db.execute(
            "SELECT listed, cursor, endpoints FROM runs WHERE id=?", (self.run,)).fetchone()
        if listed:
            return True
        if endpoints is None:
            if self._capped():
                return False
            endpoints = json.dumps(self._endpoints())
            self.db.execute("UPDATE runs SET endpoints=? WHERE id=?", (endpoints, self.run))
        jobs = [(e, h) for e in json.loads(endpoints) for h in self._hosts()]
        cur = json.loads(cursor or '{"job": 0, "page": 0, "key": ""}')
        while cur["job"] < len(jobs):
            if self._capped():
                return False
            endpoint, host = jobs[cur["job"]]
            params = {"url": f"{host}/*", "output": "json"}
            if self.opt.since:  # an article is captured after it is published
                params["from"] = self.opt.since.replace("-", "")
            if self.source == "wayback":
                params.update(fl=IA_FIELDS, limit=self.page_size, showResumeKey="true")
                if cur["key"]:
                    params["resumeKey"] = cur["key"]
            else:
                params["page"] = cur["page"]
            got = self._fetch(endpoint, params)
            last = self.source != "wayback" and (got.status == 404 or (got.status == 400 and cur["page"] > 0))
            if not got.status:
                raise SourceError(f"the CDX server {endpoint} could not be reached ({got.reason or got.error})")
            if got.status != 200 and not last and not (got.status == 404 and got.body.startswith(b"{")):
                raise SourceError(f"the CDX server {endpoint} answered {got.status} {got.reason}".strip())
            try:
                rows, key = parse_cdx(got.body) if got.status == 200 else ([], "")
            except ValueError:
                raise SourceError(f"the CDX server {endpoint} did not answer CDX JSON "
                                  f"(first bytes: {got.body[:60]!r})") from None
            if self.source == "wayback":
                cur = dict(cur, key=key) if key else {"job": cur["job"] + 1, "page": 0, "key": ""}
            else:
                cur = dict(cur, page=cur["page"] + 1) if rows else {"job": cur["job"] + 1, "page": 0, "key": ""}
            self.db.execute("BEGIN")
            self._add(rows)
            self.db.execute("UPDATE runs SET cursor=?, listed=? WHERE id=?",
                            (json.dumps(cur), int(cur["job"] >= len(jobs)), self.run))
            self.db.execute("COMMIT")
        return True

    def _add(self, rows: list[dict]) -> None:
        prof = self.profile
        for r in rows:
            url, ts = r.get("original") or r.get("url") or "", str(r.get("timestamp") or "")
            if not url or not ts.isdigit():
                continue
            status = str(r.get("statuscode") or r.get("status") or "-")
            mime = r.get("mimetype") or r.get("mime") or ""
            canon = prof.canonical(url)
            article = prof.owns(canon) and prof.is_article(canon)
            state = ("redirect" if status.startswith("3") else "not_article" if not article else
                     "revisit" if status == "-" or mime == "warc/revisit" else "new" if status == "200" else "status")
            self.db.execute(
                "INSERT OR IGNORE INTO captures (source, url, ts, canonical, article_id, http, mime, digest, "
                "length, filename, offset, run, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (self.source, url, ts, canon, prof.article_id(canon) if article else None, status, mime,
                 r.get("digest") or "", _int(r.get("length")), r.get("filename"), _int(r.get("offset")),
                 self.run, state))

    # ---- one capture --------------------------------------------------------------------------

    def step(self) -> bool:
        """Archive (or skip) the next capture; False when none is left."""
        row = self.db.execute("SELECT url, ts, canonical, article_id, digest, length, filename, offset "
                              "FROM captures WHERE source=? AND state='new' ORDER BY article_id, ts DESC "
                              "LIMIT 1", (self.source,)).fetchone()
        if row is None:
            return False
        url, ts, canon, aid, dig, length, filename, offset = row
        date = self.profile.url_date(canon)
        if self.opt.since and date and date < self.opt.since:
            self._mark(url, ts, "old")
        elif not self.all and self.db.execute("SELECT 1 FROM captures WHERE article_id=? AND state='written'",
                                              (aid,)).fetchone():
            self._mark(url, ts, "older")
        elif dig and self.db.execute("SELECT 1 FROM captures WHERE digest=? AND state='written'",
                                     (dig,)).fetchone():
            self._mark(url, ts, "duplicate")
        elif (length or 0) > self.opt.max_bytes:
            self._mark(url, ts, "too_large")
        else:
            got, status, reason, headers, body, when, where = (
                self._replayed(url, ts) if self.source == "wayback" else self._ranged(url, ts, filename, offset, length))
            if got.error == "too_large":
                self._mark(url, ts, "too_large")
            elif status != 200:
                self._failed(url, ts, got, f"{got.status or ''} {got.reason or got.error} from {where}".strip())
            else:
                self.failing.clear()
                self._write(url, ts, aid, dig, status, reason, headers, body, when, where)
        return True

    def _failed(self, url: str, ts: str, got: Fetched, why: str) -> None:
        self._mark(url, ts, "failed", error=why[:300])
        if got.error == "retry" or got.status == 429 or got.status >= 500:
            self.failing.append((url, ts))
            if len(self.failing) >= FAILS_IN_A_ROW:  # the replay is down: stop, retry these next time
                for u, t in self.failing:
                    self._mark(u, t, "new", error=None)
                raise SourceError(f"the archive fails for {len(self.failing)} captures in a row ({why}); "
                                  f"stopped, run again later to resume")
        else:
            self.failing.clear()

    def _replayed(self, url: str, ts: str):
        """The raw capture from the Wayback-style replay; a redirect within it followed (3 hops)."""
        where = f"{self.replay}{ts}id_/{url}"
        for _ in range(4):
            got = self._fetch(where)
            loc = got.header("Location")
            if not (300 <= got.status < 400 and loc and urljoin(where, loc).startswith(self.replay)):
                break
            where = urljoin(where, loc)
            m = re.match(r"(\d{4,14})[a-z]*_?/(.+)", where[len(self.replay):])
            if not m or self.profile.canonical(m[2]) != self.profile.canonical(url):
                break
            ts = m[1]
        orig = [(k[15:], v) for k, v in got.headers if k.lower().startswith("x-archive-orig-")]
        kept = [(k, v) for k, v in got.headers if k.lower() == "content-type"] + orig if orig else got.headers
        headers = [(k, v) for k, v in kept if k.lower() not in _HOP]
        return got, got.status, got.reason or "OK", headers, got.body, capture_time(ts), where

    def _ranged(self, url: str, ts: str, filename: str, offset, length):
        """The capture's WARC record, a byte range of a Common Crawl WARC file."""
        from warcio.archiveiterator import ArchiveIterator
        where = urljoin(self.replay, filename or "")
        got = self._fetch(where, headers={"Range": f"bytes={offset}-{offset + length - 1}"}) \
            if filename and offset is not None and length else Fetched(error="failed", reason="no WARC file named")
        if got.status not in (200, 206):
            return got, got.status, "", [], b"", None, where
        data = got.body[offset:offset + length] if got.status == 200 else got.body
        try:
            rec, canon = next(iter(ArchiveIterator(io.BytesIO(data)))), self.profile.canonical
            if rec.rec_type != "response" or canon(rec.rec_headers.get_header("WARC-Target-URI") or "") != canon(url):
                raise ValueError("the range holds another record")
            body, status = rec.content_stream().read(), int(rec.http_headers.get_statuscode() or 0)
            date = rec.rec_headers.get_header("WARC-Date") or ""
            when = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else capture_time(ts)
        except Exception as exc:  # noqa: BLE001 (warcio raises many kinds on a bad range)
            return Fetched(error="failed", reason=f"not a WARC record ({exc})"), 0, "", [], b"", None, where
        headers = [(k, v) for k, v in rec.http_headers.headers if k.lower() not in _HOP]
        reason = rec.http_headers.statusline.partition(" ")[2] or "OK"
        return got, status, reason, headers, body, when, where

    def _write(self, url, ts, aid, dig, status, reason, headers, body, when, where) -> None:
        extra = {"WARC-Source-URI": where, "HL-Archive-Source": self.source, "HL-Article-Id": aid,
                 **({"HL-Capture-Digest": dig} if dig else {})}
        req = {"User-Agent": self.session.headers["User-Agent"], "Host": urlsplit(url).netloc}
        name, offset, end = self.writer.write(url, "GET", req, b"", status, reason, headers, body, when, extra)
        self.db.execute("BEGIN")
        self.db.execute("INSERT INTO warc (name, source, size) VALUES (?,?,?) ON CONFLICT(name) DO UPDATE SET "
                        "size=excluded.size", (name, self.source, end))
        self._mark(url, ts, "written", archived_at=_now(), warc_file=name, warc_offset=offset, error=None)
        self.db.execute("COMMIT")
        self.summary.counts["written"] += 1

    # ---- the run ------------------------------------------------------------------------------

    def crawl(self) -> ArchiveSummary:
        """List the captures, then archive them, until done or `max_pages` requests are made."""
        start, bar = time.monotonic(), None
        if self.opt.progress:
            from tqdm import tqdm
            bar = tqdm(total=self.opt.max_pages, unit=" req", file=sys.stderr, mininterval=0.3)
        try:
            if self._list():
                while not self._capped():
                    if not self.step():
                        self.db.execute("UPDATE runs SET finished=? WHERE id=?", (_now(), self.run))
                        self.summary.finished = True
                        break
                    if bar is not None:
                        bar.n = self.summary.requests
                        bar.set_postfix(archived=self.summary.counts["written"], refresh=False)
                        bar.update(0)
        finally:
            if bar is not None:
                bar.close()
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.summary.seconds = time.monotonic() - start
            self._totals()
        return self.summary

    def _totals(self) -> None:
        n = self.summary.counts
        for state, count in self.db.execute("SELECT state, count(*) FROM captures WHERE source=? GROUP BY state",
                                            (self.source,)):
            if state in n and state != "written":
                n[state] = count
        n["listed"] = self.db.execute("SELECT count(*) FROM captures WHERE source=?", (self.source,)).fetchone()[0]
        n["articles"] = self.db.execute("SELECT count(DISTINCT article_id) FROM captures WHERE state='written'"
                                        ).fetchone()[0]

    def close(self) -> None:
        self.db.close()
        self.session.close()


def _int(value):
    return int(value) if str(value or "").isdigit() else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def crawl(site: str, source: str = "wayback", folder=None, cdx: str = "", replay: str = "",
          all_captures: bool = False, options: Options | None = None, **kw) -> ArchiveSummary:
    """Archive the captures of profile `site`'s pages held by `source` into `folder`."""
    profile = sites.load(site)
    src = Source(profile, folder or Path("corpus") / profile.name, source, cdx, replay, all_captures, options, **kw)
    try:
        return src.crawl()
    finally:
        src.close()
