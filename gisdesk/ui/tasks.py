"""Long work off the main thread: one task at a time, with progress and Cancel.

``runner.start(name, title, fn, on_done)`` runs ``fn(progress, cancel)`` on a worker
thread; ``runner.start_process(name, title, fn, args, on_done)`` runs ``fn(*args, ...)``
in a worker process (:mod:`gisdesk.ui.process_jobs`) for long pure-Python searches. ``fn`` must not touch the live project: it reads a snapshot and *returns* a
result; ``on_done(result)`` then runs on the main thread, where the window applies the
result as one undoable command. ``cancel`` is an :class:`algorithms.progress.CancelToken`
the services poll; a cancelled run ends with ``cancelled`` and changes nothing.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PyQt6.QtCore import QObject, pyqtSignal

from algorithms.progress import Cancelled, CancelToken
from gisdesk.ui.process_jobs import ProcessJob
from layers.errors import GisdeskError


class _Signals(QObject):
    progress = pyqtSignal(int, float, str)
    done = pyqtSignal(int, str, object, str)  # generation, outcome, result, message


class _Job:
    """The work of one task on a Python thread (pyproj and GDAL keep per-thread state that
    threads Python did not create do not set up, so no QThreadPool here)."""

    def __init__(self, generation: int, fn, cancel: CancelToken, signals: _Signals):
        self.generation, self.fn, self.cancel, self.signals = generation, fn, cancel, signals

    def run(self) -> None:
        def progress(fraction: float, message: str = "") -> None:
            self.signals.progress.emit(self.generation, float(fraction), str(message))

        try:
            result = self.fn(progress, self.cancel)
        except Cancelled:
            self.signals.done.emit(self.generation, "cancelled", None, "")
        except GisdeskError as exc:
            self.signals.done.emit(self.generation, "failed", None, exc.line())
        except ValueError as exc:
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.signals.done.emit(self.generation, "failed", None, text)
        except MemoryError:
            self.signals.done.emit(self.generation, "failed", None, "out of memory")
        except Exception as exc:  # a bug: one line for the user, the trace on stderr
            traceback.print_exc()
            self.signals.done.emit(self.generation, "failed", None, f"internal error: {type(exc).__name__}: {exc}")
        else:
            if self.cancel.cancelled:
                self.signals.done.emit(self.generation, "cancelled", None, "")
            else:
                self.signals.done.emit(self.generation, "finished", result, "")


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
              on_error: Callable | None = None) -> bool:
        """Start ``fn(progress, cancel)``; False (and nothing started) while another runs."""
        if self._current is not None:
            return False
        self._begin(name, title, on_done, on_error)
        job = _Job(self._generation, fn, self._cancel, self._signals)
        self._run(name, job.run)
        return True

    def start_process(self, name: str, title: str, fn: Callable, args: tuple, on_done: Callable | None = None,
                      on_error: Callable | None = None) -> bool:
        """Like :meth:`start`, but ``fn(*args, progress=, cancel=)`` runs in a worker process
        (``fn`` a module-level function, ``args`` and its result plain data): for long pure
        Python work that would otherwise slow the window down."""
        if self._current is not None:
            return False
        self._begin(name, title, on_done, on_error)
        generation, signals = self._generation, self._signals
        job = ProcessJob(fn, args, self._cancel,
                         lambda f, m: signals.progress.emit(generation, float(f), str(m)),
                         lambda outcome, result, text: signals.done.emit(generation, outcome, result, text))
        self._run(name, job.run)
        return True

    def _begin(self, name: str, title: str, on_done, on_error) -> None:
        self._generation += 1
        self._cancel = CancelToken()
        self._current = (name, title, on_done, on_error)
        self.started.emit(name, title)

    def _run(self, name: str, target: Callable) -> None:
        self._thread = threading.Thread(target=target, name=f"gisdesk-task-{name}", daemon=True)
        self._thread.start()

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
                    outcome, message = "failed", str(exc).splitlines()[0] if str(exc) else "failed"
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
