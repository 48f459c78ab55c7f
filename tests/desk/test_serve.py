"""`hl-extract serve`: the dataset on Datasette — facets, search, canned queries, figure pages,
read-only, on 127.0.0.1."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("datasette")

from hl_extract.dataset.batch import extract  # noqa: E402
from hl_extract.desk import checks, serve  # noqa: E402

from testenv import FIXTURES, subprocess_env  # noqa: E402


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    d = tmp_path_factory.mktemp("desk") / "data"
    extract([FIXTURES / "portal_style" / "articles.jsonl", FIXTURES / "honglinh-2023-09-15.txt"], d,
            progress=False, workers=1)
    checks.run(d)
    return d, serve.app(d)


def get(ds, url):
    return asyncio.run(ds.client.get(url))


def test_tables_facets_and_search(desk):
    _, ds = desk
    r = get(ds, "/data/figures.json?_facet=metric&_facet=province&_shape=objects&_size=5")
    assert r.status_code == 200
    facets = r.json()["facet_results"]
    assert {"metric", "province"} <= set(facets)
    metrics = {f["value"] for f in facets["metric"]["results"]}
    assert "poverty_rate" in metrics
    hits = get(ds, "/data/figures.json?_search=h%E1%BB%99+ngh%C3%A8o&_shape=array").json()   # "hộ nghèo"
    words = lambda h: " ".join(h[k] or "" for k in ("sentence", "subject", "raw")).lower().split()
    assert hits and all("hộ" in words(h) and any(w.strip(".,;:") == "nghèo" for w in words(h)) for h in hits)
    # tone marks count: "hồ" (lake) finds no "hộ"
    assert all("hồ" in " ".join(words(h)) for h in get(ds, "/data/figures.json?_search=h%E1%BB%93&_shape=array").json())


def test_every_canned_query_runs(desk):
    _, ds = desk
    for name in serve.CANNED:
        r = get(ds, f"/data/{name}.json?place=H%E1%BB%93ng&raw=2,62&_shape=array")
        assert r.status_code == 200, (name, r.text[:300])
    said = get(ds, "/data.json?sql=SELECT+raw+FROM+figures+WHERE+statement_id+IS+NOT+NULL+LIMIT+1&_shape=array")
    raw = said.json()[0]["raw"]
    rows = get(ds, "/data/who_said_a_figure.json?_shape=array&raw=" + raw.replace("%", "%25")).json()
    assert rows and rows[0]["raw"] == raw and rows[0]["speaker"]


def test_a_figure_links_to_its_sentence_with_the_figure_marked(desk):
    _, ds = desk
    page = get(ds, "/data/figures?metric=poverty_rate").text
    assert '/-/figure?id=' in page and "%23" in page      # the id quoted in the link
    row = get(ds, "/data/figures.json?raw=2,62%25&_shape=array").json()[0]
    r = get(ds, "/-/figure?id=" + row["figure_id"].replace("#", "%23"))
    assert r.status_code == 200 and '<mark class="figure">2,62%</mark>' in r.text
    assert get(ds, "/-/figure?id=nosuch").status_code == 404


def test_the_desk_is_read_only(desk):
    _, ds = desk
    r = get(ds, "/data.json?sql=DELETE+FROM+figures")
    assert r.status_code != 200 or "error" in r.text.lower()
    assert get(ds, "/data/figures.json?_shape=array&_size=1").json()


def test_serve_listens_on_127_0_0_1_and_answers(desk, tmp_path):
    import requests
    d, _ = desk
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen([sys.executable, "-m", "hl_extract", "serve", str(d), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())
    try:
        for _ in range(100):
            try:
                r = requests.get(f"http://127.0.0.1:{port}/data/figures", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail(proc.stderr.read().decode() if proc.poll() is not None else "no answer")
        assert r.status_code == 200 and "figure_id" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
