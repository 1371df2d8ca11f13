"""Digitising and editing tools: pick a point, draw a polygon, paint units into a grid,
drag a point feature. They only report geometry and ids; the window makes the edits."""

from __future__ import annotations

import math

from PyQt6.QtCore import QObject, QPointF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QPainter, QPen, QPolygonF

from maps.render.scene import Hit
from maps.tools.base import ACCENT, MapTool, ToolEvent, VertexTool


class PointPickTool(MapTool):
    """Pick a location (e.g. a candidate post); snaps to features of ``snap_layers``."""

    pans = True
    picked = pyqtSignal(float, float, float, float)
    feature_picked = pyqtSignal(object)

    def __init__(self, snap_layers: list[str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.snap_layers = snap_layers if snap_layers is not None else ["key_sites"]
        self.last: tuple[float, float] | None = None

    def reset(self) -> None:
        self.last = None
        self._repaint()

    def release(self, ev: ToolEvent) -> None:
        if ev.button != Qt.MouseButton.LeftButton:
            return
        x, y = ev.x, ev.y
        hits = self._hits(ev, self.snap_layers) if self.snap_layers else []
        if hits:
            ax, ay = self.canvas.scene[hits[0].layer].anchors[hits[0].index]
            x, y = float(ax), float(ay)
        self.last = (x, y)
        lon, lat = self.canvas.scene.to_lonlat(x, y) if self.canvas.scene is not None else (math.nan, math.nan)
        self.picked.emit(x, y, float(lon), float(lat))
        if hits:
            self.feature_picked.emit(hits[0])
        self._repaint()

    def draw(self, painter: QPainter) -> None:
        if self.last is None:
            return
        p = self._screen(*self.last)
        painter.setPen(QPen(ACCENT, 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(p, 9.0, 9.0)
        painter.drawLine(p + QPointF(-14, 0), p + QPointF(14, 0))
        painter.drawLine(p + QPointF(0, -14), p + QPointF(0, 14))


class PolygonTool(VertexTool):
    """Draw a polygon: click vertices, double-click or Enter to finish, Esc to cancel."""

    polygon_drawn = pyqtSignal(object)

    def press(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.LeftButton:
            self.points.append((ev.x, ev.y))
            self._repaint()
        elif ev.button == Qt.MouseButton.RightButton:
            self.finish()

    def finish(self) -> None:
        pts = list(self.points)
        while len(pts) >= 2 and pts[-1] == pts[-2]:
            pts.pop()
        self.reset()
        if len(pts) >= 3:
            self.polygon_drawn.emit(pts)

    def draw(self, painter: QPainter) -> None:
        pts = self._sketch()
        if not pts:
            return
        q = QPolygonF([self._screen(x, y) for x, y in pts])
        fill = QColor(ACCENT)
        fill.setAlpha(40)
        painter.setPen(QPen(ACCENT, 2.0))
        painter.setBrush(fill)
        painter.drawPolygon(q) if len(pts) >= 3 else painter.drawPolyline(q)
        self._draw_vertices(painter, q)


class PaintTool(MapTool):
    """Brush over features of ``layer`` (default units) to move them into the active grid."""

    painted = pyqtSignal(int)
    stroke_finished = pyqtSignal(object)

    def __init__(self, layer: str = "units", parent: QObject | None = None):
        super().__init__(parent)
        self.layer = layer
        self.stroke: list[int] = []
        self._down = False
        self._at: QPointF | None = None

    def reset(self) -> None:
        self.stroke, self._down = [], False
        self._repaint()

    def _paint(self, ev: ToolEvent) -> None:
        for hit in self._hits(ev, [self.layer], pixels=0.5):
            if hit.index not in self.stroke:
                self.stroke.append(hit.index)
                self.painted.emit(hit.index)
            break

    def press(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.LeftButton:
            self.stroke, self._down = [], True
            self._paint(ev)

    def move(self, ev: ToolEvent) -> None:
        self._at = QPointF(ev.sx, ev.sy)
        if self._down:
            self._paint(ev)
        self._repaint()

    def release(self, ev: ToolEvent) -> None:
        if self._down and ev.button == Qt.MouseButton.LeftButton:
            stroke = list(self.stroke)
            self.reset()
            if stroke:
                self.stroke_finished.emit(stroke)

    def draw(self, painter: QPainter) -> None:
        if self._at is not None:
            painter.setPen(QPen(ACCENT, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self._at, 6.0, 6.0)


class MovePointTool(MapTool):
    """Drag a point feature of ``layer`` (default posts) to a new place."""

    moved = pyqtSignal(str, int, float, float)

    def __init__(self, layer: str = "posts", parent: QObject | None = None):
        super().__init__(parent)
        self.layer = layer
        self._grab: Hit | None = None
        self._origin: tuple[float, float] | None = None
        self._to: tuple[float, float] | None = None

    def reset(self) -> None:
        self._grab = self._origin = self._to = None
        self._repaint()

    def press(self, ev: ToolEvent) -> None:
        if ev.button != Qt.MouseButton.LeftButton:
            return
        hits = self._hits(ev, [self.layer])
        if hits:
            self._grab = hits[0]
            ax, ay = self.canvas.scene[self.layer].anchors[hits[0].index]
            self._origin = (float(ax), float(ay))
            self._to = (ev.x, ev.y)

    def move(self, ev: ToolEvent) -> None:
        if self._grab is not None:
            self._to = (ev.x, ev.y)
            self._repaint()

    def release(self, ev: ToolEvent) -> None:
        if self._grab is None or ev.button != Qt.MouseButton.LeftButton:
            return
        grab, origin = self._grab, self._origin
        self.reset()
        if origin is not None and math.hypot(ev.x - origin[0], ev.y - origin[1]) > 0:
            self.moved.emit(self.layer, grab.index, ev.x, ev.y)

    def draw(self, painter: QPainter) -> None:
        if self._origin is None or self._to is None:
            return
        a, b = self._screen(*self._origin), self._screen(*self._to)
        painter.setPen(QPen(ACCENT, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(a, b)
        painter.setPen(QPen(ACCENT, 2.0))
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawEllipse(b, 7.0, 7.0)
