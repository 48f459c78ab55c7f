"""Hand-made datasets (SPEC format) for the analyst's-desk tests: the seed article's
figures and registrations as the extractor should give them, and small synthetic
multi-article datasets built from rows."""
from __future__ import annotations

import json
from pathlib import Path

from hl_extract.dataset.tables import DatasetWriter
from hl_extract.common.records import Article, Figure, Statement, Task
from hl_extract.language.text import clean

from testenv import SEED_JSONL as SEED

SEED_ID = "honglinh:2023-09-15"


def seed_text() -> str:
    rec = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    return clean(rec["text"])


def _sentence(text, start):
    a = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    e = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    b = min(e) + 1 if e else len(text)
    return a, b


def fig(text, raw, occurrence=1, **kw) -> Figure:
    """A Figure at the n-th occurrence of `raw` in `text`, its sentence found around it."""
    pos = -1
    for _ in range(occurrence):
        pos = text.index(raw, pos + 1)
    a, b = _sentence(text, pos)
    kw.setdefault("metric", "count")
    kw.setdefault("unit", "item")
    kw.setdefault("value", 0)
    return Figure(raw=raw, char_start=pos, char_end=pos + len(raw), sentence=text[a:b].strip(),
                  sentence_start=a, sentence_end=b, **kw)


NINE = dict(period_start="2023-01-01", period_end="2023-09-30", period_text="9 tháng đầu năm 2023")
END22 = dict(period_start="2022-12-31", period_end="2022-12-31", period_text="cuối năm 2022")


def seed_result():
    t = seed_text()
    figs = [
        fig(t, "55/63 tiêu chí", metric="criteria_met", value=55, total=63, unit="criterion",
            subject="tiêu chí đô thị loại III", period_start="2023-09-15", period_end="2023-09-15"),
        fig(t, "72,56 điểm", metric="score", value=72.56, unit="point",
            subject="tổng số điểm", period_start="2023-09-15", period_end="2023-09-15"),
        fig(t, "5/5 phường", metric="count", value=5, total=5, unit="item", unit_text="phường",
            subject="phường được phê duyệt Đề án"),
        fig(t, "2,62%", metric="poverty_rate", value=2.62, unit="percent", subject="tỷ lệ hộ nghèo", **END22),
        fig(t, "3,04%", metric="near_poverty_rate", value=3.04, unit="percent", subject="hộ cận nghèo", **END22),
        fig(t, "34 hộ", metric="households", value=34, unit="household",
            subject="hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở, tiền sử dụng đất ở", **NINE),
        fig(t, "hơn 2.160 triệu đồng", metric="funding", value=2160000000, unit="vnd", qualifier="gt",
            subject="tổng kinh phí", **NINE),
        fig(t, "34 hộ", 2, metric="households", value=34, unit="household", speaker="Mai Văn Danh",
            subject="hộ nghèo, hộ cận nghèo được hỗ trợ xây nhà ở, tiền sử dụng đất ở", **NINE),
        fig(t, "hơn 2 tỷ160 triệu đồng", metric="funding", value=2160000000, unit="vnd", qualifier="gt",
            subject="tổng kinh phí", speaker="Mai Văn Danh", **NINE),
        fig(t, "02 sản phẩm", metric="count", value=2, unit="item", unit_text="sản phẩm",
            subject="sản phẩm mới tham gia Chương trình OCOP", **NINE),
        fig(t, "04 sản phẩm", metric="count", value=4, unit="item", unit_text="sản phẩm",
            subject="sản phẩm đạt chuẩn OCOP", **NINE),
    ]
    for n, f in enumerate(figs, 1):
        f.article_id, f.figure_id = SEED_ID, f"{SEED_ID}#{n}"
        if not f.place:        # the article's unit, as the extractor gives it (SPEC place rules)
            f.place, f.place_from, f.place_code, f.province = "thị xã Hồng Lĩnh", "article", "437", "Tỉnh Hà Tĩnh"
    tasks = []
    for name, year in [("Nam Hồng", 2024), ("Bắc Hồng", 2024), ("Đậu Liêu", 2024),
                       ("Đức Thuận", 2025), ("Trung Lương", 2025)]:
        pos = t.index(name, t.index("các phường:") - 5)
        a, b = _sentence(t, pos)
        tasks.append(Task(assignee=f"phường {name}", action="đạt chuẩn đô thị văn minh",
                          kind="registration", sentence=t[a:b], char_start=pos, char_end=pos + len(name),
                          due_start=f"{year}-01-01", due_end=f"{year}-12-31", due_text=f"vào năm {year}",
                          due_qualifier="in"))
    for n, x in enumerate(tasks, 1):
        x.article_id, x.task_id = SEED_ID, f"{SEED_ID}#t{n}"
    pos = t.index("9 tháng đầu năm 2023, có 34 hộ", t.index("Mai Văn Danh"))
    stm = Statement(speaker="Mai Văn Danh", title="Trưởng phòng LĐTB&XH", kind="report", cue=":",
                    text=t[pos:t.index("\n", pos)], char_start=pos, char_end=t.index("\n", pos),
                    article_id=SEED_ID, statement_id=f"{SEED_ID}#s1")
    for f in figs:
        if f.speaker:
            f.statement_id = stm.statement_id
    art = Article(SEED_ID, t, url="https://honglinh.hatinh.gov.vn/portal/Pages/2023-9-15/hoi-nghi.aspx",
                  source="honglinh", title="Hội nghị đánh giá kết quả 9 tháng", published="2023-09-15")
    return art, figs, [stm], tasks


def write_seed(outdir) -> Path:
    art, figs, stms, tasks = seed_result()
    with DatasetWriter(outdir) as w:
        w.write("articles", [art])
        w.write("figures", figs)
        w.write("statements", stms)
        w.write("tasks", tasks)
    return Path(outdir)


def rate_row(aid, v, place="thị xã Hồng Lĩnh", raw=None, **kw) -> dict:
    """A poverty-rate figure row at the end of 2022 (a case of the checks' and verify's tables)."""
    raw = raw or f"{v}%".replace(".", ",")
    base = dict(article_id=aid, metric="poverty_rate", value=v, unit="percent", place=place,
                subject="tỷ lệ hộ nghèo", raw=raw,
                sentence=f"Đến cuối năm 2022, tỷ lệ hộ nghèo của {place or 'địa phương'} còn {raw}.",
                period_start="2022-12-31", period_end="2022-12-31", period_text="cuối năm 2022")
    return {**base, **kw}


def write_rows(outdir, articles, figures, tasks=(), statements=()) -> Path:
    """A dataset from plain dicts (missing columns empty); figure ids numbered per article."""
    counters = {}
    figs = []
    for f in figures:
        f = dict(f)
        aid = f.setdefault("article_id", "a1")
        counters[aid] = counters.get(aid, 0) + 1
        f.setdefault("figure_id", f"{aid}#{counters[aid]}")
        f.setdefault("raw", str(f.get("value")))
        f.setdefault("sentence", f["raw"])
        f.setdefault("char_start", counters[aid] * 100)
        f.setdefault("char_end", counters[aid] * 100 + len(f["raw"]))
        f.setdefault("sentence_start", counters[aid] * 100)
        f.setdefault("qualifier", "eq")
        f.setdefault("status", "actual")
        figs.append(f)
    with DatasetWriter(outdir) as w:
        w.write("articles", [dict({"article_id": a} if isinstance(a, str) else a) for a in articles])
        w.write("figures", [_full(f, "figures") for f in figs])
        w.write("tasks", [_full(t, "tasks") for t in tasks])
        w.write("statements", [_full(s, "statements") for s in statements])
    return Path(outdir)


def _full(d, table):
    from hl_extract.common.records import TABLES
    return {c: d.get(c, "") for c in TABLES[table]}
