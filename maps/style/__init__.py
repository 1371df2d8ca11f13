"""How the map looks, on screen and on paper alike.

- :mod:`maps.style.symbology` -- ``LayerStyle``, ``default_styles()``, the fixed design of every
  layer (colours, symbols, road and boundary styles), ``DEVIATION`` and ``grid_deviation``.
- :mod:`maps.style.legend_rows` -- ``legend_entries`` and ``draw_swatch``: the legend rows read
  from the symbology tables (the window's legend panel and the atlas legend draw them).
- :mod:`maps.style.fonts` -- ``ensure_fonts``, ``map_font``: the bundled CJK map font.
"""
