"""Rule files (`rules/*.toml`): loaded once, cached."""
from __future__ import annotations

import functools
import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


_PACKAGE = Path(__file__).resolve().parent.parent
# Installed: hl_extract/rules/ (package data); source checkout: rules/ beside hl_extract/.
RULES_DIR = next((p for p in (_PACKAGE / "rules", _PACKAGE.parent / "rules") if p.is_dir()),
                 _PACKAGE / "rules")


@functools.cache
def load(name: str) -> dict:
    """The parsed rule file `rules/<name>.toml` (`name` may be `sites/honglinh`)."""
    path = RULES_DIR / f"{name}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None


def names(folder: str) -> list[str]:
    """The rule files in a sub-folder of rules/ (e.g. the site profiles)."""
    return sorted(p.stem for p in (RULES_DIR / folder).glob("*.toml"))


def words(name: str, key: str) -> list[str]:
    """A word list from a rule file, longest first (so alternations prefer long matches)."""
    return sorted(load(name)[key], key=len, reverse=True)


def alternation(items) -> str:
    """A regex alternation of literal phrases, longest first; spaces match any run of spaces."""
    parts = sorted(set(items), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def ends_with(phrases, tail: str = r"\s+") -> re.Pattern:
    """A regex for text that ends with one of `phrases` (a whole word) and then `tail`."""
    return re.compile(rf"(?:^|[^\w])(?:{alternation(phrases)}){tail}\Z")


def starts_regex(words, also: str = "") -> re.Pattern:
    """A fast finder of where a phrase of `words` (or the regex `also`) may start.

    A lookahead of the possible first characters lets the regex engine skip most
    positions without trying every alternative.
    """
    words = sorted(set(words), key=len, reverse=True)
    first = "".join(sorted({w[0] for w in words}))
    guard = re.escape(first) + (r"\d(" if also else "")
    alts = ([also] if also else []) + [rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)"]
    return re.compile(rf"(?=[{guard}])(?:{'|'.join(alts)})")
