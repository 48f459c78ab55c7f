"""Directives: `đề nghị / yêu cầu / giao / chỉ đạo` + assignee + action, the items of a
directive's list, and a leader's guidance (`Công an huyện cần …`)."""
from __future__ import annotations

import re

from hl_extract.extract import place
from hl_extract.extract.tasks.common import (
    _assigner, _cue_in, _due, _first_verb, _resolve, _rules, _trim_assignee, is_agent,
    split_assignees,
)
from hl_extract.language.doc import Doc
from hl_extract.language.lexicon import longest_compound
from hl_extract.common.records import Task
from hl_extract.language.text import fold


def _directive(doc: Doc, plist, statements, out, action_spans, a: int, s0: int, clause_end: int, c: int,
               kind: str = "directive", lists: list | None = None, item: bool = False) -> bool:
    """The assignee at a, the action from its first verb to clause_end: one row per assignee."""
    R = _rules()
    text, low = doc.text, doc.low
    quoted = kind == "quoted"
    kind = "directive"
    if a >= clause_end or not (text[a].isupper() and not quoted or R["starts"].match(low, a)):
        return False
    v = _first_verb(doc, a, min(clause_end, a + 110))
    if v < 0 or v - a < 2:
        return False
    cue_in = _cue_in(low, a, v)
    if cue_in >= 0:
        if quoted:
            return False  # “Hiệp hội đề nghị …”: the speaker's own request, no assignee
        v = cue_in  # "kiến nghị Bộ trưởng giao Vụ Giáo dục Đại học tham mưu …": the action is a directive
    v = _after_place(doc, a, v)
    phrase = _trim_assignee(text[a:v].strip(" ,"))
    if not phrase or len(phrase) > 100 or re.search(r"\.\s|[:“”\"]", phrase):
        return False
    if R["narration"].search(fold(phrase)) or R["narration_head"].match(low, v):
        return False   # "… huyện đã tham mưu …": what was done, not what must be
    act_end = clause_end
    opener = R["list_opener"].search(low, v, clause_end)
    if opener and lists is not None:   # "… các nhiệm vụ trọng tâm như: Các xã …; Phòng …": its items
        act_end = opener.start()
        lists.append((opener.end(), doc.sentence_at(max(s0, act_end - 1)).end, a))
    more = R["and_cue"].search(low, v, act_end)
    if more:  # "… chỉ đạo các địa phương kiểm tra … và yêu cầu Chủ tịch UBND …": a second directive
        act_end = more.start()
    action = text[v:act_end].strip(" ,.;”\"")
    action_spans.append((v, act_end))
    if not is_agent(phrase):
        return False  # "Đối với các trường hợp hành khách …": no one in charge
    ds, de, dt, dq = _due(doc, plist, s0, act_end, c)
    if not de and not opener and not item:
        # "…; cần … hoàn thành các chỉ tiêu … trong năm 2019": the sentence's deadline (not for a
        # list or its items: each item has its own)
        sent_end = doc.sentence_at(max(s0, act_end - 1)).end
        cues = [m for m in R["directive"].finditer(low, act_end, sent_end)
                if not R["noun_before"].search(low, max(0, m.start() - 20), m.start())]
        if not cues:
            ds, de, dt, dq = _due(doc, plist, s0, sent_end, act_end)
    assigner = _assigner(statements, a)
    sentence = text[doc.sentence_at(s0).start:doc.sentence_at(max(s0, act_end - 1)).end]
    for who in split_assignees(phrase):
        if not is_agent(who):
            continue
        who = _resolve(doc, who, a)
        if not who:
            continue
        out.append(Task(assignee=who, action=action, kind=kind, sentence=sentence,
                        char_start=a, char_end=act_end, assigner=assigner, due_start=ds, due_end=de,
                        due_text=dt, due_qualifier=dq))
    return True


_BLANKS = re.compile(r"[ \t]+")


def _after_place(doc: Doc, a: int, v: int) -> int:
    """Where the assignee in [a, v) ends after a place name: at the first lower-case word after
    it that neither starts another place nor joins one on ("tỉnh Phú Yên | giải trình …"); v if none."""
    R, text = _rules(), doc.text
    ms = [m for m in place.mentions(doc) if a <= m.start and m.end < v and (m.name or m.bare_unit)]
    starts = {m.start for m in ms}
    for m in ms:
        w = _BLANKS.match(text, m.end)
        if w is None or w.end() >= v or w.end() in starts:
            continue
        if text[w.end()].islower() and not R["after_place_join"].match(doc.low, m.end) \
                and not _compound_across(doc.low, m.end, w.end()):
            return w.end()
    return v


def _compound_across(low: str, end: int, nxt: int) -> bool:
    """Whether the last syllable before `end` and the word at `nxt` form one dictionary word
    ("tổ Báo | chí" is "báo chí": the name does not end there)."""
    last = low[max(0, end - 12):end].split()[-1:]
    word = re.match(r"[^\W\d_]+", low[nxt:nxt + 12])
    return bool(last and word) and longest_compound([last[0], word.group()]) == 2


def _obligee(doc: Doc, a: int, b: int) -> tuple[str, int]:
    """The agent right before an obligation word at b ("…, Công an huyện cần", "các sở, ngành
    cần"): the clause's words from the last comma piece that, with what follows it, names an
    agent and holds no verb; ("", a) if none."""
    R = _rules()
    text = doc.text
    cuts = [a] + [i + 1 for i in range(a, b) if text[i] == ","]
    for cut in cuts:
        while cut < b and text[cut] == " ":
            cut += 1
        phrase = _trim_assignee(text[cut:b].strip(" ,"))
        if phrase and len(phrase) <= 100 and R["starts"].match(fold(phrase)) and is_agent(phrase) \
                and not R["narration"].search(fold(phrase)) and not re.search(r"[\d“”\"]", phrase) \
                and _first_verb(doc, cut, b) < 0:
            return phrase, cut
    return "", a


def _items(doc: Doc, plist, statements, out, action_spans, lo: int, hi: int, listed: bool) -> None:
    """Tasks in the clauses of [lo, hi) (split at `;`, `:` and sentence ends): an agent before an
    obligation word ("Công an huyện cần tiếp tục …") is assigned what follows; in a directive's
    list (`listed`) an agent and a verb are enough ("Các xã, thị trấn thực hiện tốt …"); a clause
    naming no agent that starts with an obligation word (in a list, also an action verb) is the
    previous agent's."""
    R = _rules()
    text, low = doc.text, doc.low
    last, last_sent = "", -1
    for m in re.finditer(r"[^;:]+", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        while a < b and text[a] in " ,.-–\n":
            a += 1
        if b - a < 8:
            continue
        sent = doc.sentence_at(a)
        if sent.start != last_sent:
            last, last_sent = "", sent.start
        b = min(b, sent.end)
        taken = next((t for t in out if t.char_start <= a < t.char_end or a <= t.char_start < b), None)
        if taken is not None:   # a task already (a directive's cue): its agent goes on
            last = taken.assignee
            continue
        who, start = "", a
        ob = R["obligation"].search(low, a, b)
        if ob is not None:
            who, start = _obligee(doc, a, ob.start())
        if not who and listed:
            n = len(out)
            if _directive(doc, plist, statements, out, action_spans, a, a, b, a, item=True) and len(out) > n:
                last = out[-1].assignee
                continue
        if not who and last and (R["obligation_start"].match(low, a) or listed and R["verb"].match(low, a)):
            who = last   # "…; Cần tập trung …" (in a list: "…; tăng cường …") is the previous agent's
        if not who:
            last = ""    # "…; tỷ lệ … còn thấp; Cần …": a clause between ends the agent's run
            continue
        act = ob.end() if ob is not None and start < ob.start() else a
        if R["obligation_start"].match(low, act):
            act = R["obligation_start"].match(low, act).end()
        action = text[act:b].strip(" ,.;”\"")
        if len(action.split()) < 2:
            continue
        ds, de, dt, dq = _due(doc, plist, a, b, act)
        action_spans.append((act, b))
        for one in split_assignees(who):
            one = _resolve(doc, one, start) if is_agent(one) else ""
            if one:
                out.append(Task(assignee=one, action=action, kind="directive", sentence=text[sent.start:sent.end],
                                char_start=start, char_end=b, assigner=_assigner(statements, start),
                                due_start=ds, due_end=de, due_text=dt, due_qualifier=dq))
        last = who
