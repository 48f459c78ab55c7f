"""`hl-extract eval`: score a dataset folder against a gold JSONL file.

The rules are those of SPEC.md "Gold files and scoring" and give the numbers that
`../shared/tools/score.py` gives:

* core figures match on metric + value + unit (+ total when the gold has one), with
  `funding`/`money` and `households`/`poor_households`/`near_poor_households` each
  counting as one metric; `acc_metric` is the share with the exact metric;
* all figures match on value + unit (+ total);
* statements match on speaker (honorific dropped) + the gold `text_start` found in
  the row's text; tasks on assignee (administrative prefix dropped) + `due_end`;
* matching is greedy and one-to-one in gold order; among figure candidates one whose
  `raw` overlaps the gold `raw` is preferred;
* a gold item marked `"optional": true` is matched after the required ones, and
  neither counts as a miss nor lets its match count as an extra.

The CSVs are read as written (the formula mark is not removed), as the scorer does.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CORE_METRICS = frozenset({
    "poverty_rate", "near_poverty_rate", "poor_households", "near_poor_households",
    "households", "funding", "income_per_capita", "money", "criteria_met", "score"})

# Metrics matched as one: each maps to the representative of its family.
METRIC_FAMILY = {"money": "funding", "poor_households": "households",
                 "near_poor_households": "households"}

TABLE_NAMES = ("figures", "statements", "tasks")

_WHITESPACE = re.compile(r"[\s\u00a0\u200b]+")
_HONORIFIC = re.compile(r"^(đồng chí|ông|bà|anh|chị|đ/c)\s+", re.I)
_ADMIN_PREFIX = re.compile(
    r"^(các\s+)?(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|phường|xã|tp\.?|tx\.?)\s+", re.I)


# --- comparing cells -------------------------------------------------------------

def normalise(text) -> str:
    """NFC, whitespace runs to one space, trimmed, lower case; None → ""."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return _WHITESPACE.sub(" ", text).strip().lower()


def person_key(name) -> str:
    """A speaker's name without a leading honorific (`Đồng chí`, `Ông`, `Bà` …)."""
    return _HONORIFIC.sub("", normalise(name))


def place_key(name) -> str:
    """A place without its administrative prefix (`phường Nam Hồng` → `nam hồng`)."""
    return _ADMIN_PREFIX.sub("", normalise(name))


_PLACE_LEAD = re.compile(r"^(thủ đô|tp\.|vùng|khu vực)\s*")
# Short forms compared as the unit they name (after type word and case are dropped).
PLACE_ALIAS = {"tp.hcm": "hồ chí minh", "tp hcm": "hồ chí minh", "tphcm": "hồ chí minh",
               "hcm": "hồ chí minh", "tp.hồ chí minh": "hồ chí minh",
               "cả nước": "việt nam", "toàn quốc": "việt nam"}
_PLACE_SPLIT = re.compile(r",| và ")


def place_match_key(name) -> str:
    """A place compared without type word, case, spacing, tone placement or diacritics."""
    key = place_key(_PLACE_LEAD.sub("", normalise(name)))
    key = PLACE_ALIAS.get(key, key)
    key = unicodedata.normalize("NFD", key.replace("đ", "d"))
    return "".join(c for c in key if not unicodedata.combining(c))


def same_place(gold, got) -> bool:
    """Equal keys (both empty is right); a gold list `A, B` also accepts `A` or `B`."""
    want, have = place_match_key(gold or ""), place_match_key(got or "")
    if want == have:
        return True
    return bool(have) and have in {place_match_key(x) for x in _PLACE_SPLIT.split(gold or "")}


def metric_family(metric):
    """The metric that `metric` is matched as."""
    return METRIC_FAMILY.get(metric, metric)


def to_number(cell) -> float | None:
    """A CSV or JSON cell as a float; empty or unparsable → None."""
    text = str(cell).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def same_value(got: float | None, want: float | None) -> bool:
    """Equal up to a relative tolerance of 1e-6 (absolute below 1)."""
    if got is None or want is None:
        return False
    return abs(got - want) <= 1e-6 * max(1.0, abs(want))


def raw_overlap(gold: dict, row: dict) -> bool:
    """The gold `raw` and the row's `raw` are non-empty and one contains the other."""
    a, b = normalise(gold.get("raw")), normalise(row.get("raw"))
    return bool(a and b) and (a in b or b in a)


# --- what makes a match ----------------------------------------------------------

def figure_fits(with_metric: bool):
    """The match test for figures: value + unit (+ total), and metric family if asked."""
    def fits(gold: dict, row: dict) -> bool:
        if with_metric and metric_family(gold["metric"]) != metric_family(row.get("metric")):
            return False
        if normalise(gold.get("unit")) != normalise(row.get("unit")):
            return False
        if not same_value(to_number(row.get("value")), float(gold["value"])):
            return False
        total = gold.get("total")
        if total is None or total == "":
            return True
        return same_value(to_number(row.get("total")), float(total))
    return fits


def statement_fits(gold: dict, row: dict) -> bool:
    """Same speaker, and the gold's `text_start` inside the row's text."""
    return (person_key(gold["speaker"]) == person_key(row.get("speaker"))
            and normalise(gold["text_start"]) in normalise(row.get("text")))


def task_fits(gold: dict, row: dict) -> bool:
    """Same assignee (prefix dropped) and the same `due_end` day (empty matches empty)."""
    return (place_key(gold["assignee"]) == place_key(row.get("assignee"))
            and (gold.get("due_end") or "") == (row.get("due_end") or "")[:10])


# --- matching and counting -------------------------------------------------------

@dataclass
class Tally:
    """True positives, false positives and false negatives of one kind of item."""
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 (0.0 where undefined)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def greedy_match(gold: list, rows: list, fits, prefer=None):
    """Pair each gold item, in order, with the first free row that fits it.

    With `prefer`, fitting rows for which `prefer(gold, row)` holds come first (rows
    otherwise keep their order). Returns ([(gold, row or None)], unmatched rows).
    """
    free = list(range(len(rows)))
    pairs = []
    for g in gold:
        candidates = [i for i in free if fits(g, rows[i])]
        if prefer is not None:
            candidates = ([i for i in candidates if prefer(g, rows[i])]
                          + [i for i in candidates if not prefer(g, rows[i])])
        if candidates:
            free.remove(candidates[0])
            pairs.append((g, rows[candidates[0]]))
        else:
            pairs.append((g, None))
    return pairs, [rows[i] for i in free]


def score_items(gold: list, rows: list, fits, tally: Tally, prefer=None):
    """Match required gold items, then optional ones on what is left; count into `tally`.

    Returns the required pairs and the rows that matched nothing (the extras).
    """
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    pairs, rest = greedy_match(required, rows, fits, prefer)
    _, rest = greedy_match(optional, rest, fits, prefer)
    found = sum(1 for _, row in pairs if row is not None)
    tally.add(found, len(rest), len(required) - found)
    return pairs, rest


def attribute_checks(gold: dict, row: dict) -> dict:
    """(wanted, got) per attribute of a matched core figure; period_end only if gold has one.

    `place` compares by `same_place`; `situated` holds when metric, place and period_end
    are all right (an empty period_end is right only when the gold has none).
    """
    checks = {
        "metric": (gold["metric"], row.get("metric")),
        "qualifier": (gold.get("qualifier") or "eq", row.get("qualifier") or "eq"),
        "status": (gold.get("status") or "actual", row.get("status") or "actual"),
        "speaker": (person_key(gold.get("speaker")), person_key(row.get("speaker"))),
    }
    if gold.get("period_end"):
        checks["period_end"] = (gold["period_end"], (row.get("period_end") or "")[:10])
    placed = same_place(gold.get("place"), row.get("place"))
    checks["place"] = (True, placed)
    checks["situated"] = (True, placed and gold["metric"] == row.get("metric")
                          and (gold.get("period_end") or "") == (row.get("period_end") or "")[:10])
    return checks


# --- reading ---------------------------------------------------------------------

def read_gold(path) -> list[dict]:
    """The gold file: one JSON object per non-blank line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_rows(directory) -> dict:
    """{article_id: {table: [row dicts]}} from the folder's figures/statements/tasks CSVs.

    A missing file counts as no rows.
    """
    by_doc = defaultdict(lambda: defaultdict(list))
    for name in TABLE_NAMES:
        path = Path(directory) / f"{name}.csv"
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                by_doc[row.get("article_id", "")][name].append(row)
    return by_doc


# --- the report ------------------------------------------------------------------

@dataclass
class Report:
    """Everything one scoring run found."""
    core: Tally = field(default_factory=Tally)
    all_figures: Tally = field(default_factory=Tally)
    statements: Tally = field(default_factory=Tally)
    tasks: Tally = field(default_factory=Tally)
    attributes: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list = field(default_factory=list)     # (doc, "missed"|"extra", metric, raw)
    per_doc: list = field(default_factory=list)    # (doc, tp, fp, fn) of core figures

    def tallies(self):
        return (("core_figures", self.core), ("all_figures", self.all_figures),
                ("statements", self.statements), ("tasks", self.tasks))

    def summary(self) -> dict:
        """The JSON summary: P/R/F1 and counts per kind, then `acc_<attribute>`."""
        out = {}
        for name, t in self.tallies():
            p, r, f = t.prf()
            out[name] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3),
                         "tp": t.tp, "fp": t.fp, "fn": t.fn}
        for key, (ok, n) in sorted(self.attributes.items()):
            out[f"acc_{key}"] = round(ok / n, 3) if n else None
        return out


def score_doc(gold_doc: dict, rows: dict, report: Report) -> None:
    """Score one gold article against its rows, adding to `report`."""
    doc = gold_doc["doc"]
    figures = rows["figures"]
    gold_figures = gold_doc.get("figures", [])
    gold_core = [g for g in gold_figures if g["metric"] in CORE_METRICS]
    row_core = [r for r in figures if r.get("metric") in CORE_METRICS]
    before = (report.core.tp, report.core.fp, report.core.fn)

    pairs, extras = score_items(gold_core, row_core, figure_fits(True), report.core, raw_overlap)
    score_items(gold_figures, figures, figure_fits(False), report.all_figures, raw_overlap)
    for g, row in pairs:
        if row is None:
            report.misses.append((doc, "missed", g.get("metric"), g.get("raw")))
            continue
        for key, (want, got) in attribute_checks(g, row).items():
            report.attributes[key][1] += 1
            report.attributes[key][0] += want == got
    for row in extras:
        report.misses.append((doc, "extra", row.get("metric"), row.get("raw")))

    score_items(gold_doc.get("statements", []), rows["statements"], statement_fits,
                report.statements)
    score_items(gold_doc.get("tasks", []), rows["tasks"], task_fits, report.tasks)
    after = (report.core.tp, report.core.fp, report.core.fn)
    report.per_doc.append((doc, *(a - b for a, b in zip(after, before))))


def score(gold_docs: list[dict], by_doc: dict) -> Report:
    """Score every gold article (rows of articles not in the gold are ignored)."""
    report = Report()
    for gold_doc in gold_docs:
        score_doc(gold_doc, by_doc[gold_doc["doc"]], report)
    return report


def report_lines(report: Report, docs: bool = False, misses: bool = False,
                 as_json: bool = False) -> list[str]:
    """The printed report, line by line, in the scorer's layout."""
    lines = []
    if docs:
        lines += [f"{doc:28} core tp={tp} fp={fp} fn={fn}" for doc, tp, fp, fn in report.per_doc]
    for name, t in report.tallies():
        p, r, f = t.prf()
        lines.append(f"{name:13} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={t.tp} fp={t.fp} fn={t.fn})")
    for key, (ok, n) in sorted(report.attributes.items()):
        lines.append(f"accuracy {key:10} {ok}/{n} = {ok / n if n else 0:.3f}")
    if misses:
        lines += ["   " + " ".join(map(str, m)) for m in report.misses]
    if as_json:
        lines.append(json.dumps(report.summary(), ensure_ascii=False))
    return lines


def main(gold, directory, docs: bool = False, misses: bool = False, as_json: bool = False) -> int:
    """`hl-extract eval GOLD DIR`: print the scores; 0 on success, 2 on unreadable input."""
    try:
        gold_docs = read_gold(gold)
    except (OSError, ValueError) as exc:
        print(f"error: cannot read gold file {gold}: {exc}", file=sys.stderr)
        return 2
    if not Path(directory).is_dir():
        print(f"error: dataset folder {directory} not found", file=sys.stderr)
        return 2
    report = score(gold_docs, read_rows(directory))
    for line in report_lines(report, docs=docs, misses=misses, as_json=as_json):
        print(line)
    return 0
