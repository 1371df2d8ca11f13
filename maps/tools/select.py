"""Tools that find features: select (click or rectangle) and identify (everything under a click)."""

from __future__ import annotations

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QPainter, QPen

from maps.style.symbology import SELECTION
from maps.tools.base import DragBoxTool, MapTool, ToolEvent, world_box


class SelectTool(DragBoxTool):
    """Select features by click (topmost under the cursor) or by dragging a rectangle."""

    cursor = Qt.CursorShape.ArrowCursor
    selected = pyqtSignal(object)

    def __init__(self, layers: list[str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.layers = layers
        """Layers to select from (None: every visible layer except boundaries)."""

    def _layers(self) -> list[str]:
        if self.layers is not None:
            return list(self.layers)
        return [n for n in self.canvas.visible_layers() if n != "boundaries"]

    def release(self, ev: ToolEvent) -> None:
        start = self._take(ev)
        if start is None:
            return
        scene = self.canvas.scene
        if scene is None:
            return
        if abs(ev.sx - start.sx) + abs(ev.sy - start.sy) < 4:
            hits = self._hits(ev, self._layers())
            found = {hits[0].layer: {hits[0].index}} if hits else {}
        else:
            inside = scene.features_in(world_box(start, ev), self._layers())
            found = {k: set(v.tolist()) for k, v in inside.items()}
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
        r = self._box()
        if r is None:
            return
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
