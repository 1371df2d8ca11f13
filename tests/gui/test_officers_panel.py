"""The officers panel: people dragged onto grids (map and table) as undoable commands, who
covers a clicked grid, removal, and auto-assign with progress and Cancel."""

from __future__ import annotations

import pandas as pd
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PyQt6.QtWidgets import QApplication

from tests.gui.conftest import close_window, make_window, screen_of, wait_idle
from tests.maps.conftest import small_project


def _roster_project():
    proj = small_project()
    posts = proj["posts"].copy()
    posts["station"] = "S1"
    proj["posts"] = posts
    grids = proj["grids"].copy()
    grids["station"] = "S1"
    proj["grids"] = grids
    proj["officers"] = pd.DataFrame({
        "code": ["41140001", "41140002", "F41140001", "41149001"],
        "name": ["赵建国", "钱卫东", "孙小红", "李外所"],
        "phone": ["13800000001", "13800000002", "13900000003", "13800000009"],
        "role": ["officer", "officer", "auxiliary", "officer"],
        "station": ["S1", "S1", "S1", "S2"],
        "post": ["P1", "P2", "", ""],
        "max_grids": [1, 2, 1, 1],
        "active": [True, True, True, True],
    })
    return proj


@pytest.fixture
def win(qtbot, settings):
    w = make_window(qtbot, settings, _roster_project())
    w.officers_dock.show()
    w.officers_dock.raise_()
    yield w
    close_window(w)


def _mime(panel, codes):
    model = panel.model
    rows = [int(model.rows.index[model.rows["code"] == c][0]) for c in codes]
    return model.mimeData([model.index(r, 0) for r in rows])


def _drop(widget, pos: QPoint, mime) -> bool:
    """What Qt sends a widget while a drag passes over it and is released there."""
    p = QPointF(pos)
    actions = Qt.DropAction.CopyAction
    none, left = Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(pos, actions, mime, left, none)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(pos, actions, mime, left, none)
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    QApplication.sendEvent(widget, QDropEvent(p, actions, mime, left, none))
    return True


def _pairs(w) -> set[tuple[str, str]]:
    a = w.project["assignments"]
    return set(zip(a["officer"], a["grid"], strict=True))


def _contact(w, grid: str) -> str:
    g = w.project["grids"]
    return str(g.loc[g["code"] == grid, "officer_name"].iat[0] or "")


def test_drag_a_person_onto_a_grid_on_the_map_and_undo(win, qtbot):
    panel = win.officers_panel
    assert panel.model.rowCount() == 3  # the one station S1 chosen; the S2 person is not listed
    pos = screen_of(win.canvas, "grids", 1)
    assert _drop(win.canvas, pos, _mime(panel, ["41140001"]))
    assert _pairs(win) == {("41140001", "G2")}
    assert _contact(win, "G2") == "赵建国"
    assert "赵建国" in win.stack.undo_text and "G2" in win.stack.undo_text
    row = panel.model.rows.set_index("code").loc["41140001"]
    assert row["grids"] == ["G2"]  # the panel redrew from the command
    win.stack.undo()
    assert _pairs(win) == set() and _contact(win, "G2") == ""
    assert panel.model.rows.set_index("code").loc["41140001", "grids"] == []
    win.stack.redo()
    assert _pairs(win) == {("41140001", "G2")}


def test_a_drop_outside_any_grid_is_refused(win):
    far = screen_of(win.canvas, "villages", 0)  # a village far from the grids
    assert not _drop(win.canvas, far, _mime(win.officers_panel, ["41140001"]))
    assert _pairs(win) == set() and not win.stack.can_undo


def test_drag_two_people_onto_a_grid_row_of_the_table(win, qtbot):
    win.table.show_layer("grids")
    view = win.table.view
    row = next(r for r in range(win.table.proxy.rowCount())
               if win.table.proxy.index(r, 0).data(Qt.ItemDataRole.EditRole) == "G3")
    pos = view.visualRect(win.table.proxy.index(row, 1)).center()
    assert _drop(view.viewport(), pos, _mime(win.officers_panel, ["41140002", "F41140001"]))
    assert _pairs(win) == {("41140002", "G3"), ("F41140001", "G3")}
    assert _contact(win, "G3") == "钱卫东、孙小红"  # officers before auxiliaries
    win.stack.undo()  # the two were one command
    assert _pairs(win) == set()


def test_a_person_of_another_station_is_refused_and_nothing_changes(win, modals):
    panel = win.officers_panel
    panel.station.setCurrentIndex(panel.station.findData(""))  # all stations
    assert panel.model.rowCount() == 4
    assert _drop(win.canvas, screen_of(win.canvas, "grids", 0), _mime(panel, ["41149001"]))
    assert _pairs(win) == set() and not win.stack.can_undo
    assert any("S2" in t for t in modals.texts("warning"))
    assert any("图层 assignments（警格责任人）" in t and "属于 S2" in t for t in modals.texts("warning"))  # in Chinese


def test_clicking_a_grid_selects_who_covers_it_and_remove_takes_them_off(win):
    panel = win.officers_panel
    panel.assign(["41140001"], "G1")
    panel.assign(["41140002"], "G2")
    panel.assign(["41140002"], "G1")
    assert panel.show_covering(["G1"]) == ["41140001", "41140002"]
    panel.view.clearSelection()
    win.canvas.set_selection({"grids": [1]})  # G2 clicked with the select tool
    assert panel.selected_codes() == ["41140002"]
    assert panel.remove_selected()  # off the selected grid G2 only
    assert _pairs(win) == {("41140001", "G1"), ("41140002", "G1")}
    assert _contact(win, "G2") == ""
    win.stack.undo()
    assert ("41140002", "G2") in _pairs(win)


def test_auto_assign_runs_with_progress_and_can_be_cancelled(win, qtbot, modals):
    panel = win.officers_panel
    seen: list[float] = []
    win.runner.progressed.connect(lambda f, m: seen.append(f))
    assert panel.auto_assign()
    assert panel.progress.isVisible() and panel.cancel_button.isEnabled() and not panel.auto_button.isEnabled()
    wait_idle(qtbot, win)
    assert seen and max(seen) == 1.0
    pairs = _pairs(win)
    assert {g for _, g in pairs} == {"G1", "G2", "G3"}  # each grid someone of S1
    assert all(o != "41149001" for o, _ in pairs)
    assert not panel.progress.isVisible() and panel.auto_button.isEnabled()
    assert "41140" in panel.model.data(panel.model.index(0, 1))
    win.stack.undo()
    assert _pairs(win) == set()
    # cancelled: nothing applied, the undo history untouched
    depth = win.stack.can_redo
    assert panel.auto_assign()
    panel.cancel_button.click()
    wait_idle(qtbot, win)
    assert _pairs(win) == set() and win.stack.can_redo == depth
    assert panel.auto_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert "取消" in win.status.currentMessage() or win.status.currentMessage() == ""


def _inside(canvas, row: int) -> QPoint:
    """A pixel well inside grid ``row``, away from its label in the middle."""
    x0, y0, x1, y1 = canvas.scene["grids"].geoms[row].bounds
    sx, sy = canvas.viewport.world_to_screen(x0 + 0.15 * (x1 - x0), y0 + 0.15 * (y1 - y0))
    return QPoint(round(sx), round(sy))


def test_unassigned_grids_stand_out_on_the_map_and_in_the_grids_table(win, qtbot):
    from maps.style.symbology import GRID_UNASSIGNED, OFFICER_COLOURS
    from tests.gui.conftest import pixel, wait_render

    panel = win.officers_panel
    panel.assign(["41140001"], "G2")
    panel.colour.setChecked(True)
    assert win.canvas.styles["grids"].classify == "officer"
    win.canvas.zoom_to_layer("grids")
    wait_render(qtbot, win.canvas)
    assert pixel(win.canvas, _inside(win.canvas, 0)).name() == GRID_UNASSIGNED
    assert pixel(win.canvas, _inside(win.canvas, 1)).name() in OFFICER_COLOURS
    win.table.show_layer("grids")
    model = win.table.model
    col = model.columns.index("officer_name")
    shown = {model.frame["code"].iat[r]: model.data(model.index(r, col)) for r in range(model.rowCount())}
    assert shown == {"G1": "未分配", "G2": "赵建国", "G3": "未分配"}
    assert model.data(model.index(0, col), Qt.ItemDataRole.EditRole) == ""  # the value stays empty
    win.table.filter.setText("未分配")
    assert win.table.proxy.rowCount() == 2
    panel.colour.setChecked(False)
    assert win.canvas.styles["grids"].classify == "deviation"
