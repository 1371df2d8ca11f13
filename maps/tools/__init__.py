"""Map tools: what a mouse gesture on the canvas means. No business logic here.

The window switches tools with ``canvas.set_tool(tool)``; each tool reports what the user
did through Qt signals carrying **world coordinates** (metres in the scene's GK zone) and
**feature ids** (row numbers of the project layer, see :mod:`maps.render.scene`).

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
DragLinkTool       ``linked(from_layer, from_id, to_layer, to_id)``: drag a feature onto
                   another (a village onto an office)
ZoomBoxTool        ``zoomed(x0, y0, x1, y1)``: drag a box to zoom into it (Shift: out)
=================  ============================================================

Tests drive tools with real mouse events on the canvas (``qtbot.mousePress`` etc.) or
by calling ``press/move/release`` with :class:`ToolEvent` values.

The tools live in small modules; this module gathers them so callers need one import:

- :mod:`maps.tools.base` -- ``ToolEvent``, ``MapTool`` (the base class), ``TOLERANCE_PX``, ``ACCENT``,
  and the shared bases ``DragBoxTool`` (rubber band) and ``VertexTool`` (click vertices)
- :mod:`maps.tools.navigation` -- ``PanTool``, ``ZoomBoxTool``
- :mod:`maps.tools.select` -- ``SelectTool``, ``IdentifyTool``
- :mod:`maps.tools.measure` -- ``MeasureTool``, ``polyline_length``, ``polygon_area``,
  ``format_length``, ``format_area``
- :mod:`maps.tools.edit` -- ``PointPickTool``, ``PolygonTool``, ``PaintTool``, ``MovePointTool``
- :mod:`maps.tools.link` -- ``DragLinkTool``
"""

from __future__ import annotations

from maps.tools.base import ACCENT, TOLERANCE_PX, MapTool, ToolEvent
from maps.tools.edit import MovePointTool, PaintTool, PointPickTool, PolygonTool
from maps.tools.link import DragLinkTool
from maps.tools.measure import (
    MeasureTool,
    format_area,
    format_length,
    polygon_area,
    polyline_length,
)
from maps.tools.navigation import PanTool, ZoomBoxTool
from maps.tools.select import IdentifyTool, SelectTool

__all__ = [
    "ACCENT",
    "TOLERANCE_PX",
    "DragLinkTool",
    "IdentifyTool",
    "MapTool",
    "MeasureTool",
    "MovePointTool",
    "PaintTool",
    "PanTool",
    "PointPickTool",
    "PolygonTool",
    "SelectTool",
    "ToolEvent",
    "ZoomBoxTool",
    "format_area",
    "format_length",
    "polygon_area",
    "polyline_length",
]
