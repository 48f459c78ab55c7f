"""Site profiles (`rules/sites/*.toml`) and canonical URLs.

A profile says where a site's listings and articles are, how its URLs are
canonicalised and which page nodes hold title, date, body and category. Code never
names a site: a second portal of the same platform is one more profile file.
"""
from __future__ import annotations

import copy
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from hl_extract.common import ruleset

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

# Query parameters that only track where a click came from.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|zarsrc\w*|mc_[ce]id|_ga)$", re.I)


@dataclass
class Profile:
    name: str
    base: str = ""
    hosts: list = field(default_factory=list)
    start: list = field(default_factory=list)
    feeds: list = field(default_factory=list)
    sitemaps: list = field(default_factory=list)
    delay: float = 1.0
    urls: dict = field(default_factory=dict)
    pagination: dict = field(default_factory=dict)
    select: dict = field(default_factory=dict)
    source: str = ""  # where the profile was loaded from (name or path)

    @functools.cached_property
    def _article(self):
        return re.compile(self.urls.get("article") or r"(?!)")

    @functools.cached_property
    def _listing(self):
        return re.compile(self.urls.get("listing") or r"(?!)")

    @functools.cached_property
    def postback(self):
        pat = self.pagination.get("postback")
        return re.compile(pat) if pat else None

    def owns(self, url: str) -> bool:
        """True if `url` is on this site (its host is one of the profile's hosts)."""
        host = urlsplit(url).hostname or ""
        return host in self.hosts or (not self.hosts and bool(self.base)
                                      and host == urlsplit(self.base).hostname)

    def canonical(self, url: str, base: str = "") -> str:
        """The canonical form of `url`: no fragment, no tracking parameters, sorted query."""
        url = urljoin(base or self.base, url.strip())
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        port = parts.port
        netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
        path = parts.path or "/"
        for pattern, repl in self.urls.get("rewrite", []):
            path = re.sub(pattern, repl, path)
        if self.urls.get("lowercase_path"):
            path = path.lower()
        keep = {k.lower() for k in self.urls.get("keep_params", [])}
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if not TRACKING.match(k) and (not keep or k.lower() in keep)]
        return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))

    def _target(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def article_match(self, url: str):
        return self._article.search(self._target(url))

    def is_article(self, url: str) -> bool:
        return bool(self.article_match(url))

    def is_listing(self, url: str) -> bool:
        return not self.is_article(url) and bool(self._listing.search(self._target(url)))

    def article_id(self, url: str) -> str:
        """The stable article id of a canonical article URL (the profile's `article_id`)."""
        m = self.article_match(url)
        groups = {k: v for k, v in (m.groupdict() if m else {}).items() if v is not None}
        groups.setdefault("id", hashlib.sha1(url.encode()).hexdigest()[:12])
        groups["hash"] = hashlib.sha1(url.encode()).hexdigest()[:12]
        groups["host"] = urlsplit(url).hostname or ""
        groups["site"] = self.name
        return self.urls.get("article_id", "{site}:{hash}").format(**groups).lower()

    def url_date(self, url: str) -> str:
        """The ISO date written in an article URL (`…/2023-3-9/…`), else ""."""
        m = self.article_match(url)
        if not m or not {"y", "m", "d"} <= set(m.groupdict()):
            return ""
        try:
            from datetime import date
            return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except (TypeError, ValueError):
            return ""


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _data(name_or_path: str) -> dict:
    path = Path(name_or_path)
    if path.suffix == ".toml":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    else:
        data = copy.deepcopy(ruleset.load(f"sites/{name_or_path}"))   # the cached rules stay as read
    if data.get("extends"):
        parent = _data(data.pop("extends"))
        own_id = data.get("urls", {}).get("article_id")
        data = _merge(parent, data)
        template = data.get("urls", {}).get("article_id", "")
        if not own_id and parent.get("name") and template.startswith(parent["name"] + ":"):
            # ids are prefixed by the profile's own name: two portals' ids never collide
            data["urls"]["article_id"] = "{site}:" + template[len(parent["name"]) + 1:]
    return data


@functools.cache
def load(name_or_path: str) -> Profile:
    """The profile `rules/sites/<name>.toml`, or a profile file given by path.

    A profile may say `extends = "honglinh"` and override only what differs.
    """
    data = _data(name_or_path)
    known = set(Profile.__dataclass_fields__)
    return Profile(**{k: v for k, v in data.items() if k in known}, source=name_or_path)


def names() -> list[str]:
    return ruleset.names("sites")


def for_url(url: str) -> Profile:
    """The profile whose hosts include the URL's host, else `generic`."""
    for name in names():
        prof = load(name)
        if prof.hosts and prof.owns(url):
            return prof
    return load("generic")
