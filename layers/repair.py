"""Geometry repair on import: invalid shapes made valid within the layer's geometry family.

Kept apart from :mod:`layers.validation`, which only reports: repair changes data, and
says so with a warning per repaired row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely

from layers.schema import LAYERS
from layers.validation import WARNING, Problem


def repair(
    name: str, frame: pd.DataFrame, *, rows: Sequence[int] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """``frame`` with its geometries repaired, and a warning for each repair.

    Invalid geometries go through shapely's ``make_valid`` (keeping the parts of the
    layer's geometry family), Z values are dropped, single-part multi-points become
    points. Rows are never removed.
    """
    schema = LAYERS[name]
    if schema.geometry is None or "geometry" not in frame.columns or len(frame) == 0:
        return frame, []
    rownums = list(rows) if rows is not None else list(range(1, len(frame) + 1))
    geoms = np.asarray(frame["geometry"].values, dtype=object)
    present = np.array([g is not None for g in geoms], dtype=bool)
    out = geoms.copy()
    out[present] = shapely.force_2d(geoms[present])
    problems: list[Problem] = []
    for i in np.flatnonzero(present):
        g = out[i]
        if shapely.is_empty(g):
            continue
        if g.geom_type == "MultiPoint" and len(g.geoms) == 1 and "Point" in schema.geometry_types:
            out[i] = g.geoms[0]
            continue
        if not np.isfinite(shapely.get_coordinates(g)).all():
            continue  # a failed reprojection: validation reports it, nothing to repair
        if not shapely.is_valid(g):
            reason = shapely.is_valid_reason(g)
            try:
                fixed = _keep_family(shapely.make_valid(g), schema.geometry_types)
            except shapely.errors.GEOSException:
                continue
            out[i] = fixed
            problems.append(
                Problem("invalid_geometry", name, rownums[i], "geometry", f"invalid geometry ({reason}) repaired", WARNING)
            )
    result = frame.copy()
    result["geometry"] = pd.Series(out, index=frame.index, dtype=object)
    if hasattr(frame, "crs"):
        import geopandas as gpd

        result = gpd.GeoDataFrame(result, geometry="geometry", crs=frame.crs)
    return result, problems


def _keep_family(g, allowed: tuple[str, ...]):
    """From make_valid's output keep the parts the layer can hold (polygons stay polygons)."""
    if g.geom_type in allowed:
        return g
    parts = list(shapely.get_parts(g))
    if "Polygon" in allowed or "MultiPolygon" in allowed:
        polys = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
        if polys:
            merged = shapely.union_all(polys)
            return merged
    if "LineString" in allowed:
        lines = [p for p in parts if p.geom_type in ("LineString", "MultiLineString")]
        if lines:
            return shapely.line_merge(shapely.union_all(lines))
    return g
