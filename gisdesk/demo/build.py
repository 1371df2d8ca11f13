"""The entry point: :func:`build_demo` makes the whole demonstration project.

Geometry is built in the CGCS2000 Gauss-Krüger zone of the centre (metres) and turned
into EPSG:4490 at the end. Everything follows from one numpy ``Generator`` seeded with
``seed``, so the same seed always gives the same project.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from algorithms.districting import voronoi_cells
from gisdesk.demo.geography import County, build_county
from gisdesk.demo.jurisdictions import connect_stations
from gisdesk.demo.names import NameBook
from gisdesk.demo.posts import post_rows
from gisdesk.demo.roads import Road, build_roads
from gisdesk.demo.roster import post_contacts, roster_frame
from gisdesk.demo.shapes import blob, cell_edges, grow_regions, hex_points
from gisdesk.demo.sites import key_sites
from gisdesk.demo.villages import community_rows, unit_rows, village_rows
from gisdesk.services.officers.roster import BUREAU_OFFICERS
from layers.metric_zone import gk_zone_epsg
from layers.project import Project
from layers.schema import CRS

CENTRE_LONLAT = (115.65, 34.42)
"""A plain county of eastern Henan, near Shangqiu."""

SCALES = ("county", "city", "province")
COUNTY_AREA_M2 = 1480e6
TOWNSHIP_AREA_M2 = COUNTY_AREA_M2 / 24

# the city's nine counties and districts: code, name, urban communities
_CITY = (
    ("411402", "梁东区", 52), ("411403", "睢南区", 40), ("411421", "民安县", 19), ("411422", "睢川县", 18),
    ("411423", "宁平县", 17), ("411424", "柘阳县", 19), ("411425", "虞东县", 20), ("411426", "夏丘县", 24),
    ("411481", "永河市", 41),
)
_COUNTY = ("411426", "夏丘县")

Progress = Callable[[float, str], None] | None


@dataclass
class Region:
    outline: shapely.Geometry
    counties: list[County]
    angle: float


def build_demo(seed: int = 1, scale: str = "county", progress: Progress = None) -> Project:
    """The demonstration project: one county (about 700 villages), a city of nine, or a
    province of ten such cities (about 50,000 villages and 2,500 communities,
    :mod:`gisdesk.demo.province`)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
    started = time.perf_counter()
    report = progress or (lambda f, m: None)
    epsg = gk_zone_epsg(CENTRE_LONLAT[0])
    to_metric = Transformer.from_crs(CRS, f"EPSG:{epsg}", always_xy=True)
    centre = np.array(to_metric.transform(*CENTRE_LONLAT))
    if scale == "province":
        from gisdesk.demo.province import province_frames

        frames, counties = province_frames(seed, centre, epsg, report)
        title = "某省（十市）"
    else:
        rng = np.random.default_rng(seed)
        names = NameBook(rng)
        report(0.02, "counties and townships")
        region = _region(rng, names, centre, scale, report)
        report(0.45, "roads")
        roads = build_roads(rng, region.outline, region.counties, region.angle)
        report(0.75, "villages, key sites and posts")
        frames = region_frames(rng, names, region, roads, epsg)
        counties = [c.code for c in region.counties]
        title = "商丘市（九县区）" if scale == "city" else region.counties[0].name
    report(0.9, "project")
    proj = Project.new()
    for name, frame in frames.items():
        proj[name] = frame
    proj.set_parameters("demo", {
        "seed": int(seed), "scale": scale, "centre": list(CENTRE_LONLAT), "metric_epsg": epsg,
        "counties": counties, "seconds": round(time.perf_counter() - started, 2),
    })
    proj.metadata["title"] = "演示项目：" + title
    roster, bureau = roster_frame(seed, proj["villages"], proj["posts"])
    proj["officers"] = roster
    proj["posts"] = post_contacts(proj["posts"], roster)  # the card's contact is a person of the roster
    proj.metadata[BUREAU_OFFICERS] = str(bureau)
    report(1.0, "done")
    return proj


def _region(rng, names: NameBook, centre: np.ndarray, scale: str, report) -> Region:
    angle = rng.uniform(-0.08, 0.08)
    if scale == "county":
        outline = blob(rng, tuple(centre), COUNTY_AREA_M2)
        town_centre = centre + rng.uniform(-2500, 2500, 2)
        n_comm = int(rng.integers(44, 57))
        county = build_county(rng, names, _COUNTY[0], _COUNTY[1], outline, town_centre, 24, n_comm)
        connect_stations([county])
        return Region(outline, [county], angle)
    return city_region(rng, names, centre, "4114", angle, report)


def city_region(rng, names: NameBook, centre: np.ndarray, prefix: str, angle: float, report,
                clip=None) -> Region:
    """A city of nine counties and districts around ``centre``; their codes start with ``prefix``.
    ``clip``: the area the city may take (a province's cities do not overlap)."""
    n = len(_CITY)
    area = n * 1125e6
    outline = blob(rng, tuple(centre), area, roughness=0.12)
    if clip is not None:
        outline = max(shapely.get_parts(shapely.intersection(outline, clip)), key=lambda g: g.area)
    step = np.sqrt(area / n)
    gx, gy = np.meshgrid(np.arange(3) - 1.0, np.arange(3) - 1.0)
    seeds = centre + np.column_stack([gx.ravel(), gy.ravel()]) * step * 0.92 + rng.uniform(-0.1, 0.1, (n, 2)) * step
    cells = _counties(rng, outline, seeds)
    order = [4, 1, 0, 2, 3, 5, 6, 7, 8]  # the central cell is the main city district
    counties = []
    for k, (code, cname, n_comm) in enumerate(_CITY):
        code = prefix + code[len(prefix):]
        cell = cells[order[k]]
        if cell.geom_type != "Polygon":
            cell = max(shapely.get_parts(cell), key=lambda g: g.area)
        c = np.asarray(cell.centroid.coords[0])
        if not cell.contains(shapely.Point(c)):
            c = np.asarray(cell.point_on_surface().coords[0])
        n_t = max(8, int(round(cell.area / TOWNSHIP_AREA_M2 * (0.8 if code.startswith("41140") else 1.0))))
        counties.append(build_county(rng, names, code, cname, cell, c, n_t, n_comm, prefix_stations=True))
        report(0.02 + 0.4 * (k + 1) / n, f"{cname}")
    connect_stations(counties)
    outline = shapely.union_all([c.outline for c in counties])
    return Region(outline, counties, angle)


def _counties(rng, outline, seeds: np.ndarray) -> list:
    """Irregular county areas: small cells grown from the seeds over their adjacency."""
    pts = hex_points(rng, outline, 2600.0, jitter=0.3)
    cells = voronoi_cells(pts, outline)
    start = [np.array([int(np.argmin(np.hypot(*(pts - s).T)))]) for s in seeds]
    label = grow_regions(rng, pts, cell_edges(cells), start, spread=0.45)
    return [shapely.union_all(cells[label == k]) for k in range(len(seeds))]


def region_frames(rng, names: NameBook, region: Region, roads: list[Road], epsg: int) -> dict[str, gpd.GeoDataFrame]:
    villages, units, sites, posts, bounds = [], [], [], [], []
    for county in region.counties:
        vrows = village_rows(rng, names, county)
        crows = community_rows(county)
        srows, compounds = key_sites(rng, names, county, vrows, crows)
        prows = post_rows(rng, names, county, vrows, crows, srows)
        urows = unit_rows(names, county, crows, compounds)
        villages += vrows + crows
        units += urows
        sites += srows
        posts += prows
        bounds.append({"code": county.code, "name": county.name, "level": "county", "geometry": county.outline})
        for code, nm, g in zip(county.township_codes, county.township_names, county.township_geoms, strict=True):
            bounds.append({"code": code, "name": nm, "level": "township", "geometry": g})
        for st in county.stations:
            bounds.append({"code": st.code, "name": st.name, "level": "station", "geometry": st.geom})
        for c, g in zip(crows, county.town.community_geoms, strict=True):
            bounds.append({"code": c["code"], "name": c["name"], "level": "community", "geometry": g})
    road_geoms = _road_geoms(roads)
    _near_roads(rng, sites, road_geoms, region.outline)

    def points(rows: list[dict]) -> gpd.GeoDataFrame:
        xy = np.array([r.pop("xy") for r in rows])
        return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=shapely.points(xy), crs=epsg)

    frames = {
        "villages": points(villages),
        "key_sites": points(sites),
        "posts": points(posts),
        "units": gpd.GeoDataFrame(pd.DataFrame(units), geometry="geometry", crs=epsg),
        "boundaries": gpd.GeoDataFrame(pd.DataFrame(bounds), geometry="geometry", crs=epsg),
        "roads": gpd.GeoDataFrame(
            {"name": [r.name for r in roads], "road_class": [r.road_class for r in roads],
             "speed_kmh": [r.speed for r in roads], "oneway": [bool(r.oneway) for r in roads]},
            geometry=road_geoms, crs=epsg),
    }
    out = {k: f.to_crs(CRS) for k, f in frames.items()}
    for k in ("units", "boundaries"):
        out[k]["geometry"] = _valid_polygons(out[k].geometry.values)
    return out


def _valid_polygons(geoms: np.ndarray) -> np.ndarray:
    """Polygons made valid where reprojection pinched a near-touching ring."""
    geoms = np.asarray(geoms, dtype=object).copy()
    bad = np.flatnonzero(~shapely.is_valid(geoms))
    for i in bad:
        fixed = shapely.make_valid(geoms[i])
        parts = [p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")]
        geoms[i] = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    return geoms


def _road_geoms(roads: list[Road]) -> np.ndarray:
    sizes = np.fromiter((len(r.coords) for r in roads), int, len(roads))
    return shapely.linestrings(np.vstack([r.coords for r in roads]), indices=np.repeat(np.arange(len(roads)), sizes))


def _near_roads(rng, sites: list[dict], road_geoms: np.ndarray, outline, limit: float = 400.0) -> None:
    """Move key sites that ended up off the map or far from every road to beside a road."""
    tree = shapely.STRtree(road_geoms)
    xy = np.array([s["xy"] for s in sites])
    pts = shapely.points(xy)
    idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    inside = shapely.contains_xy(outline, xy[:, 0], xy[:, 1])
    for (i, r), d in zip(idx.T, dist, strict=True):
        if d > limit or not inside[i]:
            road = road_geoms[r]
            on = shapely.line_interpolate_point(road, shapely.line_locate_point(road, pts[i]))
            sites[i]["xy"] = np.asarray(on.coords[0]) + rng.uniform(-40, 40, 2)
