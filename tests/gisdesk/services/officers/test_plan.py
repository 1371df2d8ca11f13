"""Assigning the demo's roster: the rules hold, the result is HiGHS's optimum, undo, shortfall."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gisdesk.services.officers import AssignParams, assignment_command, propose_assignments
from gisdesk.services.officers.distances import seat_grid
from gisdesk.services.officers.roster import can_carry, grid_needs, seats
from gisdesk.services.siting import SitingContext
from layers.edits import CommandStack
from layers.errors import InputError
from layers.project import Project
from tests.algorithms.location.staffing_reference import highs_least_cost

ROOT = Path(__file__).resolve().parents[4]


def test_demo_assignment_keeps_every_rule(demo):
    a = demo["assignments"]
    officers = demo["officers"].set_index("code")
    grids = demo["grids"].set_index("code")
    need = dict(zip(demo["grids"]["code"], grid_needs(demo), strict=True))
    assert set(grids.index) == set(a["grid"])  # the demo has people enough for every grid
    assert not a.duplicated().any()
    assert (officers.loc[a["officer"], "station"].to_numpy() == grids.loc[a["grid"], "station"].to_numpy()).all()
    assert officers.loc[a["officer"], "active"].all()
    held = a.groupby("officer").size()
    assert (held <= officers.loc[held.index, "max_grids"]).all()
    per_grid = a.groupby("grid").size()
    assert all(per_grid[g] == need[g] for g in per_grid.index)
    # the grids' contact columns name the people responsible
    g = demo["grids"].iloc[0]
    names = officers.loc[a.loc[a["grid"] == g["code"], "officer"], "name"]
    assert set(g["officer_name"].split("、")) == set(names)


def test_demo_total_is_the_highs_optimum_station_by_station(demo):
    """The service's total km equals HiGHS on the same per-station matrices."""
    result = propose_assignments(demo)
    ctx = SitingContext(demo)
    places = seat_grid(demo, ctx)
    officers, grids = demo["officers"], demo["grids"]
    carry = can_carry(officers)
    capacity = np.where(carry, officers["max_grids"].to_numpy(int), 0)
    need = grid_needs(demo)
    seat = seats(demo).to_numpy()
    by_station = {s.station: s for s in result.stations}
    checked = 0
    for st in sorted(set(grids["station"])):
        g_idx = np.flatnonzero(grids["station"].to_numpy() == st)
        p_idx = np.flatnonzero((officers["station"].to_numpy() == st) & carry)
        cost = places.km([str(s) for s in seat[p_idx]], g_idx)
        assert highs_least_cost(cost, need[g_idx], capacity[p_idx]) == pytest.approx(by_station[st].km, abs=0.01)
        checked += 1
    assert checked == 22 and result.optimal


def test_short_station_reports_and_never_borrows(demo):
    officers = demo["officers"].copy()
    st = "411426S05"
    mine = officers["station"] == st
    keep = officers.index[mine & can_carry(officers)][:10]
    officers.loc[mine & ~officers.index.isin(keep), "max_grids"] = 0
    officers.loc[keep, "max_grids"] = 1
    demo["officers"] = officers
    result = propose_assignments(demo)
    s = result.summary()
    short = {e["station"]: e for e in s["shortfall"]}
    assert set(short) == {st}
    needed = int(grid_needs(demo)[demo["grids"]["station"].to_numpy() == st].sum())
    assert short[st]["available"] == 10 and short[st]["needed"] == needed and short[st]["unfilled"] == needed - 10
    grids = demo["grids"].set_index("code")
    assert len(s["unassigned"]) == int((grids["station"] == st).sum()) - 10 and all(grids.loc[c, "station"] == st for c in s["unassigned"])
    people = officers.set_index("code")
    a = result.assignments
    assert (people.loc[a["officer"], "station"].to_numpy() == grids.loc[a["grid"], "station"].to_numpy()).all()
    unassigned = result.grids.set_index("code").loc[s["unassigned"]]
    assert (unassigned["officer_name"] == "").all() and (unassigned["officer_phone"] == "").all()


def test_keep_existing_keeps_a_hand_made_choice(demo):
    a = demo["assignments"]
    officers = demo["officers"].set_index("code")
    grids = demo["grids"].set_index("code")
    # swap two people of one station between their grids (both carry one grid)
    st = "411426S10"
    ones = [o for o, n in a.groupby("officer").size().items() if n == 1 and officers.loc[o, "station"] == st]
    o1, o2 = ones[:2]
    g1 = a.loc[a["officer"] == o1, "grid"].iat[0]
    g2 = a.loc[a["officer"] == o2, "grid"].iat[0]
    swapped = a.copy()
    swapped.loc[swapped["officer"] == o1, "grid"] = g2
    swapped.loc[swapped["officer"] == o2, "grid"] = g1
    demo["assignments"] = swapped
    kept = propose_assignments(demo, AssignParams(keep_existing=True))
    assert {(o1, g2), (o2, g1)} <= set(kept.assignments.itertuples(index=False, name=None))
    assert kept.summary()["kept"] == len(a)
    fresh = propose_assignments(demo)
    assert fresh.total_km <= kept.total_km + 1e-9
    assert grids.loc[g1, "station"] == grids.loc[g2, "station"] == st


def test_the_command_is_undoable(demo):
    before_a = demo["assignments"].copy()
    before_names = demo["grids"]["officer_name"].copy()
    officers = demo["officers"].copy()
    officers.loc[officers["code"] == before_a["officer"].iat[0], "active"] = False
    demo["officers"] = officers
    stack = CommandStack(demo)
    stack.push(assignment_command(propose_assignments(demo)))
    assert before_a["officer"].iat[0] not in set(demo["assignments"]["officer"])
    stack.undo()
    assert demo["assignments"].equals(before_a)
    assert demo["grids"]["officer_name"].equals(before_names)
    assert "params.assign" in demo.metadata


def test_no_roster_is_refused(demo):
    from layers.schema import empty_layer

    demo["officers"] = empty_layer("officers")
    with pytest.raises(InputError, match="no officers"):
        propose_assignments(demo)


def _cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_cli_assign_writes_and_reports(demo_copy):
    p = Project.open(demo_copy)
    p["assignments"] = p["assignments"].iloc[0:0]
    p.save()
    run = _cli("assign", str(demo_copy), "--json", "--quiet", "--bureau-officers", "900")
    assert run.returncode == 0, run.stderr
    s = json.loads(run.stdout.strip().splitlines()[-1])
    assert {"assigned", "unassigned", "shortfall", "total_km", "optimal", "seconds"} <= set(s)
    assert s["assigned"] == 836 and s["unassigned"] == [] and s["optimal"] is True
    again = Project.open(demo_copy)
    assert len(again["assignments"]) == 836 and again.metadata["bureau.officers"] == "900"
    bad = _cli("assign", str(demo_copy), "--time-limit", "-1")
    assert bad.returncode == 2 and "--time-limit" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_time_limit_leaves_the_late_stations_and_says_so(demo):
    result = propose_assignments(demo, AssignParams(time_limit=1e-6))
    s = result.summary()
    assert s["optimal"] is False and s["assigned"] == 0
    assert len(s["unassigned"]) == len(demo["grids"]) and any("time limit" in n for n in s["notes"])


def test_cli_refuses_a_roster_row_of_no_station(demo_copy):
    p = Project.open(demo_copy)
    o = p["officers"].copy()
    o.loc[3, "station"] = "NOWHERE"
    p["officers"] = o
    p.save()
    before = demo_copy.read_bytes()
    run = _cli("assign", str(demo_copy), "--lang", "en")
    line = run.stderr.strip().splitlines()[-1]
    assert run.returncode == 2 and "officers" in line and "row 4" in line and "NOWHERE" in line
    assert demo_copy.read_bytes() == before
