"""Where the rows are: point geometry from coordinate or WKT columns, and the source CRS."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from layers.errors import InputError
from layers.importing import fields as F
from layers.importing.columns import is_blank
from layers.importing.source import Source
from layers.importing.source_crs import SourceCRS, looks_geographic, parse_crs
from layers.validation import Problem, parse_number


def points_from_columns(source: Source, mapping: F.Mapping, layer: str, rows: list[int]):
    """Geometries from a WKT column or lon/lat columns, and the cells that are not numbers.

    Returns ``(None, [])`` when the source has no such columns (vector files use their own
    geometry). Rows with an empty coordinate get no geometry: they are reported, never
    placed somewhere invented.
    """
    lon_col, lat_col = mapping.columns.get("lon"), mapping.columns.get("lat")
    problems: list[Problem] = []
    geoms = np.full(len(source.table), None, dtype=object)
    if mapping.columns.get("wkt"):
        col = mapping.columns["wkt"]
        for i, v in enumerate(source.table[col].tolist()):
            if is_blank(v):
                continue
            try:
                geoms[i] = shapely.from_wkt(str(v))
            except shapely.errors.GEOSException:
                problems.append(Problem("wrong_type", layer, rows[i], "geometry", f"{col} is not WKT geometry"))
        return geoms, problems
    if not lon_col or not lat_col:
        return None, problems
    xs = source.table[lon_col].tolist()
    ys = source.table[lat_col].tolist()
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        try:
            fx, fy = parse_number(x), parse_number(y)
        except ValueError:
            bad = lon_col if _not_number(x) else lat_col
            shown = x if bad == lon_col else y
            problems.append(Problem("wrong_type", layer, rows[i], "geometry", f"{bad} is {str(shown).strip()!r}, not a number"))
            continue
        if fx is not None and fy is not None:
            geoms[i] = shapely.Point(fx, fy)
    return geoms, problems


def _not_number(v) -> bool:
    try:
        parse_number(v)
    except ValueError:
        return True
    return False


def choose_crs(source: Source, crs_option: str | None, geoms: gpd.GeoSeries, warnings: list[str]) -> SourceCRS:
    """``--crs``, else what the file declares, else the layout's, else EPSG:4490 for degrees.

    Coordinates that cannot be degrees under a geographic CRS, or a file without a CRS in
    metres, are refused: guessing a Gauss-Krüger zone would put villages in the wrong place.
    """
    if crs_option:
        chosen = parse_crs(crs_option)
        if source.crs is not None and not (source.crs.crs.equals(chosen.crs) and chosen.web is None):
            warnings.append(f"the file declares {source.crs.label}; --crs {chosen.label} used instead")
        return chosen
    if source.crs is not None:
        chosen = source.crs
    elif source.default_crs is not None:
        chosen = source.default_crs
        warnings.append(f"{source.layout or 'this'} layout: coordinates taken as {chosen.label} (Amap)")
    elif looks_geographic(geoms):
        chosen = parse_crs("4490")
        warnings.append("no coordinate system declared: longitude/latitude taken as CGCS2000 (EPSG:4490)")
        return chosen
    else:
        raise InputError(
            "no_crs",
            "no coordinate system declared and the coordinates are not longitude/latitude; "
            "give one with --crs (e.g. --crs 4527)",
            file=source.file,
        )
    if chosen.is_geographic and not looks_geographic(geoms):
        raise InputError(
            "wrong_crs",
            f"the coordinates are not longitude/latitude although the file says {chosen.label}; "
            "give the right one with --crs (e.g. --crs 4527)",
            file=source.file,
        )
    return chosen

