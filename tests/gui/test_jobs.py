"""Jobs on a worker thread or in a worker process, submitted the same way: progress comes
back, Cancel stops the job (and the child) and changes nothing, a failure is one line, and
no thread or process is left behind."""

from __future__ import annotations

import multiprocessing as mp
import time

import pytest

from algorithms.progress import check


def forever(step: float, progress=None, cancel=None):
    """A computation that only ends when cancelled (module level: the child imports it)."""
    k = 0
    while True:
        k += 1
        progress((k % 100) / 100, "working")
        check(cancel)
        time.sleep(step)


def doubled(values, progress=None, cancel=None):
    progress(0.5, "half")
    return [2 * v for v in values]


def refuses(progress=None, cancel=None):
    raise ValueError("more offices than villages\nsecond line")


def _children() -> list:
    return [p for p in mp.active_children() if p.name == "gisdesk-job"]


WHERE = pytest.mark.parametrize("in_process", [False, True], ids=["thread", "process"])


@WHERE
def test_a_job_returns_its_result_and_progress(qtbot, gui_app, in_process):
    from gisdesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    seen, results = [], []
    runner.progressed.connect(lambda f, m: seen.append(m))
    with qtbot.waitSignal(runner.finished, timeout=60000):
        assert runner.start("double", "x", doubled, results.append, args=([1, 2, 3],), in_process=in_process)
    assert results == [[2, 4, 6]] and seen == ["half"]
    assert runner.wait() and not _children()


@WHERE
def test_cancel_stops_the_job_and_a_failure_is_one_line(qtbot, gui_app, in_process):
    from gisdesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    with qtbot.waitSignal(runner.progressed, timeout=60000):
        assert runner.start("long", "x", forever, args=(0.01,), in_process=in_process)
    assert not runner.start("other", "x", doubled, args=([1],), in_process=in_process)  # one task at a time
    with qtbot.waitSignal(runner.cancelled, timeout=20000):
        runner.cancel()
    assert runner.wait() and not runner.busy and not _children()
    errors = []
    with qtbot.waitSignal(runner.failed, timeout=60000) as failed:
        assert runner.start("bad", "x", refuses, None, errors.append, in_process=in_process)
    assert failed.args[1] == "more offices than villages" and errors == ["more offices than villages"]
    assert runner.wait() and not _children()
