"""Vietnamese compound words, from the dictionary that underthesea ships (Viet74K).

Used to read a counted noun as a whole word ("282 biên chế", "3 kết luận") where
the rule lists do not name it. Read once, on first use, without importing underthesea.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from hl_extract.language.text import fold


@functools.cache
def compounds() -> frozenset[str]:
    """Every word of two or three syllables, folded as `text.match_text` spells it."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return frozenset()
    words = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(fold(w) for w in words if 1 <= w.count(" ") <= 2)


def longest_compound(words: list[str]) -> int:
    """How many of `words` (lower-case syllables) form the longest dictionary word: 1, 2 or 3."""
    known = compounds()
    for n in (3, 2):
        if len(words) >= n and " ".join(words[:n]) in known:
            return n
    return 1
