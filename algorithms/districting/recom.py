"""Merge-split (ReCom) optimisation: re-draw two adjacent districts along spanning trees.

One step merges two adjacent districts, draws a few random spanning trees of the union
and, over every tree edge, evaluates the split it would make: ``cut edges between the two
halves + lam x population excess`` (excess outside ``[lo, hi]`` in tolerance bands, as in
``partition_search``). The best split is accepted by the Metropolis rule on the change in
that energy. Unlike single flips this moves whole blocks of units at once, so it keeps
the balance when units are coarse (counties at +-0.5 %), where almost every single flip
breaks it. Both halves are subtrees, hence contiguous.
"""

from __future__ import annotations

import math
import time

import numpy as np
from scipy.sparse import csr_matrix

from algorithms.districting.budget import Budget
from algorithms.districting.graph import cut_edge_count
from algorithms.progress import CancelToken, check


def induced_edges(nodes: np.ndarray, nbrs) -> tuple[list[int], list[int]]:
    """Edges among ``nodes`` (each once, ``i < j``) in local indices 0..len(nodes)-1."""
    order = nodes.tolist()
    local = {v: i for i, v in enumerate(order)}
    rows: list[int] = []
    cols: list[int] = []
    for i, v in enumerate(order):
        for y in nbrs[v]:
            j = local.get(y)
            if j is not None and i < j:
                rows.append(i)
                cols.append(j)
    return rows, cols


def random_spanning_tree(
    n: int, rows: list[int], cols: list[int], order: list[int]
) -> list[list[int]] | None:
    """Kruskal over the edges taken in ``order`` (a random permutation): adjacency lists
    of a random spanning tree, or ``None`` when the graph is not connected."""
    parent = list(range(n))
    adj: list[list[int]] = [[] for _ in range(n)]
    joined = 1
    for e in order:
        u, v = rows[e], cols[e]
        ru = u
        while parent[ru] != ru:  # find with path halving, inlined for speed
            parent[ru] = parent[parent[ru]]
            ru = parent[ru]
        rv = v
        while parent[rv] != rv:
            parent[rv] = parent[parent[rv]]
            rv = parent[rv]
        if ru != rv:
            parent[ru] = rv
            adj[u].append(v)
            adj[v].append(u)
            joined += 1
            if joined == n:
                return adj
    return adj if joined == n else None


def dfs_order(tree: list[list[int]], root: int) -> tuple[list[int], list[int]]:
    """Depth-first preorder of a tree and each node's parent (-1 for the root)."""
    pred = [-1] * len(tree)
    order = []
    stack = [root]
    seen = [False] * len(tree)
    seen[root] = True
    while stack:
        v = stack.pop()
        order.append(v)
        for y in tree[v]:
            if not seen[y]:
                seen[y] = True
                pred[y] = v
                stack.append(y)
    return order, pred


def subtree_sums(tree: list[list[int]], pop_list: list, root: int):
    """A spanning tree rooted at ``root``, ready for cutting one edge: the preorder, every
    non-root node in preorder (cutting above it splits off its subtree), the size and
    population of each such subtree, and each node's preorder position (a subtree is the
    contiguous run ``pos[v] .. pos[v] + size``)."""
    n = len(tree)
    order_list, pred = dfs_order(tree, root)
    size = [1] * n
    spop = list(pop_list)
    for v in reversed(order_list[1:]):
        p = pred[v]
        size[p] += size[v]
        spop[p] += spop[v]
    order = np.asarray(order_list, dtype=np.int64)
    cand = order[1:]
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    return order, cand, np.asarray(size)[cand], np.asarray(spop)[cand], pos


class RecomSearch:
    """Annealed merge-split over a plan; ``fixed_labels`` (-1 free) pin units to districts."""

    def __init__(
        self,
        adj: csr_matrix,
        edges: np.ndarray,
        population: np.ndarray,
        labels: np.ndarray,
        k: int,
        lo: float,
        hi: float,
        fixed_labels: np.ndarray,
        rng: np.random.Generator,
        nbrs: list[list[int]],
        *,
        trees: int = 8,
        lam: float = 100.0,
        active: np.ndarray | None = None,
    ) -> None:
        self.adj = adj
        self.edges = edges
        self.pop = population
        self.lab = labels.copy()
        self.k = k
        self.lo, self.hi = float(lo), float(hi)
        ideal = (self.lo + self.hi) / 2.0
        self.scale = max(self.hi - ideal, 1e-3 * ideal, 1e-12)
        self.fixed = fixed_labels
        self.rng = rng
        self.nbrs = nbrs
        self._local = np.zeros(len(population), dtype=np.int64)
        self.trees = trees
        self.active = active  # bool per district: only pairs of active districts are redrawn
        self.lam = lam
        self.dpop = np.bincount(self.lab, weights=population, minlength=k).astype(float)
        self.cut = cut_edge_count(edges, self.lab)
        self.best_labels = self.lab.copy()
        self.best_key = self._key()
        self.steps = 0

    def _key(self) -> tuple[bool, float]:
        """Ranking of plans: feasible first, then fewest cut edges; else least excess."""
        ex = float(np.sum(self._excess(self.dpop)))
        return (ex > 0, ex if ex > 0 else float(self.cut))

    def _excess(self, p: np.ndarray | float) -> np.ndarray:
        return np.maximum(np.maximum(p - self.hi, self.lo - p), 0.0) / self.scale

    def energy(self) -> float:
        return self.cut + self.lam * float(np.sum(self._excess(self.dpop)))

    def step(self, temp: float) -> bool:
        """One merge-split proposal; returns whether it was accepted."""
        lab = self.lab
        e = self.edges
        cut_mask = lab[e[:, 0]] != lab[e[:, 1]]
        if self.active is not None:
            cut_mask &= self.active[lab[e[:, 0]]] & self.active[lab[e[:, 1]]]
        cut_ids = np.flatnonzero(cut_mask)
        if len(cut_ids) == 0:
            return False
        viol = self._excess(self.dpop) > 0
        if self.active is not None:
            viol &= self.active
        if viol.any() and self.rng.random() < 0.5:
            near = viol[lab[e[cut_ids, 0]]] | viol[lab[e[cut_ids, 1]]]
            cut_ids = cut_ids[near]
        u, w = e[cut_ids[int(self.rng.integers(len(cut_ids)))]]
        a, b = int(lab[u]), int(lab[w])
        nodes = np.flatnonzero((lab == a) | (lab == b))
        n = len(nodes)
        in_pair = (lab[e[:, 0]] == a) | (lab[e[:, 0]] == b)
        in_pair &= (lab[e[:, 1]] == a) | (lab[e[:, 1]] == b)
        local = self._local
        local[nodes] = np.arange(n)
        r, c = local[e[in_pair, 0]], local[e[in_pair, 1]]
        r_list, c_list = r.tolist(), c.tolist()
        old_cut = int(np.count_nonzero(lab[nodes[r]] != lab[nodes[c]]))
        pop = self.pop[nodes]
        total = float(pop.sum())
        old_e = old_cut + self.lam * float(self._excess(self.dpop[a]) + self._excess(self.dpop[b]))
        fixed = self.fixed[nodes]
        fa_tot, fb_tot = int(np.sum(fixed == a)), int(np.sum(fixed == b))
        best = (math.inf, None, True, 0)
        pop_list = pop.tolist()
        for _ in range(self.trees):
            tree = random_spanning_tree(n, r_list, c_list, self.rng.permutation(len(r_list)).tolist())
            if tree is None:
                return False  # the union is not connected (a split district): skip
            order, cand, sz, sp, pos = subtree_sums(tree, pop_list, int(self.rng.integers(n)))
            start = pos[cand]
            end = start + sz
            # split energy without the cut term first; keep only the promising candidates
            bal = self.lam * (self._excess(sp) + self._excess(total - sp))
            keep = bal <= bal.min() + 2.0 + 1e-9
            cand, start, end, bal = cand[keep], start[keep], end[keep], bal[keep]
            pr_, pc_ = pos[r], pos[c]
            in_r = (pr_[None, :] >= start[:, None]) & (pr_[None, :] < end[:, None])
            in_c = (pc_[None, :] >= start[:, None]) & (pc_[None, :] < end[:, None])
            cross = np.count_nonzero(in_r != in_c, axis=1)
            energy = cross + bal
            if fa_tot or fb_tot:
                ok, side_a = self._fixed_ok(order, pos, start, end, fixed, a, b, fa_tot, fb_tot)
                energy = np.where(ok, energy, math.inf)
            else:
                side_a = None
            i = int(np.argmin(energy))
            if energy[i] < best[0]:
                inside = order[start[i] : end[i]]
                sa = True if side_a is None else bool(side_a[i])
                best = (float(energy[i]), inside, sa, int(cross[i]))
        new_e, inside, inside_is_a, new_cut = best
        if inside is None:
            return False
        delta = new_e - old_e
        if delta > 0 and (temp <= 0 or self.rng.random() >= math.exp(-delta / temp)):
            return False
        mask = np.zeros(n, dtype=bool)
        mask[inside] = True
        if fa_tot == 0 and fb_tot == 0:
            # keep labels where they were as far as possible (stable plans, same energy)
            agree = np.count_nonzero(lab[nodes][mask] == a) + np.count_nonzero(lab[nodes][~mask] == b)
            inside_is_a = agree * 2 >= n
        la, lb = (a, b) if inside_is_a else (b, a)
        lab[nodes[mask]] = la
        lab[nodes[~mask]] = lb
        inside_pop = float(pop[mask].sum())
        self.dpop[la] = inside_pop
        self.dpop[lb] = total - inside_pop
        self.cut += new_cut - old_cut
        key = self._key()
        if key < self.best_key:
            self.best_key = key
            self.best_labels = lab.copy()
        return True

    @staticmethod
    def _fixed_ok(order, pos, start, end, fixed, a, b, fa_tot, fb_tot):
        """Which subtree splits keep district a's and b's fixed units together, and which
        side (inside or not) must then be ``a``."""
        ordered = fixed[order]
        pa = np.concatenate([[0], np.cumsum(ordered == a)])
        pb = np.concatenate([[0], np.cumsum(ordered == b)])
        fa_in = pa[end] - pa[start]
        fb_in = pb[end] - pb[start]
        inside_a = (fa_in == fa_tot) & (fb_in == 0)
        inside_b = (fb_in == fb_tot) & (fa_in == 0)
        return inside_a | inside_b, inside_a

    def run(self, budget: Budget, t_start: float = 1.0, t_end: float = 0.05,
            cancel: CancelToken | None = None) -> None:
        """Anneal for the ``budget`` (proposals or seconds), temperature falling geometrically."""
        t0 = time.perf_counter()
        i = 0
        while True:
            check(cancel)
            frac = budget.used(i, t0)
            if frac >= 1.0:
                break
            temp = t_start * (t_end / t_start) ** frac
            self.step(temp)
            i += 1
        self.steps += i

    @property
    def best_feasible(self) -> bool:
        return not self.best_key[0]
