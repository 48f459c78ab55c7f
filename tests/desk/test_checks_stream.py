"""check streams the figures article by article and hash-partitions the comparisons
(desk/checks/stream.py): it must find exactly what the in-memory checks find."""
from __future__ import annotations

import csv
import json

import pytest

from hl_extract import load
from hl_extract.dataset.batch import extract
from hl_extract.desk import checks
from hl_extract.desk.checks import stream
from testenv import run_cli as cli

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_TEXTS = [
    "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,62%.",
    "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,8%.",
    "Cuối năm 2021, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 3,1%.",
    "Cuối năm 2020, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 31%.",
    "Năm 2022, huyện Can Lộc giải ngân 2.300 tỷ đồng vốn đầu tư công, xã Thiên Lộc được hỗ trợ 150 triệu đồng.",
    "Năm 2022, huyện Can Lộc giải ngân 2.100 tỷ đồng vốn đầu tư công.",
    "Năm 2023, toàn huyện có 120 hộ nghèo, trong đó xã Thiên Lộc có 150 hộ nghèo.",
    "Tỷ lệ hộ nghèo của tỉnh Hà Tĩnh năm 2022 là 2,62%, tỷ lệ hộ nghèo năm 2022 là 2,62%.",
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    d = tmp_path_factory.mktemp("stream")
    import random
    rnd = random.Random(7)
    words = "đường điện trường trạm cầu chợ đê kênh nhà văn hóa sân bóng thư viện bến xe".split()
    places = ["thị xã Hồng Lĩnh", "huyện Can Lộc", "huyện Đức Thọ", "huyện Hương Sơn"]
    rec = []
    for i in range(40):         # each a story of its own (no near-copies), templates over places
        text = _TEXTS[i % len(_TEXTS)]
        if i >= len(_TEXTS):
            text = text.replace("thị xã Hồng Lĩnh", places[(i // 8) % 4]).replace("huyện Can Lộc", places[(i // 8 + 1) % 4])
        filler = " ".join(rnd.choice(words) for _ in range(60))
        rec.append({"id": f"s:{i}", "date": f"2023-0{1 + i % 9}-1{i % 10}", "title": f"Tin {i}",
                    "text": f"{text} Bài số {i}: {filler}."})
    (d / "in.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rec), encoding="utf-8")
    extract([d / "in.jsonl"], d / "out", progress=False, workers=1)
    return d / "out"


def _key(found):
    return [(c.check_id, c.kind, c.severity, c.figure_ids, c.article_ids, c.message) for c in found]


def test_stream_finds_what_memory_finds_with_many_shards(dataset):
    expected = _key(checks.find(load(dataset)))
    assert len(expected) >= 4, expected                 # the fixture has something to find
    kinds = {k[1] for k in expected}
    assert "cross_article_conflict" in kinds, kinds
    tiny = _key(checks.ordered(stream.find(dataset, memory_limit=1024)))   # ≥ 16 shards, many spill files
    assert tiny == expected
    assert not (dataset / stream.SPILL).exists()        # the spill folder is removed


def test_stream_reads_parquet_like_csv(dataset, tmp_path):
    pytest.importorskip("pyarrow")
    from hl_extract.dataset import parquet
    import shutil
    d = tmp_path / "pq"
    shutil.copytree(dataset, d)
    parquet.write(d, ["articles", "figures", "statements", "tasks"])
    (d / "figures.csv").write_text("broken", encoding="utf-8")   # older than its Parquet? make it so:
    import os, time
    old = time.time() - 100
    for name in ("articles", "figures", "statements", "tasks"):
        if (d / f"{name}.csv").exists():
            os.utime(d / f"{name}.csv", (old, old))
    assert _key(checks.ordered(stream.find(d))) == _key(checks.find(load(dataset)))


def test_figures_out_of_article_order_are_checked_in_memory(dataset, tmp_path, capsys):
    import shutil
    d = tmp_path / "shuffled"
    shutil.copytree(dataset, d)
    with open(d / "figures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    body = body[::2] + body[1::2]                       # one article's figures apart
    with open(d / "figures.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([head] + body)
    with pytest.raises(stream.NotGrouped):
        stream.find(d)
    found = checks.run(d)
    assert "checked in memory" in capsys.readouterr().err
    same = lambda fs: sorted((c.kind, c.severity, tuple(sorted(c.figure_ids.split(";")))) for c in fs)
    assert same(found) == same(checks.find(load(dataset)))   # the same findings, in the file's order


def test_check_memory_limit_is_validated(dataset):
    r = cli("check", dataset, "--memory-limit", "lots")
    assert r.returncode == 2 and "memory-limit" in r.stderr and "Traceback" not in r.stderr
    r = cli("check", dataset, "--memory-limit", "64MB", "--quiet")
    assert r.returncode == 0, r.stderr
    assert (dataset / "checks.csv").exists()
