"""`hl-extract serve DIR`: the dataset in a browser, on Datasette.

The five tables are loaded (typed, as `load()` reads them) into one SQLite file beside the
CSVs, `.hl_extract-desk.sqlite`, rebuilt when a CSV is newer; full-text search over figure
sentences and statements; facets on metric, province, place, period year, speaker, check kind
and severity; canned queries for the README's questions; and a page per figure showing its
sentence with the figure highlighted (`/-/figure?id=…`, linked from every figure id). Served
read-only (`immutable`) on 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from hl_extract.common.records import TABLES

DB_NAME = ".hl_extract-desk.sqlite"
FACETS = {"figures": ["metric", "province", "place", "period_year", "speaker"],
          "statements": ["speaker", "kind"], "tasks": ["kind", "assignee", "due_year"],
          "checks": ["kind", "severity"], "articles": ["source", "date_source"]}
SEARCH = {"figures": ["sentence", "subject", "raw"], "statements": ["text", "speaker", "title"],
          "tasks": ["sentence", "assignee"]}
CANNED = {
    "poverty_rate_by_province_and_year": (
        "Poverty rate by province and year",
        "SELECT province, period_year, round(avg(value), 2) AS mean_rate, count(*) AS figures, "
        "group_concat(DISTINCT place) AS places FROM figures WHERE metric = 'poverty_rate' AND province IS NOT NULL "
        "AND period_year IS NOT NULL GROUP BY province, period_year ORDER BY province, period_year"),
    "poverty_rate_series_of_a_place": (
        "How the poverty rate of a place moved (type part of its name)",
        "SELECT place, period_end, value, raw, speaker, figure_id, article_id FROM figures "
        "WHERE metric = 'poverty_rate' AND place LIKE '%' || :place || '%' ORDER BY place, period_end"),
    "largest_funding": (
        "Largest funding and money amounts (in tỷ đồng)",
        "SELECT round(value / 1e9, 3) AS ty_dong, metric, place, province, period_end, raw, figure_id, article_id "
        "FROM figures WHERE unit = 'vnd' AND metric IN ('funding', 'money') AND duplicate_of IS NULL "
        "ORDER BY value DESC LIMIT 200"),
    "tasks_by_deadline": (
        "Tasks by deadline, the soonest first",
        "SELECT due_end, assignee, action, assigner, kind, task_id, article_id FROM tasks "
        "WHERE due_end IS NOT NULL ORDER BY due_end LIMIT 500"),
    "conflicts": (
        "Conflicts and failed checks, the most severe first",
        "SELECT severity, kind, message, figure_ids, article_ids, check_id FROM checks "
        "WHERE severity IN ('error', 'warning') ORDER BY severity = 'warning', kind"),
    "who_said_a_figure": (
        "Who said a figure (type its value as written, e.g. 2,62%)",
        "SELECT f.raw, f.metric, f.place, f.period_end, s.speaker, s.title, s.text, f.figure_id FROM figures f "
        "JOIN statements s ON s.statement_id = f.statement_id WHERE f.raw LIKE '%' || :raw || '%'"),
}


def db_path(directory) -> Path:
    return Path(directory) / DB_NAME


def build(directory) -> Path:
    """The desk's SQLite file for a dataset folder, (re)built when missing or older than a CSV."""
    directory = Path(directory)
    path = db_path(directory)
    csvs = [directory / f"{t}.csv" for t in TABLES if (directory / f"{t}.csv").exists()]
    if path.exists() and all(p.stat().st_mtime <= path.stat().st_mtime for p in csvs):
        return path
    from hl_extract.dataset.tables import load
    data = load(directory)
    arts = data["articles"]
    dup = dict(zip(arts["article_id"], arts["duplicate_of"])) if "duplicate_of" in arts else {}
    figs = data["figures"]
    figs["period_year"] = figs["period_end"].dt.year.astype("Int64")
    figs["duplicate_of"] = figs["article_id"].map(dup).astype("string")
    tasks = data["tasks"]
    tasks["due_year"] = tasks["due_end"].dt.year.astype("Int64")
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        for name, df in data.items():
            df = df.copy()
            for col in df.columns:   # dates as ISO text, sortable and comparable in SQL
                if str(df[col].dtype).startswith("datetime"):
                    df[col] = df[col].dt.strftime("%Y-%m-%d").astype("string")
            df.to_sql(name, con, index=False)
        for col in ("metric", "province", "place", "period_year", "article_id", "statement_id"):
            con.execute(f'CREATE INDEX figures_{col} ON figures ("{col}")')
        con.execute("CREATE TABLE check_figures (check_id TEXT, figure_id TEXT)")
        con.executemany("INSERT INTO check_figures VALUES (?, ?)",
                        [(c, f) for c, ids in zip(data["checks"]["check_id"], data["checks"]["figure_ids"])
                         if isinstance(ids, str) for f in ids.split(";") if f])
        for table, cols in SEARCH.items():
            names = ", ".join(cols)
            # tone marks kept: "hộ" is not "hồ" nor "họ"
            con.execute(f'CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content="{table}", '
                        f"tokenize='unicode61 remove_diacritics 0')")
            con.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
    return path


def metadata() -> dict:
    tables = {t: {"facets": f, "sort_desc": None} for t, f in FACETS.items()}
    for t, cols in SEARCH.items():
        tables[t]["fts_table"] = f"{t}_fts"
        tables[t]["searchmode"] = "raw"
    for t in tables:
        tables[t].pop("sort_desc")
    return {"title": "hl_extract dataset",
            "description": "Figures, who said them and who must do what by when, from Vietnamese local news. "
                           "Every figure id opens its sentence.",
            "databases": {"data": {"tables": tables,
                                   "queries": {k: {"title": t, "sql": q} for k, (t, q) in CANNED.items()}}}}


def app(directory):
    """The Datasette instance over a dataset folder (read-only), with the desk's hooks."""
    from datasette.app import Datasette
    from datasette.plugins import pm
    from hl_extract.desk import serve_hooks
    if not pm.is_registered(serve_hooks):   # before the instance: it builds its routes when made
        pm.register(serve_hooks, name="hl_extract_desk")
    path = build(directory)
    ds = Datasette(immutables=[str(path)], metadata=metadata(), settings={"default_page_size": 100})
    # the database's name is its file's stem (".hl_extract-desk"): serve it as "data"
    db = ds.databases.pop(next(iter(ds.databases.keys() - {"_internal", "_memory"})))
    ds.add_database(db, name="data", route="data")
    return ds


def serve(directory, host: str = "127.0.0.1", port: int = 8001) -> None:
    import uvicorn
    uvicorn.run(app(directory).app(), host=host, port=port, log_level="warning")
