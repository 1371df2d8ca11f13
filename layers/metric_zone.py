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
    return metric_epsg_for_spans(*(x_span(f) for f in frames))


def x_span(frame: gpd.GeoDataFrame | None) -> tuple[float, float] | None:
    """The west and east edges of a frame's geometries, None when it has none."""
    if frame is None or len(frame) == 0:
        return None
    b = frame.total_bounds
    return (float(b[0]), float(b[2])) if np.all(np.isfinite(b)) else None


def metric_epsg_for_spans(*spans: tuple[float, float] | None) -> int:
    """The GK zone for the centre of the union of west-east spans (None: no data; a span is
    finite, as :func:`x_span` gives it)."""
    xs = [x for span in spans if span is not None for x in span]
    if not xs:
        return gk_zone_epsg(117.0)
    return gk_zone_epsg((min(xs) + max(xs)) / 2.0)


def to_metric(frame: gpd.GeoDataFrame, epsg: int) -> gpd.GeoDataFrame:
    """``frame`` (project CRS) reprojected into the metric zone ``epsg``."""
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    return frame.to_crs(epsg=epsg)
