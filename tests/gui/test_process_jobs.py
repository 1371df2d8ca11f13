"""Jobs in a worker process: progress comes back, Cancel stops the child and changes
nothing, a failure is one line, and no thread or process is left behind."""

from __future__ import annotations

import multiprocessing as mp
import time

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


def test_a_job_in_a_process_returns_its_result_and_progress(qtbot, gui_app):
    from gisdesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    seen, results = [], []
    runner.progressed.connect(lambda f, m: seen.append(m))
    with qtbot.waitSignal(runner.finished, timeout=60000):
        assert runner.start_process("double", "x", doubled, ([1, 2, 3],), results.append)
    assert results == [[2, 4, 6]] and seen == ["half"]
    assert runner.wait() and not _children()


def test_cancel_stops_the_child_and_a_failure_is_one_line(qtbot, gui_app):
    from gisdesk.ui.tasks import TaskRunner

    runner = TaskRunner()
    with qtbot.waitSignal(runner.progressed, timeout=60000):
        assert runner.start_process("long", "x", forever, (0.01,))
    assert not runner.start_process("other", "x", doubled, ([1],))  # one task at a time
    with qtbot.waitSignal(runner.cancelled, timeout=20000):
        runner.cancel()
    assert runner.wait() and not runner.busy and not _children()
    with qtbot.waitSignal(runner.failed, timeout=60000) as failed:
        assert runner.start_process("bad", "x", refuses, ())
    assert failed.args[1] == "more offices than villages"
    assert runner.wait() and not _children()
