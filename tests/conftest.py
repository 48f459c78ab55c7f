"""Shared fixtures. Tests live in folders that mirror the package's layers (archive, language,
extract, dataset, desk); helpers they share (the mock portal, the desk's hand-made dataset, the
batch test stages, paths) live in `tests/support/`, put on `sys.path` here."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

from testenv import SEED_JSONL, SEED_TXT, SHARED, run_cli  # noqa: E402


@pytest.fixture
def hl():
    """Run the command line: `hl("extract", path, "--out", out)` → CompletedProcess."""
    return run_cli


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The founding article's plain text, as the portal published it."""
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record() -> dict:
    """The founding article as a JSON Lines record (text, date, url, title)."""
    return json.loads(SEED_JSONL.read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def shared() -> Path:
    """`../shared`; the test is skipped where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared not present")
    return SHARED
