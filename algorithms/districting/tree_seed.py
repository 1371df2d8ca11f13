"""Starting plans for districting: recursive bipartition along random spanning trees.

A connected piece of units that must hold ``j`` districts is split by drawing a random
spanning tree (minimum spanning tree under random edge weights) and cutting the tree
edge whose two sides can hold ``floor(j/2)`` and ``ceil(j/2)`` districts within the
population bounds, preferring the most even split so later splits keep their slack. This
is the seeding GerryChain uses (``recursive_tree_part``), extended with fixed units: a
cut is allowed only when every fixed district's units stay on one side and each side has
room for the fixed districts it holds. When no tree in the budget has an admissible edge,
the least-bad edge is cut so a contiguous plan always comes out; the local search then
repairs the balance.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.sparse import csr_matrix, triu
from scipy.sparse.csgraph import depth_first_order, minimum_spanning_tree

from algorithms.progress import CancelToken, check


def allocate_components(
    pops: list[float], sizes: list[int], min_counts: list[int], k: int, lo: float, hi: float
) -> list[int] | None:
    """Districts per connected component, summing to ``k``, or ``None`` when impossible.

    Component ``c`` can hold ``j`` districts when ``j * lo <= pop <= j * hi``, ``j`` is at
    least ``min_counts[c]`` (its fixed districts, and at least one) and at most its unit
    count. Among feasible choices the one with the smallest total |pop/j - ideal| wins.
    """
    ideal = (lo + hi) / 2.0
    options: list[list[int]] = []
    for pop, size, need in zip(pops, sizes, min_counts, strict=True):
        first = max(1, need, math.ceil(pop / hi - 1e-9) if hi > 0 else 1)
        last = min(size, k, math.floor(pop / lo + 1e-9) if lo > 0 else k)
        opts = [j for j in range(first, last + 1) if j * lo <= pop * (1 + 1e-12) and pop <= j * hi * (1 + 1e-12)]
        if not opts:
            return None
        options.append(opts)
    inf = float("inf")
    # best[c][t]: least cost placing t districts in components c.. end
    best = [[inf] * (k + 1) for _ in range(len(pops) + 1)]
    choice = [[0] * (k + 1) for _ in range(len(pops))]
    best[len(pops)][0] = 0.0
    for c in range(len(pops) - 1, -1, -1):
        for t in range(k + 1):
            for j in options[c]:
                if j <= t and best[c + 1][t - j] < inf:
                    cost = best[c + 1][t - j] + abs(pops[c] / j - ideal)
                    if cost < best[c][t]:
                        best[c][t], choice[c][t] = cost, j
    if best[0][k] == inf:
        return None
    out, t = [], k
    for c in range(len(pops)):
        out.append(choice[c][t])
        t -= choice[c][t]
    return out


class TreeSplitter:
    """Splits pieces of a graph along random spanning trees (see module docstring)."""

    def __init__(
        self,
        adj: csr_matrix,
        population: np.ndarray,
        fixed_labels: np.ndarray,
        lo: float,
        hi: float,
        rng: np.random.Generator,
        tries: int = 40,
        cancel: CancelToken | None = None,
    ) -> None:
        self.adj = adj
        self.pop = population
        self.fixed = fixed_labels
        self.lo, self.hi = lo, hi
        self.rng = rng
        self.tries = tries
        self.cancel = cancel

    def split(
        self, nodes: np.ndarray, j: int, any_counts: bool = False
    ) -> tuple[np.ndarray, np.ndarray, int, int]:
        """Split connected ``nodes`` holding ``j`` districts into two connected sides.

        Returns ``(side_a, side_b, j_a, j_b)``. Sides normally hold ``floor(j/2)`` and
        ``ceil(j/2)`` districts; with ``any_counts`` any split of ``j`` is allowed (the last
        resort when few units are left per district, e.g. a star).
        """
        j1, j2 = j // 2, j - j // 2
        options = [(a, j - a) for a in range(1, j)] if any_counts else sorted({(j1, j2), (j2, j1)})
        sub = triu(self.adj[nodes][:, nodes], k=1).tocoo()
        pop = self.pop[nodes]
        total = float(pop.sum())
        fixed = self.fixed[nodes]
        flabels = np.unique(fixed[fixed >= 0])
        best_bad, best_cut = math.inf, None
        for _ in range(self.tries):
            check(self.cancel)
            weights = self.rng.random(len(sub.data)) + 1e-6
            tree = minimum_spanning_tree(
                csr_matrix((weights, (sub.row, sub.col)), shape=sub.shape)
            )
            tree = tree + tree.T
            root = int(self.rng.integers(len(nodes)))
            order, pred = depth_first_order(tree, root, directed=False, return_predecessors=True)
            size, spop = self._subtree_sums(order, pred, pop)
            pos = np.empty(len(nodes), dtype=np.int64)
            pos[order] = np.arange(len(nodes))
            counts = self._fixed_counts(order, pos, size, fixed, flabels)
            bad, v, ja = self._best_edge(
                order[1:], size, spop, total, len(nodes), options, counts, flabels, fixed
            )
            if bad < best_bad:
                best_bad = bad
                start = pos[v]
                inside = order[start : start + size[v]]
                best_cut = (inside, ja)
            if bad == 0.0:
                break
        if best_cut is None:  # no admissible edge at all (fixed units, tiny pieces)
            if any_counts:
                raise RuntimeError("no spanning-tree cut possible")  # cannot happen: n >= j
            return self._any_cut(nodes, j)
        inside, ja = best_cut
        mask = np.zeros(len(nodes), dtype=bool)
        mask[inside] = True
        return nodes[mask], nodes[~mask], ja, j - ja

    def _any_cut(self, nodes: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray, int, int]:
        """Last resort: ignore fixed units and allow any district counts on the two sides
        (a spanning-tree edge with both sides large enough always exists when n >= j)."""
        saved = self.fixed
        self.fixed = np.full(len(self.fixed), -1, dtype=np.int64)
        try:
            return self.split(nodes, j, any_counts=True)
        finally:
            self.fixed = saved

    @staticmethod
    def _subtree_sums(order: np.ndarray, pred: np.ndarray, pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        size = [1] * len(order)
        spop = pop.tolist()
        pr = pred.tolist()
        for v in order[:0:-1].tolist():
            p = pr[v]
            size[p] += size[v]
            spop[p] += spop[v]
        return np.asarray(size, dtype=np.int64), np.asarray(spop, dtype=float)

    @staticmethod
    def _fixed_counts(
        order: np.ndarray, pos: np.ndarray, size: np.ndarray, fixed: np.ndarray, flabels: np.ndarray
    ) -> np.ndarray | None:
        """Per node and fixed district: how many of its fixed units lie in the node's subtree."""
        if len(flabels) == 0:
            return None
        ind = (fixed[order][:, None] == flabels[None, :]).astype(np.int64)
        prefix = np.vstack([np.zeros((1, len(flabels)), dtype=np.int64), np.cumsum(ind, axis=0)])
        return prefix[pos + size] - prefix[pos]

    def _best_edge(
        self,
        cand: np.ndarray,
        size: np.ndarray,
        spop: np.ndarray,
        total: float,
        n: int,
        options: list[tuple[int, int]],
        counts: np.ndarray | None,
        flabels: np.ndarray,
        fixed: np.ndarray,
    ) -> tuple[float, int, int]:
        """Least-bad cut among the tree edges above ``cand``: ``(badness, node, j_inside)``."""
        s = spop[cand]
        sz = size[cand]
        best = (math.inf, int(cand[0]) if len(cand) else 0, options[0][0])
        for ja, jb in options:
            if ja == 0 or jb == 0:
                continue
            rest = total - s
            viol = (
                np.maximum.reduce([ja * self.lo - s, s - ja * self.hi, np.zeros_like(s)]) / ja
                + np.maximum.reduce([jb * self.lo - rest, rest - jb * self.hi, np.zeros_like(s)]) / jb
            )
            ok_size = (sz >= ja) & (n - sz >= jb)
            bad = np.where(ok_size, viol, math.inf)
            if counts is not None:
                tot = np.bincount(np.searchsorted(flabels, fixed[fixed >= 0]), minlength=len(flabels))
                c = counts[cand]
                whole_in = (c == tot[None, :]).sum(axis=1)
                split = ((c > 0) & (c < tot[None, :])).any(axis=1)
                ok_fixed = ~split & (whole_in <= ja) & (len(flabels) - whole_in <= jb)
                bad = np.where(ok_fixed, bad, math.inf)
            # among admissible cuts prefer the most even one: tiny tie-break term
            even = np.abs(s / ja - rest / jb) / max(total, 1e-12)
            score = np.where(bad > 0, bad * 1e6 + even, even * 1e-6)
            if not np.isfinite(bad).any():
                continue
            i = int(np.argmin(np.where(np.isfinite(bad), score, math.inf)))
            b = float(bad[i])
            if b < best[0]:
                best = (b, int(cand[i]), ja)
        return best


def recursive_seed(
    adj: csr_matrix,
    population: np.ndarray,
    pieces: list[tuple[np.ndarray, int]],
    k: int,
    lo: float,
    hi: float,
    fixed_labels: np.ndarray,
    rng: np.random.Generator,
    cancel: CancelToken | None = None,
    tries: int = 40,
) -> np.ndarray:
    """A contiguous plan with ``k`` districts, built by recursive spanning-tree bipartition.

    ``pieces`` are the connected components with their district counts. Districts that hold
    fixed units get those units' labels; the others get the remaining labels.
    """
    splitter = TreeSplitter(adj, population, fixed_labels, lo, hi, rng, tries, cancel)
    stack = list(pieces)
    leaves: list[np.ndarray] = []
    while stack:
        nodes, j = stack.pop()
        if j == 1:
            leaves.append(nodes)
            continue
        a, b, ja, jb = splitter.split(nodes, j)
        stack.append((a, ja))
        stack.append((b, jb))
    labels = np.full(len(population), -1, dtype=np.int64)
    used: set[int] = set()
    free_leaves = []
    for nodes in leaves:
        f = fixed_labels[nodes]
        f = f[f >= 0]
        if len(f) and int(f[0]) not in used:
            d = int(f[0])
            labels[nodes] = d
            used.add(d)
        else:
            free_leaves.append(nodes)
    spare = iter(d for d in range(k) if d not in used)
    for nodes in free_leaves:
        labels[nodes] = next(spare)
    return labels
