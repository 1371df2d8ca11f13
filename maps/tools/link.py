"""Drag from one feature onto another: "this village to that office", "this office to that
key site". The tool reports the two features; the window decides what the link means."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PyQt6.QtCore import QObject, Qt, pyqtSignal

from maps.tools.base import ToolEvent
from maps.tools.edit import MovePointTool


class DragLinkTool(MovePointTool):
    """Press on a feature of a ``targets`` key layer, release on a feature of one of its
    target layers: ``linked(from_layer, from_id, to_layer, to_id)``. A release elsewhere
    links nothing. The drag is drawn as :class:`MovePointTool` draws it. E.g.
    ``DragLinkTool({"villages": ["plan_offices"], "plan_offices": ["key_sites"]})``."""

    linked = pyqtSignal(str, int, str, int)

    def __init__(self, targets: Mapping[str, Sequence[str]], parent: QObject | None = None):
        super().__init__("", parent)
        self.targets = {k: list(v) for k, v in targets.items()}

    def press(self, ev: ToolEvent) -> None:
        if ev.button != Qt.MouseButton.LeftButton:
            return
        hits = self._hits(ev, list(self.targets))
        if not hits:
            return
        # the nearest point wins, and a point wins over a polygon under it (an office in its village)
        points = [h for h in hits if self.canvas.scene[h.layer].kind == "point"]
        hit = min(points, key=lambda h: h.distance) if points else hits[0]
        self._grab = hit
        ax, ay = self.canvas.scene[hit.layer].anchors[hit.index]
        self._origin, self._to = (float(ax), float(ay)), (ev.x, ev.y)

    def release(self, ev: ToolEvent) -> None:
        if self._grab is None or ev.button != Qt.MouseButton.LeftButton:
            return
        grab = self._grab
        self.reset()
        hits = self._hits(ev, self.targets[grab.layer])
        if hits:
            self.linked.emit(grab.layer, int(grab.index), hits[0].layer, int(hits[0].index))
