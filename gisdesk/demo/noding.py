"""Split road lines where they cross, so every piece runs from junction to junction.

The generator's base lines (the field-road lattice and the town's street grid) are
planar by construction; only the added lines (trunk roads drawn freely, village spurs
and lanes, connectors) can cross anything, so only pairs involving an added line are
intersected. A cut point gets identical coordinates in both lines it splits.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree


def node_lines(coords: list[np.ndarray], added: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Split the polylines ``coords`` at their crossings; returns (pieces, source index).

    ``added[i]`` marks lines that may cross others; pairs of two base lines are never
    tested.
    """
    n = len(coords)
    sizes = np.fromiter((len(c) for c in coords), int, n)
    geoms = shapely.linestrings(np.vstack(coords), indices=np.repeat(np.arange(n), sizes))
    tree = shapely.STRtree(geoms)
    extra = np.flatnonzero(added)
    qi, hit = tree.query(geoms[extra], predicate="intersects")
    a = extra[qi]
    b = hit
    keep = (a != b) & ~((added[b]) & (b < a))  # each added-added pair once
    a, b = a[keep], b[keep]
    cut_line, cut_rows = [np.zeros(0, int)], [np.zeros((0, 3))]
    if len(a):
        inter = shapely.intersection(geoms[a], geoms[b])
        sub, which = shapely.get_parts(inter, return_index=True)
        kind = shapely.get_type_id(sub)
        pts_xy = []
        pair = []
        is_pt = kind == 0
        if is_pt.any():
            pts_xy.append(shapely.get_coordinates(sub[is_pt]))
            pair.append(which[is_pt])
        lin = kind == 1
        if lin.any():
            ends, idx = shapely.get_coordinates(shapely.boundary(sub[lin]), return_index=True)
            pts_xy.append(ends)
            pair.append(which[lin][idx])
        if pts_xy:
            xy = np.vstack(pts_xy)
            pr = np.concatenate(pair)
            total = shapely.length(geoms)
            starts = np.array([c[0] for c in coords])
            ends = np.array([c[-1] for c in coords])
            # a crossing within a centimetre of a line's end is that end, exactly, for both lines
            at_end = np.zeros(len(xy), bool)
            for side in (a, b):
                line = side[pr]
                d = shapely.line_locate_point(geoms[line], shapely.points(xy))
                first, last = d <= 0.01, d >= total[line] - 0.01
                xy = np.where(first[:, None], starts[line], np.where(last[:, None], ends[line], xy))
                at_end |= first | last
            xy = _merge_close(xy, at_end)
            pts = shapely.points(xy)
            for side in (a, b):
                line = side[pr]
                d = shapely.line_locate_point(geoms[line], pts)
                inner = (d > 0.01) & (d < total[line] - 0.01)
                cut_line.append(line[inner])
                cut_rows.append(np.column_stack([d[inner], xy[inner]]))
    line = np.concatenate(cut_line)
    rows = np.vstack(cut_rows)
    order = np.lexsort((rows[:, 0], line))
    line, rows = line[order], rows[order]
    bounds = np.searchsorted(line, np.arange(n + 1))
    pieces: list[np.ndarray] = []
    source: list[int] = []
    for i in range(n):
        lo, hi = bounds[i], bounds[i + 1]
        if lo == hi:
            pieces.append(coords[i])
            source.append(i)
            continue
        for p in _split(coords[i], rows[lo:hi]):
            if len(p) > 2 or np.hypot(*(p[-1] - p[0])) > 0.01:
                pieces.append(p)
                source.append(i)
    return pieces, np.asarray(source, int)


def _merge_close(xy: np.ndarray, at_end: np.ndarray, tolerance: float = 0.05) -> np.ndarray:
    """Junctions closer than ``tolerance`` become one point (a line's end where there is one).

    Three lines meeting almost at one spot give three slightly different crossing points;
    cutting each line at its own would leave the third crossing uncut.
    """
    if len(xy) < 2:
        return xy
    pairs = cKDTree(xy).query_pairs(tolerance, output_type="ndarray")
    if len(pairs) == 0:
        return xy
    n = len(xy)
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(g, directed=False)
    # representative: the first end point of the cluster, else its first point
    order = np.lexsort((np.arange(n), ~at_end, label))
    _, at = np.unique(label[order], return_index=True)
    first = order[at]  # per cluster label, in label order
    return xy[first[label]]


def _split(coords: np.ndarray, cuts: np.ndarray) -> list[np.ndarray]:
    """Split a polyline at (distance along, x, y) cut points sorted by distance.

    Plain Python on purpose: the lines are a handful of vertices, where numpy's
    per-call overhead would dominate.
    """
    pts = coords.tolist()
    cut = cuts.tolist()
    out: list[np.ndarray] = []
    current = [pts[0]]
    along = 0.0
    last_d = -1.0
    k = 0
    for i in range(1, len(pts)):
        x0, y0 = pts[i - 1]
        x1, y1 = pts[i]
        seg_end = along + ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        while k < len(cut) and cut[k][0] < seg_end - 1e-6:
            d, x, y = cut[k]
            k += 1
            if d - last_d <= 1e-9:
                continue
            current.append([x, y])
            out.append(np.array(current))
            current = [[x, y]]
            last_d = d
        if k < len(cut) and abs(cut[k][0] - seg_end) <= 1e-6 and i < len(pts) - 1:
            d, x, y = cut[k]  # a cut on a vertex: split there
            k += 1
            current.append([x, y])
            out.append(np.array(current))
            current = [[x, y]]
            last_d = d
        else:
            current.append(pts[i])
        along = seg_end
    if len(current) > 1:
        out.append(np.array(current))
    return out
