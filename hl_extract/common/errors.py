"""Errors a user can act on: the command line prints the message (no traceback) and exits 1."""
from __future__ import annotations


class RunError(RuntimeError):
    """A run that cannot go on for a reason outside the code (a busy folder, a cluster that
    does not share the output folder); the message says what to do."""
