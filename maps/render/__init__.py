"""The one map renderer, shared by the canvas, print and screenshots.

- :mod:`maps.render.scene` -- ``MapScene``: a project's layers projected once, indexed, hit-tested.
- :mod:`maps.render.renderer` -- ``render(painter, scene, viewport, styles, ...)``, ``render_image``.
- :mod:`maps.render.frame` -- what one render pass shares (``Frame``) and culling helpers.
- :mod:`maps.render.painters`, :mod:`maps.render.point_painters` -- per-layer drawing.
- :mod:`maps.render.labels` -- label placement with collision avoidance and halos.
- :mod:`maps.render.markers` -- fast point markers; :mod:`maps.render.qtarrays` -- numpy -> Qt geometry.
- :mod:`maps.render.basemap` -- optional XYZ / MBTiles basemap tiles under the map.
"""

from maps.render.renderer import RenderStats, render, render_image
from maps.render.scene import Hit, MapScene

__all__ = ["Hit", "MapScene", "RenderStats", "render", "render_image"]
