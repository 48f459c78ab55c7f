"""Statements opened by a cue verb after the speaker (`<title> X cho biết …`), and
quotations attributed after them (`“…”, ông X nói.`)."""
from __future__ import annotations

import re

from hl_extract.language.doc import Doc
from hl_extract.extract.statements.common import (
    OPEN_Q, _AND, _CLAUSE_AFTER, _COLON_OR_OPEN, _COLON_OR_QUOTE, _Cand, _ENDS,
    _MANNER_THEN_QUOTE, _PHOTO_CREDIT, _QUOTE_BEFORE, _QUOTE_JOINED, _SAYS_THAT,
    _STOP_BEFORE, _body_after, _open_quote, _para, _rules, _strip_span,
)
from hl_extract.extract.statements.speakers import _speaker_before, _zone_start


_TO_WHOM = re.compile(r"\s+với\s")
_AFTER_WHOM = re.compile(r"\s*(?:,|:|“|\brằng\b|\blà\b)\s*")


def _verb_cues(doc: Doc, ms) -> list[_Cand]:
    """Statements opened by a cue verb (`cho biết`, `nhấn mạnh` …), the speaker before it."""
    R = _rules()
    text, low = doc.text, doc.low
    cands: list[_Cand] = []
    prev = None  # (cue match, speaker triple) of the previous cue
    last = None  # (end, speaker triple) of the last cue that had a speaker
    for cm in R["cue"].finditer(low):
        cue = cm.group(1)
        c, ce = cm.start(), cm.end()
        if text[c].isupper() and c > 0 and text[c - 1] not in "\n“\"" and \
                not _STOP_BEFORE.search(text[max(0, c - 3):c]):
            continue  # a word of a name or an office ("Phòng Văn hóa - Thông tin")
        if R["not_before"].match(low, ce) or R["not_cue"].match(low, c) or R["not_after"].search(low, max(0, c - 12), c) \
                or R["noun_cue"].search(low, max(0, c - 12), ce) or R["document_cue"].match(low, c):
            prev = None
            continue
        sent = doc.sentence_at(c)
        zs = _zone_start(doc, sent.start, c)
        who = None
        prev_who = prev[1] if prev is not None else None
        if prev is not None and prev[0].end() > sent.start and \
                _AND.fullmatch(low, prev[0].end(), c):
            who = prev[1]
        else:
            if prev is not None and prev[0].end() > zs and prev[0].end() <= c:
                zs = prev[0].end()
            weak = cue in R["weak"] and not _COLON_OR_QUOTE.match(text, ce, ce + 4) \
                and not _MANNER_THEN_QUOTE.match(text, ce + 1, ce + 50)
            who = _speaker_before(doc, ms, zs, c, weak)
            if who is None and last is not None and last[0] > sent.start:
                # "Thủ tướng cho biết, … và thẳng thắn chỉ ra, …": a second verb of the
                # sentence's speaker opens a second statement where its "và" stands
                k = R["coordinated"].search(low, max(sent.start, c - 30), c)
                if k and _SAYS_THAT.match(low, ce):
                    who = (last[1][0], last[1][1], k.start())
        prev = (cm, who)
        if who is not None:
            last = (ce, who)
        if who is None:
            continue
        speaker, title, anchor = who
        kind = R["kind"][cue]
        rest = text[ce:sent.end]
        after = _ENDS.match(rest) or R["and_cue"].match(low, ce, sent.end)
        q = _QUOTE_JOINED.search(text, max(0, anchor - 6), anchor) if who is not prev_who else None
        if not q and after:
            q = _QUOTE_BEFORE.search(text, max(0, anchor - 6), anchor)
        if after or q:
            # “…”, ông X nói. — the quotation (or the clause) before the speaker
            para = _para(doc, anchor)
            if q:
                cpos = q.start()
                opos = _open_quote(text, cpos, max(0, para.start - 1, cpos - 3000))
                if opos >= 0:
                    k = _CLAUSE_AFTER.match(low, ce, sent.end)
                    if not after and k and not R["cue"].match(low, k.end()) and \
                            len(text[sent.start:opos].split()) >= 2:
                        # "Xung quanh vụ việc … “gõ đầu trẻ”, bà X cho biết, ngoài …": the
                        # quotation stands in a lead clause; what is said follows the cue
                        s, e, mode = _body_after(doc, ce, sent, False)
                        cands.append(_Cand(anchor, s, e, speaker, title, kind, cue, mode, sent.paragraph))
                        continue
                    cands.append(_Cand(opos, opos + 1, cpos, speaker, title, kind, cue, "after",
                                       para.paragraph))
                    continue
            s0, e0 = _strip_span(text, sent.start, anchor)
            if e0 - s0 > 10 and text[s0] not in OPEN_Q:
                cands.append(_Cand(s0, s0, e0, speaker, title, kind, cue, "after", para.paragraph))
            continue
        if cue in R["weak"] and R["occasion"].match(low, ce):
            # "phát biểu tại hội nghị: “…”" — the statement is what the colon or quote opens
            k = _COLON_OR_OPEN.search(text[ce:min(sent.end, ce + 100)])
            if not k or _PHOTO_CREDIT.search(low[ce:ce + k.start()]):  # "- Ảnh: …" is a credit
                continue
            ce += k.start() if k.group() == "“" else k.end() - 1
        if cue in R["weak"] and _TO_WHOM.match(low, ce):
            # "chia sẻ với báo chí, việc tái cơ cấu …", "cam kết với nhân dân rằng …": what is said
            # follows the addressee; "trao đổi với PV." says nothing
            k = _AFTER_WHOM.search(low, ce, sent.end)
            if not k or R["caption"].search(low, ce, sent.end):
                continue     # no content, or a photo caption
            ce = k.end() - 1 if k.group().startswith((":", "“")) else k.end()
        colon = text[ce:ce + 3].lstrip().startswith(":")
        s, e, mode = _body_after(doc, ce, sent, colon)
        if s < e:
            cands.append(_Cand(anchor, s, e, speaker, title, kind, cue, mode, sent.paragraph))
    return cands
