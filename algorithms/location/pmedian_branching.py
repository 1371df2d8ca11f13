"""Lagrangian branch and bound for the p-median problem (in the spirit of Beasley 1985).

Used when the root Lagrangian bound leaves a gap (typical for small p, where the LP
relaxation is fractional). Works on the sites that survived the root reduction test.
A node fixes some sites open (``O``) and some closed; its bound is

    L(lam) = sum_i lam_i + sum_{j in O} rho_j + (sum of the p - |O| smallest free rho_j),

improved by a short subgradient run warm-started from the parent's multipliers. Nodes are
explored best bound first, so the smallest open-node bound is a proven global bound even
when the time runs out. Each node's relaxed solution is evaluated as a feasible solution,
and reduced-cost tests close or fix further sites inside a node.
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass

import numpy as np

from algorithms.location.pmedian_lagrangian import count_below, prefix_entries
from algorithms.progress import CancelToken, check


@dataclass
class BnBResult:
    sites: np.ndarray  # best solution found (original site indices)
    value: float
    bound: float  # proven lower bound on the optimum
    optimal: bool
    nodes: int


class _Node:
    __slots__ = ("bound", "opened", "closed", "lam")

    def __init__(self, bound: float, opened: np.ndarray, closed: np.ndarray, lam: np.ndarray):
        self.bound, self.opened, self.closed, self.lam = bound, opened, closed, lam

    def __lt__(self, other: _Node) -> bool:
        return self.bound < other.bound


def branch_and_bound(
    d: np.ndarray,
    p: int,
    sites: np.ndarray,
    value: float,
    candidates: np.ndarray,
    lam: np.ndarray,
    root_bound: float,
    *,
    integral: bool,
    deadline: float | None = None,
    cancel: CancelToken | None = None,
    node_iterations: int = 20,
) -> BnBResult:
    """Prove or improve the incumbent ``sites`` (objective ``value``) over ``candidates``
    (the sites that can appear in a better solution). ``lam`` warm-starts the root."""
    cols = np.asarray(candidates, dtype=np.intp)
    n, c = d.shape[0], cols.size
    best_sites, best = np.sort(np.asarray(sites, dtype=np.intp)), float(value)
    margin = (1.0 - 1e-6) if integral else 1e-9 * (abs(value) + 1.0)
    if c < p:
        return BnBResult(best_sites, best, best, True, 0)
    sub = d[:, cols]
    sub_t = np.ascontiguousarray(sub.T)  # a site's column as a contiguous row
    seen: set[bytes] = set()  # open sets already evaluated as primal solutions
    order = np.argsort(sub, axis=1, kind="stable")
    sval = np.take_along_axis(sub, order, axis=1)
    floor = sval[:, 0]

    dense = n * c <= 2_000_000  # small reduced problems: plain dense arithmetic is fastest

    def evaluate(lam: np.ndarray, opened: np.ndarray, free: np.ndarray, k: int):
        if dense:
            rc = np.minimum(sub - lam[:, None], 0.0)
            rho = rc.sum(axis=0)
        else:
            rows, flat = prefix_entries(count_below(sval, lam), c)
            j = order.ravel()[flat]
            diff = sval.ravel()[flat] - lam[rows]
            rho = np.bincount(j, weights=diff, minlength=c)
        free_idx = np.flatnonzero(free)
        chosen_free = free_idx[np.argpartition(rho[free_idx], k - 1)[:k]] if k else free_idx[:0]
        chosen = np.concatenate([np.flatnonzero(opened), chosen_free])
        value_ = float(lam.sum() + rho[chosen].sum())
        if dense:
            served = (rc[:, chosen] < 0).sum(axis=1)
        else:
            is_open = np.zeros(c, dtype=bool)
            is_open[chosen] = True
            served = np.bincount(rows[is_open[j]], minlength=n)
        return value_, rho, chosen, 1.0 - served

    def tol(raw: float, lam: np.ndarray) -> float:
        return 1e-9 * (abs(raw) + float(np.abs(lam).sum()) + 1.0)

    def solve_node(node: _Node) -> tuple[float, _Node | None, np.ndarray | None, np.ndarray | None]:
        """Subgradient at a node; returns (bound, node with best lam, rho, chosen)."""
        nonlocal best_sites, best
        opened, closed = node.opened.copy(), node.closed.copy()
        lam = node.lam.copy()
        theta = 0.5
        best_raw = -np.inf
        best_state: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        stall = 0
        for step_no in range(node_iterations):
            if step_no and deadline is not None and time.perf_counter() > deadline:
                break  # the bound reached so far is still valid
            free = ~opened & ~closed
            k = p - int(opened.sum())
            if k < 0 or free.sum() < k:
                return math.inf, None, None, None
            raw, rho, chosen, g = evaluate(lam, opened, free, k)
            local = np.sort(chosen)
            key = local.tobytes()
            if key not in seen:
                seen.add(key)
                v = float(sub_t[local].min(axis=0).sum())
                if v < best - 1e-9 * (abs(best) + 1):
                    best_sites, best = cols[local], v
            if raw > best_raw:
                best_raw, best_state, stall = raw, (lam.copy(), rho, chosen), 0
            else:
                stall += 1
                if stall >= 8:
                    theta *= 0.5
                    stall = 0
                    if theta < 0.02:
                        break
            if best_raw - tol(best_raw, lam) > best - margin:
                return math.inf, None, None, None
            norm = float(g @ g)
            if norm == 0:
                break
            step = theta * (best - raw) / norm
            lam = np.maximum(lam + step * g, floor)
        assert best_state is not None  # the first step always improves on -inf
        lam_b, rho, chosen = best_state
        bound = best_raw - tol(best_raw, lam_b)
        # Reduced-cost tests inside the node.
        free = ~opened & ~closed
        k = p - int(opened.sum())
        free_idx = np.flatnonzero(free)
        chosen_free = np.setdiff1d(chosen, np.flatnonzero(opened))
        if k > 0 and free_idx.size > k:
            ranked = free_idx[np.argsort(rho[free_idx], kind="stable")]
            kth, next_ = rho[ranked[k - 1]], rho[ranked[k]]
            not_chosen = np.setdiff1d(free_idx, chosen_free)
            closed[not_chosen[bound - kth + rho[not_chosen] > best - margin]] = True
            opened[chosen_free[bound - rho[chosen_free] + next_ > best - margin]] = True
        return bound, _Node(bound, opened, closed, lam_b), rho, chosen

    start = _Node(root_bound, np.zeros(c, dtype=bool), np.zeros(c, dtype=bool), lam.copy())
    heap: list[_Node] = [start]
    nodes = 0
    finished = True
    while heap:
        if heap[0].bound > best - margin:
            heap = []
            break
        if deadline is not None and time.perf_counter() > deadline:
            finished = False
            break
        check(cancel)
        node = heapq.heappop(heap)
        nodes += 1
        bound, solved, rho, chosen = solve_node(node)
        if solved is None or bound > best - margin:
            continue
        assert rho is not None and chosen is not None  # set with every solved node
        opened, closed = solved.opened, solved.closed
        k = p - int(opened.sum())
        free = np.flatnonzero(~opened & ~closed)
        if k <= 0 or free.size <= k:  # leaf: the open set is determined
            leaf = (
                np.flatnonzero(opened) if k <= 0 else np.concatenate([np.flatnonzero(opened), free])
            )
            if leaf.size == p:
                cand = np.sort(cols[leaf])
                v = float(d[:, cand].min(axis=1).sum())
                if v < best:
                    best_sites, best = cand, v
            continue
        # Branch on the chosen free site with the largest reduced cost (the least sure one).
        chosen_free = np.intersect1d(chosen, free)
        pool = chosen_free if chosen_free.size else free
        j = int(pool[np.argmax(rho[pool])])
        with_j = opened.copy()
        with_j[j] = True
        without_j = closed.copy()
        without_j[j] = True
        heapq.heappush(heap, _Node(bound, with_j, closed.copy(), solved.lam))
        heapq.heappush(heap, _Node(bound, opened.copy(), without_j, solved.lam))
    if finished or not heap:
        global_bound = best
    else:
        global_bound = min(best, min(node.bound for node in heap))
    if integral and global_bound < best:
        global_bound = float(math.ceil(global_bound - 1e-9 * (abs(global_bound) + 1)))
    optimal = global_bound >= best - (0.5 if integral else 1e-9 * (abs(best) + 1))
    return BnBResult(best_sites, best, min(global_bound, best), optimal, nodes)
