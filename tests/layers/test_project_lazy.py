"""A project opened for a command: each layer read on first use, the same data and metric
zone as reading every layer, unread layers saved back untouched, and a layer that cannot
be read refused when it is used, never replaced by an empty one."""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import LineString

from layers.errors import ProjectError
from layers.project import Project
from layers.schema import CRS, LAYERS
from tests.layers.test_project import sample_project
from tests.layers.test_raw_values import _edit


def test_nothing_is_read_until_used_and_what_is_read_is_what_open_reads(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    eager, lazy = Project.open(path), Project.open(path, lazy=True)
    assert list(lazy.layers) == list(LAYERS)
    assert not any(lazy.layers.is_read(n) for n in LAYERS)
    for name in ("villages", "roads", "boundaries", "officers"):
        pd.testing.assert_frame_equal(lazy[name], eager[name])
        assert lazy.layers.is_read(name)
    assert not lazy.layers.is_read("units") and not lazy.dirty
    assert lazy.metadata == eager.metadata and lazy.problems == eager.problems == []


def _roads_far_east(path):
    """A project whose roads alone reach the next Gauss-Krüger zone's side of the centre."""
    proj = sample_project()
    proj["roads"] = gpd.GeoDataFrame(
        {"name": ["G310"], "road_class": ["national"], "speed_kmh": [60.0], "oneway": [False]},
        geometry=[LineString([(116.0, 34.0), (121.9, 34.3)])], crs=CRS)
    proj.save(path)


def test_the_metric_zone_counts_layers_not_read(tmp_path):
    path = tmp_path / "p.gpkg"
    _roads_far_east(path)
    eager = Project.open(path)
    lazy = Project.open(path, lazy=True)
    assert lazy.metric_epsg() == eager.metric_epsg() == 4549  # 120°E: the roads count (117°E without them)
    assert not lazy.layers.is_read("roads")  # from the stored envelopes


def test_a_file_with_another_geometry_column_name_reads_the_layer_for_the_zone(tmp_path):
    path = tmp_path / "p.gpkg"
    _roads_far_east(path)
    roads = pyogrio.read_dataframe(path, layer="roads")
    pyogrio.write_dataframe(roads, path, layer="roads", driver="GPKG",
                            layer_options={"OVERWRITE": "YES", "GEOMETRY_NAME": "shape"})
    lazy = Project.open(path, lazy=True)
    assert lazy.metric_epsg() == Project.open(path).metric_epsg() == 4549


def test_saving_writes_what_changed_and_leaves_unread_layers_as_they_were(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    before = Project.open(path)
    lazy = Project.open(path, lazy=True)
    villages = lazy["villages"].copy()
    villages.loc[0, "population"] = 1500
    lazy["villages"] = villages
    lazy.save()
    assert not lazy.layers.is_read("roads")
    after = Project.open(path)
    assert list(after["villages"]["population"]) == [1500, 800]
    for name in ("roads", "boundaries"):
        pd.testing.assert_frame_equal(after[name], before[name])
    copy = tmp_path / "copy.gpkg"
    Project.open(path, lazy=True).save(copy)  # save as: every layer, read to be written
    for name in LAYERS:
        pd.testing.assert_frame_equal(Project.open(copy)[name], after[name])


def _break(path, layer: str = "roads"):
    """Damage a layer as a careless edit might: its geometry column renamed."""
    con = sqlite3.connect(path)
    for (trigger,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=?",
                                  (layer,)).fetchall():
        con.execute(f'DROP TRIGGER "{trigger}"')
    con.execute(f'ALTER TABLE "{layer}" RENAME COLUMN geom TO "lost"')
    con.commit()
    con.close()


def test_a_layer_that_cannot_be_read_stops_its_user_and_is_never_emptied(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    _break(path)
    assert [p.layer for p in Project.open(path).problems] == ["roads"]  # read all: listed, empty
    lazy = Project.open(path, lazy=True)
    assert lazy.problems == [] and len(lazy["villages"]) == 2  # a command without roads runs
    with pytest.raises(ProjectError) as err:
        lazy["roads"]
    assert err.value.layer == "roads" and str(path) in err.value.line()
    lazy.save()
    with pytest.raises(ProjectError):
        Project.open(path, lazy=True)["roads"]  # still the broken layer, not an empty one


def test_value_problems_of_a_layer_arrive_when_it_is_read(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    _edit(path, "UPDATE villages SET population = 'many' WHERE name = '张庄村'")
    eager, lazy = Project.open(path), Project.open(path, lazy=True)
    assert [p.layer for p in eager.value_problems] == ["villages"]
    assert lazy.value_problems == []
    lazy["villages"]
    assert lazy.value_problems == eager.value_problems
