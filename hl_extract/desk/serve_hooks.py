"""The desk's Datasette hooks (a plugin module): every figure id links to its sentence page,
`/-/figure?id=…`, which is served here."""
from __future__ import annotations

import html
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup


@hookimpl
def render_cell(value, column, table):
    if column == "figure_id" and table in ("figures", "check_figures") and value:
        return Markup(f'<a href="/-/figure?id={quote(str(value), safe="")}">{html.escape(str(value))}</a>')
    return None


@hookimpl
def register_routes():
    return [(r"^/-/figure$", figure_page)]


async def figure_page(datasette, request):
    fid = request.args.get("id", "")
    db = datasette.get_database("data")
    rows = (await db.execute("SELECT f.*, a.title, a.url, a.published FROM figures f LEFT JOIN articles a "
                             "ON a.article_id = f.article_id WHERE f.figure_id = ?", [fid])).rows
    if not rows:
        return Response.html(f"<h1>No figure {html.escape(fid)}</h1>", status=404)
    return Response.html(figure_html(dict(rows[0])))


def figure_html(f: dict) -> str:
    """A figure's page: its sentence with the figure marked, and what the dataset says of it."""
    sent = f.get("sentence") or ""
    a = int(f["char_start"]) - int(f["sentence_start"])
    b = int(f["char_end"]) - int(f["sentence_start"])
    marked = (html.escape(sent[:a]) + f'<mark class="figure">{html.escape(sent[a:b])}</mark>'
              + html.escape(sent[b:])) if 0 <= a <= b <= len(sent) else html.escape(sent)
    keys = ["metric", "value", "unit", "qualifier", "status", "place", "province", "period_start", "period_end",
            "speaker", "subject", "article_id", "published"]
    rows = "".join(f"<tr><th>{k}</th><td>{html.escape(str(f.get(k) or ''))}</td></tr>" for k in keys)
    link = f'<a href="{html.escape(f["url"], quote=True)}">{html.escape(f.get("title") or f["url"])}</a>' \
        if f.get("url") else html.escape(f.get("title") or "")
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(f["figure_id"])}</title>'
            f"<style>body{{font:16px/1.5 sans-serif;max-width:50em;margin:2em auto}}mark{{background:#ffe066}}"
            f"th{{text-align:left;padding-right:1em}}</style></head><body><p><a href=\"/data/figures\">figures</a></p>"
            f"<h1>{html.escape(f['figure_id'])}</h1><p>{link}</p><blockquote class=\"sentence\">{marked}</blockquote>"
            f"<table>{rows}</table></body></html>")
