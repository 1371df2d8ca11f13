"""One p-median solve: the schedule that combines bound, search and branching.

1. greedy start + interchange;
2. root Lagrangian bound; its relaxed solution is polished by interchange and sites that
   cannot be in a better solution are removed from the search and from the bound;
3. search rounds (GRASP 'sample' starts or shakes of elite solutions, interchange, path
   relinking both ways) until the bound proves the incumbent, the search stalls, or its
   share of the time is used; every improvement re-tightens the bound and the reduction;
4. if a gap remains, Lagrangian branch and bound over the surviving sites.
"""

from __future__ import annotations

import math
import time

import numpy as np

from algorithms.location.pmedian_branching import branch_and_bound
from algorithms.location.pmedian_lagrangian import MIN_THETA, PMedianLagrangian
from algorithms.location.pmedian_swaps import SwapSearch
from algorithms.progress import CancelToken, ProgressCallback, check, report

ELITE_SIZE = 10
MAX_STALL = 12  # improvement-free rounds before giving up when no time limit binds
BNB_DEFAULT_SECONDS = 10.0  # branch-and-bound budget when the caller set no time limit
SEARCH_SHARE = 0.4  # share of a time limit the search rounds may use before branching
BRANCH_MAX_P = 30  # larger p: the root bound is usually tight, so search instead of branching


class _Elite:
    """A small pool of good, distinct solutions for path relinking."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: list[tuple[float, np.ndarray]] = []

    def offer(self, sites: np.ndarray, value: float) -> None:
        if any(np.array_equal(sites, s) for _, s in self.items):
            return
        if len(self.items) >= self.size:
            if value >= self.items[-1][0]:
                return
            self.items.pop()
        self.items.append((value, sites))
        self.items.sort(key=lambda t: t[0])

    def pick(self, rng: np.random.Generator) -> np.ndarray:
        return self.items[int(rng.integers(len(self.items)))][1]


def shake(sites: np.ndarray, k: int, search: SwapSearch, rng: np.random.Generator) -> np.ndarray:
    """Replace ``k`` random removable open sites by random allowed closed ones."""
    sites = np.array(sites)
    removable = np.flatnonzero(~search.locked[sites])
    closed = np.flatnonzero(search.allowed & ~np.isin(np.arange(search.m), sites))
    k = min(k, removable.size, closed.size)
    if k == 0:
        return sites
    out = rng.choice(removable, size=k, replace=False)
    sites[out] = rng.choice(closed, size=k, replace=False)
    return np.sort(sites)


class PMedianRun:
    """Solve the p-median problem on a weighted cost matrix ``d`` (finite, 2 <= p < m)."""

    def __init__(
        self,
        d: np.ndarray,
        p: int,
        *,
        seed: int,
        time_limit: float | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> None:
        self.t0 = time.perf_counter()
        self.d, self.p = d, p
        self.time_limit = time_limit
        # Keep a small reserve so that the last step and the result fit inside the limit.
        self.deadline = None if time_limit is None else self.t0 + 0.96 * time_limit - 0.04
        self.progress, self.cancel = progress, cancel
        self.rng = np.random.default_rng(seed)
        self.search = SwapSearch(d, p)
        self.lag = PMedianLagrangian(d, p)
        self.elite = _Elite(ELITE_SIZE)
        self.best_sites = np.arange(p)
        self.best = math.inf
        self.info: dict = {"method": "lagrangian + interchange", "iterations": 0}

    # ----- helpers -------------------------------------------------------------------------
    def time_left(self) -> float:
        return math.inf if self.deadline is None else self.deadline - time.perf_counter()

    def _report(self, message: str) -> None:
        done = 0.0 if self.time_limit is None else (time.perf_counter() - self.t0) / self.time_limit
        report(self.progress, done, message)

    def _offer(self, sites: np.ndarray, value: float) -> bool:
        self.elite.offer(sites, value)
        if not math.isfinite(self.best) or value < self.best - 1e-9 * (abs(self.best) + 1):
            self.best_sites, self.best = sites, value
            return True
        return False

    def proven(self) -> bool:
        # Fewer than p sites surviving the reduction also means no better solution exists.
        lag = self.lag
        return (
            lag.proven_bound() >= self.best - lag.gap_tolerance(self.best)
            or self.search.allowed.sum() < self.p
        )

    def lagrange(
        self, iters: int, min_theta: float = MIN_THETA, until: float | None = None
    ) -> None:
        """More subgradient steps, polish the relaxed solution, re-run the reduction."""
        stop = (
            self.deadline if until is None or self.deadline is None else min(until, self.deadline)
        )
        self.lag.run(
            self.best, max_iter=iters, deadline=stop, cancel=self.cancel, min_theta=min_theta
        )
        self._offer(*self.search.local_search(np.sort(self.lag.best_open)))
        closed, fixed = self.lag.reduction(self.best)
        if (~closed).sum() < self.search.allowed.sum():
            self.search.set_allowed(~closed)
            if (~closed).sum() < 0.8 * self.lag.m:
                self.lag.restrict(~closed)
        self.search.locked = fixed

    # ----- phases --------------------------------------------------------------------------
    def solve(self) -> tuple[np.ndarray, float, bool]:
        """Returns ``(sites, proven bound, proven optimal)``; details land in ``info``."""
        n, m = self.d.shape
        p = self.p
        # Full greedy costs p x n x m: on big instances try a random sample of sites per step.
        first_sample = None if n * m * p <= 50_000_000 else 64
        self._offer(*self.search.local_search(self.search.greedy(self.rng, sample=first_sample)))
        check(self.cancel)
        self._report("Lagrangian bound")
        # The root bound: for larger p it is usually tight and its relaxed solution optimal.
        root_until = None if self.time_limit is None else self.t0 + 0.3 * self.time_limit
        self.lagrange(1000 if p >= 20 else 300, until=root_until)
        branching = p <= BRANCH_MAX_P
        self._rounds(branching)
        if branching and not self.proven() and self.time_left() > 0:
            # Branching follows: sharper root multipliers (on the reduced sites, so cheap)
            # save many nodes.
            self.lagrange(500, min_theta=MIN_THETA / 20)
        self.info["seconds_before_branching"] = time.perf_counter() - self.t0
        bound, optimal = self.lag.proven_bound(), self.proven()
        if branching and not optimal and self.time_left() > 0.1:
            bound, optimal = self._branch()
        self.info["lagrangian_iterations"] = self.lag.iterations
        self.info["candidates_after_reduction"] = int(self.search.allowed.sum())
        return self.best_sites, bound, optimal

    def _rounds(self, branching: bool) -> None:
        """Search rounds; with a time limit and no branching to follow they use all of it."""
        search, elite, rng, p = self.search, self.elite, self.rng, self.p
        if self.time_limit is None:
            search_end = None
        elif branching:
            search_end = self.t0 + SEARCH_SHARE * self.time_limit
        else:
            search_end = self.deadline
        max_stall = MAX_STALL if branching or self.time_limit is None else math.inf
        sample = max(2, int(math.ceil(math.log2(max(2.0, search.m / p)))) + 1)
        stall = it = 0
        while not self.proven() and stall < max_stall:
            if search_end is not None and time.perf_counter() >= search_end:
                if it >= 1 or self.time_left() <= 0:
                    break
            check(self.cancel)
            it += 1
            # Fresh starts need many swaps when p is large: then shake elite solutions more.
            if it % (2 if p <= 50 else 4) == 1 or len(elite.items) < 2:
                start = search.greedy(rng, sample=sample)
            else:
                start = shake(elite.pick(rng), 1 + (it // 2) % max(1, min(p, 6)), search, rng)
            sites, value = search.local_search(start)
            if elite.items and self.time_left() > 0:
                guide = elite.pick(rng)
                for a, b in ((sites, guide), (guide, sites)):
                    relinked = search.path_relink(a, b)
                    if relinked is not None:
                        s2, v2 = search.local_search(relinked[0])
                        if v2 < value:
                            sites, value = s2, v2
            if self._offer(sites, value):
                stall = 0
                self.lagrange(200)
            else:
                stall += 1
                if not self.lag.converged and it % 4 == 0:
                    self.lagrange(50)
            self._report(f"search round {it}, best {self.best:.6g}")
        self.info["iterations"] = it

    def _branch(self) -> tuple[float, bool]:
        check(self.cancel)
        self._report("branch and bound")
        deadline = self.deadline
        if deadline is None:
            deadline = time.perf_counter() + BNB_DEFAULT_SECONDS
        lag = self.lag
        tree = branch_and_bound(
            self.d,
            self.p,
            self.best_sites,
            self.best,
            np.flatnonzero(self.search.allowed),
            lag.best_lam,
            lag.proven_bound(),
            integral=lag.integral,
            deadline=deadline,
            cancel=self.cancel,
        )
        self.info["method"] += " + branch and bound"
        self.info["nodes"] = tree.nodes
        if tree.value < self.best:
            self.best_sites, self.best = tree.sites, tree.value
        bound = max(lag.proven_bound(), tree.bound)
        return bound, tree.optimal or bound >= self.best - lag.gap_tolerance(self.best)
