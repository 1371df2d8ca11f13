"""Solving ONE group (one police station) of the size-bounded p-median with a proven bound.

Pipeline: greedy + swap local search gives an incumbent; the Lagrangian bound and its
per-pair penalties certify which (point, site) pairs could still improve it; HiGHS solves
the MIP on those pairs only. The final bound is valid for the FULL model:

    optimum >= min(incumbent, restricted-MIP bound, Lagrangian + smallest excluded penalty)

The classical capacitated case (integral sizes, no lower bound) goes to
:mod:`algorithms.location.capacitated_station`, whose exact-knapsack Lagrangian is much stronger there.
Small stations (at most ``SMALL_PAIRS`` pairs) take a short subgradient run and no repair
loop: the reduced MIP is cheaper than more iterations.

With an :class:`~algorithms.location.result.Effort` every step stops on counted work (the
swap search at its local optimum, the subgradient after its iterations, HiGHS when proven
or after its nodes) and the time limit is only an outer ceiling: the result is then the
same on any machine. Without one, the steps share the time limit.
"""

from __future__ import annotations

import time

import numpy as np

from algorithms.location.bounded_lagrangian import bounds_by_count, lagrangian_bound
from algorithms.location.bounded_large import large_applicable, solve_large
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator, greedy_open, iterated_search, local_search
from algorithms.location.capacitated_lagrangian import dp_applicable
from algorithms.location.capacitated_station import solve_capacitated
from algorithms.location.pairs_mip import mip_work, solve_pairs
from algorithms.location.result import Effort, GroupResult, proven, stop_reason, tolerance
from algorithms.progress import CancelToken, check

PAIR_CAP = 60_000  # largest MIP we hand to HiGHS in one piece
SMALL_PAIRS = 5_000  # a station with at most this many pairs is solved the short way
SMALL_ITER = 120  # subgradient iterations for those


def solve_group(
    wcost: np.ndarray,
    sizes: np.ndarray,
    min_size: float,
    max_size: float,
    p: int,
    fixed: np.ndarray,
    *,
    time_limit: float,
    seed: int = 0,
    other_p: tuple[int, ...] = (),
    heuristic_only: bool = False,
    cancel: CancelToken | None = None,
    start=(),
    gap: float = 0.0,
    effort: Effort | None = None,
) -> GroupResult:
    """Best solution with exactly ``p`` open sites (``fixed`` among them) and a bound.

    ``start``: open sites of a known plan (local indices); the search also starts from
    them, completed to ``p`` sites greedily (a warm start from the plan with fewer sites).
    ``gap``: stop once the plan is proven within this relative gap (0: proven optimal).
    ``effort``: stop on counted work, ``time_limit`` being only a ceiling (``info["stopped"]``
    says ``time limit`` when it was reached: that result may depend on the machine).
    """
    t0 = time.perf_counter()
    deadline = t0 + max(0.05, time_limit)
    timed = effort is None
    n, m = wcost.shape
    fixed = np.asarray(sorted(set(int(f) for f in fixed)), dtype=np.int64)
    model = GroupModel(wcost, sizes, min_size, max_size, p, fixed)
    if not heuristic_only and dp_applicable(sizes, min_size, max_size):
        return solve_capacitated(wcost, sizes, max_size, p, fixed, time_limit=time_limit,
                                 seed=seed, cancel=cancel)
    if not heuristic_only and large_applicable(sizes, min_size, max_size):
        return solve_large(model, time_limit=time_limit,
                           seed=seed, other_p=other_p, cancel=cancel, start=start, gap=gap,
                           effort=effort)
    ev = Evaluator(wcost, sizes, min_size, max_size)
    ls_deadline = t0 + 0.3 * (deadline - t0) if timed else deadline
    warm = np.asarray(start, dtype=np.int64)
    best_sites, ub, best_assign = local_search(ev, greedy_open(wcost, p, fixed), fixed,
                                               deadline=ls_deadline, cancel=cancel)
    if len(warm):
        keep = np.concatenate([fixed, np.setdiff1d(warm, fixed)])[:p]
        warm = greedy_open(wcost, p, keep)
        if len(warm) == p:
            s2, o2, a2 = local_search(ev, warm, fixed, cancel=cancel,
                                      deadline=max(ls_deadline, time.perf_counter() + 0.05) if timed else deadline)
            if o2 < ub - tolerance(ub) or not np.isfinite(ub):
                best_sites, ub, best_assign = s2, o2, a2
    info: dict = {"p": p}
    if heuristic_only:
        return GroupResult(best_sites, best_assign, ub, -np.inf, False, {}, info)
    check(cancel)
    lag_deadline = time.perf_counter() + 0.3 * (deadline - time.perf_counter()) if timed else deadline
    small = n * m <= SMALL_PAIRS
    # Small stations: a short subgradient run already filters the pairs enough for a
    # MIP of a few milliseconds; more iterations cost more than they save.
    lag = lagrangian_bound(model, ub,
                           deadline=lag_deadline, max_iter=SMALL_ITER if small else 600,
                           cancel=cancel)
    info["lagrangian_bound"] = lag.bound
    info["lagrangian_iterations"] = lag.iterations
    if not np.isfinite(lag.bound):
        return GroupResult(best_sites, best_assign, np.inf, np.inf, False, {}, info)
    # Lagrangian heuristic: repair the open sets the relaxation chose.
    if ub - lag.bound > tolerance(ub) and not small:  # small ones: the MIP is cheaper
        tried = 0
        for cand in reversed(lag.sets):
            now = time.perf_counter()
            if (now > ls_deadline + 0.2 * (deadline - t0) if timed else now > deadline) or tried >= 6:
                break
            obj, _ = ev(np.array(cand))
            if np.isfinite(obj) and obj < ub * 1.02 + 1e-9 or not np.isfinite(ub):
                tried += 1
                s2, o2, a2 = local_search(ev, np.array(cand), fixed, cancel=cancel,
                                          deadline=time.perf_counter() + 0.1 * time_limit if timed else deadline)
                if o2 < ub - tolerance(ub):
                    best_sites, ub, best_assign = s2, o2, a2
    lb = lag.bound
    optimal = proven(ub, lb)
    ceiling = False  # a MIP stopped at its time limit, not on counted work
    info["mip"] = "skipped"
    if not optimal and not (np.isfinite(ub) and ub - lb <= gap * abs(ub)):
        check(cancel)
        pen = lag.penalty
        assert lag.close_penalty is not None  # lagrangian_bound always sets it
        must_open = np.flatnonzero(lag.bound + lag.close_penalty > ub + tolerance(ub))
        info["must_open"] = len(must_open)
        need = lag.bound + pen < ub - tolerance(ub)
        if np.isfinite(ub):
            need[np.arange(n), best_assign] = True
        need &= np.isfinite(wcost)
        count = int(need.sum())
        info["pairs_needed"] = count
        excluded_min = np.inf
        if count > PAIR_CAP:
            per_point = max(2, PAIR_CAP // n)
            keep = _best_pairs(need, pen, per_point)
            if np.isfinite(ub):
                keep[np.arange(n), best_assign] = True
            dropped = need & ~keep
            excluded_min = float(pen[dropped].min()) if dropped.any() else np.inf
            need = keep
            info["pairs_used"] = int(need.sum())
        if not ev.unit and count > 6 * n and np.isfinite(ub):
            # HiGHS rarely closes these capacitated models in time: search longer first.
            best_sites, ub, best_assign = iterated_search(
                ev, best_sites, ub, best_assign, fixed, seed=seed, cancel=cancel,
                deadline=time.perf_counter() + 0.8 * (deadline - time.perf_counter()) if timed else deadline,
                rounds=None if effort is None else effort.search_rounds)
            need = (lag.bound + pen < ub - tolerance(ub)) & np.isfinite(wcost)
            need[np.arange(n), best_assign] = True
            count = int(need.sum())
            info["pairs_needed"] = count
        if not ev.unit and count > 6 * n and np.isfinite(ub):
            # A quick MIP on each point's few most promising sites improves the incumbent,
            # and with it the penalty filter of the exact MIP below.
            small = _best_pairs(need, pen, 4)
            small[np.arange(n), best_assign] = True
            ii, jj = np.nonzero(small)
            left = deadline - time.perf_counter()
            res = _polish(ev, solve_pairs(model, ii, jj,
                                          must_open=must_open, time_limit=0.25 * left if timed else left,
                                          **mip_work(effort)))
            ceiling = ceiling or res.outcome == "time limit"
            if res.assignment is not None and res.objective < ub - tolerance(ub):
                best_assign, ub, best_sites = res.assignment, res.objective, res.sites
                need = (lag.bound + pen < ub - tolerance(ub)) & np.isfinite(wcost)
                need[np.arange(n), best_assign] = True
                info["pairs_needed"] = int(need.sum())
        ii, jj = np.nonzero(need)
        remaining = deadline - time.perf_counter()
        if remaining > 0.05 or not timed:
            res = _polish(ev, solve_pairs(model, ii, jj,
                                          must_open=must_open, time_limit=remaining,
                                          rel_gap=max(1e-7, gap), **mip_work(effort)))
            info["mip"] = res.outcome
            ceiling = ceiling or res.outcome == "time limit"
            if res.assignment is not None and res.objective < ub - tolerance(ub):
                best_assign, ub, best_sites = res.assignment, res.objective, res.sites
            restricted = res.bound if res.status != 2 else np.inf
            lb = max(lb, min(ub, restricted, lag.bound + excluded_min))
        optimal = proven(ub, lb)
    if optimal:
        lb = ub
    info["stopped"] = stop_reason(settled=optimal or ub - lb <= gap * abs(ub), clock=ceiling,
                                  deadline=deadline, timed=timed)
    lb = _round_if_integral(wcost, lb, ub)
    bounds = bounds_by_count(model, lag.lam, other_p, lb)
    return GroupResult(best_sites, best_assign, ub, lb, optimal, bounds, info)


def _polish(ev: Evaluator, res):
    """Re-assign the MIP's open sites exactly (unit sizes) or improve them (general)."""
    if res.sites is None:
        return res
    obj, assign = ev(res.sites, improve=True)
    if obj < res.objective:
        res.objective, res.assignment = obj, assign
    return res


def _best_pairs(need: np.ndarray, pen: np.ndarray, k: int) -> np.ndarray:
    """The k needed pairs of smallest penalty for every point."""
    score = np.where(need, pen, np.inf)
    idx = np.argsort(score, axis=1, kind="stable")[:, :k]
    keep = np.zeros_like(need)
    np.put_along_axis(keep, idx, True, axis=1)
    return keep & need


def _round_if_integral(wcost: np.ndarray, lb: float, ub: float) -> float:
    """With integral costs the optimum is integral: round the bound up (within tolerance)."""
    fin = wcost[np.isfinite(wcost)]
    if np.isfinite(lb) and fin.size and np.all(np.abs(fin - np.round(fin)) < 1e-9):
        lb = float(np.ceil(lb - 1e-6))
        return min(lb, ub) if np.isfinite(ub) else lb
    return lb
