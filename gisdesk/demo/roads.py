"""The road network of the demo: field-road lattice, trunk roads, village roads, town streets.

The plain's dense grid of field and village roads (机耕路/村道) is a jittered lattice
about 420 m apart; county and township roads are routes over that lattice that prefer
a few "good" lattice lines, so they come out as long straight runs with occasional
jogs, as on the Henan plain. National and provincial roads and the expressway are
drawn freely across the region and noded against everything they cross (the
expressway only meets the rest at its interchanges). Every village gets a spur to the
lattice and a few lanes; towns connect at their arterial gates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import Delaunay

from algorithms.network import node_lines
from gisdesk.demo.geography import County
from gisdesk.demo.lattice import Lattice
from gisdesk.demo.shapes import wiggle_line, wiggle_many

RANK = {"village": 0, "township": 1, "county": 2, "provincial": 3, "national": 4, "expressway": 5, "urban": -1}


@dataclass
class Road:
    coords: np.ndarray
    road_class: str
    name: str = ""
    speed: float = np.nan
    oneway: bool = False
    added: bool = True  # may cross other lines (noded), False for the planar lattice and streets


def build_roads(rng: np.random.Generator, outline, counties: list[County], angle: float) -> list[Road]:
    """Every road of the region, noded: one :class:`Road` per piece between junctions."""
    towns = [c.town for c in counties]
    lat = Lattice(rng, outline, [t.shape for t in towns], angle)
    roads: list[Road] = []
    for ci, county in enumerate(counties):
        _trunk_routes(rng, lat, county, ci)
    _lattice_roads(rng, lat, roads)
    for county in counties:
        _village_roads(rng, lat, county, roads, angle)
        _town_roads(lat, county, roads)
    _free_roads(rng, lat, outline, counties, roads)
    # the expressway crosses everything on bridges: it meets the network only at its interchanges
    bridged = [r for r in roads if r.road_class == "expressway" and not r.added]
    rest = [r for r in roads if not (r.road_class == "expressway" and not r.added)]
    pieces, src = node_lines([r.coords for r in rest], np.array([r.added for r in rest]))
    out = [Road(p, rest[s].road_class, rest[s].name, rest[s].speed, rest[s].oneway, False)
           for p, s in zip(pieces, src, strict=True)]
    return _main_component(out + bridged)


def _trunk_routes(rng, lat: Lattice, county: County, ci: int) -> None:
    """County roads between the town and the township seats, township roads out to villages."""
    seats = county.township_seat[1:]
    pts = np.vstack([county.town.centre, county.village_xy[seats]])
    nodes = lat.nearest(pts)
    n = len(pts)
    d = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    mst = minimum_spanning_tree(d).tocoo()
    pairs = [(int(a), int(b)) for a, b in zip(mst.row, mst.col, strict=True)]
    if n >= 4:
        tri = Delaunay(pts)
        extra = set()
        for s in tri.simplices:
            for a, b in ((s[0], s[1]), (s[1], s[2]), (s[0], s[2])):
                a, b = int(min(a, b)), int(max(a, b))
                extra.add((a, b))
        mst_set = {(min(a, b), max(a, b)) for a, b in pairs}
        extra_list = sorted(e for e in extra if e not in mst_set and d[e] < 22000)
        take = rng.random(len(extra_list)) < 0.45
        pairs_extra = [e for e, t in zip(extra_list, take, strict=True) if t]
    else:
        pairs_extra = []
    requests: list[tuple[int, np.ndarray, int, str]] = []
    num = 1 + ci * 40
    for a, b in pairs:
        requests.append((int(nodes[a]), np.array([nodes[b]]), RANK["county"], f"X{num:03d}"))
        num += 1
    ynum = 1 + ci * 100
    for a, b in pairs_extra:
        requests.append((int(nodes[a]), np.array([nodes[b]]), RANK["township"], f"Y{ynum:03d}"))
        ynum += 1
    # township roads from each seat to a few of its far villages
    for t in range(1, len(county.township_names)):
        members = np.flatnonzero(county.village_township == t)
        if len(members) < 4:
            continue
        seat_xy = county.village_xy[county.township_seat[t]]
        rel = county.village_xy[members] - seat_xy
        ang = np.arctan2(rel[:, 1], rel[:, 0])
        dist = np.hypot(*rel.T)
        picks = []
        for q in range(4):
            sel = ((ang + np.pi) // (np.pi / 2)).astype(int) == q
            if sel.any() and rng.random() < 0.8:
                picks.append(members[np.flatnonzero(sel)[np.argmax(dist[sel])]])
        if picks:
            requests.append((int(lat.nearest(seat_xy[None, :])[0]), lat.nearest(county.village_xy[picks]),
                             RANK["township"], f"Y{ynum:03d}"))
            ynum += 1
    x0, y0, x1, y1 = county.outline.bounds
    lat.upgrade_many(requests, (x0 - 6000, y0 - 6000, x1 + 6000, y1 + 6000))


def _lattice_roads(rng, lat: Lattice, roads: list[Road]) -> None:
    names = {v: k for k, v in RANK.items()}
    a, b = lat.xy[lat.edges[:, 0]], lat.xy[lat.edges[:, 1]]
    d = b - a
    length = np.hypot(*d.T)
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / length[:, None]
    wig = rng.uniform(-1, 1, len(d)) * np.where(lat.rank > 0, 4.0, 11.0)
    mid = (a + b) / 2 + normal * wig[:, None]
    lines = np.stack([a, mid, b], axis=1)
    classes = [names[int(r)] for r in lat.rank]
    roads.extend(Road(lines[k], classes[k], str(lat.name[k]), added=False) for k in range(len(d)))


def _village_roads(rng, lat: Lattice, county: County, roads: list[Road], angle: float) -> None:
    """A main street through every village, a spur to the lattice and a few lanes."""
    vxy = county.village_xy
    target = lat.xy[lat.nearest(vxy)]
    far = np.hypot(*(target - vxy).T) > 5
    spurs = wiggle_many(rng, vxy[far], target[far], 5, rng.uniform(2, 15, int(far.sum())))
    roads.extend(Road(c, "village") for c in spurs)
    # a main street through the village along the field grid, often reaching the next field roads
    heading = angle + np.where(rng.random(len(vxy)) < 0.5, 0.0, np.pi / 2) + rng.uniform(-0.08, 0.08, len(vxy))
    half = rng.uniform(170, 300, len(vxy))[:, None] * np.column_stack([np.cos(heading), np.sin(heading)])
    mains = wiggle_many(rng, vxy - half, vxy + half, 7, rng.uniform(2, 10, len(vxy)))
    mains[:, 3] = vxy  # the street passes the village centre, where the spur and lanes start
    roads.extend(Road(c, "village") for c in mains)
    count = rng.integers(1, 4, len(vxy))
    start = np.repeat(vxy, count, axis=0)
    ang = rng.uniform(0, 2 * np.pi, len(start))
    end = start + rng.uniform(90, 230, len(start))[:, None] * np.column_stack([np.cos(ang), np.sin(ang)])
    lanes = wiggle_many(rng, start, end, 4, rng.uniform(1, 8, len(start)))
    roads.extend(Road(c, "village") for c in lanes)


def _town_roads(lat: Lattice, county: County, roads: list[Road]) -> None:
    """The town's streets, and roads from its arterial gates out to the lattice."""
    for s in county.town.streets:
        roads.append(Road(s.coords, "urban", s.name, s.speed, s.oneway, added=False))
    gates = county.town.arterial_nodes
    if len(gates) == 0:
        gates = county.town.gates
    d, near = lat.tree.query(gates)
    best: dict[int, int] = {}  # one road per lattice node, from its nearest gate
    for gi, (dd, k) in enumerate(zip(d, near, strict=True)):
        if dd < 1200 and (int(k) not in best or dd < d[best[int(k)]]):
            best[int(k)] = gi
    for k in sorted(best):
        roads.append(Road(np.array([gates[best[k]], lat.xy[k]]), "urban"))


def _free_roads(rng, lat: Lattice, outline, counties: list[County], roads: list[Road]) -> None:
    """National and provincial roads through or past the towns, and the expressway."""
    towns = shapely.union_all([c.town.shape for c in counties])
    inner = shapely.buffer(outline, -40)
    n_counties = len(counties)
    national = ["G310", "G105", "G311", "G343"]
    provincial = ["S206", "S207", "S325", "S324", "S211", "S208", "S312", "S201"]
    n_nat = 2 if n_counties == 1 else 4
    n_prov = 2 if n_counties == 1 else 7
    base = rng.uniform(0, np.pi)
    for k in range(n_nat):
        town = counties[(k * 3) % n_counties].town
        phi = base + k * np.pi / n_nat + rng.uniform(-0.15, 0.15)
        anchor = town.centre + rng.uniform(-200, 200, 2)
        _add_free(rng, lat, anchor, phi, inner, towns, counties, roads, "national", national[k % len(national)])
    base = rng.uniform(0, np.pi)
    for k in range(n_prov):
        town = counties[(k * 4 + 1) % n_counties].town
        phi = base + k * np.pi / n_prov + rng.uniform(-0.2, 0.2)
        off = rng.uniform(3500, 9000) * rng.choice([-1, 1])
        anchor = town.centre + off * np.array([-np.sin(phi), np.cos(phi)])
        _add_free(rng, lat, anchor, phi, inner, towns, counties, roads, "provincial", provincial[k % len(provincial)])
    _expressway(rng, lat, inner, counties, roads, 0.0, "G30连霍高速")
    if n_counties > 1:
        _expressway(rng, lat, inner, counties, roads, np.pi / 2, "G45大广高速")


def _long_line(rng, anchor: np.ndarray, phi: float, half: float, amp: float) -> np.ndarray:
    direction = np.array([np.cos(phi), np.sin(phi)])
    return wiggle_line(rng, anchor - half * direction, anchor + half * direction, 150.0, amp, waves=6.0)


def _add_free(rng, lat, anchor, phi, inner, towns, counties, roads, road_class: str, name: str) -> None:
    x0, y0, x1, y1 = inner.bounds
    half = np.hypot(x1 - x0, y1 - y0)
    line = shapely.linestrings(_long_line(rng, anchor, phi, half, rng.uniform(300, 900)))
    clipped = shapely.difference(shapely.intersection(line, inner), shapely.buffer(towns, 30))
    for part in shapely.get_parts(shapely.line_merge(clipped) if clipped.geom_type == "MultiLineString" else clipped):
        if part.geom_type != "LineString" or part.length < 800:
            continue
        xy = shapely.get_coordinates(part)
        roads.append(Road(xy, road_class, name))
        for end in (xy[0], xy[-1]):  # ends at a town: join the nearest gate of the street grid
            for c in counties:
                if shapely.distance(c.town.shape, shapely.Point(end)) < 100:
                    gates = c.town.gates
                    g = gates[np.argmin(np.hypot(*(gates - end).T))]
                    roads.append(Road(np.array([end, g]), road_class, name))
                    break


def _expressway(rng, lat: Lattice, inner, counties: list[County], roads: list[Road], heading: float,
                name: str) -> None:
    x0, y0, x1, y1 = inner.bounds
    half = np.hypot(x1 - x0, y1 - y0)
    towns = shapely.union_all([shapely.buffer(c.town.shape, 2000) for c in counties])
    centre = np.asarray(inner.centroid.coords[0])
    for _ in range(40):
        phi = heading + rng.uniform(-0.6, 0.6)  # G30 runs roughly east-west, G45 north-south
        off = rng.uniform(-0.35, 0.35) * (y1 - y0)
        anchor = centre + off * np.array([-np.sin(phi), np.cos(phi)])
        xy = _long_line(rng, anchor, phi, half, 400.0)
        line = shapely.intersection(shapely.linestrings(xy), inner)
        if line.geom_type == "LineString" and line.length > 10000 and not shapely.intersects(line, towns):
            break
    if line.geom_type != "LineString":
        parts = sorted(shapely.get_parts(line), key=lambda g: -g.length)
        line = parts[0]
    xy = shapely.get_coordinates(line)
    # interchanges: the expressway vertices nearest each town, if that town is within 15 km
    cuts = []
    for c in counties:
        d = np.hypot(*(xy - c.town.centre).T)
        k = int(np.argmin(d))
        if d[k] < 15000 and 0 < k < len(xy) - 1:
            cuts.append(k)
    if not cuts:
        cuts = [len(xy) // 2]
    cuts = sorted(set(cuts))
    start = 0
    for k in cuts + [len(xy) - 1]:
        if k > start:
            roads.append(Road(xy[start : k + 1], "expressway", name, 120.0, added=False))
        start = k
    for k in cuts:
        node = lat.xy[lat.nearest(xy[k][None, :])[0]]
        roads.append(Road(np.array([xy[k], node]), "expressway", name + "连接线", 40.0))


def _main_component(roads: list[Road]) -> list[Road]:
    """Drop any piece not connected to the main network (rare slivers at the outline)."""
    m = len(roads)
    ends = np.array([r.coords[0] for r in roads] + [r.coords[-1] for r in roads])
    key = np.round(ends, 3)
    _, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.ravel()
    k = int(inv.max()) + 1
    g = coo_matrix((np.ones(m), (inv[:m], inv[m:])), shape=(k, k))
    _, comp = connected_components(g, directed=False)
    main = np.bincount(comp[inv[:m]]).argmax()
    return [r for r, c in zip(roads, comp[inv[:m]], strict=True) if c == main]
