"""Navigation tools: pan (dragging is done by the canvas) and zoom to a dragged box."""

from __future__ import annotations

from PyQt6.QtCore import QObject, QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QPainter, QPen

from maps.tool_base import ACCENT, MapTool, ToolEvent


class PanTool(MapTool):
    """Drag to pan (done by the canvas); a click reports its world position."""

    cursor = Qt.CursorShape.OpenHandCursor
    pans = True
    clicked = pyqtSignal(float, float)

    def release(self, ev: ToolEvent) -> None:
        self.clicked.emit(ev.x, ev.y)


class ZoomBoxTool(MapTool):
    """Drag a rectangle to zoom into it; a click zooms in 2x there (Shift: zoom out)."""

    cursor = Qt.CursorShape.CrossCursor
    zoomed = pyqtSignal(float, float, float, float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._start: ToolEvent | None = None
        self._end: ToolEvent | None = None

    def reset(self) -> None:
        self._start = self._end = None
        self._repaint()

    def press(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.LeftButton:
            self._start = self._end = ev

    def move(self, ev: ToolEvent) -> None:
        if self._start is not None:
            self._end = ev
            self._repaint()

    def release(self, ev: ToolEvent) -> None:
        if self._start is None or ev.button != Qt.MouseButton.LeftButton:
            return
        start = self._start
        self.reset()
        out = bool(ev.modifiers & Qt.KeyboardModifier.ShiftModifier)
        if abs(ev.sx - start.sx) < 4 or abs(ev.sy - start.sy) < 4:
            self.canvas.zoom_by(0.5 if out else 2.0, (ev.sx, ev.sy))
        elif out:
            factor = max(abs(ev.sx - start.sx) / self.canvas.width(), abs(ev.sy - start.sy) / self.canvas.height())
            self.canvas.set_viewport(self.canvas.viewport.centred((start.x + ev.x) / 2, (start.y + ev.y) / 2)
                                     .zoomed(max(factor, 0.05)))
        else:
            self.canvas.zoom_to_extent((min(start.x, ev.x), min(start.y, ev.y), max(start.x, ev.x), max(start.y, ev.y)),
                                       margin=0.0, min_span=1.0)
        x0, y0, x1, y1 = self.canvas.viewport.extent
        self.zoomed.emit(x0, y0, x1, y1)

    def draw(self, painter: QPainter) -> None:
        if self._start is None or self._end is None:
            return
        r = QRectF(QPointF(self._start.sx, self._start.sy), QPointF(self._end.sx, self._end.sy)).normalized()
        painter.setPen(QPen(ACCENT, 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)
