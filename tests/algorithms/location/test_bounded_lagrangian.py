"""The Lagrangian subproblems of the size-bounded p-median (bounded_lagrangian): searching
each site's nearest points first selects exactly what searching every point does."""

from __future__ import annotations

import numpy as np
import pytest

from algorithms.location.bounded_lagrangian import NEAR_POINTS, Knapsacks
from algorithms.location.bounded_model import GroupModel


@pytest.mark.parametrize("spread", [0.0, 0.5, 3.0])
def test_nearest_first_equals_the_full_search(spread):
    """Multipliers from none to far above the costs (spread), so that both the shortcut and
    the full search of a site are taken; forbidden pairs (inf) included."""
    rng = np.random.default_rng(7)
    n, m = 3 * NEAR_POINTS, 4 * NEAR_POINTS
    wcost = rng.uniform(1.0, 100.0, (n, m))
    wcost[rng.random((n, m)) < 0.05] = np.inf
    model = GroupModel(wcost, np.ones(n), 5, 8, 10, np.array([], np.int64))
    fast = Knapsacks(model)
    assert fast.near is not None
    full = Knapsacks(model)
    full.near = None
    for _ in range(5):
        lam = rng.uniform(0.0, 1.0 + spread * 100.0, n)
        v1, x1, s1 = fast.solve(lam, penalties=True)
        v2, x2, s2 = full.solve(lam, penalties=True)
        np.testing.assert_array_equal(v1, v2)
        np.testing.assert_array_equal(x1, x2)
        np.testing.assert_array_equal(s1, s2)


def test_both_ways_are_taken():
    """Low multipliers settle every site on its nearest points; high ones (as in the test
    above, spread 3) leave some sites to the full search."""
    rng = np.random.default_rng(7)
    n, m = 3 * NEAR_POINTS, 4 * NEAR_POINTS
    wcost = rng.uniform(1.0, 100.0, (n, m))
    near = Knapsacks(GroupModel(wcost, np.ones(n), 5, 8, 10, np.array([], np.int64))).near
    assert near is not None

    def settled(lam):
        eighth = np.sort(near.cand_cost - lam[near.cand], axis=1)[:, 7]
        return near.next_cost - lam.max() > eighth

    assert settled(rng.uniform(0.0, 1.0, n)).all()
    high = settled(rng.uniform(0.0, 301.0, n))
    assert high.any() and not high.all()
