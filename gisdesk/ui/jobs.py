"""One planning job, on a worker thread or in a worker process, with one call shape.

Either way the job is ``fn(*args, progress=progress, cancel=cancel)``: it reads a
snapshot and *returns* a result, never touching the live project. Both kinds report
through the same two callbacks, ``emit_progress(fraction, message)`` and
``emit_done(outcome, result, message)`` with outcome ``"finished"``, ``"cancelled"`` or
``"failed"`` (then ``message`` is the one line of :func:`gisdesk.failures.describe_failure`).

A thread shares the interpreter with the window: a pure-Python search (the grid redraw)
then delays every call the window makes (event-loop lag of 0.2-0.4 s on a city). A
process job runs in a child started fresh ("spawn": no copy of Qt's threads); ``fn`` must
be a module-level function and its arguments and result plain data. Progress comes back
at most ten times a second, and Cancel sets an event the job polls like any CancelToken.
This module imports no Qt: the child imports it.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable

from algorithms.progress import Cancelled, CancelToken, EventToken
from gisdesk.failures import describe_failure
from gisdesk.messages import language, set_language

PROGRESS_EVERY = 0.1  # seconds between progress messages from a child process
KILL_AFTER = 10.0  # seconds a cancelled child may take to stop before it is terminated

EmitProgress = Callable[[float, str], None]
EmitDone = Callable[[str, object, str], None]


def run_job(fn: Callable, args: tuple, progress: Callable, cancel: CancelToken) -> tuple[str, object, str]:
    """Run ``fn(*args, progress=, cancel=)``; its ``(outcome, result, message)``.

    A job that returns after Cancel was pressed is reported as cancelled: the window
    applies nothing the user asked to stop.
    """
    try:
        result = fn(*args, progress=progress, cancel=cancel)
    except Cancelled:
        return "cancelled", None, ""
    except Exception as exc:
        failure = describe_failure(exc)
        if failure.bug:
            traceback.print_exc()  # one line for the user, the trace on stderr
        return "failed", None, failure.line
    if cancel.cancelled:
        return "cancelled", None, ""
    return "finished", result, ""


class ThreadJob:
    """Runs the job on the calling thread (the runner starts a thread for ``run``)."""

    def __init__(self, fn: Callable, args: tuple, cancel: CancelToken, emit_progress: EmitProgress,
                 emit_done: EmitDone) -> None:
        self.fn, self.args, self.cancel = fn, args, cancel
        self.emit_progress, self.emit_done = emit_progress, emit_done

    def run(self) -> None:
        def progress(fraction: float, message: str = "") -> None:
            self.emit_progress(float(fraction), str(message))

        self.emit_done(*run_job(self.fn, self.args, progress, self.cancel))


def _child(fn: Callable, args: tuple, conn, stop, lang: str = "zh") -> None:
    set_language(lang)  # a refusal reads in the window's language
    last = [0.0]

    def progress(fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            conn.send(("progress", float(fraction), str(message)))

    try:
        conn.send(run_job(fn, args, progress, EventToken(stop)))
    finally:
        conn.close()


class ProcessJob:
    """Runs the job in a child process; ``run`` (on a thread of the window) relays the
    child's messages through ``emit_progress`` / ``emit_done``."""

    def __init__(self, fn: Callable, args: tuple, cancel: CancelToken, emit_progress: EmitProgress,
                 emit_done: EmitDone) -> None:
        self.fn, self.args, self.cancel = fn, args, cancel
        self.emit_progress, self.emit_done = emit_progress, emit_done

    def run(self) -> None:
        ctx = mp.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        stop = ctx.Event()
        try:
            proc = ctx.Process(target=_child, args=(self.fn, self.args, send, stop, language()), daemon=True,
                               name="gisdesk-job")
            proc.start()
        except Exception as exc:  # cannot start a process (resources): say so, change nothing
            self.emit_done("failed", None, f"cannot start the worker: {exc}")
            return
        send.close()
        cancelled_at = None
        try:
            while True:
                if self.cancel.cancelled and cancelled_at is None:
                    stop.set()
                    cancelled_at = time.monotonic()
                if cancelled_at is not None and time.monotonic() - cancelled_at > KILL_AFTER:
                    proc.terminate()
                    self.emit_done("cancelled", None, "")
                    return
                try:
                    ready = receive.poll(0.05)
                    message = receive.recv() if ready else None
                except (EOFError, OSError):
                    proc.join(5)
                    self.emit_done("cancelled" if cancelled_at is not None else "failed", None,
                                   "" if cancelled_at is not None else
                                   f"the worker stopped unexpectedly (exit code {proc.exitcode})")
                    return
                if message is None:
                    continue
                kind, value, text = message
                if kind == "progress":
                    self.emit_progress(value, text)
                    continue
                self.emit_done(kind, value, text)
                return
        finally:
            receive.close()
            proc.join(5)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
