"""The cost adapter (project layers -> road network -> distance matrices) on a small project."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gisdesk.services.siting.costs import SitingContext
from layers.project import Project
from layers.schema import CRS

LON0, LAT0 = 115.60, 34.40
KM_LON, KM_LAT = 1 / 91.9, 1 / 111.0  # degrees per km at 34.4 N


def ll(x_km: float, y_km: float) -> tuple[float, float]:
    return LON0 + x_km * KM_LON, LAT0 + y_km * KM_LAT


@functools.lru_cache(maxsize=1)
def demo_county_path() -> Path:
    """The demo county, built once per test session and saved; each user opens its own copy."""
    from gisdesk.demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="gisdesk-siting-"))
    atexit.register(shutil.rmtree, folder, True)
    return build_demo(1, "county").save(folder / "county.gpkg")


def small_project(roads: bool = True) -> Project:
    """Station S1: 12 rural villages on a 4 x 3 grid 2 km apart; S2: 7 rural villages in a
    row and one urban community; a road along every grid row and column; a village
    committee room 100 m from every village; one existing office in S1."""
    p = Project.new()
    villages, sites = [], []
    k = 0
    for j in range(3):
        for i in range(4):
            k += 1
            villages.append((f"V{k:02d}", f"村{k:02d}", "rural", "S1", (2.0 * i, 2.0 * j)))
    for i in range(7):
        k += 1
        villages.append((f"V{k:02d}", f"村{k:02d}", "rural", "S2", (2.0 * i, 10.0)))
    villages.append(("U01", "城东社区", "urban", "S2", (14.0, 10.0)))
    p["villages"] = gpd.GeoDataFrame(
        {
            "code": [v[0] for v in villages],
            "name": [v[1] for v in villages],
            "population": [1000 + 100 * n for n in range(len(villages))],
            "households": [300] * len(villages),
            "area_type": [v[2] for v in villages],
            "township": ["T1"] * len(villages),
            "station": [v[3] for v in villages],
        },
        geometry=[shapely.Point(ll(*v[4])) for v in villages],
        crs=CRS,
    )
    for n, v in enumerate(villages):
        x, y = v[4]
        sites.append((f"K{n:03d}", f"{v[1]}村委会", "village_office", v[0], (x + 0.1, y)))
        if n % 3 == 0:
            sites.append((f"Q{n:03d}", f"{v[1]}文化广场", "culture_square", v[0], (x, y + 0.2)))
    sites.append(("F001", "工厂", "factory", "", (3.0, 3.0)))
    p["key_sites"] = gpd.GeoDataFrame(
        {"code": [s[0] for s in sites], "name": [s[1] for s in sites], "category": [s[2] for s in sites], "village": [s[3] for s in sites]},
        geometry=[shapely.Point(ll(*s[4])) for s in sites],
        crs=CRS,
    )
    p["posts"] = gpd.GeoDataFrame(
        {"code": ["P-S1", "P-O1"], "name": ["一所", "老警务室"], "tier": ["station", "office"], "station": ["S1", "S1"], "officers": [5, 1], "auxiliaries": [2, 1]},
        geometry=[shapely.Point(ll(0.5, 0.5)), shapely.Point(ll(6.0, 4.05))],
        crs=CRS,
    )
    if roads:
        lines = [[ll(-1, 2.0 * j), ll(7, 2.0 * j)] for j in range(3)]
        lines += [[ll(2.0 * i, -1), ll(2.0 * i, 11)] for i in range(4)]
        lines += [[ll(-1, 10.0), ll(15, 10.0)]]
        p["roads"] = gpd.GeoDataFrame(
            {"name": [f"R{n}" for n in range(len(lines))], "road_class": ["county"] * 3 + ["village"] * 4 + ["township"], "speed_kmh": [np.nan] * len(lines), "oneway": [False] * len(lines)},
            geometry=[shapely.LineString(c) for c in lines],
            crs=CRS,
        )
    return p


def add_office(project: Project, code: str, name: str, station: str, x_km: float, y_km: float) -> None:
    """An existing office post more in the project's posts layer."""
    post = gpd.GeoDataFrame(
        {"code": [code], "name": [name], "tier": ["office"], "station": [station]},
        geometry=[shapely.Point(ll(x_km, y_km))],
        crs=project["posts"].crs,
    )
    project["posts"] = gpd.GeoDataFrame(pd.concat([project["posts"], post], ignore_index=True), crs=project["posts"].crs)


def _idx(ctx: SitingContext, code: str, pool: str = "villages") -> int:
    codes = ctx.villages.code if pool == "villages" else ctx.sites.code
    return int(np.flatnonzero(codes == code)[0])


def test_context_builds_road_network_and_snaps_everything():
    ctx = SitingContext(small_project())
    assert ctx.distance_model == "road"
    assert len(ctx.villages) == 20
    # pool: key sites, then the office post, then every village's own point
    kinds = list(ctx.sites.attrs["kind"])
    assert kinds.count("post") == 1 and kinds.count("village") == 20
    assert len(ctx.village_node) == 20 and len(ctx.site_node) == len(ctx.sites)
    assert not ctx.notes  # all within 1 km of a road, one connected network


def test_road_km_follows_the_grid_not_the_crow():
    ctx = SitingContext(small_project())
    a, b = _idx(ctx, "V01"), _idx(ctx, "V06")  # (0,0) and (2,2): 4 km by road, 2.83 crow
    km = ctx.km(np.array([a]), np.array([ctx.n_key_sites + ctx.n_posts + b]))[0, 0]
    assert km == pytest.approx(4.0, abs=0.05)
    minutes = ctx.minutes(np.array([a]), np.array([ctx.n_key_sites + ctx.n_posts + b]))[0, 0]
    assert minutes == pytest.approx(2 / 50 * 60 + 2 / 25 * 60, rel=0.05)  # county road then village road
    own = _idx(ctx, "K000", "sites")
    assert ctx.km(np.array([a]), np.array([own]))[0, 0] == pytest.approx(0.1, abs=0.02)


def test_without_roads_straight_line_with_detour_and_says_so():
    ctx = SitingContext(small_project(roads=False))
    assert ctx.distance_model == "straight-line x 1.3"
    assert any("no roads" in n[2] for n in ctx.notes)
    a, b = _idx(ctx, "V01"), _idx(ctx, "V06")
    km = ctx.km(np.array([a]), np.array([ctx.n_key_sites + ctx.n_posts + b]))[0, 0]
    assert km == pytest.approx(1.3 * 2 * np.sqrt(2), rel=0.01)


def island_project() -> Project:
    """The small project with village V19 moved 40 km away, beside a road of its own."""
    p = small_project()
    v = p["villages"].copy()
    v.loc[v["code"] == "V19", "geometry"] = shapely.Point(ll(40.0, 40.0))
    p["villages"] = v
    island = gpd.GeoDataFrame(
        {"name": ["孤路"], "road_class": ["village"], "speed_kmh": [20.0], "oneway": [False]},
        geometry=[shapely.LineString([ll(40, 40.5), ll(42, 40.5)])],
        crs=CRS,
    )
    p["roads"] = gpd.GeoDataFrame(pd.concat([p["roads"], island], ignore_index=True), crs=CRS)
    return p


def test_far_village_and_disconnected_road_reported():
    p = island_project()
    ctx = SitingContext(p)
    reasons = [n[2] for n in ctx.notes]
    assert not any("V19" in r for r in reasons)  # 0.5 km from the island road: not far
    assert any("disconnected" in r for r in reasons)
    far = _idx(ctx, "V19")
    km = ctx.km(np.array([far]), np.array([_idx(ctx, "K000", "sites")]))
    assert np.isinf(km[0, 0])  # no silent number: the planner turns this into an exception


def test_context_is_reused_until_a_layer_changes():
    p = small_project()
    ctx = SitingContext(p)
    assert SitingContext.for_project(p, ctx) is ctx
    p["key_sites"] = p["key_sites"].iloc[:-1]
    assert SitingContext.for_project(p, ctx) is not ctx
