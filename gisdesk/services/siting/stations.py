"""One station's rural offices as a size-bounded p-median, and the split of a total.

The application's one station split. Stations never share villages or offices, so the
city-wide problem splits into one small problem per station (memory stays per station; a
city of 4,800 villages never holds a dense city-wide matrix). Each station is solved for
every office count its 5-8 rule allows, through the one call into the algorithms
(:func:`solve_option` -> :func:`algorithms.location.bounded_p_median` on that station
alone); a total asked for with ``--offices`` is then divided among the stations by an
exact dynamic programme over those per-station optima, which also yields the trade-off
curve (offices against mean and maximum distance) the window charts.

Why not ``bounded_p_median(groups=, candidate_groups=)``, which splits by group too: a
station here may need its own relaxed bounds (too few villages for 5-8), its own
``max_km`` fallback and an exception naming why, and the curve needs every count of every
station, where the algorithm's split picks one count per group greedily. ``groups=``
stays the algorithm API's for scripts with one bound for all groups (CONTRACT.md).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from algorithms.location import (
    Effort,
    Solution,
    bounded_p_median,
    contiguous_assignment,
    pieces_per_site,
)
from algorithms.progress import CancelToken, check
from gisdesk.services.siting.hosts import keep_hosts
from gisdesk.services.siting.response_times import coverage_shares
from gisdesk.services.siting.results import SitingException, SitingParams
from gisdesk.services.siting.road_model import RoadMatrix

if TYPE_CHECKING:
    from gisdesk.services.siting.candidates import CandidatePool
    from gisdesk.services.siting.costs import SitingContext


@dataclass
class StationOption:
    """The best plan found for one station with ``p`` offices."""

    p: int
    solution: Solution
    sites: np.ndarray  # pool index of the office of each village (per village of the station)
    local: np.ndarray  # the same as column indices of the station's matrices
    km: np.ndarray  # road km of each village to its office
    pop_km: float  # known population x pure km (villages of unknown population left out)
    max_km: float
    relaxed_max_km: bool = False
    split_sites: dict[int, int] = field(default_factory=dict)  # local site -> pieces, where no contiguous plan was found
    minutes: np.ndarray | None = None  # fastest road minutes of each village to its office
    cover: dict | None = None  # the response-time plan's proof (``--cover-minutes``), None otherwise


@dataclass
class StationProblem:
    """A station's rural villages, candidates and cost matrices (``km`` and ``cost`` are None
    between :func:`open_problem` and :func:`fill_roads`, which the solving task runs)."""

    station: str
    villages: np.ndarray
    sites: np.ndarray
    km: np.ndarray
    cost: np.ndarray
    weights: np.ndarray
    fixed: np.ndarray
    p_lo: int
    p_hi: int
    min_size: int
    max_size: int
    exceptions: list[SitingException] = field(default_factory=list)
    options: dict[int, StationOption] = field(default_factory=dict)
    no_path: np.ndarray | None = None  # (villages x sites) True where km is a straight-line stand-in
    edges: np.ndarray | None = None  # (e, 2) adjacent villages (positions in ``villages``): areas must be connected
    hosts: np.ndarray | None = None  # position in ``villages`` of the village each site stands in, -1 if none
    population: np.ndarray | None = None  # of each village, NaN where not known
    minutes: np.ndarray | None = None  # (villages x sites) fastest road minutes (km at 30 km/h where no path)
    cover: np.ndarray | None = None  # villages that must stay within ``cover_minutes`` of their office

    @property
    def counts(self) -> range:
        return range(self.p_lo, self.p_hi + 1)


def office_range(n: int, n_fixed: int, params: SitingParams, remote: bool = False) -> tuple[int, int, int, int, str]:
    """(fewest, most offices, min and max villages per office, why relaxed or ""). Only a
    remote station (or every one, as asked) must have ``min_offices``: elsewhere
    5 villages make one office of 5, not 3 + 2."""
    rules = params.standard
    at_least = rules.station_min_offices(remote)
    lo_rule = max(at_least, math.ceil(n / rules.max_villages), n_fixed)
    lo = max(1, min(lo_rule, n))
    hi = n // rules.min_villages
    if lo <= hi:
        return lo, hi, rules.min_villages, rules.max_villages, ""
    min_size = n // lo
    max_size = max(rules.max_villages, math.ceil(n / lo))
    if n < rules.min_villages:
        why = f"only {n} rural villages, fewer than {rules.min_villages}"
    elif n_fixed > hi:
        why = f"{n_fixed} existing offices kept for {n} rural villages"
    elif lo == at_least and remote:
        why = (f"a remote station has at least {at_least} offices, and {n} rural villages cannot make {lo} "
               f"of {rules.min_villages}-{rules.max_villages}")
    else:
        why = f"{n} rural villages cannot make {lo} offices of {rules.min_villages}-{rules.max_villages}"
    why += f": {lo} offices serving {min_size}-{max_size} villages each"
    return lo, lo, min_size, max_size, why


@dataclass(frozen=True)
class StationFrame:
    """A station before its road distances: its rural villages, candidate sites, the sites
    kept open and the office counts allowed. Cheap, so every station's is known before any
    distance is computed (the ``--offices`` check, the pool's largest-first order)."""

    station: str
    villages: np.ndarray
    sites: np.ndarray
    fixed: np.ndarray
    p_lo: int
    p_hi: int
    min_size: int
    max_size: int
    at_villages: bool  # no usable key site: the village points stand in
    relaxed: str  # why the rule is relaxed for this station ("" when it is not)
    offices_wanted: int  # the fewest offices the rule asks for, more than there are sites; 0 otherwise

    @property
    def counts(self) -> range:
        return range(self.p_lo, self.p_hi + 1)


def station_frame(pool: CandidatePool, station: str, villages: np.ndarray, params: SitingParams,
                  remote: bool = False) -> StationFrame:
    """The station's :class:`StationFrame` (``remote``: it must have the standard's ``min_offices``)."""
    sites = pool.for_station(station, villages)
    at_villages = len(sites) == 0
    if at_villages:
        sites = np.array([pool.village_point(i) for i in villages], int)
    fixed = np.flatnonzero(pool.kind[sites] == "post") if params.keep_existing else np.zeros(0, int)
    lo, hi, mn, mx, why = office_range(len(villages), len(fixed), params, remote)
    wanted = 0
    if len(sites) < lo:
        wanted, lo, hi = lo, len(sites), len(sites)
        mn, mx = 0, len(villages)
    return StationFrame(station, villages, sites, fixed, lo, max(lo, hi), mn, mx, at_villages, why, wanted)


@dataclass(frozen=True)
class StationRoads:
    """A station's travel matrices still to compute (km and minutes, villages x sites): plain
    arrays (its box of the road network), so the worker that solves the station computes them."""

    km: RoadMatrix
    minutes: RoadMatrix
    stand_in: np.ndarray  # km where the roads have no path: twice the straight line
    penalty: np.ndarray  # of each site, added to its km in the model's costs


def fill_roads(problem: StationProblem, roads: StationRoads, cancel: CancelToken | None = None) -> StationProblem:
    """Compute the station's travel matrices: km (twice the straight line where the roads
    have no path, marked in ``no_path``), the model's costs, and minutes (the km at
    :data:`NO_PATH_KMH` where no path)."""
    km = roads.km.matrix(cancel)
    minutes = roads.minutes.matrix(cancel)
    missing = ~np.isfinite(km)
    km = np.where(missing, roads.stand_in, km)
    problem.km, problem.no_path = km, missing
    problem.cost = km + roads.penalty[None, :]
    problem.minutes = np.where(np.isfinite(minutes), minutes, km / NO_PATH_KMH * 60.0)
    return problem


def station_exceptions(ctx: SitingContext, frame: StationFrame, problem: StationProblem) -> list[SitingException]:
    """What the station's plan must say about its input: no station, no key site, villages
    no road reaches, unknown populations, a relaxed rule, too few sites."""
    station, villages, sites = frame.station, frame.villages, frame.sites
    v = ctx.villages
    out: list[SitingException] = []
    if not station:
        names = ", ".join(f"{v.code[i]} {v.attrs['name'][i]}" for i in villages[:8])
        more = f" and {len(villages) - 8} more" if len(villages) > 8 else ""
        out.append(SitingException(station, f"villages without a station (fill in their station): {names}{more}"))
    if frame.at_villages:
        out.append(SitingException(station, "no usable key site: offices placed at village points",
                                   rule="office_key_site"))
    if problem.no_path is not None:
        for r in np.flatnonzero(problem.no_path.all(axis=1)):
            out.append(SitingException(
                station,
                f"village {v.code[villages[r]]} ({v.attrs['name'][villages[r]]}) cannot reach any candidate "
                "over the road network: straight-line distance used",
                str(v.code[villages[r]]),
            ))
    unknown = villages[~np.isfinite(problem.population)] if problem.population is not None else villages[:0]
    if len(unknown):
        names = ", ".join(f"{v.code[i]} {v.attrs['name'][i]}" for i in unknown[:8])
        more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
        out.append(SitingException(
            station, f"population unknown (empty) for {len(unknown)} villages, planned as one person each: {names}{more}"))
    if frame.relaxed:
        out.append(SitingException(station, frame.relaxed, rule="office_size"))
    if frame.offices_wanted:
        out.append(SitingException(station, f"only {len(sites)} candidate sites for {frame.offices_wanted} offices",
                                   rule="office_size"))
    return out


NO_PATH_KMH = 30.0
"""Minutes where the road network has no path: the km used at 30 km/h (as plan_assignment's column)."""


def demand_weights(population: np.ndarray) -> np.ndarray:
    """The objective's weight of each village: its population, at least 1; 1 where the
    population is not known (NULL), so such a village is still planned, as one person."""
    return np.where(np.isfinite(population), np.maximum(population, 1.0), 1.0)


def solve_option(
    problem: StationProblem,
    p: int,
    params: SitingParams,
    time_limit: float | None,
    cancel: CancelToken | None = None,
    start: np.ndarray | None = None,
    gap: float = 0.0,
) -> StationOption:
    """Solve the station for ``p`` offices; honour ``max_km`` when the station can.

    ``start``: the open sites (columns) of a plan with fewer offices, searched from too;
    ``gap``: stop once proven within this relative gap (0: proven optimal). The search and
    the contiguity repair stop on counted work (:data:`EFFORT`, :data:`CONTIGUITY_NODES`);
    ``time_limit`` is only their outer ceiling (default: the algorithm's), and a plan it
    cut short may depend on the machine.
    """
    t0 = time.perf_counter()
    cost = problem.cost
    relaxed = False
    limited = params.max_km is not None or problem.cover is not None
    if limited:
        masked = cost.copy()
        if params.max_km is not None:
            too_far = problem.km > params.max_km
            reachable = ~np.asarray(too_far.all(axis=1))
            masked[too_far & reachable[:, None]] = np.inf
        if problem.cover is not None and problem.minutes is not None and params.cover_minutes is not None:
            late = (problem.minutes > params.cover_minutes) & problem.cover[:, None]
            masked[late & ~np.asarray(late.all(axis=1))[:, None]] = np.inf
        try:
            sol = _solve(problem, masked, p, time_limit, params.seed, cancel, start, gap)
        except ValueError:  # no plan keeps every village within max_km: the plain plan, with exceptions
            sol = _solve(problem, cost, p, time_limit, params.seed, cancel, start, gap)
            relaxed = True
    else:
        sol = _solve(problem, cost, p, time_limit, params.seed, cancel, start, gap)
    used = masked if limited and not relaxed else cost
    left = None if time_limit is None else max(MIN_REPAIR_SECONDS, t0 + time_limit - time.perf_counter())
    if problem.hosts is not None:
        sol = keep_hosts(problem.hosts, problem.weights, used, sol)
    sol, split = contiguous(problem, used, sol, left)
    rows = np.arange(len(problem.villages))
    km = problem.km[rows, sol.assignment]
    return StationOption(
        p,
        sol,
        problem.sites[sol.assignment],
        sol.assignment,
        km,
        _known_pop_km(problem, km),
        float(km.max(initial=0.0)),
        relaxed,
        split,
        None if problem.minutes is None else problem.minutes[rows, sol.assignment],
    )


EFFORT = Effort(mip_nodes=200, search_rounds=300)
"""The counted work after which a station's search stops when its plan is not proven
before (measured on the demo county and city: benchmarks/results/site.md)."""
CONTIGUITY_NODES = 200
"""Branch-and-bound nodes of the exact repair of a station whose service areas came out in
pieces (the demo county's repairs are proven at the root)."""
CONTIGUITY_SECONDS = 60.0
"""The repair's outer ceiling when the solve has none."""
MIN_REPAIR_SECONDS = 0.2
NEAREST_SITES = 5
"""The repair first lets each village go to its 5 nearest offices only (a smaller model)."""


def contiguous(problem: StationProblem, cost: np.ndarray, sol: Solution, time_limit: float | None) -> tuple[Solution, dict[int, int]]:
    """``sol`` with every office's villages in one connected piece, and the offices whose area
    could not be made so (local site -> pieces).

    The offices stay where the solver put them; their villages are re-assigned exactly
    under the size band with connectivity as a constraint
    (:func:`algorithms.location.contiguous_assignment`), each office keeping the village it
    stands in. The bound stays the solver's: it bounds the contiguous problem too (a
    relaxation of it), so objective and bound still give an honest gap.
    """
    if problem.edges is None or len(sol.facilities) == 0:
        return sol, {}
    split = {s: k for s, k in pieces_per_site(problem.edges, sol.assignment).items() if k > 1}
    if not split:
        return sol, {}
    res = contiguous_assignment(
        cost, problem.weights, sol.facilities, problem.min_size, problem.max_size, problem.edges,
        _roots(problem, cost, sol), time_limit=time_limit or CONTIGUITY_SECONDS, nearest=NEAREST_SITES,
        start=sol.assignment, node_limit=CONTIGUITY_NODES,
    )
    if res.assignment is None:
        return sol, split
    info = dict(sol.info, contiguity=res.status, objective_before_contiguity=sol.objective)
    return Solution(sol.facilities, res.assignment, res.objective, min(sol.lower_bound, res.objective),
                    seconds=sol.seconds, info=info), {}


def _known_pop_km(problem: StationProblem, km: np.ndarray) -> float:
    pop = problem.population if problem.population is not None else problem.weights
    known = np.isfinite(pop)
    return float((pop[known] * km[known]).sum())


@dataclass
class Distances:
    """Road km of rural villages to their offices: the population-weighted mean over the
    villages whose population is known (None when none is), the plain mean over all, the
    farthest, and how many villages have an unknown population."""

    mean_km: float | None
    mean_km_plain: float
    max_km: float
    unknown_population: int


def distances(pairs: list[tuple[StationProblem, StationOption]]) -> Distances:
    """The :class:`Distances` of a plan: one (station, its chosen option) per station."""
    if not pairs:
        return Distances(None, 0.0, 0.0, 0)
    km = np.concatenate([opt.km for _, opt in pairs])
    pop = np.concatenate([pr.population if pr.population is not None else pr.weights for pr, _ in pairs])
    known = np.isfinite(pop)
    total = float(pop[known].sum())
    weighted = float((pop[known] * km[known]).sum() / total) if total > 0 else None
    return Distances(weighted, float(km.mean()) if len(km) else 0.0, float(km.max(initial=0.0)), int((~known).sum()))


def _roots(problem: StationProblem, cost: np.ndarray, sol: Solution) -> np.ndarray:
    """The village each open site keeps: the one it stands in, else its nearest member."""
    roots: list[int] = []
    for f in sol.facilities:
        host = int(problem.hosts[f]) if problem.hosts is not None else -1
        if host < 0 or host in roots:
            members = [int(i) for i in np.flatnonzero(sol.assignment == f) if int(i) not in roots]
            members = members or [int(i) for i in range(len(problem.villages)) if int(i) not in roots]
            host = min(members, key=lambda i: cost[i, f])
        roots.append(host)
    return np.array(roots, np.int64)


def _solve(problem: StationProblem, cost: np.ndarray, p: int, time_limit, seed: int, cancel=None, start=None,
           gap: float = 0.0) -> Solution:
    return bounded_p_median(
        cost,
        problem.weights,
        problem.min_size,
        problem.max_size,
        p=p,
        fixed=tuple(int(f) for f in problem.fixed),
        start=() if start is None else tuple(int(f) for f in start),
        time_limit=time_limit,
        gap=gap,
        effort=EFFORT,
        seed=seed,
        cancel=cancel,
    )


TABLE_GAP = 0.005
"""A count only the trade-off table needs is solved until proven within 0.5%, not to 0."""


def solve_station(
    problem: StationProblem, params: SitingParams, counts: list[int], seconds: float | None, cancel: CancelToken | None
) -> None:
    """Fill ``problem.options`` for each office count in ``counts``.

    Each count starts also from the plan of the largest smaller count already solved (a
    warm start: adding an office then seldom makes the plan worse). A count only the
    trade-off table needs (not the plan's count, no ``--offices`` total to split) stops
    once proven within :data:`TABLE_GAP`. Every count stops on counted work
    (:func:`solve_option`); ``seconds`` is each count's outer ceiling.
    """
    for p in counts:
        check(cancel)
        if p in problem.options:
            continue
        gap = TABLE_GAP if params.offices is None and p != problem.p_lo else 0.0
        below = [q for q in problem.options if q < p]
        start = problem.options[max(below)].solution.facilities if below else None
        problem.options[p] = solve_option(problem, p, params, seconds, cancel, start, gap)


def allocate(problems: list[StationProblem], total: int | None) -> dict[str, int]:
    """Offices per station: the fewest each allows, or the best split of ``total``.

    Exact over the per-station solutions found: a knapsack over stations minimising the
    sum of the stations' objectives.
    """
    if total is None:
        return {pr.station: pr.p_lo for pr in problems}
    split = _Split(problems)
    if total not in split:
        raise ValueError("total outside the range")
    return {pr.station: p for pr, p in zip(problems, split.counts(total), strict=True)}


class _Split:
    """The knapsack over stations: for every total, the least summed objective of the
    stations' plans and each station's count in it; with ``cap_km`` only station plans
    whose farthest village is within it. Exact ties go to the larger count of the later
    station."""

    def __init__(self, problems: list[StationProblem], cap_km: float | None = None) -> None:
        lo, cost = 0, np.zeros(1)
        self._steps: list[tuple[int, np.ndarray]] = []  # (lowest total, count of the station) after each station
        for pr in problems:
            opts = sorted(((p, opt.solution.objective) for p, opt in pr.options.items()
                           if cap_km is None or opt.max_km <= cap_km), reverse=True)
            if not opts:
                lo, cost = 0, np.zeros(0)
                self._steps.append((0, np.zeros(0, int)))
                continue
            p_min, p_max = opts[-1][0], opts[0][0]
            nxt = np.full(len(cost) + p_max - p_min, np.inf)
            count = np.zeros(len(nxt), int)
            for p, obj in opts:  # larger counts first: a tie keeps the smaller total before
                at = p - p_min
                val = cost + obj
                better = val < nxt[at : at + len(cost)]
                nxt[at : at + len(cost)][better] = val[better]
                count[at : at + len(cost)][better] = p
            lo, cost = lo + p_min, nxt
            self._steps.append((lo, count))
        self._lo, self._cost = lo, cost

    def __contains__(self, total: int) -> bool:
        k = total - self._lo
        return 0 <= k < len(self._cost) and bool(np.isfinite(self._cost[k]))

    def totals(self) -> list[int]:
        """Every total some split of the stations' plans reaches, ascending."""
        return [int(t) + self._lo for t in np.flatnonzero(np.isfinite(self._cost))]

    def counts(self, total: int) -> list[int]:
        """Offices of every station in the split of ``total``."""
        out = [0] * len(self._steps)
        t = total
        for k in range(len(self._steps) - 1, -1, -1):
            lo, count = self._steps[k]
            out[k] = int(count[t - lo])
            t -= out[k]
        return out


def tradeoff(problems: list[StationProblem], urban: int, population: float) -> list[dict]:
    """For every total the solved counts allow: offices, mean km (weighted by the known
    populations; ``mean_km_plain`` counts every village once) and max km. ``population``
    is not used (the stations' own populations are); it stays for callers.

    Each total takes the least-objective split of the stations' plans; when that is worse
    than the row before it in mean or max km, the least-objective split whose every station
    stays within the previous maximum is taken instead if it is no worse in either. A row
    that is still worse is marked ``worse_than_fewer`` (the 5-8 rule can force it: 21
    offices of 5 for 108 villages leave no room to choose).
    """
    if not problems:
        return []
    split = _Split(problems)
    out: list[dict] = []
    for total in split.totals():
        row = _row(problems, split.counts(total), urban, population)
        prev = out[-1] if out else None
        if prev is not None and _worse(row, prev):
            capped = _Split(problems, cap_km=prev["max_km"] + 1e-9)
            if total in capped:
                alt = _row(problems, capped.counts(total), urban, population)
                if not _worse(alt, prev):
                    row = alt
        if prev is not None and _worse(row, prev):
            row["worse_than_fewer"] = True
        out.append(row)
    return out


def _row(problems: list[StationProblem], counts: list[int], urban: int, population: float) -> dict:
    pairs = [(pr, pr.options[p]) for pr, p in zip(problems, counts, strict=True)]
    d = distances(pairs)
    row: dict = {
        "offices": int(sum(counts) + urban),
        "mean_km": None if d.mean_km is None else round(d.mean_km, 3),
        "mean_km_plain": round(d.mean_km_plain, 3),
        "max_km": round(d.max_km, 3),
    }
    if all(opt.minutes is not None for _, opt in pairs):
        minutes = np.concatenate([opt.minutes for _, opt in pairs if opt.minutes is not None])
        pop = np.concatenate([pr.population if pr.population is not None else pr.weights for pr, _ in pairs])
        row["covered_minutes"] = coverage_shares(minutes, pop)
    return row


def _worse(row: dict, prev: dict) -> bool:
    mean = "mean_km" if row["mean_km"] is not None and prev["mean_km"] is not None else "mean_km_plain"
    return row[mean] > prev[mean] or row["max_km"] > prev["max_km"]
