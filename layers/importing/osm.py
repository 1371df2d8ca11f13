"""OpenStreetMap, recognised by its layout: Geofabrik "free" shapefiles and raw ``.osm`` / ``.osm.pbf``.

A Geofabrik table (``osm_id`` and ``fclass`` columns; ``gis_osm_roads_free_1``,
``gis_osm_places_free_1``, ``gis_osm_pois_free_1`` and their ``_a`` polygon variants, in
any vector format) and a raw OSM file read through GDAL's OSM driver (layers ``lines``,
``points``, ``multipolygons``; tags without a column of their own in ``other_tags``) are
both turned into the same table, then into the layer's own columns by :func:`adapt`. Nothing
is refused for being unknown: rows that are not for the layer are left out *with a count*.

Roads (``fclass`` / ``highway``):

==================================================  ==============  =====================
OSM highway                                         road_class      why
==================================================  ==============  =====================
motorway, motorway_link                             expressway      高速公路
trunk, trunk_link                                   national        国道 / 一级公路
primary, primary_link                               provincial      省道
secondary, secondary_link                           county          县道
tertiary, tertiary_link                             township        乡道
unclassified, track, service, road, busway, other   village         村道, 等外公路
residential, living_street                          urban           街巷 (town streets)
footway, path, steps, cycleway, bridleway,          (left out)      not for vehicles:
pedestrian, corridor, elevator, platform, ...                       counted, not an error
construction, proposed, abandoned, raceway ...      (left out)      not a usable road
==================================================  ==============  =====================

``oneway``: Geofabrik ``F`` (forward) / ``T`` (against the drawing direction) / ``B``
(both); raw OSM ``yes``/``1``/``true`` / ``-1``/``reverse`` / ``no``; motorways and
roundabouts are one way unless tagged otherwise. ``T`` and ``-1`` ways are reversed so
that they are drawn in the travel direction, then stored with ``oneway`` true.
``maxspeed`` 0, empty or unreadable (``none``, ``walk``, ``AT:urban``) is stored empty: the
class default applies. ``mph`` is converted.

Ways are kept as drawn (not split at junctions): the road network nodes lines wherever
they cross or touch, shared interior vertices included
(:func:`algorithms.network.noding.crossings`), so the network is connected as it is.

Places (``fclass`` / ``place``) become villages: city, town, suburb, quarter,
neighbourhood, borough, city_block -> ``urban``; village, hamlet, isolated_dwelling,
farm, locality, allotments -> ``rural``; regions (county, state, island ...) are left out.
Population 0 or missing is stored empty (unknown). Codes are ``OSM`` + the OSM id.

POIs (``fclass``; raw OSM: ``amenity`` except street furniture such as benches and
parking, ``healthcare``, ``office``, ``tourism``, malls and parks) become
key sites by :data:`POI_CATEGORY` (townhall -> village_office, school -> school ...);
anything else is kept as ``other`` (drawn, not a siting candidate). ``police`` becomes a
post (tier ``station``) when imported into ``posts`` and is left out, counted, from
``key_sites``. Polygon POIs (``_a`` files, ``multipolygons``) are stored at a point inside.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from layers.errors import InputError
from layers.importing.source import Source
from layers.importing.source_crs import from_declared, parse_crs

RAW_SUFFIXES = (".osm", ".pbf", ".osm.gz", ".osm.bz2")

ROAD_CLASS: dict[str, str] = {
    "motorway": "expressway", "trunk": "national", "primary": "provincial", "secondary": "county",
    "tertiary": "township", "unclassified": "village", "track": "village", "service": "village",
    "road": "village", "busway": "village", "residential": "urban", "living_street": "urban",
}
NOT_FOR_VEHICLES = frozenset({
    "footway", "path", "steps", "cycleway", "bridleway", "pedestrian", "corridor", "elevator",
    "platform", "via_ferrata", "sidewalk", "crossing", "escalator", "bus_stop",
})
NOT_A_ROAD = frozenset({"construction", "proposed", "abandoned", "disused", "raceway", "razed", "no", "rest_area",
                        "services", "emergency_bay"})

URBAN_PLACES = frozenset({"city", "town", "suburb", "quarter", "neighbourhood", "borough", "city_block"})
RURAL_PLACES = frozenset({"village", "hamlet", "isolated_dwelling", "farm", "locality", "allotments"})

POI_CATEGORY: dict[str, str] = {
    "townhall": "village_office", "community_centre": "service_center", "social_facility": "service_center",
    "public_service": "service_center",
    "school": "school", "kindergarten": "school", "college": "school", "university": "school",
    "hospital": "hospital", "clinic": "hospital", "doctors": "hospital",
    "marketplace": "business_district", "mall": "business_district", "department_store": "business_district",
    "arts_centre": "culture_square", "square": "culture_square",
    "park": "scenic_area", "attraction": "scenic_area", "viewpoint": "scenic_area", "theme_park": "scenic_area",
    "zoo": "scenic_area", "museum": "scenic_area", "monument": "scenic_area", "castle": "scenic_area",
    "ruins": "scenic_area",
    "works": "factory", "factory": "factory", "industrial": "factory",
}
POLICE = frozenset({"police"})
STREET_FURNITURE = frozenset({
    "parking", "parking_entrance", "parking_space", "bicycle_parking", "motorcycle_parking", "bench",
    "vending_machine", "telephone", "emergency_phone", "post_box", "atm", "recycling", "waste_basket",
    "waste_disposal", "drinking_water", "fountain", "toilets", "shelter", "clock", "charging_station",
    "hunting_stand", "picnic_table", "bbq", "water_point", "letter_box",
})
"""Raw OSM amenities that are not places anyone plans around (not read as POIs at all)."""

_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


# ------------------------------------------------------------------ recognising
def is_raw_osm(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(RAW_SUFFIXES)


def geofabrik_kind(columns: list[str], path: Path | None = None) -> str | None:
    """``roads``, ``places`` or ``pois`` for a Geofabrik table (by its columns), else None."""
    cols = {c.lower() for c in columns}
    if not {"osm_id", "fclass"} <= cols:
        return None
    if {"oneway", "maxspeed"} & cols:
        return "roads"
    stem = path.stem.lower() if path is not None else ""
    if "places" in stem or ("population" in cols and "pois" not in stem):
        return "places"
    return "pois"


# ------------------------------------------------------------------ raw OSM
def parse_tags(text) -> dict[str, str]:
    """GDAL's ``other_tags`` HSTORE text as a dict."""
    if not isinstance(text, str) or not text:
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in _TAG.findall(text)}


def _gdal_path(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        return f"/vsigzip/{path}"
    if name.endswith(".bz2"):
        raise InputError("unsupported", "bzip2-compressed OSM: unpack it first (.osm or .osm.pbf)", file=path.name)
    return str(path)


def _read_osm_layer(path: Path, layer: str, mask=None) -> gpd.GeoDataFrame:
    kwargs = {"layer": layer}
    if mask is not None:
        kwargs["mask"] = mask
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pyogrio.read_dataframe(_gdal_path(path), **kwargs)
    except InputError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        if "not recognized" in first or "not recognised" in first:
            first = "not OSM XML (.osm) or PBF (.osm.pbf), or damaged"
        raise InputError("unreadable", f"cannot read the OpenStreetMap file ({first})", file=path.name) from exc


def _tag_column(frame: pd.DataFrame, tags: list[dict], key: str) -> list:
    own = frame[key].tolist() if key in frame.columns else [None] * len(frame)
    return [o if isinstance(o, str) and o else t.get(key) for o, t in zip(own, tags, strict=True)]


def read_raw(path: Path, layer: str, mask=None) -> Source:
    """A raw OSM file as a Geofabrik-like table for ``layer`` (roads, villages, key_sites, posts).

    GDAL's OSM driver streams the file; ``mask`` (a polygon in longitude/latitude) keeps
    only what meets it, so a province-size extract is never held in memory whole.
    """
    if layer not in ("roads", "villages", "key_sites", "posts"):
        raise InputError(
            "wrong_layer", f"OpenStreetMap files go into roads, villages, key_sites or posts, not {layer}",
            file=path.name,
        )
    if layer == "roads":
        lines = _read_osm_layer(path, "lines", mask)
        tags = [parse_tags(t) for t in lines.get("other_tags", pd.Series([None] * len(lines))).tolist()]
        highway = lines["highway"].tolist() if "highway" in lines.columns else [None] * len(lines)
        keep = np.array([isinstance(h, str) and h != "" for h in highway], dtype=bool)
        table = pd.DataFrame({
            "osm_id": lines["osm_id"].tolist(),
            "fclass": highway,
            "name": lines["name"].tolist() if "name" in lines.columns else None,
            "oneway": [_raw_oneway(t, h) for t, h in zip(tags, highway, strict=True)],
            "maxspeed": [t.get("maxspeed") for t in tags],
        })
        geometry = lines.geometry
        kind = "roads"
    else:
        points = _read_osm_layer(path, "points", mask)
        polygons = _read_osm_layer(path, "multipolygons", mask)
        frames = []
        for frame in (points, polygons):
            tags = [parse_tags(t) for t in frame.get("other_tags", pd.Series([None] * len(frame))).tolist()]
            ids = frame["osm_id"].tolist()
            if "osm_way_id" in frame.columns:  # areas: ways and relations have ids of their own
                ids = [f"r{i}" if isinstance(i, str) and i else f"w{w}"
                       for i, w in zip(ids, frame["osm_way_id"].tolist(), strict=True)]
            if layer == "villages":
                fclass = _tag_column(frame, tags, "place")
                extra = {"population": [t.get("population") for t in tags]}
            else:
                columns = {k: _tag_column(frame, tags, k)
                           for k in ("amenity", "healthcare", "office", "tourism", "shop", "leisure")}
                fclass = [_poi_class({k: v[i] for k, v in columns.items()}) for i in range(len(frame))]
                extra = {}
            part = pd.DataFrame({"osm_id": ids, "fclass": fclass, "name": frame["name"].tolist(), **extra})
            part = gpd.GeoDataFrame(part, geometry=shapely.point_on_surface(frame.geometry.values), crs=frame.crs)
            frames.append(part[[isinstance(f, str) and f != "" for f in fclass]])
        merged = pd.concat(frames, ignore_index=True)
        table = pd.DataFrame(merged.drop(columns="geometry"))
        geometry = merged.geometry
        keep = np.ones(len(table), dtype=bool)
        kind = "places" if layer == "villages" else "pois"
    table = table[keep].reset_index(drop=True).astype(object)
    geometry = gpd.GeoSeries(np.asarray(geometry.values, dtype=object)[keep], crs="EPSG:4326")
    src = Source(path.name, table, list(range(1, len(table) + 1)), geometry, from_declared("EPSG:4326"), "utf-8")
    src.layout = f"osm_{kind}"
    return src


def _poi_class(tags: dict) -> str | None:
    """The Geofabrik-like class of a raw OSM feature (amenity first; office=government is a townhall)."""
    if tags.get("amenity"):
        return None if tags["amenity"] in STREET_FURNITURE else tags["amenity"]
    if tags.get("healthcare"):
        return tags["healthcare"]
    if tags.get("office"):
        return "townhall" if tags["office"] == "government" else "office"
    if tags.get("tourism"):
        return tags["tourism"]
    if tags.get("shop") in ("mall", "department_store"):
        return tags["shop"]
    if tags.get("leisure") == "park":
        return "park"
    return None


def _raw_oneway(tags: dict, highway) -> str:
    """Raw OSM oneway tags in Geofabrik's spelling (F, T, B)."""
    value = (tags.get("oneway") or "").strip().lower()
    if value in ("yes", "true", "1"):
        return "F"
    if value in ("-1", "reverse"):
        return "T"
    if value in ("no", "false", "0", "reversible", "alternating"):
        return "B"
    if highway in ("motorway", "motorway_link") or tags.get("junction") in ("roundabout", "circular"):
        return "F"
    return "B"


# ------------------------------------------------------------------ adapting
def _number(value) -> float | None:
    """A positive number at the start of an OSM value (``50``, ``30 mph``), else None (0 is unknown)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().lower()
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(mph)?", text)
    if not m:
        return None
    speed = float(m.group(1)) * (1.609344 if m.group(2) else 1.0)
    return speed if speed > 0 else None


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _base_class(fclass: str) -> str:
    return fclass[:-5] if fclass.endswith("_link") else fclass


def _code(osm_id, area: bool = False) -> str:
    """``OSM`` + the id; ``OSMA`` + the id for Geofabrik's area (``_a``) rows, whose ids are way
    or relation ids that may equal a node's."""
    text = _text(osm_id)
    if text is None:
        return ""
    if text.endswith(".0"):
        text = text[:-2]
    return f"OSM{'A' if area else ''}{text}"


def _geometries(source: Source) -> np.ndarray:
    """The source's geometries as an object array (an OSM extract's layers always have them)."""
    if source.geometry is None:
        raise InputError("no_geometry", "the OpenStreetMap layer has no geometries", file=source.file)
    return np.asarray(source.geometry.values, dtype=object)


def _codes(source: Source) -> list[str]:
    geoms = _geometries(source)
    kinds = shapely.get_type_id(geoms)
    return [_code(v, k in (3, 6)) for v, k in zip(source.table["osm_id"].tolist(), kinds, strict=True)]


def adapt(source: Source, kind: str, layer: str) -> tuple[Source, dict]:
    """``source`` (a Geofabrik-like table of ``kind``) as rows of ``layer``; and the counts.

    The counts (``facts``) say what was left out and why, for the command to report.
    """
    table = source.table
    fclass = [(_text(v) or "").lower() for v in table["fclass"].tolist()]
    names = [_text(v) for v in table["name"].tolist()] if "name" in table.columns else [None] * len(table)
    facts: dict = {"layout": f"osm_{kind}"}
    if kind == "roads" and layer == "roads":
        return _roads(source, fclass, names, facts)
    if kind == "places" and layer == "villages":
        return _places(source, fclass, names, facts)
    if kind == "pois" and layer in ("key_sites", "posts"):
        return _pois(source, fclass, names, layer, facts)
    wanted = {"roads": "roads", "places": "villages", "pois": "key_sites or posts"}[kind]
    raise InputError(
        "wrong_layer",
        f"OpenStreetMap {kind} belong in layer {wanted}, not {layer}",
        file=source.file,
    )


def _left_out(facts: dict, key: str, values: list[str]) -> None:
    counts: dict[str, int] = {}
    for v in values:
        counts[v or "(none)"] = counts.get(v or "(none)", 0) + 1
    if counts:
        facts[key] = dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _roads(source: Source, fclass: list[str], names: list, facts: dict) -> tuple[Source, dict]:
    table = source.table
    classes, keep, walking, unusable, unknown = [], [], [], [], []
    for f in fclass:
        base = _base_class(f)
        if base in NOT_FOR_VEHICLES:
            walking.append(f)
            keep.append(False)
        elif base in NOT_A_ROAD or f == "":
            unusable.append(f)
            keep.append(False)
        else:
            if base not in ROAD_CLASS:
                unknown.append(f)
            classes.append(ROAD_CLASS.get(base, "village"))
            keep.append(True)
    keep_a = np.array(keep, dtype=bool)
    oneway_raw = [(_text(v) or "B").upper() for v in table["oneway"].tolist()] if "oneway" in table.columns \
        else ["B"] * len(table)
    oneway_raw = [{"YES": "F", "TRUE": "F", "1": "F", "-1": "T", "NO": "B", "FALSE": "B", "0": "B"}.get(v, v)
                  for v in oneway_raw]
    speeds = [_number(v) for v in table["maxspeed"].tolist()] if "maxspeed" in table.columns else [None] * len(table)
    geoms = _geometries(source)
    reverse = np.array([o == "T" for o in oneway_raw], dtype=bool) & keep_a
    if reverse.any():
        geoms = geoms.copy()
        geoms[reverse] = shapely.reverse(geoms[reverse])
    out = pd.DataFrame({
        "name": [n for n, k in zip(names, keep, strict=True) if k],
        "road_class": classes,
        "speed_kmh": [s for s, k in zip(speeds, keep, strict=True) if k],
        "oneway": [o in ("F", "T") for o, k in zip(oneway_raw, keep, strict=True) if k],
    }, dtype=object)
    _left_out(facts, "not_for_vehicles", walking)
    _left_out(facts, "not_roads", unusable)
    _left_out(facts, "unknown_classes", unknown)
    facts["reversed"] = int(reverse.sum())
    facts["speed_default"] = int(sum(1 for s, k in zip(speeds, keep, strict=True) if k and s is None))
    return _result(source, out, geoms[keep_a], keep_a), facts


def _places(source: Source, fclass: list[str], names: list, facts: dict) -> tuple[Source, dict]:
    table = source.table
    settlement = np.array([f in URBAN_PLACES or f in RURAL_PLACES for f in fclass], dtype=bool)
    named = np.array([bool(n) for n in names], dtype=bool)
    keep = settlement & named
    left = [f for f, s in zip(fclass, settlement, strict=True) if not s]
    if (settlement & ~named).any():
        facts["unnamed"] = int((settlement & ~named).sum())
    raw = table["population"].tolist() if "population" in table.columns else [None] * len(table)
    pops = [_number(re.sub(r"[,\s]", "", v) if isinstance(v, str) else v) for v in raw]  # 12,345 / 12 345
    out = pd.DataFrame({
        "code": _codes(source),
        "name": names,
        "population": [None if p is None else int(round(p)) for p in pops],
        "area_type": ["urban" if f in URBAN_PLACES else "rural" for f in fclass],
    }, dtype=object)[keep].reset_index(drop=True)
    _left_out(facts, "not_settlements", left)
    geoms = shapely.point_on_surface(_geometries(source)[keep])
    return _result(source, out, geoms, keep), facts


def _pois(source: Source, fclass: list[str], names: list, layer: str, facts: dict) -> tuple[Source, dict]:
    table = source.table
    police = np.array([f in POLICE for f in fclass], dtype=bool)
    codes = _codes(source)
    if layer == "posts":
        keep = police
        _left_out(facts, "not_police", [f for f, p in zip(fclass, police, strict=True) if not p])
        out = pd.DataFrame({
            "code": codes, "name": [n or "派出所" for n in names], "tier": ["station"] * len(table),
        }, dtype=object)[keep].reset_index(drop=True)
    else:
        keep = ~police
        if police.any():
            facts["police_to_posts"] = int(police.sum())
        categories = [POI_CATEGORY.get(f, "other") for f in fclass]
        _left_out(facts, "other_categories",
                  [f for f, c, k in zip(fclass, categories, keep, strict=True) if k and c == "other"])
        out = pd.DataFrame({
            "code": codes,
            "name": [n or f for n, f in zip(names, fclass, strict=True)],
            "category": categories,
        }, dtype=object)[keep].reset_index(drop=True)
    geoms = shapely.point_on_surface(_geometries(source)[keep])
    return _result(source, out, geoms, keep), facts


def _result(source: Source, table: pd.DataFrame, geoms, keep: np.ndarray) -> Source:
    rows = [r for r, k in zip(source.rows, keep, strict=True) if k]
    geometry = gpd.GeoSeries(np.asarray(geoms, dtype=object), crs=source.geometry.crs if source.geometry is not None
                             else None)
    crs = source.crs or parse_crs("4326")
    return Source(source.file, table.reset_index(drop=True), rows, geometry, crs, source.encoding, source.layout,
                  source.default_crs, list(source.warnings))
