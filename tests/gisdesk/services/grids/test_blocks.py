"""Urban grids where there are no building units (issue 12): blocks derived from the roads
inside the community, its population spread by area and marked as an estimate."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from gisdesk.cli import main
from gisdesk.services.grids import compute_grids, grids_command
from gisdesk.services.grids.blocks import road_blocks
from layers.edits import CommandStack
from layers.metric_zone import to_metric
from layers.project import Project
from layers.standard import Standard


# ---------------------------------------------------------------------------- geometry
def test_roads_cut_the_community_into_blocks_that_cover_it_once():
    square = shapely.box(0, 0, 400, 400)
    roads = np.array([shapely.LineString([(-50, 200), (450, 200)]),  # crosses the whole square
                      shapely.LineString([(200, -50), (200, 450)]),
                      shapely.LineString([(300, 200), (300, 320)]),  # a dead end: cuts nothing
                      shapely.LineString([(900, 900), (950, 950)])], dtype=object)  # outside
    blocks = road_blocks(square, roads)
    assert len(blocks) == 4
    assert sorted(round(b.area) for b in blocks) == [40000] * 4
    assert shapely.union_all(blocks).equals(square)


def test_large_blocks_are_cut_by_a_lattice_and_slivers_join_a_neighbour():
    square = shapely.box(0, 0, 400, 400)
    roads = np.array([shapely.LineString([(-50, 200), (450, 200)]),
                      shapely.LineString([(-50, 203), (450, 203)])], dtype=object)  # a 3 m sliver between
    blocks = road_blocks(square, roads, max_area=10_000)
    areas = shapely.area(blocks)
    assert areas.max() <= 10_000 * 1.5 and areas.min() >= 50
    assert abs(areas.sum() - square.area) < 1


def test_no_roads_leaves_the_whole_community_one_block():
    shape = shapely.Polygon([(0, 0), (300, 0), (300, 100), (0, 100)])
    [block] = road_blocks(shape, np.zeros(0, dtype=object))
    assert block.equals(shape)


# ---------------------------------------------------------------------------- the county demo
def _sql(path: Path, *statements: str) -> list:
    con = sqlite3.connect(path)
    try:
        con.create_function("ST_IsEmpty", 1, lambda g: 1 if g is None else 0)
        for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            con.create_function(name, 1, lambda g: 0.0)
        rows = [con.execute(s).fetchall() for s in statements]
        con.commit()
        return rows
    finally:
        con.close()


def _grids(path: Path) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["grids", str(path), "--json", "--quiet"]) == 0
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture(scope="module")
def redrawn(tmp_path_factory):
    """The county demo without the units of two communities (one of unknown population),
    redrawn: (project path, the two community codes, the grids summary)."""
    path = tmp_path_factory.mktemp("blocks") / "county.gpkg"
    assert main(["demo", str(path), "--quiet"]) == 0
    [[(known,), (unknown,)]] = _sql(path, "SELECT code FROM villages WHERE area_type = 'urban' "
                                          "AND code IN (SELECT community FROM units) ORDER BY fid LIMIT 2")
    _sql(path, f"DELETE FROM units WHERE community IN ('{known}', '{unknown}')",
         f"UPDATE villages SET population = NULL, households = NULL WHERE code = '{unknown}'")
    return path, known, unknown, _grids(path)


def test_grids_cut_a_community_without_units_from_road_blocks(redrawn):
    path, known, _, summary = redrawn
    project = Project.open(path)
    epsg = project.metric_epsg()
    village = project["villages"].set_index("code").loc[known]
    grids = to_metric(project["grids"], epsg)
    mine = grids[grids["community"] == known]
    boundary = to_metric(project["boundaries"], epsg)
    [shape] = boundary[(boundary["level"] == "community") & (boundary["code"] == known)].geometry
    k = Standard().officers_required(village["population"], village["households"], "urban")
    assert k > 1 and len(mine) == k
    assert all(len(shapely.get_parts(g)) == 1 for g in mine.geometry)  # contiguous (stored as Multi)
    assert abs(shapely.union_all(mine.geometry.values).area - shape.area) < 1e-3 * shape.area  # covers it
    ideal = village["population"] / k
    assert (abs(mine["population"] - ideal) / ideal).max() <= 0.10  # within the tolerance
    assert int(mine["population"].sum()) == village["population"]
    assert summary["contiguous"] is True


def test_the_blocks_are_units_marked_as_an_estimate_and_the_output_says_so(redrawn):
    path, known, unknown, summary = redrawn
    project = Project.open(path)
    units = project["units"]
    blocks = units[units["community"] == known]
    assert len(blocks) > 10 and blocks["estimated"].all()
    assert int(blocks["population"].sum()) == project["villages"].set_index("code").at[known, "population"]
    assert not units.loc[~units["community"].isin([known, unknown]), "estimated"].any()
    members = project["grid_members"]
    grid_codes = project["grids"].loc[project["grids"]["community"] == known, "code"]
    assert set(members.loc[members["grid"].isin(grid_codes), "member"]) == set(blocks["code"])
    said = {e["community"]: e for e in summary["estimated"]}
    assert said[known]["blocks"] == len(blocks) and said[known]["population"] == int(blocks["population"].sum())
    assert any("estimate" in e["reason"] and e["reason"].startswith(said[known]["name"]) for e in summary["exceptions"])


def test_a_community_of_unknown_population_gets_one_grid_of_unknown_population(redrawn):
    path, _, unknown, summary = redrawn
    project = Project.open(path)
    units = project["units"]
    assert units.loc[units["community"] == unknown, "population"].isna().all()
    [grid] = project["grids"].loc[project["grids"]["community"] == unknown].itertuples()
    assert grid.population is pd.NA and grid.officers_required == 1
    assert {e["community"]: e["population"] for e in summary["estimated"]}[unknown] is None


def test_a_redraw_derives_the_blocks_again_and_undo_takes_them_away(redrawn):
    path, known, _, _ = redrawn
    project = Project.open(path)
    before = project["units"].copy()
    result = compute_grids(project)
    assert result.units is not None
    assert result.units["code"].is_unique and len(result.units) == len(before)
    stack = CommandStack(project)
    stack.push(grids_command(result))
    assert (project["units"]["community"] == known).sum() == (before["community"] == known).sum()
    stack.undo()
    assert project["units"]["code"].tolist() == before["code"].tolist()


def test_real_units_replace_the_estimate(redrawn, tmp_path):
    path, known, _, _ = redrawn
    project = Project.open(path)
    units = project["units"]
    blocks = units[units["community"] == known]
    real = blocks.iloc[:5].assign(code=[f"{known}R{i}" for i in range(5)], estimated=False, population=900)
    project["units"] = pd.concat([units[units["community"] != known], real], ignore_index=True)
    result = compute_grids(project)
    mine = result.units[result.units["community"] == known]
    assert sorted(mine["code"]) == sorted(real["code"]) and not mine["estimated"].any()
    assert not any(e["community"] == known for e in result.summary["estimated"])


def test_population_is_spread_by_area_and_a_community_without_a_shape_is_named():
    import geopandas as gpd

    from gisdesk.services.grids.blocks import derive_units

    crs = "EPSG:4547"
    villages = gpd.GeoDataFrame(
        {"code": ["C1", "C2"], "name": ["东关社区", "西关社区"], "population": pd.array([7001, 3000], dtype="Int64"),
         "households": pd.array([pd.NA, 900], dtype="Int64"), "area_type": ["urban", "urban"], "station": ["S1", "S1"]},
        geometry=[shapely.box(0, 0, 300, 100), shapely.Point(1000, 1000)], crs=crs)
    roads = gpd.GeoDataFrame({"road_class": ["urban"]}, geometry=[shapely.LineString([(100, -10), (100, 110)])], crs=crs)
    units = gpd.GeoDataFrame({"community": [], "estimated": []}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    derived, notes = derive_units(villages, units, roads, {}, Standard())
    c1 = derived[derived["community"] == "C1"]
    assert int(c1["population"].sum()) == 7001 and c1["households"].isna().all() and c1["estimated"].all()
    share = c1["population"].to_numpy(dtype=float) / 7001
    assert np.allclose(share, shapely.area(c1.geometry.values) / 30_000, atol=1e-3)
    by = {n["community"]: n for n in notes}
    assert by["C2"]["blocks"] == 0 and "no community boundary" in by["C2"]["reason"]
    assert "C2" not in set(derived["community"])
