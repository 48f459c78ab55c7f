"""repeat_consistent and repeat_conflict: one article stating a figure twice."""
from __future__ import annotations

import itertools
from collections import defaultdict
from hl_extract.common.records import Check
from hl_extract.desk.checks.compare import _ambiguous, conflicting, is_ratio, measure_label
from hl_extract.desk.checks.rows import _check, agree, period_label, rules, show, similarity


def repeats(rows) -> list[Check]:
    """The same figure stated twice within an article: equal (consistent) or not (conflict).
    Equal values agree when one of the two has no stated place (`rows.STATED_PLACE`: the
    place of the other may be the one it was said of); a conflict needs one place."""
    r = rules()
    out = []
    amb = _ambiguous(rows)
    by_key = defaultdict(list)
    for d in rows:
        by_key[(d["article_id"], d["metric"], d["unit"], d["status"],
                d["period_start"], d["period_end"], d["total"])].append(d)
    for key, ds in by_key.items():
        if len(ds) < 2:
            continue
        consistent_done = set()
        groups = []   # clusters of equal repeats
        for a, b in itertools.combinations(ds, 2):
            if a["char_start"] == b["char_start"]:
                continue
            same_place = a["place_key"] == b["place_key"]
            if not (same_place or not a["place_key"] or not b["place_key"]):
                continue   # two places stated: two figures
            q = a["qualifier"] if a["qualifier"] == "approx" else "eq"   # two bounds agree on any values
            if a["qualifier"] == b["qualifier"] and agree(a["value"], q, b["value"], q) and \
                    not (is_ratio(a) or is_ratio(b)):
                alike = (similarity(a["subject"], b["subject"]) >= r["repeat_subject_similarity"]
                         if a["subject"] and b["subject"] else False) or \
                        similarity(a["sentence"], b["sentence"]) >= r["repeat_sentence_similarity"]
                if alike and a["sentence"] != b["sentence"]:
                    for g in groups:
                        if a["figure_id"] in g or b["figure_id"] in g:
                            g.update({a["figure_id"]: a, b["figure_id"]: b})
                            break
                    else:
                        groups.append({a["figure_id"]: a, b["figure_id"]: b})
                continue
            # different values: a conflict only with strong evidence of one measured thing,
            # and one place (a place stated for one and not the other may be two places)
            if a["sentence"] == b["sentence"] or not same_place:
                continue
            if r["from_to_re"].search(a["sentence"]) or r["from_to_re"].search(b["sentence"]):
                continue
            if not conflicting(a, b, same_article=True) or a["figure_id"] in amb or b["figure_id"] in amb:
                continue
            out.append(_check(
                "repeat_conflict", "warning", [a, b],
                f'{a["metric"]} of "{measure_label(a)}"'
                f'{" in " + a["_check_place"] if a["_check_place"] else ""} for {period_label(a)} is stated twice '
                f'with different values: "{a["raw"]}" ({show(a["value"], a["unit"])}) and '
                f'"{b["raw"]}" ({show(b["value"], b["unit"])}).'))
        for g in groups:
            fs = sorted(g.values(), key=lambda d: int(d["char_start"] or 0))
            ids = tuple(f["figure_id"] for f in fs)
            if ids in consistent_done:
                continue
            consistent_done.add(ids)
            raws = " = ".join(f'"{f["raw"]}"' for f in fs)
            who = [f["speaker"] for f in fs if f["speaker"]]
            out.append(_check(
                "repeat_consistent", "info", fs,
                f'{fs[0]["metric"]} ({fs[0]["subject"] or fs[0]["unit_text"] or fs[0]["unit"]}) is stated '
                f'{len(fs)} times and agrees after normalisation: {raws} '
                f'({show(fs[0]["value"], fs[0]["unit"])}'
                f'{"; also said by " + ", ".join(dict.fromkeys(who)) if who else ""}).'))
    return out
