"""Heuristic search for the size-bounded p-median: greedy opening plus swap local search.

Every candidate set of open sites is evaluated by assigning the demand to it under the
size bounds (exactly for unit sizes, see :mod:`algorithms.location.assignment`). Swaps only try, for
each open site, the few closed sites that would serve that site's current points best.
"""

from __future__ import annotations

import math
import time

import numpy as np

from algorithms.location.assignment import assign_general, assign_unit
from algorithms.progress import CancelToken, check

PERTURB_NEAR = 10  # a perturbed site moves to one of this many good nearby candidates


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
    deadline: float = math.inf,
    neighbours: int = 8,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """First-improvement swap search from ``start`` to its local optimum (or ``deadline``);
    returns (sites, objective, assignment)."""
    n = ev.wcost.shape[0]
    big = finite_or_inf(ev.wcost)
    sites = np.array(sorted(start), dtype=np.int64)
    obj, assign = ev(sites)
    fixed_set = {int(f) for f in fixed}
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        if np.isfinite(obj):
            sites, obj, assign = _relocate(ev, big, sites, obj, assign, fixed_set)
        for out in list(sites):
            check(cancel)
            if int(out) in fixed_set or time.perf_counter() > deadline:
                continue
            members = np.flatnonzero(assign == out) if np.isfinite(obj) else np.arange(n)
            score = closed_scores(big, members if len(members) else np.arange(n), sites)
            for inn in np.argsort(score, kind="stable")[:neighbours]:
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


def finite_or_inf(wcost: np.ndarray) -> np.ndarray:
    """``wcost`` with every non-finite entry (NaN included) as ``inf``."""
    return np.where(np.isfinite(wcost), wcost, np.inf)


def closed_scores(big: np.ndarray, members: np.ndarray, sites, taken=()) -> np.ndarray:
    """What each candidate would cost ``members`` as their one site; ``inf`` for the open
    ``sites`` and the ``taken`` ones (the swap neighbourhoods rank closed sites by it)."""
    with np.errstate(invalid="ignore"):
        score = big[members].sum(axis=0)
    score[np.asarray(sites, dtype=np.int64)] = np.inf
    score[np.asarray(taken, dtype=np.int64)] = np.inf
    return score


def _relocate(ev: Evaluator, big: np.ndarray, sites: np.ndarray, obj: float,
              assign: np.ndarray, fixed_set: set[int]):
    """Move every site to the 1-median of the points it serves, then re-assign; repeat.

    Each cluster keeps its load, so the moved solution stays within the bounds and costs
    no more; the re-assignment can only improve it further.
    """
    for _ in range(10):
        new_sites = sites.copy()
        for k, site in enumerate(sites):
            if int(site) in fixed_set:
                continue
            members = np.flatnonzero(assign == site)
            if len(members) == 0:
                continue
            col = closed_scores(big, members, np.setdiff1d(new_sites, [site]))
            j = int(np.argmin(col))
            if col[j] < col[site] - 1e-9 * max(1.0, abs(col[site])):
                new_sites[k] = j
        if np.array_equal(new_sites, sites):
            break
        moved = assign.copy()
        for old_site, new_site in zip(sites, new_sites, strict=True):
            moved[assign == old_site] = new_site
        m_obj = float(ev.wcost[np.arange(len(moved)), moved].sum())
        t_obj, t_assign = ev(np.sort(new_sites))
        if m_obj < t_obj:
            t_obj, t_assign = m_obj, moved
        if not t_obj < obj - 1e-9 * max(1.0, abs(obj)):
            break
        sites, obj, assign = np.sort(new_sites), t_obj, t_assign
    return sites, obj, assign


def iterated_search(
    ev: Evaluator,
    sites: np.ndarray,
    obj: float,
    assign: np.ndarray,
    fixed: np.ndarray,
    *,
    deadline: float = math.inf,
    rounds: int | None = None,
    seed: int = 0,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Iterated local search: move one or two random open sites to random nearby closed
    candidates (among the best medians of the points they serve), descend, keep the result
    when it is better; ``rounds`` such moves at most (counted work), stopping at
    ``deadline`` too. Deterministic for a given seed when the rounds end it."""
    if rounds is None and not math.isfinite(deadline):
        raise ValueError("iterated_search needs rounds or a deadline to stop")
    rng = np.random.default_rng(seed)
    m = ev.wcost.shape[1]
    big = finite_or_inf(ev.wcost)
    fixed_set = {int(f) for f in fixed}
    done = 0
    while time.perf_counter() < deadline and (rounds is None or done < rounds):
        check(cancel)
        done += 1
        movable = np.array([s for s in sites if int(s) not in fixed_set], dtype=np.int64)
        closed = np.setdiff1d(np.arange(m), sites)
        if len(movable) == 0 or len(closed) == 0:
            break
        k = min(int(rng.integers(1, 3)), len(movable), len(closed))
        out = rng.choice(movable, size=k, replace=False)
        inn: list[int] = []
        for o in out:
            members = np.flatnonzero(assign == o)
            if len(members) == 0:
                inn.append(int(rng.choice(closed)))
                continue
            score = closed_scores(big, members, sites, inn)
            near = np.argsort(score, kind="stable")[:PERTURB_NEAR]
            near = near[np.isfinite(score[near])]
            inn.append(int(rng.choice(near)) if len(near) else int(rng.choice(closed)))
        start = np.unique(np.concatenate([np.setdiff1d(sites, out), inn]))
        if len(start) != len(sites):
            continue
        s2, o2, a2 = local_search(ev, start, fixed, deadline=deadline, cancel=cancel)
        if o2 < obj - 1e-9 * max(1.0, abs(obj)):
            sites, obj, assign = s2, o2, a2
    return sites, obj, assign
