"""A county's administrative geography: villages, townships and police-station areas.

Village sites are a jittered hexagonal lattice (the even spread of plain villages).
Townships grow from their seats across the villages' Voronoi cells, cell to adjacent cell
(so they are always contiguous), and are the unions of their villages' cells, which makes
township boundaries irregular yet tile the county exactly. The seat township holds the county
town; its urban communities are shared among two to four urban police stations, the
other townships get a station each, a few small ones sharing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from algorithms.districting import voronoi_cells
from gisdesk.demo.names import NameBook, short
from gisdesk.demo.shapes import cell_edges, grow_regions, hex_points, kmeans
from gisdesk.demo.town import Town, build_town

VILLAGE_AREA_M2 = 1.98e6
"""Land per administrative village on the plain (about 700 villages in 1,480 km2)."""

_URBAN_STATION_NAMES = ("城关", "城东", "城西", "城南", "城北", "新区")


@dataclass
class Station:
    code: str
    name: str
    townships: list[int]
    urban: bool
    seat: np.ndarray
    geom: shapely.Geometry | None = None


@dataclass
class County:
    """One county (or district) of the demo, in metres."""

    code: str
    name: str
    outline: shapely.Geometry
    town: Town
    village_xy: np.ndarray
    village_township: np.ndarray
    village_cells: np.ndarray
    township_names: list[str]
    township_codes: list[str]
    township_geoms: np.ndarray
    township_seat: np.ndarray  # village index of each township's seat (-1 for the town)
    stations: list[Station] = field(default_factory=list)
    village_station: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    community_station: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    town_cells: np.ndarray = field(default_factory=lambda: np.zeros(0, object))  # cells of the town's filler points
    town_cell_station: np.ndarray = field(default_factory=lambda: np.zeros(0, int))


def build_county(rng: np.random.Generator, names: NameBook, code: str, name: str, outline, town_centre: np.ndarray,
                 n_townships: int, n_communities: int, *, prefix_stations: bool = False) -> County:
    """Villages, townships, stations and the town of one county inside ``outline``."""
    angle = rng.uniform(-0.12, 0.12)
    town = build_town(rng, names, town_centre, n_communities, angle)
    town_zone = shapely.buffer(town.shape, 700)
    free = shapely.difference(shapely.buffer(outline, -250), town_zone)
    spacing = np.sqrt(2 * VILLAGE_AREA_M2 / np.sqrt(3))
    vxy = hex_points(rng, free, spacing, jitter=0.28)
    pseudo = hex_points(rng, shapely.buffer(town.shape, 650), 550.0, jitter=0.05)
    pts = np.vstack([vxy, pseudo])
    nv = len(vxy)
    cells = voronoi_cells(pts, outline)

    # township seats: k-means centres of the villages away from the town
    far = np.hypot(*(vxy - town_centre).T) > 4500
    centres, _ = kmeans(rng, vxy[far], n_townships - 1)
    seats = np.array([int(np.argmin(np.hypot(*(vxy - c).T))) for c in centres])
    seats = np.unique(seats)
    sources = [np.arange(nv, len(pts))] + [np.array([s]) for s in seats]
    label = grow_regions(rng, pts, cell_edges(cells), sources, head_start=[-1200.0] + [0.0] * len(seats))
    vt = label[:nv]

    # codes and names: the seat township is 100, towns 1xx and xiang 2xx in a sweep from the north-west
    n_t = len(sources)
    tc = np.array([vxy[vt == t].mean(axis=0) if (vt == t).any() else town_centre for t in range(n_t)])
    order = [0] + sorted(range(1, n_t), key=lambda t: (-round(tc[t][1] / 12000.0), tc[t][0]))
    t_names: list[str] = [""] * n_t
    t_codes: list[str] = [""] * n_t
    k_town, k_xiang = 1, 1
    for t in order:
        nm = names.township(seat=(t == 0))
        t_names[t] = nm
        if t == 0:
            t_codes[t] = code + "100"
        elif nm.endswith("镇"):
            t_codes[t] = code + f"{100 + k_town:03d}"
            k_town += 1
        else:
            t_codes[t] = code + f"{200 + k_xiang:03d}"
            k_xiang += 1
    t_geoms = np.empty(n_t, dtype=object)
    for t in range(n_t):
        g = shapely.union_all(cells[label == t])
        g = shapely.union(g, town.shape) if t == 0 else shapely.difference(g, town.shape)
        t_geoms[t] = _tidy(g)
    county = County(code, name, outline, town, vxy, vt, cells[:nv], t_names, t_codes, t_geoms,
                    np.concatenate([[-1], seats]))
    _stations(rng, county, cells, label, pts, prefix_stations)
    return county


def _tidy(g):
    g = shapely.make_valid(g)
    if g.geom_type == "GeometryCollection":
        polys = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
        g = shapely.union_all(polys)
    return g


def _stations(rng: np.random.Generator, county: County, cells, label, pts, prefix: bool) -> None:
    town = county.town
    nv = len(county.village_xy)
    n_t = len(county.township_names)
    n_urban = int(np.clip(round(town.n_communities / 16), 1, 4))
    # urban stations: sectors around the town centre
    base = rng.uniform(0, 2 * np.pi)

    def sector(xy: np.ndarray) -> np.ndarray:
        ang = (np.arctan2(xy[:, 1] - town.centre[1], xy[:, 0] - town.centre[0]) - base) % (2 * np.pi)
        return np.minimum((ang / (2 * np.pi) * n_urban).astype(int), n_urban - 1)

    comm_xy = shapely.get_coordinates(shapely.point_on_surface(town.community_geoms))
    comm_station = sector(comm_xy)
    # rural townships: most alone, a few small ones paired with a neighbour
    sizes = np.bincount(county.village_township, minlength=n_t)
    adj = _township_adjacency(county.village_cells, county.village_township)
    n_pairs = int(rng.integers(2, 5)) if n_t > 12 else int(rng.integers(0, 2))
    partner = {t: t for t in range(1, n_t)}
    for t in sorted(range(1, n_t), key=lambda t: (sizes[t], t)):
        if n_pairs == 0:
            break
        if partner[t] != t or any(partner[o] == t for o in partner if o != t):
            continue
        options = [o for o in sorted(adj.get(t, ())) if o != 0 and partner[o] == o
                   and not any(partner[x] == o for x in partner if x != o)]
        if not options:
            continue
        o = min(options, key=lambda o: (sizes[o], o))
        partner[t] = o
        n_pairs -= 1
    stem = county.name[:-1] if prefix and county.name[-1] in "区县市" else ""
    stations: list[Station] = []
    for s in range(n_urban):
        sel = comm_station == s
        seat = comm_xy[sel].mean(axis=0) if sel.any() else town.centre
        seat = town.centre + (seat - town.centre) * 0.45
        nm = stem + _URBAN_STATION_NAMES[s] + "派出所"
        stations.append(Station("", nm, [0], True, seat))
    t_station = {}
    rural_heads = [t for t in range(1, n_t) if partner[t] == t]
    rural_heads.sort(key=lambda t: county.township_codes[t])
    for t in rural_heads:
        members = [t] + [o for o in range(1, n_t) if partner[o] == t and o != t]
        members.sort(key=lambda x: -sizes[x])
        seat_v = county.township_seat[members[0]]
        nm = short(county.township_names[members[0]]) + "派出所"
        st = Station("", nm, members, False, county.village_xy[seat_v] + rng.uniform(-120, 120, 2))
        for m in members:
            t_station[m] = len(stations)
        stations.append(st)
    for k, st in enumerate(stations):
        st.code = f"{county.code}S{k + 1:02d}"
    # which station each village and community belongs to
    v_station = np.zeros(nv, int)
    for i in range(nv):
        t = county.village_township[i]
        v_station[i] = t_station[t] if t != 0 else -1
    seat_villages = np.flatnonzero(v_station < 0)
    if len(seat_villages):
        v_station[seat_villages] = sector(county.village_xy[seat_villages])
    county.village_station = v_station
    county.community_station = comm_station
    county.town_cells = cells[nv:]
    county.town_cell_station = sector(pts[nv:])
    county.stations = stations
    for k, st in enumerate(stations):
        st.geom = station_geoms(county, k)


def station_geoms(county: County, k: int):
    """Station ``k``'s area: the cells of its villages and of the town's filler points in its
    sector, outside the town, plus its communities."""
    town = county.town
    cells = np.concatenate([county.village_cells[county.village_station == k],
                            county.town_cells[county.town_cell_station == k]])
    g = shapely.difference(shapely.union_all(cells), town.shape)
    if county.stations[k].urban:
        g = shapely.union(g, shapely.union_all(town.community_geoms[county.community_station == k]))
    return _tidy(g)


def _township_adjacency(cells: np.ndarray, labels: np.ndarray) -> dict[int, set[int]]:
    tree = shapely.STRtree(cells)
    a, b = tree.query(cells, predicate="intersects")
    adj: dict[int, set[int]] = {}
    for i, j in zip(a, b, strict=True):
        ti, tj = int(labels[i]), int(labels[j])
        if ti != tj:
            adj.setdefault(ti, set()).add(tj)
    return adj
