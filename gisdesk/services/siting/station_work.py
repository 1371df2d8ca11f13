"""What a worker process runs for one station: its task's job, what it sends back, and the
task itself (:func:`solve_station_task`).

Apart from :mod:`.station_tasks` (which makes the tasks from the project's road network
and candidate pool in the main process) so that a worker imports only what solving needs:
numpy, scipy and :mod:`algorithms`, not the project's geopandas data stack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from algorithms.progress import CancelToken
from gisdesk.services.siting.cover import cover_station
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.stations import (
    StationOption,
    StationProblem,
    StationRoads,
    fill_roads,
    solve_station,
)


@dataclass(frozen=True)
class StationJob:
    """One station's office counts: ``first`` (the plan's) then ``table`` (the trade-off
    table's), and each count's outer ceiling in seconds (``first_seconds``,
    ``table_seconds``)."""

    first: tuple[int, ...]
    first_seconds: float
    table: tuple[int, ...]
    table_seconds: float


@dataclass
class StationSolved:
    """What a station's task sends back: its options and the travel matrices it computed."""

    options: dict[int, StationOption]
    km: np.ndarray
    cost: np.ndarray
    minutes: np.ndarray | None
    no_path: np.ndarray | None


def solve_station_task(problem: StationProblem, params: SitingParams, job: StationJob, seed: int,
                       roads: StationRoads | None = None, *, cancel: CancelToken | None = None) -> StationSolved:
    """The options of one station (office count -> plan), solved with its own ``seed``,
    after computing its travel matrices from ``roads`` when it has none yet."""
    if roads is not None:
        fill_roads(problem, roads, cancel)
    own = replace(params, seed=seed)
    if params.cover_minutes is not None and problem.minutes is not None:
        options = cover_station(problem, own, job.first_seconds, job.table, job.table_seconds, cancel)
    else:
        solve_station(problem, own, list(job.first), job.first_seconds, cancel)
        if job.table:
            solve_station(problem, own, list(job.table), job.table_seconds, cancel)
        options = problem.options
    return StationSolved(options, problem.km, problem.cost, problem.minutes, problem.no_path)
