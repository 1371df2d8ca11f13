"""Task functions the worker tests run in worker processes (importable by a fresh interpreter),
and how a test finds a process's pool workers."""

from __future__ import annotations

import os
import time

from algorithms.progress import check


def square_with_pid(x: int, *, cancel=None) -> tuple[int, int]:
    """x squared, and the process that computed it."""
    check(cancel)
    return x * x, os.getpid()


def started_at(x: int, *, cancel=None) -> tuple[int, float]:
    """``x`` and when its task started (monotonic seconds), after a short nap."""
    t = time.monotonic()
    time.sleep(0.2)
    return x, t


def wait_for_cancel(seconds: float, *, cancel=None) -> int:
    """Polls its token for ``seconds`` (a long task that stops when told)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        check(cancel)
        time.sleep(0.01)
    return os.getpid()


def deaf(seconds: float, *, cancel=None) -> int:
    """Never checks its token: only terminating its worker stops it."""
    time.sleep(seconds)
    return os.getpid()


def refuse(x: int, *, cancel=None) -> int:
    if x == 3:
        raise ValueError(f"task {x} is impossible")
    return x


def worker_pids(parent: int) -> list[int]:
    """The pool workers among ``parent``'s live children (not multiprocessing's resource tracker)."""
    found = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/status") as f:
                status = f.read()
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmdline = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if f"PPid:\t{parent}\n" in status and "State:\tZ" not in status and b"spawn_main" in cmdline:
            found.append(int(p))
    return found


def interrupt_with_pool(argv: list[str], cwd, env) -> tuple[list[int], int, str]:
    """Run ``main.py argv`` in a session of its own, wait until its pool has two workers,
    then Ctrl-C the session (as a terminal does: the command and its workers alike).

    Returns the workers seen, the exit code and stderr."""
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "main.py", *argv], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env,
                            # a child of a background job inherits "ignore SIGINT": a terminal's default
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 180
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = worker_pids(proc.pid)
    if len(workers) < 2:
        proc.kill()
        raise AssertionError("the pool did not start")
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return workers, proc.returncode, err


def has_module(name: str, *, cancel=None) -> tuple[bool, int]:
    """Whether module ``name`` was imported in this process before the task, and its pid."""
    import sys

    return name in sys.modules, os.getpid()
