"""Planning jobs in a worker process, so the window never waits behind the interpreter.

A job on a thread shares the interpreter with the window: a pure-Python search (the grid
redraw) then delays every call the window makes (event-loop lag of 0.2-0.4 s on a city).
Here the job runs in a child process started fresh ("spawn": no copy of Qt's threads);
its arguments and result travel between our own two processes, progress comes back at
most ten times a second, and Cancel sets an event the job polls like any CancelToken.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable

from algorithms.progress import Cancelled, CancelToken
from layers.errors import GisdeskError

PROGRESS_EVERY = 0.1  # seconds between progress messages from the child
KILL_AFTER = 10.0  # seconds a cancelled child may take to stop before it is terminated


class EventToken(CancelToken):
    """A cancel token backed by a multiprocessing event (set in the window, read in the job)."""

    def __init__(self, event) -> None:
        self._event = event


def _child(fn: Callable, args: tuple, conn, stop) -> None:
    last = [0.0]

    def progress(fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            conn.send(("progress", float(fraction), str(message)))

    try:
        result = fn(*args, progress=progress, cancel=EventToken(stop))
        conn.send(("cancelled", None, "") if stop.is_set() else ("finished", result, ""))
    except Cancelled:
        conn.send(("cancelled", None, ""))
    except GisdeskError as exc:
        conn.send(("failed", None, exc.line()))
    except ValueError as exc:
        conn.send(("failed", None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    except MemoryError:
        conn.send(("failed", None, "out of memory"))
    except Exception as exc:  # a bug: one line for the user, the trace on stderr
        traceback.print_exc()
        conn.send(("failed", None, f"internal error: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class ProcessJob:
    """Runs ``fn(*args, progress=, cancel=)`` in a child; ``run`` (on a thread of the
    window) relays its messages through ``emit_progress`` / ``emit_done``."""

    def __init__(self, fn: Callable, args: tuple, cancel: CancelToken, emit_progress, emit_done) -> None:
        self.fn, self.args, self.cancel = fn, args, cancel
        self.emit_progress, self.emit_done = emit_progress, emit_done

    def run(self) -> None:
        ctx = mp.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        stop = ctx.Event()
        try:
            proc = ctx.Process(target=_child, args=(self.fn, self.args, send, stop), daemon=True,
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
