"""The uncapacitated p-median solver against brute force, invariants and OR-Library pmed1."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from algorithms.location import p_median
from algorithms.location.pmedian import assign_nearest
from algorithms.progress import Cancelled, CancelToken

PMED = Path(__file__).resolve().parents[3] / ".." / "shared" / "bench" / "pmed"


def brute_force(cost: np.ndarray, p: int, weights: np.ndarray | None = None) -> float:
    """Optimum by enumerating every p-subset of the candidates."""
    w = np.ones(cost.shape[0]) if weights is None else weights
    best = np.inf
    for subset in itertools.combinations(range(cost.shape[1]), p):
        d = cost[:, subset].min(axis=1)
        if np.isinf(d[w > 0]).any():
            continue
        best = min(best, float((w[w > 0] * d[w > 0]).sum()))
    return best


def planar_instance(seed: int, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pts, sites = rng.random((n, 2)) * 100, rng.random((m, 2)) * 100
    cost = np.linalg.norm(pts[:, None, :] - sites[None, :, :], axis=2)
    return cost, rng.integers(1, 20, size=n).astype(float)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("p", [2, 3, 5])
def test_matches_brute_force_on_small_planar_instances(seed, p):
    cost, w = planar_instance(seed, 12, 10)
    sol = p_median(cost, p, w, seed=seed)
    assert sol.objective == pytest.approx(brute_force(cost, p, w), rel=1e-9)
    assert sol.lower_bound <= sol.objective + 1e-6


def test_integer_costs_proven_optimal():
    rng = np.random.default_rng(7)
    cost = rng.integers(1, 50, size=(12, 12)).astype(float)
    sol = p_median(cost, 4)
    assert sol.objective == brute_force(cost, 4)
    assert sol.proven_optimal and sol.lower_bound == sol.objective
    assert sol.info["proven_optimal"] is True


def test_unreachable_pairs_are_avoided():
    # two clusters joined by nothing: every solution must open a site in each
    cost = np.full((6, 4), np.inf)
    cost[:3, :2] = [[1, 4], [2, 3], [5, 1]]
    cost[3:, 2:] = [[1, 2], [3, 1], [2, 2]]
    sol = p_median(cost, 2)
    assert sol.objective == brute_force(cost, 2) == 13.0
    assert np.isfinite(cost[np.arange(6), sol.assignment]).all()


def test_p_too_small_to_reach_everybody_is_refused():
    cost = np.array([[1.0, np.inf], [np.inf, 1.0], [2.0, np.inf]])
    with pytest.raises(ValueError, match="reaches every demand point"):
        p_median(cost, 1)


def test_trivial_cases_p_one_and_p_all():
    cost, w = planar_instance(3, 9, 6)
    one = p_median(cost, 1, w)
    assert one.objective == pytest.approx(brute_force(cost, 1, w))
    assert one.proven_optimal
    every = p_median(cost, 6, w)
    assert list(every.facilities) == list(range(6))
    assert every.objective == pytest.approx(float((w * cost.min(axis=1)).sum()))


def test_zero_weights_do_not_count():
    cost, w = planar_instance(4, 10, 7)
    w[:4] = 0.0
    sol = p_median(cost, 3, w)
    assert sol.objective == pytest.approx(brute_force(cost, 3, w))
    # every point, weighted or not, still goes to its nearest open site
    assert np.array_equal(
        sol.assignment, sol.facilities[np.argmin(cost[:, sol.facilities], axis=1)]
    )


@st.composite
def instances(draw):
    n = draw(st.integers(2, 14))
    m = draw(st.integers(2, 9))
    p = draw(st.integers(1, m))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    integral = draw(st.booleans())
    cost = rng.integers(0, 30, size=(n, m)).astype(float) if integral else rng.random((n, m)) * 10
    weights = rng.integers(0, 5, size=n).astype(float) if draw(st.booleans()) else None
    return cost, p, weights


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_invariants(instance):
    cost, p, weights = instance
    sol = p_median(cost, p, weights, seed=3)
    fac = sol.facilities
    assert len(fac) == p and len(set(fac.tolist())) == p and np.all(np.diff(fac) > 0)
    assert np.array_equal(sol.assignment, fac[np.argmin(cost[:, fac], axis=1)]) or np.allclose(
        cost[np.arange(len(cost)), sol.assignment], cost[:, fac].min(axis=1)
    )
    w = np.ones(len(cost)) if weights is None else weights
    assert sol.objective == pytest.approx(float((w * cost[:, fac].min(axis=1)).sum()), abs=1e-9)
    assert sol.lower_bound <= sol.objective + 1e-6
    optimum = brute_force(cost, p, weights)
    assert sol.lower_bound <= optimum + 1e-6
    assert sol.objective == pytest.approx(optimum, rel=1e-9, abs=1e-9)
    again = p_median(cost, p, weights, seed=3)
    assert np.array_equal(again.facilities, fac) and again.objective == sol.objective


def test_deterministic_given_seed_on_a_larger_instance():
    cost, w = planar_instance(11, 150, 60)
    a = p_median(cost, 8, w, seed=5)
    b = p_median(cost, 8, w, seed=5)
    assert np.array_equal(a.facilities, b.facilities) and a.objective == b.objective
    assert a.lower_bound <= a.objective


def test_lower_bound_and_fixed_assignment_helper():
    cost, w = planar_instance(2, 12, 9)
    opt = brute_force(cost, 3, w)
    bound = p_median(cost, 3, w).lower_bound
    assert 0.8 * opt < bound <= opt + 1e-6  # a valid bound, and a useful one, not zero
    assignment, objective = assign_nearest(cost, [4, 1], w)
    assert set(assignment.tolist()) <= {1, 4}
    assert objective == pytest.approx(float((w * cost[:, [1, 4]].min(axis=1)).sum()))
    sol = p_median(cost, 3, w)
    assert assign_nearest(cost, sol.facilities, w)[1] == pytest.approx(sol.objective)


def test_assign_nearest_marks_unreachable_points():
    cost = np.array([[1.0, np.inf], [np.inf, 2.0]])
    assignment, objective = assign_nearest(cost, [0])
    assert assignment.tolist() == [0, -1] and objective == np.inf


def test_progress_and_cancel():
    cost, w = planar_instance(5, 80, 40)
    calls = []
    p_median(cost, 5, w, progress=lambda f, msg: calls.append((f, msg)))
    assert calls and all(0.0 <= f <= 1.0 for f, _ in calls) and calls[-1][0] == 1.0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        p_median(cost, 5, w, cancel=token)


def test_an_exhausted_time_limit_still_returns_a_valid_solution():
    cost, w = planar_instance(6, 300, 200)
    sol = p_median(cost, 30, w, time_limit=1e-4)
    assert len(sol.facilities) == 30
    assert sol.objective == pytest.approx(float((w * cost[:, sol.facilities].min(axis=1)).sum()))
    assert 0 < sol.lower_bound <= sol.objective
    full = p_median(cost, 30, w)
    assert full.objective <= sol.objective and full.lower_bound <= full.objective


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cost": np.ones((3, 2)), "p": 3}, "exceeds the 2 candidate"),
        ({"cost": np.ones((3, 2)), "p": 0}, "at least 1"),
        (
            {"cost": np.array([[1.0, 2.0], [np.inf, np.inf]]), "p": 1},
            "demand point 1 cannot be reached",
        ),
        ({"cost": np.ones((3, 2)), "p": 1, "weights": np.ones(4)}, "weights has 4 entries"),
        ({"cost": -np.ones((3, 2)), "p": 1}, "negative"),
        ({"cost": np.ones(3), "p": 1}, "2-D"),
        ({"cost": np.ones((3, 2)), "p": 1, "weights": -np.ones(3)}, "negative"),
        ({"cost": np.full((2, 2), np.nan), "p": 1}, "NaN"),
    ],
)
def test_impossible_requests_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        p_median(**kwargs)


def test_pmed1_optimum():
    path = PMED / "pmed1.txt"
    if not path.exists():
        pytest.skip("OR-Library pmed data not beside the repository")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from benchmarks._orlib import read_pmed

    cost, p = read_pmed(path)
    assert (cost.shape, p) == ((100, 100), 5)
    sol = p_median(cost, p, time_limit=20)
    assert sol.objective == 5819
    assert sol.lower_bound == 5819  # proven optimal by the Lagrangian bound


def test_branch_and_bound_closes_a_fractional_root_gap():
    # integer data whose Lagrangian (LP) bound at the root is below the optimum
    rng = np.random.default_rng(1001)
    cost = rng.integers(1, 40, size=(56, 14)).astype(float)
    w = rng.integers(1, 9, size=56).astype(float)
    sol = p_median(cost, 5, w, seed=1)
    assert "branch and bound" in sol.info["method"] and sol.info["nodes"] > 1
    assert sol.objective == brute_force(cost, 5, w)
    assert sol.proven_optimal


def test_branch_and_bound_out_of_time_keeps_a_valid_bound():
    from algorithms.location.pmedian_branching import branch_and_bound
    from algorithms.location.pmedian_lagrangian import PMedianLagrangian
    from algorithms.location.pmedian_swaps import SwapSearch

    rng = np.random.default_rng(1001)
    d = rng.integers(1, 40, size=(56, 14)).astype(float) * rng.integers(1, 9, size=56)[:, None]
    opt = brute_force(d, 5)
    search = SwapSearch(d, 5)
    sites, value = search.local_search(search.greedy())
    lag = PMedianLagrangian(d, 5)
    lag.run(value, max_iter=300)
    for deadline in (0.0, None):  # no time at all, then unlimited
        tree = branch_and_bound(
            d,
            5,
            sites,
            value,
            np.arange(14),
            lag.best_lam,
            lag.proven_bound(),
            integral=True,
            deadline=deadline,
        )
        assert tree.bound <= opt <= tree.value
    assert tree.optimal and tree.value == opt == tree.bound
