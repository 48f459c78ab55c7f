"""In a real browser (headless Chromium, Debian's `chromium`; skipped where it is not installed):
the report's first screen shows the warnings, charts are drawn, and `serve`'s figure page
marks the figure in its sentence."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt install chromium)")

from testenv import subprocess_env  # noqa: E402


def dom(url: str) -> str:
    """The page's DOM after its scripts ran."""
    out = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=4000",
                          "--dump-dom", url], capture_output=True, timeout=90)
    return out.stdout.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from hl_extract.dataset.batch import extract
    from hl_extract.desk import checks
    d = tmp_path_factory.mktemp("browser")
    rec = [{"id": "a:1", "date": "2023-01-10", "text": "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,62%."},
           {"id": "b:1", "date": "2023-01-12", "text": "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,8%."},
           {"id": "c:1", "date": "2022-01-12", "text": "Cuối năm 2021, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 3,1%."}]
    (d / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rec), encoding="utf-8")
    extract([d / "in.jsonl"], d / "data", progress=False, workers=1)
    checks.run(d / "data")
    return d / "data"


def test_the_report_shows_the_conflict_first_and_draws_its_charts(data, tmp_path):
    from hl_extract.desk import report
    out = report.write(data, tmp_path / "r.html")
    page = dom(out.as_uri())
    findings = page.split('id="checks"')[1].split("<section")[0]
    assert "cross_article_conflict" in findings and "warning" in findings
    chart = page.split('id="chart-poverty_rate"')[1][:20000]
    assert "main-svg" in chart            # plotly drew the chart in the browser


def test_serve_figure_page_marks_the_figure(data):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    proc = subprocess.Popen([sys.executable, "-m", "hl_extract", "serve", str(data), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=subprocess_env())
    try:
        import requests
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        page = dom(f"http://127.0.0.1:{port}/data/figures?metric=poverty_rate")
        assert 'href="/-/figure?id=a%3A1%231"' in page      # the id quoted: "#" would start a fragment
        fig = dom(f"http://127.0.0.1:{port}/-/figure?id=a:1%231")
        assert '<mark class="figure">2,62%</mark>' in fig
    finally:
        proc.terminate()
        proc.wait(timeout=10)
