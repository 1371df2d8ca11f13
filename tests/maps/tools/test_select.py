"""Selecting and identifying features (maps.tools.select) with real mouse events."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, Qt

from maps.tools.select import IdentifyTool, SelectTool
from tests.maps.tools.screen import screen_point


def test_select_by_click_and_rectangle(canvas, qtbot, scene):
    tool = canvas.set_tool(SelectTool(layers=["villages"]))
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=screen_point(canvas, scene["villages"].anchors[1]))
    assert sig.args[0] == {"villages": {1}}
    a, b = screen_point(canvas, scene["villages"].anchors[0]), screen_point(canvas, scene["villages"].anchors[2])
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a + QPoint(-10, 10))
    qtbot.mouseMove(canvas, b + QPoint(10, -10))
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b + QPoint(10, -10))
    assert sig.args[0] == {"villages": {0, 2}}
    with qtbot.waitSignal(tool.selected) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                         pos=screen_point(canvas, scene["villages"].anchors[3]))
    assert canvas.selection == {"villages": {0, 2, 3}}


def test_identify_lists_features_under_cursor(canvas, qtbot, scene):
    tool = canvas.set_tool(IdentifyTool())
    with qtbot.waitSignal(tool.identified) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=screen_point(canvas, scene["grids"].anchors[1]))
    hits, x, y = sig.args
    assert ("grids", 1) in [(h.layer, h.index) for h in hits]
