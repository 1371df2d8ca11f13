"""Commands read only the layers they use: a damaged layer stops the commands that need it
(exit 2, one line naming it, nothing changed), a command that does not need it runs and
leaves it as it was, never emptied."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from layers.errors import ProjectError
from layers.project import Project
from layers.schema import CRS
from tests.gisdesk.services.grids.test_plan import _town
from tests.layers.test_project_lazy import _break
from tests.reliability.test_bad_input import assert_refused, run_cli


def _town_with_a_broken(layer: str, folder):
    path = folder / "town.gpkg"
    town = _town()
    town["roads"] = gpd.GeoDataFrame(
        {"name": ["解放路"], "road_class": ["primary"], "speed_kmh": [40.0], "oneway": [False]},
        geometry=[LineString([(115.58, 34.41), (115.64, 34.41)])], crs=CRS)
    town["key_sites"] = gpd.GeoDataFrame(
        {"code": ["K1"], "name": ["城关小学"], "category": ["school"]}, geometry=[Point(115.61, 34.41)], crs=CRS)
    town.save(path)
    _break(path, layer)
    with pytest.raises(ProjectError):
        Project.open(path, lazy=True)[layer]
    return path


@pytest.fixture
def broken_roads(tmp_path):
    return _town_with_a_broken("roads", tmp_path)


@pytest.mark.parametrize("argv", [["site"], ["check"], ["evaluate", "--at", "115.61,34.41"]])
def test_a_command_that_needs_the_damaged_layer_is_refused_naming_it(argv, broken_roads, tmp_path, capsys):
    res = assert_refused([argv[0], str(broken_roads), *argv[1:]], capsys, "roads", tmp_path)
    assert str(broken_roads) in res.lines[0]


def test_a_command_that_does_not_need_it_runs_and_leaves_it_as_it_was(tmp_path, capsys):
    path = _town_with_a_broken("key_sites", tmp_path)  # grids uses no key sites
    res = run_cli(["grids", str(path), "--quiet"], capsys)
    assert res.code == 0, res.describe()
    after = Project.open(path, lazy=True)
    assert len(after["grids"]) > 0  # the grids were redrawn and saved
    with pytest.raises(ProjectError) as err:
        after["key_sites"]  # still the damaged layer: never replaced by an empty one
    assert err.value.layer == "key_sites"
    assert len(after["roads"]) == 1
