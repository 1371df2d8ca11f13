"""Printed beat maps: the atlas of grid, office and station pages.

- :mod:`maps.print.atlas` -- ``write_atlas`` (PDF or PNG pages), ``draw_page``, the page legend.
- :mod:`maps.print.pages` -- ``PagePlanner``: what goes on each page (Qt-free).
- :mod:`maps.print.furniture` -- paper furniture: scale bar, north arrow, officer card, tables.
"""

from maps.print.atlas import AtlasResult, write_atlas

__all__ = ["AtlasResult", "write_atlas"]
