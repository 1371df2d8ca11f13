"""Mouse and keyboard for :class:`maps.canvas.MapCanvas`: panning, wheel zoom, keys, tools.

Mouse: wheel zooms about the cursor, left-drag pans (pan tool, or a tool whose ``pans`` is
True), middle-drag always pans; any other gesture goes to the active tool as a
:class:`~maps.tools.base.ToolEvent`. Keys: the tool first, then arrows pan, +/= and -
zoom, Home shows the full extent.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt

from maps.render.scene import Hit
from maps.tools.base import ToolEvent

DRAG_THRESHOLD_PX = 4.0


class CanvasInput:
    """The input part of :class:`maps.canvas.MapCanvas` (a mixin of the widget).

    Keeps the drag state (``_drag_origin``, ``_drag_vp``, ``_dragging``, ``_pan_button``)
    and hands gestures to ``_tool``.
    """

    def _event(self, ev) -> ToolEvent:
        pos = ev.position()
        x, y = self._vp.screen_to_world(pos.x(), pos.y())
        return ToolEvent(pos.x(), pos.y(), x, y, ev.button(), ev.buttons(), ev.modifiers())

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.setFocus()
        te = self._event(ev)
        pan = ev.button() == Qt.MouseButton.MiddleButton or (
            ev.button() == Qt.MouseButton.LeftButton and (self._tool is None or self._tool.pans)
        )
        if pan:
            self._drag_origin, self._drag_vp, self._dragging = ev.position(), self._vp, False
            self._pan_button = ev.button()
            if self._tool is None or ev.button() == Qt.MouseButton.MiddleButton:
                return
        if self._tool is not None:
            self._tool.press(te)

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        te = self._event(ev)
        if self._scene is not None:
            lon, lat = self._scene.to_lonlat(te.x, te.y)
            self.cursor_moved.emit(te.x, te.y, float(lon), float(lat))
        if self._drag_origin is not None:
            d = ev.position() - self._drag_origin
            if self._dragging or abs(d.x()) + abs(d.y()) >= DRAG_THRESHOLD_PX:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.set_viewport(self._drag_vp.panned(d.x(), d.y()))
                return
        if self._tool is not None:
            self._tool.move(te)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        te = self._event(ev)
        if self._drag_origin is not None and ev.button() == self._pan_button:
            dragged = self._dragging
            self._drag_origin, self._drag_vp, self._dragging = None, None, False
            self.setCursor(self._tool.cursor if self._tool else Qt.CursorShape.OpenHandCursor)
            if dragged:
                return
            if ev.button() == Qt.MouseButton.LeftButton:
                self._click(te)
            if self._tool is None or ev.button() == Qt.MouseButton.MiddleButton:
                return
        if self._tool is not None:
            self._tool.release(te)

    def _click(self, te: ToolEvent) -> None:
        if self._scene is None:
            return
        hits: list[Hit] = self._scene.features_at(te.x, te.y, self.tolerance(), self._visible_layers())
        self.features_clicked.emit(hits)

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802
        if self._tool is not None:
            self._tool.double_click(self._event(ev))

    def wheelEvent(self, ev) -> None:  # noqa: N802
        steps = ev.angleDelta().y() / 120.0
        if steps == 0:
            return
        pos = ev.position()
        self.zoom_by(1.25 ** steps, (pos.x(), pos.y()))

    def keyPressEvent(self, ev) -> None:  # noqa: N802
        if self._tool is not None and self._tool.key(ev):
            return
        key = ev.key()
        step_x, step_y = self.width() / 4.0, self.height() / 4.0
        moves = {
            Qt.Key.Key_Left: (step_x, 0), Qt.Key.Key_Right: (-step_x, 0),
            Qt.Key.Key_Up: (0, step_y), Qt.Key.Key_Down: (0, -step_y),
        }
        if key in moves:
            self.pan_pixels(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.zoom_full()
        else:
            super().keyPressEvent(ev)
