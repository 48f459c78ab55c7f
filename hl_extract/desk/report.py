"""`hl-extract report DIR` → one self-contained HTML file that opens offline.

Counts; then every error and warning of the checks (info findings summarised by count),
linking to the figures' sentences and sources; a time-series chart per core metric (one line
per place code, changes and copies of an article left out, a log axis where values span
orders of magnitude, money in tỷ đồng) with the most recent value of each place; statements
by speaker. Charts are drawn by plotly.js, inlined from the `plotly` package, so the
file needs no network.
"""
from __future__ import annotations

import functools
import html
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from hl_extract.language import places
from hl_extract.desk.checks import KINDS, _s, show

CORE = ["poverty_rate", "near_poverty_rate", "poor_households", "near_poor_households", "households",
        "funding", "income_per_capita", "money", "criteria_met", "score"]
LABELS = {"poverty_rate": "Tỷ lệ hộ nghèo (poverty rate, %)",
          "near_poverty_rate": "Tỷ lệ hộ cận nghèo (near-poverty rate, %)",
          "poor_households": "Hộ nghèo (poor households)",
          "near_poor_households": "Hộ cận nghèo (near-poor households)",
          "households": "Hộ (other household counts)",
          "funding": "Kinh phí, vốn (funding, đồng)",
          "income_per_capita": "Thu nhập bình quân đầu người (income per capita, đồng)",
          "money": "Tiền (other money, đồng)",
          "criteria_met": "Tiêu chí đạt (criteria met)",
          "score": "Điểm (score)"}
MAX_ROWS = 300          # rows per metric table
LOG_SPAN = 1000         # a chart whose values span this factor has a log axis
MAX_TRACES = 12         # places per chart
UNPLACED = "(place not stated)"

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1f3b63;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.85;font-size:13px}
main{padding:16px 28px;max-width:1400px}
section{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:14px 18px;margin:14px 0}
h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}
nav a{margin-right:12px;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #dde2ea;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}.card span{font-size:12px;color:#5b6575}
table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{border-bottom:1px solid #e6e9ef;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f3f7;position:sticky;top:0}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.sev-error{color:#b3261e;font-weight:600}.sev-warning{color:#a15c00;font-weight:600}.sev-info{color:#2e6b30}
.chart{width:100%;height:360px}.muted{color:#6b7482;font-size:12px}.scroll{max-height:480px;overflow:auto}
q{color:#333}
"""


@functools.cache
def _place_name(place: str) -> str:
    """A written place's label in the gazetteer (`TX Hồng Lĩnh` → `Thị xã Hồng Lĩnh, …`)."""
    p = places.resolve(place) if place else None
    return p.label() if p and p.known else place


def _series_key(f: dict) -> str:
    """One series per administrative unit: keyed by `place_code` (with the province, as a
    code is a unit's only within its era), else by the written place resolved."""
    if f.get("place_code"):
        return f"{_place_name(f['place'])} [{f['place_code']}]"
    return _place_name(f["place"])


def _e(x) -> str:
    return html.escape(_s(x), quote=True)


def _anchor(fid: str) -> str:
    return "fig-" + "".join(c if c.isalnum() else "-" for c in fid)


def _source(a: dict, aid: str) -> str:
    url = a.get("url", "") if a else ""
    label = _e(aid)
    if url.startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noreferrer">{label}</a>'
    return label


def _table(headers, rows, cls="") -> str:
    out = [f'<div class="scroll"><table class="{cls}"><thead><tr>']
    out += [f"<th>{h}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(r) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def build(directory) -> str:
    from hl_extract.dataset.tables import load
    data = load(directory)
    arts = {_s(r["article_id"]): {k: _s(v) for k, v in r.items()} for r in data["articles"].to_dict("records")}
    figs = [{k: _s(v) for k, v in r.items()} for r in data["figures"].to_dict("records")]
    from hl_extract.desk.checks import figure_rows
    changes = {d["figure_id"] for d in figure_rows(data, trusted=None) if d["is_change"]}
    copies = {a for a, r in arts.items() if r.get("duplicate_of")}
    stms = [{k: _s(v) for k, v in r.items()} for r in data["statements"].to_dict("records")]
    tasks = data["tasks"]
    chks = [{k: _s(v) for k, v in r.items()} for r in data["checks"].to_dict("records")]
    by_id = {f["figure_id"]: f for f in figs}

    parts = []
    # ---- counts
    core_n = sum(1 for f in figs if f["metric"] in CORE)
    kinds = Counter(c["kind"] for c in chks)
    cards = [("articles", len(arts)), ("figures", len(figs)), ("core figures", core_n),
             ("statements", len(stms)), ("tasks", len(tasks)), ("checks", len(chks))]
    cards += [(k, kinds.get(k, 0)) for k in KINDS]
    parts.append('<section id="counts"><h2>Counts</h2><div class="cards">' + "".join(
        f'<div class="card"><b>{n:,}</b><span>{_e(k)}</span></div>' for k, n in cards) + "</div>"
        + '<h3>Figures by metric</h3><div class="cards">' + "".join(
            f'<div class="card"><b>{n:,}</b><span>{_e(m)}</span></div>'
            for m, n in Counter(f["metric"] for f in figs).most_common()) + "</div></section>")

    # ---- charts and tables per core metric
    charts = []
    metric_secs = []
    for m in CORE:
        fs = [f for f in figs if f["metric"] == m]
        if not fs:
            continue
        series = defaultdict(list)
        for f in fs:   # levels only (a change is no point of a series), each story once
            if f["period_end"] and f["value"] != "" and f["figure_id"] not in changes \
                    and f["article_id"] not in copies:
                series[_series_key(f) or UNPLACED].append(f)
        top = sorted(series.items(), key=lambda kv: -len(kv[1]))[:MAX_TRACES]
        # money in tỷ đồng (billions), Vietnamese separators: 2.160 triệu is 2,16, never 2160000000
        unit = fs[0]["unit"]
        scale, y_title = (1e9, "tỷ đồng") if unit == "vnd" else (1.0, unit)
        traces = []
        for place, pts in top:
            pts = sorted(pts, key=lambda f: f["period_end"])
            # figures of no stated place are of many places: points, not a line
            traces.append({"type": "scatter", "mode": "markers" if place == UNPLACED else "lines+markers",
                           "name": place,
                           "x": [f["period_end"] for f in pts], "y": [float(f["value"]) / scale for f in pts],
                           "text": [f'{f["raw"]} — {f["article_id"]}' for f in pts],
                           "hovertemplate": "%{x}: %{y}<br>%{text}<extra>" + html.escape(place) + "</extra>"})
        ys = [y for t in traces for y in t["y"] if y > 0]
        log = bool(ys) and max(ys) / min(ys) >= LOG_SPAN   # orders of magnitude apart: a log axis
        xs = sorted(f["period_end"] for _, pts in top for f in pts)
        xrange = None
        if xs:
            import datetime as dt
            lo, hi = dt.date.fromisoformat(xs[0]), dt.date.fromisoformat(xs[-1])
            pad = max((hi - lo).days // 10, 120)
            xrange = [(lo - dt.timedelta(days=pad)).isoformat(), (hi + dt.timedelta(days=pad)).isoformat()]
        cid = f"chart-{m}"
        sec = [f'<section id="m-{m}"><h2>{_e(LABELS.get(m, m))} <span class="muted">({len(fs):,} figures)</span></h2>']
        if traces:
            charts.append((cid, traces, {"title": {"text": f"{m} by period and place", "font": {"size": 14}},
                                         "xaxis": {"title": {"text": "period end"}, "type": "date", "range": xrange},
                                         "yaxis": {"title": {"text": y_title + (" (log scale)" if log else "")},
                                                   "tickformat": ",.4~g", "type": "log" if log else "linear"},
                                         "separators": ",.",
                                         "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
                                         "legend": {"font": {"size": 11}}}))
            sec.append(f'<div id="{cid}" class="chart" data-metric="{m}" data-places="{len(top)}"></div>')
        else:
            sec.append('<p class="muted">No figure of this metric has a period: nothing to chart.</p>')
        latest = {}   # the most recent level of each place (a change or a copy is none)
        for key, pts in series.items():
            if key != UNPLACED:
                latest[key] = max(pts, key=lambda f: (f["period_end"], f["article_id"]))
        rows = []
        for key, f in sorted(latest.items())[:MAX_ROWS]:
            rows.append([f'<td id="{_anchor(f["figure_id"])}">{_e(f["figure_id"])}</td>',
                         f"<td>{_e(key)}</td><td>{_e(f['province'])}</td>",
                         f"<td>{_e(f['period_end'])}</td>",
                         f'<td class="num">{_e(show(float(f["value"]), f["unit"]) if f["value"] else "")}</td>',
                         f"<td>{_e(f['status'])}</td><td>{_e(f['speaker'])}</td>",
                         f"<td><q>{_e(f['raw'])}</q></td>",
                         f"<td>{_source(arts.get(f['article_id']), f['article_id'])}</td>",
                         f'<td class="num">{len(series[key])}</td>'])
        sec.append(f"<h3>The most recent value of each place ({len(latest):,} places)</h3>")
        sec.append(_table(["figure", "place", "province", "period end", "value", "status", "speaker",
                           "as written", "article", "values"], rows))
        if len(latest) > MAX_ROWS:
            sec.append(f'<p class="muted">First {MAX_ROWS} of {len(latest):,} places; all figures are in '
                       f'figures.csv (or browse them: <code>hl-extract serve DIR</code>).</p>')
        unplaced = len(series.get(UNPLACED, []))
        if unplaced:
            sec.append(f'<p class="muted">{unplaced:,} figures state no place: charted apart, not tabled.</p>')
        sec.append("</section>")
        metric_secs.append("".join(sec))
    parts += metric_secs

    # ---- statements by speaker
    by_sp = defaultdict(list)
    for s in stms:
        by_sp[s["speaker"]].append(s)
    rows = []
    for sp, ss in sorted(by_sp.items(), key=lambda kv: -len(kv[1]))[:200]:
        kinds_s = Counter(s["kind"] for s in ss)
        titles = sorted({s["title"] for s in ss if s["title"]})
        first = ss[0]["text"]
        nfig = sum(1 for f in figs if f["speaker"] == sp)
        rows.append([f"<td>{_e(sp)}</td>", f"<td>{_e('; '.join(titles))}</td>",
                     f'<td class="num">{len(ss)}</td>', f'<td class="num">{nfig}</td>',
                     f"<td>{_e(', '.join(f'{k} {n}' for k, n in kinds_s.most_common()))}</td>",
                     f"<td>{_e(first[:220] + ('…' if len(first) > 220 else ''))}</td>",
                     f"<td>{_source(arts.get(ss[0]['article_id']), ss[0]['article_id'])}</td>"])
    parts.append('<section id="speakers"><h2>Statements by speaker</h2>' + (
        _table(["speaker", "title", "statements", "figures", "kinds", "first statement", "article"], rows)
        if rows else '<p class="muted">No statements.</p>') + "</section>")

    # ---- checks: every error and warning first, with the cited figures; info summarised by count
    order = {"error": 0, "warning": 1}
    serious = sorted((c for c in chks if c["severity"] in order),
                     key=lambda c: (order[c["severity"]], KINDS.index(c["kind"]) if c["kind"] in KINDS else 99,
                                    c["check_id"]))
    info = Counter(c["kind"] for c in chks if c["severity"] not in order)
    rows = []
    cited = []
    for c in serious:
        ids = [i for i in c["figure_ids"].split(";") if i]
        links = " ".join(f'<a href="#cite-{_anchor(i)}">{_e(i)}</a>' for i in ids)
        cited += [i for i in ids if i in by_id]
        rows.append([f"<td>{_e(c['check_id'])}</td>", f"<td>{_e(c['kind'])}</td>",
                     f'<td class="sev-{_e(c["severity"])}">{_e(c["severity"])}</td>',
                     f"<td>{_e(c['message'])}</td>", f"<td>{links}</td>",
                     "<td>" + " ".join(_source(arts.get(a), a) for a in c["article_ids"].split(";") if a) + "</td>"])
    sec = [f'<section id="checks"><h2>Findings to look at: {len(serious):,} errors and warnings</h2>']
    if rows:
        sec.append(_table(["id", "kind", "severity", "finding", "figures", "sources"], rows, "findings"))
    elif chks:
        sec.append('<p class="muted">No error or warning.</p>')
    else:
        sec.append('<p class="muted">No findings (run <code>hl-extract check DIR</code> first).</p>')
    if info:
        sec.append("<p class=\"muted\">And " + ", ".join(f"{n:,} {_e(k)}" for k, n in info.most_common())
                   + " (info: what holds), in checks.csv.</p>")
    crow = []
    for i in dict.fromkeys(cited):
        f = by_id[i]
        crow.append([f'<td id="cite-{_anchor(i)}">{_e(i)}</td>', f"<td>{_e(f['metric'])}</td>",
                     f"<td><q>{_e(f['raw'])}</q></td>",
                     f"<td>{_e(f['sentence'])}</td>", f"<td>{_e(f['speaker'])}</td>",
                     f"<td>{_source(arts.get(f['article_id']), f['article_id'])}</td>"])
    if crow:
        sec.append("<h3>Figures cited by the findings</h3>" +
                   _table(["figure", "metric", "as written", "sentence", "speaker", "source"], crow))
    sec.append("</section>")
    parts.insert(1, "".join(sec))   # right after the counts: the first screen

    from plotly.offline import get_plotlyjs
    nav = " ".join(f'<a href="#m-{m}">{m}</a>' for m in CORE if any(f["metric"] == m for f in figs))
    script = "\n".join(
        f"Plotly.newPlot({json.dumps(cid)}, {json.dumps(tr, ensure_ascii=False)}, "
        f"{json.dumps(lay, ensure_ascii=False)}, {{displaylogo:false, responsive:true}});"
        for cid, tr, lay in charts)
    title = f"hl-extract report — {Path(directory).resolve().name}"
    return ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{_e(title)}</title>"
            f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head><body>"
            f"<header><h1>{_e(title)}</h1><p>{len(arts):,} articles · {len(figs):,} figures · "
            f"{len(chks):,} check findings</p></header><main>"
            f'<nav><a href="#counts">counts</a> <a href="#checks">findings</a> {nav} '
            f'<a href="#speakers">speakers</a></nav>' + "".join(parts) +
            f"</main><script>{script}</script></body></html>\n")


def write(directory, out=None) -> Path:
    out = Path(out) if out else Path(directory) / "report.html"
    tmp = out.with_name("." + out.name + ".tmp")
    tmp.write_text(build(directory), encoding="utf-8")
    os.replace(tmp, out)
    return out
