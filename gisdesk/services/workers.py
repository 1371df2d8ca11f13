"""Independent tasks (one police station, one community) on every core, or on a Dask cluster.

Siting and grids split a project into tasks that share nothing: each gets only its own
arrays (a station's cost matrix and weights, a community's adjacency and populations),
never the project or the road network, so memory stays per task. :func:`run_tasks` calls
``fn(*args, cancel=token)`` for every ``args`` and returns the results in task order:

- one worker: in this process, one after the other (no pool);
- several: a ``ProcessPoolExecutor`` whose workers are started fresh ("spawn": the window
  holds Qt, which must never be forked), all cores by default;
- ``scheduler``: the same calls through ``distributed.Client(address)`` (the optional
  ``cluster`` extra; no cluster code of ours).

The results do not depend on the worker count: every task is deterministic for its own
seed (:func:`task_seed`, from the global seed and the task's code), and a task's budget
is its own, never a share of a clock other tasks use. Cancel (Ctrl-C, the window's button)
stops every worker: pending tasks are dropped, running ones see the shared stop event at
their next check, and those that do not stop within :data:`GRACE_SECONDS` are terminated.
Nothing is returned, so nothing is applied.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import overload

from algorithms.progress import CancelToken, EventToken, ProgressCallback, Run, check, report
from layers.errors import InputError

GRACE_SECONDS = 5.0
"""How long running tasks may take to stop after Cancel before their workers are terminated."""

CONNECT_SECONDS = 10.0
"""How long to try reaching a Dask scheduler before saying it cannot be reached."""


def available_cores() -> int:
    """The cores this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def task_seed(seed: int, key: str) -> int:
    """The seed of one task: the same for the same global seed and task code, whichever
    worker runs it and in whatever order."""
    digest = hashlib.blake2b(f"{int(seed)}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


@dataclass(frozen=True)
class Workers:
    """Where the tasks run: ``count`` processes of this machine (None: every core), or the
    Dask cluster at ``scheduler``. Refused when made (an :class:`InputError` whose
    ``field`` names the parameter)."""

    count: int | None = None
    scheduler: str | None = None

    def __post_init__(self) -> None:
        c = self.count
        if c is not None and (isinstance(c, bool) or not isinstance(c, int) or c < 1):
            raise InputError("bad_parameter", f"must be 1 or more, got {c!r}", field="workers")
        if self.scheduler is not None:
            if not str(self.scheduler).strip():
                raise InputError("bad_parameter", "is empty", field="scheduler")
            if c is not None:
                raise InputError("bad_parameter", "not used with a scheduler (the cluster has its own workers)",
                                 field="workers")

    @property
    def processes(self) -> int:
        """Worker processes on this machine (every core when ``count`` is None)."""
        return self.count if self.count is not None else available_cores()


IN_PROCESS = Workers(1)
"""One worker, in the calling process: the services' default when no one asks for more."""


class LazyTasks(Sequence[tuple]):
    """``count`` tasks whose arguments ``make(i)`` builds when :func:`run_tasks` reads task
    i (as it submits it), so this process builds the next tasks while the workers run the
    first ones."""

    def __init__(self, count: int, make: Callable[[int], tuple]) -> None:
        self._count, self._make = count, make

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> tuple: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple]: ...

    def __getitem__(self, i: int | slice) -> tuple | list[tuple]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._make(i % len(self))


class WarmPool:
    """Worker processes started ahead, for one :func:`run_tasks`: they start and import
    ``modules`` (the tasks' code and its libraries, a second or more) while this process
    still builds what the tasks need. Made by :func:`warm_pool`."""

    def __init__(self, n: int, modules: tuple[str, ...]) -> None:
        ctx = mp.get_context("spawn")
        self.n = n
        self.stop = ctx.Event()
        self.executor = ProcessPoolExecutor(n, mp_context=ctx, initializer=_start_worker, initargs=(self.stop, modules))
        for _ in range(n):  # the pool starts a process per waiting task
            self.executor.submit(_ready)


@contextmanager
def warm_pool(workers: Workers | None, *modules: str) -> Iterator[WarmPool | None]:
    """Start ``workers``' processes now (None when the tasks will not run in a local pool),
    for the :func:`run_tasks` inside the block (``warm=``); they end with the block."""
    w = workers or IN_PROCESS
    if w.scheduler is not None or w.processes == 1:
        yield None
        return
    warm = WarmPool(w.processes, modules)
    try:
        yield warm
    finally:
        _stop_pool(warm.executor, warm.stop)


class PooledRun(Run, total=False):
    """:class:`~algorithms.progress.Run` for a service that splits its work into tasks:
    ``workers`` says where they run (None: in this process)."""

    workers: Workers | None


def run_tasks(
    fn: Callable,
    tasks: Sequence[tuple],
    workers: Workers | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    labels: Sequence[str] | None = None,
    sizes: Sequence[float] | None = None,
    meanwhile: Callable[[], Iterator[None] | None] | None = None,
    warm: WarmPool | None = None,
    on_result: Callable[[int, object], None] | None = None,
) -> list:
    """``[fn(*args, cancel=token) for args in tasks]`` on ``workers`` (default: in this
    process). ``fn`` must be a module-level function and ``args`` plain data (arrays,
    numbers, strings); progress reports the share of tasks done. A task's exception is
    raised here after the other workers are stopped; Cancel raises :class:`Cancelled`.
    ``tasks[i]`` is read only when task i is submitted, so a lazy sequence can build a
    task's arguments here while the workers run the tasks before it. ``meanwhile`` is
    called once in this process while the workers run the tasks (as soon as they are all
    busy; in this process alone: after the last task). A generator function's work is
    done a step (one ``yield``) at a time, between collecting results and submitting the
    next tasks, so that no worker waits for a long ``meanwhile`` to hand it a task.

    ``sizes`` (an estimate of each task's work) lets a pool start the largest tasks first,
    so that no large task is left to run alone at the end; the results stay in task order.
    ``warm``: the local pool to use, started ahead by :func:`warm_pool`. ``on_result(i,
    result)`` is called in this process with each task's result as it arrives (in
    whatever order the tasks finish), so that work depending on one task can start while
    the workers run the others."""
    w = workers or IN_PROCESS
    check(cancel)
    after = _Steps(meanwhile)
    arrived = on_result or _ignore
    names = list(labels) if labels is not None else [str(i + 1) for i in range(len(tasks))]
    if w.scheduler is not None and len(tasks):
        return _on_cluster(fn, tasks, w.scheduler, progress, cancel, names, after, arrived)
    if w.processes == 1 or len(tasks) <= 1:
        out = []
        for i, args in enumerate(tasks):
            check(cancel)
            report(progress, i / len(tasks), names[i])
            out.append(fn(*args, cancel=cancel))
            arrived(i, out[-1])
        after.finish()
        return out
    order = sorted(range(len(tasks)), key=lambda i: -sizes[i]) if sizes is not None else range(len(tasks))
    return _in_pool(fn, tasks, min(w.processes, len(tasks)), progress, cancel, names, order, after, warm,
                    arrived)


def _ignore(i: int, result: object) -> None:
    """The default ``on_result``: nothing to do with a result as it arrives."""


# ------------------------------------------------------------------ local process pool
_stop = None  # the pool's stop event, in a worker process


def _start_worker(stop, modules: tuple[str, ...] = ()) -> None:
    """A worker ignores Ctrl-C (the parent turns it into the stop event), keeps the event,
    and ends when its parent does: a parent killed outright leaves no worker behind. It
    imports ``modules`` before its first task."""
    global _stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _stop = stop
    parent = mp.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True, name="gisdesk-parent-watch").start()
    for name in modules:
        importlib.import_module(name)


def _ready() -> None:
    """The task that makes a warm pool start its processes."""


def _end_with(sentinel) -> None:
    mp.connection.wait([sentinel])
    os._exit(1)


def _call(fn: Callable, args: tuple):
    return fn(*args, cancel=EventToken(_stop) if _stop is not None else None)


IN_FLIGHT_PER_WORKER = 2
"""Tasks submitted and not yet done, per worker: enough to keep every worker busy, few
enough that the arguments waiting in this process stay small (a province has thousands)."""


class _Steps:
    """The ``meanwhile`` of :func:`run_tasks`, started on the first :meth:`step`."""

    def __init__(self, meanwhile: Callable[[], Iterator[None] | None] | None) -> None:
        self._call = meanwhile
        self._steps: Iterator[None] | None = None
        self.done = meanwhile is None

    def step(self) -> None:
        """Do the next step: all of a plain function, one ``yield`` of a generator."""
        if self.done:
            return
        if self._steps is None:
            assert self._call is not None
            out = self._call()
            if out is None:
                self.done = True
                return
            self._steps = iter(out)
        if next(self._steps, _END) is _END:
            self.done = True

    def finish(self) -> None:
        while not self.done:
            self.step()


_END = object()


def _in_pool(fn, tasks, n, progress, cancel, names, order, meanwhile: _Steps, warm: WarmPool | None,
             arrived: Callable[[int, object], None]) -> list:
    """Submit the tasks in ``order``, taking each one's arguments only then (a lazy
    ``tasks`` builds them here while the workers solve the ones before) and never more than
    :data:`IN_FLIGHT_PER_WORKER` per worker at once, and collect the results as they come."""
    started = warm or WarmPool(n, (fn.__module__,))
    pool, stop, n = started.executor, started.stop, started.n
    results: list = [None] * len(tasks)
    index: dict[Future, int] = {}
    pending: set[Future] = set()
    finished = False

    def collect(timeout: float) -> None:
        nonlocal pending
        done, pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        for f in done:
            results[index[f]] = f.result()
            report(progress, (len(index) - len(pending)) / len(tasks), names[index[f]])
            arrived(index[f], results[index[f]])

    try:
        for i in order:
            check(cancel)
            while len(pending) >= IN_FLIGHT_PER_WORKER * n:
                busy = not meanwhile.done
                meanwhile.step()  # the workers are busy: this process does a step of its own share
                collect(0.0 if busy else 0.1)
                check(cancel)
            f = pool.submit(_call, fn, tasks[i])
            index[f] = i
            pending.add(f)
            collect(0.0)
        while not meanwhile.done:
            meanwhile.step()
            collect(0.0)
            check(cancel)
        while pending:
            check(cancel)
            collect(0.1)
        finished = True
        return results
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool, stop)


def _stop_pool(pool: ProcessPoolExecutor, stop) -> None:
    """Drop what has not started, tell the running tasks to stop, terminate the stragglers."""
    stop.set()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    until = time.monotonic() + GRACE_SECONDS
    for proc in processes:
        proc.join(max(0.0, until - time.monotonic()))
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
            proc.join(1.0)


# ------------------------------------------------------------------ Dask cluster
def _plain_call(fn: Callable, args: tuple):
    return fn(*args, cancel=None)


def cluster_client_module():
    """``distributed``, or an InputError naming the scheduler option when it is not installed."""
    try:
        import distributed
    except ImportError as exc:
        raise InputError("missing_extra", "needs Dask distributed: pip install 'gisdesk[cluster]'",
                         field="scheduler") from exc
    return distributed


def _on_cluster(fn, tasks, address: str, progress, cancel, names, meanwhile: _Steps,
                arrived: Callable[[int, object], None]) -> list:
    distributed = cluster_client_module()
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError("no_scheduler", f"cannot reach the Dask scheduler at {address} ({exc})",
                         field="scheduler") from exc
    futures = []
    try:
        futures = [client.submit(_plain_call, fn, args, pure=False) for args in tasks]
        meanwhile.finish()
        results: list = [None] * len(tasks)
        pending = set(range(len(futures)))
        while pending:
            check(cancel)
            for i in [i for i in pending if futures[i].done()]:
                results[i] = futures[i].result()
                pending.discard(i)
                report(progress, (len(futures) - len(pending)) / len(futures), names[i])
                arrived(i, results[i])
            if pending:
                time.sleep(0.05)
        futures = []
        return results
    except BaseException:
        if futures:
            client.cancel(futures)
        raise
    finally:
        client.close()


__all__ = ["IN_PROCESS", "LazyTasks", "WarmPool", "Workers", "warm_pool", "available_cores", "cluster_client_module", "run_tasks", "task_seed"]
