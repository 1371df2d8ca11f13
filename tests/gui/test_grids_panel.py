"""The grids panel: redraw in the background, the table against the band, and hand edits
(paint, polygon, merge, split, lock) on the map, each one undo step."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtGui import QColor

from gisdesk.services.grids import GridParams, compute_grids, grids_command
from layers.errors import InputError
from layers.project import parameters_entry
from layers.standard import Standard
from maps.style.symbology import DEVIATION, grid_deviation
from tests.gisdesk.services.grids.test_plan import _town
from tests.gui.conftest import (
    by_worker_count,
    close_window,
    make_window,
    screen_of,
    wait_idle,
    wait_render,
)


@pytest.fixture(scope="module")
def town_with_grids():
    p = _town()
    grids_command(compute_grids(p, GridParams())).do(p)
    return p


def _copy(p):
    from layers.project import Project

    return Project(layers=dict(p.layers), metadata=dict(p.metadata))


@pytest.fixture
def grids_window(qtbot, settings, town_with_grids):
    w = make_window(qtbot, settings, project=_copy(town_with_grids))
    w.grids_dock.raise_()
    w.layer_panel.set_visible("villages", False)
    yield w
    close_window(w)


def _members(w, grid: str) -> set[str]:
    m = w.project["grid_members"]
    return set(m.loc[m["grid"] == grid, "member"])


def _unit_rows(w, codes) -> list[int]:
    units = w.project["units"]
    return [int(i) for i in np.flatnonzero(units["code"].isin(list(codes)).to_numpy())]


def test_redraw_runs_in_the_background_and_is_one_undo_step(qtbot, settings):
    w = make_window(qtbot, settings, project=_town())
    try:
        assert w.grids_panel.table.rowCount() == 0
        qtbot.mouseClick(w.grids_panel.redraw_button, Qt.MouseButton.LeftButton)
        assert w.runner.busy
        wait_idle(qtbot, w)
        n = len(w.project["grids"])
        assert n == 9 and w.grids_panel.table.rowCount() == n
        assert len(w.project["grid_members"]) > 0 and len(w.canvas.scene["grids"]) == n
        assert "9" in w.grids_panel.summary.text()
        # the service's command, with the project's one encoding of the parameters
        params = w.grids_panel.params()
        assert w.project.metadata["params.grids"] == parameters_entry("grids", params.as_dict())["params.grids"]
        w.tools.actions["undo"].trigger()
        assert len(w.project["grids"]) == 0 and w.grids_panel.table.rowCount() == 0
        assert "params.grids" not in w.project.metadata
    finally:
        close_window(w)


def test_a_redraw_takes_off_assignments_to_removed_grids_and_says_so(qtbot, settings, town_with_grids):
    import pandas as pd

    project = _copy(town_with_grids)
    kept = project["grids"]["code"].iloc[0]
    project["assignments"] = pd.DataFrame({"officer": ["P1", "P2"], "grid": [kept, "S01-GONE"]})
    w = make_window(qtbot, settings, project=project)
    try:
        assert w.grids_panel.redraw()
        wait_idle(qtbot, w)
        assert w.project["assignments"]["grid"].tolist() == [kept]
        assert "1" in w.status.currentMessage() and ("撤下" in w.status.currentMessage()
                                                     or "taken off" in w.status.currentMessage())
        w.tools.actions["undo"].trigger()
        assert w.project["assignments"]["grid"].tolist() == [kept, "S01-GONE"]
    finally:
        close_window(w)


def test_redraw_on_two_worker_processes_or_one_draws_the_same_grids(qtbot, settings):
    from gisdesk.services.workers import available_cores

    assert settings.workers == 0 and settings.job_workers().processes == available_cores()
    drawn = by_worker_count(
        qtbot, settings, _town, lambda w: w.grids_panel.redraw_button,
        lambda w: (w.project["grids"].drop(columns="geometry"), w.project["grid_members"]))
    assert len(drawn[0][0]) == 9
    for a, b in zip(drawn[0], drawn[1], strict=True):
        assert a.reset_index(drop=True).equals(b.reset_index(drop=True))


def test_table_colours_each_grid_by_its_deviation(qtbot, grids_window):
    w = grids_window
    grids = w.project["grids"]
    dev = grid_deviation(grids)
    classes = DEVIATION.classify(dev)
    table = w.grids_panel.table
    for r in range(table.rowCount()):
        code = table.item(r, 0).data(Qt.ItemDataRole.UserRole)
        k = int(np.flatnonzero(grids["code"].to_numpy() == code)[0])
        if classes[k] >= 0:
            assert table.item(r, 4).background().color() == QColor(DEVIATION.colors[classes[k]])
            assert table.item(r, 4).text() == f"{dev[k]:+.0%}"
            assert table.item(r, 5).text() == code


def test_selecting_a_grid_row_selects_it_on_the_map(qtbot, grids_window):
    w = grids_window
    code = w.grids_panel.table.item(0, 0).data(Qt.ItemDataRole.UserRole)
    w.grids_panel.table.selectRow(0)
    row = int(np.flatnonzero(w.project["grids"]["code"].to_numpy() == code)[0])
    assert w.canvas.selection == {"grids": {row}}


def _urban_pair(w):
    """Two neighbouring urban grids: (a, b, units of b next to a)."""
    editor = w.grids_panel.get_editor()
    for a in editor.grid_codes():
        for b in editor.neighbours_of(a):
            touching = [editor.codes[j] for i in np.flatnonzero(editor.assignment == a)
                        for j in editor.neighbours[i] if editor.assignment[j] == b]
            if touching:
                return a, b, sorted(set(touching))
    raise AssertionError("no neighbouring grids")


def test_paint_units_into_the_selected_grid_then_undo(qtbot, grids_window):
    w = grids_window
    a, b, touching = _urban_pair(w)
    w.grids_panel.select_code(a)
    qtbot.mouseClick(w.grids_panel.paint_button, Qt.MouseButton.LeftButton)
    assert w.canvas.tool is w.tools.tools["paint"]
    rows = _unit_rows(w, touching[:2])
    points = [screen_of(w.canvas, "units", r) for r in rows]
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=points[0])
    for p in points[1:]:
        qtbot.mouseMove(w.canvas, p)
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=points[-1])
    assert set(touching[:2]) <= _members(w, a)
    grids = w.project["grids"].set_index("code")
    units = w.project["units"].set_index("code")
    assert grids.loc[a, "population"] == units.loc[sorted(_members(w, a)), "population"].sum()
    w.tools.actions["undo"].trigger()
    assert not set(touching[:2]) & _members(w, a) and set(touching[:2]) <= _members(w, b)


def test_merge_lock_and_split(qtbot, grids_window, modals):
    w = grids_window
    panel = w.grids_panel
    a, b, _ = _urban_pair(w)
    before = len(w.project["grids"])
    panel.select_code(a)
    table = panel.table
    for r in range(table.rowCount()):
        if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == b:
            table.selectionModel().select(table.model().index(r, 0),
                                          table.selectionModel().SelectionFlag.Select
                                          | table.selectionModel().SelectionFlag.Rows)
    assert sorted(panel.selected_codes()) == sorted([a, b])
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert len(w.project["grids"]) == before - 1
    merged = a if a in set(w.project["grids"]["code"]) else b
    panel.select_code(merged)
    qtbot.mouseClick(panel.lock_button, Qt.MouseButton.LeftButton)
    assert merged in panel.get_editor().locked
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w)
    assert any("locked" in t or "已锁定" in t for t in modals.texts("warning"))  # the window speaks Chinese by default
    assert len(w.project["grids"]) == before - 1
    panel.select_code(merged)
    qtbot.mouseClick(panel.lock_button, Qt.MouseButton.LeftButton)
    assert merged not in panel.get_editor().locked
    panel.select_code(merged)
    qtbot.mouseClick(panel.split_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w)
    assert len(w.project["grids"]) == before
    for _ in range(4):
        w.tools.actions["undo"].trigger()
    assert len(w.project["grids"]) == before and not w.stack.can_undo


def test_draw_a_polygon_to_make_a_new_grid(qtbot, grids_window):
    w, c = grids_window, grids_window.canvas
    units = c.scene["units"]
    bounds = units.bounds
    # a small square around the first two units of the town's corner
    x0, y0 = bounds[:, 0].min(), bounds[:, 1].min()
    size = (bounds[0, 2] - bounds[0, 0]) * 1.5
    c.zoom_to_extent((x0 - size, y0 - size, x0 + 3 * size, y0 + 3 * size))
    wait_render(qtbot, c)
    corners = [(x0 + 0.1 * size, y0 + 0.1 * size), (x0 + 1.4 * size, y0 + 0.1 * size),
               (x0 + 1.4 * size, y0 + 0.6 * size), (x0 + 0.1 * size, y0 + 0.6 * size)]
    qtbot.mouseClick(w.grids_panel.polygon_button, Qt.MouseButton.LeftButton)
    before = set(w.project["grids"]["code"])
    for x, y in corners:
        sx, sy = c.viewport.world_to_screen(x, y)
        qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(round(sx), round(sy)))
    qtbot.keyClick(c, Qt.Key.Key_Return)
    new = set(w.project["grids"]["code"]) - before
    assert len(new) == 1
    assert len(_members(w, new.pop())) >= 1


def test_rebalance_evens_out_a_grid_and_its_neighbours(qtbot, grids_window, modals):
    w = grids_window
    panel = w.grids_panel
    a, b, touching = _urban_pair(w)
    editor = panel.get_editor()
    w.stack.push(editor.assign({u: a for u in touching}, "unbalance"))  # make a heavier than b
    group = [a, *editor.neighbours_of(a)]
    spread = lambda: np.ptp([editor.stats(g).population for g in group])  # noqa: E731
    before = spread()
    panel.select_code(a)
    qtbot.mouseClick(panel.rebalance_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, w)
    assert not modals.texts("warning")
    assert spread() < before
    w.tools.actions["undo"].trigger()
    assert spread() == before


def test_redraw_asks_once_before_planning_with_a_count_that_is_not_a_number(qtbot, settings, modals, tmp_path):
    from PyQt6.QtWidgets import QMessageBox

    from tests.layers.test_raw_values import _edit

    path = _town().save(tmp_path / "town.gpkg")
    _edit(path, "UPDATE units SET population='abc' WHERE code='U0000'")
    w = make_window(qtbot, settings, path=path)
    try:
        modals.calls.clear()
        modals.answers = [QMessageBox.StandardButton.No]
        assert not w.grids_panel.redraw() and not w.runner.busy
        [question] = modals.texts("question")
        assert "units" in question and "abc" in question
        modals.answers = [QMessageBox.StandardButton.Yes]
        assert w.grids_panel.redraw()
        wait_idle(qtbot, w)
        assert w.grids_panel.redraw()  # answered once: not asked again
        wait_idle(qtbot, w)
        assert len(modals.texts("question")) == 2
    finally:
        close_window(w)


def test_a_refused_standard_shows_the_standards_one_message(qtbot, grids_window, modals):
    w = grids_window
    panel = w.grids_panel
    panel.rural.setMinimum(0)
    panel.rural.setValue(0)
    before = len(w.project["grids"])
    assert panel.redraw() is False
    with pytest.raises(InputError) as info:
        Standard(rural_people=0)
    assert modals.texts("warning") == [f"{panel.labels['rural_people']}: {info.value.message}"]
    assert len(w.project["grids"]) == before and not w.runner.busy
