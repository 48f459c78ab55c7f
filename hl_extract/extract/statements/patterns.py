"""The other attribution patterns: `“…” - X nêu rõ`, colon headers (`Đồng chí X,
<title>: …`), `Theo ông X, …` and conclusions (`Kết luận hội nghị, X …`)."""
from __future__ import annotations

import re
from hl_extract.extract import names
from hl_extract.language.doc import Doc
from hl_extract.language.text import fold
from hl_extract.extract.statements.common import (
    LONG_PARAGRAPH, _COMMA, _Cand, _DASH_OR_COMMA, _LOWER_NEXT, _PARENS, _REQUEST_BODY,
    _THEO, _THEO_AFTER, _body_after, _open_quote, _para, _rules, _strip_span,
)
from hl_extract.extract.statements.speakers import _gap_title, _resolve_title


_DASH_AFTER_QUOTE = re.compile(r"[”\"][\s.,]*[-–—]\s*\Z")


def _dash_after_quote(doc: Doc, ms, cands) -> list[_Cand]:
    """`“…” - bà Hoài Anh cay đắng.`: a name right after a quotation and a dash."""
    R = _rules()
    text = doc.text
    have = {c.start for c in cands}
    out = []
    for m in ms:
        q = _DASH_AFTER_QUOTE.search(text, max(0, m.start - 6), m.start)
        if not q:
            continue
        cpos = q.start()
        para = _para(doc, cpos)
        opos = _open_quote(text, cpos, max(0, para.start - 1, cpos - 3000))
        if opos < 0 or opos + 1 in have:
            continue
        sent = doc.sentence_at(m.end)
        tail = doc.low[m.end:sent.end]
        cm = R["cue"].search(tail)
        kind = R["kind"][cm.group(1)] if cm else "opinion"
        cue = cm.group(1) if cm else text[m.end:sent.end].strip(" .,")[:30]
        out.append(_Cand(opos, opos + 1, cpos, m.full, m.title or m.after_title, kind, cue, "after",
                         para.paragraph))
    return out


def _colon_headers(doc: Doc, ms) -> list[_Cand]:
    """`Đồng chí X, <title>: …` — a name and its office, then a colon, no verb."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    k = -1
    while True:
        k = text.find(":", k + 1)
        if k < 0:
            break
        sent = doc.sentence_at(k)
        lo = sent.start
        j = text.rfind(":", lo, k)
        if j >= 0:
            lo = j + 1
        m = None
        for mm in reversed(ms):
            if mm.end <= k and mm.start >= lo:
                m = mm
                break
            if mm.end <= lo:
                break
        if m is None or m.start - lo > 12:
            continue
        gap = low[m.end:k]
        if R["cue"].search(gap) or "“" in gap or "\"" in gap:
            continue
        title = _gap_title(doc, m, k)
        if title is None or len(gap) > 160:
            continue
        if not (m.title or title):
            continue  # "Ông X:" alone is too weak (bylines, captions)
        s, e, mode = _body_after(doc, k + 1, sent, True)
        if e - s < 5:
            continue
        body = low[s:e]
        kind = "request" if _REQUEST_BODY.match(body) else "report"
        out.append(_Cand(m.start, s, e, m.full, m.title or title, kind, ":", mode, sent.paragraph))
    return out


def _theo(doc: Doc, ms) -> list[_Cand]:
    """`Theo ông X, <title>, …` / `Theo Chủ tịch VCCI, …`."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    for tm in _THEO.finditer(low):
        before = low[max(0, tm.start() - 3):tm.start()]
        if tm.start() > 0 and not _THEO_AFTER.search(before) and not _ends_with(low, tm.start(), ("đặc biệt", "cũng")) \
                and doc.text[tm.start()] != "T":  # "… Ảnh: X/TTXVN  Theo ông …": a capital opens a sentence
            continue
        sent = doc.sentence_at(tm.start())
        p = tm.end()
        noun = R["theo_noun"].match(low, p)    # "Theo chia sẻ của ông X, …"
        if noun:
            if low[sent.start:tm.start()].strip(" \"“(-–,") not in ("", "cũng", "còn"):
                continue   # "…, theo nhận định của ông X, <title>.": the words before are the statement
            p = noun.end()
        comma = text.find(",", p, sent.end)
        m = next((mm for mm in ms if mm.start == p and mm.end <= sent.end), None)
        if m is not None and (comma < 0 or comma > m.end + 120) and _LOWER_NEXT.match(text[m.end:m.end + 3]):
            comma = m.end  # "theo ông Nguyễn Văn Đực còn có một lý do khác"
        if comma < 0 or comma - p > 160:
            continue
        if m is not None and m.end > comma:
            m = None
        if m is not None:
            title = _gap_title(doc, m, comma)
            if title is None:
                # "Theo ông X, Chủ tịch …, …": the office between two commas
                continue
            speaker, title = m.full, m.title or title or m.after_title
            if not _gap_ok(low, m.end, comma):
                continue
        else:
            phrase = doc.text[p:comma]
            pl = fold(phrase)
            hl = R["hon_lead"].match(pl)
            t = phrase[hl.end():] if hl else phrase
            if not names.rules()["head_start"].match(fold(t)):
                continue
            got = _resolve_title(doc, t.strip(), p)
            if not got:
                continue
            speaker, title = got
        s = comma + 1
        # skip an office in apposition: "Theo ông X, Chủ tịch UBND xã, …"
        nxt = text.find(",", s, sent.end)
        if nxt > 0 and names.rules()["head_start"].match(low, s + 1) and nxt - s < 100 and m is not None:
            title = title or text[s:nxt].strip()
            s = nxt + 1
        s, e = _strip_span(text, s, sent.end)
        if e - s > 5:
            kind = R["theo_kind"].get(noun.group("noun"), "opinion") if noun else "opinion"
            cue = text[tm.start():noun.end("noun")] if noun else "Theo"
            out.append(_Cand(tm.start(), s, e, speaker, title, kind, cue, "sentence", sent.paragraph))
    return out


def _gap_ok(low: str, a: int, b: int) -> bool:
    g = _PARENS.sub(" ", low[a:b])
    return not g.strip() or bool(_DASH_OR_COMMA.match(g))


def _ends_with(low: str, pos: int, words) -> bool:
    """`low[:pos].rstrip().endswith(words)`, without copying the text before pos."""
    while pos > 0 and low[pos - 1].isspace():
        pos -= 1
    return low.endswith(words, 0, pos)


def _conclusions(doc: Doc, ms) -> list[_Cand]:
    """`Kết luận hội nghị, Bí thư Thị ủy X ghi nhận …` — runs over following paragraphs."""
    R = _rules()
    text, low = doc.text, doc.low
    out = []
    for sent in doc.sentences:
        om = R["opener"].match(low, sent.start)
        if not om:
            continue
        m = next((mm for mm in ms if om.end() <= mm.start <= om.end() + 1), None)
        if m is None:
            continue
        para = doc.paragraphs[sent.paragraph]
        s = m.end
        title = m.title
        ap = _COMMA.match(text, s)
        if ap and m.after_title:
            after = m.after_title
            k = R["cue"].search(fold(after))
            if k and k.start() > 0:
                after = after[:k.start()].rstrip()  # "Bí thư Thị ủy đề nghị các phòng": the office ends at the verb
            title = title or after
            s = ap.end() + len(after)
        s, _ = _strip_span(text, s, para.end)
        end = para.end if para.end - para.start <= LONG_PARAGRAPH else sent.end
        out.append(_Cand(m.start, s, end, m.full, title, "conclusion", "Kết luận hội nghị", "conclusion",
                         sent.paragraph))
    return out
