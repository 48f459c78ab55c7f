"""Tasks: directives, registrations and plans with due dates (SPEC: tasks.csv). Issue 3.

* directive — `đề nghị / yêu cầu / giao / chỉ đạo` + assignee + action: the assignee runs
  from the cue to the first verb of `rules/tasks.toml` `action_verbs`; the assigner is the
  speaker of the statement that holds it;
* registration — `các phường: Nam Hồng, Bắc Hồng, Đậu Liêu đăng ký đạt chuẩn … vào năm
  2024`: the registrants are the clause before `đăng ký`, one row each;
* due dates come from `periods.find_periods` (the SPEC's period rules): the time
  expression of the clause (`trước ngày 18/11` → 2023-11-18, `before`).

A list of assignees gives one row each; `và`/`cùng` split it, and a comma list splits
when a head distributes over it (`các ngành công an, biên phòng` → `ngành công an`,
`ngành biên phòng`); `các sở, ngành` stays one assignee.
"""
from __future__ import annotations

import functools
import re

from . import periods, ruleset
from .doc import Doc
from .records import Statement, Task
from .text import fold

_W = r"(?![\w])"


@functools.cache
def _rules():
    d = ruleset.load("tasks")
    r = {}
    alt = lambda key: ruleset.alternation(fold(x) for x in d[key])
    r["directive"] = re.compile(r"(?<![\w])(" + alt("directive_cues") + r")" + _W)
    r["noun_before"] = re.compile(r"(?<![\w])(?:" + alt("cue_noun_before") + r")\s+\Z")
    r["noun_after"] = re.compile(r"\s+(?:" + alt("cue_noun_after") + r")" + _W)
    r["registration"] = re.compile(r"(?<![\w])(" + alt("registration_cues") + r")" + _W)
    r["verb"] = re.compile(r"(?<![\w])(?:" + alt("action_verbs") + r")" + _W)
    r["verb_in_name"] = re.compile(r"(?<![\w])(?:" + alt("verb_in_name_after") + r")\s+\Z")
    r["starts"] = re.compile(r"(?:" + alt("assignee_starts") + r")" + _W)
    r["units"] = re.compile(r"(?:các\s+)?(?:" + alt("unit_heads") + r")" + _W)
    r["no_split"] = [fold(x) for x in d["no_split"]]
    r["list_head"] = re.compile(r"(?:các|những)\s+(" + alt("list_heads") + r")(?:\s*:\s*|\s+)(?=\S)")
    return r


def _first_verb(doc: Doc, a: int, b: int) -> int:
    """Offset of the first action verb in [a, b) that is not part of a name, or -1."""
    R = _rules()
    pos = a
    while True:
        m = R["verb"].search(doc.low, pos, b)
        if not m:
            return -1
        before = doc.low[a:m.start()].strip()
        if doc.text[m.start()].isupper() or R["verb_in_name"].search(doc.low, max(a, m.start() - 20), m.start()) \
                or before in ("", "các", "những", "mọi", "tất cả các") \
                or before.endswith((" trực", " độc", " các", " những")):
            pos = m.end()  # part of a name or a noun ("các tổ chức", "trực tiếp quản lý")
            continue
        return m.start()


def split_assignees(phrase: str) -> list[str]:
    """One assignee per row: `các phường: Nam Hồng, Bắc Hồng` → [`phường Nam Hồng`, `phường Bắc Hồng`]."""
    R = _rules()
    phrase = phrase.strip(" ,;:.-–")
    low = fold(phrase)
    # protect "và" inside names (Bộ Lao động - Thương binh và Xã hội)
    mask = list(phrase)
    for ns in R["no_split"]:
        for m in re.finditer(re.escape(ns), low):
            for i in range(m.start(), m.end()):
                if phrase[i] == " ":
                    mask[i] = "\x00"
    masked = "".join(mask)
    chunks = re.split(r"\s+(?:và|cùng với|cùng|với)\s+|\s*;\s*", masked)
    out = []
    for ch in chunks:
        ch = ch.replace("\x00", " ").strip(" ,;:.")
        if not ch:
            continue
        m = R["list_head"].match(fold(ch))
        if m:
            head = ch[m.start(1):m.end(1)]
            rest = ch[m.end():]
            items = [x.strip() for x in rest.split(",") if x.strip()]
            if ":" in ch[:m.end()] or len(items) > 1:
                # "các ngành công an, biên phòng" distributes; "các sở, ngành" does not
                if ":" in ch[:m.end()] or not _is_head(items[1] if len(items) > 1 else ""):
                    first = items[0]
                    out.append(f"{head} {first}")
                    for it in items[1:]:
                        out.append(it if _is_head(it) or it[:1].isupper() and False else f"{head} {it}")
                    continue
        out.append(ch)
    # a bare item after "và" continues a distributed list: "…, hải quan, quản lý thị trường"
    return [o for o in out if o]


def _is_head(word: str) -> bool:
    return bool(_rules()["starts"].match(fold(word)))


def _due(doc: Doc, plist, a: int, b: int, cue: int):
    """The period of a clause [a, b): the first after the cue, else the last before it."""
    # a deadline has a qualifier (trước, vào, đến …) or looks ahead ("6 tháng cuối năm")
    ahead = lambda p: not p.baseline and (p.qualifier or "cuối" in p.text.lower())
    after = [p for p in plist if cue <= p.char_start < b and ahead(p)]
    before = [p for p in plist if a <= p.char_start < cue and ahead(p)]
    p = after[0] if after else (before[-1] if before else None)
    if p is None:
        return "", "", "", ""
    text = f"{p.cue} {p.text}".strip() if p.cue and not p.text.lower().startswith(p.cue) else p.text
    return p.start, p.end, text, p.qualifier


def _assigner(statements: list[Statement], pos: int) -> str:
    for s in statements:
        if s.char_start <= pos <= s.char_end:
            return s.speaker
    return ""


def extract(doc: Doc, statements: list[Statement]) -> list[Task]:
    """Every assignment of the article, one row per assignee."""
    if not doc.text:
        return []
    R = _rules()
    text, low = doc.text, doc.low
    if not (R["directive"].search(low) or R["registration"].search(low)):
        return []
    plist = periods.find_periods(doc)
    out: list[Task] = []
    action_spans: list[tuple[int, int]] = []
    for m in R["directive"].finditer(low):
        c, ce = m.start(), m.end()
        if any(a <= c < b for a, b in action_spans):
            continue  # "Giao UBND Thị xã chỉ đạo các phòng …": the action of a task, not a new one
        if R["noun_before"].search(low, max(0, c - 12), c) or R["noun_after"].match(low, ce) \
                or text[ce:ce + 1] == ",":
            continue  # a noun ("theo đề nghị của"), or a list of nouns ("lãnh đạo, chỉ đạo, tổ chức")
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
        if a >= sent.end or not (text[a].isupper() or R["starts"].match(low, a)):
            continue
        clause_end = sent.end
        semi = re.search(r"[;]", text[a:sent.end])
        if semi:
            clause_end = a + semi.start()
        v = _first_verb(doc, a, min(clause_end, a + 110))
        if v < 0 or v - a < 2:
            continue
        phrase = text[a:v].strip(" ,")
        if not phrase or len(phrase) > 100 or re.search(r"\.\s|[:“”\"]", phrase):
            continue
        act_end = clause_end
        action = text[v:act_end].strip(" ,.;”\"")
        action_spans.append((v, act_end))
        ds, de, dt, dq = _due(doc, plist, sent.start, clause_end, c)
        assigner = _assigner(statements, a)
        for who in split_assignees(phrase):
            out.append(Task(assignee=who, action=action, kind="directive", sentence=text[sent.start:sent.end],
                            char_start=a, char_end=act_end, assigner=assigner, due_start=ds, due_end=de,
                            due_text=dt, due_qualifier=dq))
    for m in R["registration"].finditer(low):
        c, ce = m.start(), m.end()
        sent = doc.sentence_at(c)
        lo = sent.start
        for ch in "(;":
            j = text.rfind(ch, sent.start, c)
            if j >= 0:
                lo = max(lo, j + 1)
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
            out.append(Task(assignee=who, action=action, kind="registration",
                            sentence=text[sent.start:sent.end], char_start=lo, char_end=hi,
                            assigner=_assigner(statements, c), due_start=ds, due_end=de, due_text=dt,
                            due_qualifier=dq))
    out.sort(key=lambda t: t.char_start)
    return out
