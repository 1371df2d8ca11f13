"""The interactive map widget.

- :mod:`maps.canvas.widget` -- ``MapCanvas(QWidget)``: scene, styles, selection, tool, painting.
- :mod:`maps.canvas.rendering` -- the background render job and its scheduling.
- :mod:`maps.canvas.navigation` -- viewport, scale and zoom.
- :mod:`maps.canvas.input` -- mouse and keys.
- :mod:`maps.canvas.scale_bar` -- the scale bar drawn over the canvas image.
"""

from maps.canvas.widget import MapCanvas

__all__ = ["MapCanvas"]
