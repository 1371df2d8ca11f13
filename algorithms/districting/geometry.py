"""Unit geometry for districting: Voronoi cells for point units, compactness of districts.

Pure shapely/numpy on arrays of geometries in a metric CRS (no frames, no files).
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["polsby_popper", "voronoi_cells"]

_REACH_M = 5000.0  # the diagram is built over the frame's box grown by this much, then clipped


def voronoi_cells(points: np.ndarray, frame: BaseGeometry) -> np.ndarray:
    """The Voronoi cell of every point (x, y), in input order, clipped to ``frame``.

    Points at the same spot share one cell (the cell of the first of them); a single point
    gets the whole frame.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    n = len(points)
    if n == 0:
        return np.empty(0, dtype=object)
    _, first, inverse = np.unique(points, axis=0, return_index=True, return_inverse=True)
    if len(first) == 1:
        return np.array([frame] * n, dtype=object)
    order = np.sort(first)  # distinct points in input order
    slot = np.empty(n, dtype=np.int64)
    slot[order] = np.arange(len(order))
    env = shapely.box(*shapely.buffer(frame, _REACH_M).bounds)
    cells = shapely.voronoi_polygons(shapely.multipoints(points[order]), extend_to=env, ordered=True)
    parts = np.asarray(shapely.get_parts(cells))
    return shapely.intersection(parts[slot[first[inverse.ravel()]]], frame)


def polsby_popper(geoms: np.ndarray) -> np.ndarray:
    """4πA / P² per polygon (1 for a disc, near 0 for a sliver; 0 without a perimeter)."""
    area = shapely.area(geoms)
    perim = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(perim > 0, 4 * np.pi * area / perim**2, 0.0)
