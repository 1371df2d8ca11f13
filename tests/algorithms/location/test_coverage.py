"""Maximal covering and set covering against brute force on tiny instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from algorithms.location import max_covering, set_covering


def instance(seed: int, n: int = 12, m: int = 8):
    rng = np.random.default_rng(seed)
    pts, sites = rng.random((n, 2)) * 10, rng.random((m, 2)) * 10
    cost = np.linalg.norm(pts[:, None, :] - sites[None, :, :], axis=2)
    return cost, rng.integers(1, 10, size=n).astype(float)


def brute_mclp(cost, p, radius, w, fixed=()):
    a = cost <= radius
    best = 0.0
    for subset in itertools.combinations(range(cost.shape[1]), p):
        if not set(fixed) <= set(subset):
            continue
        best = max(best, float(w[a[:, subset].any(axis=1)].sum()))
    return best


def brute_lscp(cost, radius, fixed=()):
    a = cost <= radius
    need = a.any(axis=1)
    for k in range(0, cost.shape[1] + 1):
        for subset in itertools.combinations(range(cost.shape[1]), k):
            if set(fixed) <= set(subset) and (a[:, subset].any(axis=1) | ~need).all():
                return k
    raise AssertionError("unreachable")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("p", [1, 2, 3])
def test_max_covering_matches_brute_force(seed, p):
    cost, w = instance(seed)
    res = max_covering(cost, p, 2.5, w)
    assert res.covered_weight == pytest.approx(brute_mclp(cost, p, 2.5, w))
    assert res.objective == res.covered_weight
    assert res.proven_optimal and res.lower_bound == res.upper_bound == res.objective
    assert len(res.facilities) == p == len(set(res.facilities.tolist()))
    # "covered" is exactly the points within the radius of an open site
    assert np.array_equal(res.covered, (cost[:, res.facilities] <= 2.5).any(axis=1))


def test_max_covering_keeps_fixed_sites():
    cost, w = instance(3)
    res = max_covering(cost, 3, 2.5, w, fixed=[0, 1])
    assert {0, 1} <= set(res.facilities.tolist()) and len(res.facilities) == 3
    assert res.covered_weight == pytest.approx(brute_mclp(cost, 3, 2.5, w, fixed=(0, 1)))


def test_max_covering_when_everything_is_covered_early():
    cost = np.array([[0.0, 5.0, 5.0], [1.0, 5.0, 5.0]])
    res = max_covering(cost, 2, 1.0)
    assert res.covered.all() and len(res.facilities) == 2 and res.proven_optimal


@pytest.mark.parametrize("seed", range(6))
def test_set_covering_matches_brute_force(seed):
    cost, w = instance(seed, n=14, m=9)
    res = set_covering(cost, 3.0, w)
    assert res.objective == brute_lscp(cost, 3.0) == len(res.facilities)
    coverable = (cost <= 3.0).any(axis=1)
    assert np.array_equal(res.covered, coverable)
    assert res.covered_weight == pytest.approx(float(w[coverable].sum()))
    assert res.proven_optimal


def test_set_covering_reports_uncoverable_points_and_keeps_fixed():
    cost = np.array([[1.0, 9.0, 9.0], [9.0, 1.0, 9.0], [9.0, 9.0, 9.0], [1.0, 1.0, 9.0]])
    res = set_covering(cost, 2.0, fixed=[2])
    assert res.info["uncoverable"].tolist() == [2]
    assert res.facilities.tolist() == [0, 1, 2]
    assert res.covered.tolist() == [True, True, False, True]
    assert res.objective == brute_lscp(cost, 2.0, fixed=(2,)) == 3


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: max_covering(np.ones((3, 2)), 3, 1.0), "exceeds the 2 candidate"),
        (lambda: max_covering(np.ones((3, 2)), 0, 1.0), "positive integer"),
        (lambda: max_covering(np.ones((3, 3)), 1, 1.0, fixed=[0, 1]), "2 fixed sites exceed p = 1"),
        (lambda: max_covering(np.ones((3, 2)), 1, -1.0), "radius"),
        (lambda: set_covering(np.ones((3, 2)), 1.0, fixed=[5]), "out of range"),
        (lambda: set_covering(np.ones((3, 2)), 1.0, weights=np.ones(2)), "weights has 2 entries"),
        (lambda: set_covering(-np.ones((3, 2)), 1.0), "negative"),
    ],
)
def test_invalid_requests_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_without_time_for_highs_the_greedy_answer_keeps_valid_bounds():
    cost, w = instance(4, n=14, m=9)
    mc = max_covering(cost, 2, 2.5, w, time_limit=0.0)
    best = brute_mclp(cost, 2, 2.5, w)
    assert mc.lower_bound == mc.covered_weight <= best <= mc.upper_bound
    sc = set_covering(cost, 3.0, w, time_limit=0.0)
    assert sc.lower_bound <= brute_lscp(cost, 3.0) <= sc.objective == len(sc.facilities)
    assert sc.covered[(cost <= 3.0).any(axis=1)].all()
