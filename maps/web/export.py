"""The offline interactive web map: one self-contained HTML file for leadership.

Built with folium, but every asset (Leaflet, the measure control and their images) is
inlined from ``resources/web/`` so the page works on the police intranet with no request
to the internet. All text that comes from the data is HTML-escaped before it reaches the
page: folium's popups insert values with ``innerHTML``, and a name such as
``</script>`` inside the embedded GeoJSON would otherwise end the script block.
"""

from __future__ import annotations

import base64
import html
import json
import math
import os
import re
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.project import Project

WEB = Path(__file__).resolve().parents[2] / "resources" / "web"
PERSONAL = ("officer_name", "officer_phone")

TIER_STYLE = {
    "station": ("#b3172b", 9, "派出所"),
    "office": ("#1f4e9c", 7, "警务室"),
    "workstation": ("#2a8c5a", 4, "警务工作站"),
}
ROAD_STYLE = {
    "expressway": ("#d9822b", 4),
    "national": ("#e3a33c", 3),
    "provincial": ("#e8c35a", 2.5),
    "county": ("#9a8f7d", 2),
    "township": ("#b3ab9c", 1.5),
}
BOUNDARY_STYLE = {
    "county": ("#333333", 3, None),
    "station": ("#7a1f3d", 2.5, "8 4"),
    "township": ("#777777", 1, "3 3"),
    "community": ("#999999", 0.8, "2 2"),
}
LEVEL_TITLES = {"county": "县界", "station": "派出所辖区", "township": "乡镇界", "community": "社区界"}


def deviation_colour(dev: float) -> str:
    """Diverging palette: blue under the staffing target, white on it, red over it."""
    if dev is None or not math.isfinite(dev):
        return "#cccccc"
    t = max(-1.0, min(1.0, dev / 0.3))
    if t < 0:
        a, b = np.array([255, 255, 255]), np.array([44, 123, 182])
    else:
        a, b = np.array([255, 255, 255]), np.array([215, 48, 39])
    c = (a + (b - a) * abs(t)).round().astype(int)
    return "#{:02x}{:02x}{:02x}".format(*c)


def grid_deviation(grids: pd.DataFrame, urban_people: int = 3000, rural_people: int = 5000) -> np.ndarray:
    """Population against what the grid's officers may serve: 0 on target, +0.2 = 20% over."""
    if len(grids) == 0:
        return np.zeros(0)
    per = np.where(grids["area_type"].to_numpy() == "urban", urban_people, rural_people)
    officers = np.maximum(grids["officers_required"].to_numpy(), 1)
    return grids["population"].to_numpy() / (per * officers) - 1.0


def export_web(project: Project, out: Path, *, personal: bool = True, title: str = "警务区划图") -> dict:
    """Write the web map atomically; return counts of what it holds."""
    bounds = _bounds(project)
    centre = [(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2]
    fmap = folium.Map(location=centre, zoom_start=11, tiles=None, prefer_canvas=True, control_scale=True)
    fmap.default_js = []
    fmap.default_css = []
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    counts: dict[str, int] = {}
    _add_boundaries(fmap, project, counts)
    _add_grids(fmap, project, counts, personal)
    _add_roads(fmap, project, counts)
    _add_villages(fmap, project, counts)
    _add_points(fmap, project, counts, personal)
    folium.LayerControl(collapsed=False).add_to(fmap)
    _add_measure(fmap)
    _add_search(fmap, project)
    _add_title(fmap, title)
    page = _inline_assets(fmap.get_root().render())
    tmp = out.with_name(f".{out.name}.saving-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


# ------------------------------------------------------------------ layers
def _bounds(project: Project) -> tuple[float, float, float, float]:
    frames = [project[n] for n in ("boundaries", "villages", "grids", "posts") if len(project[n])]
    if not frames:
        return (115.5, 34.3, 115.8, 34.5)
    b = np.array([f.total_bounds for f in frames])
    return (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())


def _escaped(frame: pd.DataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """The columns with every text value HTML-escaped, geometry rounded to ~1 m."""
    out = frame[columns + ["geometry"]].copy()
    for c in columns:
        if out[c].dtype == object:
            out[c] = out[c].map(lambda v: html.escape(str(v)) if v is not None else "")
        elif out[c].dtype.kind == "f":
            out[c] = out[c].round(2)
    out["geometry"] = shapely.set_precision(out.geometry.values, 1e-5)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)


def _popup(fields: list[str], aliases: list[str]) -> folium.GeoJsonPopup:
    return folium.GeoJsonPopup(fields=fields, aliases=aliases, localize=False, labels=True)


def _add_boundaries(fmap, project: Project, counts: dict) -> None:
    b = project["boundaries"]
    for level in ("township", "community", "station", "county"):
        sel = b[b["level"] == level]
        if not len(sel):
            continue
        colour, weight, dash = BOUNDARY_STYLE[level]
        group = folium.FeatureGroup(name=LEVEL_TITLES[level], show=level in ("station", "county"))
        folium.GeoJson(
            _escaped(sel, ["code", "name"]).to_json(),
            style_function=lambda _f, c=colour, w=weight, d=dash: {"color": c, "weight": w, "dashArray": d, "fill": False},
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["名称"], localize=False),
        ).add_to(group)
        group.add_to(fmap)
        counts[f"boundaries_{level}"] = len(sel)


def _add_grids(fmap, project: Project, counts: dict, personal: bool) -> None:
    g = project["grids"]
    if not len(g):
        return
    g = g.copy()
    g["deviation"] = grid_deviation(g)
    g["deviation_pct"] = (g["deviation"] * 100).round(1)
    g["fill"] = [deviation_colour(d) for d in g["deviation"]]
    fields = ["code", "name", "population", "households", "officers_required", "deviation_pct"]
    aliases = ["警格代码", "警格", "人口", "户数", "配警数", "偏差(%)"]
    if personal:
        fields += list(PERSONAL)
        aliases += ["责任民警", "联系电话"]
    data = _escaped(g, fields + ["fill"])
    group = folium.FeatureGroup(name="警格(按人口偏差着色)")
    folium.GeoJson(
        data.to_json(),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.55, "color": "#555555", "weight": 0.8},
        popup=_popup(fields, aliases),
    ).add_to(group)
    group.add_to(fmap)
    counts["grids"] = len(g)


def _add_roads(fmap, project: Project, counts: dict) -> None:
    roads = project["roads"]
    if not len(roads):
        return
    group = folium.FeatureGroup(name="道路(县乡道及以上)")
    n = 0
    for cls, (colour, weight) in ROAD_STYLE.items():
        sel = roads[roads["road_class"] == cls]
        if not len(sel):
            continue
        merged = shapely.line_merge(shapely.union_all(sel.geometry.values))
        merged = shapely.simplify(merged, 2e-5)
        frame = gpd.GeoDataFrame({"road_class": [cls]}, geometry=[merged], crs=roads.crs)
        frame["geometry"] = shapely.set_precision(frame.geometry.values, 1e-5)
        folium.GeoJson(
            frame.to_json(), style_function=lambda _f, c=colour, w=weight: {"color": c, "weight": w, "opacity": 0.9}
        ).add_to(group)
        n += len(sel)
    group.add_to(fmap)
    counts["roads"] = n


def _add_villages(fmap, project: Project, counts: dict) -> None:
    v = project["villages"]
    if not len(v):
        return
    v = v.copy()
    v["geometry"] = v.geometry.representative_point()
    fields = ["code", "name", "population", "households", "township"]
    group = folium.FeatureGroup(name="行政村/社区")
    folium.GeoJson(
        _escaped(v, fields).to_json(),
        marker=folium.CircleMarker(radius=3, weight=1, color="#5a4a3a", fill_color="#f4e6c8", fill_opacity=0.9),
        popup=_popup(fields, ["区划代码", "名称", "人口", "户数", "乡镇"]),
    ).add_to(group)
    group.add_to(fmap)
    counts["villages"] = len(v)


def _add_points(fmap, project: Project, counts: dict, personal: bool) -> None:
    posts = project["posts"]
    for tier, (colour, radius, label) in TIER_STYLE.items():
        sel = posts[posts["tier"] == tier]
        if not len(sel):
            continue
        fields = ["code", "name", "station", "officers", "auxiliaries"]
        aliases = ["代码", "名称", "派出所", "民警", "辅警"]
        if personal:
            fields += list(PERSONAL)
            aliases += ["民警姓名", "联系电话"]
        group = folium.FeatureGroup(name=f"现有{label}")
        folium.GeoJson(
            _escaped(sel, fields).to_json(),
            marker=folium.CircleMarker(radius=radius, weight=1.5, color="#ffffff", fill_color=colour, fill_opacity=1),
            popup=_popup(fields, aliases),
        ).add_to(group)
        group.add_to(fmap)
        counts[f"posts_{tier}"] = len(sel)
    plan = project["plan_offices"]
    if len(plan):
        fields = ["code", "name", "station", "villages", "population", "mean_km", "max_km"]
        group = folium.FeatureGroup(name="拟设警务室")
        folium.GeoJson(
            _escaped(plan, fields).to_json(),
            marker=folium.CircleMarker(radius=8, weight=2, color="#1f4e9c", fill_color="#ffd400", fill_opacity=1),
            popup=_popup(fields, ["代码", "名称", "派出所", "辖村数", "服务人口", "平均路程(km)", "最远路程(km)"]),
        ).add_to(group)
        group.add_to(fmap)
        counts["plan_offices"] = len(plan)
    sites = project["key_sites"]
    if len(sites):
        group = folium.FeatureGroup(name="重点部位", show=False)
        folium.GeoJson(
            _escaped(sites, ["code", "name", "category"]).to_json(),
            marker=folium.CircleMarker(radius=2.5, weight=0, fill_color="#7b4fa0", fill_opacity=0.8),
            popup=_popup(["name", "category"], ["名称", "类别"]),
        ).add_to(group)
        group.add_to(fmap)
        counts["key_sites"] = len(sites)


# ------------------------------------------------------------------ controls
def _add_measure(fmap) -> None:
    name = fmap.get_name()
    script = (
        f"{name}.attributionControl && {name}.attributionControl.setPrefix('gisdesk');"
        "L.control.measure({position:'topleft', primaryLengthUnit:'meters', secondaryLengthUnit:'kilometers',"
        "primaryAreaUnit:'sqmeters', secondaryAreaUnit:'hectares', activeColor:'#b3172b', completedColor:'#1f4e9c'})"
        f".addTo({name});"
    )
    fmap.get_root().script.add_child(folium.Element(script))


def _search_index(project: Project) -> list[list]:
    rows = []
    for layer, kind in (("villages", "村/社区"), ("posts", "站点"), ("plan_offices", "拟设警务室"), ("grids", "警格")):
        f = project[layer]
        if not len(f):
            continue
        pts = f.geometry.representative_point()
        for name, x, y in zip(f["name"], pts.x, pts.y, strict=False):
            if name:
                rows.append([html.escape(str(name)), kind, round(float(y), 5), round(float(x), 5)])
    return rows


def _add_search(fmap, project: Project) -> None:
    index = json.dumps(_search_index(project), ensure_ascii=False).replace("</", "<\\/")
    name = fmap.get_name()
    script = (
        (WEB / "search.js").read_text(encoding="utf-8").replace("__INDEX__", index).replace("__MAP__", name)
    )
    fmap.get_root().script.add_child(folium.Element(script))


def _add_title(fmap, title: str) -> None:
    box = (
        '<div style="position:fixed;top:10px;left:50%;transform:translateX(-50%);z-index:1000;'
        "background:rgba(255,255,255,.92);padding:6px 16px;border-radius:4px;font:bold 18px sans-serif;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.3)">{html.escape(title)}</div>'
    )
    fmap.get_root().html.add_child(folium.Element(box))


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


def _inline_assets(page: str) -> str:
    head = [
        "<style>" + _css(WEB / "leaflet" / "leaflet.css") + "</style>",
        "<style>" + _css(WEB / "leaflet-measure" / "leaflet-measure.css") + "</style>",
        "<style>" + (WEB / "gisdesk-web.css").read_text(encoding="utf-8") + "</style>",
        "<script>" + (WEB / "leaflet" / "leaflet.js").read_text(encoding="utf-8") + "</script>",
        "<script>" + (WEB / "leaflet-measure" / "leaflet-measure.min.js").read_text(encoding="utf-8") + "</script>",
    ]
    page = re.sub(r"<script src=\"https?://[^\"]+\"></script>", "", page)
    page = re.sub(r"<link rel=\"stylesheet\" href=\"https?://[^\"]+\"/?>", "", page)
    return page.replace("<head>", "<head>\n" + "\n".join(head), 1)
