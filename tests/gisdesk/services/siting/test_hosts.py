"""An office serves the village it stands in, whatever the solver's assignment said."""

from __future__ import annotations

import numpy as np

from algorithms.location import Solution
from gisdesk.services.siting.hosts import keep_hosts


def test_a_host_village_given_elsewhere_comes_back_by_a_swap():
    # 4 villages on a line at 0, 1, 2, 3 km; sites 0 and 1 stand in villages 0 and 3
    xs = np.array([0.0, 1.0, 2.0, 3.0])
    cost = np.abs(xs[:, None] - np.array([0.0, 3.0])[None, :])
    weights = np.ones(4)
    hosts = np.array([0, 3])
    # the solver's plan (sizes 2 and 2): village 0 went to site 1, village 2 to site 0
    sol = Solution(np.array([0, 1]), np.array([1, 1, 0, 0]), 0.0, 1.0, seconds=0.1)
    fixed = keep_hosts(hosts, weights, cost, sol)
    assert fixed.assignment[0] == 0 and fixed.assignment[3] == 1
    assert np.bincount(fixed.assignment).tolist() == [2, 2]  # sizes kept: the band holds
    assert fixed.objective == float(cost[np.arange(4), fixed.assignment].sum())
    assert fixed.lower_bound == 1.0  # the bound stays the solver's


def test_a_plan_that_keeps_its_hosts_is_left_alone():
    cost = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 1.0], [3.0, 0.0]])
    sol = Solution(np.array([0, 1]), np.array([0, 0, 1, 1]), 2.0, 2.0, seconds=0.1)
    assert keep_hosts(np.array([0, 3]), np.ones(4), cost, sol) is sol
