"""Figures of tables: each number cell of a `language.tables.Table`, read with its headers.

A cell's unit is its column header's brackets (`Diện tích (ha)`), else its row's own unit (a
column of units), else the table's unit line (`ĐVT: Triệu đồng`), else a word of the header
(`Tỷ lệ` → %); a cell with none is no figure, and is counted. Value, metric and status come
from the rules a sentence is read by (units, metrics, status), applied to the words a reader
would say: "<row label> <column header> <number> <unit>" — a column whose own header says
`Kế hoạch` / `Thực hiện` decides the status. The period is the first stated in the column's
header, else in the row's label, else in a row above it, else in the table's title line. The
figure's sentence is its row, so `extract.place` finds the place the row names.
Rules: `rules/tables.toml`.
"""
from __future__ import annotations

import functools
import re

from hl_extract.common import ruleset
from hl_extract.common.records import Figure
from hl_extract.extract import amounts, metrics, place, status
from hl_extract.language import places, tables
from hl_extract.language.doc import Doc
from hl_extract.language.periods import find_periods
from hl_extract.language.text import match_text

_BRACKET = re.compile(r"\(([^()]{1,20})\)\s*\Z")
_YEAR = re.compile(r"(?:19|20)\d\d")
SUBJECT_CHARS = 160
TITLE_CUE_CHARS = 110   # of the line above a table, the words its metric cue may come from


class Rules:
    def __init__(self):
        r = ruleset.load("tables")
        self.aliases = {match_text(k): v for k, v in r["unit_aliases"].items()}
        self.header_units = r["header_units"]
        self.header_unit_re = re.compile(rf"(?<![\w])({ruleset.alternation(self.header_units)})(?![\w])")
        self.target_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['target_headers'])})(?![\w])")
        self.actual_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['actual_headers'])})(?![\w])")
        self.share_headers = set(r["share_headers"])
        self.neutral_re = re.compile(rf"(?<![\w])(?:{ruleset.alternation(r['neutral_headers'])})(?![\w])", re.I)
        self.place_headers = {match_text(k): v for k, v in r["place_headers"].items()}
        self.totals = {match_text(x) for x in r["total_labels"]}
        self.typed_re = re.compile(rf"(?:{ruleset.alternation(r['place_types'])})\s")
        self.count_lead_re = re.compile(rf"(?:{ruleset.alternation(r['count_lead_words'])})\s+")
        hh = ruleset.load("metrics")["household"]
        self.household_kinds = [(w, "near_poor_households") for w in hh["near_poor_households_nouns"]] + \
                               [(w, "poor_households") for w in hh["poor_households_nouns"]]


@functools.cache
def rules() -> Rules:
    return Rules()


def extract(doc: Doc, periods) -> tuple[list[Figure], list[tuple[int, int]]]:
    """The figures of the article's tables, and the spans of every number cell read
    (a figure or not: the text's own reading of them is replaced)."""
    out, cells = [], []
    for table in tables.find(doc):
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row.values):
                if cell is None:
                    continue
                cells.append((cell.start, cell.end))
                fig = _figure(doc, table, i, j, cell, periods)
                if fig is not None:
                    out.append(fig)
    return out, cells


def _unit(table, row, j) -> str:
    """The unit of a column's cells: the header's brackets, a word of the header, the
    row's own unit, the table's unit line — or "" when none says it."""
    R = rules()
    own = " ".join(c.text for c in table.columns[j])
    for head in (own, " ".join(c.text for c in table.shared)):
        m = _BRACKET.search(head)
        if m:
            low = match_text(m.group(1)).strip()
            return R.aliases.get(low, low)
    m = R.header_unit_re.search(match_text(own))
    if m:
        return R.header_units[m.group(1)]
    for cell in (row.unit, table.unit):
        if cell is not None and cell.text.strip():
            low = match_text(cell.text).strip().rstrip(".")
            return R.aliases.get(low, low)
    return ""


def _read(doc: Doc, words: str, cell: str, unit: str) -> Figure | None:
    """The figure of `cell` read as a sentence would say it: "<words> <cell> <unit>"."""
    said = f"{words} {cell} {unit}".rstrip()
    mini = Doc(said, doc.published, doc.article_id)
    at = len(words) + 1
    found = [f for f in amounts.find(mini, []) if f.char_start == at]
    if not found:
        return None
    fig = found[0]
    fig.sentence_start, fig.sentence_end = 0, len(said)
    metrics.assign(fig, mini, 0)
    return fig


def _figure(doc: Doc, table, i: int, j: int, cell, periods) -> Figure | None:
    R = rules()
    row = table.rows[i]
    unit = "" if tables.with_unit(cell.text) else _unit(table, row, j)   # a cell may say its own
    if not unit and not tables.with_unit(cell.text):
        return None
    own = " ".join(c.text for c in table.columns[j])
    header = " ".join(c.text for c in table.shared + table.columns[j])
    lowest = table.columns[j][-1].text if table.columns[j] else ""   # the header cell right above
    bare = _BRACKET.sub("", match_text(lowest)).strip()
    if bare in R.share_headers and j > 0 and table.columns[j - 1]:
        left = _BRACKET.sub("", match_text(table.columns[j - 1][-1].text)).strip()
        share = f"{bare} {R.count_lead_re.sub('', left, count=1) if R.count_lead_re.match(left) else left}"
        header = " ".join(c.text for c in table.shared + table.columns[j][:-1]) + " " + share
    label = row.label or next((r.label for r in table.ancestors(i) if r.label), "")
    cue_header = R.neutral_re.sub(" ", header)   # "Giá trị", "Số tiền": an amount, no metric
    fig = _read(doc, f"{label} {cue_header}".strip(), cell.text, unit)
    if fig is None:
        return None
    title = doc.text[table.lead[0]:table.lead[1]] if table.lead else ""
    if fig.metric == metrics.rules().metrics.get(fig.unit, {}).get("default") and title:
        again = _read(doc, title[-TITLE_CUE_CHARS:], cell.text, unit)   # no cue of its own: the title's
        if again is not None and again.metric != fig.metric:
            fig.metric = again.metric
    own_low = match_text(own)
    if fig.metric == "households":   # a column (or table) of a place's poor households: their stock
        for head in ((own_low,) if own_low.strip() else (match_text(header), match_text(title))):
            kind = next((kind for w, kind in R.household_kinds if w in head), None)
            if kind:
                fig.metric = kind
                break
    head_low = match_text(header)
    if R.target_re.search(own_low):
        fig.status = "target"
    elif R.actual_re.search(own_low):
        fig.status = "actual"
    else:   # the headers' words only: a row named "Chương trình mục tiêu …" is no aim
        fig.status = status.of(head_low, 0, len(head_low), fig.unit)
    fig.raw, fig.char_start, fig.char_end = cell.text, cell.start, cell.end
    fig.sentence = doc.text[row.start:row.end]
    fig.sentence_start, fig.sentence_end = row.start, row.end
    fig.subject = (f"{header}: {label}" if header else label)[:SUBJECT_CHARS]
    fig.row_place = _row_place(table, row, doc.published, place.article_context(doc))   # read by extract.place
    _period(fig, doc, table, i, j, periods)
    return fig


def _row_place(table, row, when: str = "", context=()) -> str:
    """"xã Quảng Tân" for a row "Quảng Tân" under a label column headed "Xã" (or "Xã, thị trấn"):
    the unit the row names without its type word; "" when the row names none that way."""
    R = rules()
    for head in table.label_headers:
        types = R.place_headers.get(match_text(head.text).strip(" .:"))
        if not types:
            continue
        name = next((c.text for c in row.labels if c.text != row.number and c.text[:1].isupper()), "")
        if not name or R.typed_re.match(match_text(name)) or match_text(name).strip() in R.totals:
            return ""   # typed already ("Thị trấn Mường Xén": the place rules find it), or the whole
        for t in types:
            p = places.resolve(f"{t} {name}", when, context)
            if p is not None and p.known:
                return f"{t} {name}"
        return ""
    return ""


def _period(fig: Figure, doc: Doc, table, i: int, j: int, periods) -> None:
    """The first period stated in the column's header, the row's label, a row above, the line
    above the table, the article's title, its first paragraph."""
    for c in table.columns[j]:
        if _YEAR.fullmatch(c.text.strip()):   # a bare year as a column header
            y = c.text.strip()
            fig.period_start, fig.period_end, fig.period_text = f"{y}-01-01", f"{y}-12-31", c.text
            return
    rows = [table.rows[i], *table.ancestors(i)]
    spans = [[(c.start, c.end) for c in table.columns[j] + table.shared]] + \
            [[(c.start, c.end) for c in r.labels] for r in rows] + \
            [[table.lead] if table.lead else []]
    first = doc.paragraphs[0] if doc.paragraphs else None
    for group in spans:
        inside = [p for p in periods if not p.baseline and any(a <= p.char_start and p.char_end <= b for a, b in group)]
        if inside:
            p = inside[-1]   # "phê duyệt năm 2015, thực hiện năm 2016": the last, the year it was done
            fig.period_start, fig.period_end, fig.period_text = p.start, p.end, p.text
            return
    if doc.title:
        got = find_periods(Doc(doc.title, doc.published, doc.article_id))
        got = [p for p in got if not p.baseline and p.end]
        if got:
            fig.period_start, fig.period_end, fig.period_text = got[0].start, got[0].end, got[0].text
            return
    if first is not None and first.start < table.start:
        got = [p for p in periods if first.start <= p.char_start < first.end and not p.baseline and p.end]
        if got:
            fig.period_start, fig.period_end, fig.period_text = got[0].start, got[0].end, got[0].text
