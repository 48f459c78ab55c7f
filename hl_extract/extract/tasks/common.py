"""What every kind of task shares: the rules of `rules/tasks.toml`, compiled once, and the
assignee's boundaries, resolution and due date."""
from __future__ import annotations

import functools
import re

from hl_extract.extract import names
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.common.records import Statement
from hl_extract.language.text import fold

_W = r"(?![\w])"


@functools.cache
def _rules():
    d = ruleset.load("tasks")
    r = {}
    alt = lambda key: ruleset.alternation(fold(x) for x in d[key])
    r["directive"] = re.compile(r"(?<![\w])(" + alt("directive_cues") + r")" + _W)
    r["noun_before"] = re.compile(r"(?<![\w])(?:" + alt("cue_noun_before") + r")\s+\Z")
    r["noun_after"] = re.compile(r"\s+(?:" + alt("cue_noun_after") + r")" + _W)
    r["any"] = re.compile(r"(?<![\w])(?:(?P<d>" + alt("directive_cues") + r")|(?P<r>" + alt("registration_cues")
                          + r")|(?P<p>" + alt("plan_cues") + r"))" + _W)
    # the same scan, faster: one trie of every cue, the kind told by the phrase matched; only when
    # no cue of one kind starts another kind's cue (else the kinds' order decides, as in "any")
    kinds = {k: [fold(x) for x in d[key]] for k, key in
             (("d", "directive_cues"), ("r", "registration_cues"), ("p", "plan_cues"))}
    label: dict[str, str] = {}
    for k, items in kinds.items():
        for x in items:
            label.setdefault(" ".join(x.split()), k)
    apart = all(not y.startswith(x) for k, xs in kinds.items() for x in xs
                for k2, ys in kinds.items() if k2 != k for y in ys) \
        and all(x == " ".join(x.split()) for xs in kinds.values() for x in xs)
    every = [x for xs in kinds.values() for x in xs]
    r["any_fast"] = re.compile(r"(" + names.bounded_alternation(every) + r")" + _W) if apart else None
    r["any_label"] = label
    r["registration"] = re.compile(r"(?<![\w])(" + alt("registration_cues") + r")" + _W)
    r["verb"] = re.compile(r"(?<![\w])(?:" + alt("action_verbs") + r")" + _W)
    r["never_in_name"] = {fold(x) for x in d["verbs_never_in_name"]}
    # "các thành viên Ban chỉ đạo, UBND các phường, xã": a comma before an office opens a second assignee
    r["org_after_comma"] = r"\s*,\s*(?=(?:" + ruleset.alternation(d["org_heads"]) + r")\s)"
    r["no_split_re"] = re.compile(ruleset.alternation(fold(x) for x in d["no_split"]))
    r["verb_in_name"] = re.compile(r"(?<![\w])(?:" + alt("verb_in_name_after") + r")\s+\Z")
    r["starts"] = re.compile(r"(?:" + alt("assignee_starts") + r")" + _W)
    r["units"] = re.compile(r"(?:các\s+)?(?:" + alt("unit_heads") + r")" + _W)
    r["no_split"] = [fold(x) for x in d["no_split"]]
    r["list_head"] = re.compile(r"(?:các|những)\s+(" + alt("list_heads") + r")(?:\s*:\s*|\s+)(?=\S)")
    r["plan"] = re.compile(r"(?<![\w])(?:" + alt("plan_cues") + r")" + _W)
    r["plan_not_after"] = re.compile(r"\s+(?:" + alt("plan_not_after") + r")" + _W)
    r["list_end"] = re.compile(r"(?<![\w])(?:" + alt("agent_heads") + r")\Z")
    r["plan_trail"] = re.compile(r"(?:\s+(?:" + alt("plan_subject_trail") + r"))+\s*\Z")
    r["determiner"] = re.compile(r"(?:" + alt("determiners") + r")\s+")
    r["agent"] = re.compile(r"(?:" + alt("agent_heads") + r")" + _W)
    r["non_agent"] = re.compile(r"(?:" + alt("non_agents") + r")" + _W)
    r["after_place_join"] = re.compile(r"\s*(?:" + alt("after_place_joins") + r")" + _W)
    r["target_open"] = re.compile(r"(?:" + alt("target_openers") + r")" + _W + r"\s*[,:]?\s*")
    r["stop"] = re.compile(r"\s(?:" + alt("assignee_stops") + r")" + _W)
    r["narration_head"] = re.compile(r"\s*(?:" + alt("narration_tail") + r")" + _W)
    r["narration"] = re.compile(r"(?<![\w])(?:" + alt("narration_tail") + r")\s*\Z")
    r["joiners"] = {fold(x) for x in d["name_joiners"]}
    r["anaphoric"] = re.compile(r"(?:" + alt("anaphoric_heads") + r")\Z")
    r["caption"] = re.compile(r"(?:\s[-–—]\s*|\s)(?:" + alt("caption_marks") + r")")
    r["obligation"] = re.compile(r"(?<![\w])(?:" + alt("obligation_words") + r")\s+(?!(?:"
                                 + alt("obligation_not_before") + r")" + _W + r")(?=\w)")
    r["obligation_start"] = re.compile(r"(?:" + alt("obligation_words") + r")\s+(?=\w)")
    r["guidance"] = {fold(x) for x in d["guidance_cues"]}
    r["task_kinds"] = set(d["statement_kinds_with_tasks"])
    r["horizon"] = re.compile(r"(?<![\w])(?:" + alt("horizon_words") + r")\s*(?:\w+\s+)?\Z")
    r["list_opener"] = re.compile(r"(?<![\w])(?:" + alt("list_openers") + r")\s*:")
    r["and_cue"] = re.compile(r"(?:,\s*|\s+)(?:và|đồng thời|,)\s+(?:" + alt("directive_cues") + r")" + _W)
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
        in_name = None if m.group() in R["never_in_name"] else \
            R["verb_in_name"].search(doc.low, max(a, m.start() - 20), m.start())
        if any(n.start() < m.start() < n.end() for n in R["no_split_re"].finditer(doc.low, max(a, m.start() - 40),
                                                                                  m.end() + 40)):
            pos = m.end()  # "Bộ Kế hoạch và đầu tư": a verb inside a name
            continue
        if doc.low[max(a, m.start() - 2):m.start()] == ", " and doc.low.startswith(",", m.end()):
            pos = m.end()  # "các cơ quan, tổ chức, cá nhân": an item of a list of nouns
            continue
        if in_name and re.search(r",\s+(?:(?:các|những)\s+)?\Z", doc.low[max(a, in_name.start() - 10):in_name.start()]):
            in_name = None  # "các sở, ngành báo cáo", "các cấp, các ngành thực hiện": the end of a list
        if doc.text[m.start()].isupper() or in_name \
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
    parts = re.split(r"(\s+(?:và|cùng với|cùng|với)\s+|\s*;\s*|" + R["org_after_comma"] + ")", masked)
    chunks = []
    for k in range(0, len(parts), 2):
        ch = parts[k]
        if chunks and ch and parts[k - 1].strip() in ("và", "cùng", "với", "cùng với") \
                and not R["starts"].match(fold(ch.replace("\x00", " "))) and not ch[:1].isupper():
            chunks[-1] += parts[k - 1] + ch   # "Phòng Nông nghiệp và phát triển nông …": one name
        else:
            chunks.append(ch)
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


def is_agent(phrase: str) -> bool:
    """A determiner-led assignee names an agent: "các sở, ngành" yes, "các dự án hoành tráng" no."""
    R = _rules()
    low = fold(phrase)
    d = R["determiner"].match(low)
    if not d:
        return True
    rest = low[d.end():]
    if R["non_agent"].match(rest):
        return False
    return bool(R["agent"].match(rest)) or phrase[len(phrase) - len(phrase.lstrip()) + d.end():][:1].isupper()


def _trim_assignee(phrase: str) -> str:
    """Cut the clause an assignee runs into: "tổ thẩm định độc lập là dù …" → "tổ thẩm định độc lập"."""
    m = _rules()["stop"].search(fold(phrase))
    return phrase[:m.start()].rstrip(" ,") if m else phrase


def _resolve(doc: Doc, who: str, before: int) -> str:
    """A bare head ("Công ty", "huyện") → the unit of that kind named last before `before`, else ""."""
    R = _rules()
    low = fold(who).strip()
    if not R["anaphoric"].match(low):
        return who
    pat = re.compile(r"(?<![\w])(?:ubnd\s+)?" + re.escape(low).replace(r"\ ", r"\s+") + r"\s+")
    best = ""
    for m in pat.finditer(doc.low, max(0, before - 6000), before):
        j = m.end()
        if not doc.text[j:j + 1].isupper():
            continue
        words = re.match(r"[^,.;:()“”\"\n]*", doc.text[j:j + 80]).group().split()
        k = 0
        while k < len(words) and (words[k][:1].isupper() or
                                  fold(words[k]) in R["joiners"] and k + 1 < len(words) and words[k + 1][:1].isupper()):
            k += 1
        best = doc.text[m.start():j] + " ".join(words[:k])
    return best.strip(" .")


_OTHER_CLAUSE = re.compile(r"(?<![\w])(?:đồng thời|và|nhưng|song)(?![\w])")


def _due(doc: Doc, plist, a: int, b: int, cue: int):
    """The period of a clause [a, b): the first after the cue, else the last before it."""
    # a deadline has a qualifier (trước, vào, đến …) or looks ahead ("6 tháng cuối năm"); a
    # horizon ("định hướng đến năm 2030") is none
    R = _rules()
    ahead = lambda p: not p.baseline and (p.qualifier or "cuối" in p.text.lower()) \
        and not R["horizon"].search(doc.low, max(0, p.char_start - 25), p.char_start)
    after = [p for p in plist if cue <= p.char_start < b and ahead(p)]
    # a time before the cue is its deadline ("Trước ngày 30/11, giao …") unless another clause
    # stands between ("kết quả đạt được trong quý I, đồng thời yêu cầu …")
    before = [p for p in plist if a <= p.char_start < cue and ahead(p)
              and not _OTHER_CLAUSE.search(doc.low, p.char_end, cue)]
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


def _clause_end(doc: Doc, a: int, end: int) -> int:
    """The end of the clause opened at a: a semicolon or a photo credit glued to the sentence."""
    R = _rules()
    j = doc.text.find(";", a, end)
    if j >= 0:
        end = j
    cap = R["caption"].search(doc.low, a, end)
    return cap.start() if cap else end


def _cue_in(low: str, a: int, b: int) -> int:
    """A directive cue inside low[a:b] that is no part of a name ("Ban chỉ đạo"), or -1."""
    R = _rules()
    for m in R["directive"].finditer(low, a, b):
        if m.start() > a and not R["verb_in_name"].search(low, max(a, m.start() - 20), m.start()):
            return m.start()
    return -1


def _after_last(text: str, marks: str, lo: int, hi: int) -> int:
    """Just after the last of `marks` in text[lo:hi], else `lo`."""
    return max([lo] + [text.rfind(ch, lo, hi) + 1 for ch in marks])


def _due_text(due) -> str:
    """A deadline as written, with its cue word (`đến năm 2020`)."""
    return f"{due.cue} {due.text}".strip() if due.cue and not due.text.lower().startswith(due.cue) else due.text
