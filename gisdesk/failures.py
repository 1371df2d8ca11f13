"""How an exception that ended a job becomes the one line the user reads.

The command line, the window's thread runner and its process runner all end a failed
job this way, so a refusal reads the same wherever it happens. Cancellation is not a
failure: callers handle :class:`algorithms.progress.Cancelled` and Ctrl-C before this.
"""

from __future__ import annotations

from dataclasses import dataclass

from gisdesk.refusals import reason, refusal_line
from layers.errors import GisdeskError


@dataclass(frozen=True)
class Failure:
    """``line``: one line for the user. ``bad_input``: the user's data or request is at
    fault (the command line exits 2). ``bug``: an unexpected exception, whose traceback
    helps whoever fixes it."""

    line: str
    bad_input: bool = False
    bug: bool = False


def describe_failure(exc: BaseException) -> Failure:
    """The :class:`Failure` an exception stands for.

    Our typed errors name the file, layer and row; a ValueError is the algorithms' way of
    refusing an impossible request (its first line names the reason). The line is in the
    user's language (:mod:`gisdesk.refusals`).
    """
    if isinstance(exc, GisdeskError):
        return Failure(_first_line(refusal_line(exc), exc.code), bad_input=True)
    if isinstance(exc, ValueError):
        return Failure(reason(_first_line(str(exc), "invalid request")), bad_input=True)
    if isinstance(exc, MemoryError):
        return Failure(reason("out of memory; nothing was changed"))
    return Failure(reason(_first_line(f"internal error: {type(exc).__name__}: {exc}", type(exc).__name__)), bug=True)


def _first_line(text: str, fallback: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else fallback
