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
