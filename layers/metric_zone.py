"""Coordinate reference systems: the project CRS and the metric Gauss-Krüger zone.

Distances and areas are computed in the CGCS2000 3-degree Gauss-Krüger zone whose
central meridian is nearest the data's centre (EPSG:4534 = CM 75°E ... EPSG:4554 =
CM 135°E, false easting 500 km without zone prefix), never in degrees.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from layers.schema import CRS

GK_FIRST_EPSG = 4534
GK_FIRST_CM = 75
GK_LAST_CM = 135


def gk_zone_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3° Gauss-Krüger zone (no prefix) for a longitude."""
    if not np.isfinite(lon):
        raise ValueError("longitude is not a number")
    cm = int(round(float(lon) / 3.0)) * 3
    cm = min(max(cm, GK_FIRST_CM), GK_LAST_CM)
    return GK_FIRST_EPSG + (cm - GK_FIRST_CM) // 3


def metric_epsg_for(*frames: gpd.GeoDataFrame) -> int:
    """The GK zone for the centre of the union of the frames' extents (EPSG:4490 input)."""
    xs: list[float] = []
    for f in frames:
        if f is None or len(f) == 0:
            continue
        b = f.total_bounds
        if np.all(np.isfinite(b)):
            xs.extend([b[0], b[2]])
    if not xs:
        return gk_zone_epsg(117.0)
    return gk_zone_epsg((min(xs) + max(xs)) / 2.0)


def to_metric(frame: gpd.GeoDataFrame, epsg: int) -> gpd.GeoDataFrame:
    """``frame`` (project CRS) reprojected into the metric zone ``epsg``."""
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    return frame.to_crs(epsg=epsg)
