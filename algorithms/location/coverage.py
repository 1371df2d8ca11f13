"""Coverage location models: maximal covering (MCLP) and location set covering (LSCP).

A demand point is *covered* when an open site lies within ``radius`` (``cost <= radius``).
Both models are solved exactly by HiGHS (``scipy.optimize.milp``) on the sparse coverage
matrix; a greedy solution is always computed first, so a time-limited run still returns the
better of the two together with the proven bound HiGHS reached.

Who uses them: :func:`set_covering` bounds the office count of response-time siting
(:mod:`algorithms.location.coverage_bounded`, ``site --cover-minutes``); :func:`max_covering`
only its tests.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, milp

from algorithms.location.inputs import cost_matrix
from algorithms.location.result import CoverageResult


def _coverage_matrix(
    cost: np.ndarray, radius: float, weights: np.ndarray | None, fixed: Iterable[int]
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    cost = cost_matrix(cost)
    if not np.isfinite(radius) or radius < 0:
        raise ValueError(f"radius must be a finite non-negative number, got {radius!r}")
    n, m = cost.shape
    if weights is None:
        w = np.ones(n)
    else:
        w = np.asarray(weights, dtype=float).reshape(-1)
        if w.shape[0] != n:
            raise ValueError(f"weights has {w.shape[0]} entries but cost has {n} demand rows")
        if not np.isfinite(w).all() or (w < 0).any():
            raise ValueError("weights must be finite and non-negative")
    fixed_arr = np.unique(np.asarray(list(fixed), dtype=np.intp))
    if fixed_arr.size and (fixed_arr[0] < 0 or fixed_arr[-1] >= m):
        raise ValueError(f"fixed site index out of range 0..{m - 1}")
    return sparse.csr_matrix((cost <= radius).astype(float)), w, fixed_arr


def _result(
    a: sparse.csr_matrix,
    w: np.ndarray,
    sites: np.ndarray,
    objective: float,
    lo: float,
    hi: float,
    t0: float,
    info: dict,
) -> CoverageResult:
    sites = np.sort(np.asarray(sites, dtype=np.intp))
    covered = (
        np.asarray(a[:, sites].sum(axis=1)).ravel() > 0
        if sites.size
        else np.zeros(a.shape[0], bool)
    )
    return CoverageResult(
        facilities=sites,
        covered=covered,
        covered_weight=float(w[covered].sum()),
        objective=float(objective),
        lower_bound=float(lo),
        upper_bound=float(hi),
        seconds=time.perf_counter() - t0,
        info=info,
    )


def _greedy_cover(a_csc: sparse.csc_matrix, w: np.ndarray, start: np.ndarray, stop) -> list[int]:
    """Add the site covering the most still-uncovered weight until ``stop(sites, left)``."""
    sites = [int(j) for j in start]
    uncovered = w.astype(float).copy()
    for j in sites:
        uncovered[a_csc[:, j].indices] = 0.0
    while not stop(sites, uncovered):
        gains = a_csc.T @ uncovered
        gains[sites] = -1.0
        j = int(np.argmax(gains))
        if gains[j] <= 0:
            break
        sites.append(j)
        uncovered[a_csc[:, j].indices] = 0.0
    return sites


def max_covering(
    cost: np.ndarray,
    p: int,
    radius: float,
    weights: np.ndarray | None = None,
    fixed: Iterable[int] = (),
    time_limit: float | None = None,
) -> CoverageResult:
    """Maximal covering location problem: open ``p`` sites (``fixed`` ones included)
    maximising the weight of demand points within ``radius`` of an open site."""
    t0 = time.perf_counter()
    a, w, fixed_arr = _coverage_matrix(cost, radius, weights, fixed)
    n, m = a.shape
    if int(p) != p or p < 1:
        raise ValueError(f"p must be a positive integer, got {p!r}")
    if p > m:
        raise ValueError(f"p = {p} exceeds the {m} candidate sites")
    if fixed_arr.size > p:
        raise ValueError(f"{fixed_arr.size} fixed sites exceed p = {p}")
    p = int(p)
    a_csc = a.tocsc()
    coverable = np.asarray(a.sum(axis=1)).ravel() > 0
    ceiling = float(w[coverable].sum())
    info: dict = {"method": "greedy", "coverable_weight": ceiling}

    greedy = _greedy_cover(a_csc, w, fixed_arr, lambda s, _u: len(s) >= p)
    greedy = _pad(greedy, p, m)
    best = _result(a, w, np.array(greedy), 0.0, 0.0, ceiling, t0, info)
    best_value, upper = best.covered_weight, ceiling
    if best_value >= ceiling - 1e-12 * (ceiling + 1):
        return _final(best, best_value, best_value, best_value, t0)

    rows = np.flatnonzero(coverable & (w > 0))
    sub = a[rows]
    k = rows.size
    c = np.concatenate([np.zeros(m), -w[rows]])
    link = sparse.hstack([-sub, sparse.identity(k, format="csr")], format="csr")
    count = sparse.csr_matrix(np.concatenate([np.ones(m), np.zeros(k)])[None, :])
    lb = np.zeros(m + k)
    lb[fixed_arr] = 1.0
    res = _milp(
        c,
        np.concatenate([np.ones(m), np.zeros(k)]),
        lb,
        [LinearConstraint(link, -np.inf, 0.0), LinearConstraint(count, p, p)],
        None if time_limit is None else time_limit - (time.perf_counter() - t0),
    )
    if res is not None:
        info["method"] = "HiGHS MILP"
        if res.x is not None:
            y = res.x[:m]
            sites = np.argsort(-y, kind="stable")[:p]
            cand = _result(a, w, sites, 0.0, 0.0, 0.0, t0, info)
            if cand.covered_weight > best_value:
                best, best_value = cand, cand.covered_weight
        dual = getattr(res, "mip_dual_bound", None)
        if res.status == 0:
            upper = best_value
        elif dual is not None and np.isfinite(dual):
            upper = min(upper, -float(dual))
    return _final(best, best_value, best_value, max(upper, best_value), t0)


def _pad(sites: list[int], p: int, m: int) -> list[int]:
    """Fill up to ``p`` sites with the lowest unused indices (their coverage adds nothing)."""
    used = set(sites)
    for j in range(m):
        if len(sites) >= p:
            break
        if j not in used:
            sites.append(j)
    return sites


def _milp(c, integrality, lb, constraints, time_limit):
    options = {"disp": False}
    if time_limit is not None:
        if time_limit <= 0:
            return None
        options["time_limit"] = float(time_limit)
    return milp(
        c,
        integrality=integrality,
        bounds=(lb, np.ones(len(c))),
        constraints=constraints,
        options=options,
    )


def _final(
    res: CoverageResult, objective: float, lo: float, hi: float, t0: float
) -> CoverageResult:
    res.objective, res.lower_bound, res.upper_bound = float(objective), float(lo), float(hi)
    res.seconds = time.perf_counter() - t0
    return res


def set_covering(
    cost: np.ndarray,
    radius: float,
    weights: np.ndarray | None = None,
    fixed: Iterable[int] = (),
    time_limit: float | None = None,
) -> CoverageResult:
    """Location set covering problem: the fewest sites (``fixed`` ones included) such that
    every demand point that some candidate can cover lies within ``radius`` of an open site.

    Points no candidate reaches within ``radius`` are left uncovered and listed in
    ``info["uncoverable"]``; ``weights`` only feed ``covered_weight``.
    """
    t0 = time.perf_counter()
    a, w, fixed_arr = _coverage_matrix(cost, radius, weights, fixed)
    n, m = a.shape
    a_csc = a.tocsc()
    coverable = np.asarray(a.sum(axis=1)).ravel() > 0
    info: dict = {"method": "greedy", "uncoverable": np.flatnonzero(~coverable)}
    must = coverable.astype(float)
    greedy = _greedy_cover(a_csc, must, fixed_arr, lambda _s, u: not u.any())
    best = _result(a, w, np.array(greedy, dtype=np.intp), len(greedy), 0.0, len(greedy), t0, info)
    lower = float(max(fixed_arr.size, 1 if coverable.any() else 0))
    if len(greedy) <= lower:
        return _final(best, len(greedy), len(greedy), len(greedy), t0)

    rows = np.flatnonzero(coverable)
    lb = np.zeros(m)
    lb[fixed_arr] = 1.0
    res = _milp(
        np.ones(m),
        np.ones(m),
        lb,
        [LinearConstraint(a[rows], 1.0, np.inf)],
        None if time_limit is None else time_limit - (time.perf_counter() - t0),
    )
    if res is not None:
        info["method"] = "HiGHS MILP"
        if res.x is not None:
            sites = np.flatnonzero(res.x > 0.5)
            if sites.size < best.facilities.size and _covers(a_csc, sites, rows):
                best = _result(a, w, sites, sites.size, 0.0, 0.0, t0, info)
        dual = getattr(res, "mip_dual_bound", None)
        if res.status == 0:
            lower = float(math.ceil(res.fun - 1e-6))
        elif dual is not None and np.isfinite(dual):
            lower = max(lower, float(math.ceil(dual - 1e-6)))
    count = float(best.facilities.size)
    return _final(best, count, min(lower, count), count, t0)


def _covers(a_csc: sparse.csc_matrix, sites: np.ndarray, rows: np.ndarray) -> bool:
    hit = np.asarray(a_csc[:, sites].sum(axis=1)).ravel() > 0
    return bool(hit[rows].all())
