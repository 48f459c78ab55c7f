"""SQL over a dataset folder with DuckDB: tables articles, figures, statements, tasks, checks.

The tables are the CSVs as `hl_extract.load()` reads them (formula mark removed), typed as
`datapackage.json` says: integers, doubles and DATE columns (`period_end = DATE '2022-12-31'`).
"""
from __future__ import annotations

import csv
import io
import json
import sys

from hl_extract.common.records import TABLES


def connect(directory):
    import duckdb
    from hl_extract.dataset.tables import _DTYPES, load
    data = load(directory)
    con = duckdb.connect()
    for name in TABLES:
        df = data[name]
        con.register(f"_{name}", df)
        casts = []
        for col in df.columns:
            if col in _DTYPES["date"]:
                casts.append(f'CAST("{col}" AS DATE) AS "{col}"')
            elif col in _DTYPES["datetime"]:
                casts.append(f'CAST("{col}" AS TIMESTAMP) AS "{col}"')
            elif col in _DTYPES["int"]:
                casts.append(f'CAST("{col}" AS BIGINT) AS "{col}"')
            elif col in _DTYPES["float"]:
                casts.append(f'CAST("{col}" AS DOUBLE) AS "{col}"')
            else:
                casts.append(f'CAST("{col}" AS VARCHAR) AS "{col}"')
        con.execute(f'CREATE TABLE "{name}" AS SELECT {", ".join(casts)} FROM "_{name}"')
        con.unregister(f"_{name}")
    # the desk reads the dataset and nothing else: no files, no network, no extensions, and
    # no statement can turn that back on
    for setting in LOCKDOWN:
        con.execute(setting)
    return con


LOCKDOWN = ("SET enable_external_access = false", "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false", "SET lock_configuration = true")
# statement kinds that only read (`WITH … SELECT`, `DESCRIBE`, `SHOW` parse as SELECT)
READ_KINDS = ("SELECT", "EXPLAIN")


class NotARead(ValueError):
    """A statement that would change the dataset or the machine (COPY, DROP, ATTACH, SET …)."""


def run(directory, sql: str):
    """(column names, rows) of a query."""
    con = connect(directory)
    statements = con.extract_statements(sql)
    for st in statements:
        kind = getattr(st.type, "name", str(st.type))
        if kind not in READ_KINDS:
            raise NotARead(kind)
    cur = None
    for st in statements:
        cur = con.execute(st.query)
    if cur is None:
        return [], []
    cols = [d[0] for d in cur.description] if cur.description else []
    return cols, cur.fetchall()


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        from hl_extract.dataset.tables import fmt_number
        return str(fmt_number(v))
    return str(v)


def format_rows(cols, rows, fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "csv":
        from hl_extract.dataset.tables import escape
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([escape(_cell(v)) for v in r])
        return buf.getvalue()
    if fmt == "json":
        def js(v):
            if v is None or isinstance(v, (int, float, str, bool)):
                return v
            return str(v)
        return json.dumps([{c: js(v) for c, v in zip(cols, r)} for r in rows], ensure_ascii=False, indent=1)
    cells = [[_cell(v).replace("\n", " ") for v in r] for r in rows]
    cells = [[c if len(c) <= max_width else c[:max_width - 1] + "…" for c in r] for r in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = lambda r: " │ ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip()
    out = [line(cols), "─┼─".join("─" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def main(directory, sql: str, fmt: str = "table", out=sys.stdout) -> int:
    import duckdb
    if not sql.strip().rstrip(";").strip():
        print("error: the SQL statement is empty (e.g. \"SELECT metric, count(*) FROM figures GROUP BY 1\")",
              file=sys.stderr)
        return 2
    try:
        cols, rows = run(directory, sql)
    except NotARead as exc:
        print(f"error: the desk only reads the dataset (SELECT, WITH … SELECT, DESCRIBE, SHOW, EXPLAIN); "
              f"refused: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.write(format_rows(cols, rows, fmt))
    return 0
