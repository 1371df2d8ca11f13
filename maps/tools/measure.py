"""Measuring on the map: lengths and areas in metres of the GK zone, their display text,
and the :class:`MeasureTool` that shows a running total while the user clicks vertices."""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QObject, QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QPainter, QPen, QPolygonF

from maps.style.fonts import map_font
from maps.tools.base import ACCENT, ToolEvent, VertexTool


def format_length(metres: float) -> str:
    return f"{metres:,.0f} m" if metres < 1000 else f"{metres / 1000:,.2f} km"


def format_area(m2: float) -> str:
    return f"{m2:,.0f} m²" if m2 < 1e5 else f"{m2 / 1e6:,.3f} km²"


def polyline_length(points) -> float:
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    return float(np.hypot(*np.diff(p, axis=0).T).sum()) if len(p) > 1 else 0.0


def polygon_area(points) -> float:
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(p) < 3:
        return 0.0
    x, y = p[:, 0], p[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


class MeasureTool(VertexTool):
    """Measure a distance or an area in metres of the GK zone; shows the running total."""

    measure_changed = pyqtSignal(float, float)
    measured = pyqtSignal(float, object)

    def __init__(self, mode: str = "distance", parent: QObject | None = None):
        super().__init__(parent)
        if mode not in ("distance", "area"):
            raise ValueError("mode must be 'distance' or 'area'")
        self.mode = mode
        self._done = False

    def reset(self) -> None:
        self._done = False
        super().reset()

    def _open(self) -> bool:
        return not self._done

    def value(self, points=None) -> float:
        pts = self.points if points is None else points
        return polyline_length(pts) if self.mode == "distance" else polygon_area(pts)

    def press(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.RightButton:
            self.finish()
            return
        if ev.button != Qt.MouseButton.LeftButton:
            return
        if self._done:
            self.reset()
        self.points.append((ev.x, ev.y))
        last = polyline_length(self.points[-2:]) if len(self.points) > 1 else 0.0
        self.measure_changed.emit(self.value(), last)
        self._repaint()

    def finish(self) -> None:
        """End the measurement and emit ``measured`` (the canvas keeps showing it)."""
        if len(self.points) >= 2 and not self._done:
            if len(self.points) >= 3 and self.points[-1] == self.points[-2]:
                self.points.pop()
            self._done = True
            self._hover = None
            self.measured.emit(self.value(), list(self.points))
            self._repaint()

    def draw(self, painter: QPainter) -> None:
        pts = self._sketch()
        if not pts:
            return
        q = QPolygonF([self._screen(x, y) for x, y in pts])
        painter.setPen(QPen(ACCENT, 2.0))
        if self.mode == "area" and len(pts) >= 3:
            fill = QColor(ACCENT)
            fill.setAlpha(45)
            painter.setBrush(fill)
            painter.drawPolygon(q)
        else:
            painter.drawPolyline(q)
        self._draw_vertices(painter, q)
        total = self.value(pts)
        text = format_length(total) if self.mode == "distance" else format_area(total)
        _tag(painter, q[q.size() - 1] + QPointF(10, -10), text)


def _tag(painter: QPainter, at: QPointF, text: str) -> None:
    """A small white box with dark text (measure totals)."""
    font = map_font(13, bold=True)
    painter.setFont(font)
    w = painter.fontMetrics().horizontalAdvance(text) + 12
    h = painter.fontMetrics().height() + 6
    r = QRectF(at.x(), at.y() - h, w, h)
    painter.setPen(QPen(QColor("#4a463f"), 1.0))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(r, 3, 3)
    painter.setPen(QColor("#1f1d1a"))
    painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
