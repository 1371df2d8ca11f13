"""Siting's stations as independent tasks: each station's office counts solved in one task.

Stations share nothing (CONTRACT: an office serves villages of its own station), so
:func:`solve_station_task` gets one :class:`~.stations.StationProblem` (that station's cost
and distance matrices, weights and adjacency, never the project or the road network) and
returns its options; :func:`gisdesk.services.workers.run_tasks` runs the tasks in this
process or on every core. Each task's seed comes from the global seed and the station's
code, and its time is fixed before any task starts (:func:`station_budgets`), never what
other stations left on a shared clock: the plan is the same whatever the worker count.
A search that has not proven its plan by its ceiling stops on the clock (the location
algorithms count time, not work), so such a count may differ on a loaded machine; the
demo county's plan counts are all proven well before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from algorithms.progress import CancelToken
from gisdesk.services.siting.cover import cover_station
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.stations import StationOption, StationProblem, solve_station


def plan_seconds(villages: int) -> float:
    """Most seconds for a station's plan count without ``time_limit``: 2 s + 0.1 s per village.

    A ceiling, not a budget: the search stops as soon as the plan is proven optimal (the
    demo county's stations take at most 2.4 s, most well under a second)."""
    return 2.0 + 0.1 * villages


@dataclass(frozen=True)
class StationJob:
    """One station's office counts and the most seconds each may take: ``first`` (the
    plan's counts) then ``table`` (the trade-off table's; None leaves the cap to
    :func:`~.stations.table_seconds`)."""

    first: tuple[int, ...]
    first_seconds: float
    table: tuple[int, ...]
    table_seconds: float | None


def station_budgets(problems: list[StationProblem], params: SitingParams, want_table: bool) -> list[StationJob]:
    """Each station's job, decided before any is solved.

    A count's search stops when its plan is proven optimal, at the latest after
    ``time_limit`` seconds (without one: :func:`plan_seconds` of its station); a count
    only the trade-off table needs stops sooner (:func:`~.stations.table_seconds`). A
    ceiling per count rather than a share of one clock: a station's time never depends
    on how long other stations took, or on how many run at once."""
    jobs = []
    for pr in problems:
        first = tuple(pr.counts) if params.offices is not None else (pr.p_lo,)
        table = tuple(p for p in pr.counts if p not in first) if want_table else ()
        limit = params.time_limit
        jobs.append(StationJob(first, limit if limit is not None else plan_seconds(len(pr.villages)), table, limit))
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
