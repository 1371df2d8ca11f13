"""What the web page draws, as plain data: layers of features with their popups, labels and
search entries, every code shown beside its name (never instead of it).

:func:`page_data` returns a dict the page's script (``resources/web/gisdesk-map.js``) reads:
``layers`` (bottom to top), ``legend``, ``search`` and ``bounds``. A layer holds
``features`` as ``[geometry, style key, label, [popup values]]``; a point's geometry is
``[lon, lat]``, a line's or area's is a GeoJSON geometry. Text stays as it is here: the
page inserts it as text, never as HTML, and :func:`maps.web.export.script_json` escapes
what could end a script block.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.project import Project
from layers.standard import Standard
from maps.web import palette as P

PRECISION = 1e-5  # ~1 m
AREA_TYPES = {"urban": "城镇", "rural": "农村"}
ROAD_CELL = 0.05  # degrees: village roads cut in cells so the browser skips those out of view


def page_data(project: Project, *, personal: bool = True) -> dict:
    names = _Names(project)
    boundaries = _boundary_layers(project)
    layers = boundaries[:1] if boundaries and boundaries[0]["id"] == "county_fill" else []
    layers += _grid_layers(project, names, personal)
    layers += _road_layers(project)
    layers += [layer for layer in boundaries if layer["id"] != "county_fill"]
    layers += _assignment_layers(project, names)
    layers += _key_site_layers(project, names)
    layers += _village_layers(project, names)
    layers += _post_layers(project, names, personal)
    layers = [layer for layer in layers if layer["features"]]
    return {
        "layers": layers,
        "legend": _legend(layers),
        "search": _search(layers),
        "bounds": _bounds(project),
    }


# ------------------------------------------------------------------ names
class _Names:
    """Code -> name of stations, communities, offices, villages and key sites."""

    def __init__(self, project: Project) -> None:
        b, posts = project["boundaries"], project["posts"]
        self.station = _lookup(b[b["level"] == "station"])
        self.station.update(_lookup(posts[posts["tier"] == "station"]))
        self.community = _lookup(b[b["level"] == "community"])
        self.office = _lookup(posts[posts["tier"] == "office"])
        self.office.update(_lookup(project["plan_offices"]))
        self.village = _lookup(project["villages"])
        self.key_site = _lookup(project["key_sites"])

    @staticmethod
    def named(code, table: dict) -> str:
        """``名称（代码）``; the code alone only when no name is known."""
        code = _text(code)
        if not code:
            return ""
        name = _text(table.get(code))
        return f"{name}（{code}）" if name and name != code else code


def _lookup(frame: pd.DataFrame) -> dict[str, str]:
    if not len(frame):
        return {}
    return {str(c): _text(n) for c, n in zip(frame["code"], frame["name"], strict=True) if _text(n)}


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _count(value) -> str:
    """A whole number with thousands separators; empty when unknown (never a silent 0)."""
    return _number(value, "{:,.0f}")


def _km(value) -> str:
    return _number(value, "{:.2f} 公里")


def _number(value, template: str) -> str:
    """``value`` written by ``template``; empty when it is not a known number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return template.format(number) if math.isfinite(number) else ""


# ------------------------------------------------------------------ geometry
def _points(frame: gpd.GeoDataFrame) -> list[list[float] | None]:
    """``[lon, lat]`` of each row (a point inside a polygon); None where the row has no place."""
    geoms = frame.geometry.values
    pts = np.where(shapely.get_type_id(geoms) == 0, geoms, shapely.point_on_surface(geoms))
    xs, ys = shapely.get_x(pts), shapely.get_y(pts)
    return [[round(float(x), 5), round(float(y), 5)] if np.isfinite(x) and np.isfinite(y) else None
            for x, y in zip(xs, ys, strict=True)]


def _shapes(geoms, tolerance: float = 0.0) -> list[dict]:
    values = np.asarray(geoms)
    if tolerance:
        values = shapely.simplify(values, tolerance, preserve_topology=True)
    values = shapely.set_precision(values, PRECISION)
    return [json.loads(s) if s else None for s in shapely.to_geojson(values)]


def _layer(layer_id: str, title: str, kind: str, features: list, *, styles: dict, fields=(), show=True,
           min_zoom: int = 0, label_zoom: int | None = None, interactive=True,
           search_kind: str | None = None) -> dict:
    return {
        "id": layer_id, "title": title, "kind": kind, "show": show,
        "minZoom": min_zoom, "labelZoom": label_zoom, "interactive": interactive, "styles": styles,
        "fields": list(fields), "search": search_kind, "features": features,
    }


# ------------------------------------------------------------------ layers
def _boundary_layers(project: Project) -> list[dict]:
    b = project["boundaries"]
    out = []
    county = b[b["level"] == "county"]
    if len(county):
        out.append(_layer("county_fill", "县域", "area", [[g, "fill", "", []] for g in _shapes(county.geometry, 2e-5)],
                          styles={"fill": {"stroke": False, "fillColor": P.COUNTY_FILL, "fillOpacity": 1}},
                          interactive=False))
    for level in ("community", "township", "station", "county"):
        sel = b[b["level"] == level]
        if not len(sel):
            continue
        title, colour, weight, dash = P.BOUNDARIES[level]
        named = level == "township" or (level == "county" and len(sel) > 1)  # a city's counties
        labels = [_text(n) for n in sel["name"]] if named else [""] * len(sel)
        feats = [[g, level, lab, []] for g, lab in zip(_shapes(sel.geometry, 2e-5), labels, strict=True)]
        layer = _layer(f"boundaries_{level}", title, "line", feats, interactive=False,
                       show=level in ("county", "station", "township"),
                       label_zoom=P.LABELS_FROM.get(f"boundaries_{level}"),
                       styles={level: {"color": colour, "weight": weight, "dashArray": dash, "fill": False, "opacity": 0.9}})
        if named:
            layer["labelPoints"] = _points(sel)
        if level == "county" and named:  # large names over the city at full extent, before any other label
            layer.update(labelZoom=0, labelMaxZoom=10.5, labelFirst=True)
        out.append(layer)
    return out


def _grid_people(project: Project) -> dict[str, tuple[str, str]]:
    """Grid code -> (the people assigned to it, 赵建国（民警 41140001）、…; their phones), from the
    ``assignments`` and the roster, officers first. A grid without assignments is not in it
    (its popup then shows the grid's own ``officer_name``, as imported grids carry one)."""
    a, o = project["assignments"], project["officers"]
    if not len(a) or not len(o):
        return {}
    rows = a.rename(columns={"officer": "code"})[["code", "grid"]].merge(
        o.drop_duplicates("code")[["code", "name", "role", "phone"]], on="code")
    rows = rows.assign(rank=(rows["role"] != "officer").astype(int)).sort_values(["rank", "code"], kind="stable")
    out: dict[str, tuple[str, str]] = {}
    for grid, g in rows.groupby("grid", sort=False):
        who = "、".join(f"{_text(r.name)}（{ROLES.get(r.role, '')} {r.code}）" for r in g.itertuples())
        out[str(grid)] = (who, "、".join(p for p in (_text(x) for x in g["phone"]) if p))
    return out


ROLES = {"officer": "民警", "auxiliary": "辅警"}


def _grid_layers(project: Project, names: _Names, personal: bool) -> list[dict]:
    g = project["grids"]
    if not len(g):
        return []
    dev = Standard.recorded(project.metadata).deviations(g)
    fields = ["警格代码", "派出所", "社区", "类型", "人口", "户数", "应配警力", "人口偏差"]
    if personal:
        fields += ["责任人", "联系电话"]
        people = _grid_people(project)
    feats, label_zooms = [], []
    for row, geom, d in zip(g.itertuples(index=False), _shapes(g.geometry, 1e-5), dev, strict=True):
        values = [
            _text(row.code), names.named(row.station, names.station), names.named(row.community, names.community),
            AREA_TYPES.get(row.area_type, ""), _count(row.population), _count(row.households),
            _count(row.officers_required), "" if not np.isfinite(d) else f"{d * 100:+.1f}%",
        ]
        if personal:
            who, phones = people.get(str(row.code)) or (_text(row.officer_name), _text(row.officer_phone))
            values += [who or "未分配", phones]
        feats.append([geom, str(P.deviation_class(d)), _text(row.name) or _text(row.code), values])
        label_zooms.append(P.LABELS_FROM["grids"] + (0 if row.area_type == "urban" else 2))
    styles = {str(i): {"fillColor": c} for i, c in enumerate(P.DEVIATION_COLOURS)}
    styles["-1"] = {"fillColor": P.GRID_NO_TARGET}
    for s in styles.values():
        s.update({"color": P.GRID_OUTLINE, "weight": 0.8, "opacity": 0.6, "fillOpacity": 0.8})
    layer = _layer("grids", "警格", "area", feats, styles=styles, fields=fields,
                   label_zoom=P.LABELS_FROM["grids"], search_kind="警格")
    layer["labelPoints"] = _points(g)
    layer["labelZooms"] = label_zooms  # a rural grid is its village, already labelled: its own label later
    where = _grid_places(project, names)
    layer["detail"] = [" · ".join(x for x in (where.get(str(c), ""), names.station.get(str(s), "")) if x)
                       for c, s in zip(g["code"], g["station"], strict=True)]
    return [layer]


def _grid_places(project: Project, names: _Names) -> dict[str, str]:
    """Grid code -> its community's name (urban) or its villages' township (rural), which
    tells same-named grids apart in search."""
    v, members = project["villages"], project["grid_members"]
    township = dict(zip(v["code"].astype(str), v["township"].map(_text), strict=True))
    out = {}
    for grid, member in zip(members["grid"].astype(str), members["member"].astype(str), strict=True):
        if township.get(member):
            out.setdefault(grid, township[member])
    for r in project["grids"].itertuples(index=False):
        if names.community.get(str(r.community)):
            out[str(r.code)] = names.community[str(r.community)]
    return out


def _road_layers(project: Project) -> list[dict]:
    roads = project["roads"]
    out = []
    for cls, (title, colour, casing, width, zoom) in P.ROADS.items():
        sel = roads[roads["road_class"] == cls]
        if not len(sel):
            continue
        geoms = sel.geometry.values
        if cls in ("village", "urban"):
            centres = shapely.centroid(geoms)
            cells = np.floor(shapely.get_x(centres) / ROAD_CELL) * 1000 + np.floor(shapely.get_y(centres) / ROAD_CELL)
            parts = [shapely.line_merge(shapely.union_all(geoms[cells == c])) for c in np.unique(cells)]
        else:
            parts = [shapely.line_merge(shapely.union_all(geoms))]
        styles = {cls: {"color": colour, "weight": width, "opacity": 1, "lineCap": "round", "lineJoin": "round"}}
        if casing:
            styles[cls]["casing"] = {"color": casing, "weight": width + 1.4}
        out.append(_layer(f"roads_{cls}", title, "line", [[s, cls, "", []] for s in _shapes(parts, 3e-5)],
                          styles=styles, interactive=False, min_zoom=zoom))
    out.sort(key=lambda layer: list(P.ROADS)[::-1].index(layer["id"][6:]))  # minor roads below major ones
    return out


def _assignment_layers(project: Project, names: _Names) -> list[dict]:
    a = project["plan_assignment"]
    if not len(a):
        return []
    title, style = P.ASSIGNMENT
    feats = [
        [geom, "line", "", [names.named(r.village, names.village), names.named(r.office, names.office),
                            _km(r.road_km), "" if pd.isna(r.minutes) else f"{float(r.minutes):.0f} 分钟"]]
        for r, geom in zip(a.itertuples(index=False), _shapes(a.geometry), strict=True)
    ]
    return [_layer("plan_assignment", title, "line", feats, styles={"line": dict(style)},
                   fields=["村/社区", "警务室", "道路距离", "车程"], min_zoom=P.SHOW_FROM["plan_assignment"])]


def _key_site_layers(project: Project, names: _Names) -> list[dict]:
    k = project["key_sites"]
    if not len(k):
        return []
    kinds = [c if c in P.CATEGORIES else "other" for c in k["category"]]
    feats = [
        [pt, kind, _text(r.name), [P.CATEGORIES[kind][0], names.named(r.village, names.village), _text(r.code)]]
        for r, pt, kind in zip(k.itertuples(index=False), _points(k), kinds, strict=True)
    ]
    styles = {c: P.CATEGORIES[c][1].js() | {"label": P.CATEGORIES[c][0]} for c in P.CATEGORIES if c in set(kinds)}
    return [_layer("key_sites", "重点部位", "point", feats, styles=styles, fields=["类别", "所在村", "代码"],
                   show=False, min_zoom=P.SHOW_FROM["key_sites"], label_zoom=P.LABELS_FROM["key_sites"],
                   search_kind="重点部位")]


def _village_layers(project: Project, names: _Names) -> list[dict]:
    v = project["villages"]
    if not len(v):
        return []
    office_of = {}
    a = project["plan_assignment"]
    for r in a.itertuples(index=False):
        office_of[str(r.village)] = (names.named(r.office, names.office), _km(r.road_km))
    feats, detail = [], []
    for r, pt in zip(v.itertuples(index=False), _points(v), strict=True):
        office, km = office_of.get(str(r.code), ("", ""))
        values = [_text(r.code), _text(r.township), names.named(r.station, names.station),
                  AREA_TYPES.get(r.area_type, ""), _count(r.population), _count(r.households),
                  office, km]
        feats.append([pt, "village", _text(r.name), values])
        detail.append(" · ".join(x for x in (_text(r.township), names.station.get(str(r.station), "")) if x))
    title, symbol = P.VILLAGE
    layer = _layer("villages", title, "point", feats, styles={"village": symbol.js() | {"label": title}},
                   fields=["区划代码", "乡镇（街道）", "派出所", "类型", "人口", "户数", "拟属警务室", "到警务室路程"],
                   min_zoom=P.SHOW_FROM["villages"], label_zoom=P.LABELS_FROM["villages"], search_kind="村/社区")
    layer["detail"] = detail
    return [layer]


def _post_layers(project: Project, names: _Names, personal: bool) -> list[dict]:
    out = []
    pw = project["plan_workstations"]
    if len(pw):
        title, symbol = P.PLAN_WORKSTATION
        feats = [
            [pt, "ws", f"{names.village.get(str(r.village), '')}警务工作站",
             [_text(r.code), names.named(r.village, names.village), names.named(r.key_site, names.key_site),
              names.named(r.office, names.office)]]
            for r, pt in zip(pw.itertuples(index=False), _points(pw), strict=True)
        ]
        out.append(_layer("plan_workstations", title, "point", feats, styles={"ws": symbol.js() | {"label": title}},
                          fields=["代码", "所在村", "依托场所", "所属警务室"],
                          min_zoom=P.SHOW_FROM["plan_workstations"], label_zoom=None))
    posts = project["posts"]
    posts = posts[posts["status"].fillna("").astype(str) != "closed"] if "status" in posts.columns else posts
    for tier in ("workstation", "office", "station"):
        sel = posts[posts["tier"] == tier]
        if not len(sel):
            continue
        title, symbol = P.TIERS[tier]
        fields = ["类别", "代码", "所属派出所", "民警", "辅警"]
        if personal:
            fields += ["负责人", "联系电话"]
        feats = []
        for r, pt in zip(sel.itertuples(index=False), _points(sel), strict=True):
            values = [title, _text(r.code), names.named(r.station, names.station) if tier != "station" else "",
                      _count(r.officers), _count(r.auxiliaries)]
            if personal:
                values += [_text(r.officer_name), _text(r.officer_phone)]
            feats.append([pt, tier, _text(r.name) or _text(r.code), values])
        layer = _layer(f"posts_{tier}", f"现有{title}", "point", feats, styles={tier: symbol.js() | {"label": title}},
                       fields=fields, min_zoom=P.SHOW_FROM.get(f"posts_{tier}", 0),
                       label_zoom=P.LABELS_FROM[f"posts_{tier}"], search_kind=title)
        layer["detail"] = ["" if tier == "station" else names.station.get(str(s), "") for s in sel["station"]]
        layer["fixedSize"] = tier == "station"  # the stations keep their size at every zoom
        out.append(layer)
    if len(project["plan_offices"]):
        out.append(_plan_office_layer(project, names))
    order = ["plan_workstations", "posts_workstation", "posts_office", "plan_offices", "posts_station"]
    out.sort(key=lambda layer: order.index(layer["id"]))
    return out


def _plan_office_layer(project: Project, names: _Names) -> dict:
    po = project["plan_offices"]
    feats = []
    for r, pt in zip(po.itertuples(index=False), _points(po), strict=True):
        kept = bool(r.existing)
        feats.append([pt, "kept" if kept else "new", _text(r.name) or _text(r.code), [
            _text(r.code), "保留现有警务室" if kept else "新设", names.named(r.station, names.station),
            names.named(r.key_site, names.key_site), _count(r.villages), _count(r.population), _km(r.mean_km),
            _km(r.max_km)]])
    styles = {"new": P.PLAN_OFFICE[1].js() | {"label": P.PLAN_OFFICE[0]},
              "kept": P.KEPT_OFFICE[1].js() | {"label": P.KEPT_OFFICE[0]}}
    layer = _layer("plan_offices", "拟设警务室", "point", feats, styles=styles,
                   fields=["代码", "方案", "派出所", "依托场所", "辖村数", "服务人口", "平均路程", "最远路程"],
                   min_zoom=P.SHOW_FROM["plan_offices"], label_zoom=P.LABELS_FROM["plan_offices"],
                   search_kind="拟设警务室")
    layer["detail"] = [names.station.get(str(s), "") for s in po["station"]]
    return layer


# ------------------------------------------------------------------ legend, search, extent
def _legend(layers: list[dict]) -> list[dict]:
    """Legend groups (a title, rows of swatch and text), only of what the map holds. A group's
    or a row's ``layers`` are the layers its check box shows and hides."""
    ids = {layer["id"]: layer for layer in layers}

    def row(text: str, *, layer: str | None = None, **swatch) -> dict:
        return {"text": text, "layers": [layer] if layer else [], **swatch}

    groups = []
    posts = [row(P.TIERS[t][0], layer=f"posts_{t}", symbol=P.TIERS[t][1].js())
             for t in ("station", "office", "workstation") if f"posts_{t}" in ids]
    if posts:
        groups.append({"title": "现有警务站点", "rows": posts})
    plan = []
    if "plan_offices" in ids:
        kinds = {f[1] for f in ids["plan_offices"]["features"]}
        both = kinds == {"new", "kept"}
        plan += [row(P.PLAN_OFFICE[0], layer="plan_offices", symbol=P.PLAN_OFFICE[1].js())] if "new" in kinds else []
        plan += [row(P.KEPT_OFFICE[0], layer=None if both else "plan_offices", symbol=P.KEPT_OFFICE[1].js())] \
            if "kept" in kinds else []
    if "plan_workstations" in ids:
        plan.append(row(P.PLAN_WORKSTATION[0], layer="plan_workstations", symbol=P.PLAN_WORKSTATION[1].js()))
    if "plan_assignment" in ids:
        plan.append(row(P.ASSIGNMENT[0], layer="plan_assignment", line=P.ASSIGNMENT[1]))
    if plan:
        groups.append({"title": "规划方案", "rows": plan})
    if "villages" in ids:
        groups.append({"title": "村/社区", "rows": [row(P.VILLAGE[0], layer="villages", symbol=P.VILLAGE[1].js())]})
    if "grids" in ids:
        present = {f[1] for f in ids["grids"]["features"]}
        rows = [row(t, fill=c) for c, t in zip(P.DEVIATION_COLOURS, P.deviation_labels(), strict=True)]
        if "-1" in present:
            rows.append(row("无配警目标", fill=P.GRID_NO_TARGET))
        groups.append({"title": "警格人口偏差", "layers": ["grids"], "rows": rows})
    if "key_sites" in ids:
        rows = [row(s["label"], symbol=s) for s in ids["key_sites"]["styles"].values()]
        groups.append({"title": "重点部位", "layers": ["key_sites"], "rows": rows, "fold": True})
    lines = [row(P.BOUNDARIES[lv][0], layer=f"boundaries_{lv}",
                 line={"color": P.BOUNDARIES[lv][1], "weight": P.BOUNDARIES[lv][2], "dashArray": P.BOUNDARIES[lv][3]})
             for lv in ("county", "station", "township", "community") if f"boundaries_{lv}" in ids]
    if lines:
        groups.append({"title": "界线", "rows": lines})
    roads = [layer_id for layer_id in ids if layer_id.startswith("roads_")]
    if roads:
        rows = [row(P.ROADS[c][0], line={"color": P.ROADS[c][1], "weight": P.ROADS[c][3], "casing": P.ROADS[c][2]})
                for c in P.ROADS if f"roads_{c}" in ids]
        groups.append({"title": "道路", "layers": roads, "rows": rows})
    return groups


def _search(layers: list[dict]) -> list[list]:
    """``[name, what · where, layer index, feature index]`` for everything a planner looks up."""
    rows = []
    for li, layer in enumerate(layers):
        if not layer["search"]:
            continue
        detail = layer.get("detail") or [""] * len(layer["features"])
        for fi, (feature, where) in enumerate(zip(layer["features"], detail, strict=True)):
            if feature[2] and feature[0]:  # a name, and a place to go to
                rows.append([feature[2], " · ".join(x for x in (layer["search"], where) if x), li, fi])
    return rows


def _bounds(project: Project) -> list[list[float]]:
    frames = [project[n] for n in ("boundaries", "villages", "grids", "posts") if len(project[n])]
    if not frames:
        return [[34.3, 115.5], [34.5, 115.8]]
    b = np.array([f.total_bounds for f in frames])
    return [[float(b[:, 1].min()), float(b[:, 0].min())], [float(b[:, 3].max()), float(b[:, 2].max())]]
