"""The uncapacitated p-median problem: choose p sites minimising total weighted cost.

``p_median`` combines
  * a Lagrangian lower bound (subgradient optimisation, :mod:`algorithms.lagrangian`) that
    also removes sites which provably cannot be in a better solution,
  * greedy and randomised 'sample' greedy starts plus the relaxation's own solution,
  * fast interchange local search with incremental swap evaluation and path relinking
    over an elite pool, alternating with random 'shake' restarts (a GRASP / VNS hybrid,
    :mod:`algorithms.pmedian_search`),
  * when the root bound does not close (typical for small p, whose LP relaxation is
    fractional), a Lagrangian branch and bound over the surviving sites
    (:mod:`algorithms.pmedian_bnb`).
It stops as soon as the bound proves the incumbent optimal.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from algorithms.lagrangian import MIN_THETA, PMedianLagrangian
from algorithms.pmedian_bnb import branch_and_bound
from algorithms.pmedian_search import SwapSearch
from algorithms.progress import CancelToken, ProgressCallback, check, report
from algorithms.solution import Solution

ELITE_SIZE = 10
MAX_STALL = 12  # improvement-free rounds before giving up when no time limit binds
BNB_DEFAULT_SECONDS = 10.0  # branch-and-bound budget when the caller set no time limit
SEARCH_SHARE = 0.4  # share of a time limit the heuristic rounds may use before branching


@dataclass
class _Problem:
    cost: np.ndarray  # n x m, float, inf allowed
    weights: np.ndarray  # n
    rows: np.ndarray  # demand points with positive weight
    d: np.ndarray  # weighted cost of those rows, inf replaced by ``big``
    big: float


def _as_cost(cost: np.ndarray) -> np.ndarray:
    cost = np.asarray(cost, dtype=float)
    if cost.ndim != 2 or cost.shape[0] == 0 or cost.shape[1] == 0:
        raise ValueError(
            f"cost must be a non-empty 2-D array (demand x candidates), got shape {cost.shape}"
        )
    if np.isnan(cost).any():
        raise ValueError("cost contains NaN")
    if (cost < 0).any():
        raise ValueError("cost contains negative values")
    return cost


def _as_weights(weights: np.ndarray | None, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != n:
        raise ValueError(f"weights has {w.shape[0]} entries but cost has {n} demand rows")
    if not np.isfinite(w).all():
        raise ValueError("weights must be finite")
    if (w < 0).any():
        raise ValueError("weights must not be negative")
    return w


def _prepare(cost: np.ndarray, weights: np.ndarray | None) -> _Problem:
    cost = _as_cost(cost)
    n = cost.shape[0]
    w = _as_weights(weights, n)
    unreachable = ~np.isfinite(cost).any(axis=1)
    if unreachable.any():
        first = int(np.flatnonzero(unreachable)[0])
        raise ValueError(
            f"demand point {first} cannot be reached from any candidate site "
            f"({int(unreachable.sum())} such point(s))"
        )
    rows = np.flatnonzero(w > 0)
    d = w[rows, None] * cost[rows]
    finite = np.isfinite(d)
    row_max = np.where(finite, d, 0.0).max(axis=1) if rows.size else np.zeros(0)
    big = float(row_max.sum()) * 2.0 + 1.0
    if not finite.all():
        d = np.where(finite, d, big)
    return _Problem(cost, w, rows, np.ascontiguousarray(d), big)


def assign_nearest(
    cost: np.ndarray, facilities: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Assignment (candidate index per demand point, -1 if none reachable) and objective
    (sum of weight x cost; ``inf`` if a weighted point is unreachable) for FIXED open sites."""
    cost = _as_cost(cost)
    w = _as_weights(weights, cost.shape[0])
    fac = np.unique(np.asarray(facilities, dtype=np.intp).reshape(-1))
    if fac.size == 0:
        raise ValueError("at least one facility is needed")
    if fac[0] < 0 or fac[-1] >= cost.shape[1]:
        raise ValueError(f"facility index out of range 0..{cost.shape[1] - 1}")
    sub = cost[:, fac]
    pick = np.argmin(sub, axis=1)
    dist = sub[np.arange(cost.shape[0]), pick]
    assignment = np.where(np.isfinite(dist), fac[pick], -1)
    served = w > 0
    if np.isinf(dist[served]).any():
        return assignment, math.inf
    return assignment, float((w[served] * dist[served]).sum())


def pmedian_lower_bound(
    cost: np.ndarray,
    p: int,
    weights: np.ndarray | None = None,
    *,
    upper_bound: float | None = None,
    max_iter: int = 2000,
    time_limit: float | None = None,
) -> float:
    """A proven lower bound on the p-median optimum (Lagrangian relaxation).

    ``upper_bound`` (the objective of any known solution) steers the subgradient steps;
    without it a greedy + interchange solution is computed first.
    """
    prob = _prepare(cost, weights)
    _check_p(p, prob.cost.shape[1])
    if prob.rows.size == 0:
        return 0.0
    if upper_bound is None:
        if p == 1 or p == prob.d.shape[1]:
            return _trivial(prob, p)[1]
        search = SwapSearch(prob.d, p)
        _, upper_bound = search.local_search(search.greedy())
    lag = PMedianLagrangian(prob.d, p)
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    res = lag.run(float(upper_bound), max_iter=max_iter, deadline=deadline)
    return float(min(res.bound, upper_bound))


def _check_p(p: int, m: int) -> None:
    if int(p) != p:
        raise ValueError(f"p must be an integer, got {p!r}")
    if p < 1:
        raise ValueError(f"p must be at least 1, got {p}")
    if p > m:
        raise ValueError(f"p = {p} exceeds the {m} candidate sites")


def _trivial(prob: _Problem, p: int) -> tuple[np.ndarray, float]:
    """Exact answers for p = 1 (enumeration) and p = m (all open)."""
    m = prob.d.shape[1]
    if p == m:
        return np.arange(m), float(prob.d.min(axis=1).sum()) if prob.rows.size else 0.0
    totals = prob.d.sum(axis=0)
    j = int(np.argmin(totals))
    return np.array([j]), float(totals[j])


class _Elite:
    """A small pool of good, distinct solutions for path relinking."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: list[tuple[float, np.ndarray]] = []

    def offer(self, sites: np.ndarray, value: float) -> None:
        if any(np.array_equal(sites, s) for _, s in self.items):
            return
        if len(self.items) >= self.size:
            if value >= self.items[-1][0]:
                return
            self.items.pop()
        self.items.append((value, sites))
        self.items.sort(key=lambda t: t[0])


def p_median(
    cost: np.ndarray,
    p: int,
    weights: np.ndarray | None = None,
    time_limit: float | None = None,
    *,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Solution:
    """Choose ``p`` of the m candidate sites minimising sum(weight x cost to nearest open site).

    ``cost``: n x m array (``inf`` = unreachable). Returns a :class:`Solution` whose
    ``lower_bound`` is proven (Lagrangian bound, branch and bound) and equals
    ``objective`` when the solution is proven optimal. Deterministic for a given ``seed``
    unless ``time_limit`` cuts the search short. Raises ``ValueError`` for impossible
    requests.

    ``info`` holds ``method``, ``proven_optimal``, ``iterations`` (search rounds),
    ``lagrangian_iterations``, ``candidates_after_reduction`` (sites that can still be in a
    better solution), ``seconds_before_branching`` and, after branching, ``nodes``.
    Without ``time_limit`` the search stops after MAX_STALL rounds without improvement and
    branching gets BNB_DEFAULT_SECONDS.
    """
    t0 = time.perf_counter()
    # Keep a small reserve so that the last step and the result fit inside the limit.
    deadline = None if time_limit is None else t0 + 0.97 * float(time_limit) - 0.02
    search_end = None if time_limit is None else t0 + SEARCH_SHARE * float(time_limit)
    prob = _prepare(cost, weights)
    n, m = prob.cost.shape
    _check_p(p, m)
    p = int(p)
    info: dict = {"method": "", "iterations": 0, "lagrangian_iterations": 0}
    report(progress, 0.0, "starting p-median")

    if prob.rows.size == 0 or p == 1 or p == m:
        sites, _ = _trivial(prob, p) if prob.rows.size else (np.arange(p), 0.0)
        info["method"] = "exact enumeration"
        return _finish(prob, sites, None, t0, info, proven=True)

    search = SwapSearch(prob.d, p)
    rng = np.random.default_rng(seed)
    lag = PMedianLagrangian(prob.d, p)
    elite = _Elite(ELITE_SIZE)

    def time_left() -> float:
        return math.inf if deadline is None else deadline - time.perf_counter()

    def frac() -> float:
        return 0.0 if deadline is None else (time.perf_counter() - t0) / max(1e-9, time_limit)

    # Full greedy costs p x n x m: on big instances try a random sample of sites per step.
    first_sample = None if n * m * p <= 50_000_000 else 64
    best_sites, best = search.local_search(search.greedy(rng, sample=first_sample))
    elite.offer(best_sites, best)
    check(cancel)
    report(progress, frac(), "Lagrangian bound")

    def lagrange(iters: int, min_theta: float = MIN_THETA, until: float | None = None) -> None:
        nonlocal best_sites, best
        stop = deadline if until is None or deadline is None else min(until, deadline)
        lag.run(best, max_iter=iters, deadline=stop, cancel=cancel, min_theta=min_theta)
        sites, value = search.local_search(np.sort(lag.best_open))
        elite.offer(sites, value)
        if value < best:
            best_sites, best = sites, value
        closed, fixed = lag.reduction(best)
        if (~closed).sum() < search.allowed.sum():
            search.set_allowed(~closed)
            if (~closed).sum() < 0.8 * lag.m:
                lag.restrict(~closed)
        search.locked = fixed

    def proven() -> bool:
        # Fewer than p sites survive the reduction: no better solution exists.
        return lag.proven_bound() >= best - lag._gap_tol(best) or search.allowed.sum() < p

    # The root bound: for larger p it is usually tight and its relaxed solution optimal.
    lagrange(1000 if p >= 20 else 300, until=None if time_limit is None else t0 + 0.3 * time_limit)
    stall = 0
    it = 0
    sample = max(2, int(math.ceil(math.log2(max(2.0, m / p)))) + 1)
    while (
        not proven()
        and stall < MAX_STALL
        and (search_end is None or time.perf_counter() < search_end or (it < 1 and time_left() > 0))
    ):
        check(cancel)
        it += 1
        # Fresh starts need many swaps when p is large: then shake elite solutions more often.
        if it % (2 if p <= 50 else 4) == 1 or len(elite.items) < 2:
            start = search.greedy(rng, sample=sample)
        else:
            base = elite.items[int(rng.integers(len(elite.items)))][1]
            start = _shake(base, 1 + (it // 2) % max(1, min(p, 6)), search, rng)
        sites, value = search.local_search(start)
        if elite.items and time_left() > 0:
            guide = elite.items[int(rng.integers(len(elite.items)))][1]
            for a, b in ((sites, guide), (guide, sites)):
                relinked = search.path_relink(a, b)
                if relinked is not None:
                    s2, v2 = search.local_search(relinked[0])
                    if v2 < value:
                        sites, value = s2, v2
        elite.offer(sites, value)
        if value < best - 1e-9 * (abs(best) + 1):
            best_sites, best = sites, value
            stall = 0
            lagrange(200)
        else:
            stall += 1
            if not lag.converged and it % 4 == 0:
                lagrange(50)
        report(progress, frac(), f"search round {it}, best {best:.6g}")
    info["iterations"] = it
    if not proven() and time_left() > 0:
        # Branching follows: sharper root multipliers (on the reduced sites, so cheap)
        # save many nodes.
        lagrange(500, min_theta=MIN_THETA / 20)

    info["method"] = "lagrangian + interchange"
    info["seconds_before_branching"] = time.perf_counter() - t0
    if not proven() and time_left() > 0.1:
        check(cancel)
        report(progress, frac(), "branch and bound")
        bnb_deadline = time.perf_counter() + BNB_DEFAULT_SECONDS if deadline is None else deadline
        tree = branch_and_bound(
            prob.d,
            p,
            best_sites,
            best,
            np.flatnonzero(search.allowed),
            lag.best_lam,
            lag.proven_bound(),
            integral=lag.integral,
            deadline=bnb_deadline,
            cancel=cancel,
        )
        info["method"] += " + branch and bound"
        info["nodes"] = tree.nodes
        if tree.value < best:
            best_sites, best = tree.sites, tree.value
        bound = max(lag.proven_bound(), tree.bound)
        proven_flag = tree.optimal or bound >= best - lag._gap_tol(best)
    else:
        bound = lag.proven_bound()
        proven_flag = proven()
    info["lagrangian_iterations"] = lag.iterations
    info["candidates_after_reduction"] = int(search.allowed.sum())
    report(progress, 1.0, "done")
    return _finish(prob, best_sites, bound, t0, info, proven=proven_flag)


def _shake(sites: np.ndarray, k: int, search: SwapSearch, rng: np.random.Generator) -> np.ndarray:
    """Replace ``k`` random removable open sites by random allowed closed ones."""
    sites = np.array(sites)
    removable = np.flatnonzero(~search.locked[sites])
    closed = np.flatnonzero(search.allowed & ~np.isin(np.arange(search.m), sites))
    k = min(k, removable.size, closed.size)
    if k == 0:
        return sites
    out = rng.choice(removable, size=k, replace=False)
    sites[out] = rng.choice(closed, size=k, replace=False)
    return np.sort(sites)


def _finish(
    prob: _Problem, sites: np.ndarray, bound: float | None, t0: float, info: dict, *, proven: bool
) -> Solution:
    sites = np.sort(np.asarray(sites, dtype=np.intp))
    assignment, objective = assign_nearest(prob.cost, sites, prob.weights)
    if not math.isfinite(objective):
        raise ValueError(
            f"no choice of {sites.size} sites found that reaches every demand point "
            "(the points fall into more separate reachable groups than sites may be opened)"
        )
    if proven or bound is None:
        lower = objective
    else:
        lower = float(min(bound, objective))
    info["proven_optimal"] = bool(lower >= objective)
    return Solution(
        facilities=sites,
        assignment=assignment,
        objective=objective,
        lower_bound=lower,
        seconds=time.perf_counter() - t0,
        info=info,
    )
