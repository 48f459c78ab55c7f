"""The dataset side of verification: the figures loaded once (`Desk`) and how well one of them
matches an ask, scored as an editor would weigh it — same kind of number (unit, metric family,
level or change, actual or target), same place (the figure's own, or named in its sentence),
period overlapping, and the claim's words found near the figure. Points: `rules/verify.toml`
`[match]`."""
from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from hl_extract.desk import checks
from hl_extract.desk.verify.claim import (
    Ask,
    Target,
    content_words,
    is_level,
    name_fold,
    plain,
    base_unit,
    rules,
)


@functools.cache
def _m() -> dict:
    r = rules()["match"]
    fam = {}
    for group in r["families"]:
        for x in group:
            fam.setdefault(x, set()).update(group)
    return {**r, "_family": fam, "_country": {name_fold(x) for x in r["country"]}, "_generic": set(r["generic"]),
            "_specific": set(checks.rules()["specific_metrics"])}


class Desk:
    """A dataset loaded for look-ups: its figures (with place keys, change flags and the
    words near each figure), indexed by unit and kind and by the places articles name."""

    def __init__(self, data):
        self.data = data
        self.rows = checks.figure_rows(data, trusted=None)
        self._art_rows: dict[str, list] = defaultdict(list)
        self._sentence_rows: dict[tuple, list] = defaultdict(list)   # the figures of one sentence
        self.by_kind: dict[tuple, list] = defaultdict(list)
        self._art_by_place: dict[str, set] = defaultdict(set)
        self._art_low: dict[str, str] = {}
        self._named: dict[tuple, bool] = {}
        self._naming: dict[str, frozenset] = {}
        self._art_words: dict[str, frozenset] = {}
        self._word_indexes: dict[tuple, dict] = {}
        dec, per_year = rules()["dec_re"], rules()["per_year_re"]
        for d in self.rows:
            base = base_unit(d["unit"])
            if base:        # lengths and areas compared in one unit
                d["unit"] = base[0]
                for k in ("value", "value_max"):
                    if isinstance(d.get(k), (int, float)):
                        d[k] *= base[1]
            p = d.get("_place")
            d["_fold"] = name_fold(d["place"])
            d["_keys"] = (p.key, *p.parent_keys) if p and p.known else ()
            d["_sign"], d["_per_year"] = 1, False
            if d["is_change"]:      # a stated change: its direction, and whether it is one at all
                before, after = checks.rows._before_after(d)
                if is_level(d["raw"], after, before):
                    d["is_change"] = False
                else:
                    d["_sign"] = -1 if dec.search(before[-30:].rstrip()) else 1
                    d["_per_year"] = bool(per_year.search(before[-25:] + " " + after[:12]))
            self._art_rows[d["article_id"]].append(d)
            self._sentence_rows[(d["article_id"], d["sentence"])].append(d)
            self.by_kind[(d["unit"], bool(d["is_change"]))].append(d)
            for k in (d["place_key"], d["_fold"]):
                if k:
                    self._art_by_place[k].add(d["article_id"])
        # the article's other sentences the dataset keeps: what was said, who must do what
        self._art_text: dict[str, list] = defaultdict(list)
        for table, col in (("statements", "text"), ("tasks", "sentence")):
            df = data.get(table) if hasattr(data, "get") else None
            if df is None or col not in getattr(df, "columns", ()):
                continue
            for aid, text in zip(df["article_id"].astype(str), df[col].astype(str)):
                self._art_text[aid].append(text)
        for kind in self.by_kind:      # built at load, so that no claim pays for it
            self._word_index(kind)

    def _word_index(self, kind) -> dict:
        """word → positions in `by_kind[kind]` of the figures with that word in their sentence or
        near them (built once per kind)."""
        idx = self._word_indexes.get(kind)
        if idx is None:
            idx = defaultdict(list)
            for i, d in enumerate(self.by_kind.get(kind, [])):
                for w in sentence_words(d) | near_words(d):
                    idx[w].append(i)
            self._word_indexes[kind] = idx
        return idx

    def beside(self, d) -> list:
        """The other figures of a figure's sentence."""
        return [x for x in self._sentence_rows.get((d["article_id"], d["sentence"]), ()) if x is not d]

    def article_low(self, article_id: str) -> str:
        """Every sentence with a figure of the article, what was said, tasks, and the title,
        lower case."""
        low = self._art_low.get(article_id)
        if low is None:
            rows = self._art_rows.get(article_id, [])
            sents = dict.fromkeys([d["sentence"] for d in rows] + self._art_text.get(article_id, []))
            title = rows[0]["title"] if rows else ""
            low = self._art_low[article_id] = plain(title + "\n" + "\n".join(sents))
        return low

    def article_words(self, article_id: str) -> frozenset:
        """The content words of an article's kept text (title, figure sentences, statements,
        tasks): what a claim may say of a figure's story though not of its sentence."""
        w = self._art_words.get(article_id)
        if w is None:
            rows = self._art_rows.get(article_id, [])
            text = "\n".join(dict.fromkeys([rows[0]["title"] if rows else ""] + [d["sentence"] for d in rows]
                                           + self._art_text.get(article_id, [])))
            w = self._art_words[article_id] = content_words(text)
        return w

    def names(self, article_id: str, low: str) -> bool:
        """Whether the article names `low` (a place's name, lower case); remembered."""
        k = (article_id, low)
        v = self._named.get(k)
        if v is None:
            v = self._named[k] = low in self.article_low(article_id)
        return v

    def articles_naming(self, low: str) -> frozenset:
        """The articles whose kept text names `low` (a place's `plain` name); remembered."""
        got = self._naming.get(low)
        if got is None:
            got = self._naming[low] = frozenset(a for a in self._art_rows if low in self.article_low(a))
        return got

    def _rows_for(self, ask: Ask) -> list:
        """The figures an ask can match, from the indexes: of its unit and kind (level or
        change), and — when it names a place — placed there or in a part of it, or in an
        article that names it (bounded work: a claim's place cuts the scan to a few articles)."""
        kinds = [(ask.unit, bool(ask.change))] if ask.unit else [
            k for k in self.by_kind if k[0] != "percent" and k[1] == bool(ask.change)]
        t = ask.place
        if t is None:
            if not ask.unit:
                return []        # a level of any unit anywhere: nothing to bound the scan
            rows = self.by_kind.get(kinds[0], [])
            hit = self._sharing(ask, kinds)
            return rows if hit is None else [rows[i] for i in sorted(hit[kinds[0]])]
        arts = set(self.articles_naming(t.low)) if t.low and len(t.low) > 2 else set()
        for k in (t.key, t.fold, *(k for k in t.keys[1:] if k in ask.named)):
            if k:       # the unit, and the units holding it the claim names too
                arts |= self._art_by_place.get(k, set())
        want = set(kinds)
        rows = [d for a in sorted(arts) for d in self._art_rows[a] if (d["unit"], bool(d["is_change"])) in want]
        hit = self._sharing(ask, kinds)
        if hit is None:
            return rows
        ids = {id(self.by_kind[k][i]) for k in kinds for i in hit[k]}
        return [d for d in rows if id(d) in ids]

    def _sharing(self, ask: Ask, kinds) -> dict | None:
        """Per kind, the positions of the figures sharing a word of the claim with their
        sentence or surroundings; a figure sharing none cannot reach `min_subject` and is
        never scored (None: every figure may match — no words, or a specific metric)."""
        if not ask.words or ask.metric in _m()["_specific"]:
            return None
        out = {}
        for k in kinds:
            index = self._word_index(k)
            hit = set()
            for w in ask.words:
                hit.update(index.get(w, ()))
            out[k] = hit
        return out

    def candidates(self, ask: Ask) -> list:
        rows = self._rows_for(ask)
        out = []
        for d in rows:
            s = score(ask, d, self)
            if s is not None:
                out.append(s)
        if _m()["idf"] and len(out) > 1 and ask.words:
            _reweigh(ask, out)
        out.sort(key=lambda m: (-round(m.score, 6), _neg_date(m.row["period_end"]) if ask.now else "",
                                m.row["figure_id"]))
        return out


def _reweigh(ask: Ask, matches: list) -> None:
    """The subject points again, a claim word weighing log(1 + n / df) over the candidates:
    the words that tell the candidates apart (`giải ngân`, `đền bù`) count more than those all
    of them share (`sự cố môi trường biển`)."""
    n = len(matches)
    df = dict.fromkeys(ask.words, 0)
    for m in matches:
        for w in ask.words & near_words(m.row):
            df[w] += 1
    weight = {w: math.log(1 + n / (c or 0.5)) for w, c in df.items()}
    total = sum(weight.values()) or 1.0
    pts = _m()["subject"]
    for m in matches:
        wc = sum(weight[w] for w in ask.words & near_words(m.row)) / total
        m.score += pts * (wc - m.cover)


def _neg_date(d: str) -> str:
    return "".join(chr(0x7f - ord(c)) if c.isdigit() else c for c in d) if d else "\x7f"


@dataclass
class Match:
    score: float
    cover: float
    place: str           # same | sentence | parent | part | article | any
    row: dict
    counted: bool = False   # the claim's counts of what it is about stand beside the figure


def near_words(d) -> frozenset:
    """The words near a figure: up to `window` characters each side, within its list item
    (`;`). Bounding the window at the neighbouring figures was tried: it loses the words a
    list shares."""
    w = d.get("_near")
    if w is None:
        before, after = checks.rows._before_after(d)
        lo, hi = _m()["window"]
        before, after = before[-lo:], after[:hi]
        if ";" in before:          # list items: `…; trên 6,2 tỷ đồng ủng hộ Quỹ …; …`
            before = before[before.rindex(";") + 1:]
        if ";" in after:
            after = after[:after.index(";")]
        w = content_words(before + " " + d["raw"] + " " + after + " " + d["subject"])
        d["_near"] = w
    return w


def sentence_words(d) -> frozenset:
    w = d.get("_sent_words")
    if w is None:
        w = d["_sent_words"] = content_words(d["sentence"])
    return w


def _near_low(d) -> str:
    w = d.get("_near_low")
    if w is None:
        before, after = checks.rows._before_after(d)
        w = d["_near_low"] = plain(before[-160:] + " " + d["raw"] + " " + after[:60])
    return w


def metric_points(a: str, b: str) -> float | None:
    """Points for a claimed metric `a` against a source's `b`: the same, one family, or a
    generic claim (`chiếm 18%`) whose words must then say what is counted."""
    M = _m()
    if not a:
        return 0.5
    if a == b:
        return M["metric_same"] if a not in M["_generic"] else M["metric_related"]
    if b in M["_family"].get(a, ()):
        return M["metric_related"]
    if a in M["_specific"]:
        return None
    if a in M["_generic"] or (b in M["_generic"] and b not in M["_specific"]):
        return 0.3
    return None


def counted_ok(ask: Ask, d) -> bool:
    """A count of one noun is not a count of another (`1.100 nhân khẩu` ≠ `2 nghệ nhân`)."""
    if not ask.unit_text or not d.get("unit_text"):
        return True
    w = d.get("_unit_words")
    if w is None:
        w = d["_unit_words"] = _noun_words(d["unit_text"])
    return bool(_noun_words(ask.unit_text) & w)


@functools.lru_cache(maxsize=4096)
def _noun_words(text: str) -> frozenset:
    """The syllables of a counted noun, abbreviations spelled out (`CCN`), stop words kept
    (`huyện` is a noun here)."""
    from hl_extract.desk.verify.claim import _expand
    return frozenset(re.findall(r"[^\W\d_]+", _expand(text).lower()))


def period_points(ask: Ask, d) -> float | None:
    M = _m()
    fs, fe = d["period_start"], d["period_end"]
    if ask.now:
        if fe and fe > ask.period_end:
            return None
        return M["period_within"] if fe else M["period_unstated"]
    if not ask.period_end:
        return M["period_unstated"]
    if not fe:
        if ask.change:
            return None
        said = ask.period_text and ask.period_text.lower() in d["sentence"].lower()
        return M["period_same_end"] if said else M["period_unstated"] * 0.5
    if ask.no_year:
        return M["period_same_end"] if fe[5:] == ask.period_end[5:] else None
    if fe == ask.period_end and (not ask.change or not fs or fs <= (ask.period_start or fe)):
        return M["period_same_end"] + (M["period_same_span"] if fs and fs == ask.period_start else 0.0)
    if ask.change:
        return None
        return M["period_same_end"]
    if (ask.period_start or ask.period_end) <= fe <= ask.period_end:
        return M["period_within"]
    if ask.period_start in ("", ask.period_end) and (fs or fe) <= ask.period_end <= fe:
        return M["period_covers"]     # a date inside the figure's span (a stock, not a flow)
    return None


def place_points(ask: Ask, d, desk: Desk) -> tuple[float, str] | None:
    M = _m()
    t, metric = ask.place, ask.metric
    if t is None:
        return M["place_unstated"], "any"
    if (t.key and d["place_key"] == t.key) or (t.fold and d["_fold"] == t.fold):
        return M["place_same"], "same"
    if t.low and len(t.low) > 2 and t.low in _near_low(d):
        return M["place_in_sentence"], "sentence"
    keys = d["_keys"]
    named = bool(t.low) and desk.names(d["article_id"], t.low)
    if keys and t.key and t.key in keys[1:]:
        # a part of the claim's unit (`4 huyện … Vĩnh Linh với tổng số tiền 904 tỷ` for the
        # province): weak, and never enough to contradict — but a project, a fine, a price in
        # a district is one in its province too (`within_metrics`)
        if metric in M["within_metrics"] or (not metric and d["metric"] in M["within_metrics"]):
            return M["place_within"], "within"
        return (M["place_part"], "part") if named else None
    if keys and t.keys and keys[0] in t.keys[1:] and keys[0] in ask.named:
        # the claim names the unit and the one that holds it (`huyện Thuận Bắc, tỉnh Ninh
        # Thuận`); the source puts the figure at the holder: close, but never contradicting
        return M["place_named_parent"], "parent"
    broader = not d["place"] or d["_fold"] in M["_country"] or (keys and t.keys and keys[0] in t.keys[1:])
    if broader and named:
        return M["place_in_article"], "article"
    return None


def score(ask: Ask, d, desk: Desk) -> Match | None:
    M = _m()
    if ask.unit and d["unit"] != ask.unit:
        return None
    if bool(ask.change) != bool(d["is_change"]) or (ask.change and d["_per_year"]):
        return None
    mp = metric_points(ask.metric, d["metric"])
    if mp is None:
        return None
    pp = period_points(ask, d)
    if pp is None or not counted_ok(ask, d):
        return None
    status = 0.0 if (d["status"] or "actual") == (ask.status or "actual") else M["status_other"]
    pl = place_points(ask, d, desk)
    if pl is None:
        return None
    if ask.words:
        near = near_words(d)
        cover = len(ask.words & near) / len(ask.words)
        if cover < 1.0:            # the sentence vouches too, a little less; the story less still
            cover = max(cover, M["sentence_weight"] * len(ask.words & sentence_words(d)) / len(ask.words))
            if ask.place is not None and cover < M["min_subject"]:     # bounded: a placed claim's few articles
                cover = max(cover, M["article_weight"] * len(ask.words & desk.article_words(d["article_id"]))
                            / len(ask.words))
    else:
        cover = 1.0
    if cover < M["min_subject"] and not (ask.metric and ask.metric == d["metric"] and ask.metric in M["_specific"]):
        return None
    narrow = narrow_points(ask, d, desk) if ask.narrow else 0.0
    total = narrow
    if ask.governs and _governs(d, ask.governs):
        total += M["governs"]
    if ask.total and d.get("total"):
        total = M["total_same"] if abs(d["total"] - ask.total) < 1e-9 else -M["total_same"]
    return Match(mp + pp + pl[0] + M["subject"] * cover + status + total, cover, pl[1], d,
                 counted=narrow >= M["narrow_same"] * len(ask.narrow) > 0)


def _governs(d, words: str) -> bool:
    """Whether the claim's words right before its number stand right before the figure too."""
    return words in plain(checks.rows._before_after(d)[0][-(len(words) + 6):])


def narrow_points(ask: Ask, d, desk: Desk) -> float:
    """The claim's counts of what its amount is about (`9 lô đất … 27 nghìn tỷ đồng`) against
    the figures beside the source's: the same count there is the same thing, another count
    of the same noun (`11 lô đất`) another one."""
    pts = _m()["narrow_same"]
    got = 0.0
    for value, unit, noun in ask.narrow:
        same_kind = [x for x in desk.beside(d) if x["unit"] == unit and (
            not noun or not x.get("unit_text") or _noun_words(noun) & _noun_words(x["unit_text"]))]
        if any(abs(x["value"] - value) <= 1e-9 * max(1.0, abs(value)) for x in same_kind):
            got += pts
        elif same_kind:
            got -= pts
    return got
