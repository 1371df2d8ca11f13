"""Siting's stations as independent tasks: each station's office counts solved in one task.

Stations share nothing (CONTRACT: an office serves villages of its own station), so
:func:`solve_station_task` gets one :class:`~.stations.StationProblem` (that station's cost
and distance matrices, weights and adjacency, never the project or the road network) and
returns its options; :func:`gisdesk.services.workers.run_tasks` runs the tasks in this
process or on every core. Each task's seed comes from the global seed and the station's
code, and its search stops when its plan is proven or after counted work
(:data:`~.stations.EFFORT`), never on the clock: the plan is the same whatever the worker
count and the machine's load. The time is only an outer ceiling per count
(:func:`ceiling_seconds`, or ``--time-limit``); a count that reaches it may differ from
machine to machine, and ``site`` then says so (an exception of the station).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from algorithms.progress import CancelToken
from gisdesk.services.siting.cover import cover_station
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.stations import StationOption, StationProblem, solve_station


def ceiling_seconds(villages: int) -> float:
    """The outer ceiling of one office count of a station without ``--time-limit``: 120 s +
    2 s per village. A safety net, never a budget: on the demo county and city every count
    stops on proof or counted work long before, even on a loaded machine (the city's
    longest count, 48 villages and 102 branch-and-bound nodes, took 11 s of CPU and 60 s
    of wall clock at a load of 13 on 2 cores)."""
    return 120.0 + 2.0 * villages


@dataclass(frozen=True)
class StationJob:
    """One station's office counts: ``first`` (the plan's) then ``table`` (the trade-off
    table's), and each count's outer ceiling in seconds (``first_seconds``,
    ``table_seconds``)."""

    first: tuple[int, ...]
    first_seconds: float
    table: tuple[int, ...]
    table_seconds: float


def station_budgets(problems: list[StationProblem], params: SitingParams, want_table: bool) -> list[StationJob]:
    """Each station's job, decided before any is solved: its counts and their ceiling
    (``time_limit``, else :func:`ceiling_seconds` of its station). A count stops on proof or
    counted work; its ceiling never depends on how long other stations took, or on how
    many run at once."""
    jobs = []
    for pr in problems:
        first = tuple(pr.counts) if params.offices is not None else (pr.p_lo,)
        table = tuple(p for p in pr.counts if p not in first) if want_table else ()
        limit = params.time_limit if params.time_limit is not None else ceiling_seconds(len(pr.villages))
        jobs.append(StationJob(first, limit, table, limit))
    return jobs


def solve_station_task(problem: StationProblem, params: SitingParams, job: StationJob, seed: int, *,
                       cancel: CancelToken | None = None) -> dict[int, StationOption]:
    """The options of one station (office count -> plan), solved with its own ``seed``."""
    own = replace(params, seed=seed)
    if params.cover_minutes is not None and problem.minutes is not None:
        return cover_station(problem, own, job.first_seconds, job.table, job.table_seconds, cancel)
    solve_station(problem, own, list(job.first), job.first_seconds, cancel)
    if job.table:
        solve_station(problem, own, list(job.table), job.table_seconds, cancel)
    return problem.options
