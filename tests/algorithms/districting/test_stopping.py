"""Counted work stops on a proof or a stall: the lower bound on cut edges, and the reasons
the search gives for stopping."""

from __future__ import annotations

import numpy as np

from algorithms.districting import balanced_partition
from algorithms.districting.graph import cut_lower_bound
from tests.algorithms.districting.test_balanced import lattice


def test_the_lower_bound_is_k_minus_one_on_a_path_and_k_on_a_ring():
    path = np.array([[i, i + 1] for i in range(11)])
    ring = np.vstack([path, [[11, 0]]])
    every = np.arange(12)
    assert cut_lower_bound(path, 12, [(every, 4)]) == 3
    assert cut_lower_bound(ring, 12, [(every, 4)]) == 4  # each district is cut twice from the ring
    two_rings = np.array([[i, (i + 1) % 6] for i in range(6)] + [[6 + i, 6 + (i + 1) % 6] for i in range(6)])
    assert cut_lower_bound(two_rings, 12, [(every[:6], 2), (every[6:], 3)]) == 2 + 3


def test_a_plan_that_meets_the_bound_stops_as_proven():
    path = np.array([[i, i + 1] for i in range(11)])
    part = balanced_partition(path, np.ones(12), 3, tolerance=0.0, seed=1)
    assert part.cut_edges == 2 and part.within_tolerance
    assert part.info["proven"] and part.info["stopped"] == "proven" and part.info["restarts"] == 1


def test_without_a_proof_the_search_stops_when_two_restarts_find_nothing_better():
    edges = lattice(8, 8)
    part = balanced_partition(edges, np.ones(64), 4, tolerance=0.05, seed=3)
    assert part.within_tolerance
    assert part.cut_edges >= part.info["lower_bound"] == 4
    assert part.info["stopped"] in ("stalled", "rounds") and not part.info["proven"]
    again = balanced_partition(edges, np.ones(64), 4, tolerance=0.05, seed=3)
    assert np.array_equal(part.labels, again.labels)
