"""Local search for districting: simulated annealing over single-unit boundary flips.

A move takes a unit at the end of a cut edge into the district across that edge. The
energy is ``cut edges + lam * excess``, where ``excess`` sums, over districts, how far the
population lies outside the bounds ``[lo, hi]``, measured in tolerance bands. The search
may therefore leave the feasible region for a while (needed at tight tolerances where
every single flip breaks the balance), and ``lam`` adapts: it grows while the walk stays
infeasible and shrinks while it stays feasible (strategic oscillation). Contiguity is
never given up: the source district is checked to stay connected without the unit (a
breadth-first search from one of the unit's same-district neighbours until all the others
are reached), the target district gains a unit adjacent to it and so stays connected.

The best feasible plan (fewest cut edges) is kept; when none was seen, the plan with the
least excess. The pure-Python inner loop runs roughly 10^5 proposals a second.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque

from algorithms.districting.budget import Budget
from algorithms.progress import CancelToken, ProgressCallback, check, report


class FlipSearch:
    """Annealing state over one plan. Districts outside ``active`` never change."""

    def __init__(
        self,
        nbrs: list[list[int]],
        edges: list[tuple[int, int]],
        population: list[float],
        labels: list[int],
        k: int,
        lo: float,
        hi: float,
        *,
        movable: list[bool] | None = None,
        active: list[bool] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        n = len(labels)
        self.nbrs = nbrs
        self.edges = edges
        self.pop = population
        self.lab = list(labels)
        self.k = k
        self.lo, self.hi = float(lo), float(hi)
        ideal = (self.lo + self.hi) / 2.0
        self.scale = max(hi - ideal, 1e-3 * ideal, 1e-12)
        self.movable = movable if movable is not None else [True] * n
        self.active = active if active is not None else [True] * k
        self.rng = rng or random.Random(0)
        self.inc: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for e, (u, v) in enumerate(edges):
            self.inc[u].append((v, e))
            self.inc[v].append((u, e))
        self.dpop = [0.0] * k
        self.dsize = [0] * k
        for v, d in enumerate(self.lab):
            self.dpop[d] += population[v]
            self.dsize[d] += 1
        self.cpos = [-1] * len(edges)
        self.cut_list: list[int] = []
        for e, (u, v) in enumerate(edges):
            if self.lab[u] != self.lab[v]:
                self.cpos[e] = len(self.cut_list)
                self.cut_list.append(e)
        self.excess = [self._ex(p) for p in self.dpop]
        self.nviol = sum(1 for x in self.excess if x > 0)
        self.lam = 2.0
        self.lam_max = 20.0
        self.best_labels = list(self.lab)
        self.best_feasible = self.nviol == 0
        self.best_cut = len(self.cut_list)
        self.best_excess = sum(self.excess)
        self.best_time = 0.0
        self.iterations = 0

    def _ex(self, p: float) -> float:
        if p > self.hi:
            return (p - self.hi) / self.scale
        if p < self.lo:
            return (self.lo - p) / self.scale
        return 0.0

    @property
    def cut(self) -> int:
        return len(self.cut_list)

    def _stays_connected(self, x: int, s: int) -> bool:
        """Whether district ``s`` stays connected when unit ``x`` leaves it."""
        lab, nbrs = self.lab, self.nbrs
        same = [y for y in nbrs[x] if lab[y] == s]
        if len(same) <= 1:
            return True
        # quick test: the same-district neighbours already linked among themselves
        pending = set(same[1:])
        seen = {x, same[0]}
        queue = deque([same[0]])
        while queue:
            v = queue.popleft()
            for y in nbrs[v]:
                if y not in seen and lab[y] == s:
                    if y in pending:
                        pending.discard(y)
                        if not pending:
                            return True
                    seen.add(y)
                    queue.append(y)
        return False

    def move(self, x: int, d: int) -> None:
        """Move unit ``x`` to district ``d`` (no checks), updating all bookkeeping."""
        lab = self.lab
        s = lab[x]
        p = self.pop[x]
        lab[x] = d
        self.dpop[s] -= p
        self.dpop[d] += p
        self.dsize[s] -= 1
        self.dsize[d] += 1
        cpos, cl = self.cpos, self.cut_list
        for y, e in self.inc[x]:
            ly = lab[y]
            if ly == d:  # was cut (y not in s) -> now uncut
                i = cpos[e]
                last = cl.pop()
                if last != e:
                    cl[i] = last
                    cpos[last] = i
                cpos[e] = -1
            elif ly == s:  # was uncut -> now cut
                cpos[e] = len(cl)
                cl.append(e)
        for dd in (s, d):
            old = self.excess[dd]
            new = self._ex(self.dpop[dd])
            self.excess[dd] = new
            self.nviol += int(new > 0) - int(old > 0)

    def _record(self, started: float) -> None:
        cut = len(self.cut_list)
        if self.nviol == 0:
            if not self.best_feasible or cut < self.best_cut:
                self.best_feasible = True
                self.best_cut = cut
                self.best_excess = 0.0
                self.best_labels = list(self.lab)
                self.best_time = time.perf_counter() - started
        elif not self.best_feasible:
            ex = sum(self.excess)
            if ex < self.best_excess - 1e-12 or (abs(ex - self.best_excess) <= 1e-12 and cut < self.best_cut):
                self.best_excess = ex
                self.best_cut = cut
                self.best_labels = list(self.lab)
                self.best_time = time.perf_counter() - started

    def anneal(
        self,
        budget: Budget,
        t_start: float = 1.5,
        t_end: float = 0.05,
        *,
        started: float | None = None,
        progress: ProgressCallback | None = None,
        progress_span: tuple[float, float] = (0.0, 1.0),
        cancel: CancelToken | None = None,
    ) -> None:
        """Anneal for the ``budget`` (proposals or seconds of wall time). The temperature
        falls geometrically from ``t_start`` to ``t_end`` over the budget."""
        if not self.cut_list or (budget.seconds is not None and budget.seconds <= 0):
            return
        started = time.perf_counter() if started is None else started
        t0 = time.perf_counter()
        lab, nbrs, pop, dpop, dsize = self.lab, self.nbrs, self.pop, self.dpop, self.dsize
        movable, active, edges, cl = self.movable, self.active, self.edges, self.cut_list
        rnd = self.rng.random
        ex = self._ex
        excess = self.excess
        stays = self._stays_connected
        scale_log = math.log(t_end / t_start)
        temp = t_start
        window = 512
        feas_in_window = 0
        it = 0
        self._record(started)
        while True:
            if it % window == 0 and it:
                check(cancel)
                frac = budget.used(it, t0)
                if frac >= 1.0:
                    break
                temp = t_start * math.exp(scale_log * frac)
                if feas_in_window == 0:
                    self.lam = min(self.lam * 1.05, self.lam_max)
                elif feas_in_window == window:
                    self.lam = max(self.lam * 0.95, 0.05)
                feas_in_window = 0
                if progress is not None and it % (window * 64) == 0:
                    a, b = progress_span
                    report(progress, a + (b - a) * frac, "improving districts")
            it += 1
            if self.nviol == 0:
                feas_in_window += 1
            if not cl:
                break
            e = cl[int(rnd() * len(cl))]
            u, w = edges[e]
            if rnd() < 0.5:
                u, w = w, u
            if not movable[u]:
                u, w = w, u
                if not movable[u]:
                    continue
            s = lab[u]
            d = lab[w]
            if dsize[s] <= 1 or not active[s] or not active[d]:
                continue
            ns = nd = 0
            for y in nbrs[u]:
                ly = lab[y]
                if ly == s:
                    ns += 1
                elif ly == d:
                    nd += 1
            p = pop[u]
            dpen = ex(dpop[s] - p) + ex(dpop[d] + p) - excess[s] - excess[d]
            delta = ns - nd + self.lam * dpen
            if delta > 0 and rnd() >= math.exp(-delta / temp):
                continue
            if ns > 1 and not stays(u, s):
                continue
            self.move(u, d)
            if delta < 0 or self.nviol == 0:
                self._record(started)
        self.iterations += it
        self._record(started)
