"""Measuring distance and area (maps.tools.measure) with real mouse events."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from maps.tools.measure import MeasureTool


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
