"""Size-bounded p-median: an office for every 5-8 villages, with a proven lower bound.

``bounded_p_median`` opens sites so that every open site serves demand whose sizes add up
to between ``min_size`` and ``max_size`` (unit sizes: "5 to 8 villages"; sizes = demand and
``min_size`` = 0: the classical capacitated p-median), minimising sum weight x cost.

Groups (police stations) are independent: a point may only use a site of its own group,
so each group is solved on its own (:mod:`algorithms.location.bounded_station`) and the results are
stitched together. That decomposition is what makes a city of ~4,800 villages in ~180
stations fast. With ``p`` given and several groups, ``p`` is split over the groups by
greedy marginal cost, and the bound is the best split of the per-group bounds.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from algorithms.location.bounded_station import solve_group
from algorithms.location.result import Effort, GroupResult, Solution, proven
from algorithms.progress import CancelToken, ProgressCallback, check, report

DEFAULT_TIME_LIMIT = 120.0  # seconds, used when time_limit is None
_EPS = 1e-9


@dataclass
class _Group:
    label: object
    points: np.ndarray  # global demand indices
    sites: np.ndarray  # global candidate indices
    fixed: np.ndarray  # local indices (into sites) of fixed candidates
    total: float
    p_lo: int
    p_hi: int


def bounded_p_median(
    cost,
    weights,
    min_size: float,
    max_size: float,
    *,
    sizes=None,
    p: int | None = None,
    groups=None,
    candidate_groups=None,
    fixed=(),
    start=(),
    time_limit: float | None = None,
    gap: float = 0.0,
    effort: Effort | None = None,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Solution:
    """Open sites minimising sum weight x cost with every open site's load in bounds.

    ``cost``: (n demand points x m candidates), ``np.inf`` = unreachable. ``p=None``: the
    fewest sites (per group) that satisfy the bounds, then the least cost. ``fixed``:
    candidates that stay open. ``start``: open candidates of a known plan (say, the plan
    with one site fewer) to search from besides the greedy start: the result is never worse
    than what the local search finds from it. ``time_limit`` (seconds, default 120) bounds
    the whole run; the search stops as soon as the plan is proven optimal, or proven within
    the relative ``gap`` when one is given (the bound reported is then the proven one).
    ``effort``: every step stops on counted work (:class:`~algorithms.location.result.Effort`),
    so the result is the same on any machine and under any load; ``time_limit`` is then
    only an outer ceiling (a group stopped by it has ``stopped: time limit`` in
    ``info["groups"]``, and its plan may depend on the machine).
    Raises ``ValueError`` naming the reason when the request is impossible.
    """
    t0 = time.perf_counter()
    limit = DEFAULT_TIME_LIMIT if time_limit is None else float(time_limit)
    cost = np.asarray(cost, dtype=float)
    if cost.ndim != 2 or cost.shape[0] == 0 or cost.shape[1] == 0:
        raise ValueError("cost must be a non-empty 2-D array (demand points x candidates)")
    n, m = cost.shape
    if np.isnan(cost).any():
        raise ValueError("cost contains NaN")
    weights = _vector(weights, n, "weights")
    if (weights < 0).any():
        raise ValueError("weights must not be negative")
    sizes = np.ones(n) if sizes is None else _vector(sizes, n, "sizes")
    if (sizes < 0).any():
        raise ValueError("sizes must not be negative")
    min_size, max_size = float(min_size), float(max_size)
    if min_size < 0 or max_size <= 0:
        raise ValueError(f"size bounds must be min_size >= 0 and max_size > 0, "
                         f"got {min_size:g} and {max_size:g}")
    if min_size > max_size:
        raise ValueError(f"min_size {min_size:g} is larger than max_size {max_size:g}")
    big = np.flatnonzero(sizes > max_size + _EPS)
    if len(big):
        raise ValueError(f"demand point {int(big[0])} has size {sizes[big[0]]:g}, larger than "
                         f"max_size {max_size:g}: no site can serve it")
    fixed_arr = np.asarray(list(fixed), dtype=np.int64).ravel()
    if len(fixed_arr) and (fixed_arr.min() < 0 or fixed_arr.max() >= m):
        raise ValueError(f"fixed sites must be candidate indices in 0..{m - 1}")
    if len(np.unique(fixed_arr)) != len(fixed_arr):
        raise ValueError("fixed sites contain duplicates")
    if not 0.0 <= float(gap) < 1.0:
        raise ValueError(f"gap must be at least 0 and below 1, got {gap}")
    start_arr = np.unique(np.asarray(list(start), dtype=np.int64).ravel())
    if len(start_arr) and (start_arr.min() < 0 or start_arr.max() >= m):
        raise ValueError(f"start sites must be candidate indices in 0..{m - 1}")
    with np.errstate(invalid="ignore"):
        wcost = np.where(np.isfinite(cost), weights[:, None] * cost, np.inf)
    grps = _make_groups(n, m, groups, candidate_groups, sizes, min_size, max_size, fixed_arr,
                        cost)
    split = _split_p(grps, p)
    report(progress, 0.0, "siting")
    results: list[GroupResult] = []
    work = np.array([len(g.points) * len(g.sites) for g in grps], dtype=float)
    # Groups of the p-split search need bounds for other counts too.
    ranges = {k: tuple(range(g.p_lo, g.p_hi + 1)) if p is not None and len(grps) > 1 else ()
              for k, g in enumerate(grps)}
    cache: dict[tuple[int, int], GroupResult] = {}
    if p is not None:
        split = _greedy_split(grps, wcost, sizes, min_size, max_size, p, split, limit,
                              seed, ranges, cache, cancel, effort)
    for k, g in enumerate(grps):
        check(cancel)
        remaining = max(0.05, limit - (time.perf_counter() - t0))
        share = remaining * work[k] / max(work[k:].sum(), 1.0)
        sub = wcost[np.ix_(g.points, g.sites)]
        res = cache.get((k, split[k]))
        if res is None or not res.optimal:
            res = _solve_with_count(g, sub, sizes[g.points], min_size, max_size, split[k],
                                    share, seed, ranges[k], p is None, cancel,
                                    np.flatnonzero(np.isin(g.sites, start_arr)), float(gap), effort)
        split[k] = int(res.info["p"])
        results.append(res)
        report(progress, (k + 1) / len(grps), f"group {g.label}: {split[k]} sites")
    for (k, q), res in cache.items():  # proper bounds of the counts tried while splitting
        if q in results[k].bound_for_p:
            results[k].bound_for_p[q] = max(results[k].bound_for_p[q], res.bound)
    return _assemble(grps, results, split, cost, weights, p, t0)


def _vector(values, n: int, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    if arr.shape != (n,):
        raise ValueError(f"{name} must have one value per demand point ({n}), got {arr.size}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite")
    return arr


def _make_groups(n, m, groups, candidate_groups, sizes, min_size, max_size, fixed, cost):
    """Split into independent groups and check that each one can be served at all."""
    if (groups is None) != (candidate_groups is None):
        raise ValueError("groups and candidate_groups must be given together")
    if groups is None:
        labels_d = np.zeros(n, dtype=np.int64)
        labels_c = np.zeros(m, dtype=np.int64)
    else:
        labels_d = np.asarray(groups).ravel()
        labels_c = np.asarray(candidate_groups).ravel()
        if labels_d.shape != (n,):
            raise ValueError(f"groups must have one value per demand point ({n})")
        if labels_c.shape != (m,):
            raise ValueError(f"candidate_groups must have one value per candidate ({m})")
    out = []
    fixed_set = set(int(f) for f in fixed)
    for label in _unique(labels_d):
        pts = np.flatnonzero(labels_d == label)
        sites = np.flatnonzero(labels_c == label)
        name = _name(label, groups is not None)
        if len(sites) == 0:
            raise ValueError(f"{name} has {len(pts)} demand points but no candidate site")
        reach = np.isfinite(cost[np.ix_(pts, sites)]).any(axis=1)
        if not reach.all():
            bad = int(pts[np.flatnonzero(~reach)[0]])
            raise ValueError(f"demand point {bad} can reach no candidate site of {name}")
        total = float(sizes[pts].sum())
        lo = max(1, math.ceil(total / max_size - 1e-9))
        hi = len(sites) if min_size <= 0 else min(len(sites), math.floor(total / min_size + 1e-9))
        local_fixed = np.flatnonzero(np.isin(sites, list(fixed_set)))
        lo = max(lo, len(local_fixed))
        unit = bool(np.all(sizes[pts] == 1))
        if lo > hi or (lo == 0 and hi == 0):
            if len(local_fixed) > hi:
                raise ValueError(
                    f"{name}: its {len(local_fixed)} fixed sites cannot all be filled to "
                    f"min_size {min_size:g} (total size {total:g})")
            what = f"{len(pts)} demand points" if unit else f"total size {total:g}"
            if math.ceil(total / max_size - 1e-9) > len(sites):
                raise ValueError(f"{name} has {what} but only {len(sites)} candidate sites "
                                 f"for sites of at most {max_size:g}")
            raise ValueError(f"{name} has {what}, which cannot be split into sites of "
                             f"{min_size:g} to {max_size:g}")
        out.append(_Group(label, pts, sites, local_fixed, total, lo, hi))
    for f in fixed_set:
        if labels_c[f] not in set(labels_d.tolist()):
            if min_size > 0:
                raise ValueError(f"fixed site {f} belongs to a group without demand points, "
                                 f"so it cannot be filled to min_size {min_size:g}")
    return out


def _unique(labels):
    try:
        return list(np.unique(labels))
    except TypeError:
        return list(dict.fromkeys(labels.tolist()))


def _name(label, grouped: bool) -> str:
    return f"group {label!s}" if grouped else "the demand"


def _split_p(grps: list[_Group], p: int | None) -> list[int]:
    lo = sum(g.p_lo for g in grps)
    hi = sum(g.p_hi for g in grps)
    if p is None:
        return [g.p_lo for g in grps]
    if int(p) != p:
        raise ValueError(f"p must be an integer, got {p}")
    if not lo <= p <= hi:
        raise ValueError(f"p = {p} is outside the feasible range {lo}..{hi} for these bounds")
    return [g.p_lo for g in grps]


def _greedy_split(grps, wcost, sizes, min_size, max_size, p, split, limit, seed, ranges,
                  cache, cancel, effort=None):
    """Hand the sites above the minimum to the groups where one more saves the most.

    Each group's cost for a count is solved properly (exact for small groups) with a short
    time limit: heuristic estimates misjudge the savings by several percent. Results are
    kept in ``cache`` so the final solve can reuse them.
    """
    extra = p - sum(split)
    if extra <= 0:
        return split
    if len(grps) == 1:
        return [split[0] + extra]
    budget = min(5.0, 0.5 * limit / max(1, len(grps) + extra)) if effort is None else limit

    def value(k: int, q: int) -> float:
        if (k, q) not in cache:
            g = grps[k]
            sub = wcost[np.ix_(g.points, g.sites)]
            cache[(k, q)] = solve_group(sub, sizes[g.points], min_size, max_size, q, g.fixed,
                                        time_limit=budget, seed=seed, other_p=ranges[k],
                                        cancel=cancel, effort=effort)
        return cache[(k, q)].objective

    for _ in range(extra):
        best_k, best_gain = -1, -np.inf
        for k, g in enumerate(grps):
            if split[k] >= g.p_hi:
                continue
            now, more = value(k, split[k]), value(k, split[k] + 1)
            gain = now - more if np.isfinite(now) and np.isfinite(more) else (
                1e300 if np.isfinite(more) else -1e300)
            if gain > best_gain:
                best_k, best_gain = k, gain
        split[best_k] += 1
    return split


def _solve_with_count(g, sub, sizes, min_size, max_size, q, share, seed, other, grow, cancel,
                      start=(), gap=0.0, effort=None):
    """Solve one group; with ``grow`` (p=None, general sizes) try more sites if q fails."""
    while True:
        res = solve_group(sub, sizes, min_size, max_size, q, g.fixed, time_limit=share,
                          seed=seed, other_p=other, cancel=cancel, start=start, gap=gap,
                          effort=effort)
        if np.isfinite(res.objective):
            return res
        if not grow or q >= g.p_hi:
            raise ValueError(f"{_name(g.label, True)}: no feasible assignment with {q} sites "
                             f"was found (sizes cannot be packed into the bounds)")
        q += 1


def _assemble(grps, results, split, cost, weights, p, t0) -> Solution:
    n = cost.shape[0]
    assignment = np.full(n, -1, dtype=np.int64)
    chosen: list[int] = []
    for g, r in zip(grps, results, strict=True):
        assignment[g.points] = g.sites[r.assignment]
        chosen.extend(g.sites[r.sites].tolist())
    facilities = np.array(sorted(set(chosen)), dtype=np.int64)
    objective = float((weights * cost[np.arange(n), assignment]).sum())
    bound = float(sum(r.bound for r in results))
    if p is not None and len(grps) > 1:
        bound = min(bound, _best_split_bound(grps, results, p))
    optimal = all(r.optimal for r in results) and proven(objective, bound)
    if optimal:
        bound = objective
    info = {
        "proven_optimal": optimal,
        "p": int(len(facilities)),
        "groups": [
            {"group": _plain(g.label), "p": int(k), "objective": float(r.objective),
             "lower_bound": float(r.bound), "proven_optimal": bool(r.optimal), **{
                 key: val for key, val in r.info.items()
                 if key in ("mip", "pairs_needed", "stopped", "stream_rounds", "merged", "core")}}
            for g, r, k in zip(grps, results, split, strict=True)
        ],
    }
    return Solution(facilities, assignment, objective, min(bound, objective),
                    seconds=time.perf_counter() - t0, info=info)


def _best_split_bound(grps, results, p) -> float:
    """min over feasible splits of sum of group bounds (the split itself is not proven)."""
    best = {0: 0.0}
    for g, r in zip(grps, results, strict=True):
        nxt: dict[int, float] = {}
        for tot, val in best.items():
            for q in range(g.p_lo, g.p_hi + 1):
                b = r.bound_for_p.get(q, -np.inf)
                key = tot + q
                if key <= p and val + b < nxt.get(key, np.inf):
                    nxt[key] = val + b
        best = nxt
    return best.get(p, -np.inf)


def _plain(label):
    return label.item() if hasattr(label, "item") else label
