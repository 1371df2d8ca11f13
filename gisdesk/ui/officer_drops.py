"""Dropping people from the officers panel onto a grid: on the map or on the grids table.

The panel's drag carries the people's codes, one a line, as :data:`OFFICERS_MIME`.
:class:`GridDropTarget` watches the map canvas and the attribute table's rows (an event
filter, so neither widget needs to know about officers): over a grid the drop is accepted,
and on release it calls ``assign(codes, grid)``, which pushes one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QEvent, QMimeData, QObject, Qt

OFFICERS_MIME = "application/x-gisdesk-officers"
DROP_TOLERANCE_PX = 2.0


def officer_codes(mime: QMimeData | None) -> list[str]:
    """The people's codes a drag carries; [] for any other drag."""
    if mime is None or not mime.hasFormat(OFFICERS_MIME):
        return []
    text = bytes(mime.data(OFFICERS_MIME)).decode("utf-8")
    return [c for c in text.splitlines() if c]


class GridDropTarget(QObject):
    """Accepts people dropped on a grid of the map or the attribute table (grids layer)."""

    def __init__(self, window, assign: Callable[[list[str], str], bool], parent: QObject | None = None):
        super().__init__(parent)
        self.window, self.assign = window, assign
        canvas = window.canvas
        canvas.setAcceptDrops(True)
        canvas.installEventFilter(self)
        view = window.table.view
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def grid_at(self, widget, pos) -> str | None:
        """The code of the grid under ``pos`` (widget pixels) of the canvas or the table."""
        w = self.window
        codes = w.project["grids"]["code"]
        if widget is w.canvas:
            scene = w.canvas.scene
            if scene is None or "grids" not in scene:
                return None
            x, y = w.canvas.viewport.screen_to_world(pos.x(), pos.y())
            hits = scene.features_at(x, y, w.canvas.tolerance(DROP_TOLERANCE_PX), ["grids"])
            return str(codes.iat[hits[0].index]) if hits and hits[0].index < len(codes) else None
        table = w.table
        if table.layer != "grids":
            return None
        index = table.view.indexAt(pos.toPoint())
        if not index.isValid():
            return None
        row = table.proxy.mapToSource(index).row()
        return str(codes.iat[row]) if 0 <= row < len(codes) else None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        codes = officer_codes(event.mimeData())
        if not codes:
            return False
        grid = self.grid_at(obj, event.position())
        if kind == QEvent.Type.DragEnter:
            event.acceptProposedAction()  # enter anywhere; each move says whether a grid is under it
            return True
        if grid is None:
            event.ignore()
            return True
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            self.assign(codes, grid)
        return True
