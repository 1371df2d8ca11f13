"""Map tools driven with real mouse events on a canvas: world coordinates and ids."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from maps.tools import (
    IdentifyTool,
    MeasureTool,
    MovePointTool,
    PaintTool,
    PointPickTool,
    PolygonTool,
    SelectTool,
)


def _px(canvas, xy) -> QPoint:
    x, y = canvas.viewport.world_to_screen(*xy)
    return QPoint(round(x), round(y))


def test_pick_point_emits_world_coordinates(canvas, qtbot):
    tool = canvas.set_tool(PointPickTool(snap_layers=[]))
    pos = QPoint(200, 150)
    with qtbot.waitSignal(tool.picked) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    x, y, lon, lat = sig.args
    assert (x, y) == pytest.approx(canvas.world_at(200, 150))
    assert 113.5 < lon < 113.8 and 34.6 < lat < 34.8


def test_pick_snaps_to_key_site(canvas, qtbot, scene):
    tool = canvas.set_tool(PointPickTool())
    p = _px(canvas, scene["key_sites"].anchors[0]) + QPoint(3, 2)
    with qtbot.waitSignal(tool.feature_picked) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    assert sig.args[0].layer == "key_sites" and sig.args[0].index == 0
    assert tool.last == pytest.approx(tuple(scene["key_sites"].anchors[0]))


def test_select_by_click_and_rectangle(canvas, qtbot, scene):
    tool = canvas.set_tool(SelectTool(layers=["villages"]))
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_px(canvas, scene["villages"].anchors[1]))
    assert sig.args[0] == {"villages": {1}}
    a, b = _px(canvas, scene["villages"].anchors[0]), _px(canvas, scene["villages"].anchors[2])
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a + QPoint(-10, 10))
    qtbot.mouseMove(canvas, b + QPoint(10, -10))
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b + QPoint(10, -10))
    assert sig.args[0] == {"villages": {0, 2}}
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                         pos=_px(canvas, scene["villages"].anchors[3]))
    assert canvas.selection == {"villages": {0, 2, 3}}


def test_identify_lists_features_under_cursor(canvas, qtbot, scene):
    tool = canvas.set_tool(IdentifyTool())
    with qtbot.waitSignal(tool.identified) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_px(canvas, scene["grids"].anchors[1]))
    hits, x, y = sig.args
    assert ("grids", 1) in [(h.layer, h.index) for h in hits]


def test_measure_distance_and_area(canvas, qtbot):
    tool = canvas.set_tool(MeasureTool("distance"))
    pts = [QPoint(100, 100), QPoint(400, 100), QPoint(400, 500)]
    for p in pts:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    with qtbot.waitSignal(tool.measured) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=pts[-1])
    mpp = canvas.viewport.mpp
    assert sig.args[0] == pytest.approx(700 * mpp, rel=1e-6)
    assert len(sig.args[1]) == 3
    area = canvas.set_tool(MeasureTool("area"))
    for p in pts:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    with qtbot.waitSignal(area.measured) as sig:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert sig.args[0] == pytest.approx(0.5 * 300 * 400 * mpp * mpp, rel=1e-6)


def test_polygon_tool(canvas, qtbot):
    tool = canvas.set_tool(PolygonTool())
    pts = [QPoint(100, 100), QPoint(300, 100), QPoint(300, 300), QPoint(100, 300)]
    for p in pts:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    with qtbot.waitSignal(tool.polygon_drawn) as sig:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    got = sig.args[0]
    assert len(got) == 4
    assert got[2] == pytest.approx(canvas.world_at(300, 300))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pts[0])
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert tool.points == []


def test_paint_tool_collects_features_under_the_brush(canvas, qtbot, scene):
    tool = canvas.set_tool(PaintTool(layer="grids"))
    a, b, c = (_px(canvas, scene["grids"].anchors[i]) for i in range(3))
    painted = []
    tool.painted.connect(painted.append)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, (a + b) / 2)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseMove(canvas, c)
    with qtbot.waitSignal(tool.stroke_finished) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=c)
    assert sig.args[0] == [0, 1, 2] and painted == [0, 1, 2]


def test_move_point_tool(canvas, qtbot, scene):
    tool = canvas.set_tool(MovePointTool("posts"))
    start = _px(canvas, scene["posts"].anchors[1])
    end = start + QPoint(40, -30)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    with qtbot.waitSignal(tool.moved) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    layer, index, x, y = sig.args
    assert (layer, index) == ("posts", 1)
    assert (x, y) == pytest.approx(canvas.world_at(end.x(), end.y()))


def test_zoom_box(canvas, qtbot):
    from maps.tools import ZoomBoxTool

    tool = canvas.set_tool(ZoomBoxTool())
    a, b = QPoint(200, 150), QPoint(400, 300)
    wa, wb = canvas.world_at(a.x(), a.y()), canvas.world_at(b.x(), b.y())
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    with qtbot.waitSignal(tool.zoomed) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
    x0, y0, x1, y1 = sig.args
    assert x0 <= wa[0] + 1e-6 and x1 >= wb[0] - 1e-6 and y0 <= wb[1] + 1e-6 and y1 >= wa[1] - 1e-6
    assert (x1 - x0) == pytest.approx(wb[0] - wa[0], rel=0.01)  # the box fills the canvas width
