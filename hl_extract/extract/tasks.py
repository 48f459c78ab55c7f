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

from hl_extract.extract import names
from hl_extract.language import periods, place_mentions
from hl_extract.language.lexicon import longest_compound
from hl_extract.common import ruleset
from hl_extract.language.doc import Doc
from hl_extract.common.records import Statement, Task
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
    if R["narration"].search(fold(phrase)):
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


def place_mentions_of(doc: Doc):
    """The article's place mentions (found once per article, shared with the place rules)."""
    return doc.memo("place_mentions", lambda d: place_mentions.find(d.text))


_BLANKS = re.compile(r"[ \t]+")


def _after_place(doc: Doc, a: int, v: int) -> int:
    """Where the assignee in [a, v) ends after a place name: at the first lower-case word after
    it that neither starts another place nor joins one on ("tỉnh Phú Yên | giải trình …"); v if none."""
    R, text = _rules(), doc.text
    ms = [m for m in place_mentions_of(doc) if a <= m.start and m.end < v and not m.bare_unit and m.name]
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
        dt = f"{due.cue} {due.text}".strip() if due.cue and not due.text.lower().startswith(due.cue) else due.text
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
            from hl_extract.extract.place import article_unit
            unit = article_unit(doc)
        if not unit:
            return
        para = doc.paragraphs[sent.paragraph]
        named = {fold(m.text) for m in place_mentions_of(doc)
                 if para.start <= m.start < sent.end and not m.bare_unit and m.name}
        if named - {fold(unit)}:
            continue    # "… Việt Nam có đủ điều kiện … . Mục tiêu trước năm 2025, …": whose target is unclear
        dt = f"{due.cue} {due.text}".strip() if due.cue and not due.text.lower().startswith(due.cue) else due.text
        out.append(Task(assignee=unit, action=action, kind="plan", sentence=text[sent.start:sent.end],
                        char_start=sent.start, char_end=end, assigner=_assigner(statements, sent.start),
                        due_start=due.start, due_end=due.end, due_text=dt, due_qualifier=due.qualifier or "in"))


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


def _after_last(text: str, marks: str, lo: int, hi: int) -> int:
    """Just after the last of `marks` in text[lo:hi], else `lo`."""
    return max([lo] + [text.rfind(ch, lo, hi) + 1 for ch in marks])
