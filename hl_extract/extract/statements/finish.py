"""From candidates to statements: overlaps resolved, spans trimmed, and figures linked
to the statement (and speaker) that holds them."""
from __future__ import annotations

from hl_extract.extract import names
from hl_extract.language.doc import Doc
from hl_extract.common.records import Figure, Statement
from hl_extract.language.text import fold
import bisect

from hl_extract.extract.statements.common import LONG_PARAGRAPH, _Cand, _rules, _strip_span


def _split_second(doc: Doc, c: _Cand, a: int, b: int):
    """[(start, end, kind, cue)] of a statement: itself, or split where a second cue of the same
    speaker opens ("…, đồng thời đề nghị …")."""
    m = _rules()["second"].search(doc.low, a, b)
    if m is None or m.start() - a < 20 or b - m.end() < 20:
        return [(a, b, c.kind, c.cue)]
    cue = doc.text[m.start("cue"):m.end("cue")]
    kind = _rules()["kind"].get(fold(cue), "request")   # "giao": no statement cue alone, a request here
    return [(a, m.start(), c.kind, c.cue), (m.end(), b, kind, cue)]


def _finish(doc: Doc, cands: list[_Cand]) -> list[Statement]:
    text = doc.text
    # a conclusion runs over the following paragraphs that no other attribution opens
    anchors = sorted(c.anchor for c in cands)
    for c in cands:
        if c.mode != "conclusion" or c.end != doc.paragraphs[c.paragraph].end:
            continue
        i = c.paragraph + 1
        while i < len(doc.paragraphs) and i <= c.paragraph + 4:
            p = doc.paragraphs[i]
            if p.end - p.start > LONG_PARAGRAPH:
                break
            if any(p.start <= a < min(p.end, p.start + 150) for a in anchors):
                break
            if any(p.start <= m.start < p.start + 5 for m in names.mentions(doc)):
                break
            c.end = p.end
            i += 1
    cands.sort(key=lambda c: (c.anchor, -(c.end - c.start)))
    # identical bodies: keep the first
    seen = set()
    uniq = []
    for c in cands:
        key = (c.start, c.speaker)
        if key in seen:
            continue
        seen.add(key)
        uniq.append(c)
    cands = uniq
    keep = [True] * len(cands)
    for i, s in enumerate(cands):
        if not keep[i]:
            continue
        for j in range(i + 1, len(cands)):
            t = cands[j]
            if not keep[j] or t.anchor >= s.end:
                continue
            if s.mode == "conclusion" and fold(t.speaker) == fold(s.speaker) and t.start >= s.start \
                    and t.end <= s.end:
                keep[j] = False  # "Kết luận hội nghị, đồng chí X đề nghị …": one conclusion
                continue
            if t.anchor < s.start and t.mode != "after":
                continue
            if fold(t.speaker) == fold(s.speaker) and s.mode in ("colon", "conclusion", "quote", "unopened") \
                    and t.end <= s.end and t.mode != "after":
                keep[j] = False  # a nested attribution of the same speaker
                continue
            if s.mode == "unopened" and t.end <= s.end and t.mode != "after":
                keep[j] = False  # "Ông X cho rằng: … ông Y yêu cầu … .”": speech X reports
                continue
            if t.anchor > s.start:
                s.end = t.anchor
    out = []
    for c, k in zip(cands, keep):
        if not k:
            continue
        a, b = _strip_span(text, c.start, c.end)
        if b - a < 3:
            continue
        for x, y, kind, cue in _split_second(doc, c, a, b):
            x, y = _strip_span(text, x, y, " ,:;-–—\n.")
            out.append(Statement(speaker=c.speaker, kind=kind, cue=cue, text=text[x:y],
                                 char_start=x, char_end=y, title=c.title))
    out += _next_sentence(doc, out)
    out.sort(key=lambda s: s.char_start)
    return out


def _next_sentence(doc: Doc, found: list[Statement]) -> list[Statement]:
    """A second statement of a speaker in the next sentence of the paragraph, which opens with a
    joiner and a cue and no subject of its own ("… . Đồng thời, đề nghị …")."""
    R, out = _rules(), []
    sents = doc.sentences
    for st in found:
        i = max(bisect.bisect_right(doc.sentence_starts, max(st.char_end - 1, 0)) - 1, 0)
        if i + 1 >= len(sents) or st.char_end < sents[i].end - 2:   # it must end its sentence
            continue
        nxt = sents[i + 1]
        if nxt.paragraph != sents[i].paragraph:
            continue
        m = R["next_sentence"].match(doc.low, nxt.start)
        if m is None or any(s.char_start < nxt.end and s.char_end > nxt.start for s in found):
            continue
        x, y = _strip_span(doc.text, m.end(), nxt.end, " ,:;-–—\n.")
        if y - x < 20:
            continue
        cue = doc.text[m.start("cue"):m.end("cue")]
        out.append(Statement(speaker=st.speaker, kind=R["kind"].get(fold(cue), "request"), cue=cue,
                             text=doc.text[x:y], char_start=x, char_end=y, title=st.title))
    return out


def link(figures: list[Figure], statements: list[Statement]) -> None:
    """Give each figure inside a statement that statement's speaker and id."""
    for f in figures:
        best = None
        for s in statements:
            if s.char_start <= f.char_start and f.char_end <= s.char_end:
                if best is None or s.char_end - s.char_start < best.char_end - best.char_start:
                    best = s
        if best is not None:
            f.speaker, f.statement_id = best.speaker, best.statement_id
