"""The uncapacitated p-median problem: choose p sites minimising total weighted cost.

``p_median`` combines
  * a Lagrangian lower bound (subgradient optimisation, :mod:`algorithms.location.pmedian_lagrangian`) that
    also removes sites which provably cannot be in a better solution,
  * greedy and randomised 'sample' greedy starts plus the relaxation's own solution,
  * fast interchange local search with incremental swap evaluation and path relinking
    over an elite pool, alternating with random 'shake' restarts (a GRASP / VNS hybrid,
    :mod:`algorithms.location.pmedian_swaps`),
  * when the root bound does not close (typical for small p, whose LP relaxation is
    fractional), a Lagrangian branch and bound over the surviving sites
    (:mod:`algorithms.location.pmedian_branching`).
It stops as soon as the bound proves the incumbent optimal.

Who uses it: the OR-Library benchmark (``benchmarks/bench_pmed.py``), which certifies the
bound and search machinery that the size-bounded model shares in spirit; the application
itself plans with :func:`algorithms.location.bounded_p_median`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from algorithms.location.inputs import cost_matrix, demand_weights
from algorithms.location.pmedian_schedule import PMedianRun
from algorithms.location.result import Solution, proven
from algorithms.progress import CancelToken, ProgressCallback, report


@dataclass
class _Problem:
    cost: np.ndarray  # n x m, float, inf allowed
    weights: np.ndarray  # n
    rows: np.ndarray  # demand points with positive weight
    d: np.ndarray  # weighted cost of those rows, inf replaced by ``big``
    big: float


def _prepare(cost: np.ndarray, weights: np.ndarray | None) -> _Problem:
    cost = cost_matrix(cost)
    n = cost.shape[0]
    w = demand_weights(weights, n)
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
    cost = cost_matrix(cost)
    w = demand_weights(weights, cost.shape[0])
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
    Without ``time_limit`` the search stops after ``pmedian_run.MAX_STALL`` rounds without
    improvement and branching gets ``pmedian_run.BNB_DEFAULT_SECONDS``.
    """
    t0 = time.perf_counter()
    prob = _prepare(cost, weights)
    m = prob.cost.shape[1]
    _check_p(p, m)
    p = int(p)
    report(progress, 0.0, "starting p-median")
    if prob.rows.size == 0 or p == 1 or p == m:
        sites, _ = _trivial(prob, p) if prob.rows.size else (np.arange(p), 0.0)
        return _finish(prob, sites, None, t0, {"method": "exact enumeration"}, optimal=True)
    run = PMedianRun(
        prob.d,
        p,
        seed=seed,
        time_limit=None if time_limit is None else float(time_limit),
        progress=progress,
        cancel=cancel,
    )
    sites, bound, optimal = run.solve()
    report(progress, 1.0, "done")
    return _finish(prob, sites, bound, t0, run.info, optimal=optimal)


def _finish(
    prob: _Problem, sites: np.ndarray, bound: float | None, t0: float, info: dict, *, optimal: bool
) -> Solution:
    sites = np.sort(np.asarray(sites, dtype=np.intp))
    assignment, objective = assign_nearest(prob.cost, sites, prob.weights)
    if not math.isfinite(objective):
        raise ValueError(
            f"no choice of {sites.size} sites found that reaches every demand point "
            "(the points fall into more separate reachable groups than sites may be opened)"
        )
    if optimal or bound is None:
        lower = objective
    else:
        lower = float(min(bound, objective))
    info["proven_optimal"] = proven(objective, lower)
    return Solution(
        facilities=sites,
        assignment=assignment,
        objective=objective,
        lower_bound=lower,
        seconds=time.perf_counter() - t0,
        info=info,
    )
