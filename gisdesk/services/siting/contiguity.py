"""Which villages touch: the adjacency an office's service area must be connected over.

Villages drawn as polygons touch where their boundaries share an edge
(:func:`layers.topology.adjacency`); villages that are points (the usual village list)
touch where their Voronoi cells do, the cells taken over the hull of all villages grown
by ``FRAME_M`` (:func:`algorithms.districting.voronoi_cells`). Urban communities take part
as cells too, so an office whose villages lie on both sides of a town is in two pieces.
:func:`office_pieces` measures a plan with the same adjacency the siting enforces.
"""

from __future__ import annotations

import numpy as np
import shapely

from algorithms.districting import voronoi_cells
from algorithms.location import pieces_per_site
from layers.metric_zone import to_metric
from layers.topology import adjacency

FRAME_M = 2000.0
"""How far beyond the outermost villages their cells reach."""


def village_adjacency(villages, epsg: int) -> np.ndarray:
    """(e, 2) pairs of row positions of ``villages`` (rows with a geometry) that touch."""
    ok = (villages.geometry.notna() & ~villages.geometry.is_empty).to_numpy()
    rows = np.flatnonzero(ok)
    if len(rows) < 2:
        return np.zeros((0, 2), np.int64)
    metric = np.asarray(to_metric(villages.iloc[rows], epsg).geometry.values)
    polygons = np.isin(shapely.get_type_id(metric), (3, 6))
    if polygons.all():
        cells = shapely.make_valid(metric)
    else:
        pts = shapely.get_coordinates(shapely.point_on_surface(metric))
        frame = shapely.buffer(shapely.convex_hull(shapely.multipoints(pts)), FRAME_M)
        cells = voronoi_cells(pts, frame)
    pairs = adjacency(np.asarray(cells))
    return rows[pairs] if len(pairs) else np.zeros((0, 2), np.int64)


def context_adjacency(ctx) -> np.ndarray:
    """Adjacent pairs of ``ctx.villages`` indices, computed once per context (kept beside
    its distance cache, which the disk store saves, not in it)."""
    cached = getattr(ctx, "_village_adjacency", None)
    if cached is None:
        frame = ctx._frames[0]
        ok = (frame.geometry.notna() & ~frame.geometry.is_empty).to_numpy()
        cached = _reindex(village_adjacency(frame, ctx.epsg), np.flatnonzero(ok))
        ctx._village_adjacency = cached
    return cached


def local_edges(edges: np.ndarray, members: np.ndarray) -> np.ndarray:
    """The pairs of ``edges`` between ``members`` (global indices), as positions in ``members``."""
    pos = np.full(int(max(edges.max(initial=-1), members.max(initial=-1))) + 1, -1, np.int64)
    pos[members] = np.arange(len(members))
    if len(edges) == 0:
        return np.zeros((0, 2), np.int64)
    local = pos[edges]
    return local[(local >= 0).all(axis=1)]


def office_pieces(project, assignment=None) -> dict[str, int]:
    """Pieces of every office's service area in a plan (``plan_assignment``), by office code.

    Only offices whose area is split are listed (code -> number of pieces).
    """
    villages = project["villages"]
    plan = project["plan_assignment"] if assignment is None else assignment
    if len(villages) == 0 or len(plan) == 0:
        return {}
    edges = village_adjacency(villages, project.metric_epsg())
    office_of = dict(zip(plan["village"].astype(str), plan["office"].astype(str), strict=False))
    codes = villages["code"].astype(str).to_numpy()
    offices = np.array([office_of.get(c, "") for c in codes], object)
    served = np.flatnonzero(offices != "")
    names, label = np.unique(offices[served], return_inverse=True)
    pieces = pieces_per_site(local_edges(edges, served), label)
    return {str(names[k]): n for k, n in pieces.items() if n > 1}


def _reindex(pairs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Pairs of frame row positions as positions among ``rows`` (the rows kept)."""
    pos = np.full(int(rows.max(initial=-1)) + 1, -1, np.int64)
    pos[rows] = np.arange(len(rows))
    return pos[pairs] if len(pairs) else np.zeros((0, 2), np.int64)
