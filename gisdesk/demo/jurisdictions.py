"""Station jurisdictions whose rural villages hang together, as a real bureau draws them.

An urban station takes the seat township's villages in its sector around the town. Where
the town reaches out across a sector, the sector's villages lie on both sides of it, and
the station's rural villages come out in pieces that no office can serve as one area (a
piece of 4 villages cannot make an office of 5-8). :func:`connect_stations` hands every
piece cut off from a station's main piece to the neighbouring station it touches (an urban
station whose pieces are all too small for an office keeps its communities only), over the
adjacency ``site`` enforces (:func:`gisdesk.services.siting.contiguity.village_adjacency`:
the Voronoi cells of every village and community point of the region), taken a little
stricter so that what touches here touches there. Nothing is drawn at random: a region
whose stations already hang together (the demo county) is left exactly as it was.
"""

from __future__ import annotations

import numpy as np
import shapely

from algorithms.districting import components, voronoi_cells
from gisdesk.demo.geography import County, station_geoms
from gisdesk.services.siting.contiguity import FRAME_M
from layers.standard import Standard
from layers.topology import MIN_SHARED_M, adjacency

TOUCH_M = MIN_SHARED_M + 20.0
"""Two cells touch here only along more boundary than ``site`` asks for."""


def connect_stations(counties: list[County]) -> int:
    """Move cut-off pieces of stations' rural villages to a touching station of the same
    county (redrawing the stations' areas); returns how many villages moved."""
    xy, county_of, local, rural = [], [], [], []
    for k, c in enumerate(counties):
        comm = shapely.get_coordinates(shapely.point_on_surface(c.town.community_geoms))
        nv = len(c.village_xy)
        xy += [c.village_xy, comm]
        county_of.append(np.full(nv + len(comm), k))
        local.append(np.concatenate([np.arange(nv), np.full(len(comm), -1)]))
        rural.append(np.arange(nv + len(comm)) < nv)
    pts = np.vstack(xy)
    county_of, local, rural = np.concatenate(county_of), np.concatenate(local), np.concatenate(rural)
    frame = shapely.buffer(shapely.convex_hull(shapely.multipoints(pts)), FRAME_M)
    edges = adjacency(voronoi_cells(pts, frame), min_shared=TOUCH_M)
    edges = edges[rural[edges[:, 0]] & rural[edges[:, 1]]]
    edges = edges[county_of[edges[:, 0]] == county_of[edges[:, 1]]]
    moved = 0
    for k, c in enumerate(counties):
        at = np.flatnonzero(county_of == k)
        pos = np.full(len(pts), -1)
        pos[at] = local[at]
        mine = edges[county_of[edges[:, 0]] == k]
        changed = _connect(c, pos[mine], c.village_station)
        if changed:
            moved += len(changed[0])
            for s in sorted(set(changed[1])):
                c.stations[s].geom = station_geoms(c, s)
        _absorb_slivers(c)
    return moved


def _absorb_slivers(county: County, share: float = 0.01) -> None:
    """A station area's detached sliver (under ``share`` of the area, left where its cells
    meet the town's outline) goes to the station it shares the most boundary with (the most
    area within 2 m of it)."""
    for st in county.stations:
        parts = sorted(shapely.get_parts(st.geom), key=lambda g: -g.area)
        for part in parts[1:]:
            if part.area >= share * parts[0].area:
                continue
            others = [o for o in county.stations if o is not st]
            rim = shapely.buffer(part, 2.0)  # the edges it shares are not drawn exactly alike on both sides
            shared = [shapely.area(shapely.intersection(rim, o.geom)) for o in others]
            if max(shared, default=0.0) <= 0:
                continue
            to = others[int(np.argmax(shared))]
            to.geom = shapely.union(to.geom, part)
            st.geom = shapely.difference(st.geom, part)


def _connect(county: County, edges: np.ndarray, station: np.ndarray) -> tuple[list[int], list[int]] | None:
    """Re-label ``station`` (village -> station index) in place until every station's
    villages are one piece, as far as touching stations allow; (villages moved, stations
    changed) or None."""
    moved: list[int] = []
    touched: list[int] = []
    townships = county.village_township
    for _ in range(4 * len(county.stations) + 4):
        sizes = np.bincount(station, minlength=len(county.stations))
        step = None
        for s in range(len(county.stations)):
            pieces = _pieces(edges, station, s)
            if len(pieces) > 1:
                step = s, pieces
                break
        if step is None:
            break
        s, pieces = step
        keep = max(range(len(pieces)), key=lambda p: (_feasible(len(pieces[p])), len(pieces[p]), -pieces[p].min()))
        if county.stations[s].urban and not _feasible(len(pieces[keep])):
            keep = -1  # too few for an office: the town's station keeps its communities only
        for p, piece in enumerate(pieces):
            if p == keep:
                continue
            inside = np.isin(edges, piece)
            out = np.where(inside[:, 0], edges[:, 1], edges[:, 0])[inside[:, 0] ^ inside[:, 1]]
            options = sorted(set(station[out].tolist()) - {s})
            if not options:
                continue
            same = {int(t) for t in townships[piece]}
            to = max(options, key=lambda o: (_feasible(sizes[o] + len(piece)),
                                             bool(same & set(townships[station == o].tolist())),
                                             int((station[out] == o).sum()), -o))
            station[piece] = to
            sizes[to] += len(piece)
            sizes[s] -= len(piece)
            moved += piece.tolist()
            touched += [s, to]
    return (moved, touched) if moved else None


def _pieces(edges: np.ndarray, station: np.ndarray, s: int) -> list[np.ndarray]:
    """The villages of station ``s`` in connected pieces, largest first."""
    members = np.flatnonzero(station == s)
    if len(members) < 2:
        return [members] if len(members) else []
    pos = np.full(len(station), -1)
    pos[members] = np.arange(len(members))
    e = pos[edges]
    e = e[(e >= 0).all(axis=1)]
    count, comp = components(e, len(members))
    parts = [members[comp == k] for k in range(count)]
    return sorted(parts, key=lambda p: (-len(p), int(p.min())))


def _feasible(n: int, lo: int = Standard.min_villages, hi: int = Standard.max_villages) -> bool:
    """``n`` villages make offices of ``lo``-``hi`` each (or there are none)."""
    return n == 0 or any(lo * p <= n <= hi * p for p in range(1, n // lo + 1))
