"""part_whole: parts that must add up to a stated whole."""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from hl_extract.language import places
from hl_extract.common import ruleset
from hl_extract.dataset.tables import fmt_number
from hl_extract.common.records import Check
from hl_extract.desk.checks.compare import _same_subject, fold_word
from hl_extract.desk.checks.rows import _check, agree, rules, show


def _unit_word(text: str) -> str:
    t, name = places.split(text)
    return t


def part_whole(rows, tasks) -> list[Check]:
    """Parts that must add up to a stated whole."""
    r = rules()
    out = []
    by_article = defaultdict(list)
    for d in rows:
        by_article[d["article_id"]].append(d)
    tasks_by_article = defaultdict(list)
    for t in tasks:
        if t.get("kind") == "registration":
            tasks_by_article[t["article_id"]].append(t)

    # (1) `5/5 phường` against the registrations of the same article, by due year
    for aid, ds in by_article.items():
        regs = tasks_by_article.get(aid, [])
        for d in ds:
            word = places.split((d["unit_text"] or "") + " X")[0]
            if not word or not regs or places.level_of(word) != "ward":
                continue
            matching = [t for t in regs if places.split(t["assignee"])[0] in ("", word)
                        and t.get("due_end")]
            if not matching:
                continue
            # only registrations stated near the whole (same or following sentences)
            try:
                start = int(d["char_start"])
                matching = [t for t in matching if 0 <= int(t["char_start"] or 0) - start <= 1500]
            except ValueError:
                pass
            names = {}
            for t in matching:
                names.setdefault(places.fold(places.split(t["assignee"])[1]), t)
            if len(names) < 2:
                continue
            by_year = defaultdict(list)
            for t in names.values():
                by_year[t["due_end"][:4]].append(places.split(t["assignee"])[1])
            parts = " + ".join(f"{len(v)} for {y} ({', '.join(v)})" for y, v in sorted(by_year.items()))
            n = len(names)
            holds = n == d["value"]
            whole = f'"{d["raw"]}"'
            out.append(Check(
                "part_whole", "info" if holds else "error", d["figure_id"], aid,
                f'{whole} {"=" if holds else "≠"} {parts} = {n} registered '
                f'{word} ({"holds" if holds else "fails"}: registrations by year '
                f'{"add up to" if holds else "do not add up to"} {fmt_number(d["value"])}).'))

    # (2) a whole and its parts: figures of wards (by gazetteer) against their district's figure
    for aid, ds in by_article.items():
        groups = defaultdict(list)
        for d in ds:
            if d["unit"] in r["additive_units"] and not d["is_change"] and d["qualifier"] in ("eq", ""):
                groups[(d["metric"], d["unit"], d["status"], d["period_start"], d["period_end"])].append(d)
        for key, gs in groups.items():
            for w in gs:
                pw = w["_place"]
                if not pw or not pw.known or pw.level == "ward":
                    continue
                parts = {}
                for p in gs:
                    pp = p["_place"]
                    if p is w or not pp or not pp.known or pw.key not in pp.parent_keys:
                        continue
                    if not _same_subject(w, p, r["subject_similarity"]) or p["value"] is None:
                        continue
                    parts.setdefault(pp.key, p)
                if len(parts) < 2:
                    continue
                total = sum(p["value"] for p in parts.values())
                n_children = _children_count(pw)
                complete = n_children and len(parts) == n_children
                equal = agree(total, "eq", w["value"], "eq")
                if equal:
                    verdict, sev = "holds", "info"
                elif total > w["value"] * (1 + r["rel_tolerance"]):
                    verdict, sev = "fails: the parts exceed the whole", "error"
                elif complete:
                    verdict, sev = "fails: all its units are listed but fall short", "error"
                else:
                    continue
                fs = [w, *parts.values()]
                terms = " + ".join(show(p["value"], p["unit"]) for p in parts.values())
                out.append(_check(
                    "part_whole", sev, fs,
                    f'{w["metric"]} of {pw.name} ({show(w["value"], w["unit"])}) against the sum of '
                    f'its {len(parts)} units named in the article: {terms} = {show(total, w["unit"])} '
                    f'({verdict}).'))

    # (3) a `trong đó` breakdown in the whole's sentence
    bw = ruleset.alternation(r["breakdown_words"])
    for aid, ds in by_article.items():
        by_sent = defaultdict(list)
        for d in ds:
            by_sent[(d["sentence_start"], d["sentence"])].append(d)
        for (_, sent), fs in by_sent.items():
            m = re.search(rf"[,;:(]\s*(?:{bw})\b", sent, re.IGNORECASE)
            if not m or len(fs) < 3:
                continue
            fs = sorted(fs, key=lambda d: int(d["char_start"] or 0))
            cut = int(fs[0]["sentence_start"] or 0) + m.start()
            head = [d for d in fs if int(d["char_start"] or 0) < cut]
            tail = [d for d in fs if int(d["char_start"] or 0) > cut]
            if not head or len(tail) < 2:
                continue
            w = head[-1]
            if w["total"] is not None or w["unit"] not in r["additive_units"] or w["qualifier"] not in ("eq", ""):
                continue
            # the breakdown's extent is unknown (nested parts, a second clause follow it):
            # the parts are the shortest run of figures after the cue that adds up to the whole
            total, parts = 0.0, []
            for d in tail:
                if d["unit"] != w["unit"] or d["total"] is not None or d["unit"] in r["count_units"] \
                        and fold_word(d["unit_text"]) != fold_word(w["unit_text"]):
                    break
                parts.append(d)
                total += d["value"]
                if len(parts) >= 2 and agree(total, "eq", w["value"], "eq"):
                    break
            else:
                continue
            if len(parts) < 2 or not agree(total, "eq", w["value"], "eq"):
                continue
            terms = " + ".join(f'"{p["raw"]}"' for p in parts)
            out.append(_check(
                "part_whole", "info", [w, *parts],
                f'"{w["raw"]}" against its breakdown {terms} = {show(total, w["unit"])} (holds).'))
    return out


@functools.cache
def _children_count_key(key: str) -> int:
    g = places.gazetteer()
    return sum(1 for p in g.by_key.values() if p.parent_keys[:1] == (key,))


def _children_count(p) -> int:
    return _children_count_key(p.key) if p and p.known else 0
