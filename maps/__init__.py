"""Map drawing: one QPainter renderer for the screen canvas and for print alike.

Where things live (each module has its API in its docstring):

- :mod:`maps.viewport` -- ``Viewport``: centre, metres/pixel, size, world<->screen, scale (no Qt).
- :mod:`maps.style` -- how the map looks: ``symbology`` (layer styles, the cartographic design,
  grid deviation colours), ``legend_rows`` (legend rows and swatches from those tables, for the
  window's legend panel and the printed legend) and ``fonts`` (the bundled CJK map font).
- :mod:`maps.render` -- the one renderer: ``MapScene`` (layers projected once, hit-testing),
  ``render`` / ``render_image``, the per-layer painters, labels, markers, basemap tiles.
- :mod:`maps.canvas` -- ``MapCanvas``, the interactive widget (background renders, navigation,
  mouse and keys, the scale bar).
- :mod:`maps.tools` -- every map tool by name (pan, zoom box, select, identify, measure, edit).
- :mod:`maps.print` -- the beat-map atlas: ``write_atlas``, page planning, paper furniture.
- :mod:`maps.web` -- ``export_web``: the offline interactive web map (folium, no Qt).

World coordinates are metres in the project's CGCS2000 Gauss-Krüger zone
(``project.metric_epsg()``); feature ids are row numbers of the project's layer frames.
"""
