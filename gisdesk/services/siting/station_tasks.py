"""Siting's stations as independent tasks: each station's office counts solved in one task.

Stations share nothing (CONTRACT: an office serves villages of its own station), so
:func:`~.station_work.solve_station_task` gets one :class:`~.stations.StationProblem` (that station's cost
and distance matrices, weights and adjacency, never the project or the road network) and
returns its options; :func:`gisdesk.services.workers.run_tasks` runs the tasks in this
process or on every core. Each task's seed comes from the global seed and the station's
code, and its search stops when its plan is proven or after counted work
(:data:`~.stations.EFFORT`), never on the clock: the plan is the same whatever the worker
count and the machine's load. The time is only an outer ceiling per count
(:func:`ceiling_seconds`, or ``--time-limit``); a count that reaches it may differ from
machine to machine, and ``site`` then says so (an exception of the station).

:class:`StationTasks` makes a station's task only when the pool takes it: the station's
problem without its travel matrices and the road searches behind them (its box of the road
network, plain arrays). The worker runs those searches, then solves, and sends the matrices
back with the options: the road distances are computed on every core too. The station's
problem is opened here (:func:`open_problem`: it reads the project's adjacency), so the
workers import only :mod:`.station_work` and what solving needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algorithms.progress import CancelToken
from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.contiguity import context_adjacency, local_edges
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.station_work import StationJob, StationSolved
from gisdesk.services.siting.stations import (
    StationFrame,
    StationProblem,
    StationRoads,
    demand_weights,
    fill_roads,
    station_exceptions,
)
from gisdesk.services.workers import LazyTasks, task_seed


def ceiling_seconds(villages: int) -> float:
    """The outer ceiling of one office count of a station without ``--time-limit``: 120 s +
    2 s per village. A safety net, never a budget: on the demo county and city every count
    stops on proof or counted work long before, even on a loaded machine (the city's
    longest count, 48 villages and 102 branch-and-bound nodes, took 11 s of CPU and 60 s
    of wall clock at a load of 13 on 2 cores)."""
    return 120.0 + 2.0 * villages


def station_budgets(problems: Sequence[StationFrame], params: SitingParams, want_table: bool) -> list[StationJob]:
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


class StationTasks(LazyTasks):
    """The arguments of :func:`solve_station_task` for every station, made when a task is
    first taken: the station's problem (kept, its travel matrices and options filled by
    :meth:`take` from the results) and its road searches (not kept)."""

    def __init__(self, ctx: SitingContext, pool: CandidatePool, frames: list[StationFrame], params: SitingParams,
                 want_table: bool) -> None:
        super().__init__(len(frames), self._task)
        self._ctx, self._pool, self._frames, self._params = ctx, pool, frames, params
        self._jobs = station_budgets(frames, params, want_table)
        self._opened: dict[int, StationProblem] = {}

    def _task(self, i: int) -> tuple:
        frame = self._frames[i]
        if i not in self._opened:
            self._opened[i] = open_problem(self._ctx, self._pool, frame, self._params)
        roads = station_roads(self._ctx, self._pool, frame) if self._opened[i].km is None else None
        return (self._opened[i], self._params, self._jobs[i], task_seed(self._params.seed, frame.station), roads)

    def take(self, solved: list[StationSolved]) -> list[StationProblem]:
        """Every station's problem with its travel matrices and options from the tasks' results."""
        problems = []
        for i, done in enumerate(solved):
            pr = self._opened[i]
            pr.km, pr.cost, pr.minutes, pr.no_path = done.km, done.cost, done.minutes, done.no_path
            pr.options.update(done.options)
            problems.append(pr)
        return problems

    @property
    def sizes(self) -> list[float]:
        """Each station's work estimate: villages x candidate sites (its matrices' size)."""
        return [float(len(f.villages) * len(f.sites)) for f in self._frames]


def build_problem(ctx: SitingContext, pool: CandidatePool, frame: StationFrame, params: SitingParams,
                  cancel: CancelToken | None) -> StationProblem:
    """The station's whole problem, in this process: road km (no-path entries replaced and
    reported), minutes and the model's costs over its frame's candidates."""
    problem = open_problem(ctx, pool, frame, params)
    fill_roads(problem, station_roads(ctx, pool, frame), cancel)
    problem.exceptions = station_exceptions(ctx, frame, problem)
    return problem


def station_roads(ctx: SitingContext, pool: CandidatePool, frame: StationFrame) -> StationRoads:
    """The searches behind the station's km and minutes matrices, and what fills their gaps."""
    return StationRoads(ctx.road_matrix("km", frame.villages, frame.sites),
                        ctx.road_matrix("min", frame.villages, frame.sites),
                        ctx.straight_km(frame.villages, frame.sites) * 2.0, pool.penalty[frame.sites])


def open_problem(ctx: SitingContext, pool: CandidatePool, frame: StationFrame, params: SitingParams) -> StationProblem:
    """The station's problem before its travel matrices (``km``, ``cost``, ``minutes`` and
    ``no_path`` are None until :func:`fill_roads`)."""
    villages, sites = frame.villages, frame.sites
    population = ctx.villages.attrs["population"][villages].astype(float)
    host = pool.village_idx[sites]
    where = {int(g): k for k, g in enumerate(villages)}
    hosts = np.array([where.get(int(h), -1) for h in host], np.int64)
    return StationProblem(
        frame.station, villages, sites, None, None,  # type: ignore[arg-type]  # km and cost: fill_roads
        demand_weights(population), frame.fixed, frame.p_lo, frame.p_hi,
        frame.min_size, frame.max_size, [], edges=local_edges(context_adjacency(ctx), villages), hosts=hosts,
        population=population,
    )
