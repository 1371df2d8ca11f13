"""Assigning the roster to the grids, station by station (一村(格)一警).

``propose_assignments(project, AssignParams(...))`` computes an :class:`AssignResult` and
changes nothing; ``assignment_command(result)`` is the one undoable command that puts the
new ``assignments`` table, the grids' ``officer_name`` / ``officer_phone`` (maps and
print read them) and the parameters into the project.

Per station, never across one: every grid of the station needs
:meth:`Standard.officers_required` people; the station's active people with ``max_grids``
above 0 may take up to that many grids each; the cost of a pair is the road km from the
person's seat (their post, else the station's headquarters) to a point inside the grid;
:func:`algorithms.location.assign_officers` fills as many slots as the people allow, each
grid's first slot before anyone's second, at the least total km (an exact min-cost flow).
``keep_existing`` keeps the assignments already made that are still valid (person active
and of the grid's station, within their ``max_grids``) and fills in the rest.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Unpack

import numpy as np
import pandas as pd

from algorithms.location import assign_officers
from algorithms.progress import Run, check, report
from gisdesk.services.officers.distances import seat_grid
from gisdesk.services.officers.roster import can_carry, grid_needs, seats, with_contacts
from gisdesk.services.siting.costs import SitingContext
from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.lookups import station_names
from layers.project import Project, parameters_entry
from layers.standard import Standard


@dataclass(frozen=True)
class AssignParams:
    """``keep_existing``: keep valid assignments already made; ``time_limit``: seconds for the
    whole project, checked between stations (the stations left when it runs out stay
    unassigned and the result is not optimal)."""

    keep_existing: bool = False
    time_limit: float | None = None

    def __post_init__(self) -> None:
        t = self.time_limit
        if t is not None and (isinstance(t, bool) or not isinstance(t, int | float) or not t > 0):
            raise InputError("bad_parameter", f"must be positive, got {t!r}", field="time_limit")

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class StationStaffing:
    """One station's slots: ``needed`` (people its grids need), ``available`` (grids its
    people may carry in all), ``people`` (who may carry grids), ``assigned`` (slots filled),
    ``unfilled`` (slots no one could fill), ``km`` (total road km of its pairs)."""

    station: str
    name: str
    grids: int
    needed: int
    available: int
    people: int
    assigned: int
    unfilled: int
    km: float
    kept: int = 0
    optimal: bool = True


@dataclass
class AssignResult:
    """The new assignments (officer, grid), the grids with their contacts, and the account."""

    assignments: pd.DataFrame
    grids: pd.DataFrame
    params: AssignParams
    stations: list[StationStaffing]
    unassigned: list[str]
    notes: list[str] = field(default_factory=list)
    optimal: bool = True
    distance_model: str = "road"
    seconds: float = 0.0

    @property
    def total_km(self) -> float:
        return float(sum(s.km for s in self.stations))

    def summary(self) -> dict:
        """The command's JSON summary (CONTRACT section 4)."""
        return {
            "assigned": len(self.assignments),
            "grids_covered": int(self.assignments["grid"].nunique()),
            "unassigned": self.unassigned,
            "shortfall": [
                {"station": s.station, "name": s.name, "needed": s.needed, "available": s.available,
                 "people": s.people, "unfilled": s.unfilled}
                for s in self.stations if s.unfilled > 0
            ],
            "total_km": round(self.total_km, 3),
            "optimal": self.optimal,
            "kept": sum(s.kept for s in self.stations),
            "distance_model": self.distance_model,
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


def propose_assignments(
    project: Project,
    params: AssignParams | None = None,
    *,
    standard: Standard | None = None,
    context: SitingContext | None = None,
    **run: Unpack[Run],
) -> AssignResult:
    """Compute the assignment of the roster to the grids (nothing is written).

    Raises InputError when there is nothing to assign: no grids, or no people.
    """
    progress, cancel = run.get("progress"), run.get("cancel")
    t0 = time.perf_counter()
    params = params or AssignParams()
    grids, officers = project["grids"], project["officers"]
    if len(grids) == 0:
        raise InputError("empty", "the project has no grids: draw them first (grids)", layer="grids")
    if len(officers) == 0:
        raise InputError("empty", "the project has no officers: import the roster first (import PROJECT officers FILE)",
                         layer="officers")
    from gisdesk.services.siting.context_store import cached_context, remember

    report(progress, 0.02, "road network")
    ctx = cached_context(project, context, cancel=cancel)
    places = seat_grid(project, ctx)
    remember(ctx)
    need = grid_needs(project, standard)
    seat = seats(project).to_numpy()
    seatless = int(((seat == "") & can_carry(officers)).sum())
    carry = can_carry(officers)
    capacity = np.where(carry, officers["max_grids"].to_numpy(int), 0)
    notes: list[str] = []
    kept = _kept_pairs(project, params.keep_existing, carry, notes)
    names = station_names(project)
    grid_station = grids["station"].to_numpy()
    person_station = officers["station"].to_numpy()
    stations = sorted(set(grid_station) - {""})
    deadline = None if params.time_limit is None else t0 + params.time_limit
    rows: list[tuple[str, str]] = []
    table: list[StationStaffing] = []
    optimal = True
    for k, st in enumerate(stations):
        check(cancel)
        report(progress, 0.1 + 0.85 * k / max(len(stations), 1), f"assigning, station {st}")
        g_idx = np.flatnonzero(grid_station == st)
        p_idx = np.flatnonzero((person_station == st) & carry)
        late = deadline is not None and time.perf_counter() > deadline
        fixed = [(int(np.flatnonzero(p_idx == p)[0]), int(np.flatnonzero(g_idx == g)[0]))
                 for p, g in kept if p in p_idx and g in g_idx]
        if late:
            optimal = False
            pairs, km, unfilled = [], 0.0, int(need[g_idx].sum())
        else:
            cost = places.km([str(s) for s in seat[p_idx]], g_idx, cancel)
            sol = assign_officers(cost, need[g_idx], capacity[p_idx], fixed=fixed, cancel=cancel)
            pairs, km, unfilled = sol.pairs, sol.objective, sol.shortfall
            optimal &= sol.optimal
        for p, g in pairs:
            rows.append((str(officers["code"].iat[p_idx[p]]), str(grids["code"].iat[g_idx[g]])))
        table.append(StationStaffing(
            station=st, name=names.get(st, st), grids=len(g_idx), needed=int(need[g_idx].sum()),
            available=int(capacity[p_idx].sum()), people=len(p_idx), assigned=len(pairs), unfilled=unfilled,
            km=float(km), kept=len(fixed), optimal=not late,
        ))
    no_station = grids.loc[grid_station == "", "code"].tolist()
    if no_station:
        notes.append(f"{len(no_station)} grids without a station cannot be assigned: {', '.join(no_station[:8])}")
    if seatless:
        notes.append(f"{seatless} people have no post and their station no headquarters post: "
                     "distances from the centre of their station's grids")
    if places.no_path:
        notes.append(f"{places.no_path} person-grid pairs have no road path: straight line x 2 used")
    if deadline is not None and not optimal:
        unfinished = [s.station for s in table if not s.optimal]
        notes.append(f"time limit reached: stations {', '.join(unfinished)} left unassigned")
    assignments = pd.DataFrame(rows, columns=["officer", "grid"])
    covered = set(assignments["grid"])
    result = AssignResult(
        assignments=assignments,
        grids=with_contacts(project, assignments),
        params=params,
        stations=table,
        unassigned=[c for c in grids["code"] if c not in covered],
        notes=notes,
        optimal=optimal,
        distance_model=ctx.distance_model,
        seconds=time.perf_counter() - t0,
    )
    report(progress, 1.0, "done")
    return result


def _kept_pairs(project: Project, keep: bool, carry: np.ndarray, notes: list[str]) -> list[tuple[int, int]]:
    """(person row, grid row) of the existing assignments that stay: of an active person who
    may carry grids, to an existing grid of their own station, within their ``max_grids``."""
    current = project["assignments"]
    if not keep or len(current) == 0:
        return []
    officers, grids = project["officers"], project["grids"]
    person = pd.Series(np.arange(len(officers)), index=officers["code"].to_numpy())
    grid = pd.Series(np.arange(len(grids)), index=grids["code"].to_numpy())
    held = np.zeros(len(officers), int)
    out: list[tuple[int, int]] = []
    dropped = 0
    for o, g in current[["officer", "grid"]].drop_duplicates().itertuples(index=False):
        if o not in person.index or g not in grid.index:
            dropped += 1
            continue
        p, q = int(person[o]), int(grid[g])
        same = officers["station"].iat[p] == grids["station"].iat[q] != ""
        if not (carry[p] and same and held[p] < officers["max_grids"].iat[p]):
            dropped += 1
            continue
        held[p] += 1
        out.append((p, q))
    if dropped:
        notes.append(f"{dropped} existing assignments not kept (unknown person or grid, inactive, "
                     "another station, or beyond max_grids)")
    return out


def assignment_command(result: AssignResult, text: str = "Assign officers to grids") -> ReplaceLayers:
    """The assignment as one undoable command: ``assignments``, the grids' contacts and the
    parameters used (the window pushes it on its stack, the command line pushes it and saves)."""
    params = result.params.as_dict()
    params.update({"distance_model": result.distance_model, "total_km": round(result.total_km, 3),
                   "optimal": result.optimal})
    return ReplaceLayers({"assignments": result.assignments, "grids": result.grids}, text=text,
                         metadata=parameters_entry("assign", params))
