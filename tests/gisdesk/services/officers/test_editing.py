"""Hand edits of the assignments: one undoable command, contacts following, stations kept."""

from __future__ import annotations

import pytest

from gisdesk.services.officers import covering, edit_assignments_command
from layers.edits import CommandStack
from layers.errors import InputError


def test_drag_a_person_onto_a_grid_and_undo(demo):
    a = demo["assignments"]
    grids = demo["grids"].set_index("code")
    o = demo["officers"]
    grid = a["grid"].iat[0]
    st = grids.at[grid, "station"]
    spare = o[(o["station"] == st) & o["active"] & ~o["code"].isin(set(a["officer"])) & (o["max_grids"] > 0)]
    person = spare["code"].iat[0]
    before = covering(demo, grid)["code"].tolist()
    stack = CommandStack(demo)
    stack.push(edit_assignments_command(demo, add=[(person, grid)], remove=[(b, grid) for b in before]))
    assert covering(demo, grid)["code"].tolist() == [person]
    row = demo["grids"].set_index("code").loc[grid]
    assert row["officer_name"] == spare["name"].iat[0] and row["officer_phone"] == spare["phone"].iat[0]
    stack.undo()
    assert covering(demo, grid)["code"].tolist() == before
    assert demo["grids"].set_index("code").at[grid, "officer_name"] == grids.at[grid, "officer_name"]


def test_refuses_another_station_and_people_not_at_work(demo):
    o = demo["officers"]
    grids = demo["grids"]
    person = o[o["active"]].iloc[0]
    other = grids.loc[grids["station"] != person["station"], "code"].iat[0]
    with pytest.raises(InputError, match="belongs to station"):
        edit_assignments_command(demo, add=[(person["code"], other)])
    mine = grids.loc[grids["station"] == person["station"], "code"].iat[0]
    away = o[~o["active"] & (o["station"] == person["station"])]
    if len(away):
        with pytest.raises(InputError, match="not at work"):
            edit_assignments_command(demo, add=[(away["code"].iat[0], mine)])
    with pytest.raises(InputError, match="not in the roster"):
        edit_assignments_command(demo, add=[("NOBODY", mine)])
