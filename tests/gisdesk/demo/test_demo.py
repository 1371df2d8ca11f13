"""The demonstration project: deterministic, realistic in size, valid, tiled and connected."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import shapely

from gisdesk.demo import build_demo
from layers.project import Project
from layers.schema import CATEGORIES, CRS, LAYERS, ROAD_CLASSES
from layers.validation import errors, validate_layer

ROOT = Path(__file__).resolve().parents[3]
FILLED = ("villages", "units", "posts", "key_sites", "roads", "boundaries")
EMPTY = ("grids", "grid_members", "plan_offices", "plan_workstations", "plan_assignment")


@pytest.fixture(scope="module")
def county() -> Project:
    return build_demo(1, "county")


@pytest.fixture(scope="module")
def metric(county):
    epsg = county.metric_epsg()
    return {name: county[name].to_crs(epsg=epsg) for name in FILLED}


def _fingerprint(proj: Project) -> dict:
    out = {}
    for name in FILLED:
        f = proj[name]
        attrs = f.drop(columns="geometry").astype(str).to_csv(index=False)
        geoms = f.geometry.values  # coordinates, not WKB: the file stores polygons as one-part multipolygons
        out[name] = (attrs, shapely.get_coordinates(geoms).tobytes(), shapely.get_num_coordinates(geoms).tobytes())
    return out


def _unnoded(geoms: np.ndarray) -> int:
    """Pairs of lines that meet anywhere but at an end point of both (crossings, T-junctions)."""
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inter = shapely.intersection(geoms[a], geoms[b])
    parts, which = shapely.get_parts(inter, return_index=True)
    pts, owner = shapely.get_coordinates(parts, return_index=True)
    pair = which[owner]
    pts = shapely.points(pts)
    ends_a = shapely.boundary(geoms[a][pair])
    ends_b = shapely.boundary(geoms[b][pair])
    bad = (shapely.distance(pts, ends_a) > 1e-6) | (shapely.distance(pts, ends_b) > 1e-6)
    return len(np.unique(pair[bad]))


# ------------------------------------------------------------------ determinism
def test_same_seed_same_project_other_seed_other_project(county):
    again = build_demo(1, "county")
    assert _fingerprint(again) == _fingerprint(county)
    other = build_demo(2, "county")
    fo, fc = _fingerprint(other), _fingerprint(county)
    assert all(fo[name] != fc[name] for name in FILLED)


# ------------------------------------------------------------------ sizes
def test_counts_are_those_of_a_plain_county(county, metric):
    v = county["villages"]
    rural = v[v["area_type"] == "rural"]
    urban = v[v["area_type"] == "urban"]
    assert 600 <= len(rural) <= 800
    assert 40 <= len(urban) <= 60
    b = county["boundaries"]
    levels = Counter(b["level"])
    assert levels["county"] == 1 and levels["township"] == 24
    assert 20 <= levels["station"] <= 25
    assert levels["community"] == len(urban)
    area_km2 = float(metric["boundaries"].loc[b["level"] == "county"].area.sum()) / 1e6
    assert 1300 <= area_km2 <= 1650
    assert rural["population"].between(500, 8000).all()
    assert (rural["population"] <= 4000).mean() > 0.9
    assert (rural["population"] > 5000).sum() >= 3
    ratio = v["population"] / v["households"]
    assert ratio.between(2.6, 3.6).all()
    u = county["units"]
    assert u["population"].between(30, 400).all()
    assert set(u["community"]) == set(urban["code"])
    # a community's village-level row carries its units' totals
    sums = u.groupby("community")[["population", "households"]].sum()
    joined = urban.set_index("code")[["population", "households"]]
    assert (sums.loc[joined.index] == joined).all().all()
    assert len(county["roads"]) > 15000


def test_every_layer_filled_and_valid(county):
    for name in FILLED:
        frame = county[name]
        assert len(frame) > 0, name
        assert frame.crs.equals(CRS)
        problems = errors(validate_layer(name, frame, county))
        assert not problems, (name, [p.line() for p in problems[:5]])
        assert shapely.is_valid(frame.geometry.values).all(), name
        assert set(frame.geom_type) <= set(LAYERS[name].geometry_types), name
        minx, miny, maxx, maxy = frame.total_bounds
        assert 73 < minx < maxx < 136 and 18 < miny < maxy < 54
    for name in EMPTY:
        assert len(county[name]) == 0
    for name in ("villages", "units", "posts", "key_sites"):
        assert county[name]["code"].is_unique, name
    assert county["boundaries"]["code"].is_unique
    assert set(county["roads"]["road_class"]) == set(ROAD_CLASSES)
    assert set(county["key_sites"]["category"]) == set(CATEGORIES)
    assert json.loads(county.metadata["params.demo"])["seed"] == 1


def test_codes_follow_the_statistical_division_code(county):
    b = county["boundaries"]
    towns = b[b["level"] == "township"]
    assert towns["code"].str.fullmatch(r"411426[12]\d\d").all()
    assert b.loc[b["level"] == "station", "code"].str.fullmatch(r"411426S\d\d").all()
    v = county["villages"]
    assert v["code"].str.fullmatch(r"\d{12}").all()
    assert v["code"].str[:9].isin(set(towns["code"])).all()
    assert (v.loc[v["area_type"] == "urban", "code"].str[:9] == "411426100").all()
    by_name = dict(zip(towns["name"], towns["code"], strict=True))
    assert (v["township"].map(by_name) == v["code"].str[:9]).all()
    stations = set(b.loc[b["level"] == "station", "code"])
    assert set(v["station"]) <= stations and set(county["units"]["station"]) <= stations


def test_names_look_real_and_do_not_repeat(county):
    v = county["villages"]
    rural = v[v["area_type"] == "rural"]
    assert rural["name"].str.endswith("村").all()
    assert not rural.duplicated(["township", "name"]).any()
    assert Counter(rural["name"]).most_common(1)[0][1] <= 4
    assert len(set(rural["name"])) > 0.8 * len(rural)
    assert v.loc[v["area_type"] == "urban", "name"].str.endswith("社区").all()
    b = county["boundaries"]
    assert b.loc[b["level"] == "township", "name"].str.fullmatch(r".+[镇乡]").all()
    assert "城关镇" in set(b["name"])
    assert b.loc[b["level"] == "station", "name"].str.endswith("派出所").all()
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n) for n in county["posts"]["officer_name"])


# ------------------------------------------------------------------ topology
def test_units_tile_their_community(metric):
    units, b = metric["units"], metric["boundaries"]
    comm = b[b["level"] == "community"].set_index("code")
    for code, group in units.groupby("community"):
        shape = comm.geometry[code]
        union = shapely.union_all(group.geometry.values)
        assert abs(union.area - shape.area) <= 0.005 * shape.area, code
        assert abs(group.area.sum() - union.area) <= 0.001 * union.area, code  # no overlaps
        assert union.geom_type == "Polygon", code  # one piece


def test_townships_and_stations_tile_the_county(metric):
    b = metric["boundaries"]
    total = b.loc[b["level"] == "county"].area.sum()
    for level in ("township", "station"):
        sel = b[b["level"] == level]
        union = shapely.union_all(sel.geometry.values)
        assert abs(sel.area.sum() - total) <= 0.001 * total, level
        assert abs(union.area - total) <= 0.001 * total, level


def test_villages_lie_in_their_township_and_station(metric):
    v, b = metric["villages"], metric["boundaries"]
    for level, column in (("township", "township"), ("station", "station")):
        shapes = b[b["level"] == level]
        key = "name" if column == "township" else "code"
        lookup = dict(zip(shapes[key], shapes.geometry.values, strict=True))
        inside = [shapely.covers(lookup[k], p) for k, p in zip(v[column], v.geometry.values, strict=True)]
        assert np.mean(inside) == 1.0, level


def test_road_network_is_noded_and_connected(county):
    roads = county["roads"]
    assert (roads.geom_type == "LineString").all()
    g = nx.Graph()
    for line in roads.geometry.values:
        xy = shapely.get_coordinates(line)
        g.add_edge(tuple(np.round(xy[0], 7)), tuple(np.round(xy[-1], 7)))
    assert nx.is_connected(g)
    # segments meet only at their ends (the expressway passes over the others on bridges)
    ground = roads.geometry.values[(roads["road_class"] != "expressway").to_numpy()]
    assert _unnoded(ground) == 0
    classes = roads["road_class"].value_counts()
    assert classes["village"] > classes["township"] > classes["county"]
    assert roads["speed_kmh"].isna().mean() > 0.9
    assert roads.loc[roads["road_class"] == "urban", "oneway"].any()


def test_noding_cuts_near_coincident_crossings_at_one_point():
    from algorithms.network import node_lines

    base = np.array([[0.0, 0.0], [0.0, 400.0]])  # a lattice road north from a junction at the origin
    spur = np.array([[30.0, 100.0], [0.005, 1.0], [0.0, 0.0]])  # runs in beside it, 5 mm off, to the junction
    across = np.array([[-50.0, 0.5], [50.0, 0.5]])  # crosses both 2.5 mm apart
    coords = [base, spur, across]
    pieces, source = node_lines(coords, np.array([False, True, True]))
    geoms = shapely.linestrings(np.vstack(pieces), indices=np.repeat(np.arange(len(pieces)), [len(p) for p in pieces]))
    assert _unnoded(geoms) == 0
    # nothing lost: every line's pieces add up to it (no sliver between two near crossings dropped)
    lengths = np.bincount(source, weights=shapely.length(geoms), minlength=len(coords))
    original = np.array([shapely.length(shapely.linestrings(c)) for c in coords])
    assert np.allclose(lengths, original, atol=1e-3)
    assert len(pieces) == 2 + 2 + 2


def test_villages_and_key_sites_are_near_a_road(metric):
    tree = shapely.STRtree(metric["roads"].geometry.values)
    for name in ("villages", "key_sites", "posts"):
        pts = metric[name].geometry.values
        _, d = tree.query_nearest(pts, return_distance=True, all_matches=False)
        assert d.max() <= 500.0, name


# ------------------------------------------------------------------ posts and key sites
def test_posts_are_a_partly_built_network(county):
    posts, v = county["posts"], county["villages"]
    b = county["boundaries"]
    stations = set(b.loc[b["level"] == "station", "code"])
    tiers = Counter(posts["tier"])
    assert set(posts.loc[posts["tier"] == "station", "station"]) == stations
    assert tiers["station"] == len(stations)
    rural = (v["area_type"] == "rural").sum()
    assert rural / 14 <= tiers["office"] and tiers["workstation"] > 0
    with_office = set(posts.loc[posts["tier"] == "office", "station"])
    assert len(stations - with_office) >= 1
    assert posts["officer_phone"].str.fullmatch(r"1[3-9]\d{9}").all()
    assert posts["officer_phone"].is_unique
    assert (posts["officers"] + posts["auxiliaries"] > 0).all()


def test_key_sites_in_nearly_every_village(county):
    sites, v = county["key_sites"], county["villages"]
    rural = v[v["area_type"] == "rural"]
    offices = sites[sites["category"] == "village_office"]
    share = rural["code"].isin(offices["village"]).mean()
    assert 0.93 <= share < 1.0
    centres = sites[sites["category"] == "service_center"]
    urban = v[v["area_type"] == "urban"]
    assert urban["code"].isin(centres["village"]).all()
    assert set(sites["village"]) - {""} <= set(v["code"])
    assert len(sites) > 1500


# ------------------------------------------------------------------ command line
def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=env)


def test_cli_writes_a_project_that_opens_cleanly(tmp_path, county):
    out = tmp_path / "demo.gpkg"
    env = dict(os.environ, PYTHONHASHSEED="12345")  # another process, other string hashing: same project
    res = _run("demo", str(out), "--json", "--seed", "1", env=env)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["path"] == str(out.resolve()) and summary["scale"] == "county" and summary["seed"] == 1
    proj = Project.open(out)
    assert proj.problems == []
    for name in FILLED:
        assert summary[name] == len(proj[name]) > 0
    assert _fingerprint(proj) == _fingerprint(county)
    assert "%" in res.stderr  # progress went to stderr


def test_cli_refuses_bad_output(tmp_path):
    res = _run("demo", str(tmp_path / "missing" / "x.gpkg"), "--quiet")
    assert res.returncode == 2 and "missing" in res.stderr
    res = _run("demo", str(tmp_path / "x.shp"), "--quiet")
    assert res.returncode == 2 and ".gpkg" in res.stderr
    res = _run("demo", str(tmp_path / "x.gpkg"), "--scale", "country")
    assert res.returncode == 2
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_city_scale():
    city = build_demo(1, "city")
    v = city["villages"]
    assert 4400 <= (v["area_type"] == "rural").sum() <= 5300
    assert 220 <= (v["area_type"] == "urban").sum() <= 280
    b = city["boundaries"]
    assert (b["level"] == "county").sum() == 9
    for name in FILLED:
        assert not errors(validate_layer(name, city[name], city)), name
    assert v["code"].is_unique and city["posts"]["code"].is_unique and city["key_sites"]["code"].is_unique
    ends = shapely.get_coordinates(shapely.boundary(city["roads"].geometry.values)).round(7)
    g = nx.Graph()
    g.add_edges_from(zip(map(tuple, ends[0::2]), map(tuple, ends[1::2]), strict=True))
    assert nx.is_connected(g)
