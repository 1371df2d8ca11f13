"""The drawn village -> office lines of ``plan_assignment``: along the road when there is one.

With the road model each line follows the path its ``road_km`` was measured on: from the
village along its connector to the road, along the roads, and to the office, simplified
to a few vertices (the kept ones are the road's own, so they stay on the road). Without
roads, or where no road path joins the two, the line is straight.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from algorithms.network import route_lines
from algorithms.progress import CancelToken
from gisdesk.services.siting.costs import SitingContext
from layers.schema import CRS

SIMPLIFY_M = 10.0
"""Douglas-Peucker tolerance in metres for the drawn paths (a hair at map scale)."""


def assignment_lines(
    ctx: SitingContext,
    villages: np.ndarray,
    sites: np.ndarray,
    km: np.ndarray | None = None,
    *,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """LineStrings in EPSG:4490 from each village to its site (indices into ``ctx.villages``
    / ``ctx.sites``): the road path where the distances are road distances, else straight.

    ``km``, the pairs' known road km, bounds the searches (much quicker on a big network).
    """
    villages = np.asarray(villages, int)
    sites = np.asarray(sites, int)
    v, s = ctx.villages, ctx.sites
    out = shapely.linestrings(np.stack([v.lonlat[villages], s.lonlat[sites]], axis=1)) if len(villages) else np.array([], object)
    if ctx.network is None or len(villages) == 0:
        return out
    paths: list[np.ndarray | None] = [None] * len(villages)
    stations = v.attrs["station"].astype(str)[villages]
    for st in np.unique(stations):  # one search per office, within its station's box
        rows = np.flatnonzero(stations == st)
        box = ctx.search_box(villages[rows], sites[rows])
        limit = np.inf
        if km is not None and np.isfinite(km[rows]).all():
            limit = float(np.max(km[rows])) * 1000.0 * 1.25 + 100.0
        found = route_lines(ctx.network, ctx.village_node[villages[rows]], ctx.site_node[sites[rows]],
                            within=box, limit=limit, cancel=cancel)
        for r, path in zip(rows, found, strict=True):
            paths[r] = path
    have = np.array([p is not None and len(p) >= 2 and bool(np.any(p != p[0])) for p in paths], bool)
    if not have.any():
        return out
    drawn = [p for p, h in zip(paths, have, strict=True) if h and p is not None]
    metric = shapely.linestrings(np.vstack(drawn), indices=np.repeat(np.arange(len(drawn)), [len(p) for p in drawn]))
    metric = shapely.simplify(metric, SIMPLIFY_M, preserve_topology=False)
    coords, owner = shapely.get_coordinates(metric, return_index=True)
    lon, lat = Transformer.from_crs(f"EPSG:{ctx.epsg}", CRS, always_xy=True).transform(coords[:, 0], coords[:, 1])
    lonlat = np.column_stack([lon, lat])
    starts = np.searchsorted(owner, np.arange(len(metric) + 1))
    # the ends are exactly the village and office points the rest of the project shows
    which = np.flatnonzero(have)
    lonlat[starts[:-1]] = v.lonlat[villages[which]]
    lonlat[starts[1:] - 1] = s.lonlat[sites[which]]
    out = np.array(out, dtype=object)
    out[which] = shapely.linestrings(lonlat, indices=owner)
    return out
