"""The offline web map: self-contained, escaped, personal data optional."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from layers.project import Project
from maps.web.export import deviation_colour, export_web, grid_deviation

EVIL = '</script><script>alert("x")</script>'


@pytest.fixture
def project() -> Project:
    p = Project.new()
    p["villages"] = gpd.GeoDataFrame(
        {
            "code": ["411426100201", "411426100202"],
            "name": [EVIL, "张庄村"],
            "population": [1200, 2300],
            "households": [380, 700],
            "area_type": ["rural", "rural"],
            "township": ["城关镇", "城关镇"],
            "station": ["S01", "S01"],
        },
        geometry=[Point(115.60, 34.40), Point(115.62, 34.41)],
        crs=4490,
    )
    p["posts"] = gpd.GeoDataFrame(
        {"code": ["P1"], "name": ["城关派出所"], "tier": ["station"], "station": ["S01"], "officers": [12],
         "auxiliaries": [20], "officer_name": ["王建国"], "officer_phone": ["13837012345"]},
        geometry=[Point(115.61, 34.405)],
        crs=4490,
    )
    p["grids"] = gpd.GeoDataFrame(
        {"code": ["G1"], "name": ["北关一格"], "station": ["S01"], "community": ["C1"], "area_type": ["urban"],
         "population": [3600], "households": [1100], "officers_required": [1], "officer_name": ["李红"],
         "officer_phone": ["13900001111"]},
        geometry=[box(115.59, 34.39, 115.63, 34.42)],
        crs=4490,
    )
    return p


def test_page_is_self_contained(project, tmp_path):
    out = tmp_path / "map.html"
    counts = export_web(project, out)
    page = out.read_text(encoding="utf-8")
    assert counts["villages"] == 2 and counts["grids"] == 1
    # nothing the browser would fetch: no external scripts, styles, images, fonts or tiles
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*\bhref=", page)
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", page)
    assert not re.search(r"""tileLayer\(\s*['"]""", page)
    assert "@import" not in page
    assert "L.control.measure" in page and "gd-search" in page
    assert "张庄村" in page


def test_text_from_data_is_escaped(project, tmp_path):
    out = tmp_path / "map.html"
    export_web(project, out)
    page = out.read_text(encoding="utf-8")
    assert EVIL not in page
    assert '<script>alert("x")' not in page
    assert "&lt;/script&gt;" in page


def test_personal_data_can_be_left_out(project, tmp_path):
    with_names, without = tmp_path / "a.html", tmp_path / "b.html"
    export_web(project, with_names)
    export_web(project, without, personal=False)
    assert "13837012345" in with_names.read_text(encoding="utf-8")
    page = without.read_text(encoding="utf-8")
    assert "13837012345" not in page and "王建国" not in page and "李红" not in page


def test_grid_colours_follow_deviation(project):
    dev = grid_deviation(project["grids"])
    assert dev[0] == pytest.approx(0.2)
    assert deviation_colour(0.0) == "#ffffff"
    over, under = deviation_colour(0.3), deviation_colour(-0.3)
    assert int(over[1:3], 16) > int(over[5:7], 16)
    assert int(under[5:7], 16) > int(under[1:3], 16)
