"""Plans: an agent, a word that looks ahead and a time to come (`UBND TP sẽ … trong năm
2017`), and targets that name no agent, held by the unit the article reports on."""
from __future__ import annotations

import re

from hl_extract.extract import place
from hl_extract.extract.tasks.common import (
    _after_last, _assigner, _clause_end, _due_text, _first_verb, _resolve, _rules, _trim_assignee,
    is_agent, split_assignees,
)
from hl_extract.language.doc import Doc
from hl_extract.language.text import fold
from hl_extract.common.records import Task


def _plans(doc: Doc, plist, statements, out, matches) -> None:
    """`UBND TP sẽ … để hoàn thành các chỉ tiêu năm 2017`: an agent, a plan cue, an action, a time to come."""
    R = _rules()
    text, low = doc.text, doc.low
    taken = [(t.char_start, t.char_end) for t in out]
    last = -1
    for m in matches:
        c, ce = m.start(), m.end()
        if c < last or any(a <= c < b for a, b in taken) or R["plan_not_after"].match(low, ce):
            continue
        sent = doc.sentence_at(c)
        cs = _after_last(text, ",;:“\"(", sent.start, c)
        if text[cs - 1:cs] == "," and R["list_end"].search(low, max(0, cs - 25), cs - 1):
            continue  # "các huyện, thành phố tiếp tục …": the last item of a list
        while cs < c and text[cs] in " -–":
            cs += 1
        subject = _trim_assignee(text[cs:c].strip(" ,"))
        cut = re.search(r"\s(?:đã|vừa|mới)\s", fold(subject))
        if cut:  # "Bộ Giao thông đã họp và dự kiến …": the agent is before the past clause
            subject = subject[:cut.start()]
        tr = R["plan_trail"].search(fold(subject))
        if tr:
            subject = subject[:tr.start()]
        if not subject or len(subject) > 70 or not R["starts"].match(fold(subject)) or \
                R["non_agent"].match(fold(subject)) or \
                re.search(r"\d", subject) or _first_verb(doc, cs, c) >= 0:
            continue
        end = _clause_end(doc, ce, sent.end)
        due = next((p for p in plist if ce <= p.char_start < end and not p.baseline and p.end
                    and (not doc.published or p.end >= doc.published[:4])), None)
        if due is None:
            continue
        action = text[ce:due.char_start].strip(" ,")
        action = re.sub(r"(?:^|\s+)(?:vào|trong|trước|đến|từ|đến hết|trong năm|năm)\s*\Z", "", action)
        if len(action.split()) < 2:  # "dự kiến trong tháng 10 sẽ báo cáo Chính phủ": the action follows
            action = re.sub(r"^(?:sẽ|,)\s*", "", text[due.char_end:end].strip(" ,.;”\""))
        if len(action.split()) < 2:
            continue
        last = end
        dt = _due_text(due)
        assigner = _assigner(statements, c)
        for who in split_assignees(subject):
            if not is_agent(who):
                continue
            who = _resolve(doc, who, cs)
            if who:
                out.append(Task(assignee=who, action=action, kind="plan", sentence=text[sent.start:sent.end],
                                char_start=cs, char_end=end, assigner=assigner, due_start=due.start,
                                due_end=due.end, due_text=dt, due_qualifier=due.qualifier or "in"))


def _targets(doc: Doc, plist, statements, out) -> None:
    """`Mục tiêu đến năm 2020 giữ vững …`: a target with no agent is the article's unit's plan."""
    R = _rules()
    text, low = doc.text, doc.low
    unit = None
    for sent in doc.sentences:
        m = R["target_open"].match(low, sent.start)
        if m is None or any(t.char_start <= sent.start < t.char_end for t in out):
            continue
        due = next((p for p in plist if m.end() <= p.char_start <= m.end() + len(p.cue) + 2), None)
        if due is None or due.baseline or not due.end or (doc.published and due.end < doc.published[:10]):
            continue
        end = _clause_end(doc, due.char_end, sent.end)
        action = text[due.char_end:end].strip(" ,.;")
        action = re.sub(r"^(?:sẽ|là|thì)\s+", "", action)
        if len(action.split()) < 3 or not R["verb"].search(low, due.char_end, min(end, due.char_end + 30)):
            continue    # "Mục tiêu đến năm 2020 là 120 hộ": no action
        if unit is None:
            unit = place.article_unit(doc)
        if not unit:
            return
        para = doc.paragraphs[sent.paragraph]
        named = {fold(m.text) for m in place.mentions(doc)
                 if para.start <= m.start < sent.end and not m.bare_unit and m.name}
        if named - {fold(unit)}:
            continue    # "… Việt Nam có đủ điều kiện … . Mục tiêu trước năm 2025, …": whose target is unclear
        dt = _due_text(due)
        out.append(Task(assignee=unit, action=action, kind="plan", sentence=text[sent.start:sent.end],
                        char_start=sent.start, char_end=end, assigner=_assigner(statements, sent.start),
                        due_start=due.start, due_end=due.end, due_text=dt, due_qualifier=due.qualifier or "in"))
