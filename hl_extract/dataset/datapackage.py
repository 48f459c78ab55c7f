"""`datapackage.json` (Frictionless Data Package) beside the CSVs: every column typed and described."""
from __future__ import annotations

import json
import os
from pathlib import Path

from hl_extract import __version__
from hl_extract.dataset.tables import _DTYPES
from hl_extract.common import ruleset
from hl_extract.common.records import CODES, LIST_SEPARATOR, TABLES

OFFSET = "offset into the article's clean text (Python str characters after NFC)"
DESCRIPTIONS = {
    "articles": {
        "article_id": "stable article id, from the canonical URL or the archive's own id (`baomoi:21478549`)",
        "url": "canonical URL of the article, empty for archive records without one",
        "source": "where the article came from (site profile name, archive or input file)",
        "title": "the article's title",
        "published": "publication date (ISO), empty if unknown",
        "fetched_at": "when the page was fetched (ISO timestamp), empty for archives",
        "n_chars": "length of the clean text in characters",
        "sha256": "SHA-256 of the clean text (UTF-8)",
        "warc_file": "WARC file holding the fetched page, if crawled",
        "warc_offset": "byte offset of the record in the WARC file",
        "date_source": "where `published` was read from (page element, URL, archive field)",
        "category": "the site's section or category of the article",
        "duplicate_of": "the earlier article this one nearly repeats (shingled text similarity ≥ 0.8, the "
                        "first read), else empty: skip these rows to count each story once",
    },
    "figures": {
        "figure_id": "`{article_id}#{n}`",
        "article_id": "the article stating the figure",
        "metric": "what is measured: poverty_rate, near_poverty_rate, poor_households, near_poor_households, "
                  "households, funding, income_per_capita, money, criteria_met, score, rate, count, quantity",
        "value": "the number normalised: money in đồng, percent as a number (2,62% → 2.62)",
        "value_max": "upper end of a range (1-1,5% → 1.5), else empty",
        "total": "denominator of n/m (55/63 tiêu chí → 63), else empty",
        "unit": "percent, vnd, household, person, criterion, point, ha, km, m, m2, m3, ton, item or a currency code",
        "unit_text": "the counted noun as written (sản phẩm, phường)",
        "qualifier": "eq, gt (hơn), ge (ít nhất), lt (dưới), le (tối đa) or approx (khoảng)",
        "status": "actual (achieved or current) or target (phấn đấu, chỉ tiêu, kế hoạch, dự kiến)",
        "subject": "short phrase naming what was measured",
        "place": "administrative unit the figure is about, as written, else empty",
        "place_code": "the gazetteer's (GSO) code of that unit, in force on the article's date: before "
                      "1 July 2025 the 63-province units, after it the 34-province ones; a string "
                      "(leading zeros kept); empty for regions, lists of units and unknown units",
        "province": "the province or centrally-run city holding the place, from the gazetteer, else empty",
        "place_from": "where the place was found: clause (the figure's own clause or list item), sentence "
                      "(earlier in its sentence), before (the sentences before, same paragraph) or article "
                      "(the unit the article reports on: title, lead, or the portal's own unit)",
        "period_start": "first day of the period the figure refers to (ISO date)",
        "period_end": "last day of the period the figure refers to (ISO date)",
        "period_text": "the time expression as written (cuối năm 2022)",
        "speaker": "person whose statement contains the figure, name only, else empty",
        "statement_id": "the statement (statements.csv) holding the figure when speaker is set",
        "raw": "the figure exactly as written (hơn 2 tỷ160 triệu đồng)",
        "sentence": "the sentence that holds the figure",
        "char_start": "start " + OFFSET + " of `raw`",
        "char_end": "end (exclusive) " + OFFSET + " of `raw`",
        "sentence_start": "start " + OFFSET + " of the sentence",
        "sentence_end": "end (exclusive) " + OFFSET + " of the sentence",
    },
    "statements": {
        "statement_id": "`{article_id}#s{n}`",
        "article_id": "the article holding the statement",
        "speaker": "the person's name as written, no honorific",
        "title": "the office as written (Trưởng phòng LĐTB&XH)",
        "org": "the speaker's organisation when named apart from the title",
        "kind": "report, request (đề nghị, yêu cầu), conclusion (kết luận) or opinion",
        "cue": "the attribution cue (`:`, cho biết, nhấn mạnh, đề nghị …)",
        "text": "what was said, from the cue to the end of the paragraph or sentence",
        "char_start": "start " + OFFSET + " of `text`",
        "char_end": "end (exclusive) " + OFFSET + " of `text`",
    },
    "tasks": {
        "task_id": "`{article_id}#t{n}`",
        "article_id": "the article holding the task",
        "assigner": "the speaker who gave the directive, else empty",
        "assignee": "who is to act, one row per assignee (phường Nam Hồng)",
        "action": "what is to be done",
        "kind": "directive, registration (a ward registers to reach a standard by a date) or plan",
        "due_start": "first day of the due period (ISO date)",
        "due_end": "last day of the due period (ISO date)",
        "due_text": "the due expression as written (trước ngày 18/11, vào năm 2024)",
        "due_qualifier": "before, in, by, from, or empty",
        "sentence": "the sentence that states the task",
        "char_start": "start " + OFFSET + " of the task",
        "char_end": "end (exclusive) " + OFFSET + " of the task",
    },
    "checks": {
        "check_id": "`c{n}`",
        "kind": "repeat_consistent, repeat_conflict, part_whole, bound, cross_article_conflict or trend_outlier",
        "severity": "info (holds), warning (likely problem) or error (fails or impossible)",
        "figure_ids": f"the figures involved, ids joined by `{LIST_SEPARATOR}` (split on it to join figures.csv)",
        "article_ids": f"the articles involved, ids joined by `{LIST_SEPARATOR}`",
        "message": "one sentence saying what holds or fails",
    },
}
TITLES = {"articles": "Articles", "figures": "Figures stated in the text",
          "statements": "Who said what", "tasks": "Assignments and deadlines",
          "checks": "Fact-check findings"}


def codes() -> dict:
    """The enum of each coded column: the contract's, and for `unit` every unit of units.toml
    and the counted kinds (household, person, item)."""
    units = sorted(set(ruleset.load("units")["units"]) | {"household", "person", "item"})
    return {**CODES, ("figures", "unit"): units}


def field_type(col: str) -> str:
    if col in _DTYPES["int"]:
        return "integer"
    if col in _DTYPES["float"]:
        return "number"
    if col in _DTYPES["date"]:
        return "date"
    if col in _DTYPES["datetime"]:
        return "datetime"
    return "string"


def descriptor(directory) -> dict:
    directory = Path(directory)
    resources = []
    for name, columns in TABLES.items():
        path = directory / f"{name}.csv"
        cols = columns
        if path.exists():   # the file's own header, extra columns included
            with open(path, encoding="utf-8") as fh:
                cols = fh.readline().rstrip("\r\n").split(",") or columns
        fields = [{"name": c, "type": field_type(c),
                   "description": DESCRIPTIONS.get(name, {}).get(c, "(extra column)")} for c in cols]
        for f in fields:
            allowed = codes().get((name, f["name"]))
            if allowed:   # an empty cell is missing, not a value: the enum holds for the others
                f["constraints"] = {"enum": allowed}
        res = {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
               "title": TITLES[name], "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
               "schema": {"fields": fields, "missingValues": [""]}}
        key = columns[0]
        if key in cols:
            res["schema"]["primaryKey"] = [key]
        if name == "articles" and "duplicate_of" in cols:
            res["schema"]["foreignKeys"] = [{"fields": ["duplicate_of"],
                                             "reference": {"resource": "articles", "fields": ["article_id"]}}]
        if name != "articles" and "article_id" in cols:
            res["schema"]["foreignKeys"] = [{"fields": ["article_id"],
                                             "reference": {"resource": "articles", "fields": ["article_id"]}}]
        if name == "figures" and "statement_id" in cols:
            res["schema"]["foreignKeys"].append({"fields": ["statement_id"],
                                                 "reference": {"resource": "statements", "fields": ["statement_id"]}})
        resources.append(res)
    return {
        "profile": "tabular-data-package",
        "name": "hl-extract-dataset",
        "title": "Figures, speakers and deadlines from Vietnamese local news",
        "description": ("Dataset written by hl-extract. A text cell whose first character is =, +, @, a tab "
                        "or a carriage return, or - followed by anything but a space or a digit, carries a "
                        "leading ' so that spreadsheets never run it; hl_extract.load() removes it."),
        "version": __version__,
        "resources": resources,
        # `extract --format parquet`: the same tables, typed, as Parquet files (read by load())
        "parquet": [f"{name}.parquet" for name in TABLES if (directory / f"{name}.parquet").exists()],
    }


def write(directory) -> Path:
    path = Path(directory) / "datapackage.json"
    tmp = Path(directory) / ".datapackage.json.tmp"
    tmp.write_text(json.dumps(descriptor(directory), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
