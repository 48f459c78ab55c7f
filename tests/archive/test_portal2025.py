"""Hà Tĩnh's 2025 platform: two mock ward portals (320 articles) crawled with the ward
profiles, then extracted — every article once, its date from the page, its body as served,
no figure from the page's chrome (counters, most-read lists, footer)."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from hl_extract.archive import crawl, sites, warc

from portal import Server
from portal2025 import Ward
from testenv import run_cli as hl

FAST = dict(delay=0, backoff=0.01, contact="mailto:test@example.org")


def rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def wards(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wards")
    out = {}
    for ward in (Ward("namhonglinh", "Nam Hồng Lĩnh"), Ward("bachonglinh", "Bắc Hồng Lĩnh", n_articles=160)):
        with Server(ward) as srv:
            ward.base = srv.base
            summary = crawl.crawl(ward.profile(tmp), tmp / ward.name, options=crawl.Options(**FAST))
            again = crawl.crawl(ward.profile(tmp), tmp / ward.name, options=crawl.Options(**FAST))
        out[ward.name] = (ward, summary, again)
    proc = hl("extract", tmp / "namhonglinh", tmp / "bachonglinh", "--out", tmp / "d", "--quiet", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    return dict(wards=out, data=tmp / "d", stdout=proc.stdout, tmp=tmp)


def test_every_article_is_archived_once(wards):
    for name, (ward, summary, again) in wards["wards"].items():
        urls = Counter()
        for f in (wards["tmp"] / name).glob("*.warc.gz"):
            for r in warc.responses(f):
                if "/vi/bai-viet/" in r.url and r.status == 200:
                    urls[r.url] += 1
        assert len(urls) == len(ward.posts) and set(urls.values()) == {1}, name
        assert summary.counts["failed"] == 0 and summary.finished
        assert again.counts["fetched"] == 0       # a re-crawl archives nothing new


def test_ids_are_the_wards_slugs_and_dates_come_from_the_page(wards):
    arts = {a["article_id"]: a for a in rows(wards["data"] / "articles.csv")}
    assert len(arts) == 320
    for name, (ward, _, _) in wards["wards"].items():
        for p in ward.posts:
            a = arts[f"{name}:{p.slug}"]
            assert a["published"] == p.iso, (p.slug, p.layout, a["published"], a["date_source"])
            assert a["date_source"] == "page"


def test_the_body_is_what_was_served_and_listings_are_no_articles(wards):
    texts = {}
    with open(wards["data"] / "articles.csv", newline="", encoding="utf-8") as fh:
        ids = [a["article_id"] for a in csv.DictReader(fh)]
    from hl_extract.archive import inputs
    for item in inputs.iter_inputs([wards["tmp"] / n for n in wards["wards"]]):
        if hasattr(item, "text"):
            texts[item.article_id] = item.text
    assert sorted(texts) == sorted(ids)
    for name, (ward, _, _) in wards["wards"].items():
        for p in ward.posts:
            text = texts[f"{name}:{p.slug}"]
            if p.layout == "unknown":      # no selector matches: trafilatura's body holds the paragraphs
                assert all(t in text for t in p.paragraphs)
            else:
                assert text == ward.body_text(p), (p.layout, text)
    assert "not articles" in wards["stdout"]


def test_no_figure_comes_from_the_chrome(wards):
    figs = rows(wards["data"] / "figures.csv")
    served = {}
    for name, (ward, _, _) in wards["wards"].items():
        for p in ward.posts:
            served[f"{name}:{p.slug}"] = " ".join(p.paragraphs + [p.caption])
    chrome = [f for f in figs if f["sentence"] not in served[f["article_id"]]]
    assert chrome == []
    assert len(figs) >= 3 * 320    # each article's three figures at least


def test_the_ward_profiles_extend_the_platform():
    for name in ("namhonglinh", "bachonglinh", "hatinh"):
        p = sites.load(name)
        url = p.canonical(f"{p.base}/vi/bai-viet/Ho-tro-34-ho-ngheo-xay-nha?utm_source=zalo")
        assert p.is_article(url) and p.article_id(url) == f"{name}:ho-tro-34-ho-ngheo-xay-nha"
        assert p.is_listing(p.canonical(f"{p.base}/vi/chuyen-muc/tin-tuc---su-kien?page=3"))
        assert not p.is_article(p.canonical(f"{p.base}/{name}/Others/anh-1.jpg"))
        assert sites.for_url(url).name == name


def test_many_portals_crawl_at_once_each_host_polite_on_its_own(tmp_path):
    a, b = Ward("namhonglinh", "Nam Hồng Lĩnh", n_articles=20), Ward("bachonglinh", "Bắc Hồng Lĩnh", n_articles=20)
    with Server(a) as sa, Server(b) as sb:
        a.base, b.base = sa.base, sb.base
        profiles = []
        for ward in (a, b):
            path = tmp_path / f"{ward.name}.toml"
            path.write_text(f'extends = "{ward.name}"\nname = "{ward.name}"\nbase = "{ward.base}"\n'
                            f'hosts = ["127.0.0.1"]\ndelay = 0.02\n', encoding="utf-8")
            profiles.append(str(path))
        done = crawl.crawl_many(profiles, tmp_path / "corpus",
                                options=crawl.Options(backoff=0.01, contact="mailto:test@example.org"))
        logs = {"a": [t for *_, t in a.log], "b": [t for *_, t in b.log]}
    assert {n: s.counts["fetched"] for n, s in done.items()} == {"namhonglinh": 20 + 3, "bachonglinh": 20 + 3}
    assert (tmp_path / "corpus" / "namhonglinh").is_dir() and (tmp_path / "corpus" / "bachonglinh").is_dir()
    # the two hosts were crawled at the same time, each with its own delay between its requests
    assert logs["b"][0] < logs["a"][-1] and logs["a"][0] < logs["b"][-1]
    for times in logs.values():    # arrival times jitter on a loaded machine: the median gap and the span
        gaps = sorted(y - x for x, y in zip(times, times[1:]))
        assert gaps[len(gaps) // 2] >= 0.018 and times[-1] - times[0] >= 0.9 * 0.02 * len(gaps), gaps


def test_the_crawl_command_takes_a_folder_of_profiles(tmp_path):
    from testenv import run_cli
    a, b = Ward("namhonglinh", "Nam Hồng Lĩnh", n_articles=6), Ward("bachonglinh", "Bắc Hồng Lĩnh", n_articles=6)
    with Server(a) as sa, Server(b) as sb:
        a.base, b.base = sa.base, sb.base
        (tmp_path / "profiles").mkdir()
        for ward in (a, b):
            (tmp_path / "profiles" / f"{ward.name}.toml").write_text(
                f'extends = "{ward.name}"\nname = "{ward.name}"\nbase = "{ward.base}"\nhosts = ["127.0.0.1"]\n'
                f'delay = 0.0\n', encoding="utf-8")
        proc = run_cli("crawl", "--site", tmp_path / "profiles", "--out", tmp_path / "corpus", "--quiet",
                       "--contact", "t@example.org")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("pages archived") == 2
    for ward in (a, b):
        assert list((tmp_path / "corpus" / ward.name).glob("*.warc.gz"))
