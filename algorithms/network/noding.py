"""Noding road centre lines: where lines cross or touch, and which end points coincide.

Two entry points, one home. :func:`algorithms.network.build_network` nodes every line
against every other (``crossings``, ``split_line``, ``merge_points``): digitised networks
cross anywhere. :func:`node_lines` nodes only the lines marked as added against the rest:
the demo generator's base lines are planar by construction, so only pairs involving an
added line are intersected, and a cut point gets identical coordinates in both lines it
splits. Pure numpy/shapely/scipy.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

PAIR_CHUNK = 250_000
"""Candidate segment pairs looked at a time (bounds the pair arrays' memory)."""


def crossings(parts: np.ndarray, tolerance: float) -> list[np.ndarray]:
    """For every line, the interior points (distance along, x, y) where another line meets it.

    Lines are cut into straight segments; segment pairs whose boxes overlap are intersected
    in closed form with numpy (GEOS overlay per pair is far slower on 100,000s of roads).
    Where a crossing falls on a vertex, the vertex's own coordinates are used, so the two
    lines share the node exactly. Line ends within ``tolerance`` of another line's interior
    (near misses of T-junctions) cut it too, at the end's coordinates.
    """
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    same = owner[1:] == owner[:-1]
    s0, s1, line = coords[:-1][same], coords[1:][same], owner[:-1][same]
    seg_len = np.hypot(*(s1 - s0).T)
    cum = np.cumsum(seg_len)
    first = np.searchsorted(line, np.arange(len(parts)))
    before = np.where(first > 0, cum[np.maximum(first - 1, 0)], 0.0)
    start_d = cum - seg_len - before[line]
    total = shapely.length(parts)
    found_line, found_rows = [], []

    def add(ln: np.ndarray, d: np.ndarray, xy: np.ndarray) -> None:
        inner = (d > 1e-6) & (d < total[ln] - 1e-6)
        found_line.append(ln[inner])
        found_rows.append(np.column_stack([d[inner], xy[inner]]))

    for i, j in _segment_pairs(s0, s1, line):
        p, r = s0[i], s1[i] - s0[i]
        q, w = s0[j], s1[j] - s0[j]
        denom = r[:, 0] * w[:, 1] - r[:, 1] * w[:, 0]
        qp = q - p
        ok = np.abs(denom) > 1e-12
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (qp[:, 0] * w[:, 1] - qp[:, 1] * w[:, 0]) / denom
            u = (qp[:, 0] * r[:, 1] - qp[:, 1] * r[:, 0]) / denom
        eps = 1e-9
        ok &= (t >= -eps) & (t <= 1 + eps) & (u >= -eps) & (u <= 1 + eps)
        i, j, t, u, p, r = i[ok], j[ok], np.clip(t[ok], 0, 1), np.clip(u[ok], 0, 1), p[ok], r[ok]
        xy = p + t[:, None] * r
        # on a vertex: take the vertex's exact coordinates (either segment's)
        snap_t = (t <= eps) | (t >= 1 - eps)
        xy[snap_t] = np.where((t[snap_t] <= eps)[:, None], s0[i[snap_t]], s1[i[snap_t]])
        snap_u = ((u <= eps) | (u >= 1 - eps)) & ~snap_t
        xy[snap_u] = np.where((u[snap_u] <= eps)[:, None], s0[j[snap_u]], s1[j[snap_u]])
        add(line[i], start_d[i] + t * seg_len[i], xy)
        add(line[j], start_d[j] + u * seg_len[j], xy)
    # line ends near another line's interior (and ends on a collinear overlap)
    ends_xy = np.vstack([s0[first], s1[np.searchsorted(line, np.arange(len(parts)), side="right") - 1]])
    end_owner = np.concatenate([np.arange(len(parts)), np.arange(len(parts))])
    tree = shapely.STRtree(parts)
    for lo in range(0, len(ends_xy), PAIR_CHUNK):  # a chunk's end points exist as geometries at a time
        ends = shapely.points(ends_xy[lo : lo + PAIR_CHUNK])
        e, ln = tree.query(ends, predicate="dwithin", distance=max(tolerance, 1e-9))
        other = end_owner[e + lo] != ln
        e, ln = e[other], ln[other]
        if len(e):
            add(ln, shapely.line_locate_point(parts[ln], ends[e]), ends_xy[e + lo])
    out: list[np.ndarray] = [np.zeros((0, 3))] * len(parts)
    if not found_line:
        return out
    ln = np.concatenate(found_line)
    rows = np.vstack(found_rows)
    order = np.argsort(ln, kind="stable")
    ln, rows = ln[order], rows[order]
    bounds = np.searchsorted(ln, np.arange(len(parts) + 1))
    for k in np.flatnonzero(np.diff(bounds)):
        out[k] = rows[bounds[k] : bounds[k + 1]]
    return out


def _segment_pairs(s0: np.ndarray, s1: np.ndarray, line: np.ndarray):
    """Every pair ``i < j`` of straight segments of different lines whose boxes meet
    (touching counts), about :data:`PAIR_CHUNK` candidate pairs at a time.

    A grid of square cells instead of a tree of the segments (a province's millions of
    two-point segment geometries and their tree took over a gigabyte): each segment is
    listed in every cell its box covers, candidates are the pairs listed in one cell, and a
    pair whose boxes meet is kept only in the cell holding the lower-left corner of where
    they meet (a point inside both boxes), so it is found exactly once. The cell size only
    changes the speed, never the pairs."""
    m = len(line)
    if m < 2:
        return
    lo, hi = np.minimum(s0, s1), np.maximum(s0, s1)
    extent = np.max(hi - lo, axis=1)
    size = max(float(np.median(extent)) * 4.0, 1.0)
    c0 = np.floor(lo / size).astype(np.int64)
    span = np.floor(hi / size).astype(np.int64) - c0 + 1
    n = span[:, 0] * span[:, 1]
    seg = np.repeat(np.arange(m), n)
    k = np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n)
    cx = c0[seg, 0] + k % span[seg, 0]
    cy = c0[seg, 1] + k // span[seg, 0]
    del k
    order = np.lexsort((seg, cy, cx))
    seg, cx, cy = seg[order], cx[order], cy[order]
    del order
    new = np.concatenate([[True], (cx[1:] != cx[:-1]) | (cy[1:] != cy[:-1])])
    group_end = np.append(np.flatnonzero(new)[1:], len(seg))
    later = group_end[np.cumsum(new) - 1] - np.arange(len(seg)) - 1  # entries after each in its cell
    ends = np.cumsum(later)
    start = 0
    while start < len(seg):
        base = ends[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, base + PAIR_CHUNK, side="right")))
        e = np.arange(start, stop)
        cnt = later[start:stop]
        a = np.repeat(e, cnt)
        b = a + 1 + np.arange(len(a)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        i, j = seg[a], seg[b]
        corner = np.maximum(lo[i], lo[j])
        keep = ((line[i] != line[j]) & np.all((lo[i] <= hi[j]) & (hi[i] >= lo[j]), axis=1)
                & (np.floor(corner[:, 0] / size) == cx[a]) & (np.floor(corner[:, 1] / size) == cy[a]))
        yield i[keep], j[keep]
        start = stop


def split_line(coords: np.ndarray, cuts: np.ndarray) -> list[np.ndarray]:
    """Split a polyline at cut points given as (distance along, x, y)."""
    coords = coords[:, :2]
    if len(cuts) > 1:
        cuts = cuts[np.argsort(cuts[:, 0], kind="stable")]
        cuts = cuts[np.concatenate([[True], np.diff(cuts[:, 0]) > 1e-6])]
    if len(coords) == 2:  # the common case: a straight segment, pieces between cut points
        pts = np.vstack([coords[:1], cuts[:, 1:], coords[1:]])
        return [pts[i : i + 2] for i in range(len(pts) - 1)]
    seg = np.hypot(*np.diff(coords, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    total = cum[-1]
    out = []
    start_d, start_xy = 0.0, coords[0]
    for d, x, y in cuts:
        inner = coords[(cum > start_d + 1e-9) & (cum < d - 1e-9)]
        out.append(np.vstack([start_xy, inner, [x, y]]))
        start_d, start_xy = d, np.array([x, y])
    inner = coords[(cum > start_d + 1e-9) & (cum < total - 1e-9)]
    out.append(np.vstack([start_xy, inner, coords[-1]]))
    return out


def merge_points(pts: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Cluster points closer than ``tolerance``; return each point's cluster and centres."""
    key = np.round(pts / 1e-3).astype(np.int64)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.ravel()
    centres = np.zeros((len(uniq), 2))
    np.add.at(centres, inv, pts)
    centres /= np.bincount(inv, minlength=len(uniq))[:, None]
    if tolerance > 0 and len(uniq) > 1:
        pairs = cKDTree(centres).query_pairs(tolerance, output_type="ndarray")
        if len(pairs):
            n = len(centres)
            adj = csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
            _, lab = connected_components(adj, directed=False)
            merged = np.zeros((lab.max() + 1, 2))
            np.add.at(merged, lab, centres)
            merged /= np.bincount(lab)[:, None]
            return lab[inv], merged
    return inv, centres


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
        for p in split_line(coords[i], rows[lo:hi]):
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
