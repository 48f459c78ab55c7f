"""A polite, resumable crawler: site profile in, WARC files out.

robots.txt is obeyed; one request per `delay` seconds per host (robots Crawl-delay
wins if longer); the User-Agent names the tool and a contact; timeouts, 429 (with
Retry-After) and 5xx are retried with backoff; redirects are followed within the site
only; responses over `max_bytes` are dropped. Validators (ETag, Last-Modified) make a
re-crawl fetch only what changed.

Crawl state lives in SQLite beside the archive: the frontier, every URL's status and
validators, and how many bytes of each WARC file are committed. A page's WARC records
and its state row are committed together (the file is cut back to the committed size on
start), so a crawl killed at any moment resumes without refetching or duplicating.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests
import urllib3
from lxml import etree

from hl_extract import __version__
from hl_extract.archive import html, sites
from hl_extract.archive.warc import Writer

DONE = ("fetched", "unchanged")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started TEXT, finished TEXT);
CREATE TABLE IF NOT EXISTS urls (
  url TEXT PRIMARY KEY, target TEXT, method TEXT DEFAULT 'GET', body BLOB, kind TEXT,
  run INTEGER, status TEXT, http INTEGER, etag TEXT, last_modified TEXT, sha TEXT,
  fetched_at TEXT, warc_file TEXT, warc_offset INTEGER, article_id TEXT, links TEXT,
  error TEXT, seq INTEGER);
CREATE INDEX IF NOT EXISTS urls_frontier ON urls (run, status, seq);
CREATE INDEX IF NOT EXISTS urls_article ON urls (article_id);
CREATE TABLE IF NOT EXISTS warc (name TEXT PRIMARY KEY, size INTEGER);
CREATE TABLE IF NOT EXISTS robots (site TEXT, run INTEGER, status INTEGER, text TEXT,
  PRIMARY KEY (site, run));
"""
# columns added since the first schema: (table, column, declaration); added to older state files
_ADDED = [("urls", "failures", "INTEGER DEFAULT 0"), ("urls", "retry_after", "TEXT"),
          ("robots", "sha", "TEXT"), ("runs", "requests", "INTEGER DEFAULT 0"),
          ("runs", "offsite_links", "INTEGER DEFAULT 0"), ("runs", "old_links", "INTEGER DEFAULT 0")]
# statuses counted from the state (the whole run, over every invocation that resumed it)
_STATUSES = ("fetched", "unchanged", "failed", "robots", "offsite", "duplicate", "redirect", "too_large",
             "deferred")


@dataclass
class Options:
    delay: float | None = None        # None: the profile's delay
    max_pages: int | None = None      # requests in this invocation
    since: str = ""                   # ISO date: older articles are not fetched
    contact: str = ""
    max_bytes: int = 5_000_000        # largest response body kept
    retries: int = 4
    backoff: float = 1.0              # first retry wait, doubled each time
    failed_backoff: float = 3600.0    # a URL that failed waits this long before the next run tries it
                                      # again (doubled per failure, at most a week), and gets one try
    max_wait: float = 120.0           # longest wait (Retry-After included)
    timeout: float = 20.0
    warc_max_bytes: int = 100_000_000
    progress: bool = False


@dataclass
class Summary:
    """What a crawl run did: over every invocation of the run (a resumed crawl counts from its
    start); `requests` and `seconds` are this invocation's."""
    counts: dict = field(default_factory=lambda: dict.fromkeys(
        ("fetched", "unchanged", "failed", "robots", "offsite", "duplicate", "redirect",
         "too_large", "deferred", "old", "listing"), 0))
    requests: int = 0
    run_requests: int = 0
    seconds: float = 0.0
    finished: bool = False
    network: str = ""                 # the error of a host that could not be reached at all

    def table(self) -> str:
        labels = {"fetched": "pages archived", "unchanged": "unchanged (304 / same)",
                  "failed": "failed", "robots": "skipped by robots.txt",
                  "offsite": "off-site (not followed)", "duplicate": "duplicates (not fetched)",
                  "redirect": "redirects", "too_large": "too large",
                  "deferred": "failed before, retried later", "old": "older than --since",
                  "listing": "  of which listings/feeds"}
        rows = [(labels[k], v) for k, v in self.counts.items()]
        rate = self.requests / self.seconds if self.seconds else 0.0
        rows += [("HTTP requests (this run)", self.run_requests or self.requests), ("pages/s", f"{rate:.1f}"),
                 ("crawl finished", "yes" if self.finished else "no (run again to resume)")]
        out = "\n".join(f"  {k:<28} {v:>8}" for k, v in rows)
        if self.network:
            out = f"  network: {self.network}\n" + out
        return out


def user_agent(contact: str) -> str:
    contact = contact or os.environ.get("HL_EXTRACT_CONTACT", "")
    return f"hl-extract/{__version__} (+{contact or 'no contact given; see hl-extract crawl --contact'})"


class Fetched:
    def __init__(self, status=0, reason="", headers=(), body=b"", error=""):
        self.status, self.reason, self.headers, self.body, self.error = status, reason, list(headers), body, error

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


class Crawler:
    def __init__(self, profile, folder, state_path=None, options: Options | None = None, log=sys.stderr):
        self.profile, self.opt, self.log = profile, options or Options(), log
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(state_path or self.folder / "crawl-state.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe against a killed process
        self.db.executescript(_SCHEMA)
        for table, column, decl in _ADDED:
            if column not in {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": user_agent(self.opt.contact),
                                     "Accept-Language": "vi,en;q=0.5"})
        self.writer = Writer(self.folder, profile.name, self.opt.warc_max_bytes,
                             info={"hl-site": profile.source, "http-header-user-agent": self.session.headers["User-Agent"]})
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.last: dict[str, float] = {}
        self.unreachable: dict[str, str] = {}   # host → network error, for this invocation
        self.summary = Summary()
        self._links_seen = {"offsite_links": 0, "old_links": 0}   # not yet written to the state
        self._requests_saved = 0
        self._resume_archive()
        self.run = self._run()

    # ---- state ---------------------------------------------------------------------

    def _resume_archive(self) -> None:
        rows = self.db.execute("SELECT name, size FROM warc ORDER BY name").fetchall()
        for name, size in rows:
            path = self.folder / name
            if path.exists() and path.stat().st_size > size:
                with open(path, "r+b") as fh:
                    fh.truncate(size)
        if rows:
            self.writer.resume(*rows[-1])

    def _run(self) -> int:
        row = self.db.execute("SELECT id FROM runs WHERE finished IS NULL ORDER BY id DESC").fetchone()
        if row:
            return row[0]
        run = self.db.execute("INSERT INTO runs (started) VALUES (?)", (_now(),)).lastrowid
        base = self.profile.base
        for path in self.profile.start:
            self._discover(self.profile.canonical(path, base), "listing")
        for path in self.profile.feeds + self.profile.sitemaps:
            self._discover(self.profile.canonical(path, base), "feed")
        return run

    def _discover(self, url: str, kind: str, target: str = "", method: str = "GET", body: bytes = b"") -> None:
        run = getattr(self, "run", None) or self.db.execute("SELECT max(id) FROM runs").fetchone()[0]
        seq = time.monotonic_ns()
        self.db.execute(
            "INSERT INTO urls (url, target, method, body, kind, run, status, seq) VALUES (?,?,?,?,?,?,'queued',?) "
            "ON CONFLICT(url) DO UPDATE SET run=excluded.run, status='queued', seq=excluded.seq, "
            "target=excluded.target, body=excluded.body WHERE urls.run < excluded.run",
            (url, target or url, method, body, kind, run, seq))

    def _next(self):
        return self.db.execute(
            "SELECT url, target, method, body, kind, etag, last_modified, sha, links, failures, retry_after FROM urls "
            "WHERE run=? AND status='queued' ORDER BY seq LIMIT 1", (self.run,)).fetchone()

    def _set(self, url: str, status: str, **cols) -> None:
        self.summary.counts[status] = self.summary.counts.get(status, 0) + 1
        cols["status"] = status
        sets = ", ".join(f"{k}=?" for k in cols)
        self.db.execute(f"UPDATE urls SET {sets} WHERE url=?", (*cols.values(), url))

    # ---- politeness ----------------------------------------------------------------

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's robots.txt, fetched once per crawl run (archived only when it changed);
        None when the host cannot be reached at all (no answer: the network failed)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key in self.unreachable:
            return None
        if key not in self.robots:
            row = self.db.execute("SELECT status, text FROM robots WHERE site=? AND run=?",
                                  (key, self.run)).fetchone()
            if row is None:
                got = self._fetch(key + "/robots.txt", "GET", b"", {})
                if got.status == 0:   # no HTTP answer: say so, assume nothing about the rules
                    self.unreachable[key] = f"{key} could not be reached ({got.reason or got.error})"
                    self.summary.network = self.unreachable[key]
                    return None
                row = (got.status, got.body.decode("utf-8", "replace") if got.status == 200 else "")
                sha = hashlib.sha256(b"%d " % got.status + got.body).hexdigest()
                last = self.db.execute("SELECT sha FROM robots WHERE site=? AND sha IS NOT NULL ORDER BY run DESC "
                                       "LIMIT 1", (key,)).fetchone()
                self.db.execute("BEGIN")
                if not got.error and (last is None or last[0] != sha):
                    self._archive(key + "/robots.txt", "GET", {}, got, datetime.now(timezone.utc))
                self.db.execute("INSERT INTO robots (site, run, status, text, sha) VALUES (?,?,?,?,?)",
                                (key, self.run, *row, sha))
                self.db.execute("COMMIT")
            rp = urllib.robotparser.RobotFileParser(key + "/robots.txt")
            if row[0] == 200:  # case-insensitive paths: rules compared in lower case too
                text = row[1].lower() if self.profile.urls.get("lowercase_path") else row[1]
                rp.parse(text.splitlines())
                for sm in rp.site_maps() or []:
                    if self.profile.owns(sm):
                        self._discover(self.profile.canonical(sm), "feed")
            elif 400 <= row[0] < 500:
                rp.allow_all = True
            else:  # a server error: RFC 9309 says assume everything is disallowed
                rp.disallow_all = True
            self.robots[key] = rp
        return self.robots[key]


    def _delay(self, url: str) -> float:
        delay = self.opt.delay if self.opt.delay is not None else self.profile.delay
        rp = self.robots.get("{0.scheme}://{0.netloc}".format(urlsplit(url)))
        crawl_delay = rp.crawl_delay("hl-extract") if rp else None
        return max(delay, float(crawl_delay or 0))

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self.last.get(host, 0) + self._delay(url) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last[host] = time.monotonic()

    def _retry_wait(self, got: Fetched, attempt: int) -> float:
        wait = self.opt.backoff * 2 ** attempt
        ra = got.header("Retry-After").strip()
        if ra:
            try:
                wait = float(ra)
            except ValueError:
                try:
                    wait = (parsedate_to_datetime(ra) - datetime.now(timezone.utc)).total_seconds()
                except (TypeError, ValueError):
                    pass
        return min(max(wait, 0.0), self.opt.max_wait)

    # ---- fetching --------------------------------------------------------------------

    def _fetch(self, target: str, method: str, body: bytes, headers: dict, retries: int | None = None) -> Fetched:
        got = Fetched(error="not tried")
        retries = self.opt.retries if retries is None else retries
        for attempt in range(retries + 1):
            self._wait_turn(target)
            self.summary.requests += 1
            got = self._once(target, method, body, headers)
            retry = got.error == "retry" or got.status == 429 or got.status >= 500
            if not retry or attempt == retries:
                break
            time.sleep(self._retry_wait(got, attempt))
        return got

    def _once(self, target, method, body, headers) -> Fetched:
        """One request. `timeout` bounds the whole response, not each read: a server
        trickling a byte at a time is cut off at the deadline."""
        deadline = time.monotonic() + self.opt.timeout
        try:
            with self.session.request(method, target, data=body or None, headers=headers,
                                      timeout=self.opt.timeout, allow_redirects=False, stream=True) as r:
                if int(r.headers.get("Content-Length") or 0) > self.opt.max_bytes:
                    return Fetched(r.status_code, r.reason, r.headers.items(), error="too_large")
                chunks, size = [], 0
                while True:
                    if time.monotonic() > deadline:
                        return Fetched(error="retry", reason=f"no whole response within {self.opt.timeout:g} s")
                    chunk = r.raw.read1(65536, decode_content=True)   # one socket read at most
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > self.opt.max_bytes:
                        return Fetched(r.status_code, r.reason, r.headers.items(), error="too_large")
                    chunks.append(chunk)
                return Fetched(r.status_code, r.reason or "", r.headers.items(), b"".join(chunks))
        except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError, urllib3.exceptions.HTTPError) as exc:
            return Fetched(error="retry", reason=str(exc)[:200])
        except requests.RequestException as exc:
            return Fetched(error="failed", reason=str(exc)[:200])

    # ---- one page ---------------------------------------------------------------------

    def step(self) -> bool:
        """Fetch the next page of the frontier; False when the frontier is empty."""
        item = self._next()
        if item is None:
            return False
        url, target, method, body, kind, etag, last_mod, sha, old_links, failures, retry_after = item
        failures = failures or 0
        prof = self.profile
        aid = prof.article_id(url) if kind == "article" else None
        if aid and self.db.execute("SELECT 1 FROM urls WHERE article_id=? AND run=? AND url<>? AND status IN "
                                   "('fetched','unchanged')", (aid, self.run, url)).fetchone():
            self._set(url, "duplicate", article_id=aid)
            return True
        if failures and retry_after and retry_after > _now():
            self._set(url, "deferred")   # failed in an earlier run: not again before retry_after
            return True
        robots = self._robots(target)
        if robots is None:   # the host did not answer: a network failure, not the page's
            self._set(url, "failed", error=self.unreachable[_origin(target)])
            return True
        if not robots.can_fetch("hl-extract", target):
            self._set(url, "robots")
            return True
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_mod:
            headers["If-Modified-Since"] = last_mod
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        fetched_at = datetime.now(timezone.utc)
        got = self._fetch(target, method, body or b"", headers, retries=0 if failures else None)
        now = fetched_at.isoformat(timespec="seconds")
        if got.error == "too_large":
            self._set(url, "too_large", http=got.status, fetched_at=now)
        elif got.error or got.status == 0 or got.status >= 400:
            wait = min(self.opt.failed_backoff * 2 ** failures, 7 * 86400)
            self._set(url, "failed", http=got.status, error=got.error + " " + got.reason, fetched_at=now,
                      failures=failures + 1, retry_after=_now(wait))
        elif got.status == 304:
            for args in self._follow([u for u in (old_links or "").split("\n") if u], kind, []):
                self._discover(*args)
            self._set(url, "unchanged", http=304, fetched_at=now, article_id=aid, failures=0)
        elif 300 <= got.status < 400:
            loc = got.header("Location")
            nxt = prof.canonical(loc, base=target) if loc else ""
            same = hashlib.sha256(f"{got.status} {loc}".encode()).hexdigest()
            if same != sha:   # a redirect archived before, unchanged, is not archived again
                self._archive(target, method, headers, got, fetched_at, body)
            if nxt and prof.owns(nxt) and _origin(nxt) == _origin(target):
                self._discover(nxt, "article" if prof.is_article(nxt) else kind)
                self._set(url, "redirect", http=got.status, fetched_at=now, sha=same, failures=0)
            else:   # another site, or another scheme or port of this host: not this site's page
                self._set(url, "offsite", http=got.status, fetched_at=now, sha=same, error=f"redirect to {loc}")
        else:
            self._page(url, target, method, body, headers, got, fetched_at, kind, sha, aid)
        self._count_links()
        self.db.execute("COMMIT") if self.db.in_transaction else None
        return True

    def _count_links(self) -> None:
        """Add this step's counts of links not followed to the run's state."""
        seen = self._links_seen
        if self.summary.requests > self._requests_saved or any(seen.values()):
            self.db.execute("UPDATE runs SET requests=requests+?, offsite_links=offsite_links+?, "
                            "old_links=old_links+? WHERE id=?",
                            (self.summary.requests - self._requests_saved, seen["offsite_links"],
                             seen["old_links"], self.run))
            self._requests_saved = self.summary.requests
            self._links_seen = dict.fromkeys(seen, 0)

    def _archive(self, target, method, headers, got: Fetched, fetched_at, body=b""):
        req = dict(self.session.headers)
        req.update(headers)
        req["Host"] = urlsplit(target).netloc
        name, offset, end = self.writer.write(target, method, req, body or b"", got.status, got.reason,
                                              got.headers, got.body, fetched_at)
        self.db.execute("BEGIN") if not self.db.in_transaction else None
        self.db.execute("INSERT INTO warc (name, size) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
                        "size=excluded.size", (name, end))
        return name, offset

    def _page(self, url, target, method, body, headers, got: Fetched, fetched_at, kind, old_sha, aid):
        now = fetched_at.isoformat(timespec="seconds")
        sha = hashlib.sha256(got.body).hexdigest()
        found, postbacks = self._links(got, target, kind)
        self.db.execute("BEGIN")
        if kind == "article":
            canon = self._canonical_of(got, target)
            if canon and canon != url and self.profile.owns(canon) and self.profile.is_article(canon):
                aid = self.profile.article_id(canon)
        cols = dict(http=got.status, etag=got.header("ETag"), last_modified=got.header("Last-Modified"),
                    sha=sha, fetched_at=now, article_id=aid, links="\n".join(found), error=None)
        if sha == old_sha:
            self._set(url, "unchanged", **cols)
        elif aid and self.db.execute("SELECT 1 FROM urls WHERE article_id=? AND run=? AND url<>? AND status "
                                     "IN ('fetched','unchanged')", (aid, self.run, url)).fetchone():
            self._set(url, "duplicate", **cols)
        else:
            name, offset = self._archive(target, method, headers, got, fetched_at, body)
            self._set(url, "fetched", warc_file=name, warc_offset=offset, **cols)
        for args in self._follow(found, kind, postbacks):
            self._discover(*args)

    def _canonical_of(self, got: Fetched, target: str) -> str:
        if "html" not in got.header("Content-Type").lower():
            return ""
        try:
            link = html.canonical_link(html.parse(html.decode(got.body, got.header("Content-Type"))[0]))
        except (etree.ParserError, ValueError):
            return ""
        return self.profile.canonical(link, base=target) if link else ""

    def _links(self, got: Fetched, target: str, kind: str) -> tuple[list[str], list]:
        """A page's canonical links in page order, and its postback pages (listings)."""
        ctype = got.header("Content-Type").lower()
        postbacks = []
        if kind == "feed" or "xml" in ctype or "rss" in ctype:
            try:
                root = etree.fromstring(got.body, etree.XMLParser(recover=True, resolve_entities=False,
                                                                  no_network=True))
            except etree.XMLSyntaxError:
                return [], []
            if root is None:
                return [], []
            raw = [el.text or el.get("href") or "" for el in root.iter()
                   if isinstance(el.tag, str) and etree.QName(el).localname in ("loc", "link")]
        elif "html" in ctype:
            text = html.decode(got.body, got.header("Content-Type"))[0]
            tree = html.parse(text)
            raw = html.links(tree, target)
            if self.profile.postback is not None and kind == "listing":
                postbacks = _postbacks(self.profile, tree, text, target)
        else:
            return [], []
        out, seen = [], set()
        for link in raw:
            link = link.strip()
            if not link:
                continue
            canon = self.profile.canonical(link, base=target)
            if canon not in seen:
                seen.add(canon)
                out.append(canon)
        return out, postbacks

    def _follow(self, found: list[str], kind: str, postbacks: list):
        """(url, kind, target, method, body) of the links to enqueue, then postback pages.

        With `since`, a listing whose dated articles are all older stops the pagination.
        """
        prof, since, n = self.profile, self.opt.since, self._links_seen
        follow = True
        if since and kind == "listing":
            dates = [d for d in (prof.url_date(u) for u in found if prof.is_article(u)) if d]
            follow = not dates or max(dates) >= since
        for link in found:
            if not prof.owns(link):
                n["offsite_links"] += 1
            elif prof.is_article(link):
                date = prof.url_date(link)
                if since and date and date < since:
                    n["old_links"] += 1
                else:
                    yield link, "article"
            elif follow and (link.lower().endswith((".xml", ".rss")) or "/rss" in link.lower()):
                yield link, "feed"
            elif follow and prof.is_listing(link):
                yield link, "listing"
        if follow:
            yield from postbacks

    # ---- the crawl ----------------------------------------------------------------------

    def crawl(self) -> Summary:
        """Crawl until the frontier is empty or `max_pages` requests are made."""
        start = time.monotonic()
        bar = _bar(self.opt.progress, self.opt.max_pages)
        try:
            while self.opt.max_pages is None or self.summary.requests < self.opt.max_pages:
                if not self.step():
                    self.db.execute("UPDATE runs SET finished=? WHERE id=?", (_now(), self.run))
                    self.summary.finished = True
                    break
                if bar is not None:
                    bar.n = self.summary.requests
                    bar.set_postfix({k: v for k, v in self.summary.counts.items()
                                     if v and k in ("fetched", "unchanged", "failed", "robots")}, refresh=False)
                    bar.update(0)
        finally:
            if bar is not None:
                bar.close()
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self._count_links()
            self.summary.seconds = time.monotonic() - start
            self._run_counts()
        return self.summary

    def _run_counts(self) -> None:
        """The summary's counts over the whole run, from the state (a resumed run included)."""
        counts = self.summary.counts
        rows = dict(self.db.execute("SELECT status, count(*) FROM urls WHERE run=? GROUP BY status", (self.run,)))
        for k in _STATUSES:
            counts[k] = rows.get(k, 0)
        requests, offsite, old = self.db.execute(
            "SELECT requests, offsite_links, old_links FROM runs WHERE id=?", (self.run,)).fetchone()
        counts["offsite"] += offsite or 0
        counts["old"] = old or 0
        counts["listing"] = self.db.execute(
            "SELECT count(*) FROM urls WHERE run=? AND kind IN ('listing','feed') AND status NOT IN "
            "('queued','robots','duplicate','deferred')", (self.run,)).fetchone()[0]
        self.summary.run_requests = requests or 0

    def close(self) -> None:
        self.db.close()
        self.session.close()


def _postbacks(profile, tree, text: str, target: str):
    """ASP.NET postback pages of a listing: (key, 'listing', action, 'POST', form body)."""
    from urllib.parse import urlencode
    forms = tree.xpath("//form")
    if not forms:
        return []
    form = forms[0]
    action = profile.canonical(form.get("action") or target, base=target)
    fields = {i.get("name"): i.get("value", "") for i in form.xpath(".//input[@type='hidden'][@name]")}
    out, seen = [], set()
    for m in profile.postback.finditer(text):
        event_target, argument = m[1], m[2]
        if argument in seen:
            continue
        seen.add(argument)
        data = dict(fields, __EVENTTARGET=event_target, __EVENTARGUMENT=argument)
        out.append((f"{action}#postback={argument}", "listing", action, "POST", urlencode(data).encode()))
    return out


def _bar(enabled: bool, total):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit=" req", file=sys.stderr, mininterval=0.3)


def _now(later: float = 0.0) -> str:
    """The time now (or `later` seconds from now), ISO, UTC."""
    return datetime.fromtimestamp(time.time() + later, timezone.utc).isoformat(timespec="seconds")


def _origin(url: str) -> str:
    """scheme://host:port — what a redirect must keep to stay on the page's site."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


def crawl(site: str, folder=None, state=None, options: Options | None = None) -> Summary:
    """Crawl the site of profile `site` (a name or a .toml path) into `folder` (corpus/<site>/)."""
    profile = sites.load(site)
    folder = folder or Path("corpus") / profile.name
    c = Crawler(profile, folder, state, options)
    try:
        return c.crawl()
    finally:
        c.close()


def crawl_many(site_list, root=None, options: Options | None = None, log=sys.stderr) -> dict:
    """Crawl several sites at once, one thread each: every host keeps its own delay and its own
    state and archive (`root/<site>/`), so a slow or failing portal never holds up another.
    Returns {site name: Summary}."""
    import threading
    profiles = [sites.load(s) for s in site_list]
    names = [p.name for p in profiles]
    if len(set(names)) != len(names):
        raise ValueError(f"two profiles share a name: {', '.join(sorted(n for n in names if names.count(n) > 1))}")
    root = Path(root) if root else Path("corpus")
    results, errors = {}, {}

    def one(site, profile):
        try:
            results[profile.name] = crawl(site, root / profile.name, options=options)
        except Exception as exc:  # one site's failure is reported, the others go on
            errors[profile.name] = exc
    threads = [threading.Thread(target=one, args=(s, p), name=p.name) for s, p in zip(site_list, profiles)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, exc in errors.items():
        print(f"error: crawl of {name} stopped: {exc}", file=log)
    return results

