"""assign_officers: proven against enumerating every assignment of small cases, and HiGHS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algorithms.location import assign_officers
from tests.algorithms.location.staffing_reference import highs_least_cost


def brute_force(cost, need, capacity, fixed=()):
    """Every set of (person, grid) pairs within the rules; the best by (slots, grids covered, -cost)."""
    n_p, n_g = cost.shape
    fixed = set(fixed)
    free = [(p, g) for p in range(n_p) for g in range(n_g) if np.isfinite(cost[p, g]) and (p, g) not in fixed]
    best = None
    for mask in itertools.product((0, 1), repeat=len(free)):
        pairs = list(fixed) + [pr for pr, m in zip(free, mask, strict=True) if m]
        held = np.bincount([p for p, _ in pairs], minlength=n_p)
        filled = np.bincount([g for _, g in pairs], minlength=n_g)
        if (held > capacity).any():
            continue
        extra = [pr for pr in pairs if pr not in fixed]
        # a free pair may only fill a slot the grid still needs
        fixed_per_grid = np.bincount([g for _, g in fixed], minlength=n_g) if fixed else np.zeros(n_g, int)
        extra_per_grid = np.bincount([g for _, g in extra], minlength=n_g) if extra else np.zeros(n_g, int)
        if (extra_per_grid > np.maximum(need - fixed_per_grid, 0)).any():
            continue
        key = (int(np.minimum(filled, need).sum()), int((filled > 0).sum()), -sum(cost[p, g] for p, g in pairs))
        if best is None or key > best:
            best = key
    return best


def key_of(sol, cost, need):
    return (int(np.minimum(sol.filled, need).sum()), int((sol.filled > 0).sum()), -sol.objective)


@st.composite
def cases(draw):
    n_p = draw(st.integers(1, 4))
    n_g = draw(st.integers(1, 3))
    values = draw(st.lists(st.one_of(st.integers(0, 20), st.just(-1)), min_size=n_p * n_g, max_size=n_p * n_g))
    cost = np.array([np.inf if v < 0 else float(v) for v in values]).reshape(n_p, n_g)
    need = np.array(draw(st.lists(st.integers(0, 3), min_size=n_g, max_size=n_g)))
    capacity = np.array(draw(st.lists(st.integers(0, 2), min_size=n_p, max_size=n_p)))
    return cost, need, capacity


@settings(max_examples=150, deadline=None)
@given(cases())
def test_matches_brute_force(case):
    cost, need, capacity = case
    sol = assign_officers(cost, need, capacity)
    best = brute_force(cost, need, capacity)
    got = key_of(sol, cost, need)
    assert got[:2] == best[:2]
    assert got[2] == pytest.approx(best[2], abs=1e-6)
    assert sol.optimal
    # the rules: capacity, one slot per person per grid, never more than needed, allowed pairs only
    assert len(set(sol.pairs)) == len(sol.pairs)
    assert (np.bincount([p for p, _ in sol.pairs], minlength=len(capacity)) <= capacity).all()
    assert (sol.filled <= need).all()
    assert all(np.isfinite(cost[p, g]) for p, g in sol.pairs)
    assert (sol.unfilled == need - sol.filled).all()


@settings(max_examples=80, deadline=None)
@given(cases(), st.data())
def test_fixed_pairs_stay_and_rest_is_optimal(case, data):
    cost, need, capacity = case
    finite = [(p, g) for p in range(cost.shape[0]) for g in range(cost.shape[1]) if np.isfinite(cost[p, g])]
    chosen = data.draw(st.lists(st.sampled_from(finite), unique=True, max_size=2)) if finite else []
    held = np.bincount([p for p, _ in chosen], minlength=len(capacity))
    capacity = np.maximum(capacity, held)
    sol = assign_officers(cost, need, capacity, fixed=chosen)
    assert set(chosen) <= set(sol.pairs)
    best = brute_force(cost, need, capacity, fixed=chosen)
    # fixed pairs may exceed a grid's need; compare slots counted up to the need
    got = key_of(sol, cost, need)
    assert got[:2] == best[:2]
    assert got[2] == pytest.approx(best[2], abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_the_network_simplex_fallback_agrees(case):
    import algorithms.location.staffing as staffing

    cost, need, capacity = case
    lp = assign_officers(cost, need, capacity)
    original = staffing._solve_lp
    staffing._solve_lp = lambda *a, **k: None
    try:
        flow = assign_officers(cost, need, capacity)
    finally:
        staffing._solve_lp = original
    assert key_of(flow, cost, need)[:2] == key_of(lp, cost, need)[:2]
    assert flow.objective == pytest.approx(lp.objective, abs=1e-6)


def test_a_long_augmenting_path_still_fills_the_most_slots():
    # person k sits on grid k (0 km) and may take grid k+1 (100 km); one more person may
    # only take grid 0: filling every grid moves the whole chain to its dearer grid
    n = 8
    cost = np.full((n + 1, n + 1), np.inf)
    for k in range(n):
        cost[k, k] = 0.0
        cost[k, k + 1] = 100.0
    cost[n, 0] = 0.0
    sol = assign_officers(cost, need=[1] * (n + 1), capacity=[1] * (n + 1))
    assert sol.shortfall == 0 and sol.objective == pytest.approx(100.0 * n)


def test_short_of_people_covers_grids_before_second_slots():
    # two grids, the first needs 2; one person near the first grid, one in between
    cost = np.array([[1.0, 9.0], [2.0, 3.0]])
    sol = assign_officers(cost, need=[2, 1], capacity=[1, 1])
    assert sorted(g for _, g in sol.pairs) == [0, 1]  # each grid one person, not grid 0 twice
    assert sol.shortfall == 1
    assert sol.objective == pytest.approx(4.0)


def test_one_person_never_fills_two_slots_of_a_grid():
    sol = assign_officers(np.array([[1.0]]), need=[3], capacity=[3])
    assert sol.pairs == [(0, 0)]
    assert list(sol.unfilled) == [2]


def test_refusals_name_the_reason():
    with pytest.raises(ValueError, match="people x grids"):
        assign_officers(np.zeros((2, 2)), need=[1], capacity=[1, 1])
    with pytest.raises(ValueError, match="more than"):
        assign_officers(np.zeros((1, 2)), need=[1, 1], capacity=[1], fixed=[(0, 0), (0, 1)])
    with pytest.raises(ValueError, match="no cost"):
        assign_officers(np.array([[np.inf]]), need=[1], capacity=[1], fixed=[(0, 0)])


def test_against_highs_on_a_larger_random_case():
    rng = np.random.default_rng(7)
    n_p, n_g = 30, 40
    cost = rng.uniform(0.2, 12.0, (n_p, n_g))
    cost[rng.random((n_p, n_g)) < 0.2] = np.inf
    need = rng.integers(1, 3, n_g)
    capacity = rng.integers(1, 3, n_p)
    sol = assign_officers(cost, need, capacity)
    assert highs_least_cost(cost, need, capacity) == pytest.approx(sol.objective, abs=n_p * n_g * 1e-3)
