"""Hand edits of who covers which grid: one undoable command per edit, contacts following.

The window's officers panel (drag a person onto a grid, take them off) and scripts use
:func:`edit_assignments_command`; like the solver's command it replaces ``assignments``
and the grids' ``officer_name`` / ``officer_phone`` together, so undo restores both.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from gisdesk.services.officers.roster import with_contacts
from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.project import Project


def edit_assignments_command(
    project: Project,
    *,
    add: Iterable[tuple[str, str]] = (),
    remove: Iterable[tuple[str, str]] = (),
    text: str = "Assign officer",
) -> ReplaceLayers:
    """Add and remove (officer code, grid code) pairs as one undoable command.

    Refuses (InputError naming the person or grid) an unknown person or grid, a person
    who is not at work, or a grid of another station: the programme never crosses a
    station. A pair already there is not added twice; removing an absent pair is no error.
    """
    people = project["officers"].drop_duplicates("code").set_index("code")
    grids = project["grids"].drop_duplicates("code").set_index("code")
    current = project["assignments"]
    gone = {(str(o), str(g)) for o, g in remove}
    keep = [(o, g) for o, g in zip(current["officer"], current["grid"], strict=True) if (o, g) not in gone]
    present = set(keep)
    for officer, grid in add:
        officer, grid = str(officer), str(grid)
        if officer not in people.index:
            raise InputError("unknown_officer", f"{officer} is not in the roster", layer="officers")
        if grid not in grids.index:
            raise InputError("unknown_grid", f"no grid {grid}", layer="grids")
        if not people.at[officer, "active"]:
            raise InputError("inactive", f"{officer} {people.at[officer, 'name']} is not at work", layer="officers")
        if people.at[officer, "station"] != grids.at[grid, "station"]:
            raise InputError("other_station", f"{officer} belongs to station {people.at[officer, 'station']}, "
                             f"grid {grid} to {grids.at[grid, 'station'] or '(none)'}", layer="assignments")
        if (officer, grid) not in present:
            keep.append((officer, grid))
            present.add((officer, grid))
    assignments = pd.DataFrame(keep, columns=["officer", "grid"])
    return ReplaceLayers({"assignments": assignments, "grids": with_contacts(project, assignments)}, text=text)


def covering(project: Project, grid: str) -> pd.DataFrame:
    """The roster rows of the people responsible for ``grid`` (officers first)."""
    a = project["assignments"]
    codes = a.loc[a["grid"] == grid, "officer"]
    o = project["officers"]
    rows = o[o["code"].isin(set(codes))]
    return rows.sort_values(["role", "code"], key=lambda s: s.map({"officer": 0, "auxiliary": 1}) if s.name == "role" else s)
