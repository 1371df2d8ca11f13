"""Map tools: what a mouse gesture on the canvas means. No business logic here.

The window switches tools with ``canvas.set_tool(tool)``; each tool reports what the user
did through Qt signals carrying **world coordinates** (metres in the scene's GK zone) and
**feature ids** (row numbers of the project layer, see :mod:`maps.scene`).

=================  ============================================================
tool               signals
=================  ============================================================
PanTool            ``clicked(x, y)`` (drag pans; the canvas also emits features_clicked)
SelectTool         ``selected(dict)`` ``{layer: set(ids)}``; click or rectangle,
                   Shift adds, Ctrl toggles; also sets the canvas selection
IdentifyTool       ``identified(list[Hit], x, y)``
MeasureTool        ``measure_changed(total, last_segment)``, ``measured(total, points)``;
                   ``mode`` "distance" (metres) or "area" (square metres); click adds a
                   vertex, double-click / right-click / Enter finishes, Esc clears
PointPickTool      ``picked(x, y, lon, lat)``, ``feature_picked(Hit)`` when it snapped
                   to a feature of ``snap_layers`` within a few pixels
PolygonTool        ``polygon_drawn(list[(x, y)])``; click adds, double-click / Enter ends
PaintTool          ``painted(id)`` for each new feature of ``layer`` under the brush
                   while the button is down, ``stroke_finished(list[id])``
MovePointTool      ``moved(layer, id, x, y)`` after dragging a point of ``layer``
ZoomBoxTool        ``zoomed(x0, y0, x1, y1)``: drag a box to zoom into it (Shift: out)
=================  ============================================================

Tests drive tools with real mouse events on the canvas (``qtbot.mousePress`` etc.) or
by calling ``press/move/release`` with :class:`ToolEvent` values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PyQt6.QtCore import QObject, QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from maps.fonts import map_font
from maps.scene import Hit
from maps.symbology import SELECTION

TOLERANCE_PX = 6.0
ACCENT = QColor("#e8481c")


@dataclass(frozen=True)
class ToolEvent:
    """A mouse event in widget pixels (``sx, sy``) and world metres (``x, y``)."""

    sx: float
    sy: float
    x: float
    y: float
    button: Qt.MouseButton = Qt.MouseButton.LeftButton
    buttons: Qt.MouseButton = Qt.MouseButton.NoButton
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier


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


class MapTool(QObject):
    """Base class: override the handlers you need; ``draw`` paints an overlay in widget pixels."""

    cursor = Qt.CursorShape.CrossCursor
    pans = False
    """True: a left-button drag pans the map and a click still reaches the tool."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.canvas = None

    def activate(self, canvas) -> None:
        self.canvas = canvas

    def deactivate(self) -> None:
        self.reset()
        self.canvas = None

    def reset(self) -> None:
        """Forget any gesture in progress."""

    def press(self, ev: ToolEvent) -> None: ...

    def move(self, ev: ToolEvent) -> None: ...

    def release(self, ev: ToolEvent) -> None: ...

    def double_click(self, ev: ToolEvent) -> None: ...

    def key(self, ev) -> bool:
        """Handle a key press; return True when consumed."""
        return False

    def draw(self, painter: QPainter) -> None: ...

    # helpers
    def _repaint(self) -> None:
        if self.canvas is not None:
            self.canvas.update()

    def _screen(self, x: float, y: float) -> QPointF:
        sx, sy = self.canvas.viewport.world_to_screen(x, y)
        return QPointF(sx, sy)

    def _hits(self, ev: ToolEvent, layers=None, pixels: float = TOLERANCE_PX) -> list[Hit]:
        scene = self.canvas.scene if self.canvas is not None else None
        if scene is None:
            return []
        layers = layers if layers is not None else self.canvas.visible_layers()
        return scene.features_at(ev.x, ev.y, pixels * self.canvas.viewport.mpp, layers)


class PanTool(MapTool):
    """Drag to pan (done by the canvas); a click reports its world position."""

    cursor = Qt.CursorShape.OpenHandCursor
    pans = True
    clicked = pyqtSignal(float, float)

    def release(self, ev: ToolEvent) -> None:
        self.clicked.emit(ev.x, ev.y)


class SelectTool(MapTool):
    """Select features by click (topmost under the cursor) or by dragging a rectangle."""

    cursor = Qt.CursorShape.ArrowCursor
    selected = pyqtSignal(object)

    def __init__(self, layers: list[str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.layers = layers
        """Layers to select from (None: every visible layer except boundaries)."""
        self._start: ToolEvent | None = None
        self._end: ToolEvent | None = None

    def reset(self) -> None:
        self._start = self._end = None
        self._repaint()

    def _layers(self) -> list[str]:
        if self.layers is not None:
            return list(self.layers)
        return [n for n in self.canvas.visible_layers() if n != "boundaries"]

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
        scene = self.canvas.scene
        if scene is None:
            return
        if abs(ev.sx - start.sx) + abs(ev.sy - start.sy) < 4:
            hits = self._hits(ev, self._layers())
            found = {hits[0].layer: {hits[0].index}} if hits else {}
        else:
            rect = (min(start.x, ev.x), min(start.y, ev.y), max(start.x, ev.x), max(start.y, ev.y))
            found = {k: set(v.tolist()) for k, v in scene.features_in(rect, self._layers()).items()}
        current = self.canvas.selection
        if ev.modifiers & Qt.KeyboardModifier.ShiftModifier:
            for k, v in found.items():
                current.setdefault(k, set()).update(v)
            found = current
        elif ev.modifiers & Qt.KeyboardModifier.ControlModifier:
            for k, v in found.items():
                current[k] = current.get(k, set()) ^ v
            found = current
        self.canvas.set_selection(found)
        self.selected.emit(self.canvas.selection)

    def draw(self, painter: QPainter) -> None:
        if self._start is None or self._end is None:
            return
        r = QRectF(QPointF(self._start.sx, self._start.sy), QPointF(self._end.sx, self._end.sy)).normalized()
        c = QColor(SELECTION)
        painter.setPen(QPen(c, 1.2, Qt.PenStyle.DashLine))
        c.setAlpha(40)
        painter.setBrush(QBrush(c))
        painter.drawRect(r)


class IdentifyTool(MapTool):
    """Click: every feature under the cursor, topmost first."""

    cursor = Qt.CursorShape.WhatsThisCursor
    identified = pyqtSignal(object, float, float)

    def __init__(self, layers: list[str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.layers = layers

    def release(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.LeftButton:
            self.identified.emit(self._hits(ev, self.layers), ev.x, ev.y)


class MeasureTool(MapTool):
    """Measure a distance or an area in metres of the GK zone; shows the running total."""

    measure_changed = pyqtSignal(float, float)
    measured = pyqtSignal(float, object)

    def __init__(self, mode: str = "distance", parent: QObject | None = None):
        super().__init__(parent)
        if mode not in ("distance", "area"):
            raise ValueError("mode must be 'distance' or 'area'")
        self.mode = mode
        self.points: list[tuple[float, float]] = []
        self._hover: tuple[float, float] | None = None
        self._done = False

    def reset(self) -> None:
        self.points, self._hover, self._done = [], None, False
        self._repaint()

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

    def move(self, ev: ToolEvent) -> None:
        if self.points and not self._done:
            self._hover = (ev.x, ev.y)
            self._repaint()

    def double_click(self, ev: ToolEvent) -> None:
        self.finish()

    def finish(self) -> None:
        """End the measurement and emit ``measured`` (the canvas keeps showing it)."""
        if len(self.points) >= 2 and not self._done:
            if len(self.points) >= 3 and self.points[-1] == self.points[-2]:
                self.points.pop()
            self._done = True
            self._hover = None
            self.measured.emit(self.value(), list(self.points))
            self._repaint()

    def key(self, ev) -> bool:
        if ev.key() == Qt.Key.Key_Escape:
            self.reset()
            return True
        if ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if ev.key() == Qt.Key.Key_Backspace and self.points and not self._done:
            self.points.pop()
            self._repaint()
            return True
        return False

    def draw(self, painter: QPainter) -> None:
        pts = list(self.points) + ([self._hover] if self._hover else [])
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
        painter.setBrush(QColor("#ffffff"))
        for pt in q:
            painter.drawEllipse(pt, 3.0, 3.0)
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


class PolygonTool(MapTool):
    """Draw a polygon: click vertices, double-click or Enter to finish, Esc to cancel."""

    polygon_drawn = pyqtSignal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self._hover: tuple[float, float] | None = None

    def reset(self) -> None:
        self.points, self._hover = [], None
        self._repaint()

    def press(self, ev: ToolEvent) -> None:
        if ev.button == Qt.MouseButton.LeftButton:
            self.points.append((ev.x, ev.y))
            self._repaint()
        elif ev.button == Qt.MouseButton.RightButton:
            self.finish()

    def move(self, ev: ToolEvent) -> None:
        if self.points:
            self._hover = (ev.x, ev.y)
            self._repaint()

    def double_click(self, ev: ToolEvent) -> None:
        self.finish()

    def finish(self) -> None:
        pts = list(self.points)
        while len(pts) >= 2 and pts[-1] == pts[-2]:
            pts.pop()
        self.reset()
        if len(pts) >= 3:
            self.polygon_drawn.emit(pts)

    def key(self, ev) -> bool:
        if ev.key() == Qt.Key.Key_Escape:
            self.reset()
            return True
        if ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if ev.key() == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self._repaint()
            return True
        return False

    def draw(self, painter: QPainter) -> None:
        pts = list(self.points) + ([self._hover] if self._hover else [])
        if not pts:
            return
        q = QPolygonF([self._screen(x, y) for x, y in pts])
        fill = QColor(ACCENT)
        fill.setAlpha(40)
        painter.setPen(QPen(ACCENT, 2.0))
        painter.setBrush(fill)
        painter.drawPolygon(q) if len(pts) >= 3 else painter.drawPolyline(q)
        painter.setBrush(QColor("#ffffff"))
        for pt in q:
            painter.drawEllipse(pt, 3.0, 3.0)


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
