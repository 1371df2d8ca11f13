"""The offline web map as a file: self-contained, scripts after the map, escaped, personal
data optional, grids coloured by the Standard's deviation. (tests/maps/web/test_browser.py
loads the same pages in a browser engine.)"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

from layers.project import Project
from layers.standard import Standard
from maps.web import palette
from maps.web.export import export_web, script_json
from maps.web.features import page_data

EVIL = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def small_project() -> Project:
    """Three villages (one named to break a page, two 张庄村 in two townships), a station and
    an office with their officers, an urban and a rural grid, a proposed office."""
    p = Project.new()
    p["villages"] = gpd.GeoDataFrame(
        {
            "code": ["411426100201", "411426100202", "411426100203"],
            "name": [EVIL, "张庄村", "张庄村"],
            "population": [1200, 2300, None],
            "households": [380, 700, None],
            "area_type": ["rural", "rural", "rural"],
            "township": ["城关镇", "城关镇", "王集乡"],
            "station": ["S01", "S01", "S01"],
        },
        geometry=[Point(115.60, 34.40), Point(115.62, 34.41), Point(115.64, 34.42)],
        crs=4490,
    )
    p["posts"] = gpd.GeoDataFrame(
        {"code": ["S01", "S01J01"], "name": ["城关派出所", "北关警务室"], "tier": ["station", "office"],
         "station": ["S01", "S01"], "officers": [12, 2], "auxiliaries": [20, 1], "officer_name": ["王建国", "赵敏"],
         "officer_phone": ["13837012345", "13700001234"]},
        geometry=[Point(115.61, 34.405), Point(115.615, 34.41)],
        crs=4490,
    )
    p["grids"] = gpd.GeoDataFrame(
        {"code": ["G1", "G2"], "name": ["北关一格", "张庄村警格"], "station": ["S01", "S01"], "community": ["C1", ""],
         "area_type": ["urban", "rural"], "population": [3600, 1200], "households": [1100, 380],
         "officers_required": [1, 1], "officer_name": ["李红", ""], "officer_phone": ["13900001111", ""]},
        geometry=[box(115.59, 34.39, 115.63, 34.42), box(115.63, 34.39, 115.66, 34.42)],
        crs=4490,
    )
    p["plan_offices"] = gpd.GeoDataFrame(
        {"code": ["JWS-S01-001"], "name": ["张庄村警务室"], "station": ["S01"], "key_site": [""], "existing": [False],
         "villages": [3], "population": [3500], "mean_km": [1.2], "max_km": [2.5]},
        geometry=[Point(115.621, 34.411)], crs=4490,
    )
    p["plan_assignment"] = gpd.GeoDataFrame(
        {"village": ["411426100202"], "office": ["JWS-S01-001"], "road_km": [0.4], "minutes": [1.1]},
        geometry=[gpd.GeoSeries.from_wkt(["LINESTRING (115.62 34.41, 115.621 34.411)"]).iloc[0]], crs=4490,
    )
    return p


@pytest.fixture
def project() -> Project:
    return small_project()


def test_page_is_self_contained_and_starts_after_the_map(project, tmp_path):
    out = tmp_path / "map.html"
    counts = export_web(project, out)
    page = out.read_text(encoding="utf-8")
    assert counts["villages"] == 3 and counts["grids"] == 2 and counts["plan_offices"] == 1
    # nothing the browser would fetch: no external scripts, styles, images, fonts or tiles
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=", page)
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", page)
    assert not re.search(r"""tileLayer\(\s*['"]""", page)
    assert "@import" not in page
    # our scripts run on the map object, after folium has created it
    create = re.search(r"var (map_\w+) = L\.map\(", page)
    start = page.index(f"GisdeskMap.start({create.group(1)},")
    assert create.start() < start
    assert "张庄村" in page


def test_text_from_data_cannot_end_the_script(project, tmp_path):
    out = tmp_path / "map.html"
    export_web(project, out)
    page = out.read_text(encoding="utf-8")
    assert EVIL not in page
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    data = re.search(r'<script type="application/json" id="gd-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data
    villages = next(layer for layer in json.loads(data)["layers"] if layer["id"] == "villages")
    assert villages["features"][0][2] == EVIL  # kept as text; the page inserts it as text
    assert script_json({"a": "</script>&"}) == '{"a":"\\u003c/script\\u003e\\u0026"}'


def test_personal_data_can_be_left_out(project, tmp_path):
    with_names, without = tmp_path / "a.html", tmp_path / "b.html"
    export_web(project, with_names)
    export_web(project, without, personal=False)
    assert "13837012345" in with_names.read_text(encoding="utf-8")
    assert "李红" in with_names.read_text(encoding="utf-8")
    page = without.read_text(encoding="utf-8")
    for personal in ("13837012345", "王建国", "李红", "13900001111", "赵敏", "13700001234"):
        assert personal not in page


def test_names_with_codes_and_the_township_of_duplicate_names(project):
    data = page_data(project)
    layers = {layer["id"]: layer for layer in data["layers"]}
    village = layers["villages"]
    fields = dict(zip(village["fields"], village["features"][1][3], strict=True))
    assert fields["派出所"] == "城关派出所（S01）"
    assert fields["拟属警务室"] == "张庄村警务室（JWS-S01-001）"
    assert fields["人口"] == "2,300"
    unknown = dict(zip(village["fields"], village["features"][2][3], strict=True))
    assert unknown["人口"] == ""  # unknown stays empty, never 0
    hits = [row for row in data["search"] if row[0] == "张庄村"]
    assert len(hits) == 2 and {h[1] for h in hits} == {"村/社区 · 城关镇 · 城关派出所", "村/社区 · 王集乡 · 城关派出所"}
    office = layers["posts_office"]
    assert dict(zip(office["fields"], office["features"][0][3], strict=True))["所属派出所"] == "城关派出所（S01）"


def test_closed_posts_are_left_off_the_web_map(project):
    before = {layer["id"]: len(layer["features"]) for layer in page_data(project)["layers"]}
    posts = project["posts"].copy()
    offices = posts.index[posts["tier"] == "office"]
    posts.loc[offices[0], "status"] = "closed"  # an adopted plan closed it
    project["posts"] = posts
    after = {layer["id"]: len(layer["features"]) for layer in page_data(project)["layers"]}
    assert after.get("posts_office", 0) == before["posts_office"] - 1

def test_grid_colours_follow_the_standard(project):
    project.metadata["params.grids"] = json.dumps({"urban_people": 2000, "urban_households": 1000, "rural_people": 5000})
    grids = next(layer for layer in page_data(project)["layers"] if layer["id"] == "grids")
    dev = Standard(urban_people=2000).deviations(project["grids"])
    assert dev[0] == pytest.approx(0.8) and dev[1] == 0.0  # the user's 2,000 per officer; a rural grid under 5,000 is on target
    assert [f[1] for f in grids["features"]] == [str(palette.deviation_class(d)) for d in dev]
    assert grids["styles"][grids["features"][1][1]]["fillColor"] == "#f4f1e9"  # on target: neutral, not dark blue
    assert dict(zip(grids["fields"], grids["features"][0][3], strict=True))["人口偏差"] == "+80.0%"


def test_deviation_classes():
    assert palette.deviation_class(float("nan")) == -1
    assert palette.deviation_class(0.0) == 3
    assert palette.deviation_colour(-0.8) == palette.DEVIATION_COLOURS[0]
    assert palette.deviation_colour(0.3) == palette.DEVIATION_COLOURS[-1]
    assert len(palette.deviation_labels()) == len(palette.DEVIATION_COLOURS)
    assert np.isnan(Standard().deviation(100, 10, 0, "urban"))
