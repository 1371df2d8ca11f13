"""The province scale of the demo: ten cities side by side, joined by national roads.

Each city is made exactly like the city scale (nine counties, about 5,000 villages and 250
communities), from its own generator seeded with the seed and its place, so the province
is deterministic and a city does not change when another one does. Cities are built and
turned into layers one at a time: only the finished layers of the cities built so far are
held, never the working geometry of ten cities at once. Where two cities meet, a national
road joins the nearest ends of their road networks, so the province is one network.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from gisdesk.demo.build import city_region, region_frames
from gisdesk.demo.names import NameBook
from gisdesk.demo.roads import build_roads
from layers.schema import CRS

CITIES = (
    ("4101", "郑阳市"), ("4102", "汴川市"), ("4103", "洛原市"),
    ("4107", "新河市"), ("4110", "许平市"), ("4114", "商丘市"), ("4116", "周水市"),
    ("4113", "宛南市"), ("4115", "信山市"), ("4117", "驻东市"),
)
"""The ten cities: prefecture code (their counties' codes start with it) and name, in rows of 3, 4 and 3."""

ROWS = ((-1.0, 0.0, 1.0), (-1.5, -0.5, 0.5, 1.5), (-1.0, 0.0, 1.0))
CITY_SPACING_M = 112_000.0
"""Between the centres of neighbouring cities (a city is about 100 km across)."""


def city_offsets() -> list[np.ndarray]:
    """Each city's centre relative to the province's centre, metres (east, north)."""
    return [np.array([x, 1.0 - r]) * CITY_SPACING_M for r, xs in enumerate(ROWS) for x in xs]


def city_areas(centre: np.ndarray, offsets: list[np.ndarray]) -> list:
    """The part of the province nearer to each city's centre than to any other's (metric
    polygons, in the order of ``offsets``): a city's outline is cut to its part, so that two
    cities' counties never overlap (their villages would interleave along the border)."""
    pts = shapely.points(np.array([centre + o for o in offsets]))
    frame = shapely.buffer(shapely.multipoints(pts), 2 * CITY_SPACING_M).envelope
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=frame))
    return [next(cell for cell in cells if cell.contains(pt)).intersection(frame) for pt in pts]


def province_frames(seed: int, centre: np.ndarray, epsg: int, report) -> tuple[dict[str, gpd.GeoDataFrame], list[str]]:
    """The province's layers (EPSG:4490) and its county codes."""
    offsets = city_offsets()
    areas = city_areas(centre, offsets)
    parts: dict[str, list[gpd.GeoDataFrame]] = {}
    ends: list[np.ndarray] = []
    counties: list[str] = []
    share = 0.88 / len(CITIES)
    for k, ((prefix, city_name), offset) in enumerate(zip(CITIES, offsets, strict=True)):
        rng = np.random.default_rng([seed, k + 1])
        names = NameBook(rng)
        start = 0.02 + share * k
        report(start, city_name)
        angle = rng.uniform(-0.08, 0.08)
        region = city_region(rng, names, centre + offset, prefix, angle,
                             lambda f, m, s=start, c=city_name: report(s + 0.4 * share * f, f"{c} {m}"),
                             clip=areas[k])
        report(start + 0.4 * share, f"{city_name} roads")
        roads = build_roads(rng, region.outline, region.counties, region.angle)
        ends.append(np.array([r.coords[i] for r in roads if r.road_class != "expressway" for i in (0, -1)]))
        report(start + 0.8 * share, f"{city_name} villages, key sites and posts")
        for name, frame in region_frames(rng, names, region, roads, epsg).items():
            parts.setdefault(name, []).append(frame)
        counties += [c.code for c in region.counties]
        del region, roads
    parts["roads"].append(_links(offsets, ends, epsg))
    frames = {name: gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=CRS)
              for name, frames in parts.items()}
    return frames, counties


def _links(offsets: list[np.ndarray], ends: list[np.ndarray], epsg: int) -> gpd.GeoDataFrame:
    """A national road between the nearest road ends of every two neighbouring cities."""
    lines: list = []
    names: list[str] = []
    for a in range(len(offsets)):
        for b in range(a + 1, len(offsets)):
            if np.hypot(*(offsets[a] - offsets[b])) > 1.2 * CITY_SPACING_M:
                continue
            dist, idx = cKDTree(ends[b]).query(ends[a])
            i = int(np.argmin(dist))
            lines.append(shapely.linestrings([ends[a][i], ends[b][idx[i]]]))
            names.append(f"城际连接线{len(names) + 1}")
    frame = gpd.GeoDataFrame({"name": names, "road_class": "national", "speed_kmh": 80.0, "oneway": False},
                             geometry=lines, crs=epsg)
    return frame.to_crs(CRS)
