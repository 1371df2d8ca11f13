"""Who is responsible for which grid: people to grid slots as a minimum-cost maximum flow.

Every grid ``g`` needs ``need[g]`` people; person ``p`` carries at most ``capacity[p]``
grids and may fill one slot of a grid at most; ``cost[p, g]`` is what it costs (road km
from the person's post to the grid's centre; ``inf`` = not allowed). The answer is, in
this order of priority:

1. as many slots filled as the people allow (a maximum flow);
2. among those, as many grids with at least one person as possible (a grid's first slot
   before anyone's second: a grid without anyone is worse than a grid one short);
3. among those, the least total cost.

It is solved exactly as one min-cost flow: source -> person (capacity ``capacity[p]``) ->
grid (capacity 1, the cost) -> sink, where each grid reaches the sink through its first
slot at no charge and through its other ``need - 1`` slots at a charge larger than any
total cost, which encodes priority 2. HiGHS's dual simplex solves it as a linear
programme (the matrix is totally unimodular, so its basic optimum is integral);
networkx's network simplex (``max_flow_min_cost``) is the fallback. Costs are rounded to
``resolution`` (1e-3: metres when costs are km) for the integral solver, so the result is
optimal to that resolution. ``fixed`` pairs (assignments kept) are taken first: they use
up their person's capacity and their grid's slots.

>>> s = assign_officers(cost, need=[1, 2], capacity=[1, 1, 1])
>>> s.pairs, s.unfilled, s.objective, s.optimal
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from algorithms.progress import CancelToken, check


@dataclass
class Staffing:
    """The people chosen for each grid.

    ``pairs``: (person, grid) index pairs, the fixed ones included, sorted; ``filled``:
    people per grid; ``unfilled``: ``need - filled`` per grid (never negative);
    ``objective``: total cost of all pairs (unrounded); ``optimal``: proven optimal;
    ``seconds``: solve time.
    """

    pairs: list[tuple[int, int]]
    filled: np.ndarray
    unfilled: np.ndarray
    objective: float
    optimal: bool
    seconds: float

    @property
    def shortfall(self) -> int:
        """Slots no one could fill."""
        return int(self.unfilled.sum())


def assign_officers(
    cost,
    need,
    capacity,
    *,
    fixed: Iterable[tuple[int, int]] = (),
    resolution: float = 1e-3,
    cancel: CancelToken | None = None,
) -> Staffing:
    """Assign people to grid slots (see the module text for the model and its priorities).

    ``cost``: (people x grids) array, ``inf`` where a person may not take a grid;
    ``need``: slots per grid (>= 0); ``capacity``: grids per person (>= 0); ``fixed``:
    (person, grid) pairs that stay. Raises ``ValueError`` naming the reason for a request
    that makes no sense (shapes, negative numbers, a fixed pair repeated or beyond its
    person's capacity).
    """
    t0 = time.perf_counter()
    cost = np.asarray(cost, dtype=float)
    need = np.asarray(need, dtype=int).reshape(-1)
    capacity = np.asarray(capacity, dtype=int).reshape(-1)
    if cost.ndim != 2 or cost.shape != (len(capacity), len(need)):
        raise ValueError(f"cost must be people x grids = {len(capacity)} x {len(need)}, got {cost.shape}")
    if (need < 0).any() or (capacity < 0).any():
        raise ValueError("need and capacity may not be negative")
    if np.isnan(cost).any() or (cost < 0).any():
        raise ValueError("costs must be non-negative numbers (inf where not allowed)")
    if resolution <= 0:
        raise ValueError("resolution must be positive")
    fixed_pairs = _fixed(fixed, cost, capacity)
    left_cap = capacity.copy()
    left_need = need.copy()
    taken = np.zeros(cost.shape, bool)
    for p, g in fixed_pairs:
        left_cap[p] -= 1
        left_need[g] = max(0, left_need[g] - 1)
        taken[p, g] = True
    covered = np.zeros(len(need), bool)
    for _p, g in fixed_pairs:
        covered[g] = True
    check(cancel)
    chosen = _solve(cost, left_need, left_cap, taken, covered, resolution)
    pairs = sorted(fixed_pairs + chosen)
    filled = np.zeros(len(need), int)
    for _p, g in pairs:
        filled[g] += 1
    objective = float(sum(cost[p, g] for p, g in pairs))
    return Staffing(pairs, filled, np.maximum(need - filled, 0), objective, True, time.perf_counter() - t0)


def _fixed(fixed, cost: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for p, g in fixed:
        p, g = int(p), int(g)
        if not (0 <= p < cost.shape[0] and 0 <= g < cost.shape[1]):
            raise ValueError(f"fixed pair ({p}, {g}) is outside the cost matrix")
        if (p, g) in seen:
            raise ValueError(f"fixed pair ({p}, {g}) is given twice")
        if not np.isfinite(cost[p, g]):
            raise ValueError(f"fixed pair ({p}, {g}) has no cost (the person may not take that grid)")
        seen.add((p, g))
        out.append((p, g))
    held = np.bincount([p for p, _ in out], minlength=len(capacity)) if out else np.zeros(len(capacity), int)
    over = np.flatnonzero(held > capacity)
    if len(over):
        p = int(over[0])
        raise ValueError(f"person {p} keeps {held[p]} fixed grids, more than the {capacity[p]} they may carry")
    return out


def _solve(cost, need, capacity, taken, covered, resolution: float) -> list[tuple[int, int]]:
    """The min-cost maximum flow; returns the (person, grid) pairs it uses."""
    allowed = np.isfinite(cost) & ~taken & (capacity[:, None] > 0) & (need[None, :] > 0)
    if not allowed.any():
        return []
    weights = np.zeros(cost.shape, dtype=np.int64)
    weights[allowed] = np.rint(cost[allowed] / resolution).astype(np.int64)
    slots = int(need.sum())
    penalty = int(weights[allowed].max()) * max(slots, 1) + 1  # more than any total cost
    pairs = _solve_lp(allowed, weights, need, capacity, covered, penalty)
    if pairs is None:
        pairs = _solve_flow(allowed, weights, need, capacity, covered, penalty)
    return pairs


def _solve_lp(allowed, weights, need, capacity, covered, penalty: int) -> list[tuple[int, int]] | None:
    """The flow as a linear programme for HiGHS's dual simplex (scipy ``linprog``).

    Rows: each person's capacity, and each grid's slots = its first slot + its extra slots;
    every filled slot earns ``reward`` (more than any change of penalties and costs that
    filling it could bring), an extra slot costs ``penalty`` (more than any total cost). The matrix is a bipartite incidence
    matrix plus unit columns, totally unimodular, and the data integral: the simplex's
    basic optimum is integral and exact. None (the caller falls back to the network
    simplex) if HiGHS fails or, against the theory, answers a fraction.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, hstack, vstack

    pp, gg = np.nonzero(allowed)
    n_pairs, n_p, n_g = len(pp), allowed.shape[0], allowed.shape[1]
    slots = int(need.sum())
    reward = (penalty + int(weights.max())) * max(slots, 1) + 1  # one more slot beats any change of the rest
    first_ub = np.where(covered | (need == 0), 0, 1)
    extra_ub = np.maximum(need - first_ub, 0)
    cost = np.concatenate([weights[pp, gg], np.full(n_g, -reward), np.full(n_g, penalty - reward)]).astype(float)
    ones = np.ones(n_pairs)
    person_rows = coo_matrix((ones, (pp, np.arange(n_pairs))), shape=(n_p, n_pairs))
    grid_rows = coo_matrix((ones, (gg, np.arange(n_pairs))), shape=(n_g, n_pairs))
    eye = coo_matrix((-np.ones(n_g), (np.arange(n_g), np.arange(n_g))), shape=(n_g, n_g))
    zeros = coo_matrix((n_p, n_g))
    a_ub = hstack([person_rows, zeros, zeros]).tocsr()
    a_eq = hstack([grid_rows, eye, eye]).tocsr()
    bounds = np.column_stack([np.zeros(n_pairs + 2 * n_g),
                              np.concatenate([np.ones(n_pairs), first_ub, extra_ub])])
    res = linprog(cost, A_ub=a_ub, b_ub=capacity.astype(float), A_eq=vstack([a_eq]).tocsr(), b_eq=np.zeros(n_g),
                  bounds=bounds, method="highs-ds")
    if res.status != 0 or res.x is None:
        return None
    x = res.x[:n_pairs]
    if np.abs(x - np.rint(x)).max(initial=0.0) > 1e-6:
        return None
    chosen = np.flatnonzero(np.rint(x) > 0)
    return [(int(pp[k]), int(gg[k])) for k in chosen]


def _solve_flow(allowed, weights, need, capacity, covered, penalty: int) -> list[tuple[int, int]]:
    """The same model on networkx's network simplex (slower; the fallback)."""
    import networkx as nx

    graph = nx.DiGraph()
    people = np.flatnonzero(allowed.any(axis=1))
    grids = np.flatnonzero(allowed.any(axis=0))
    for p in people:
        graph.add_edge("s", ("p", int(p)), capacity=int(capacity[p]), weight=0)
    for g_np in grids:
        g = int(g_np)
        first = 0 if not covered[g] else 1  # a grid covered by a kept pair has no first slot left
        extra = int(need[g]) - (1 - first)
        if first == 0:
            graph.add_edge(("g", g), ("f", g), capacity=1, weight=0)
            graph.add_edge(("f", g), "t", capacity=1, weight=0)
        if extra > 0:
            graph.add_edge(("g", g), "t", capacity=extra, weight=penalty)
    for p, g in zip(*np.nonzero(allowed), strict=True):
        graph.add_edge(("p", int(p)), ("g", int(g)), capacity=1, weight=int(weights[p, g]))
    flow = nx.max_flow_min_cost(graph, "s", "t")
    out = []
    for p in people:
        for node, units in flow[("p", int(p))].items():
            if units > 0:
                out.append((int(p), int(node[1])))
    return out


__all__ = ["Staffing", "assign_officers"]
