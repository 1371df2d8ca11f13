"""What every map tool shares: the :class:`ToolEvent` a tool receives and the :class:`MapTool` base.

A tool turns mouse gestures on :class:`maps.canvas.MapCanvas` into signals (see
:mod:`maps.tools` for the list of tools). The canvas converts Qt mouse events into
:class:`ToolEvent` values (widget pixels and world metres) and calls ``press``, ``move``,
``release``, ``double_click`` and ``key``; after painting its map image it calls ``draw``
so the tool can paint its overlay (rubber band, vertices, marker) in widget pixels.

Two gestures are shared by several tools and written once here: :class:`DragBoxTool`
(drag a rectangle: select, zoom box) and :class:`VertexTool` (click vertices with a rubber
line to the cursor: measure, polygon).
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QObject, QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QPainter, QPolygonF

from maps.render.scene import Hit

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


def world_box(a: ToolEvent, b: ToolEvent) -> tuple[float, float, float, float]:
    """The world rectangle ``(x0, y0, x1, y1)`` spanned by two events."""
    return (min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y))


class DragBoxTool(MapTool):
    """Base of tools that drag a rectangle with the left button (select, zoom box).

    Keeps the first and the latest event of the drag; subclasses call :meth:`_take` on
    release and paint :meth:`_box` in ``draw``.
    """

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

    def _take(self, ev: ToolEvent) -> ToolEvent | None:
        """End the drag on a left-button release: its first event (None: no drag of ours)."""
        if self._start is None or ev.button != Qt.MouseButton.LeftButton:
            return None
        start = self._start
        self.reset()
        return start

    def _box(self) -> QRectF | None:
        """The rectangle dragged so far in widget pixels (None: no drag)."""
        if self._start is None or self._end is None:
            return None
        return QRectF(QPointF(self._start.sx, self._start.sy), QPointF(self._end.sx, self._end.sy)).normalized()


class VertexTool(MapTool):
    """Base of tools that click vertices (measure, polygon): a rubber line to the cursor,
    double-click or Enter finishes, Backspace drops the last vertex, Esc starts over."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self._hover: tuple[float, float] | None = None

    def reset(self) -> None:
        self.points, self._hover = [], None
        self._repaint()

    def _open(self) -> bool:
        """True while vertices may still be added or removed."""
        return True

    def finish(self) -> None:
        """End the sketch (double-click, Enter)."""

    def move(self, ev: ToolEvent) -> None:
        if self.points and self._open():
            self._hover = (ev.x, ev.y)
            self._repaint()

    def double_click(self, ev: ToolEvent) -> None:
        self.finish()

    def key(self, ev) -> bool:
        if ev.key() == Qt.Key.Key_Escape:
            self.reset()
            return True
        if ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if ev.key() == Qt.Key.Key_Backspace and self.points and self._open():
            self.points.pop()
            self._repaint()
            return True
        return False

    def _sketch(self) -> list[tuple[float, float]]:
        """The vertices plus the cursor position: what ``draw`` shows."""
        return list(self.points) + ([self._hover] if self._hover else [])

    def _draw_vertices(self, painter: QPainter, q: QPolygonF) -> None:
        painter.setBrush(QColor("#ffffff"))
        for pt in q:
            painter.drawEllipse(pt, 3.0, 3.0)
