"""Editing grids by hand: reassign, merge, lock, undo, statistics and contiguity."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from gisdesk.services.grids import GridParams, compute_grids, grids_command
from gisdesk.services.grids.editor import GridEditor
from layers.edits import CommandStack
from layers.errors import InputError
from layers.standard import Standard
from tests.gisdesk.services.grids.test_plan import _town


@pytest.fixture
def town():
    p = _town()
    grids_command(compute_grids(p, GridParams(seed=1))).do(p)
    return p


def _boundary_unit(ed: GridEditor, src: str, dst: str) -> str:
    """A unit of ``src`` that touches ``dst``."""
    for i in np.flatnonzero(ed.assignment == src):
        if any(ed.assignment[j] == dst for j in ed.neighbours[i]):
            return ed.codes[i]
    raise AssertionError("no shared boundary")


def test_reassign_updates_layers_and_undo_restores(town):
    ed = GridEditor(town)
    a = "C1-G01"
    b = ed.neighbours_of(a)[0]
    unit = _boundary_unit(ed, a, b)
    before_a, before_b = ed.stats(a), ed.stats(b)
    grids_before = town["grids"].set_index("code")[["population", "households"]].copy()
    cmd = ed.assign({unit: b})
    cmd.do(town)
    pop = int(town["units"].set_index("code").at[unit, "population"])
    assert ed.stats(a).population == before_a.population - pop
    assert ed.stats(b).population == before_b.population + pop
    g = town["grids"].set_index("code")
    assert g.at[b, "population"] == before_b.population + pop
    members = town["grid_members"]
    assert members.loc[members["member"] == unit, "grid"].tolist() == [b]
    cmd.undo(town)
    assert ed.grid_of(unit) == a
    after = town["grids"].set_index("code")[["population", "households"]]
    assert after.sort_index().equals(grids_before.sort_index())


def test_non_contiguous_grid_is_reported_with_pieces(town):
    ed = GridEditor(town)
    a = "C1-G01"
    idx = np.flatnonzero(ed.assignment == a)
    # move every unit of a but the two farthest apart to a neighbour: a falls apart
    xs = np.array([ed.geoms[i].centroid.x + ed.geoms[i].centroid.y for i in idx])
    keep = {idx[np.argmin(xs)], idx[np.argmax(xs)]}
    b = ed.neighbours_of(a)[0]
    cmd = ed.assign({ed.codes[i]: b for i in idx if i not in keep})
    cmd.do(town)
    s = ed.stats(a)
    assert s.pieces == 2 and not s.contiguous


def test_merge_neighbours_and_undo(town):
    ed = GridEditor(town)
    a = "C2-G01"
    b = ed.neighbours_of(a)[0]
    total = ed.stats(a).population + ed.stats(b).population
    n = len(town["grids"])
    cmd = ed.merge(a, b)
    cmd.do(town)
    assert len(town["grids"]) == n - 1 and b not in set(town["grids"]["code"])
    assert ed.stats(a).population == total
    cmd.undo(town)
    assert len(town["grids"]) == n and b in set(town["grids"]["code"])


def test_locked_grid_refuses_edits(town):
    ed = GridEditor(town)
    a = "C1-G01"
    b = ed.neighbours_of(a)[0]
    lock = ed.lock([b])
    lock.do(town)
    assert town["grids"].set_index("code").at[b, "locked"]
    with pytest.raises(InputError, match="locked"):
        ed.assign({_boundary_unit(ed, a, b): b})
    lock.undo(town)
    ed.assign({_boundary_unit(ed, a, b): b})


def test_moves_never_cross_a_community(town):
    ed = GridEditor(town)
    c2_unit = ed.members_of("C2-G01")[0]
    with pytest.raises(InputError, match="community"):
        ed.assign({c2_unit: "C1-G01"})


def test_units_in_a_drawn_polygon(town):
    ed = GridEditor(town)
    cell = ed.geoms[0]
    picked = ed.units_in(cell.buffer(-1))
    assert picked == [ed.codes[0]]
    assert ed.units_in(box(0, 0, 1, 1)) == []


def test_new_grid_from_units(town):
    ed = GridEditor(town)
    src = "C1-G02"
    units = list(ed.members_of(src)[:3])
    code = ed.new_code(src)
    cmd = ed.assign({u: code for u in units}, "New grid")
    cmd.do(town)
    row = town["grids"].set_index("code").loc[code]
    assert row["community"] == "C1" and row["population"] == ed.stats(code).population
    cmd.undo(town)
    assert code not in set(town["grids"]["code"])


def test_split_and_rebalance_through_the_service(town):
    from gisdesk.services.grids.editing import rebalance_changes, split_changes

    ed = GridEditor(town)
    grid = "C1-G01"
    total = ed.stats(grid).population
    cmd = ed.assign(split_changes(ed, grid), "Split")
    cmd.do(town)
    halves = [g for g in ed.grid_codes() if g.startswith("C1-")]
    new = sorted(set(halves) - {"C1-G01", "C1-G02", "C1-G03"})
    assert len(new) == 1
    a, b = ed.stats(grid), ed.stats(new[0])
    assert a.population + b.population == total
    assert abs(a.population - b.population) <= 0.1 * total
    assert a.contiguous and b.contiguous
    cmd.undo(town)
    assert ed.stats(grid).population == total

    # unbalance two neighbours by hand, then rebalance them back
    other = ed.neighbours_of(grid)[0]
    moves = {}
    for _ in range(4):
        unit = _boundary_unit(ed, other, grid)
        moves[unit] = grid
        ed.assignment[ed.index[unit]] = grid
    for unit in moves:
        ed.assignment[ed.index[unit]] = other
    ed.assign(moves).do(town)
    spread_before = abs(ed.stats(grid).population - ed.stats(other).population)
    changes = rebalance_changes(ed, grid, tolerance=0.05)
    ed.assign(changes, "Rebalance").do(town)
    spread_after = abs(ed.stats(grid).population - ed.stats(other).population)
    assert spread_after <= spread_before
    assert all(ed.stats(g).contiguous for g in (grid, other))


def test_statistics_follow_the_standard_the_editor_was_given(town):
    a = "C1-G01"
    default = GridEditor(town).stats(a)
    assert default.officers_required == Standard().officers_required(default.population, default.households, "urban")
    assert default.deviation == Standard().deviation(default.population, default.households,
                                                     default.officers_required, "urban")
    strict = Standard(urban_people=max(1, default.population // 3), urban_households=10**6)
    s = GridEditor(town, strict).stats(a)
    assert s.officers_required >= 3
    assert s.deviation == strict.deviation(s.population, s.households, s.officers_required, "urban")
    assert 0.0 < s.polsby_popper <= 1.0


def test_editor_commands_share_the_stack(town):
    stack = CommandStack(town)
    editor = GridEditor(town)
    stack.push(editor.lock(["C1-G01"]))
    assert stack.can_undo and town["grids"].set_index("code").at["C1-G01", "locked"]
    stack.undo()
    assert not stack.can_undo and not town["grids"].set_index("code").at["C1-G01", "locked"]


def test_units_of_unknown_population_can_be_edited_and_stay_unknown(town):
    """A unit whose population is NULL counts as 0 in the grid's sum; a grid of only such
    units has an unknown population (NULL in the layer), never 0, and editing never crashes."""
    import pandas as pd

    a = "C1-G01"
    members = town["grid_members"]
    mine = members.loc[members["grid"] == a, "member"].tolist()
    units = town["units"].copy()
    known_sum = int(units.loc[units["code"].isin(mine[1:]), "population"].sum())
    units.loc[units["code"] == mine[0], "population"] = pd.NA
    town["units"] = units
    ed = GridEditor(town)
    assert ed.stats(a).population == known_sum
    b = ed.neighbours_of(a)[0]
    cmd = ed.assign({m: b for m in mine[1:]})  # a keeps only the unit of unknown population
    cmd.do(town)
    assert ed.stats(a).population is None
    assert town["grids"].set_index("code").at[a, "population"] is pd.NA
    cmd.undo(town)
    assert ed.stats(a).population == known_sum
