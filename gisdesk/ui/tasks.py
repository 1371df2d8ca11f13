"""Long work off the main thread: one task at a time, with progress and Cancel.

``runner.start(name, title, fn, on_done, on_error, args=(...))`` runs
``fn(*args, progress=, cancel=)`` on a worker thread, or with ``in_process=True`` in a
worker process for long pure-Python searches (:mod:`gisdesk.ui.jobs`: same call shape,
same signals). ``fn`` must not touch the live project: it reads a snapshot and *returns*
a result; ``on_done(result)`` then runs on the main thread, where the window applies the
result as one undoable command. ``cancel`` is an :class:`algorithms.progress.CancelToken`
the services poll; a cancelled run ends with ``cancelled`` and changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PyQt6.QtCore import QObject, pyqtSignal

from algorithms.progress import CancelToken
from gisdesk.failures import describe_failure
from gisdesk.ui.jobs import ProcessJob, ThreadJob
from layers.errors import GisdeskError


class _Signals(QObject):
    progress = pyqtSignal(int, float, str)
    done = pyqtSignal(int, str, object, str)  # generation, outcome, result, message


class TaskRunner(QObject):
    """Runs one background task at a time; signals drive the status bar."""

    started = pyqtSignal(str, str)  # name, title
    progressed = pyqtSignal(float, str)
    finished = pyqtSignal(str, object)  # name, result
    failed = pyqtSignal(str, str)  # name, one-line message
    cancelled = pyqtSignal(str)
    idle = pyqtSignal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._generation = 0
        self._current: tuple[str, str, Callable | None, Callable | None] | None = None
        self._cancel: CancelToken | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def name(self) -> str:
        return self._current[0] if self._current else ""

    @property
    def title(self) -> str:
        return self._current[1] if self._current else ""

    def start(self, name: str, title: str, fn: Callable, on_done: Callable | None = None,
              on_error: Callable | None = None, *, args: tuple = (), in_process: bool = False) -> bool:
        """Start ``fn(*args, progress=, cancel=)``; False (and nothing started) while another runs.

        ``in_process``: run it in a worker process (``fn`` a module-level function, ``args``
        and its result plain data), for long pure-Python work that would otherwise slow the
        window down. Python threads, not a QThreadPool: pyproj and GDAL keep per-thread
        state that threads Python did not create do not set up.
        """
        if self._current is not None:
            return False
        self._generation += 1
        self._cancel = CancelToken()
        self._current = (name, title, on_done, on_error)
        self.started.emit(name, title)
        generation, signals = self._generation, self._signals
        job = (ProcessJob if in_process else ThreadJob)(
            fn, args, self._cancel,
            lambda f, m: signals.progress.emit(generation, float(f), str(m)),
            lambda outcome, result, text: signals.done.emit(generation, outcome, result, text))
        self._thread = threading.Thread(target=job.run, name=f"gisdesk-task-{name}", daemon=True)
        self._thread.start()
        return True

    def cancel(self) -> None:
        """Ask the running task to stop (it ends with ``cancelled`` at its next check)."""
        if self._cancel is not None:
            self._cancel.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker thread is done (shutdown and tests)."""
        if self._thread is not None:
            self._thread.join(msecs / 1000.0)
            if self._thread.is_alive():
                return False
        return True

    def shutdown(self) -> None:
        """Cancel, join the worker and forget the task (its late result is dropped)."""
        self.cancel()
        self.wait()
        if self._current is not None:
            self._current = None
            self._cancel = None
            self._generation += 1
            self.idle.emit()

    def _on_progress(self, generation: int, fraction: float, message: str) -> None:
        if generation == self._generation and self._current is not None:
            self.progressed.emit(fraction, message)

    def _on_done(self, generation: int, outcome: str, result, message: str) -> None:
        if generation != self._generation or self._current is None:
            return
        name, _, on_done, on_error = self._current
        self._current = None
        self._cancel = None
        try:
            if outcome == "finished":
                try:
                    if on_done is not None:
                        on_done(result)
                except (GisdeskError, ValueError) as exc:
                    outcome, message = "failed", describe_failure(exc).line
                else:
                    self.finished.emit(name, result)
                    return
            if outcome == "cancelled":
                self.cancelled.emit(name)
            else:
                if on_error is not None:
                    on_error(message)
                self.failed.emit(name, message)
        finally:
            self.idle.emit()
