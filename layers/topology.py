"""Topology of polygon layers: which features share a boundary."""

from __future__ import annotations

import numpy as np
import shapely

MIN_SHARED_M = 1.0
"""Polygons whose boundaries share less than this (metres) only touch at a corner."""


def adjacency(polygons: np.ndarray, min_shared: float = MIN_SHARED_M) -> np.ndarray:
    """Pairs (i, j), i < j, of polygons (metric CRS) sharing a boundary longer than ``min_shared``."""
    if len(polygons) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    shared = shapely.length(
        shapely.intersection(shapely.boundary(polygons[left]), shapely.boundary(polygons[right]))
    )
    ok = shared > min_shared
    return np.column_stack([left[ok], right[ok]]).astype(np.int64)
