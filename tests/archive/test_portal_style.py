"""Generalisation guard: eight portal-style articles written for the project (not from any
archive), in the style of the Hồng Lĩnh seed, with hand-made answers in the gold format.
The pipeline was not tuned on the seed alone; these keep it from drifting back."""
from __future__ import annotations

import json

from testenv import PORTAL_STYLE as FIX


def test_portal_style_articles_score(tmp_path, hl):
    out = tmp_path / "out"
    r = hl("extract", FIX / "articles.jsonl", "--out", out, "--quiet", "--workers", "1")
    assert r.returncode == 0, r.stderr
    r = hl("eval", FIX / "gold.jsonl", out, "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["core_figures"]["f1"] >= 0.95 and s["all_figures"]["f1"] >= 0.95, s
    assert s["statements"]["f1"] >= 0.85 and s["tasks"]["f1"] >= 0.8, s
    assert all(s[f"acc_{k}"] >= 0.9 for k in ("qualifier", "status", "period_end", "speaker")), s
