"""The offline interactive web map (:mod:`maps.web.export`, folium, no Qt)."""

from maps.web.export import export_web

__all__ = ["export_web"]
