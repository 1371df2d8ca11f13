"""Geometry behind grids: unit adjacency, Voronoi cells for point data, compactness."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.topology import adjacency

__all__ = ["adjacency", "bridge_components", "components", "dissolve", "polsby_popper", "voronoi_cells"]

def voronoi_cells(points: np.ndarray, frame: BaseGeometry) -> np.ndarray:
    """One cell per point (x, y), clipped to ``frame``; duplicate points share a cell."""
    n = len(points)
    if n == 0:
        return np.empty(0, dtype=object)
    if n == 1:
        return np.array([frame], dtype=object)
    jitter = np.arange(n)[:, None] * 1e-3
    pts = shapely.points(points + jitter)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=frame))
    tree = shapely.STRtree(cells)
    idx_pt, idx_cell = tree.query(pts, predicate="within")
    out = np.empty(n, dtype=object)
    out[:] = None
    out[idx_pt] = cells[idx_cell]
    for i in np.flatnonzero(out == None):  # noqa: E711 - numpy object comparison
        out[i] = cells[np.argmin(shapely.distance(cells, pts[i]))]
    return shapely.intersection(out, frame)


def polsby_popper(geoms: np.ndarray) -> np.ndarray:
    """4πA / P² per polygon (1 for a disc, near 0 for a sliver), in the metric CRS."""
    area = shapely.area(geoms)
    perim = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        pp = np.where(perim > 0, 4 * np.pi * area / perim**2, 0.0)
    return pp


def dissolve(geoms: np.ndarray, grid_size: float = 0.01) -> BaseGeometry:
    """Union of unit polygons snapped to a centimetre grid, so shared edges vanish cleanly."""
    merged = shapely.union_all(geoms, grid_size=grid_size)
    return shapely.make_valid(merged) if not shapely.is_valid(merged) else merged


def components(n: int, edges: np.ndarray) -> np.ndarray:
    """Connected-component label per node."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    m = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)) if len(edges) else coo_matrix((n, n))
    return connected_components(m, directed=False)[1]


def bridge_components(points: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, int]:
    """Add the shortest edge between pieces until the graph is connected; return (edges, pieces)."""
    n = len(points)
    labels = components(n, edges)
    pieces = int(labels.max()) + 1 if n else 0
    extra = []
    while n and labels.max() > 0:
        main = labels == labels[0]
        a, b = np.flatnonzero(main), np.flatnonzero(~main)
        d = ((points[a][:, None, :] - points[b][None, :, :]) ** 2).sum(axis=2)
        i, j = np.unravel_index(np.argmin(d), d.shape)
        extra.append((a[i], b[j]))
        edges = np.vstack([edges, [[a[i], b[j]]]]) if len(edges) else np.array([[a[i], b[j]]])
        labels = components(n, edges)
    return edges.astype(np.int64), pieces
