"""Heuristic search for the size-bounded p-median: greedy opening plus swap local search.

Every candidate set of open sites is evaluated by assigning the demand to it under the
size bounds (exactly for unit sizes, see :mod:`algorithms.assignment`). Swaps only try, for
each open site, the few closed sites that would serve that site's current points best.
"""

from __future__ import annotations

import time

import numpy as np

from algorithms.assignment import assign_general, assign_unit
from algorithms.progress import CancelToken, check


class Evaluator:
    """Assignment of the demand to a set of open sites, memoised."""

    def __init__(self, wcost: np.ndarray, sizes: np.ndarray, min_size: float, max_size: float):
        self.wcost = wcost
        self.sizes = sizes
        self.unit = bool(np.all(sizes == 1))
        self.min_size = min_size
        self.max_size = max_size
        self._memo: dict[tuple[int, ...], tuple[float, np.ndarray]] = {}

    def __call__(self, sites, *, improve: bool = False) -> tuple[float, np.ndarray]:
        key = tuple(sorted(int(s) for s in sites))
        hit = self._memo.get(key)
        if hit is not None and (self.unit or not improve):
            return hit
        arr = np.array(key, dtype=np.int64)
        if self.unit:
            out = assign_unit(self.wcost, arr, int(round(self.min_size)),
                              int(np.floor(self.max_size + 1e-9)))
        else:
            out = assign_general(self.wcost, self.sizes, arr, self.min_size, self.max_size,
                                 improve=improve)
        if len(self._memo) < 200_000:
            self._memo[key] = out
        return out


def greedy_open(wcost: np.ndarray, p: int, fixed: np.ndarray) -> np.ndarray:
    """Classic greedy-add for the uncapacitated p-median, starting from the fixed sites."""
    n, m = wcost.shape
    big = np.where(np.isfinite(wcost), wcost, np.nanmax(np.where(np.isfinite(wcost), wcost,
                                                                    np.nan)) * 10 + 1.0)
    opened = [int(f) for f in fixed]
    cur = big[:, opened].min(axis=1) if opened else np.full(n, np.inf)
    avail = np.ones(m, dtype=bool)
    avail[opened] = False
    while len(opened) < p and avail.any():
        tot = np.minimum(cur[:, None], big).sum(axis=0)
        tot[~avail] = np.inf
        j = int(np.argmin(tot))
        opened.append(j)
        avail[j] = False
        cur = np.minimum(cur, big[:, j])
    return np.array(sorted(opened), dtype=np.int64)


def local_search(
    ev: Evaluator,
    start: np.ndarray,
    fixed: np.ndarray,
    *,
    deadline: float,
    neighbours: int = 8,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """First-improvement swap search from ``start``; returns (sites, objective, assignment)."""
    wcost = ev.wcost
    n, m = wcost.shape
    big = np.where(np.isfinite(wcost), wcost, np.inf)
    sites = np.array(sorted(start), dtype=np.int64)
    obj, assign = ev(sites)
    fixed_set = {int(f) for f in fixed}
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for out in list(sites):
            check(cancel)
            if int(out) in fixed_set or time.perf_counter() > deadline:
                continue
            members = np.flatnonzero(assign == out) if np.isfinite(obj) else np.arange(n)
            if len(members) == 0:
                members = np.arange(n)
            with np.errstate(invalid="ignore"):
                score = big[members].sum(axis=0)
            score[sites] = np.inf
            order = np.argsort(score, kind="stable")[:neighbours]
            for inn in order:
                if not np.isfinite(score[inn]) and np.isfinite(obj):
                    break
                trial = np.sort(np.concatenate([sites[sites != out], [inn]]))
                t_obj, t_assign = ev(trial)
                if t_obj < obj - 1e-9 * max(1.0, abs(obj)):
                    sites, obj, assign = trial, t_obj, t_assign
                    improved = True
                    break
            if improved:
                break
    if not ev.unit and np.isfinite(obj):
        obj2, assign2 = ev(sites, improve=True)
        if obj2 < obj:
            obj, assign = obj2, assign2
    return sites, obj, assign
