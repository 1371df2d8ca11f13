"""Editing helpers: split one district in two, rebalance the unlocked districts."""

from __future__ import annotations

import numpy as np
import pytest

from algorithms.districting import EditRun, is_contiguous, rebalance, split_district
from tests.algorithms.districting.test_balanced import lattice


def test_split_district_into_balanced_halves() -> None:
    edges = lattice(6, 6)
    pop = np.random.default_rng(1).integers(50, 150, 36).astype(float)
    labels = (np.arange(36) % 6 >= 3).astype(int)  # left half 0, right half 1
    part = split_district(edges, pop, labels, 1, tolerance=0.05, run=EditRun(seed=0))
    out = part.labels
    assert np.array_equal(out[labels == 0], labels[labels == 0])  # district 0 untouched
    assert set(out[labels == 1].tolist()) == {1, 2}
    assert is_contiguous(edges, out, 3)
    halves = part.populations[[1, 2]]
    assert halves.sum() == pytest.approx(pop[labels == 1].sum())
    assert part.within_tolerance
    assert np.all(np.abs(halves - part.ideal) <= 0.05 * part.ideal + 1e-9)


def test_split_refuses_a_single_unit_or_a_split_district() -> None:
    edges = lattice(2, 3)
    with pytest.raises(ValueError, match="district 1 has 1 unit"):
        split_district(edges, np.ones(6), [0, 1, 0, 0, 0, 0], 1)
    with pytest.raises(ValueError, match="not contiguous"):
        split_district(edges, np.ones(6), [1, 0, 1, 0, 0, 0], 1)


def test_rebalance_moves_units_only_among_unlocked_districts() -> None:
    edges = lattice(6, 6)
    pop = np.ones(36)
    # three vertical strips: 1 column | 2 columns | 3 columns (6, 12, 18 units)
    col = np.arange(36) % 6
    labels = np.where(col == 0, 0, np.where(col <= 2, 1, 2))
    part = rebalance(edges, pop, labels, movable_districts=[0, 1], tolerance=0.0, run=EditRun(seed=0))
    out = part.labels
    assert np.array_equal(out == 2, labels == 2)  # the locked district is untouched
    assert part.populations.tolist() == [9.0, 9.0, 18.0]
    assert part.ideal == 9.0 and part.within_tolerance  # judged on the unlocked districts
    assert is_contiguous(edges, out, 3)


def test_rebalance_towards_the_global_ideal() -> None:
    edges = lattice(6, 6)
    pop = np.ones(36)
    col = np.arange(36) % 6
    labels = np.where(col == 0, 0, np.where(col <= 2, 1, 2))
    part = rebalance(edges, pop, labels, movable_districts=[0, 1, 2], tolerance=0.0, run=EditRun(seed=0))
    assert part.populations.tolist() == [12.0, 12.0, 12.0]
    assert part.within_tolerance and part.max_deviation == 0.0
    assert is_contiguous(edges, part.labels, 3)


def test_rebalance_keeps_fixed_units() -> None:
    edges = lattice(4, 4)
    labels = np.array([0] * 4 + [1] * 12)  # row 0 vs rows 1-3
    fixed = {4: 1, 5: 1, 6: 1, 7: 1}  # row 1 must stay in district 1
    part = rebalance(edges, np.ones(16), labels, [0, 1], tolerance=0.0, fixed=fixed, run=EditRun(seed=0))
    assert all(part.labels[u] == 1 for u in fixed)
    assert is_contiguous(edges, part.labels, 2)
    # district 0 cannot grow through the pinned row 1, so balance needs whole blocks to
    # change hands: row 0 joins district 1 and rows 2-3 become district 0
    assert part.populations.tolist() == [8.0, 8.0]
    assert part.within_tolerance
    assert set(part.labels[:4].tolist()) == {1} and set(part.labels[8:].tolist()) == {0}
