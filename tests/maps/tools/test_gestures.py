"""Gestures the tools share: vertex editing (measure, polygon), rubber-band boxes (select,
zoom box) and Ctrl-toggling a selection, driven with real events on a real canvas."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from maps.tools import MeasureTool, PolygonTool, SelectTool, ToolEvent, ZoomBoxTool


def _click(qtbot, canvas, *points: QPoint) -> None:
    for p in points:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)


def test_backspace_drops_vertices_only_while_the_measure_is_open(canvas, qtbot):
    tool = canvas.set_tool(MeasureTool("distance"))
    _click(qtbot, canvas, QPoint(100, 100), QPoint(300, 100), QPoint(300, 400))
    qtbot.keyClick(canvas, Qt.Key.Key_Backspace)
    assert tool.points == [canvas.world_at(100, 100), canvas.world_at(300, 100)]
    with qtbot.waitSignal(tool.measured) as sig:
        qtbot.keyClick(canvas, Qt.Key.Key_Enter)
    assert sig.args[0] == pytest.approx(200 * canvas.viewport.mpp, rel=1e-6)
    qtbot.keyClick(canvas, Qt.Key.Key_Backspace)  # finished: the result stays on the map
    assert len(tool.points) == 2
    qtbot.mouseMove(canvas, QPoint(500, 500))
    assert tool._hover is None  # no rubber line once finished
    _click(qtbot, canvas, QPoint(50, 50))  # a new click starts a new measurement
    assert tool.points == [canvas.world_at(50, 50)]
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert tool.points == []


def test_measure_needs_two_vertices_and_drops_a_repeated_last_one(canvas, qtbot):
    tool = canvas.set_tool(MeasureTool("area"))
    measured = []
    tool.measured.connect(lambda total, pts: measured.append((total, pts)))
    _click(qtbot, canvas, QPoint(100, 100))
    tool.finish()
    assert measured == []
    _click(qtbot, canvas, QPoint(300, 100), QPoint(300, 300), QPoint(300, 300))
    tool.double_click(ToolEvent(300, 300, *canvas.world_at(300, 300)))
    assert len(measured) == 1 and len(measured[0][1]) == 3
    mpp = canvas.viewport.mpp
    assert measured[0][0] == pytest.approx(0.5 * 200 * 200 * mpp * mpp, rel=1e-6)


def test_polygon_backspace_double_click_and_too_few_vertices(canvas, qtbot):
    tool = canvas.set_tool(PolygonTool())
    drawn = []
    tool.polygon_drawn.connect(drawn.append)
    pts = [QPoint(100, 100), QPoint(300, 100), QPoint(300, 300), QPoint(200, 500)]
    _click(qtbot, canvas, *pts)
    qtbot.mouseMove(canvas, QPoint(150, 450))
    assert tool._hover == pytest.approx(canvas.world_at(150, 450))
    qtbot.keyClick(canvas, Qt.Key.Key_Backspace)
    assert len(tool.points) == 3
    tool.double_click(ToolEvent(300, 300, *canvas.world_at(300, 300)))
    assert drawn == [[canvas.world_at(p.x(), p.y()) for p in pts[:3]]]
    assert tool.points == [] and tool._hover is None
    _click(qtbot, canvas, *pts[:2])
    qtbot.keyClick(canvas, Qt.Key.Key_Return)  # two vertices are no polygon
    assert len(drawn) == 1 and tool.points == []


def test_rubber_band_is_painted_while_dragging(canvas, qtbot):
    canvas.set_tool(SelectTool())
    a, b = QPoint(200, 150), QPoint(500, 400)
    before = canvas.grab().toImage()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    during = canvas.grab().toImage()
    changed = sum(during.pixel(x, 300) != before.pixel(x, 300) for x in range(260, 440))
    assert changed > 150  # the translucent fill covers the box
    assert during.pixel(600, 300) == before.pixel(600, 300)  # nothing outside it
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)


def test_ctrl_click_toggles_a_feature_in_the_selection(canvas, qtbot, scene):
    tool = canvas.set_tool(SelectTool(layers=["villages"]))
    x, y = canvas.viewport.world_to_screen(*scene["villages"].anchors[1])
    at = QPoint(round(x), round(y))
    canvas.set_selection({"villages": [0]})
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos=at)
    assert sig.args[0] == {"villages": {0, 1}}
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos=at)
    assert sig.args[0] == {"villages": {0}}
    qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=at)  # other buttons select nothing
    assert canvas.selection == {"villages": {0}}


def test_zoom_box_click_and_shift_drag_zoom_out(canvas, qtbot):
    tool = canvas.set_tool(ZoomBoxTool())
    mpp = canvas.viewport.mpp
    with qtbot.waitSignal(tool.zoomed):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert canvas.viewport.mpp == pytest.approx(mpp / 2)
    a, b = QPoint(300, 200), QPoint(500, 350)
    centre = canvas.world_at(400, 275)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=a)
    qtbot.mouseMove(canvas, b)
    with qtbot.waitSignal(tool.zoomed) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=b)
    assert canvas.viewport.mpp == pytest.approx(mpp / 2 * 4)  # the box was a quarter of the width
    x0, y0, x1, y1 = sig.args
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(centre)
