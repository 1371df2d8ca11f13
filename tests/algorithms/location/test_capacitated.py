"""Capacitated p-median path (integral sizes): knapsack DP, Lagrangian penalties, optima."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from algorithms.location import bounded_p_median
from algorithms.location.capacitated_lagrangian import KnapsackDP, knapsack_lagrangian

OC = Path(__file__).resolve().parents[3] / ".." / "shared" / "bench" / "cpmp" / "osman_christofides"


def read_oc(name: str):
    rows = [r.split() for r in (OC / f"{name}.txt").read_text().splitlines() if r.strip()]
    n, p = int(rows[0][0]), int(rows[0][1])
    data = np.array([[float(v) for v in r[:4]] for r in rows[1 : n + 1]])
    xy = data[:, :2]
    cost = np.floor(np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(axis=2)))
    return cost, data[:, 3], float(data[0, 2]), p


def brute_cpmp(cost, sizes, cap, p, force=None):
    """Optimum by enumeration; ``force`` = (i, j) pins point i to site j."""
    n, m = cost.shape
    best = np.inf
    for sites in itertools.combinations(range(m), p):
        if force is not None and force[1] not in sites:
            continue
        for choice in itertools.product(sites, repeat=n):
            if force is not None and choice[force[0]] != force[1]:
                continue
            load = np.zeros(m)
            np.add.at(load, list(choice), sizes)
            if (load <= cap).all():
                best = min(best, sum(cost[i, j] for i, j in enumerate(choice)))
    return best


def test_knapsack_dp_matches_enumeration():
    rng = np.random.default_rng(3)
    wcost = rng.uniform(0, 10, (8, 5))
    sizes = rng.integers(1, 6, 8).astype(float)
    lam = rng.uniform(0, 12, 8)
    v, x, dp = KnapsackDP(wcost, sizes, 11).solve(lam, table=True)
    for j in range(5):
        rc = wcost[:, j] - lam
        best = min(sum(rc[list(s)]) if s else 0.0
                   for r in range(9) for s in itertools.combinations(range(8), r)
                   if sizes[list(s)].sum() <= 11)
        assert v[j] == pytest.approx(best)
        assert sizes[x[:, j]].sum() <= 11
        assert rc[x[:, j]].sum() == pytest.approx(best)
        assert dp[j, 11] == pytest.approx(best)


def test_lagrangian_bound_and_pair_penalties_are_valid():
    rng = np.random.default_rng(7)
    n, m, p, cap = 6, 4, 2, 9
    cost = np.round(rng.uniform(1, 20, (n, m)))
    sizes = rng.integers(1, 5, n).astype(float)
    opt = brute_cpmp(cost, sizes, cap, p)
    lag = knapsack_lagrangian(cost, sizes, cap, p, np.array([], np.int64), opt,
                              deadline=float("inf"), max_iter=300)
    assert lag.bound <= opt + 1e-9
    for i, j in itertools.product(range(n), range(m)):
        forced = brute_cpmp(cost, sizes, cap, p, force=(i, j))
        assert lag.bound + lag.penalty[i, j] <= forced + 1e-6


def test_cpmp01_reaches_its_optimum_713():
    cost, demand, cap, p = read_oc("cpmp01")
    sol = bounded_p_median(cost, np.ones(len(demand)), 0, cap, sizes=demand, p=p,
                           time_limit=10, seed=0)
    assert sol.objective == pytest.approx(713)
    assert sol.lower_bound <= sol.objective + 1e-9
    loads = np.bincount(sol.assignment, weights=demand, minlength=cost.shape[1])
    assert loads.max() <= cap
    assert len(sol.facilities) == p
    assert set(np.unique(sol.assignment)) <= set(sol.facilities.tolist())


def test_cpmp11_short_run_keeps_a_valid_bound_and_feasible_loads():
    cost, demand, cap, p = read_oc("cpmp11")
    a = bounded_p_median(cost, np.ones(len(demand)), 0, cap, sizes=demand, p=p,
                         time_limit=1.0, seed=4)
    assert a.lower_bound <= a.objective + 1e-9
    assert a.lower_bound > 0
    assert a.objective >= 1006 - 1e-9
    loads = np.bincount(a.assignment, weights=demand, minlength=cost.shape[1])
    assert loads.max() <= cap


def test_knapsack_bound_on_cpmp11_is_within_two_percent_of_the_optimum():
    cost, demand, cap, p = read_oc("cpmp11")
    lag = knapsack_lagrangian(cost, demand, cap, p, np.array([], np.int64), 1006.0,
                              deadline=float("inf"), max_iter=400, integral=True)
    assert 0.98 * 1006 < lag.bound <= 1006
