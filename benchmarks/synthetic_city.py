"""A synthetic city-scale scene for the render benchmark (metres, GK zone EPSG:4539).

50,000 villages, 200,000 road segments (one straight segment per road) of every class, 5,000 urban grid polygons, posts,
key sites and boundaries, laid out like a prefecture: a dense urban core and a rural
plain. Deterministic with a seed. Not a project: frames are already metric.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from scipy.spatial import cKDTree

EPSG = 4539
X0, Y0 = 380_000.0, 3_760_000.0
W, H = 140_000.0, 110_000.0
SURNAMES = list("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁")
SUFFIX = ["庄", "营", "寨", "屯", "湾", "集", "店", "岗", "楼", "桥", "河", "沟"]


def _names(rng, n, tail="村"):
    s = rng.choice(SURNAMES, n)
    t = rng.choice(SUFFIX, n)
    return [f"{a}{b}{tail}" for a, b in zip(s, t, strict=True)]


def synthetic_frames(n_villages=50_000, n_roads=200_000, n_grids=5_000, seed=7) -> dict[str, gpd.GeoDataFrame]:
    rng = np.random.default_rng(seed)
    crs = f"EPSG:{EPSG}"
    vx = X0 + rng.uniform(0, W, n_villages)
    vy = Y0 + rng.uniform(0, H, n_villages)
    pop = np.clip(rng.lognormal(np.log(1500), 0.6, n_villages), 150, 15000).astype(int)
    villages = gpd.GeoDataFrame(
        {"code": [f"V{i:06d}" for i in range(n_villages)], "name": _names(rng, n_villages),
         "population": pop, "households": pop // 3, "area_type": "rural"},
        geometry=shapely.points(vx, vy), crs=crs,
    )
    # roads: village roads link each village to neighbours, higher classes are long chains
    tree = cKDTree(np.column_stack([vx, vy]))
    n_major = n_roads // 10
    n_village = n_roads - n_major
    _, nb = tree.query(np.column_stack([vx, vy]), k=5)
    a = np.repeat(np.arange(n_villages), 4)[:n_village]
    b = nb[:, 1:].ravel()[:n_village]
    village_lines = shapely.linestrings(np.stack([np.column_stack([vx[a], vy[a]]), np.column_stack([vx[b], vy[b]])], axis=1))
    classes = rng.choice(["township", "county", "provincial", "national", "expressway", "urban"],
                         n_major, p=[0.45, 0.25, 0.1, 0.06, 0.04, 0.10])
    starts = np.column_stack([X0 + rng.uniform(0, W, n_major), Y0 + rng.uniform(0, H, n_major)])
    ang = rng.uniform(0, np.pi, n_major)
    length = rng.uniform(400, 1500, n_major)
    ends = starts + np.column_stack([np.cos(ang), np.sin(ang)]) * length[:, None]
    major_lines = shapely.linestrings(np.stack([starts, ends], axis=1))
    roads = gpd.GeoDataFrame(
        {"name": "", "road_class": np.concatenate([np.full(n_village, "village", dtype=object), classes]),
         "speed_kmh": np.nan, "oneway": False},
        geometry=np.concatenate([village_lines, major_lines]), crs=crs,
    )
    # grids: jittered cells over the urban core
    cols = int(np.sqrt(n_grids * 1.25))
    rows = int(np.ceil(n_grids / cols))
    cx, cy, cw, ch = X0 + W * 0.45, Y0 + H * 0.45, 450.0, 360.0
    gx, gy = np.meshgrid(np.arange(cols), np.arange(rows))
    gx, gy = gx.ravel()[:n_grids], gy.ravel()[:n_grids]
    x0 = cx + gx * cw - cols * cw / 2
    y0 = cy + gy * ch - rows * ch / 2
    grids_geom = shapely.box(x0, y0, x0 + cw, y0 + ch)
    gpop = (3000 * (1 + rng.normal(0, 0.15, n_grids))).astype(int)
    grids = gpd.GeoDataFrame(
        {"code": [f"G{i:05d}" for i in range(n_grids)], "name": [f"{i % 97 + 1}号警格" for i in range(n_grids)],
         "area_type": "urban", "population": gpop, "households": gpop // 3, "officers_required": 1},
        geometry=grids_geom, crs=crs,
    )
    # posts
    n_st, n_off, n_ws = 60, 735, 5341
    tiers = ["station"] * n_st + ["office"] * n_off + ["workstation"] * n_ws
    pick = rng.choice(n_villages, len(tiers), replace=False)
    posts = gpd.GeoDataFrame(
        {"code": [f"P{i:05d}" for i in range(len(tiers))], "tier": tiers,
         "name": [f"{villages['name'].iat[j][:2]}{'派出所' if t == 'station' else ('警务室' if t == 'office' else '工作站')}"
                  for j, t in zip(pick, tiers, strict=True)]},
        geometry=shapely.points(vx[pick] + 80, vy[pick] + 80), crs=crs,
    )
    n_ks = 10_000
    cats = rng.choice(["village_office", "culture_square", "service_center", "residential_compound", "hospital",
                       "school", "factory", "business_district", "scenic_area", "other"], n_ks)
    ks_pick = rng.choice(n_villages, n_ks)
    key_sites = gpd.GeoDataFrame(
        {"code": [f"K{i:05d}" for i in range(n_ks)], "name": [f"{c[:2]}点{i}" for i, c in enumerate(cats)], "category": cats},
        geometry=shapely.points(vx[ks_pick] - 120, vy[ks_pick] + 60), crs=crs,
    )
    # boundaries: stations as a 10 x 6 tiling, townships 20 x 12
    bounds = []
    for level, nx, ny in (("station", 10, 6), ("township", 20, 12)):
        bx, by = np.meshgrid(np.arange(nx), np.arange(ny))
        bx, by = bx.ravel(), by.ravel()
        w, h = W / nx, H / ny
        geo = shapely.box(X0 + bx * w, Y0 + by * h, X0 + (bx + 1) * w, Y0 + (by + 1) * h)
        bounds.append(gpd.GeoDataFrame(
            {"code": [f"{level[0]}{i}" for i in range(len(geo))],
             "name": [f"{SURNAMES[i % len(SURNAMES)]}{'家派出所' if level == 'station' else '镇'}" for i in range(len(geo))],
             "level": level}, geometry=geo, crs=crs))
    boundaries = gpd.GeoDataFrame(np.concatenate([b.values for b in bounds]), columns=bounds[0].columns, geometry="geometry", crs=crs)
    return {"boundaries": boundaries, "grids": grids, "roads": roads, "villages": villages,
            "key_sites": key_sites, "posts": posts}
