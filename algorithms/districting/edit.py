"""Editing helpers for an existing plan: rebalance some districts, split one in two.

Used when a planner edits grids by hand: ``rebalance`` moves units only among the
districts the planner left unlocked, ``split_district`` cuts one grid into two balanced
contiguous halves (a grid that grew past the staffing standard). How their search runs
(seed, an optional time limit, progress and cancel) is one :class:`EditRun` value.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from algorithms.districting.budget import Budget
from algorithms.districting.checks import fixed_label_array, fmt_number, population_array
from algorithms.districting.flips import FlipSearch
from algorithms.districting.graph import (
    adjacency_matrix,
    clean_edges,
    district_pieces,
    neighbour_lists,
)
from algorithms.districting.recom import RecomSearch
from algorithms.districting.result import Partition, make_partition
from algorithms.districting.tree_seed import TreeSplitter
from algorithms.progress import CancelToken, ProgressCallback, report


@dataclass(frozen=True)
class EditRun:
    """How an editing search runs: its ``seed``; ``time_limit`` seconds of wall clock, or
    None for counted work (the same result on any machine); ``progress`` and ``cancel``."""

    seed: int | None = None
    time_limit: float | None = None
    progress: ProgressCallback | None = None
    cancel: CancelToken | None = None


def _labels_array(labels: object, n: int) -> np.ndarray:
    lab = np.asarray(labels, dtype=np.int64).ravel()
    if len(lab) != n:
        raise ValueError(f"labels has {len(lab)} entries for {n} units")
    if n and lab.min() < 0:
        raise ValueError(f"unit {int(np.argmin(lab))} has no district (label {int(lab.min())})")
    return lab


def _key_of(recom: RecomSearch, labels: np.ndarray) -> tuple[bool, float]:
    """The merge-split ranking of an arbitrary plan (feasible first, then cut edges)."""
    saved = (recom.lab, recom.dpop, recom.cut)
    recom.lab = labels
    recom.dpop = np.bincount(labels, weights=recom.pop, minlength=recom.k).astype(float)
    recom.cut = int(np.count_nonzero(labels[recom.edges[:, 0]] != labels[recom.edges[:, 1]]))
    try:
        return recom._key()
    finally:
        recom.lab, recom.dpop, recom.cut = saved


def _improve(
    arr: np.ndarray, pop: np.ndarray, labels: np.ndarray, k: int, lo: float, hi: float,
    movable: np.ndarray, active: list[bool], rng: np.random.Generator, run: EditRun, started: float,
    t_start: float, message: str,
) -> tuple[np.ndarray, int]:
    """Merge-split among the ``active`` districts (moves blocks: needed when units are
    coarse), then single flips of ``movable`` units. Returns (best labels, proposals)."""
    n = len(pop)
    nbrs = neighbour_lists(arr, n)
    units = int(movable.sum())
    pinned = np.where(movable, -1, labels)
    recom = RecomSearch(adjacency_matrix(arr, n), arr, pop, labels, k, lo, hi, pinned, rng, nbrs,
                        active=np.asarray(active))
    time_limit = run.time_limit
    recom.run(Budget.of(None if time_limit is None else 0.5 * time_limit, min(1500, max(200, 20 * units))),
              t_start, 0.03, run.cancel)
    report(run.progress, 0.5, message)
    start = recom.best_labels if recom.best_key < _key_of(recom, labels) else labels
    search = FlipSearch(
        nbrs, [tuple(e) for e in arr.tolist()], pop.tolist(), start.tolist(), k, lo, hi,
        movable=movable.tolist(), active=active, rng=random.Random(int(rng.integers(2**63))),
    )
    search.lam = 50.0  # balance first
    remaining = None if time_limit is None else max(0.0, time_limit - (time.perf_counter() - started))
    search.anneal(Budget.of(remaining, min(max(30_000, 150 * units), 2_000_000)), t_start, 0.02,
                  started=started, cancel=run.cancel)
    return np.asarray(search.best_labels, dtype=np.int64), recom.steps + search.iterations


def rebalance(
    edges: object,
    population: object,
    labels: object,
    movable_districts: Iterable[int],
    tolerance: float = 0.05,
    *,
    k: int | None = None,
    ideal: float | None = None,
    fixed: Mapping[int, int] | None = None,
    run: EditRun = EditRun(),
) -> Partition:
    """Improve balance moving units only among ``movable_districts``.

    Other districts and ``fixed`` units ({unit: district}; only their being fixed matters)
    stay as they are. The target is ``ideal`` within ``tolerance``; by default the mean
    population of the movable districts (their total cannot change, so that is the most
    even result reachable). ``k`` defaults to the number of labels. Among balanced
    results, fewest cut edges. The
    districts stay contiguous (a district that was split stays no more split than it was).
    ``within_tolerance`` and ``max_deviation`` refer to the movable districts.
    """
    started = time.perf_counter()
    pop = population_array(population)
    n = len(pop)
    lab = _labels_array(labels, n)
    k = int(lab.max()) + 1 if k is None else int(k)
    if n and lab.max() >= k:
        raise ValueError(f"label {int(lab.max())} is outside the districts 0..{k - 1}")
    arr = clean_edges(edges, n)
    active_ids = sorted({int(d) for d in movable_districts})
    if not active_ids:
        raise ValueError("no movable districts given")
    for d in active_ids:
        if not 0 <= d < k:
            raise ValueError(f"movable district {d} is outside the districts 0..{k - 1}")
    if ideal is None:
        ideal = float(pop[np.isin(lab, active_ids)].sum()) / len(active_ids)
    ideal = float(ideal)
    lo, hi = ideal * (1 - tolerance), ideal * (1 + tolerance)
    active = [False] * k
    for d in active_ids:
        active[d] = True
    fixed_labels = fixed_label_array(fixed, n, k)
    in_active = np.isin(lab, active_ids)
    report(run.progress, 0.0, "rebalancing districts")
    out, proposals = _improve(arr, pop, lab, k, lo, hi, in_active & (fixed_labels < 0), active,
                              np.random.default_rng(run.seed), run, started, 0.5, "rebalancing districts")
    report(run.progress, 1.0, "rebalanced")
    judged = np.asarray(active_ids, dtype=np.int64)
    return make_partition(arr, pop, out, k, tolerance, started, ideal=ideal, judged=judged,
                          info={"proposals": proposals})


def split_district(
    edges: object,
    population: object,
    labels: object,
    d: int,
    tolerance: float = 0.05,
    *,
    new_label: int | None = None,
    run: EditRun = EditRun(),
) -> Partition:
    """Split district ``d`` into two contiguous halves of about equal population.

    One half keeps ``d``, the other gets ``new_label`` (default: the number of districts).
    ``ideal`` is half of ``d``'s population; ``max_deviation``/``within_tolerance`` refer to
    the two halves. Raises ``ValueError`` when ``d`` has fewer than two units, is not
    contiguous, or holds a unit above the half's maximum.
    """
    started = time.perf_counter()
    pop = population_array(population)
    n = len(pop)
    lab = _labels_array(labels, n)
    k = int(lab.max()) + 1
    d = int(d)
    new = k if new_label is None else int(new_label)
    if new != d and np.any(lab == new):
        raise ValueError(f"new label {new} is already a district")
    nodes = np.flatnonzero(lab == d)
    if len(nodes) < 2:
        raise ValueError(f"district {d} has {len(nodes)} unit(s); splitting needs at least 2")
    arr = clean_edges(edges, n)
    pieces = district_pieces(arr, lab, k)[d]
    if len(pieces) > 1:
        raise ValueError(f"district {d} is not contiguous ({len(pieces)} pieces); cannot split it")
    half = float(pop[nodes].sum()) / 2.0
    lo, hi = half * (1 - tolerance), half * (1 + tolerance)
    big = nodes[int(np.argmax(pop[nodes]))]
    if pop[big] > hi * (1 + 1e-12):
        raise ValueError(
            f"unit {int(big)} has population {fmt_number(pop[big])}, above the half-district "
            f"maximum {fmt_number(hi)}"
        )
    rng = np.random.default_rng(run.seed)
    splitter = TreeSplitter(adjacency_matrix(arr, n), pop, np.full(n, -1, dtype=np.int64),
                            lo, hi, rng, tries=60, cancel=run.cancel)
    report(run.progress, 0.0, "splitting district")
    side_a, side_b, _, _ = splitter.split(nodes, 2)
    out = lab.copy()
    out[side_b] = new
    k2 = max(k, new + 1)
    active = [False] * k2
    active[d] = active[new] = True
    movable = np.zeros(n, dtype=bool)
    movable[nodes] = True
    out, proposals = _improve(arr, pop, out, k2, lo, hi, movable, active, rng, run, started, 0.5,
                              "splitting district")
    report(run.progress, 1.0, "district split")
    return make_partition(arr, pop, out, k2, tolerance, started, ideal=half,
                          judged=np.asarray([d, new]), info={"proposals": proposals})
