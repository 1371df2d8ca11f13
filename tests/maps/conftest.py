"""A small hand-made project (EPSG:4490, around Zhengzhou) shared by the map tests."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.project import Project

LON, LAT = 113.60, 34.70


def _frame(rows, geoms):
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4490")


def small_project() -> Project:
    proj = Project.new()
    d = 0.01  # ~1 km
    proj["villages"] = _frame(
        {"code": ["V1", "V2", "V3", "V4"], "name": ["张庄村", "李营村", "王寨村", "刘集村"],
         "population": [800, 2500, 6000, 12000], "households": [250, 800, 2000, 4000],
         "area_type": ["rural"] * 4},
        [Point(LON + d, LAT + d), Point(LON + 3 * d, LAT + d), Point(LON + d, LAT + 3 * d), Point(LON + 3 * d, LAT + 3 * d)],
    )
    proj["posts"] = _frame(
        {"code": ["P1", "P2", "P3"], "name": ["城关派出所", "张庄警务室", "李营工作站"],
         "tier": ["station", "office", "workstation"]},
        [Point(LON + 2 * d, LAT + 2 * d), Point(LON + 1.2 * d, LAT + 1.5 * d), Point(LON + 3.2 * d, LAT + 1.5 * d)],
    )
    proj["roads"] = _frame(
        {"name": ["国道107", "村道"], "road_class": ["national", "village"]},
        [LineString([(LON, LAT + 2.5 * d), (LON + 4 * d, LAT + 2.5 * d)]),
         LineString([(LON + d, LAT + d), (LON + d, LAT + 3 * d)])],
    )
    proj["grids"] = _frame(
        {"code": ["G1", "G2", "G3"], "name": ["一号警格", "二号警格", "三号警格"], "area_type": ["urban"] * 3,
         "population": [3000, 4500, 1500], "households": [1000, 1500, 500], "officers_required": [1, 1, 1]},
        [box(LON + 5 * d, LAT, LON + 6 * d, LAT + d), box(LON + 6 * d, LAT, LON + 7 * d, LAT + d),
         box(LON + 7 * d, LAT, LON + 8 * d, LAT + d)],
    )
    proj["boundaries"] = _frame(
        {"code": ["S1"], "name": ["城关派出所辖区"], "level": ["station"]},
        [box(LON - 0.5 * d, LAT - 0.5 * d, LON + 8.5 * d, LAT + 4.5 * d)],
    )
    proj["key_sites"] = _frame(
        {"code": ["K1"], "name": ["卫生院"], "category": ["hospital"]},
        [Point(LON + 2.5 * d, LAT + 3.5 * d)],
    )
    return proj


@pytest.fixture
def project() -> Project:
    return small_project()


@pytest.fixture
def scene(project):
    from maps.render.scene import MapScene

    return MapScene.from_project(project)


@pytest.fixture
def canvas(qtbot, scene):
    """A shown 800 x 600 canvas over the small scene, first render done; no thread left after."""
    from maps.canvas import MapCanvas

    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(800, 600)
    c.show()
    qtbot.waitExposed(c)
    with qtbot.waitSignal(c.render_finished, timeout=10000):
        c.set_scene(scene)
    yield c
    c.close()
    assert c.threads_alive() == 0
