"""Independent tasks on a pool of worker processes: results in order, errors, Cancel."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from algorithms.progress import Cancelled, CancelToken
from gisdesk.services import workers as pool
from gisdesk.services.workers import Workers, available_cores, run_tasks, task_seed, warm_pool
from layers.errors import InputError
from tests.gisdesk.services.pool_tasks import (
    deaf,
    has_module,
    refuse,
    square_with_pid,
    started_at,
    wait_for_cancel,
    worker_pids,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("count", [0, -1, True, 1.5])
def test_bad_worker_counts_are_refused_naming_the_parameter(count):
    with pytest.raises(InputError) as err:
        Workers(count)
    assert err.value.field == "workers"


def test_every_core_by_default_and_a_scheduler_excludes_a_count():
    assert Workers().processes == available_cores() >= 1
    assert Workers(3).processes == 3
    with pytest.raises(InputError) as err:
        Workers(2, scheduler="tcp://127.0.0.1:8786")
    assert err.value.field == "workers"


def test_task_seeds_depend_on_the_seed_and_the_code_only():
    assert task_seed(1, "411426S01") == task_seed(1, "411426S01")
    assert len({task_seed(1, "411426S01"), task_seed(2, "411426S01"), task_seed(1, "411426S02")}) == 3
    assert 0 <= task_seed(7, "x") < 2**63


def test_one_worker_runs_in_this_process_and_a_pool_in_others():
    tasks = [(x,) for x in range(6)]
    here = run_tasks(square_with_pid, tasks, Workers(1))
    assert [r[0] for r in here] == [x * x for x in range(6)]
    assert {r[1] for r in here} == {os.getpid()}
    seen = []
    there = run_tasks(square_with_pid, tasks, Workers(2), progress=lambda f, m: seen.append(f))
    assert [r[0] for r in there] == [x * x for x in range(6)]
    assert os.getpid() not in {r[1] for r in there}
    assert seen[-1] == 1.0 and len(seen) == 6


def _until(condition, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_warm_pool_starts_its_workers_ahead_and_ends_with_its_block():
    me = os.getpid()
    with warm_pool(Workers(2), "colorsys") as warm:
        assert warm is not None
        assert _until(lambda: len(worker_pids(me)) == 2)  # started before any task is run
        ahead = set(worker_pids(me))
        out = run_tasks(has_module, [("colorsys",)] * 4, Workers(2), warm=warm)
    assert all(imported for imported, _ in out)  # the modules were imported before the tasks
    assert {pid for _, pid in out} <= ahead
    assert _until(lambda: not worker_pids(me), 10.0)
    with warm_pool(Workers(1), "colorsys") as none:
        assert none is None


def test_a_warm_pool_left_by_an_error_leaves_no_worker():
    me = os.getpid()
    with pytest.raises(ValueError), warm_pool(Workers(2)) as warm:
        assert _until(lambda: len(worker_pids(me)) == 2)
        assert warm is not None
        raise ValueError("the roads could not be built")
    assert _until(lambda: not worker_pids(me), 10.0)


def test_sizes_start_the_largest_tasks_first_and_keep_the_results_in_task_order():
    sizes = [1.0, 5.0, 2.0, 9.0, 3.0, 7.0]
    out = run_tasks(started_at, [(i,) for i in range(len(sizes))], Workers(2), sizes=sizes)
    assert [x for x, _ in out] == list(range(len(sizes)))
    start = dict(out)
    assert max(start[3], start[5]) < min(start[0], start[2])  # the two largest before the two smallest


class _Lazy:
    """Tasks whose arguments are built when read, recording when each was read and
    whether a worker had already finished a task by then."""

    def __init__(self, n: int, build_seconds: float = 0.05) -> None:
        self.n, self.build_seconds, self.read, self.events = n, build_seconds, [], []

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple:
        if not 0 <= i < self.n:
            raise IndexError(i)
        self.read.append(i)
        self.events.append(("read", i))
        time.sleep(self.build_seconds)  # building a task takes a while (a station's road distances)
        return (i,)


@pytest.mark.parametrize("count", [1, 2])
def test_lazy_tasks_are_read_once_each_when_submitted_and_meanwhile_runs_once(count):
    tasks = _Lazy(6)
    sizes = [1.0, 5.0, 2.0, 9.0, 3.0, 7.0]
    out = run_tasks(square_with_pid, tasks, Workers(count), sizes=sizes,
                    meanwhile=lambda: tasks.events.append(("meanwhile", None)))
    assert [r[0] for r in out] == [x * x for x in range(6)]
    assert sorted(tasks.read) == list(range(6))
    assert [e for e in tasks.events if e[0] == "meanwhile"] == [("meanwhile", None)]
    at = tasks.events.index(("meanwhile", None))
    if count == 1:
        assert at == len(tasks.events) - 1  # in this process alone: after the last task
    else:
        assert tasks.read == [3, 5, 1, 4, 2, 0]  # the largest first, each read when submitted


def test_meanwhile_runs_as_soon_as_the_workers_are_busy():
    tasks = _Lazy(8, build_seconds=0.0)
    run_tasks(started_at, tasks, Workers(2), meanwhile=lambda: tasks.events.append(("meanwhile", None)))
    assert tasks.events.index(("meanwhile", None)) == pool.IN_FLIGHT_PER_WORKER * 2  # queue full: not after all


@pytest.mark.parametrize("count", [1, 2])
def test_a_generator_meanwhile_is_done_a_step_at_a_time_between_submissions(count):
    tasks = _Lazy(12, build_seconds=0.0)

    def meanwhile():
        for step in range(5):
            tasks.events.append(("step", step))
            time.sleep(0.15)  # longer than a queue of tasks takes: the workers must not wait for all of it
            yield

    out = run_tasks(started_at, tasks, Workers(count), meanwhile=meanwhile)
    assert [r[0] for r in out] == list(range(12))
    steps = [i for i, e in enumerate(tasks.events) if e[0] == "step"]
    assert [tasks.events[i][1] for i in steps] == list(range(5))  # every step, once, in order
    if count == 1:
        assert steps[0] == 12  # in this process alone: after the last task
    else:
        reads_between = [e for e in tasks.events[steps[0]:steps[-1]] if e[0] == "read"]
        assert reads_between  # tasks handed to the workers while the steps went on


@pytest.mark.parametrize("count", [1, 2])
def test_each_result_is_handed_over_once_as_it_arrives(count):
    """``on_result(i, result)`` gets every task's own result once, here, before the call
    returns; from a pool the first arrives while later tasks have yet to start."""
    arrived: list[tuple[int, tuple[int, float], float]] = []
    out = run_tasks(started_at, [(i,) for i in range(8)], Workers(count),
                    on_result=lambda i, r: arrived.append((i, r, time.monotonic())))
    assert sorted(i for i, _, _ in arrived) == list(range(8))
    assert all(r == out[i] for i, r, _ in arrived)
    first = min(t for _, _, t in arrived)
    assert first < max(r[1] for r in out)  # handed over before the last task started


@pytest.mark.parametrize("module", ["gisdesk.services.siting.station_work", "gisdesk.services.grids.balance"])
def test_a_worker_imports_what_solving_needs_not_the_data_stack(module):
    """The module of a task function, imported in a fresh interpreter as a worker does,
    loads neither geopandas nor pandas nor the project's modules (a worker's memory is its
    station's arrays, not a second copy of the libraries that read layers)."""
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('geopandas', 'pandas', 'pyogrio', 'layers.project', 'layers.schema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_workers_start_before_the_last_task_is_built():
    tasks = _Lazy(8, build_seconds=0.4)
    built_when_done = []
    run_tasks(started_at, tasks, Workers(2), progress=lambda f, m: built_when_done.append(len(tasks.read)))
    assert built_when_done[0] < 8  # a worker finished a task while the later ones were still being built


def test_no_more_tasks_in_flight_than_the_cap():
    tasks = _Lazy(12, build_seconds=0.0)
    in_flight = []
    done = []

    def progress(f, m):
        done.append(f)
        in_flight.append(len(tasks.read) - round(f * 12))

    run_tasks(started_at, tasks, Workers(2), progress=progress)
    assert max(in_flight) <= pool.IN_FLIGHT_PER_WORKER * 2
    assert done[-1] == 1.0


def test_a_task_error_reaches_the_caller_and_stops_the_pool():
    with pytest.raises(ValueError, match="task 3 is impossible"):
        run_tasks(refuse, [(x,) for x in range(8)], Workers(2))


def _cancel_after(token: CancelToken, seconds: float) -> None:
    threading.Timer(seconds, token.cancel).start()


def test_cancel_stops_every_running_worker_at_its_next_check():
    token = CancelToken()
    _cancel_after(token, 1.5)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_tasks(wait_for_cancel, [(60.0,)] * 4, Workers(2), cancel=token,
                  progress=lambda f, m: None)
    assert time.monotonic() - started < 1.5 + pool.GRACE_SECONDS
    assert not worker_pids(os.getpid()), "a worker outlived Cancel"


def test_cancel_terminates_a_worker_that_never_checks(monkeypatch):
    monkeypatch.setattr(pool, "GRACE_SECONDS", 0.5)
    token = CancelToken()
    _cancel_after(token, 1.5)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_tasks(deaf, [(60.0,)] * 2, Workers(2), cancel=token)
    assert time.monotonic() - started < 10.0
    assert not worker_pids(os.getpid())


def test_workers_end_when_their_parent_is_killed_outright(tmp_path):
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    code = ("from gisdesk.services.workers import Workers, run_tasks\n"
            "from tests.gisdesk.services.pool_tasks import deaf\n"
            "if __name__ == '__main__':\n"
            "    run_tasks(deaf, [(120.0,)] * 2, Workers(2))\n")
    script = tmp_path / "parent.py"
    script.write_text(code)
    proc = subprocess.Popen([sys.executable, str(script)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 60
        found: list[int] = []
        while time.monotonic() < deadline and len(found) < 2:
            time.sleep(0.2)
            found = worker_pids(proc.pid)
        assert len(found) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in found):
        time.sleep(0.2)
    assert not [p for p in found if os.path.exists(f"/proc/{p}")], "a worker outlived its killed parent"


def test_a_scheduler_without_dask_installed_is_one_line_naming_the_option(monkeypatch):
    import argparse
    import sys

    from gisdesk.commands._common import workers_from

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the cluster extra were not installed
    with pytest.raises(InputError) as err:
        workers_from(argparse.Namespace(workers=None, scheduler="tcp://10.0.0.5:8786"))
    assert str(err.value) == "--scheduler: needs Dask distributed: pip install 'gisdesk[cluster]'"
    assert workers_from(argparse.Namespace(workers=3, scheduler=None)) == Workers(3)
