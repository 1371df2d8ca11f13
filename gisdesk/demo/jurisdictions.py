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
    xy: list[np.ndarray] = []
    counties_of: list[np.ndarray] = []
    locals_: list[np.ndarray] = []
    rurals: list[np.ndarray] = []
    for k, c in enumerate(counties):
        comm = shapely.get_coordinates(shapely.point_on_surface(c.town.community_geoms))
        nv = len(c.village_xy)
        xy += [c.village_xy, comm]
        counties_of.append(np.full(nv + len(comm), k))
        locals_.append(np.concatenate([np.arange(nv), np.full(len(comm), -1)]))
        rurals.append(np.arange(nv + len(comm)) < nv)
    pts = np.vstack(xy)
    county_of, local, rural = np.concatenate(counties_of), np.concatenate(locals_), np.concatenate(rurals)
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
        moved += _hand_over_detached(c)
        _absorb_slivers(c)
    return moved


def _hand_over_detached(county: County, share: float = 0.01) -> int:
    """A part of a station's area cut off from the rest on the map (the town or a neighbour's
    cells between them), larger than a sliver and holding villages, goes with its villages
    to the station it shares the most boundary with; where that would leave the station a
    count that cannot make offices of 5-8 (10 - 1 = 9), the nearest village of its main part
    touching that station goes too. A move is kept only if both stations stay one piece on
    the map and make offices of 5-8; returns how many villages moved."""
    moved = 0
    for k, st in enumerate(county.stations):
        parts = sorted(shapely.get_parts(st.geom), key=lambda g: -g.area)
        for part in parts[1:]:
            if part.area < share * parts[0].area:
                continue
            mine = np.flatnonzero(county.village_station == k)
            inside = mine[shapely.contains_xy(part, *county.village_xy[mine].T)]
            if not len(inside):
                continue
            for j in _by_shared_boundary(county, k, part):
                done = next((group for group in _handovers(county, k, j, inside, part)
                             if _try_move(county, k, j, group)), None)
                if done is not None:
                    moved += len(done)
                    break
    return moved


def _handovers(county: County, k: int, j: int, inside: np.ndarray, part):
    """The groups of station ``k``'s villages to try handing to station ``j``: the detached
    ones, then with each of the 3 villages of k nearest the part whose cells touch j."""
    yield inside
    rest = np.setdiff1d(np.flatnonzero(county.village_station == k), inside)
    touching = rest[shapely.intersects(shapely.buffer(county.village_cells[rest], 2.0), county.stations[j].geom)]
    order = touching[np.argsort(shapely.distance(shapely.points(county.village_xy[touching]), part), kind="stable")]
    for extra in order[:3]:
        yield np.append(inside, extra)


def _try_move(county: County, k: int, j: int, group: np.ndarray) -> bool:
    """Move ``group`` from station k to j if both stay feasible and one piece on the map."""
    sizes = np.bincount(county.village_station, minlength=len(county.stations))
    if not (_feasible(sizes[k] - len(group)) and _feasible(sizes[j] + len(group))):
        return False
    county.village_station[group] = j
    gk, gj = station_geoms(county, k), station_geoms(county, j)
    if len(shapely.get_parts(gk)) > 1 or len(shapely.get_parts(gj)) > len(shapely.get_parts(county.stations[j].geom)):
        county.village_station[group] = k
        return False
    county.stations[k].geom, county.stations[j].geom = gk, gj
    return True


def _absorb_slivers(county: County, share: float = 0.01) -> None:
    """A station area's detached sliver (under ``share`` of the area, left where its cells
    meet the town's outline) goes to the station it shares the most boundary with (the most
    area within 2 m of it)."""
    for k, st in enumerate(county.stations):
        parts = sorted(shapely.get_parts(st.geom), key=lambda g: -g.area)
        for part in parts[1:]:
            if part.area >= share * parts[0].area:
                continue
            neighbours = _by_shared_boundary(county, k, part)
            if not neighbours:
                continue
            to = county.stations[neighbours[0]]
            to.geom = shapely.union(to.geom, part)
            st.geom = shapely.difference(st.geom, part)


def _by_shared_boundary(county: County, k: int, part) -> list[int]:
    """The other stations touching ``part`` of station k's area, the most shared boundary
    first (the most area within 2 m of it: the edges it shares are not drawn exactly alike
    on both sides)."""
    rim = shapely.buffer(part, 2.0)
    shared = [(float(shapely.area(shapely.intersection(rim, o.geom))), j)
              for j, o in enumerate(county.stations) if j != k]
    return [j for area, j in sorted(shared, key=lambda t: (-t[0], t[1])) if area > 0]


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
            to = max(options, key=lambda o: (_feasible(int(sizes[o]) + len(piece)),
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
