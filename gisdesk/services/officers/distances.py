"""Road km from where people sit to the centres of grids, station by station.

The road network is the siting one (:class:`gisdesk.services.siting.SitingContext`, from
the per-user disk cache when the project has a file); the seats (posts of every tier) and
the grid centres (a point inside each grid) are snapped onto it once, then one Dijkstra
block per station, searched within a box around that station's points. Without roads the
distance is the straight line x the context's detour factor; a pair with no road path
between them gets the straight line x 2 and is counted in ``no_path``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algorithms.network import RoadNetwork, straight_costs, travel_costs
from algorithms.progress import CancelToken, check
from gisdesk.services.siting.costs import BOX_MARGIN_M, SitingContext
from layers.metric_zone import to_metric
from layers.project import Project

NO_PATH_FACTOR = 2.0
"""A pair without a road path between them is taken as this times the straight line."""


@dataclass
class SeatGrid:
    """Metric points of the seats (post codes) and grid centres (grid codes), snapped."""

    seat_xy: dict[str, np.ndarray]
    grid_xy: np.ndarray
    ctx: SitingContext
    network: RoadNetwork | None = None
    seat_node: dict[str, int] | None = None
    grid_node: np.ndarray | None = None
    no_path: int = 0

    def km(self, seats: list[str], grids: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
        """(people x grids) km from each seat code to each grid (indices into the grids layer);
        a seat that is not known (no post) gets the mean of the grids' centres."""
        gxy = self.grid_xy[grids]
        fallback = gxy.mean(axis=0) if len(gxy) else np.zeros(2)
        sxy = np.array([self.seat_xy.get(s, fallback) for s in seats]).reshape(-1, 2)
        straight = straight_costs(sxy, gxy, self.ctx.detour) / 1000.0
        if self.network is None or len(seats) == 0 or len(grids) == 0:
            return straight
        known = np.array([s in self.seat_xy for s in seats])
        out = np.where(known[:, None], np.inf, straight)
        if known.any():
            assert self.seat_node is not None and self.grid_node is not None
            src = np.array([self.seat_node[s] for s, k in zip(seats, known, strict=True) if k])
            pts = np.vstack([sxy[known], gxy])
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            margin = max(BOX_MARGIN_M, 0.5 * float((hi - lo).max()))
            box = (lo[0] - margin, lo[1] - margin, hi[0] + margin, hi[1] + margin)
            check(cancel)
            road = travel_costs(self.network, src, self.grid_node[grids], within=box, cancel=cancel) / 1000.0
            out[known] = road
        missing = ~np.isfinite(out)
        self.no_path += int(missing.sum())
        return np.where(missing, straight / self.ctx.detour * NO_PATH_FACTOR, out)


def seat_grid(project: Project, ctx: SitingContext) -> SeatGrid:
    """The seats and grid centres of ``project`` on the road network of ``ctx``."""
    posts = project["posts"]
    posts = posts[posts.geometry.notna() & ~posts.geometry.is_empty]
    grids = project["grids"]
    seat_xy: dict[str, np.ndarray] = {}
    if len(posts):
        metric = to_metric(posts, ctx.epsg).geometry
        for code, x, y in zip(posts["code"], metric.x, metric.y, strict=True):
            seat_xy.setdefault(code, np.array([x, y]))
    grid_xy = np.zeros((len(grids), 2))
    if len(grids):
        ok = grids.geometry.notna() & ~grids.geometry.is_empty
        pts = to_metric(grids[ok].set_geometry(grids[ok].geometry.representative_point()), ctx.epsg).geometry
        grid_xy[ok.to_numpy()] = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    out = SeatGrid(seat_xy, grid_xy, ctx)
    if ctx.network is not None and (len(seat_xy) or len(grid_xy)):
        codes = list(seat_xy)
        xy = np.vstack([np.array([seat_xy[c] for c in codes]).reshape(-1, 2), grid_xy])
        snapped = ctx.network.with_points(xy, connector_kmh=ctx.connector_kmh)
        out.network = snapped.network
        out.seat_node = {c: int(n) for c, n in zip(codes, snapped.nodes[: len(codes)], strict=True)}
        out.grid_node = snapped.nodes[len(codes):]
    return out


def grid_index(project: Project) -> pd.Series:
    """Grid code -> row number in the grids layer."""
    g = project["grids"]
    return pd.Series(np.arange(len(g)), index=g["code"].to_numpy())
