"""Tables of a clean text: where a report's table stands, its columns and rows, as offset spans.

Two shapes reach the clean text (`rules/tables.toml`):

* **pipe rows**, one line per table row (`| 1 | Xã A | 1.200 | 1.100 |`): how the HTML
  cleaner and trafilatura write an HTML table, a spanned cell written as an empty cell;
* **a dump**, one cell per line, where a portal's text export flattened the table: a unit
  line (`ĐVT: Triệu đồng`), the header cells, then each row's label cells and its numbers.

Both are read into one `Table`: value columns with their header cells, rows with their
label cells and one value cell (or None) per column, each row's parent by its number
(`II` > `1` > `1.1`). What a cell measures is `extract.table_figures`' business.
"""
from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass, field

from hl_extract.common import ruleset
from hl_extract.language.text import match_text

_NUMBER = re.compile(r"[-–]?\s?\d[\d.,]*\s?%?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_WITH_UNIT = re.compile(r"[-–]?\s?\d[\d.,]*\s?(?:%|[^\W\d_]{1,8}(?:\s[^\W\d_]{1,8})?)")
_ROW_NUMBER = re.compile(r"(?:[IVXLC]+|[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)]?")
_ROMAN = re.compile(r"[IVXLC]+[.)]?")
_SEPARATOR = re.compile(r":?-{2,}:?")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Row:
    labels: list[Cell]                     # label cells, row number first when there is one
    values: list[Cell | None]              # one per value column; None where empty
    start: int
    end: int
    number: str = ""                       # the row number as written ("II", "1.1"), "" if none
    unit: Cell | None = None               # the row's own unit (a column of units)
    parent: int = -1                       # index of the row it stands under, -1 if none

    @property
    def label(self) -> str:
        return " ".join(c.text for c in self.labels if c.text != self.number or not self.number)


@dataclass
class Table:
    start: int
    end: int
    columns: list[list[Cell]]              # the header cells of each value column, top first
    rows: list[Row]
    shared: list[Cell] = field(default_factory=list)   # header cells over every column
    label_headers: list[Cell] = field(default_factory=list)   # headers of the label columns ("STT", "Xã")
    unit: Cell | None = None               # the unit the table's numbers are in (`ĐVT: …`)
    lead: tuple[int, int] | None = None    # the paragraph before the table (its title)
    shape: str = ""                        # "pipes" or "dump"

    def ancestors(self, i: int):
        """The rows row `i` stands under, nearest first."""
        p = self.rows[i].parent
        while p >= 0:
            yield self.rows[p]
            p = self.rows[p].parent


class Rules:
    def __init__(self):
        r = ruleset.load("tables")
        words = ruleset.alternation(r["unit_words"])
        self.unit_line_re = re.compile(rf"\(?\s*(?:{words})\s*[:.]\s*(.+?)\s*\)?\s*\Z")
        self.unit_header_re = re.compile(rf"(?:{words})\.?\Z")
        self.unit_tail_re = re.compile(rf"(?<![\w])\(?\s*(?:{words})\s*[:.].*\Z")
        self.number_headers = set(r["number_headers"])
        self.empty = set(r["empty_cells"])
        d = r["dump"]
        self.max_cell, self.max_header, self.min_rows = d["max_cell_chars"], d["max_header_lines"], d["min_rows"]


@functools.cache
def rules() -> Rules:
    return Rules()


def find(doc) -> list[Table]:
    """The tables of a `Doc`, in text order, found once per article."""
    return doc.memo("tables", lambda d: find_tables(d.text, d.paragraphs))


def find_tables(text: str, paragraphs) -> list[Table]:
    if "\n" not in text or not any(ch.isdigit() for ch in text):
        return []
    out = _pipe_tables(text, paragraphs)
    taken = [(t.start, t.end) for t in out]
    for t in _dump_tables(text, paragraphs):
        if not any(a < t.end and t.start < b for a, b in taken):
            out.append(t)
    out.sort(key=lambda t: t.start)
    return out


def is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell)) and any(ch.isdigit() for ch in cell)


def with_unit(cell: str) -> bool:
    """A number and its own short unit in one cell (`1.200 ha`, `45 triệu đồng`)."""
    return bool(_WITH_UNIT.fullmatch(cell))


def _kind(cell: str, R: Rules) -> str:
    if cell in R.empty:
        return "empty"
    return "number" if is_number(cell) else "text"


def _unit_line(low: str, R: Rules):
    m = R.unit_line_re.fullmatch(low)
    return m if m and len(low) <= 60 else None


def _parents(rows: list[Row]) -> None:
    """Each row's parent by its number: a Roman numeral over an integer over `1.1`."""
    def level(number):
        if not number:
            return None
        if _ROMAN.fullmatch(number):
            return 0
        if number[0].isdigit():
            return 1 + number.rstrip(".)").count(".")
        return 9   # a letter: under whatever stands above
    last = {}
    for i, row in enumerate(rows):
        lv = level(row.number)
        if lv is None:
            continue
        above = [last[k] for k in last if k < lv]
        row.parent = max(above) if above else -1
        last = {k: v for k, v in last.items() if k < lv}
        last[lv] = i


def _lead(paragraphs, start: int):
    before = [p for p in paragraphs if p.end <= start]
    return (before[-1].start, before[-1].end) if before else None


# ---- pipe rows ---------------------------------------------------------------------

def _pipe_cells(text: str, start: int, end: int) -> list[Cell]:
    bars = [i for i in range(start, end) if text[i] == "|"]
    cells = []
    for a, b in zip(bars, bars[1:]):
        s, e = a + 1, b
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        cells.append(Cell(s, e, text[s:e]))
    return cells


def _pipe_tables(text: str, paragraphs) -> list[Table]:
    R = rules()
    groups, cur = [], []
    for p in paragraphs:
        line = text[p.start:p.end]
        if line.startswith("|") and line.count("|") >= 3:
            cur.append(p)
            continue
        if cur:
            groups.append(cur)
        cur = []
    if cur:
        groups.append(cur)
    out = []
    for group in groups:
        rows = [_pipe_cells(text, p.start, p.end) for p in group]
        rows = [r for r in rows if not all(_SEPARATOR.fullmatch(c.text) or not c.text for c in r)]
        t = _grid_table(text, rows, group, paragraphs, R)
        if t is not None:
            out.append(t)
    return out


def _grid_table(text, rows: list[list[Cell]], group, paragraphs, R: Rules) -> Table | None:
    width = max((len(r) for r in rows), default=0)
    if width < 2 or len(rows) < 2:
        return None
    rows = [r + [None] * (width - len(r)) for r in rows]

    def numeric(c):
        return c is not None and c.text and (is_number(c.text) or with_unit(c.text)) and not _YEAR.fullmatch(c.text)
    # header rows: above the first row with a number outside its first cell
    head = 0
    while head < len(rows) and not any(numeric(c) for c in rows[head][1:]):
        head += 1
    body = rows[head:]
    if len(body) < R.min_rows:
        return None
    headers = [[] for _ in range(width)]
    for r in rows[:head]:   # a header spanning columns is written once, then empty cells
        left = None
        for j, c in enumerate(r):
            if c is not None and c.text:
                headers[j].append(c)
                left = c
            elif left is not None and not headers[j]:
                headers[j].append(left)
            else:
                left = None   # under a header spanning rows: no header from the left reaches past it
    def head_low(j):
        return match_text(" ".join(c.text for c in headers[j]))
    number_col = 0 if (head_low(0) in R.number_headers or all(
        c is None or not c.text or _ROW_NUMBER.fullmatch(c.text) for c in (r[0] for r in body))) else None
    unit_col = next((j for j in range(width) if headers[j] and R.unit_header_re.fullmatch(head_low(j))), None)
    value_cols = []
    for j in range(width):
        if j in (number_col, unit_col):
            continue
        cells = [r[j] for r in body if r[j] is not None and r[j].text and r[j].text not in R.empty]
        if cells and sum(is_number(c.text) or with_unit(c.text) for c in cells) * 2 >= len(cells):
            value_cols.append(j)
    if not value_cols:
        return None
    out_rows = []
    for r, p in zip(body, group[head:] if len(group) == len(rows) else group[-len(body):]):
        labels = [c for j, c in enumerate(r) if j not in value_cols and j != unit_col and c is not None and c.text]
        number = r[number_col].text if number_col is not None and r[number_col] is not None else ""
        values = [r[j] if r[j] is not None and r[j].text and r[j].text not in R.empty else None for j in value_cols]
        out_rows.append(Row(labels, values, p.start, p.end, number=number,
                            unit=r[unit_col] if unit_col is not None else None))
    _parents(out_rows)
    start, end = group[0].start, group[-1].end
    unit, lead = _unit_above(text, paragraphs, start, R)
    label_headers = [c for j in range(width) if j not in value_cols and j != unit_col for c in headers[j]]
    return Table(start, end, [headers[j] for j in value_cols], out_rows, unit=unit, lead=lead, shape="pipes",
                 label_headers=label_headers)


def _unit_above(text, paragraphs, start, R):
    """The unit line right above a table (or ending its title line), and the title."""
    before = [p for p in paragraphs if p.end <= start][-2:]
    for n, p in enumerate(reversed(before)):
        low = match_text(text[p.start:p.end])
        m = R.unit_tail_re.search(low)
        found = _unit_line(m.group(), R) if m else None
        if found is None:
            continue
        s, e = p.start + m.start() + found.start(1), p.start + m.start() + found.end(1)
        if m.start() > 0:   # "Kết quả năm 2019 (ĐVT: triệu đồng)": the title holds the unit
            return Cell(s, e, text[s:e]), (p.start, p.end)
        rest = before[:len(before) - 1 - n]
        return Cell(s, e, text[s:e]), ((rest[-1].start, rest[-1].end) if rest else None)
    return None, ((before[-1].start, before[-1].end) if before else None)


# ---- dumps, one cell per line ------------------------------------------------------

def _dump_tables(text: str, paragraphs) -> list[Table]:
    R = rules()
    items = []   # (kind, Cell) per paragraph
    for p in paragraphs:
        line = text[p.start:p.end]
        low = match_text(line)
        if _unit_line(low, R):
            kind = "unit"
        elif len(line) > R.max_cell or (line[-1] in ".!?:;" and not is_number(line)):
            kind = "prose"
        else:
            kind = _kind(line, R)
        items.append((kind, Cell(p.start, p.end, line)))
    out, i = [], 0
    while i < len(items):
        t, i = _dump_at(text, items, i, paragraphs, R)
        if t is not None:
            out.append(t)
    return out


def _dump_at(text, items, i, paragraphs, R) -> tuple[Table | None, int]:
    """The table whose first run of numbers is the next one at or after item `i`."""
    n = len(items)
    # alternate groups of label lines and runs of numbers, as long as the lines are cells
    pairs, j = [], i
    while j < n:
        g0 = j
        while j < n and items[j][0] == "text":
            j += 1
        r0 = j
        while j < n and items[j][0] in ("number", "empty"):
            j += 1
        if r0 == j:   # no numbers after these lines: the table (if any) ended before them
            j = g0 if pairs else max(j, g0 + 1)
            break
        pairs.append((g0, r0, j))
    if not pairs:
        return None, max(j, i + 1)
    pairs = _merge_label_runs(items, pairs)
    k = _row_width(items, pairs)
    if k is None:
        return None, pairs[0][2] if len(pairs) == 1 else pairs[-1][2]
    # a number-like row number ("1", "1.1") that ends a run belongs to the next row
    cells = []   # per row: (label items, value items)
    moved = []
    for idx, (g0, r0, r1) in enumerate(pairs):
        labels = moved + list(range(g0, r0))
        run = list(range(r0, r1))
        moved = []
        if len(run) == k + 1 and idx + 1 < len(pairs) and _ROW_NUMBER.fullmatch(items[run[-1]][1].text):
            moved = [run.pop()]
        cells.append((labels, run))
    m = collections.Counter(len(lb) for lb, run in cells[1:] if len(run) == k).most_common(1)
    m = m[0][0] if m else 1
    first_labels = cells[0][0]
    header_items = first_labels[:-m] if len(first_labels) > m else []
    cells[0] = (first_labels[len(header_items):], cells[0][1])
    header_items = header_items[-R.max_header:]
    rows: list[Row] = []
    for labels, run in cells:
        if len(labels) > m and m:
            extra = labels[:-m]   # rows with no numbers of their own: group titles
            for c in range(0, len(extra), m):
                rows.append(_dump_row(items, extra[c:c + m], [], k))
            labels = labels[-m:]
        if len(run) != k:
            rows.append(_dump_row(items, labels, [], k))   # cells missing: which column is which is unknown
            continue
        rows.append(_dump_row(items, labels, run, k))
    if sum(1 for r in rows if any(v is not None for v in r.values)) < R.min_rows:
        return None, pairs[-1][2]
    # the unit line and the header cells above the first row
    h0 = pairs[0][0] if not header_items else header_items[0]
    unit = lead = None
    u = h0 - 1
    if u >= 0 and items[u][0] == "unit":
        c = items[u][1]
        m_unit = _unit_line(match_text(c.text), R)
        s = c.start + m_unit.start(1)
        unit = Cell(s, s + len(m_unit.group(1)), text[s:s + len(m_unit.group(1))])
        u -= 1
    if u >= 0:
        lead = (items[u][1].start, items[u][1].end)
    headers = [items[h][1] for h in header_items]
    label_heads = m if len(headers) >= m + k else 0
    value_heads = headers[label_heads:]
    if len(value_heads) >= k:
        columns = [[c] for c in value_heads[len(value_heads) - k:]]
        shared = value_heads[:len(value_heads) - k]
    else:
        columns, shared = [[] for _ in range(k)], value_heads
    _parents(rows)
    first = items[header_items[0]][1].start if header_items else rows[0].start
    return Table(first, items[pairs[-1][2] - 1][1].end, columns, rows, shared=shared, unit=unit, lead=lead,
                 label_headers=headers[:label_heads],
                 shape="dump"), pairs[-1][2]


def _merge_label_runs(items, pairs):
    """Runs of numbers that are labels, not values, joined to the row after them: the header's
    years (`2021`, `2022` above the rows) and a row number alone before its name (`1`, then
    `Xã Quảng Tân`)."""
    out = list(pairs)
    k = 0
    while k + 1 < len(out):
        g0, r0, r1 = out[k]
        run = [items[x][1].text for x in range(r0, r1)]
        years = k == 0 and all(_YEAR.fullmatch(c) for c in run)
        number = len(run) == 1 and _ROW_NUMBER.fullmatch(run[0])
        if years or number:
            out[k:k + 2] = [(g0, out[k + 1][1], out[k + 1][2])]
            continue
        k += 1
    return out


def _row_width(items, pairs) -> int | None:
    """How many numbers a row holds: the commonest run length (one less where a run
    swallowed the next row's number), or None when fewer than two runs agree."""
    R = rules()
    votes = collections.Counter()
    for g0, r0, r1 in pairs:
        n = r1 - r0
        votes[n] += 1
        if n > 1 and _ROW_NUMBER.fullmatch(items[r1 - 1][1].text):
            votes[n - 1] += 1
    if not votes:
        return None
    k, count = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    unit_before = pairs[0][0] > 0 and items[pairs[0][0] - 1][0] == "unit"
    if count < R.min_rows or (k < 2 and not unit_before and not _unit_in_headers(items, pairs)):
        return None
    return k


def _unit_in_headers(items, pairs) -> bool:
    g0 = pairs[0][0]
    R = rules()
    return any(items[h][0] == "unit" for h in range(max(0, g0 - R.max_header - 1), g0))


def _dump_row(items, labels, run, k) -> Row:
    label_cells = [items[x][1] for x in labels]
    values = [None if items[x][0] == "empty" else items[x][1] for x in run] if run else [None] * k
    number = label_cells[0].text if label_cells and _ROW_NUMBER.fullmatch(label_cells[0].text) \
        and len(label_cells) > 1 else ""
    spans = label_cells + [items[x][1] for x in run]
    return Row(label_cells, values, spans[0].start if spans else 0, spans[-1].end if spans else 0, number=number)
