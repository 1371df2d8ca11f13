"""Siting and evaluating in the window: Run in the background with progress and Cancel,
the proposal on the map and in charts, Accept as one undo step, the what-if panel."""

from __future__ import annotations

import threading

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor

from algorithms.progress import check
from gisdesk.ui.charts import BAR
from layers.schema import PLAN_LAYERS
from tests.gisdesk.services.siting.test_costs import ll, small_project
from tests.gui.conftest import by_worker_count, close_window, make_window, screen_of, wait_idle


@pytest.fixture(autouse=True)
def _cache_home(tmp_path, monkeypatch):
    """Evaluating caches the road network per user: keep the tests' cache in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def planning(qtbot, settings):
    w = make_window(qtbot, settings, project=small_project())
    yield w
    close_window(w)


def test_run_siting_preview_accept_and_undo_in_one_step(qtbot, planning):
    w = planning
    panel = w.siting_panel
    w.siting_dock.raise_()
    assert not panel.accept_button.isEnabled()
    with qtbot.waitSignal(w.runner.started, timeout=5000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert w.status.progress.isVisible() and w.status.cancel.isVisible()
    assert not panel.run_button.isEnabled()
    wait_idle(qtbot, w)
    assert panel.result is not None and panel.accept_button.isEnabled()
    assert not w.status.progress.isVisible()
    n = len(panel.result.offices)
    assert n >= 2 and "警务室" in panel.summary.text() and "下界" in panel.summary.text()
    # previewed on the map, not yet in the project
    assert len(w.canvas.scene["plan_offices"]) == n and len(w.project["plan_offices"]) == 0
    urban = panel.histogram.apart[1] if panel.histogram.apart else 0
    assert sum(panel.histogram.counts.values()) + urban == len(panel.result.offices)
    assert panel.tradeoff.points and panel.tradeoff.chosen == n
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert len(w.project["plan_offices"]) == n
    assert len(w.project["plan_workstations"]) == len(panel.window.project["plan_workstations"]) > 0
    assert len(w.project["plan_assignment"]) > 0 and "params.site" in w.project.metadata
    assert w.isWindowModified()
    w.tools.actions["undo"].trigger()
    for name in PLAN_LAYERS:
        assert len(w.project[name]) == 0
        assert len(w.canvas.scene[name]) == 0
    assert not w.stack.can_undo and not w.isWindowModified()
    w.tools.actions["redo"].trigger()  # the accepted plan again, drawn
    for name in PLAN_LAYERS:
        assert len(w.project[name]) == len(w.canvas.scene[name]) > 0
    assert len(w.project["plan_offices"]) == n and "params.site" in w.project.metadata


def test_histogram_bars_are_drawn(qtbot, planning):
    w = planning
    assert w.siting_panel.run()
    wait_idle(qtbot, w)
    chart = w.siting_panel.histogram
    chart.resize(300, 160)
    image = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    assert QColor(BAR).name() in colours


def test_histogram_shows_urban_community_offices_apart(qtbot, planning):
    w = planning
    assert w.siting_panel.run()
    wait_idle(qtbot, w)
    result, chart = w.siting_panel.result, w.siting_panel.histogram
    assign = result.assignment.set_index("village")["office"]
    urban_office = assign["U01"]  # the one urban community: an office serving it alone
    assert int(result.offices.set_index("code").loc[urban_office, "villages"]) == 1
    assert chart.apart == ("城区", 1)
    rural_sizes = result.offices.loc[result.offices["code"] != urban_office, "villages"].astype(int)
    assert chart.counts == dict(rural_sizes.value_counts().sort_index())
    assert 1 not in chart.counts  # not flagged as an office below the 5-8 rule
    bars = chart.bars()
    assert bars[-1] == ("城区", 1, "apart")
    flagged = {label for label, n, kind in bars if kind == "out" and n}
    assert flagged == {str(k) for k in chart.counts if not 5 <= k <= 8}  # only rural offices outside the rule
    # the plan read back from the project is shown the same way
    qtbot.mouseClick(w.siting_panel.accept_button, Qt.MouseButton.LeftButton)
    w.siting_panel.show_existing()
    assert chart.apart == ("城区", 1) and 1 not in chart.counts
    assert "5-8" in chart.toolTip()


def test_discard_restores_the_map_and_changes_nothing(qtbot, planning):
    w = planning
    assert w.siting_panel.run()
    wait_idle(qtbot, w)
    qtbot.mouseClick(w.siting_panel.discard_button, Qt.MouseButton.LeftButton)
    assert len(w.canvas.scene["plan_offices"]) == 0 and not w.stack.can_undo


def test_impossible_rules_are_refused_before_running(qtbot, planning, modals):
    w = planning
    w.siting_panel.min_villages.setValue(9)
    w.siting_panel.max_villages.setValue(4)
    qtbot.mouseClick(w.siting_panel.run_button, Qt.MouseButton.LeftButton)
    assert not w.runner.busy
    assert modals.texts("warning") and "9" in modals.texts("warning")[0]


def test_a_failing_run_reports_one_line_and_changes_nothing(qtbot, planning, modals):
    w = planning
    w.siting_panel.offices.setValue(500)  # more offices than villages
    w.siting_panel.run()
    wait_idle(qtbot, w)
    assert len(modals.texts("warning")) == 1 and "\n" not in modals.texts("warning")[0]
    assert w.siting_panel.result is None and not w.stack.can_undo


def test_cancel_in_the_status_bar_stops_long_work_and_the_window_stays_live(qtbot, planning):
    w = planning
    entered = threading.Event()

    def long_work(progress, cancel):
        entered.set()
        k = 0
        while True:  # a computation that only ends when cancelled
            k += 1
            progress((k % 100) / 100, "working")
            check(cancel)
            threading.Event().wait(0.005)

    with qtbot.waitSignal(w.runner.started):
        assert w.runner.start("long", "长任务", long_work)
    qtbot.waitUntil(entered.is_set)
    assert w.status.task.text() == "长任务"
    w.canvas.zoom_in()  # the window answers while the worker runs
    assert w.canvas.scale() > 0
    assert not w.runner.start("other", "x", long_work)  # one task at a time
    with qtbot.waitSignal(w.runner.cancelled, timeout=5000):
        qtbot.mouseClick(w.status.cancel, Qt.MouseButton.LeftButton)
    assert not w.runner.busy and not w.status.cancel.isVisible()
    assert "取消" in w.status.currentMessage()


def test_evaluate_a_key_site_shows_before_after_and_highlights_moved_villages(qtbot, planning):
    w = planning
    ks = w.project["key_sites"]
    row = int(ks.index[ks["code"] == "K018"][0])  # the committee room of a far village of S2
    w.activate_tool("evaluate")
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=screen_of(w.canvas, "key_sites", row))
    assert w.runner.busy or w.evaluate_panel.result is not None
    wait_idle(qtbot, w)
    panel = w.evaluate_panel
    r = panel.result
    assert r is not None and ks["name"].iloc[row] in panel.hint.text()
    assert panel.table.item(0, 0).text() == f"{r.mean_km_before:.2f}"
    assert panel.table.item(0, 1).text() == f"{r.mean_km_after:.2f}"
    assert panel.moved.count() == len(r.villages_moved) > 0
    codes = set(w.project["villages"]["code"].iloc[sorted(w.canvas._highlight["villages"])])
    assert codes == set(r.villages_moved)
    assert not w.stack.can_undo  # evaluating never changes the project
    # the second evaluation reuses the road network
    context = panel.context
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=screen_of(w.canvas, "key_sites", 0))
    wait_idle(qtbot, w)
    assert panel.context is context


def test_evaluate_accept_puts_the_resolved_station_in_the_plan_as_one_undo_step(qtbot, planning):
    from gisdesk.services.siting import SitingParams, propose_sites, siting_command
    from gisdesk.services.siting.resolve import NEW_NAME

    w = planning
    w.stack.push(siting_command(propose_sites(w.project, SitingParams.from_options(min_villages=3))))
    before = {name: w.project[name].copy() for name in PLAN_LAYERS}
    panel = w.evaluate_panel
    assert not panel.accept_button.isEnabled()
    assert panel.evaluate_at(*ll(0.0, 0.3))
    wait_idle(qtbot, w)
    r = panel.result.resolved
    assert r["station"] == "S1" and "V01" in r["new_office_villages"]
    assert r["station"] in panel.resolved.text() and panel.accept_button.isEnabled()
    depth = len(w.stack)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert (w.project["plan_offices"]["name"] == NEW_NAME).sum() == 1
    assert len(w.stack) == depth + 1 and not panel.accept_button.isEnabled()
    w.stack.undo()
    for name, frame in before.items():
        assert w.project[name].equals(frame), name


def test_evaluate_in_the_window_shares_the_disk_cache(qtbot, settings, tmp_path):
    from gisdesk.services.siting.context_store import cache_file

    path = small_project().save(tmp_path / "small.gpkg")
    w = make_window(qtbot, settings, path=path)
    try:
        panel = w.evaluate_panel
        assert panel.evaluate_at(*ll(0.0, 0.0))
        wait_idle(qtbot, w)
        first = panel.result
        assert first is not None and cache_file(path).is_file()  # built, then kept for next time
        panel.clear()
        assert panel.evaluate_at(*ll(0.0, 0.0))
        wait_idle(qtbot, w)
        assert panel.context._disk[2] is not None  # read back from the cache, not rebuilt
        assert panel.result.villages_moved == first.villages_moved
        assert panel.result.mean_km_after == first.mean_km_after
    finally:
        close_window(w)


def test_quitting_while_work_runs_asks_then_stops_it(qtbot, settings, modals):
    from PyQt6.QtWidgets import QMessageBox

    w = make_window(qtbot, settings, project=small_project())
    entered, stopped = threading.Event(), threading.Event()

    def long_work(progress, cancel):
        entered.set()
        try:
            while True:
                check(cancel)
                threading.Event().wait(0.005)
        finally:
            stopped.set()

    try:
        assert w.runner.start("long", "长任务", long_work)
        qtbot.waitUntil(entered.is_set)
        modals.answers = [QMessageBox.StandardButton.No]
        w.close()
        assert w.isVisible() and w.runner.busy  # "No": keep working
        modals.answers = [QMessageBox.StandardButton.Yes]
        w.close()
        assert not w.isVisible() and stopped.is_set()
        assert "长任务" in modals.texts("question")[0]
    finally:
        close_window(w)


def test_siting_asks_before_planning_with_a_population_that_is_not_a_number(qtbot, settings, modals, tmp_path):
    from PyQt6.QtWidgets import QMessageBox

    from tests.layers.test_raw_values import _edit

    path = small_project().save(tmp_path / "small.gpkg")
    # text where a number belongs (an empty population is unknown, planned as one person: no question)
    _edit(path, "UPDATE villages SET population='很多' WHERE rowid=(SELECT min(rowid) FROM villages)")
    w = make_window(qtbot, settings, path=path)
    try:
        assert any("population" in t for t in modals.texts("warning"))  # said on opening
        modals.answers = [QMessageBox.StandardButton.No]
        assert not w.siting_panel.run() and not w.runner.busy
        assert "villages" in modals.texts("question")[-1]
    finally:
        close_window(w)


def test_siting_on_two_worker_processes_or_one_previews_the_same_plan(qtbot, settings):
    def read(w):
        r = w.siting_panel.result
        return r.offices.drop(columns="geometry"), r.assignment.drop(columns="geometry"), r.objective

    plans = by_worker_count(qtbot, settings, small_project, lambda w: w.siting_panel.run_button, read)
    assert len(plans[0][0]) >= 2
    assert plans[0][0].equals(plans[1][0]) and plans[0][1].equals(plans[1][1]) and plans[0][2] == plans[1][2]


def test_response_time_box_plans_within_the_minutes_and_names_the_villages_beyond(qtbot, planning):
    """响应时间（分钟）: the plan keeps every village it can within the minutes (the minutes
    column of the previewed assignment) and lists the others by name in the panel."""
    w = planning
    panel = w.siting_panel
    form_labels = [panel.labels[k] for k in panel.labels]
    assert "响应时间（分钟）" in form_labels
    panel.cover_minutes.setValue(0.5)  # no village reaches its office in half a minute
    assert panel.params().cover_minutes == 0.5
    assert panel.run()
    wait_idle(qtbot, w)
    s = panel.result.summary()
    minutes = dict(zip(panel.result.assignment["village"], panel.result.assignment["minutes"], strict=True))
    beyond = {u["village"] for u in s["uncovered"]}
    assert beyond and beyond == {v for v, m in minutes.items() if m > 0.5}
    shown = [panel.exceptions.item(k).text() for k in range(panel.exceptions.count())]
    names = w.project["villages"].set_index("code")["name"]
    for code in beyond:
        assert any(names[code] in t and code in t for t in shown)
    assert "响应时间" in panel.summary.text() and "10 / 15 / 20" in panel.summary.text()
    assert "10 / 15 / 20" in panel.tradeoff.toolTip()


def test_siting_exceptions_read_in_the_windows_chinese(qtbot, planning):
    """A farthest-village limit no plan can keep: the panel lists the stations' exceptions
    in Chinese (site writes them in English, as check quotes them)."""
    w = planning
    panel = w.siting_panel
    panel.max_km.setValue(0.5)  # villages are 2 km apart
    assert panel.params().max_km == 0.5
    assert panel.run()
    wait_idle(qtbot, w)
    reasons = [e.reason for e in panel.result.exceptions if e.rule == "max_km"]
    assert reasons and any(r.startswith("no plan with") for r in reasons)
    shown = [panel.exceptions.item(k).text() for k in range(panel.exceptions.count())]
    farthest = [t for t in shown if "公里" in t]
    assert len(farthest) == len(reasons)
    assert not any("no plan" in t or "more than" in t or "km from" in t for t in shown)
