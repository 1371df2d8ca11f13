"""Lagrangian lower bound for the uncapacitated p-median problem.

Relaxing the assignment constraints ``sum_j x_ij = 1`` with multipliers ``lam_i`` gives

    L(lam) = sum_i lam_i + (sum of the p smallest rho_j),  rho_j = sum_i min(0, d_ij - lam_i),

a valid lower bound for every ``lam`` (``d`` = weight x cost). The multipliers are improved
by subgradient optimisation (Held-Wolfe-Crowder steps towards the best known objective).
Only entries with ``d_ij < lam_i`` matter, so each row is kept sorted and truncated to the
columns that can contribute, which makes an iteration much cheaper than a dense pass.

The bound also yields reduced-cost tests: a site that is closed in the relaxation cannot be
open in any solution better than the incumbent when forcing it open lifts the bound above
the incumbent; such sites are left out of the search.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from algorithms.progress import CancelToken, check

MIN_THETA = 2e-3  # step-size factor below which the subgradient method counts as converged


def count_below(
    sorted_rows: np.ndarray, values: np.ndarray, rows: np.ndarray | None = None
) -> np.ndarray:
    """Per row of an ascending-sorted matrix (or per row listed in ``rows``), how many
    entries lie strictly below the matching ``values``: a batched binary search (log2(K)
    vectorised steps instead of a dense n x K comparison)."""
    k = sorted_rows.shape[1]
    n_rows = sorted_rows.shape[0] if rows is None else rows.size
    if k <= 96 or n_rows * k <= 400_000:  # dense comparison beats the per-step overhead
        block = sorted_rows if rows is None else sorted_rows[rows]
        return (block < values[:, None]).sum(axis=1)
    rows = np.arange(sorted_rows.shape[0]) if rows is None else rows
    n = rows.size
    lo = np.zeros(n, dtype=np.intp)
    hi = np.full(n, k, dtype=np.intp)
    for _ in range(int(k).bit_length() + 1):
        active = lo < hi
        if not active.any():
            break
        mid = np.minimum((lo + hi) // 2, k - 1)
        below = sorted_rows[rows, mid] < values
        lo = np.where(active & below, mid + 1, lo)
        hi = np.where(active & ~below, mid, hi)
    return lo


def prefix_entries(counts: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """``(row, flat index)`` of the first ``counts[row]`` entries of every row of a
    row-major matrix with ``width`` columns."""
    total = int(counts.sum())
    rows = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return rows, rows * width + (np.arange(total) - np.repeat(starts, counts))


@dataclass
class LagrangianResult:
    """Best bound found and the multipliers that give it.

    ``bound``: proven lower bound (rounded up to an integer when all weighted costs are
    integers). ``facilities``: the relaxation's open sites at the best multipliers (often a
    near-optimal solution). ``rho``: the sites' reduced costs there.
    """

    bound: float
    raw_bound: float
    multipliers: np.ndarray
    facilities: np.ndarray
    rho: np.ndarray
    iterations: int


class PMedianLagrangian:
    """Subgradient optimisation of the p-median Lagrangian dual; resumable between calls.

    ``d``: weighted cost matrix (n x m, finite or ``inf``), rows of zero weight removed.
    """

    def __init__(self, d: np.ndarray, p: int, *, integral: bool | None = None) -> None:
        self.full = np.asarray(d, dtype=float)
        self.cols = np.arange(self.full.shape[1])
        self.d = self.full
        self.n, self.m = self.d.shape
        self.p = int(p)
        if integral is None:
            finite = self.d[np.isfinite(self.d)]
            integral = bool(
                finite.size and np.all(finite == np.round(finite)) and finite.max() < 2**50
            )
        self.integral = integral
        self._k = 0
        self._build(min(self.m, max(8, 3 * math.ceil(self.m / self.p) + 2)))
        # Start between the nearest and second-nearest site: a standard, robust choice.
        self.lam = self._s[:, min(1, self._k - 1)].copy()
        self.lam[~np.isfinite(self.lam)] = self._s[~np.isfinite(self.lam), 0]
        self.theta = 2.0
        self.best_raw = -np.inf  # best bound ever (valid for min(incumbent, optimum))
        self.best_tol = 0.0
        # Best point for the current column set: drives reduction and primal solutions.
        self.cur_raw = -np.inf
        self.best_lam = self.lam.copy()
        self.best_rho = np.zeros(self.m)
        self.best_open = np.arange(min(self.p, self.m))
        self.iterations = 0
        self._stall = 0

    def restrict(self, keep: np.ndarray) -> None:
        """Drop the sites outside ``keep`` (a mask over the original sites), which the
        reduction test proved absent from every better solution. Later bounds then hold
        for ``min(incumbent, optimum)``, which is all the caller reports."""
        cols = np.flatnonzero(np.asarray(keep, dtype=bool) & self._in_cols())
        if cols.size == self.cols.size or cols.size <= self.p:
            return
        self.cols = cols
        self.d = self.full[:, cols]
        self.m = cols.size
        self._build(min(self.m, max(8, 3 * math.ceil(self.m / self.p) + 2)))
        self.cur_raw = -np.inf
        self.theta = max(self.theta, 0.5)
        self._stall = 0

    def _in_cols(self) -> np.ndarray:
        mask = np.zeros(self.full.shape[1], dtype=bool)
        mask[self.cols] = True
        return mask

    # The row-sorted truncated view: s (costs ascending) and their column indices.
    def _build(self, k: int) -> None:
        k = min(self.m, k)
        if k >= self.m:
            idx = np.argsort(self.d, axis=1, kind="stable")
        else:
            idx = np.argpartition(self.d, k - 1, axis=1)[:, :k]
            part = np.take_along_axis(self.d, idx, axis=1)
            idx = np.take_along_axis(idx, np.argsort(part, axis=1, kind="stable"), axis=1)
        self._idx = idx
        self._s = np.take_along_axis(self.d, idx, axis=1)
        self._k = k

    def _ensure(self, lam: np.ndarray) -> None:
        while self._k < self.m and np.any(lam > self._s[:, -1]):
            self._build(2 * self._k)

    def evaluate(self, lam: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        """``(L, rho, open sites, subgradient)`` at multipliers ``lam``."""
        self._ensure(lam)
        counts = count_below(self._s, lam)
        rows, flat = prefix_entries(counts, self._k)
        cols = self._idx.ravel()[flat]
        diff = self._s.ravel()[flat] - lam[rows]
        rho = np.bincount(cols, weights=diff, minlength=self.m)
        if self.p < self.m:
            opened = np.argpartition(rho, self.p - 1)[: self.p]
        else:
            opened = np.arange(self.m)
        value = float(lam.sum() + rho[opened].sum())
        is_open = np.zeros(self.m, dtype=bool)
        is_open[opened] = True
        served = np.bincount(rows[is_open[cols]], minlength=self.n)
        return value, rho, opened, 1.0 - served

    @property
    def converged(self) -> bool:
        """The step size has shrunk so far that more iterations hardly move the bound."""
        return self.theta < MIN_THETA

    def proven_bound(self, raw: float | None = None) -> float:
        """A bound that is safe against floating-point error (ceil for integral data)."""
        raw = self.best_raw if raw is None else raw
        if not np.isfinite(raw):
            return raw
        tol = self.best_tol
        if self.integral:
            return float(math.ceil(raw - tol))
        return raw - tol

    def run(
        self,
        upper_bound: float,
        *,
        max_iter: int = 1000,
        deadline: float | None = None,
        cancel: CancelToken | None = None,
        min_theta: float = MIN_THETA,
        patience: int = 25,
    ) -> LagrangianResult:
        """Continue the subgradient method for up to ``max_iter`` steps.

        Stops early when the bound meets ``upper_bound`` (proven optimal), when the step
        size has shrunk below ``min_theta``, or at ``deadline`` (``time.perf_counter``).
        """
        floor_lam = self._s[:, 0]
        for _ in range(max_iter):
            if deadline is not None and self.iterations and time.perf_counter() > deadline:
                break
            if self.theta < min_theta or self.proven_bound() >= upper_bound - self.gap_tolerance(
                upper_bound
            ):
                break
            check(cancel)
            value, rho, opened, g = self.evaluate(self.lam)
            self.iterations += 1
            if value > self.cur_raw + 1e-12 * (abs(value) + 1):
                self.cur_raw, self.best_lam = value, self.lam.copy()
                self.best_rho, self.best_open = rho, self.cols[opened]
                self._stall = 0
                if value > self.best_raw:
                    self.best_raw = value
                    self.best_tol = 1e-9 * (abs(value) + float(np.abs(self.lam).sum()) + 1.0)
            else:
                self._stall += 1
                if self._stall >= patience:
                    self.theta *= 0.5
                    self._stall = 0
            norm = float(g @ g)
            if norm == 0:  # the relaxation's solution is feasible, hence optimal
                break
            target = max(upper_bound, value + 1e-6 * (abs(value) + 1))
            if not math.isfinite(target):  # no incumbent known: aim 10 % above the bound
                target = value + 0.1 * abs(value) + 1.0
            step = self.theta * (target - value) / norm
            self.lam = np.maximum(self.lam + step * g, floor_lam)
        return self.result()

    def gap_tolerance(self, upper_bound: float) -> float:
        """How close the bound must come to ``upper_bound`` to prove it (under 1 with integral costs)."""
        return 0.5 if self.integral else 1e-9 * (abs(upper_bound) + 1)

    def result(self) -> LagrangianResult:
        return LagrangianResult(
            bound=self.proven_bound(),
            raw_bound=self.best_raw,
            multipliers=self.best_lam.copy(),
            facilities=np.sort(self.best_open),
            rho=self.best_rho.copy(),
            iterations=self.iterations,
        )

    def reduction(self, upper_bound: float) -> tuple[np.ndarray, np.ndarray]:
        """``(closed, fixed_open)`` boolean masks over the original sites, valid for any
        solution better than ``upper_bound`` (for integral data: at least one unit better)."""
        full_m = self.full.shape[1]
        closed = ~self._in_cols()
        fixed = np.zeros(full_m, dtype=bool)
        if not np.isfinite(self.cur_raw) or self.p >= self.m:
            return closed, fixed
        c, f = self._reduction(upper_bound)
        closed[self.cols[c]] = True
        fixed[self.cols[f]] = True
        return closed, fixed

    def _reduction(self, upper_bound: float) -> tuple[np.ndarray, np.ndarray]:
        rho = self.best_rho
        order = np.argsort(rho, kind="stable")
        pth, next_ = rho[order[self.p - 1]], rho[order[self.p]]
        margin = 1.0 - 1e-6 if self.integral else 1e-9 * (abs(upper_bound) + 1)
        tol = 1e-9 * (abs(self.cur_raw) + float(np.abs(self.best_lam).sum()) + 1.0)
        base = self.cur_raw - tol
        is_open = np.zeros(self.m, dtype=bool)
        is_open[order[: self.p]] = True
        closed = ~is_open & (base - pth + rho > upper_bound - margin)
        fixed = is_open & (base - rho + next_ > upper_bound - margin)
        return closed, fixed
