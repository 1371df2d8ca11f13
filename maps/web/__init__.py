"""The offline interactive web map (no Qt).

- :mod:`maps.web.export` -- ``export_web(project, out, personal=, title=, subtitle=)``: the
  self-contained HTML page (folium creates the map; our scripts start on it).
- :mod:`maps.web.features` -- ``page_data``: what the page draws, as JSON-ready data (layers,
  popups with names and codes, labels, legend, search index).
- :mod:`maps.web.palette` -- the web design: symbols, line styles, deviation classes, zoom levels.
- ``resources/web/gisdesk-*.js`` -- the page's scripts: layers and labels, search, measure.
- ``resources/web/vendor/leaflet/`` -- Leaflet itself (third-party, BSD-2-Clause, as released),
  inlined in every page.
"""

from maps.web.export import export_web

__all__ = ["export_web"]
