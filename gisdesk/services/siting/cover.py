"""Response time (``site --cover-minutes M``): per station, the fewest offices (5-8 villages
each) so that every village is within M minutes of its office by road.

First the station's usual plan with the fewest offices the rule allows: when it already
keeps every village that any candidate reaches within M, that count is proven the fewest
and nothing more is solved. Otherwise two steps, both in the station's own task: the size-bounded set covering
(:func:`algorithms.location.coverage_bounded.bounded_set_covering`, a HiGHS MIP proving the
fewest villages left beyond M, then the fewest offices) fixes the count and which villages
can be kept within M; the station is then solved as usual for that count
(:func:`~.stations.solve_option`: least population x km, 5-8 kept) with every pair beyond M
of those villages forbidden. Should that search keep fewer villages within M (it never
should: the covering is a feasible start), the covering's own plan is taken.
"""

from __future__ import annotations

import numpy as np

from algorithms.location import BoundedCover, Solution, bounded_set_covering
from algorithms.progress import CancelToken
from gisdesk.services.siting.results import SitingParams
from gisdesk.services.siting.stations import (
    StationOption,
    StationProblem,
    _known_pop_km,
    solve_option,
    solve_station,
)


def cover_station(problem: StationProblem, params: SitingParams, seconds: float, table: tuple[int, ...],
                  table_seconds: float | None, cancel: CancelToken | None) -> dict[int, StationOption]:
    """The station's response-time plan (its option carries ``cover``), then the trade-off
    table's larger counts; the plan's count is the option with ``cover`` set."""
    assert params.cover_minutes is not None and problem.minutes is not None
    limit = params.cover_minutes
    rows = np.arange(len(problem.villages))
    coverable = (problem.minutes <= limit).any(axis=1)
    problem.cover = None
    plain = solve_option(problem, problem.p_lo, params, seconds, cancel)
    if ((problem.minutes[rows, plain.local] <= limit) | ~coverable).all():
        # the fewest offices the rule allows already keep every village they can within: proven
        plain.cover = {"offices": problem.p_lo, "proven": True, "lower_offices": problem.p_lo,
                       "status": "the plan with the fewest offices keeps every coverable village within",
                       "seconds": 0.0}
        return _with_table(problem, params, plain, table, table_seconds, cancel)
    try:
        bc = bounded_set_covering(problem.minutes, limit, problem.min_size, problem.max_size, at_least=problem.p_lo,
                                  fixed=problem.fixed, time_limit=max(1.0, seconds))
    except ValueError as exc:  # the station's band cannot be kept at all: the plain plan
        bc = BoundedCover(np.zeros(0, np.int64), np.full(len(problem.villages), -1), np.zeros(len(problem.villages), bool),
                          np.zeros(0, np.int64), problem.p_lo, False, 0.0, str(exc))
    if len(bc.sites) == 0:  # no covering found in time: the plain plan, reported as not covering
        p, start = problem.p_lo, None
        problem.cover = None
    else:
        p, start = len(bc.sites), bc.sites
        problem.cover = bc.covered
    opt = solve_option(problem, p, params, seconds, cancel, start)
    if problem.cover is not None:
        kept = problem.minutes[rows, opt.local] <= limit
        if opt.relaxed_max_km or (problem.cover & ~kept).any():
            opt = _covering_option(problem, bc.sites, bc.assignment, opt.solution.lower_bound, p)
    opt.cover = {"offices": p, "proven": bool(bc.proven and len(bc.sites) > 0), "lower_offices": int(bc.lower_sites),
                 "status": bc.status, "seconds": round(bc.seconds, 3)}
    return _with_table(problem, params, opt, table, table_seconds, cancel)


def _with_table(problem: StationProblem, params: SitingParams, opt: StationOption, table: tuple[int, ...],
                table_seconds: float | None, cancel: CancelToken | None) -> dict[int, StationOption]:
    """The plan's option, then the trade-off table's counts above it."""
    problem.options = {opt.p: opt}
    more = [q for q in table if q > opt.p]
    if more:
        solve_station(problem, params, more, table_seconds, cancel)
    return problem.options


def _covering_option(problem: StationProblem, sites: np.ndarray, assignment: np.ndarray, bound: float,
                     p: int) -> StationOption:
    """The covering's own plan as the station's option (``bound``: the solver's, valid for it)."""
    rows = np.arange(len(problem.villages))
    objective = float((problem.weights * problem.cost[rows, assignment]).sum())
    sol = Solution(np.asarray(sites, np.int64), assignment, objective, min(bound, objective), seconds=0.0,
                   info={"p": p, "from": "bounded set covering"})
    km = problem.km[rows, assignment]
    assert problem.minutes is not None
    return StationOption(p, sol, problem.sites[assignment], assignment, km, _known_pop_km(problem, km),
                         float(km.max(initial=0.0)), False, {}, problem.minutes[rows, assignment])
