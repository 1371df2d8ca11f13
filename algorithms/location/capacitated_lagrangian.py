"""Knapsack Lagrangian bound for the capacitated p-median with integral sizes.

Relaxing "every point is served once" with multipliers ``lam`` leaves one 0-1 knapsack per
candidate site: open site j serves the subset S of points with the smallest reduced costs
``wcost[i, j] - lam[i]`` whose sizes fit in the capacity Q. Solved EXACTLY by dynamic
programming (vectorised over the sites, only pairs with a negative reduced cost enter), it
gives a bound well above the LP bound on tight instances: that bound and its reduced-cost
penalties are what let the exact MIP run on a small fraction of the pairs.

The DP table ``dp[j, c]`` (best value of site j within capacity c) also yields, for every
pair, a proven lower bound on the bound's rise when point i is forced onto site j:
``rc[i, j] + dp[j, Q - s_i] - v[j]`` (the DP over ALL points with the reduced capacity is a
relaxation of "the others with the remaining room").
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algorithms.location.subgradient import Ascent, violation
from algorithms.progress import CancelToken, check

MAX_CAPACITY = 5000  # DP width limit (sizes are integers)


def dp_applicable(sizes: np.ndarray, min_size: float, max_size: float) -> bool:
    """The exact knapsack DP needs integral sizes, no lower bound and a modest capacity."""
    return (min_size <= 0 and max_size <= MAX_CAPACITY and bool(np.all(sizes >= 0))
            and bool(np.all(sizes == np.round(sizes))) and not bool(np.all(sizes == 1)))


@dataclass
class KnapsackLagrange:
    bound: float
    lam: np.ndarray
    penalty: np.ndarray  # (n, m) proven rise of the bound when x_ij = 1
    open_penalty: np.ndarray  # (m,) rise when site j is opened (closed ones) or closed (open)
    sites: np.ndarray  # open sites of the best Lagrangian solution
    sets: list[tuple[int, ...]] = field(default_factory=list)  # open sets seen (last last)
    iterations: int = 0


class KnapsackDP:
    """Exact 0-1 knapsacks of every site for given multipliers."""

    def __init__(self, wcost: np.ndarray, sizes: np.ndarray, capacity: float):
        self.wcost = wcost
        self.sizes = np.round(sizes).astype(np.int64)
        self.cap = int(np.floor(capacity + 1e-9))
        self.n, self.m = wcost.shape

    def solve(self, lam: np.ndarray, *, table: bool = False):
        """Return (v, x, dp): v[j] site values, x (n, m) 0/1 selections, dp (m, Q+1) or None."""
        rc = self.wcost - lam[:, None]
        n, m, cap = self.n, self.m, self.cap
        neg = rc < 0
        x = np.zeros((n, m), dtype=bool)
        # Sites whose negative items all fit: take them all, no DP needed.
        load = (neg * self.sizes[:, None]).sum(axis=0)
        easy = load <= cap
        v = np.where(neg, rc, 0.0).sum(axis=0)
        x[:, easy] = neg[:, easy]
        hard = np.flatnonzero(~easy)
        if not table and len(hard) == 0:
            return v, x, None
        cols_all = np.arange(m) if table else hard
        pos = np.full(m, -1)
        pos[cols_all] = np.arange(len(cols_all))
        dp = np.zeros((len(cols_all), cap + 1))
        takes = []
        for i in np.flatnonzero(neg[:, cols_all].any(axis=1)):
            w = int(self.sizes[i])
            cols = np.flatnonzero(neg[i, cols_all])
            if w > cap or len(cols) == 0:
                takes.append((i, cols, None))
                continue
            rows = dp[cols]
            cand = rows[:, : cap + 1 - w] + rc[i, cols_all[cols]][:, None]
            better = cand < rows[:, w:]
            rows[:, w:] = np.where(better, cand, rows[:, w:])
            dp[cols] = rows
            if w == 0:
                better[:] = True
            takes.append((i, cols, better))
        c = np.full(len(cols_all), cap)
        sel = np.zeros((n, len(cols_all)), dtype=bool)
        for i, cols, better in reversed(takes):
            if better is None:
                continue
            w = int(self.sizes[i])
            ok = c[cols] >= w
            t = np.zeros(len(cols), dtype=bool)
            t[ok] = better[np.flatnonzero(ok), c[cols[ok]] - w]
            sel[i, cols[t]] = True
            c[cols[t]] -= w
        hard_pos = pos[hard]
        v[hard] = dp[hard_pos, cap]
        x[:, hard] = sel[:, hard_pos]
        return v, x, (dp if table else None)


def choose(v: np.ndarray, p: int, fixed: np.ndarray) -> tuple[np.ndarray, float]:
    """The p sites of smallest value with the fixed ones forced in; (sites, total)."""
    m = len(v)
    forced = np.zeros(m, dtype=bool)
    forced[fixed] = True
    k = p - int(forced.sum())
    free = np.flatnonzero(~forced)
    if k < 0 or k > len(free):
        return np.array([], dtype=np.int64), np.inf
    best = free[np.argpartition(v[free], k - 1)[:k]] if 0 < k < len(free) else (
        free if k == len(free) else np.array([], dtype=np.int64))
    sites = np.sort(np.concatenate([np.flatnonzero(forced), best])).astype(np.int64)
    return sites, float(v[sites].sum())


def knapsack_lagrangian(
    wcost: np.ndarray,
    sizes: np.ndarray,
    capacity: float,
    p: int,
    fixed: np.ndarray,
    upper: float,
    *,
    deadline: float,
    lam0: np.ndarray | None = None,
    max_iter: int = 3000,
    integral: bool = False,
    on_sites=None,
    cancel: CancelToken | None = None,
) -> KnapsackLagrange:
    """Maximise the knapsack Lagrangian by subgradient steps (Polyak, halving on stalls).

    ``on_sites(sites, lam)`` is called for new open sets (a Lagrangian heuristic hook) and
    may return a better upper bound. ``integral``: costs are integers, so the run may stop
    once the bound rounds up to the upper bound.
    """
    n, m = wcost.shape
    dp = KnapsackDP(np.where(np.isfinite(wcost), wcost, 1e18), sizes, capacity)
    fixed = np.asarray(fixed, dtype=np.int64)
    if lam0 is None:
        srt = np.sort(np.where(np.isfinite(wcost), wcost, np.inf), axis=1)
        lam = srt[:, min(p, m - 1)].copy()
        lam = np.where(np.isfinite(lam), lam, srt[:, 0])
    else:
        lam = lam0.copy()
    ascent = Ascent(lam, 1.0, 20)
    sets: dict[tuple[int, ...], None] = {}
    it = 0
    scale = max(1.0, abs(upper) if np.isfinite(upper) else 1.0)

    def done(value: float) -> bool:
        if not np.isfinite(upper):
            return False
        if integral:
            return np.ceil(value - 1e-6) >= upper - 1e-9
        return upper - value <= 1e-9 * scale

    for it in range(1, max_iter + 1):  # noqa: B007 (it is reported)
        check(cancel)
        v, x, _ = dp.solve(lam)
        sites, total = choose(v, p, fixed)
        if not np.isfinite(total):
            break
        value = float(lam.sum() + total)
        key = tuple(int(s) for s in sites)
        if key not in sets:
            sets[key] = None
            if on_sites is not None:
                upper = min(upper, on_sites(sites, lam))
        ascent.record(value, lam, 1e-9 * scale)
        g, norm = violation(x, sites)
        if (norm < 1e-12 or ascent.mu < 2e-3 or done(ascent.best)
                or time.perf_counter() > deadline):
            break
        target = upper if np.isfinite(upper) else abs(value) * 1.05 + 1.0
        lam = lam + ascent.mu * max(target - value, 1e-6 * scale) / norm * g
    best_lam = ascent.best_lam
    v, _, table = dp.solve(best_lam, table=True)
    sites, total = choose(v, p, fixed)
    best = float(best_lam.sum() + total)
    penalty, open_pen = _penalties(dp, best_lam, v, table, sites, fixed)
    return KnapsackLagrange(best, best_lam, penalty, open_pen, sites, list(sets), it)


def _penalties(dp: KnapsackDP, lam, v, table, sites, fixed):
    m = dp.m
    chosen = np.zeros(m, dtype=bool)
    chosen[sites] = True
    removable = np.setdiff1d(sites, fixed)
    worst = float(v[removable].max()) if len(removable) else np.inf
    others = np.flatnonzero(~chosen)
    nxt = float(v[others].min()) if len(others) else np.inf
    open_pen = np.where(chosen, nxt - v, v - worst)
    rest = np.clip(dp.cap - dp.sizes, 0, None)
    forced = table[:, rest].T  # (n, m): dp[j, Q - s_i]
    rc = dp.wcost - lam[:, None]
    ref = np.where(chosen, v, worst)
    pen = rc + forced - ref[None, :]
    pen = np.maximum(pen, np.where(chosen, 0.0, open_pen)[None, :])
    pen[dp.sizes > dp.cap] = np.inf
    pen[dp.wcost >= 1e17] = np.inf
    return pen, open_pen
