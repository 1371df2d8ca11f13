"""Progress reporting and cooperative cancellation for long computations.

Every long-running algorithm takes an optional ``progress`` callback and an optional
``cancel`` token so that the window can show a progress bar and stop a run without
killing threads. Both are plain Python: no Qt here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypedDict

ProgressCallback = Callable[[float, str], None]
"""``progress(fraction, message)``: fraction in [0, 1], message a short English phrase."""


class Run(TypedDict, total=False):
    """The keywords by which a caller follows and stops a long computation: a service takes
    them as ``**run: Unpack[Run]``, so the window's runner and the command line call every
    service the same way (``fn(*args, progress=..., cancel=...)``)."""

    progress: ProgressCallback | None
    cancel: CancelToken | None


class Cancelled(Exception):
    """Raised inside an algorithm when its cancel token has been triggered."""


class CancelToken:
    """A thread-safe flag the caller sets and the algorithm polls."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")


class EventToken(CancelToken):
    """A cancel token over an event another process sets (a ``multiprocessing`` Event):
    the window or the command line cancels, a worker process polls."""

    def __init__(self, event) -> None:
        self._event = event


def report(progress: ProgressCallback | None, fraction: float, message: str) -> None:
    """Call ``progress`` if given, clamping the fraction to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, float(fraction))), message)


def check(cancel: CancelToken | None) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set."""
    if cancel is not None:
        cancel.raise_if_cancelled()
