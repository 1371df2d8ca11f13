"""Where a world point falls on the canvas, for driving tools with mouse events."""

from __future__ import annotations

from PyQt6.QtCore import QPoint


def screen_point(canvas, xy) -> QPoint:
    """The canvas pixel of world point ``xy`` (rounded)."""
    x, y = canvas.viewport.world_to_screen(*xy)
    return QPoint(round(x), round(y))
