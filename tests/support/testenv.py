"""Where the test inputs are (the seed fixtures in `tests/fixtures/`, `../shared` where present) and
how a test runs the command line in a child process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hl_extract

SUPPORT = Path(__file__).resolve().parent
TESTS = SUPPORT.parent
FIXTURES = TESTS / "fixtures"
SEED_TXT = FIXTURES / "honglinh-2023-09-15.txt"      # the founding article as plain text
SEED_JSONL = FIXTURES / "honglinh-2023-09-15.jsonl"  # the same article with its metadata
PORTAL_STYLE = FIXTURES / "portal_style"
# ../shared next to the checkout; tests that need it skip where it is absent
SHARED = TESTS.parents[1] / "shared"
# the source tree of the hl_extract the tests import (installed or checked out): subprocesses run it
PACKAGE_ROOT = Path(hl_extract.__file__).resolve().parents[1]


def subprocess_env() -> dict:
    """The environment for a `python -m hl_extract` child: the same package, the support modules."""
    path = [str(PACKAGE_ROOT), str(SUPPORT), os.environ.get("PYTHONPATH")]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, path)))


def run_cli(*args, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    """`python -m hl_extract ARGS` in a child process (text captured, no stdin)."""
    return subprocess.run([sys.executable, "-m", "hl_extract", *map(str, args)], cwd=cwd,
                          env=subprocess_env(), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
