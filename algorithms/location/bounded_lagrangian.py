"""Lagrangian lower bound for the size-bounded (capacitated) p-median problem.

Relaxing "every demand point is served once" with multipliers ``lam`` splits the problem
into one knapsack per candidate site: open site j serves the subset of points with the
smallest reduced costs ``wcost[i, j] - lam[i]`` whose sizes sum to between ``min_size`` and
``max_size``. With unit sizes that knapsack is solved exactly by sorting (so the bound is at
least the LP bound); with general sizes we use its continuous relaxation (equal to the LP
bound of the strong formulation). The bound is maximised by subgradient optimisation.
Integral sizes without a lower bound (the classical capacitated p-median) take the exact
knapsack DP of :mod:`algorithms.location.capacitated_lagrangian` instead.

The result also carries, for every pair (i, j), a proven lower bound on how much the
Lagrangian value rises if point i is forced onto site j. Pairs whose rise exceeds the gap
between the best known solution and the bound cannot be in any better solution; that lets
the exact MIP run on a much smaller model and still certify the FULL problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algorithms.location.bounded_model import GroupModel
from algorithms.location.subgradient import Ascent, violation
from algorithms.progress import CancelToken, check

NEAR_POINTS = 128  # points first searched for a site's subproblem (see _Nearest)


@dataclass
class LagrangeResult:
    bound: float
    lam: np.ndarray
    penalty: np.ndarray  # (n, m) lower bound on the rise of the bound when x_ij = 1
    sets: list[tuple[int, ...]] = field(default_factory=list)  # distinct open sets seen
    close_penalty: np.ndarray | None = None  # (m,) rise of the bound if site j is closed
    iterations: int = 0


class Knapsacks:
    """Per-site subproblems for fixed multipliers; vectorised over all sites."""

    def __init__(self, model: GroupModel):
        self.wcost, self.sizes, self.unit = model.wcost, model.sizes, model.unit
        self.a, self.b = model.min_size, model.max_size
        if self.unit:
            self.ia = int(round(self.a))
            self.ib = int(min(len(self.sizes), np.floor(self.b + 1e-9)))
            self.wcost_t = np.ascontiguousarray(self.wcost.T)
            self.near = _Nearest(self.wcost_t) if len(self.sizes) > 2 * NEAR_POINTS else None

    def solve(self, lam: np.ndarray, *, penalties: bool = False):
        """Return (v, x) with v[j] the subproblem value of site j and x (n, m) its selection.

        With ``penalties`` also return vstar[j]: a lower bound on the value of site j's
        subproblem with any one extra point forced in, excluding that point's own cost.
        """
        n, m = self.wcost.shape
        if self.unit:
            a, b = self.ia, self.ib
            if self.near is not None:
                order_t, srt_t = self.near.smallest(lam, b)
            else:
                rc_t = self.wcost_t - lam[None, :]  # one row per site: contiguous selections
                order_t = _smallest(rc_t, b)
                srt_t = np.take_along_axis(rc_t, order_t, axis=1)
            srt = srt_t.T
            order = order_t.T
            take = np.zeros_like(srt, dtype=bool)
            take[:a] = True
            take[a:] = srt[a:] < 0
            with np.errstate(invalid="ignore"):
                v = np.where(take, srt, 0.0).sum(axis=0)
            if a > 0:
                v = np.where(np.isfinite(srt[a - 1]), v, np.inf)
            x = np.zeros((n, m))
            cols = np.broadcast_to(np.arange(m), order.shape)
            x[order[take], cols[take]] = 1.0
            vstar = None
            if penalties:
                neg = np.minimum(srt[: max(b - 1, 0)], 0.0)
                vstar = np.where(np.isfinite(neg), neg, 0.0).sum(axis=0)
            return v, x, vstar
        rc = self.wcost - lam[:, None]
        s = self.sizes
        ratio = rc / s[:, None]
        order = np.argsort(ratio, axis=0, kind="stable")
        srt_rc = np.take_along_axis(rc, order, axis=0)
        srt_s = s[order]
        finite = np.isfinite(srt_rc)
        srt_s_f = np.where(finite, srt_s, 0.0)
        before = np.cumsum(srt_s_f, axis=0) - srt_s_f
        neg_total = np.where(srt_rc < 0, srt_s_f, 0.0).sum(axis=0)
        reach = srt_s_f.sum(axis=0)

        def fill(target):
            frac = np.clip((target[None, :] - before) / srt_s, 0.0, 1.0)
            frac = np.where(finite, frac, 0.0)
            val = np.where(frac > 0, srt_rc * frac, 0.0).sum(axis=0)
            return frac, val

        target = np.clip(neg_total, self.a, self.b)
        frac, v = fill(target)
        v = np.where(reach >= self.a - 1e-9, v, np.inf)
        x = np.zeros((n, m))
        np.put_along_axis(x, order, frac, axis=0)
        vstar = None
        if penalties:
            _, vstar = fill(np.clip(neg_total, 0.0, self.b))
        return v, x, vstar


class _Nearest:
    """The b smallest reduced costs of every site, searched among its NEAR_POINTS cheapest
    points first: a point further down has cost[i, j] - lam[i] >= (the next cost) - max(lam),
    so where that exceeds the b-th smallest found, the answer is exact; other sites are
    searched in full. Same selections as searching every row (the unit subproblem is the
    bound's inner loop: at 1,000 villages this makes it about 4x faster)."""

    def __init__(self, wcost_t: np.ndarray):
        self.wcost_t = wcost_t
        order = np.argsort(wcost_t, axis=1, kind="stable")
        self.cand = np.ascontiguousarray(order[:, :NEAR_POINTS])
        self.cand_cost = np.take_along_axis(wcost_t, self.cand, axis=1)
        self.next_cost = np.take_along_axis(wcost_t, order[:, NEAR_POINTS:NEAR_POINTS + 1],
                                            axis=1)[:, 0]

    def smallest(self, lam: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of the b smallest reduced costs of every site, sorted."""
        rc = self.cand_cost - lam[self.cand]
        local = _smallest(rc, b)
        order = np.take_along_axis(self.cand, local, axis=1)
        vals = np.take_along_axis(rc, local, axis=1)
        with np.errstate(invalid="ignore"):
            unsafe = np.flatnonzero(~(self.next_cost - lam.max() > vals[:, -1]))
        if len(unsafe):
            full = self.wcost_t[unsafe] - lam[None, :]
            o = _smallest(full, b)
            order[unsafe] = o
            vals[unsafe] = np.take_along_axis(full, o, axis=1)
        # ties: by point index, as in the full search
        resort = np.lexsort((order, vals), axis=1)
        return (np.take_along_axis(order, resort, axis=1),
                np.take_along_axis(vals, resort, axis=1))


def _smallest(rows: np.ndarray, b: int) -> np.ndarray:
    """Column indices of the b smallest entries of every row, sorted (ties by index)."""
    if b < rows.shape[1]:
        part = np.argpartition(rows, b - 1, axis=1)[:, :b]
        vals = np.take_along_axis(rows, part, axis=1)
        return np.take_along_axis(part, np.lexsort((part, vals), axis=1), axis=1)
    return np.argsort(rows, axis=1, kind="stable")[:, :b]


def choose_sites(v: np.ndarray, p: int, fixed: np.ndarray) -> tuple[np.ndarray, float]:
    """The p sites with the smallest values, fixed ones forced; returns (sites, total)."""
    m = len(v)
    is_fixed = np.zeros(m, dtype=bool)
    is_fixed[fixed] = True
    free = np.flatnonzero(~is_fixed)
    k = p - int(is_fixed.sum())
    if k < 0:
        return np.array([], dtype=np.int64), np.inf
    if k > 0:
        best = free[np.argsort(v[free], kind="stable")[:k]]
    else:
        best = np.array([], dtype=np.int64)
    sites = np.sort(np.concatenate([np.flatnonzero(is_fixed), best]))
    if len(sites) < p:
        return sites, np.inf
    total = float(v[sites].sum())
    return sites, total


def bounds_by_count(model: GroupModel, lam: np.ndarray, counts, bound: float) -> dict[int, float]:
    """Valid bounds with each number of open sites in ``counts`` (the multipliers ``lam``
    give one for any count), and ``bound`` for the model's own ``p``."""
    out: dict[int, float] = {}
    if len(counts):
        v, _, _ = Knapsacks(model).solve(lam)
        for q in counts:
            _, total = choose_sites(v, q, np.asarray(model.fixed, dtype=np.int64))
            out[q] = float(lam.sum() + total)
    out[model.p] = max(out.get(model.p, -np.inf), bound)
    return out


def lagrangian_bound(model: GroupModel, upper: float, *, deadline: float, max_iter: int = 600,
                     cancel: CancelToken | None = None) -> LagrangeResult:
    """Maximise the Lagrangian bound by subgradient steps (Polyak step, halving on stalls);
    ``upper``: the best known objective (the step's target), ``np.inf`` if none."""
    wcost, p = model.wcost, model.p
    n, m = wcost.shape
    ks = Knapsacks(model)
    fixed = np.asarray(model.fixed, dtype=np.int64)
    finite = np.where(np.isfinite(wcost), wcost, np.nan)
    with np.errstate(all="ignore"):
        srt = np.sort(np.where(np.isfinite(wcost), wcost, np.inf), axis=1)
    lam = srt[:, min(1, m - 1)].copy()
    lam = np.where(np.isfinite(lam), lam, np.nanmin(finite, axis=1))
    ascent = Ascent(lam, 2.0, 12)
    sets: dict[tuple[int, ...], None] = {}
    it = 0
    target = upper if np.isfinite(upper) else None
    for it in range(1, max_iter + 1):
        check(cancel)
        v, x, _ = ks.solve(lam)
        sites, total = choose_sites(v, p, fixed)
        if not np.isfinite(total):
            return LagrangeResult(np.inf, lam, np.full((n, m), np.inf), [], iterations=it)
        value = float(lam.sum() + total)
        if len(sets) < 64:
            sets[tuple(int(s) for s in sites)] = None
        ascent.record(value, lam, 1e-9 * max(1.0, abs(ascent.best)))
        g, norm = violation(x, sites)
        if norm < 1e-12 or ascent.mu < 5e-4 or time.perf_counter() > deadline:
            break
        ref = target if target is not None else abs(value) * 1.05 + 1.0
        if ref - value <= 1e-9 * max(1.0, abs(ref)):
            break  # bound meets the known solution: proven optimal
        lam = lam + ascent.mu * (ref - value) / norm * g
    best, best_lam = ascent.best, ascent.best_lam
    v, _, vstar = ks.solve(best_lam, penalties=True)
    sites, total = choose_sites(v, p, fixed)
    penalty = _penalties(wcost - best_lam[:, None], v, vstar, sites, fixed)
    close = np.zeros(m)
    others = np.setdiff1d(np.arange(m), sites)
    nxt = float(v[others].min()) if len(others) else np.inf
    close[sites] = nxt - v[sites]
    return LagrangeResult(best, best_lam, penalty, list(sets), close_penalty=close, iterations=it)


def _penalties(rc: np.ndarray, v: np.ndarray, vstar: np.ndarray, sites: np.ndarray,
               fixed: np.ndarray) -> np.ndarray:
    """Lower bound on the rise of the Lagrangian value when point i must use site j."""
    m = len(v)
    chosen = np.zeros(m, dtype=bool)
    chosen[sites] = True
    removable = np.setdiff1d(sites, fixed)
    worst = float(v[removable].max()) if len(removable) else -np.inf  # none: j cannot open
    ref = np.where(chosen, v, worst)  # value given up to make room for site j
    open_pen = np.where(chosen, 0.0, v - worst)
    with np.errstate(invalid="ignore"):
        pair = rc + (vstar - ref)[None, :]
        pen = np.maximum(pair, open_pen[None, :])
    return np.where(np.isfinite(rc), pen, np.inf)
