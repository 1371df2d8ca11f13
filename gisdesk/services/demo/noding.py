"""Split road lines where they cross, so every piece runs from junction to junction.

The generator's base lines (the field-road lattice and the town's street grid) are
planar by construction; only the added lines (trunk roads drawn freely, village spurs
and lanes, connectors) can cross anything, so only pairs involving an added line are
intersected. A cut point gets identical coordinates in both lines it splits.
"""

from __future__ import annotations

import numpy as np
import shapely


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
            for side in (a, b):
                line = side[pr]
                d = shapely.line_locate_point(geoms[line], shapely.points(xy))
                xy = np.where((d <= 0.01)[:, None], starts[line], xy)
                xy = np.where((d >= total[line] - 0.01)[:, None], ends[line], xy)
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


def _split(coords: np.ndarray, cuts: np.ndarray) -> list[np.ndarray]:
    """Split a polyline at (distance along, x, y) cut points sorted by distance."""
    if len(cuts) > 1:
        cuts = cuts[np.concatenate([[True], np.diff(cuts[:, 0]) > 0.01])]
    if len(coords) == 2:
        pts = np.concatenate([coords[:1], cuts[:, 1:], coords[1:]])
        return [pts[k : k + 2] for k in range(len(pts) - 1)]
    seg = np.hypot(*np.diff(coords, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    # vertices strictly between consecutive cuts go with the piece between them
    marks = np.concatenate([[0.0], cuts[:, 0], [cum[-1]]])
    ends = np.concatenate([coords[:1], cuts[:, 1:], coords[-1:]])
    slot = np.searchsorted(marks, cum, side="left")
    out = []
    for k in range(len(marks) - 1):
        inner = coords[(slot == k + 1) & (cum > marks[k] + 1e-6) & (cum < marks[k + 1] - 1e-6)]
        out.append(np.concatenate([ends[k : k + 1], inner, ends[k + 1 : k + 2]]))
    return out
