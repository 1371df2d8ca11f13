"""What every map tool shares: the :class:`ToolEvent` a tool receives and the :class:`MapTool` base.

A tool turns mouse gestures on :class:`maps.canvas.MapCanvas` into signals (see
:mod:`maps.tools` for the list of tools). The canvas converts Qt mouse events into
:class:`ToolEvent` values (widget pixels and world metres) and calls ``press``, ``move``,
``release``, ``double_click`` and ``key``; after painting its map image it calls ``draw``
so the tool can paint its overlay (rubber band, vertices, marker) in widget pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QObject, QPointF, Qt
from PyQt6.QtGui import QColor, QPainter

from maps.scene import Hit

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
