"""Zooming to a dragged box (maps.tools.navigation) with real mouse events."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from maps.tools.navigation import ZoomBoxTool


def test_zoom_box(canvas, qtbot):
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
