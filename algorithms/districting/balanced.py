"""Balanced contiguous districting (patrol grids) minimising cut edges.

``balanced_partition`` splits units (villages, blocks, census units) joined by adjacency
edges into ``k`` contiguous districts whose populations lie within ``ideal x (1 +- tolerance)``
and, among such plans, looks for the fewest cut edges (compact districts with short
boundaries). Method:

1. validate and prove the obvious impossibilities (a unit above the district maximum, a
   disconnected graph whose parts cannot each hold a whole number of districts, fixed
   units that cannot be joined) -- these raise ``ValueError`` naming the reason;
2. seed with recursive bipartition along random spanning trees: without fixed units and up
   to 1,500 units, a pool of low-cut seeds that take one of the fewest-cut balanced tree
   edges at every split (:mod:`~algorithms.districting.cut_seed`), the best few becoming the restarts; else
   GerryChain's most-even-cut seeding (:mod:`~algorithms.districting.tree_seed`);
3. improve by annealing, alternating merge-split (ReCom) moves that re-draw two adjacent
   districts along the best of several random spanning trees (:mod:`~algorithms.districting.recom`) with
   single boundary flips under a penalty for imbalance (:mod:`~algorithms.districting.flips`); several
   seeds on small graphs, then a polish of the best (:mod:`~algorithms.districting.schedule`).

Deterministic for a given ``seed`` when ``time_limit`` is ``None``: the work is counted in
proposals, and the restarts stop once the plan meets a proven lower bound on cut edges or
stalls (``Partition.info``: ``lower_bound``, ``proven``, ``stopped``); with a ``time_limit``
the whole limit is used and the schedule follows the clock instead.

"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

import numpy as np

from algorithms.districting.checks import (
    allocate_pieces,
    check_fixed_joinable,
    fixed_label_array,
    fmt_number,
    population_array,
)
from algorithms.districting.graph import (
    adjacency_matrix,
    clean_edges,
    components,
    neighbour_lists,
)
from algorithms.districting.result import Partition, make_partition
from algorithms.districting.schedule import Problem, solve
from algorithms.progress import CancelToken, ProgressCallback, report


def balanced_partition(
    edges: object,
    population: object,
    k: int,
    tolerance: float = 0.05,
    *,
    fixed: Mapping[int, int] | None = None,
    seed: int | None = None,
    time_limit: float | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Partition:
    """Partition units into ``k`` contiguous, population-balanced districts with few cut edges.

    ``edges``: int array (m, 2) of adjacent unit pairs; ``population``: one number per unit;
    ``fixed``: {unit: district} assignments that may not change. Returns the best plan
    found; ``within_tolerance`` is False when no balanced plan was found in the budget.
    Raises ``ValueError`` when the request is provably impossible.
    """
    started = time.perf_counter()
    pop = population_array(population)
    n = len(pop)
    k = int(k)
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if k > n:
        raise ValueError(f"k={k} districts exceed the {n} units")
    if not (tolerance >= 0 and math.isfinite(tolerance)):
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance}")
    arr = clean_edges(edges, n)
    total = float(pop.sum())
    ideal = total / k
    lo, hi = ideal * (1 - tolerance), ideal * (1 + tolerance)
    big = int(np.argmax(pop))
    if pop[big] > hi * (1 + 1e-12):
        raise ValueError(
            f"unit {big} has population {fmt_number(pop[big])}, above the district maximum {fmt_number(hi)}"
        )
    fixed_labels = fixed_label_array(fixed, n, k)
    count, comp = components(arr, n)
    pieces = allocate_pieces(pop, comp, count, k, lo, hi, fixed_labels)
    check_fixed_joinable(arr, n, fixed_labels)

    report(progress, 0.0, "seeding districts")
    if k == n and k > 1:
        counts = np.bincount(fixed_labels[fixed_labels >= 0], minlength=k)
        if counts.max(initial=0) > 1:
            d = int(np.argmax(counts))
            raise ValueError(
                f"with k={k} districts for {n} units every district is one unit, but district "
                f"{d} has {int(counts[d])} fixed units"
            )
    if k == 1 or len(arr) == 0 or k == n:
        labels = _labels_without_search(n, fixed_labels, k)
        return make_partition(arr, pop, labels, k, tolerance, started)
    prob = Problem(
        adj=adjacency_matrix(arr, n), edges=arr, pop=pop, k=k, lo=lo, hi=hi,
        fixed=fixed_labels, pieces=pieces, nbrs=neighbour_lists(arr, n),
        edge_list=[tuple(e) for e in arr.tolist()],
    )
    labels, info = solve(prob, seed, time_limit, started, progress, cancel)
    report(progress, 1.0, "districts done")
    return make_partition(arr, pop, labels, k, tolerance, started, info=info)


def _labels_without_search(n: int, fixed_labels: np.ndarray, k: int) -> np.ndarray:
    """Plans with nothing to choose: one district, or one unit per district (k == n, which
    is also the case without edges once the components have been checked)."""
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    labels = fixed_labels.copy()
    used = set(labels[labels >= 0].tolist())
    spare = iter(d for d in range(k) if d not in used)
    for v in np.flatnonzero(labels < 0).tolist():
        labels[v] = next(spare)
    return labels
