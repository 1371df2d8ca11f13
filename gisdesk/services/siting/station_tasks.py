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

:class:`StationTasks` builds a station's problem (its road distances, the main process's
share of the work) only when the pool takes the task, so the workers solve the first
stations while the next ones' distances are computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import overload

from algorithms.progress import CancelToken
from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.cover import cover_station
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.stations import (
    StationFrame,
    StationOption,
    StationProblem,
    build_problem,
    solve_station,
)
from gisdesk.services.workers import task_seed


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


def station_budgets(problems: Sequence[StationFrame | StationProblem], params: SitingParams,
                    want_table: bool) -> list[StationJob]:
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


class StationTasks(Sequence[tuple]):
    """The arguments of :func:`solve_station_task` for every station, each station's
    problem built (its road distances computed, in this process) when its task is first
    taken, and kept: :attr:`problems` after the run."""

    def __init__(self, ctx: SitingContext, pool: CandidatePool, frames: list[StationFrame], params: SitingParams,
                 want_table: bool, cancel: CancelToken | None = None) -> None:
        self._ctx, self._pool, self._frames, self._params, self._cancel = ctx, pool, frames, params, cancel
        self._jobs = station_budgets(frames, params, want_table)
        self._built: dict[int, StationProblem] = {}

    def __len__(self) -> int:
        return len(self._frames)

    @overload
    def __getitem__(self, i: int) -> tuple: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple]: ...

    def __getitem__(self, i: int | slice) -> tuple | list[tuple]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        if i not in self._built:
            self._built[i] = build_problem(self._ctx, self._pool, self._frames[i], self._params, self._cancel)
        frame = self._frames[i]
        return (self._built[i], self._params, self._jobs[i], task_seed(self._params.seed, frame.station))

    @property
    def problems(self) -> list[StationProblem]:
        """Every station's problem (those no task took yet are built now)."""
        return [self[i][0] for i in range(len(self))]

    @property
    def sizes(self) -> list[float]:
        """Each station's work estimate: villages x candidate sites (its matrices' size)."""
        return [float(len(f.villages) * len(f.sites)) for f in self._frames]


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
