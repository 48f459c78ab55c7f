"""Tasks: directives, registrations and plans with due dates (SPEC: tasks.csv). Issue 3.

* directive — `đề nghị / yêu cầu / giao / chỉ đạo` + assignee + action: the assignee runs
  from the cue to the first verb of `rules/tasks.toml` `action_verbs`; the assigner is the
  speaker of the statement that holds it;
* registration — `các phường: Nam Hồng, Bắc Hồng, Đậu Liêu đăng ký đạt chuẩn … vào năm
  2024`: the registrants are the clause before `đăng ký`, one row each;
* plan — an agent, a word that looks ahead and a time to come; a target with no agent
  (`Mục tiêu đến năm 2020 giữ vững …`) is the plan of the unit the article reports on;
* due dates come from `periods.find_periods` (the SPEC's period rules): the time
  expression of the clause (`trước ngày 18/11` → 2023-11-18, `before`).

A list of assignees gives one row each; `và`/`cùng` split it, and a comma list splits
when a head distributes over it (`các ngành công an, biên phòng` → `ngành công an`,
`ngành biên phòng`); `các sở, ngành` stays one assignee.

Modules: `common` (the rules, the assignee's boundaries, resolution and due date),
`directives` (directives, their lists, a leader's guidance), `plans` (plans and targets);
registrations and the one scan for every cue are here.
"""
from __future__ import annotations

import re

from hl_extract.extract.tasks.common import (
    _after_last, _assigner, _clause_end, _due, _resolve, _rules, is_agent, split_assignees,
)
from hl_extract.extract.tasks.directives import _directive, _items
from hl_extract.extract.tasks.plans import _plans, _targets
from hl_extract.language import periods
from hl_extract.language.doc import Doc
from hl_extract.common.records import Statement, Task
from hl_extract.language.text import fold

__all__ = ["extract", "is_agent", "split_assignees"]


def extract(doc: Doc, statements: list[Statement]) -> list[Task]:
    """Every assignment of the article, one row per assignee."""
    if not doc.text:
        return []
    R = _rules()
    text, low = doc.text, doc.low
    # one scan for every cue (a scan of the whole text is the main cost of this stage)
    found = {"d": [], "r": [], "p": []}
    if R["any_fast"] is not None:
        label = R["any_label"]
        for m in R["any_fast"].finditer(low):
            found[label[" ".join(m.group(1).split())]].append(m)
    else:
        for m in R["any"].finditer(low):
            found[m.lastgroup].append(m)
    guided = [st for st in statements if st.kind in R["task_kinds"] or fold(st.cue) in R["guidance"]]
    if not any(found.values()) and not guided and not R["target_open"].search(low):
        return []
    plist = periods.find_periods(doc)
    out: list[Task] = []
    action_spans: list[tuple[int, int]] = []
    lists: list[tuple[int, int, int]] = []   # (start, end, assignee start) of a directive's list
    for m in found["d"]:
        c, ce = m.start(), m.end()
        if any(a <= c < b for a, b in action_spans):
            continue  # "Giao UBND Thị xã chỉ đạo các phòng …": the action of a task, not a new one
        if R["noun_before"].search(low, max(0, c - 12), c) or R["noun_after"].match(low, ce):
            continue  # a noun ("theo đề nghị của")
        if text[ce:ce + 1] == "," and (text[max(0, c - 2):c] == ", " or not text[ce + 1:ce + 3].strip()[:1].isupper()):
            continue  # a list of nouns ("lãnh đạo, chỉ đạo, tổ chức"); "yêu cầu, Sở Xây dựng làm …" is kept
        sent = doc.sentence_at(c)
        if m.group(1) == "đối với" and c != sent.start:
            continue
        a = ce
        while a < sent.end and text[a] in " ,:“\"":
            a += 1
        if low.startswith("cho ", a):
            a += 4
        lead = next((p for p in plist if p.char_start == a or p.char_start - len(p.cue) - 1 == a), None)
        if lead is not None:  # "mong đến năm 2020, Sở Xây dựng giữ …"
            a = lead.char_end
            while a < sent.end and text[a] in " ,":
                a += 1
        _directive(doc, plist, statements, out, action_spans, a, sent.start, _clause_end(doc, a, sent.end), c,
                   lists=lists)
    for lo, hi, _ in lists:   # the items of a directive's list
        _items(doc, plist, statements, out, action_spans, lo, hi, listed=True)
    for st in guided:         # a leader's guidance: "Công an huyện cần tiếp tục …"
        _items(doc, plist, statements, out, action_spans, st.char_start, st.char_end, listed=False)
    # “Ngân hàng CSXH cùng các địa phương hoàn thiện thể chế …” - Phó Thủ tướng lưu ý.
    for st in statements:
        cue = fold(st.cue)
        if not R["directive"].fullmatch(cue) or any(a <= st.char_start < b for a, b in action_spans):
            continue
        k = low.find(cue, st.char_end, st.char_end + 80)
        if k < 0 or not re.search(r"[”\"]", text[st.char_end:k]):
            continue
        _directive(doc, plist, statements, out, action_spans, st.char_start, doc.sentence_at(st.char_start).start,
                   _clause_end(doc, st.char_start, st.char_end), k, "quoted")
    _plans(doc, plist, statements, out, found["p"])
    _targets(doc, plist, statements, out)
    for m in found["r"]:
        c, ce = m.start(), m.end()
        sent = doc.sentence_at(c)
        lo = _after_last(text, "(;", sent.start, c)
        phrase = text[lo:c].strip(" ,")
        if not phrase or len(phrase) > 120 or not R["units"].match(fold(phrase)):
            continue
        hi = sent.end
        for ch in ";)":
            j = text.find(ch, ce, sent.end)
            if j >= 0:
                hi = min(hi, j)
        ds, de, dt, dq = _due(doc, plist, ce, hi, ce)
        act_end = hi
        for p in plist:
            if ce <= p.char_start < hi:
                act_end = p.char_start
                break
        action = text[ce:act_end].strip(" ,")
        action = re.sub(r"\s+(?:vào|trong|trước|đến|từ)\s*\Z", "", action)
        for who in split_assignees(phrase):
            # "Phường đăng ký …" after "Chủ tịch UBND phường Đậu Liêu": the ward itself
            who = re.sub(r"^UBND\s+", "", _resolve(doc, who, lo)) or who
            out.append(Task(assignee=who, action=action, kind="registration",
                            sentence=text[sent.start:sent.end], char_start=lo, char_end=hi,
                            assigner=_assigner(statements, c), due_start=ds, due_end=de, due_text=dt,
                            due_qualifier=dq))
    out.sort(key=lambda t: t.char_start)
    return out
