"""The grid redraw on a small hand-made town: balance, contiguity, members, carry-over."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

from algorithms.districting import polsby_popper, voronoi_cells
from gisdesk.services.grids import GridParams, compute_grids, grids_command
from gisdesk.services.grids.geometry import adjacency
from layers.edits import CommandStack
from layers.errors import InputError
from layers.project import Project
from layers.standard import Standard

ROOT = Path(__file__).resolve().parents[4]
X0, Y0, STEP = 115.60, 34.40, 0.002  # ~180 m blocks


def _town(n: int = 10, seed: int = 3) -> Project:
    rng = np.random.default_rng(seed)
    p = Project.new()
    cells, rows = [], []
    for i in range(n):
        for j in range(n):
            cells.append(box(X0 + i * STEP, Y0 + j * STEP, X0 + (i + 1) * STEP, Y0 + (j + 1) * STEP))
            pop = int(rng.integers(60, 240))
            rows.append({"code": f"U{i:02d}{j:02d}", "name": "", "population": pop, "households": pop // 3,
                         "community": "C1" if i < n // 2 else "C2", "station": "S01"})
    p["units"] = gpd.GeoDataFrame(rows, geometry=cells, crs=4490)
    half = X0 + n // 2 * STEP
    p["boundaries"] = gpd.GeoDataFrame(
        {"code": ["C1", "C2", "T1"], "name": ["东关社区", "西关社区", "城关镇"], "level": ["community", "community", "township"]},
        geometry=[box(X0, Y0, half, Y0 + n * STEP), box(half, Y0, X0 + n * STEP, Y0 + n * STEP),
                  box(X0 - 0.05, Y0 - 0.05, X0 + 0.08, Y0 + 0.08)],
        crs=4490,
    )
    villages = [
        ("C1", "东关社区", 0, 0, "urban", X0 + 0.002, Y0 + 0.002),
        ("C2", "西关社区", 0, 0, "urban", half + 0.002, Y0 + 0.002),
        ("V1", "张庄村", 1800, 560, "rural", X0 - 0.03, Y0 - 0.03),
        ("V2", "李楼村", 2600, 800, "rural", X0 + 0.05, Y0 - 0.03),
        ("V3", "王集村", 6200, 1900, "rural", X0 - 0.03, Y0 + 0.05),
    ]
    p["villages"] = gpd.GeoDataFrame(
        [{"code": c, "name": nm, "population": pop, "households": hh, "area_type": t, "township": "城关镇", "station": "S01"}
         for c, nm, pop, hh, t, _, _ in villages],
        geometry=[Point(x, y) for *_, x, y in villages],
        crs=4490,
    )
    return p


@pytest.fixture(scope="module")
def town() -> Project:
    return _town()


@pytest.fixture(scope="module")
def result(town):
    return compute_grids(town, GridParams(tolerance=0.10, seed=1))


def test_adjacency_ignores_corner_touches():
    cells = np.array([box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2)], dtype=object)
    pairs = {tuple(e) for e in adjacency(cells, min_shared=0.1)}
    assert pairs == {(0, 1), (1, 2)}


def test_voronoi_cells_tile_the_frame():
    frame = box(0, 0, 100, 100)
    cells = voronoi_cells(np.array([[10, 10], [90, 10], [50, 80]], float), frame)
    assert sum(c.area for c in cells) == pytest.approx(10000, rel=1e-6)
    assert cells[0].contains(Point(10, 10)) and cells[2].contains(Point(50, 80))


def test_polsby_popper_of_square():
    assert polsby_popper(np.array([box(0, 0, 10, 10)]))[0] == pytest.approx(np.pi / 4)


def test_urban_communities_are_cut_by_the_standard(town, result):
    g = result.grids
    units = town["units"]
    for community in ("C1", "C2"):
        sel = units[units["community"] == community]
        k = max(-(-int(sel["population"].sum()) // 3000), -(-int(sel["households"].sum()) // 1000))
        assert (g["community"] == community).sum() == k
    urban = g[g["area_type"] == "urban"]
    assert (urban.geom_type == "Polygon").all()
    assert result.summary["contiguous"] is True


def test_every_unit_and_rural_village_in_exactly_one_grid(town, result):
    m = result.members
    assert not m["member"].duplicated().any()
    assert set(town["units"]["code"]) <= set(m["member"])
    assert {"V1", "V2", "V3"} <= set(m["member"])
    assert set(m["grid"]) == set(result.grids["code"])


def test_balance_and_big_village_flagged(result):
    assert result.summary["max_deviation"] <= 0.10 + 1e-9
    v3 = result.grids[result.grids["code"] == "V3-G01"].iloc[0]
    assert v3["officers_required"] == 2
    assert any("王集村" in e["reason"] for e in result.summary["exceptions"])


def test_grid_population_adds_up(town, result):
    urban = result.grids[result.grids["area_type"] == "urban"]
    assert urban["population"].sum() == town["units"]["population"].sum()


def test_rural_grids_do_not_overlap_the_town(result):
    g = result.grids.to_crs(4539)
    urban = g[g["area_type"] == "urban"].union_all()
    rural = g[g["area_type"] == "rural"]
    # only centimetre slivers from reprojection may overlap
    assert all(geom.intersection(urban).area < 1e-5 * urban.area for geom in rural.geometry)


def test_officers_survive_a_redraw(town, tmp_path):
    first = compute_grids(town, GridParams(seed=1))
    grids_command(first).do(town)
    grids = town["grids"].copy()
    grids.loc[0, "officer_name"] = "王建国"
    grids.loc[0, "officer_phone"] = "13837012345"
    town["grids"] = grids
    code = grids.loc[0, "code"]
    again = compute_grids(town, GridParams(seed=1))
    row = again.grids[again.grids["code"] == code]
    assert len(row) == 1 and row.iloc[0]["officer_name"] == "王建国"
    assert again.grids["code"].is_unique


def test_cli_writes_layers_and_summary(tmp_path):
    path = tmp_path / "town.gpkg"
    _town().save(path)
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "grids", str(path), "--json", "--quiet"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert {"grids", "max_deviation", "contiguous", "mean_polsby_popper", "exceptions"} <= set(summary)
    assert summary["assignments_removed"] == []
    back = Project.open(path)
    assert len(back["grids"]) == summary["grids"] and len(back["grid_members"]) > 0


def test_cli_bad_option_leaves_project_unchanged(tmp_path):
    path = tmp_path / "town.gpkg"
    _town().save(path)
    before = path.read_bytes()
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "grids", str(path), "--tolerance", "2"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 2 and "--tolerance" in res.stderr
    assert path.read_bytes() == before


def test_the_redraw_is_one_undoable_command(tmp_path):
    town = _town()
    stack = CommandStack(town)
    stack.push(grids_command(compute_grids(town, GridParams(seed=1)), GridParams(seed=1)))
    drawn = {n: town[n].copy() for n in ("grids", "grid_members")}
    params = GridParams(Standard(urban_people=2500), seed=1)
    result = compute_grids(town, params)
    stack.push(grids_command(result, params, text="重新划分警格"))
    assert len(town["grids"]) == len(result.grids) != len(drawn["grids"])
    applied = {n: town[n].copy() for n in drawn}
    assert json.loads(town.metadata["params.grids"])["urban_people"] == 2500
    stack.undo()
    for name, frame in drawn.items():
        assert town[name].equals(frame), name
    assert json.loads(town.metadata["params.grids"])["urban_people"] == 3000
    stack.redo()
    for name, frame in applied.items():
        assert town[name].equals(frame), name
    assert stack.undo_text == "重新划分警格"
    stack.undo()
    stack.undo()
    assert len(town["grids"]) == 0 and len(town["grid_members"]) == 0 and "params.grids" not in town.metadata
    assert stack.undo_text == "" and stack.redo_text == "Redraw grids"


def test_a_redraw_takes_off_the_assignments_to_grids_it_removed_and_undo_puts_them_back():
    """Assignments to grids that survive (same code) stay; those to removed grids go in the
    same undoable step (no officer points at a grid that is gone); a new grid never takes a
    removed grid's code, so no assignment moves to a different area."""
    import pandas as pd

    town = _town()
    stack = CommandStack(town)
    stack.push(grids_command(compute_grids(town, GridParams(seed=1)), GridParams(seed=1)))
    old_codes = set(town["grids"]["code"])
    town["assignments"] = pd.DataFrame({"officer": [f"P{i}" for i in range(len(old_codes))],
                                        "grid": sorted(old_codes)})
    before = town["assignments"].copy()
    params = GridParams(Standard(urban_people=2500), seed=1)
    result = compute_grids(town, params)
    command = grids_command(result, params)
    stack.push(command)
    new_codes = set(town["grids"]["code"])
    survived, gone = old_codes & new_codes, old_codes - new_codes
    assert survived and gone  # some grids kept their members, some did not
    after = town["assignments"]
    assert set(after["grid"]) == survived and set(after["grid"]) <= new_codes
    assert set(command.removed["grid"]) == gone and len(after) + len(command.removed) == len(before)
    assert "assignments" in command.layers
    stack.undo()
    assert town["assignments"].equals(before)
    stack.redo()
    assert set(town["assignments"]["grid"]) == survived


def test_a_redraw_without_stale_assignments_leaves_them_as_they_are():
    import pandas as pd

    town = _town()
    grids_command(compute_grids(town, GridParams(seed=1))).do(town)
    town["assignments"] = pd.DataFrame({"officer": ["P1"], "grid": [town["grids"]["code"].iloc[0]]})
    before = town["assignments"].copy()
    command = grids_command(compute_grids(town, GridParams(seed=1)))
    command.do(town)
    assert len(command.removed) == 0 and town["assignments"].equals(before)


def test_recorded_parameters_are_the_projects_one_encoding():
    town = _town()
    params = GridParams(Standard(urban_people=2800, urban_households=900, rural_people=4500), tolerance=0.2, seed=3)
    grids_command(compute_grids(town, params), params).do(town)
    recorded = json.loads(town.metadata["params.grids"])
    assert recorded == {"urban_people": 2800, "urban_households": 900, "rural_people": 4500,
                        "tolerance": 0.2, "seed": 3, "time_limit": None}
    reference = Project.new()
    reference.set_parameters("grids", params.as_dict())
    assert town.metadata["params.grids"] == reference.metadata["params.grids"]


def test_grids_follow_the_standard_given():
    town = _town()
    standard = Standard(urban_people=2000, urban_households=700)
    result = compute_grids(town, GridParams(standard, seed=1))
    units = town["units"]
    for community in ("C1", "C2"):
        sel = units[units["community"] == community]
        k = standard.officers_required(int(sel["population"].sum()), int(sel["households"].sum()), "urban")
        assert (result.grids["community"] == community).sum() == k
    for g in result.grids.itertuples():
        assert g.officers_required == standard.officers_required(g.population, g.households, g.area_type)


@pytest.mark.parametrize(("values", "field"), [
    ({"tolerance": 0.0}, "tolerance"), ({"tolerance": 1.5}, "tolerance"), ({"tolerance": float("nan")}, "tolerance"),
    ({"seed": -1}, "seed"), ({"time_limit": 0}, "time_limit"), ({"time_limit": -2.0}, "time_limit"),
])
def test_bad_parameters_are_refused_once_in_the_parameter_type(values, field):
    with pytest.raises(InputError) as info:
        GridParams(**values)
    assert info.value.field == field


def test_cli_names_the_option_of_a_bad_standard_value(tmp_path):
    path = tmp_path / "town.gpkg"
    _town().save(path)
    before = path.read_bytes()
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "grids", str(path), "--urban-households", "0", "--lang", "en"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    with pytest.raises(InputError) as info:
        Standard(urban_households=0)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines()[-1] == f"main.py grids: --urban-households: {info.value.message}"
    assert path.read_bytes() == before


def test_two_townships_of_one_name_each_frame_their_own_villages():
    """Every county has a 城关镇: a project of two counties keeps their villages' grids apart."""
    p = Project.new()
    west, east = box(115.50, 34.40, 115.56, 34.46), box(115.70, 34.40, 115.76, 34.46)
    p["boundaries"] = gpd.GeoDataFrame({"code": ["T1", "T2"], "name": ["城关镇", "城关镇"], "level": ["township"] * 2},
                                       geometry=[west, east], crs=4490)
    rows, points = [], []
    for t, x0 in enumerate((115.50, 115.70)):
        for i in range(3):
            rows.append({"code": f"V{t}{i}", "name": f"村{t}{i}", "population": 1000, "households": 300,
                         "area_type": "rural", "township": "城关镇", "station": f"S{t}"})
            points.append(Point(x0 + 0.01 + 0.02 * i, 34.43))
    p["villages"] = gpd.GeoDataFrame(rows, geometry=points, crs=4490)
    result = compute_grids(p)
    assert len(result.grids) == 6
    for code, geom in zip(result.grids["code"], result.grids.geometry, strict=True):
        own = west if code.startswith("V0") else east
        assert geom.area > 0.5 * 0.02 * 0.06
        assert own.buffer(1e-4).contains(geom), code
