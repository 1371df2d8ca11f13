"""Map drawing: one QPainter renderer for the screen canvas and for print alike.

Modules (each has its API in its docstring):

- :mod:`maps.viewport` -- ``Viewport``: centre, metres/pixel, size, world<->screen, scale.
- :mod:`maps.scene` -- ``MapScene.from_project(project)``: layers projected once to the GK
  zone, STRtree per layer, hit-testing (``features_at``, ``features_in``), ``update_layer``.
- :mod:`maps.symbology` -- ``LayerStyle``, ``default_styles()``, the cartographic design,
  ``grid_deviation``; :mod:`maps.legend` -- ``legend_entries`` and ``draw_swatch``, read
  from the same tables (legend dock and print legends).
- :mod:`maps.render` -- ``render(painter, scene, viewport, styles, ...)`` and ``render_image``.
- :mod:`maps.frame`, :mod:`maps.painters`, :mod:`maps.point_painters` -- per-layer drawing
  (level of detail, batching) used by ``render``; :mod:`maps.markers`, :mod:`maps.qtarrays`
  -- fast markers and numpy -> Qt geometry.
- :mod:`maps.labels` -- label placement with collision avoidance and halos.
- :mod:`maps.overlays` -- the canvas scale bar.
- :mod:`maps.canvas` -- ``MapCanvas(QWidget)`` and its signals, built from
  :mod:`maps.canvas_render` (background rendering), :mod:`maps.canvas_navigation`
  (viewport, zoom, pan) and :mod:`maps.canvas_input` (mouse and keys).
- :mod:`maps.tools` -- every map tool by name, gathered from :mod:`maps.tool_base`
  (``MapTool``, the drag-box and vertex bases), :mod:`maps.tool_navigation` (pan, zoom box),
  :mod:`maps.tool_select` (select, identify), :mod:`maps.tool_measure` and
  :mod:`maps.tool_edit` (pick, polygon, paint, move).
- :mod:`maps.basemap` -- optional XYZ / MBTiles basemap (none by default).
- :mod:`maps.fonts` -- the bundled CJK font (Noto Sans SC renamed Gisdesk Sans SC, OFL), registered once.

World coordinates are metres in the project's CGCS2000 Gauss-Krüger zone
(``project.metric_epsg()``); feature ids are row numbers of the project's layer frames.
"""
