"""Navigation tools: pan (dragging is done by the canvas) and zoom to a dragged box."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPainter, QPen

from maps.tools.base import ACCENT, DragBoxTool, MapTool, ToolEvent, world_box


class PanTool(MapTool):
    """Drag to pan (done by the canvas); a click reports its world position."""

    cursor = Qt.CursorShape.OpenHandCursor
    pans = True
    clicked = pyqtSignal(float, float)

    def release(self, ev: ToolEvent) -> None:
        self.clicked.emit(ev.x, ev.y)


class ZoomBoxTool(DragBoxTool):
    """Drag a rectangle to zoom into it; a click zooms in 2x there (Shift: zoom out)."""

    cursor = Qt.CursorShape.CrossCursor
    zoomed = pyqtSignal(float, float, float, float)

    def release(self, ev: ToolEvent) -> None:
        start = self._take(ev)
        if start is None:
            return
        out = bool(ev.modifiers & Qt.KeyboardModifier.ShiftModifier)
        if abs(ev.sx - start.sx) < 4 or abs(ev.sy - start.sy) < 4:
            self.canvas.zoom_by(0.5 if out else 2.0, (ev.sx, ev.sy))
        elif out:
            factor = max(abs(ev.sx - start.sx) / self.canvas.width(), abs(ev.sy - start.sy) / self.canvas.height())
            self.canvas.set_viewport(self.canvas.viewport.centred((start.x + ev.x) / 2, (start.y + ev.y) / 2)
                                     .zoomed(max(factor, 0.05)))
        else:
            self.canvas.zoom_to_extent(world_box(start, ev), margin=0.0, min_span=1.0)
        x0, y0, x1, y1 = self.canvas.viewport.extent
        self.zoomed.emit(x0, y0, x1, y1)

    def draw(self, painter: QPainter) -> None:
        r = self._box()
        if r is None:
            return
        painter.setPen(QPen(ACCENT, 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)
