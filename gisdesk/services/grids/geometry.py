"""Geometry behind grids: unit adjacency, dissolving units into grids, bridging separate pieces."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from algorithms.districting import components
from layers.topology import adjacency

__all__ = ["adjacency", "bridge_components", "dissolve"]


def dissolve(geoms: np.ndarray, grid_size: float = 0.01) -> BaseGeometry:
    """Union of unit polygons snapped to a centimetre grid, so shared edges vanish cleanly."""
    merged = shapely.union_all(geoms, grid_size=grid_size)
    return shapely.make_valid(merged) if not shapely.is_valid(merged) else merged


def bridge_components(points: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, int]:
    """Add the shortest edge between pieces until the graph is connected; return (edges, pieces)."""
    n = len(points)
    _, labels = components(edges, n)
    pieces = int(labels.max()) + 1 if n else 0
    extra = []
    while n and labels.max() > 0:
        main = labels == labels[0]
        a, b = np.flatnonzero(main), np.flatnonzero(~main)
        d = ((points[a][:, None, :] - points[b][None, :, :]) ** 2).sum(axis=2)
        i, j = np.unravel_index(np.argmin(d), d.shape)
        extra.append((a[i], b[j]))
        edges = np.vstack([edges, [[a[i], b[j]]]]) if len(edges) else np.array([[a[i], b[j]]])
        _, labels = components(edges, n)
    return edges.astype(np.int64), pieces
