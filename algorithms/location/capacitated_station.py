"""One group of the capacitated p-median with integral sizes (min_size = 0).

Pipeline, each step with a share of the time limit:

1. greedy + swap local search: a first incumbent;
2. the exact-knapsack Lagrangian (:mod:`algorithms.location.capacitated_lagrangian`): a bound well above the
   LP bound, and the open sets it visits, which are repaired into incumbents;
3. a kernel MIP on every point's smallest-penalty pairs (long limits only); rounds of
   iterated local search, each followed by an exact re-assignment of the best site sets it
   met; then fix-and-optimize MIP regions (:mod:`algorithms.location.capacitated_fix_optimize`);
4. HiGHS on the pairs the Lagrangian penalties cannot rule out against the incumbent (with
   integral costs an improvement must gain at least 1), which proves optimality when it
   finishes. The bound is valid for the full model:
   optimum >= min(incumbent, restricted-MIP bound, Lagrangian + smallest excluded penalty).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator, greedy_open, iterated_search, local_search
from algorithms.location.capacitated_fix_optimize import fix_and_optimize
from algorithms.location.capacitated_lagrangian import knapsack_lagrangian
from algorithms.location.pairs_mip import solve_pairs
from algorithms.location.result import GroupResult, proven
from algorithms.progress import CancelToken, check

PAIR_CAP = 60_000
# Time shares (of the limit) at which each step ends.
SHARE: dict[str, Any] = {"ls": 0.05, "lag": 0.1, "repair": 0.15, "kernel": 0.15,
         "rounds": ((0.32, 0.45), (0.58, 0.71), (0.84, 0.95)), "regions": 0.97}
# With a long limit the bound pays off through a small reduced MIP: give it more time.
LONG_SHARE: dict[str, Any] = {"ls": 0.1, "lag": 0.3, "repair": 0.35, "kernel": 0.6, "rounds": ((0.65, 0.7),),
              "regions": 0.85}
LONG_LIMIT = 10.0  # seconds
POLISH_SETS = 24  # best site sets (by greedy value) re-assigned exactly
POLISH_NEAREST = 4  # open sites per point in that exact re-assignment
KERNEL_PAIRS = (5, 8)  # pairs per point of the kernel MIPs, tried in turn
EARLY_PAIRS_PER_POINT = 6  # a reduced MIP this small is tried before the long search
MIP_PAIR_SHARE = 0.25  # beyond this share of all pairs the reduced MIP rarely helps


def _best_sets(ev: Evaluator, k: int) -> list[np.ndarray]:
    """The k best distinct site sets the swap search evaluated (greedy values)."""
    items = sorted((val[0], key) for key, val in ev._memo.items() if np.isfinite(val[0]))
    return [np.array(key, dtype=np.int64) for _, key in items[:k]]


def _needed(lag, best, step, wcost) -> np.ndarray:
    """Pairs whose penalty does not rule them out of a solution better than the incumbent
    (penalties are relative to the Lagrangian bound, never to a later, higher bound)."""
    ub = best["ub"]
    need = (lag.bound + lag.penalty < ub - step - 1e-9 * max(1.0, abs(ub))) & np.isfinite(wcost)
    need[np.arange(len(need)), best["assign"]] = True
    return need


def _reduced_mip(wcost, sizes, capacity, p, fixed, lag, lb, best, step, integral,
                 time_limit, info) -> float:
    """HiGHS on the needed pairs; updates ``best`` and returns the improved full bound."""
    n = wcost.shape[0]
    ub = best["ub"]
    need = _needed(lag, best, step, wcost)
    info["pairs_needed"] = int(need.sum())
    excluded = np.inf
    if need.sum() > PAIR_CAP:
        score = np.where(need, lag.penalty, np.inf)
        idx = np.argsort(score, axis=1, kind="stable")[:, : max(2, PAIR_CAP // n)]
        keep = np.zeros_like(need)
        np.put_along_axis(keep, idx, True, axis=1)
        keep &= need
        keep[np.arange(n), best["assign"]] = True
        excluded = float(lag.penalty[need & ~keep].min())
        need = keep
    if time_limit <= 0.05:
        return lb
    must_open = np.intersect1d(np.flatnonzero(lag.bound + lag.open_penalty > ub - step), lag.sites)
    ii, jj = np.nonzero(need)
    res = solve_pairs(GroupModel(wcost, sizes, 0.0, capacity, p, fixed), ii, jj, must_open=must_open,
                      time_limit=time_limit, presolve=True)
    info["mip"] = res.outcome
    if res.assignment is not None and res.objective < ub:
        best.update(ub=res.objective, sites=res.sites, assign=res.assignment)
    restricted = res.bound if res.status != 2 else np.inf
    if integral and np.isfinite(restricted):
        restricted = np.ceil(restricted - 1e-6)
    return max(lb, min(best["ub"], restricted, lag.bound + excluded))


def _kernel_mip(wcost, sizes, capacity, p, fixed, lag, best, per, time_limit) -> bool:
    """HiGHS on each point's ``per`` smallest-penalty pairs (plus the incumbent's); updates
    ``best``; False when that kernel holds no solution (try a larger one)."""
    n = wcost.shape[0]
    pen = np.where(np.isfinite(wcost), lag.penalty, np.inf)
    idx = np.argsort(pen, axis=1, kind="stable")[:, :per]
    keep = np.zeros(pen.shape, dtype=bool)
    np.put_along_axis(keep, idx, True, axis=1)
    keep &= np.isfinite(wcost)
    if np.isfinite(best["ub"]):
        keep[np.arange(n), best["assign"]] = True
    ii, jj = np.nonzero(keep)
    res = solve_pairs(GroupModel(wcost, sizes, 0.0, capacity, p, fixed), ii, jj, time_limit=time_limit,
                      presolve=True)
    if res.assignment is not None and res.objective < best["ub"]:
        best.update(ub=res.objective, sites=res.sites, assign=res.assignment)
    return res.assignment is not None


def exact_assignment(wcost, sizes, capacity, sites, time_limit, hint=None):
    """Single-source assignment to the given open sites by HiGHS: (objective, assignment).

    Each point may use its ``POLISH_NEAREST`` cheapest open sites (and its ``hint`` site):
    on these instances that never changed the optimum and halves HiGHS's time.
    """
    n = wcost.shape[0]
    k = min(POLISH_NEAREST, len(sites))
    near = np.argsort(wcost[:, sites], axis=1, kind="stable")[:, :k]
    ii = np.repeat(np.arange(n), k)
    jj = sites[near.ravel()]
    if hint is not None:
        ii, jj = np.concatenate([ii, np.arange(n)]), np.concatenate([jj, hint])
    res = solve_pairs(GroupModel(wcost, sizes, 0.0, capacity, len(sites), sites), ii, jj,
                      time_limit=max(0.05, time_limit), presolve=True)
    if res.assignment is None:
        return np.inf, None
    return res.objective, res.assignment


def solve_capacitated(
    wcost: np.ndarray,
    sizes: np.ndarray,
    capacity: float,
    p: int,
    fixed: np.ndarray,
    *,
    time_limit: float,
    seed: int = 0,
    cancel: CancelToken | None = None,
):
    """Best solution with exactly ``p`` open sites and a proven bound (a GroupResult)."""
    t0 = time.perf_counter()
    total = max(0.05, time_limit)
    deadline = t0 + total
    share = LONG_SHARE if total >= LONG_LIMIT else SHARE
    n, m = wcost.shape
    fixed = np.asarray(sorted(set(int(f) for f in fixed)), dtype=np.int64)
    fin = wcost[np.isfinite(wcost)]
    integral = bool(fin.size and np.all(np.abs(fin - np.round(fin)) < 1e-9))
    step = 1.0 - 1e-6 if integral else 0.0  # an improvement must gain at least this
    ev = Evaluator(wcost, sizes, 0.0, capacity)
    sites, ub, assign = local_search(ev, greedy_open(wcost, p, fixed), fixed,
                                     deadline=t0 + share["ls"] * total, cancel=cancel)
    check(cancel)
    best: dict[str, Any] = {"ub": ub, "sites": sites, "assign": assign}
    lag = knapsack_lagrangian(wcost, sizes, capacity, p, fixed, ub,
                              deadline=t0 + share["lag"] * total, integral=integral, cancel=cancel)
    info: dict = {"p": p, "lagrangian_bound": lag.bound, "lagrangian_iterations": lag.iterations}
    lb = lag.bound
    if not np.isfinite(lb) and lb > 0:
        return GroupResult(sites, assign, np.inf, np.inf, False, {p: np.inf}, info)
    # Lagrangian heuristic: the last open sets are the most promising.
    for cand in reversed(lag.sets[-8:]):
        if time.perf_counter() > t0 + share["repair"] * total:
            break
        s2, o2, a2 = local_search(ev, np.array(cand), fixed,
                                  deadline=min(deadline, time.perf_counter() + 0.05 * total),
                                  cancel=cancel)
        if o2 < best["ub"]:
            best.update(ub=o2, sites=s2, assign=a2)

    def gap_closed() -> bool:
        return best["ub"] - lb <= step + 1e-9 * max(1.0, abs(best["ub"]))

    info["mip"] = "skipped"
    if not gap_closed() and np.isfinite(best["ub"]):
        if _needed(lag, best, step, wcost).sum() <= EARLY_PAIRS_PER_POINT * n:
            # The penalties leave a small model: try to prove the incumbent right away.
            lb = _reduced_mip(wcost, sizes, capacity, p, fixed, lag, lb, best, step, integral,
                              0.5 * (deadline - time.perf_counter()), info)

    if not gap_closed():
        # Kernel MIP: every point's few pairs of smallest penalty (not a proof, but on
        # these the optimum usually lies, and HiGHS finds it fast on so few pairs).
        for per in KERNEL_PAIRS:
            left = t0 + share["kernel"] * total - time.perf_counter()
            if left <= 0.05 or _kernel_mip(wcost, sizes, capacity, p, fixed, lag, best, per,
                                           left):
                break
    polished: set[tuple[int, ...]] = set()
    for r, (ils_end, polish_end) in enumerate(share["rounds"]):
        if gap_closed() or not np.isfinite(best["ub"]):
            break
        # ILS judges site sets by the greedy assignment (it starts from the greedy value
        # of the best sites, or it would reject everything after an exact re-assignment).
        g_obj, g_assign = ev(best["sites"])
        s2, o2, a2 = iterated_search(ev, best["sites"], g_obj, g_assign, fixed,
                                     seed=seed + r, cancel=cancel,
                                     deadline=t0 + ils_end * total)
        if o2 < best["ub"]:
            best.update(ub=o2, sites=s2, assign=a2)
        # The greedy assignment is often 1-2 % off on tight capacities: re-assign the
        # best sets met so far exactly.
        for cand_sites in _best_sets(ev, POLISH_SETS + len(polished)):
            key = tuple(int(j) for j in cand_sites)
            if key in polished:
                continue
            if time.perf_counter() > t0 + polish_end * total or gap_closed():
                break
            polished.add(key)
            o2, a2 = exact_assignment(wcost, sizes, capacity, cand_sites,
                                      min(0.05 * total, deadline - time.perf_counter()),
                                      hint=ev(cand_sites)[1])
            if o2 < best["ub"]:
                best.update(ub=o2, sites=cand_sites, assign=a2)
    if not gap_closed() and np.isfinite(best["ub"]):
        s2, o2, a2 = fix_and_optimize(wcost, sizes, capacity, best["sites"], best["assign"],
                                      fixed, deadline=t0 + share["regions"] * total, seed=seed,
                                      step_limit=max(0.1, 0.05 * total), cancel=cancel)
        if o2 < best["ub"]:
            best.update(ub=o2, sites=s2, assign=a2)
    if not gap_closed() and np.isfinite(best["ub"]):
        check(cancel)
        if _needed(lag, best, step, wcost).sum() > MIP_PAIR_SHARE * n * m:
            # Too loose to prove anything in time: keep improving the incumbent instead.
            s2, o2, a2 = fix_and_optimize(wcost, sizes, capacity, best["sites"],
                                          best["assign"], fixed, deadline=deadline,
                                          seed=seed + 1, region=4,
                                          step_limit=max(0.1, 0.05 * total), cancel=cancel)
            if o2 < best["ub"]:
                best.update(ub=o2, sites=s2, assign=a2)
        else:
            lb = _reduced_mip(wcost, sizes, capacity, p, fixed, lag, lb, best, step, integral,
                              deadline - time.perf_counter(), info)
    if integral and np.isfinite(lb):
        lb = float(np.ceil(lb - 1e-6))
    ub = best["ub"]
    lb = min(lb, ub)
    optimal = proven(ub, lb)
    if optimal:
        lb = ub
    return GroupResult(np.sort(best["sites"]), best["assign"], ub, lb, optimal, {p: lb}, info)
