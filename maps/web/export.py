"""The offline interactive web map: one self-contained HTML file for leadership.

folium writes the page and creates the Leaflet map; the project's data
(:func:`maps.web.features.page_data`) goes into the page as JSON, and the scripts that draw
it (``resources/web/gisdesk-*.js``: layers, labels, legend, search, measure) are attached to
the map as a child, so they run after ``L.map(...)`` exists. Every asset (Leaflet, our
scripts and styles, their images) is inlined, so the page works on the police intranet with
no request to the internet. Text from the data is inserted by the page as text, never as
HTML, and the JSON is escaped so nothing in it can end its script block.
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from layers.project import Project
from maps.web.features import page_data

WEB = Path(__file__).resolve().parents[2] / "resources" / "web"
SCRIPTS = ("gisdesk-map.js", "gisdesk-search.js", "gisdesk-measure.js")


def export_web(project: Project, out: Path, *, personal: bool = True, title: str = "警务区划图",
               subtitle: str = "") -> dict:
    """Write the web map atomically; return the number of features of each layer.

    ``personal=False`` leaves officers' names and phone numbers out of the page entirely.
    """
    data = page_data(project, personal=personal)
    (s, w), (n, e) = data["bounds"]
    fmap = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=10, tiles=None, prefer_canvas=True,
                      control_scale=False, zoom_snap=0.25, zoom_delta=0.5, max_zoom=18)
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    root.header.add_child(Element(f"<title>{_html(title)}</title>\n{_assets()}"), name="gisdesk_assets")
    root.html.add_child(Element(f'<script type="application/json" id="gd-data">{script_json(data)}</script>'),
                        name="gisdesk_data")
    options = {"title": title, "subtitle": subtitle}
    fmap.add_child(_Start(options), name="gisdesk_start")
    page = _offline(root.render())
    out = Path(out)
    tmp = out.with_name(f".{out.name}.saving-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return {layer["id"]: len(layer["features"]) for layer in data["layers"]}


class _Start(MacroElement):
    """Starts the page's scripts on the map, after folium has created it."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "GisdeskMap.start({{ this._parent.get_name() }}, "
        "JSON.parse(document.getElementById('gd-data').textContent), {{ this.options_json }});"
        "{% endmacro %}"
    )

    def __init__(self, options: dict) -> None:
        super().__init__()
        self._name = "GisdeskStart"
        self.options_json = script_json(options)


def script_json(value) -> str:
    """JSON safe inside a ``<script>`` block: ``<``, ``>`` and ``&`` as ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------ assets
def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def _css(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(
        r"url\((images/[^)]+)\)",
        lambda m: f"url({_data_uri(path.parent / m.group(1))})" if (path.parent / m.group(1)).exists() else "none",
        text,
    )


def _assets() -> str:
    parts = [
        "<style>" + _css(WEB / "vendor" / "leaflet" / "leaflet.css") + "</style>",
        "<style>" + (WEB / "gisdesk-web.css").read_text(encoding="utf-8") + "</style>",
        "<script>" + (WEB / "vendor" / "leaflet" / "leaflet.js").read_text(encoding="utf-8") + "</script>",
    ]
    parts += ["<script>" + (WEB / name).read_text(encoding="utf-8") + "</script>" for name in SCRIPTS]
    return "\n".join(parts)


def _offline(page: str) -> str:
    """Drop any reference folium may still make to a CDN (the assets are inlined)."""
    page = re.sub(r"<script src=\"https?://[^\"]+\"></script>", "", page)
    return re.sub(r"<link rel=\"stylesheet\" href=\"https?://[^\"]+\"/?>", "", page)
