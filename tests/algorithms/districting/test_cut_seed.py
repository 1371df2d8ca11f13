"""Low-cut recursive bipartition seeds: balanced, contiguous, complete and low in cut edges."""

from __future__ import annotations

import numpy as np

from algorithms.districting import cut_edge_count, is_contiguous
from algorithms.districting.cut_seed import cut_seed
from algorithms.districting.graph import neighbour_lists


def lattice(rows: int, cols: int) -> np.ndarray:
    idx = np.arange(rows * cols).reshape(rows, cols)
    return np.vstack([np.c_[idx[:, :-1].ravel(), idx[:, 1:].ravel()],
                      np.c_[idx[:-1, :].ravel(), idx[1:, :].ravel()]])


def test_cut_seed_is_balanced_contiguous_and_low_cut() -> None:
    edges = lattice(8, 8)
    pop = np.ones(64)
    rng = np.random.default_rng(0)
    labels = cut_seed(neighbour_lists(edges, 64), pop, [(np.arange(64), 4)], 4, 16, 16, rng, trees=60)
    assert labels is not None
    assert np.bincount(labels, minlength=4).tolist() == [16, 16, 16, 16]
    assert is_contiguous(edges, labels, 4)
    # four 4x4 quadrants cut 16 edges; a random balanced tree plan on 8x8 cuts far more
    assert cut_edge_count(edges, labels) <= 20


def test_cut_seed_handles_components_and_reports_failure() -> None:
    # two separate 3x3 lattices, each holding one district of 9
    a = lattice(3, 3)
    edges = np.vstack([a, a + 9])
    pop = np.ones(18)
    nbrs = neighbour_lists(edges, 18)
    pieces = [(np.arange(9), 1), (np.arange(9, 18), 1)]
    labels = cut_seed(nbrs, pop, pieces, 2, 9, 9, np.random.default_rng(1))
    assert labels is not None and sorted(set(labels[:9].tolist()) | set(labels[9:].tolist())) == [0, 1]
    assert len(set(labels[:9].tolist())) == 1 and labels[0] != labels[9]
    # a path 0-1-2 with populations 1, 5, 1 cannot be split into two districts of 3.5 +- 0
    path = np.array([[0, 1], [1, 2]])
    assert cut_seed(neighbour_lists(path, 3), np.array([1.0, 5.0, 1.0]), [(np.arange(3), 2)], 2,
                    3.5, 3.5, np.random.default_rng(0)) is None


def test_cut_seed_same_rng_same_plan() -> None:
    edges = lattice(6, 7)
    pop = np.random.default_rng(5).integers(1, 9, 42).astype(float)
    nbrs = neighbour_lists(edges, 42)
    ideal = pop.sum() / 3
    runs = [cut_seed(nbrs, pop, [(np.arange(42), 3)], 3, ideal * 0.9, ideal * 1.1,
                     np.random.default_rng(9)) for _ in range(2)]
    assert runs[0] is not None
    np.testing.assert_array_equal(runs[0], runs[1])
