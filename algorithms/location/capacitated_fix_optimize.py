"""Fix-and-optimize search for the capacitated p-median (general sizes).

A move frees a few neighbouring open sites together with every point they serve and lets
HiGHS re-solve that region EXACTLY (which sites to open among the nearby candidates and
who goes where), everything else staying fixed. Such MIP neighbourhoods repair what swap
searches with a heuristic assignment cannot: on tight capacities the best cluster shapes
depend on how whole groups of points are repacked.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from algorithms.progress import CancelToken, check

PRESOLVE = True


def region_mip(sub: np.ndarray, sizes: np.ndarray, capacity: float, q: int,
               time_limit: float) -> tuple[float, np.ndarray | None]:
    """Exact CPMP on a small dense model: (objective, local site per point) or (inf, None)."""
    n, m = sub.shape
    ii, jj = np.nonzero(np.isfinite(sub))
    e = len(ii)
    nv = e + m
    ex = np.arange(e)
    c = np.concatenate([sub[ii, jj], np.zeros(m)])
    a_assign = sp.csr_matrix((np.ones(e), (ii, ex)), shape=(n, nv))
    a_load = sp.csr_matrix((np.concatenate([sizes[ii], -np.full(m, capacity)]),
                            (np.concatenate([jj, np.arange(m)]),
                             np.concatenate([ex, e + np.arange(m)]))), shape=(m, nv))
    a_vub = sp.csr_matrix((np.concatenate([np.ones(e), -np.ones(e)]),
                           (np.concatenate([ex, ex]), np.concatenate([ex, e + jj]))),
                          shape=(e, nv))
    a_p = sp.csr_matrix((np.ones(m), (np.zeros(m, dtype=np.int64), e + np.arange(m))),
                        shape=(1, nv))
    A = sp.vstack([a_assign, a_load, a_vub, a_p]).tocsr()
    lo = np.concatenate([np.ones(n), np.full(m, -np.inf), np.full(e, -np.inf), [q]])
    hi = np.concatenate([np.ones(n), np.zeros(m), np.zeros(e), [q]])
    res = milp(c, constraints=LinearConstraint(A, lo, hi), integrality=np.ones(nv),
               bounds=Bounds(0, 1),
               options={"time_limit": max(0.02, time_limit), "mip_rel_gap": 1e-6,
                        "presolve": PRESOLVE})
    if res.x is None:
        return np.inf, None
    xv = res.x[:e]
    local = np.full(n, -1, dtype=np.int64)
    best = np.full(n, 0.5)
    for k in np.flatnonzero(xv > 0.5):
        if xv[k] > best[ii[k]]:
            best[ii[k]], local[ii[k]] = xv[k], jj[k]
    if (local < 0).any():
        return np.inf, None
    load = np.bincount(local, weights=sizes, minlength=m)
    if (load > capacity + 1e-6).any():
        return np.inf, None
    return float(sub[np.arange(n), local].sum()), local


def fix_and_optimize(
    wcost: np.ndarray,
    sizes: np.ndarray,
    capacity: float,
    sites: np.ndarray,
    assign: np.ndarray,
    fixed: np.ndarray,
    *,
    deadline: float,
    seed: int = 0,
    region: int = 3,
    near: int = 8,
    per_site: int = 4,
    step_limit: float = 1.0,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Improve (sites, assign) by region re-optimisation until no region improves or time
    runs out; the region grows by one site after a pass without improvement."""
    n, m = wcost.shape
    rng = np.random.default_rng(seed)
    fin = np.where(np.isfinite(wcost), wcost, np.inf)
    nearest = np.argsort(fin, axis=1, kind="stable")[:, :near]
    sites = np.array(sorted(int(s) for s in sites), dtype=np.int64)
    assign = assign.copy()
    obj = float(wcost[np.arange(n), assign].sum())
    fixed_set = {int(f) for f in fixed}
    tol = 1e-9 * max(1.0, abs(obj))
    size = min(region, len(sites))
    tried: set[tuple[int, ...]] = set()
    while time.perf_counter() < deadline:
        improved = False
        order = rng.permutation(len(sites))
        for k in order:
            check(cancel)
            if time.perf_counter() >= deadline:
                break
            if k >= len(sites):
                continue
            group = neighbour_sites(fin, assign, sites, int(sites[k]), size)
            key = tuple(sorted(group)) + (-size,)
            if key in tried:
                continue
            tried.add(key)
            pts = np.flatnonzero(np.isin(assign, group))
            outside = set(sites.tolist()) - set(group)
            cand = _candidates(fin, pts, group, outside, nearest, per_site)
            movable = [g for g in group if g not in fixed_set]
            if len(movable) < len(group):
                continue  # keep fixed sites out of regions (they must stay open)
            sub = wcost[np.ix_(pts, cand)]
            cur = float(wcost[pts, assign[pts]].sum())
            limit = min(step_limit, deadline - time.perf_counter())
            val, local = region_mip(sub, sizes[pts], capacity, len(group), limit)
            if local is not None and val < cur - tol:
                assign[pts] = cand[local]
                sites = np.array(sorted(outside | set(cand[np.unique(local)].tolist())),
                                 dtype=np.int64)
                obj = float(wcost[np.arange(n), assign].sum())
                improved = True
                tried.clear()
        if not improved:
            if size >= min(len(sites), region + 3):
                break
            size += 1
    return sites, obj, assign


def _candidates(fin, pts, group, outside, nearest, per_site) -> np.ndarray:
    """The group's sites plus the best cluster centres for the region's points.

    A candidate's score is the sum of its costs to the |pts| / |group| nearest of the
    region's points: how good a median it is for one cluster of the usual size. Few
    candidates keep the region MIP quick (its LP is weak on tight capacities).
    """
    pool = np.unique(np.concatenate([nearest[pts].ravel(), group]))
    pool = np.array([j for j in pool if j not in outside], dtype=np.int64)
    k = max(1, int(round(len(pts) / max(1, len(group)))))
    sub = np.sort(fin[np.ix_(pts, pool)], axis=0)[:k]
    with np.errstate(invalid="ignore"):
        score = sub.sum(axis=0)
    keep = pool[np.argsort(score, kind="stable")[: per_site * len(group)]]
    return np.unique(np.concatenate([keep, group])).astype(np.int64)


def neighbour_sites(fin: np.ndarray, assign: np.ndarray, sites: np.ndarray, s: int,
                    size: int) -> list[int]:
    """Site s and the open sites nearest to its points (mean cost from s's points), nearest
    first: the sites a region move frees together (here and in
    :mod:`algorithms.location.bounded_regions`)."""
    members = np.flatnonzero(assign == s)
    if len(members) == 0:
        return [s]
    with np.errstate(invalid="ignore"):
        d = fin[np.ix_(members, sites)].mean(axis=0)
    d[sites == s] = -np.inf
    order = np.argsort(d, kind="stable")[:size]
    return [int(sites[i]) for i in order]
