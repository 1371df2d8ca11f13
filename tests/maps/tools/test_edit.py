"""Point picking, drawing a polygon, painting units and moving a post (maps.tools.edit), driven with real mouse events: world coordinates and ids."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from maps.tools.edit import MovePointTool, PaintTool, PointPickTool, PolygonTool
from tests.maps.tools.screen import screen_point


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
    p = screen_point(canvas, scene["key_sites"].anchors[0]) + QPoint(3, 2)
    with qtbot.waitSignal(tool.feature_picked) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    assert sig.args[0].layer == "key_sites" and sig.args[0].index == 0
    assert tool.last == pytest.approx(tuple(scene["key_sites"].anchors[0]))


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
    a, b, c = (screen_point(canvas, scene["grids"].anchors[i]) for i in range(3))
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
    start = screen_point(canvas, scene["posts"].anchors[1])
    end = start + QPoint(40, -30)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    with qtbot.waitSignal(tool.moved) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    layer, index, x, y = sig.args
    assert (layer, index) == ("posts", 1)
    assert (x, y) == pytest.approx(canvas.world_at(end.x(), end.y()))
