"""One large group of the size-bounded p-median (bounded_large): a valid bound, a good plan,
an early stop when proven, and the time limit kept."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from algorithms.location import bounded_large, bounded_p_median
from algorithms.location.bounded_large import LARGE_POINTS, SwapCosts, _ranked_swaps, solve_large
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator, greedy_open
from algorithms.location.pairs_mip import solve_pairs
from algorithms.location.result import Effort


def clustered(n: int, seed: int, spread: float = 1.5):
    """n villages in clusters of about 25, candidates = villages + n/3 key sites: (km, pop)."""
    rng = np.random.default_rng(seed)
    k = max(2, n // 25)
    centres = rng.uniform(0, 3 * np.sqrt(n), size=(k, 2))
    xy = centres[rng.integers(0, k, n)] + rng.normal(0, spread, size=(n, 2))
    extra = n // 3
    cxy = np.concatenate([xy, centres[rng.integers(0, k, extra)]
                          + rng.normal(0, spread, size=(extra, 2))])
    km = np.linalg.norm(xy[:, None] - cxy[None], axis=2) * rng.uniform(1.15, 1.6, (n, n + extra))
    return km, rng.integers(500, 4001, n).astype(float)


def check_plan(wcost, sites, assign, p, objective):
    n = wcost.shape[0]
    assert len(sites) == p and set(np.unique(assign)) <= set(sites.tolist())
    loads = np.bincount(assign, minlength=wcost.shape[1])[sites]
    assert loads.min() >= 5 and loads.max() <= 8
    assert objective == pytest.approx(wcost[np.arange(n), assign].sum(), rel=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_bound_never_exceeds_the_highs_optimum(seed):
    n = 48
    km, pop = clustered(n, seed, spread=2.5)
    wcost = km * pop[:, None]
    p = math.ceil(n / 8)
    ii, jj = np.nonzero(np.isfinite(wcost))
    model = GroupModel(wcost, np.ones(n), 5, 8, p, np.array([], np.int64))
    ref = solve_pairs(model, ii, jj, time_limit=120, rel_gap=1e-9, presolve=True)
    assert ref.optimal
    res = solve_large(model, time_limit=10, seed=seed)
    assert res.bound <= ref.objective * (1 + 1e-9)
    assert res.objective >= ref.objective * (1 - 1e-9)
    check_plan(wcost, res.sites, res.assignment, p, res.objective)
    if res.optimal:
        assert res.objective == pytest.approx(ref.objective, rel=1e-9)


def test_single_group_of_300_within_the_documented_gap():
    """The README's hard single group: within 8% of the (LP-strength) bound, and far better
    than the per-station path found there before this module (1,445,286 at 20 s)."""
    km, pop = clustered(300, 1)
    sol = bounded_p_median(km, pop, 5, 8, time_limit=30)
    assert len(sol.facilities) == 38 and sol.info["groups"][0]["p"] == 38
    assert sol.lower_bound <= sol.objective
    assert sol.gap < 0.08
    assert sol.objective < 1_000_000
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, 38, sol.objective)


def test_stops_as_soon_as_proven():
    """Well separated clusters of exactly 8: the bound meets the plan, the run ends early."""
    rng = np.random.default_rng(0)
    k = LARGE_POINTS // 8 + 2
    centres = np.stack([np.arange(k) * 100.0, np.zeros(k)], axis=1)
    xy = np.repeat(centres, 8, axis=0) + rng.normal(0, 1.0, size=(8 * k, 2))
    km = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    t = time.perf_counter()
    sol = bounded_p_median(km, np.ones(8 * k), 5, 8, time_limit=60)
    assert sol.proven_optimal and sol.lower_bound == sol.objective
    assert time.perf_counter() - t < 20


@pytest.mark.parametrize(("n", "limit"), [(500, 3.0), (500, 8.0), (200, 3.0)])
def test_never_overruns_the_time_limit(n, limit):
    """At n = 200 the bound leaves about 40,000 pairs for HiGHS, whose root LP runs to its
    end whatever HiGHS's time limit: it is started only where it fits."""
    km, pop = clustered(n, 2)
    t = time.perf_counter()
    sol = bounded_p_median(km, pop, 5, 8, time_limit=limit)
    assert time.perf_counter() - t <= limit + 1.0
    assert sol.lower_bound <= sol.objective


def test_time_past_the_search_cap_goes_to_the_proof(monkeypatch):
    """With time to spare, the search stops at its cap and HiGHS proves the plan: the run
    ends proven long before its limit (it searched to 75 % of the limit before). The core MIP
    is off: it would prove this plan itself."""
    monkeypatch.setattr(bounded_large, "CORE_SHARE", 0.0)
    monkeypatch.setattr(bounded_large, "SEARCH_SECONDS", 1.0)
    monkeypatch.setattr(bounded_large, "SEARCH_SECONDS_PER_POINT", 0.0)
    km, pop = clustered(200, 2)
    t = time.perf_counter()
    sol = bounded_p_median(km, pop, 5, 8, p=31, time_limit=90)
    assert sol.proven_optimal and sol.info["groups"][0]["mip"] == "optimal"
    assert time.perf_counter() - t < 40
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, 31, sol.objective)


def test_the_search_goes_on_when_the_mip_cannot_follow(monkeypatch):
    """Past the cap, when the bound leaves too many pairs for HiGHS, the search uses the rest
    of the time instead of stopping at the cap."""
    monkeypatch.setattr(bounded_large, "SEARCH_SECONDS", 0.5)
    monkeypatch.setattr(bounded_large, "SEARCH_SECONDS_PER_POINT", 0.0)
    monkeypatch.setattr(bounded_large, "PAIR_CAP", 10)
    km, pop = clustered(200, 2)
    t = time.perf_counter()
    sol = bounded_p_median(km, pop, 5, 8, p=31, time_limit=4)
    used = time.perf_counter() - t
    assert sol.info["groups"][0]["mip"] == "skipped" and not sol.proven_optimal
    assert 3.0 <= used <= 5.0
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, 31, sol.objective)


def test_the_mip_gets_its_time_once_the_search_leaves_few_pairs(monkeypatch):
    """The greedy plan's bound leaves about 47,000 pairs here, too many to reserve the MIP's
    time up front with a cap of 20,000; after the streams about 1,000 are left, and the MIP
    runs after all instead of being skipped at the deadline (the core MIP off: it would prove
    this plan itself)."""
    monkeypatch.setattr(bounded_large, "CORE_SHARE", 0.0)
    monkeypatch.setattr(bounded_large, "PAIR_CAP", 20_000)
    km, pop = clustered(200, 2)
    sol = bounded_p_median(km, pop, 5, 8, p=31, time_limit=8)
    group = sol.info["groups"][0]
    assert group["mip"] != "skipped" and group["pairs_needed"] <= 20_000
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, 31, sol.objective)


def test_fixed_sites_stay_open_and_the_plan_is_deterministic():
    km, pop = clustered(LARGE_POINTS + 40, 5)
    runs = [bounded_p_median(km, pop, 5, 8, fixed=[3, 17], time_limit=60,
                             effort=Effort(search_rounds=20)) for _ in range(2)]
    sol = runs[0]
    assert {3, 17} <= set(sol.facilities.tolist())
    p = len(sol.facilities)
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, p, sol.objective)
    assert sol.lower_bound <= sol.objective
    assert np.array_equal(runs[0].assignment, runs[1].assignment)


def test_the_streams_plans_are_merged_into_a_better_one():
    """Counted work: three streams of 15 perturbation rounds each, whose plans HiGHS merges
    into a better plan than any of them (clustered villages, where the streams differ). The
    Lagrangian, the rounds and the merge take under 4 s here; the 12 s ceiling then ends
    the exact pairs MIP."""
    n, p = 200, 25
    km, pop = clustered(n, 1)
    wcost = km * pop[:, None]
    model = GroupModel(wcost, np.ones(n), 5, 8, p, np.array([], np.int64))
    res = solve_large(model, time_limit=12, seed=0, effort=Effort(search_rounds=60))
    assert res.info["stream_rounds"] == [15, 15, 15]
    assert res.info["merged"] is True
    check_plan(wcost, res.sites, res.assignment, p, res.objective)


@pytest.mark.parametrize("near", [3, 64])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ranked_swaps_are_the_best_uncapacitated_savings(seed, near, monkeypatch):
    """The ranked swaps are the k best by the saving's definition, summed over every point
    and every (a, b) here; forbidden pairs, a fixed site and points kept from their nearest
    site by the size bounds included; with few sites kept per point (3) the search falls
    back to all of a point's sites where it must."""
    monkeypatch.setattr(bounded_large, "NEAR", near)
    rng = np.random.default_rng(seed)
    km, pop = clustered(60, seed)
    big = km * pop[:, None]
    big[rng.random(big.shape) < 0.1] = np.inf
    big[np.arange(60), np.arange(60)] = km[np.arange(60), np.arange(60)] * pop
    ev = Evaluator(big, np.ones(60), 5, 8)
    sites = greedy_open(np.where(np.isfinite(big), big, 1e12), 8, np.array([], dtype=np.int64))
    obj, assign = ev(sites)
    assert np.isfinite(obj)
    fixed = {int(sites[0])}
    cur = big[np.arange(60), assign]
    other = np.array([min([big[i, s] for s in sites if s != assign[i]] or [np.inf])
                      for i in range(60)])
    saving = {}
    for a in sites:
        for b in np.setdiff1d(np.arange(big.shape[1]), sites):
            if int(a) in fixed:
                continue
            new = np.where(assign == a, np.minimum(big[:, b], other), np.minimum(big[:, b], cur))
            saving[(int(a), int(b))] = float((new - cur).sum())
    best = sorted(v for v in saving.values() if np.isfinite(v))[:10]
    got = _ranked_swaps(SwapCosts(big), sites, assign, fixed, 10)
    assert [saving[s] for s in got] == pytest.approx(best, rel=1e-9)
    assert all(a not in fixed and a in sites and b not in sites for a, b in got)


def test_the_mip_says_whether_the_clock_or_the_node_count_stopped_it():
    """scipy reports HiGHS's node limit as status 4 ("other"); the outcome names it, and
    the clock ("time limit" makes `site` list the station as stopped by the clock)."""
    km, pop = clustered(100, 1)
    model = GroupModel(km * pop[:, None], np.ones(100), 5, 8, 13, np.array([], dtype=np.int64))
    ii, jj = np.nonzero(np.isfinite(model.wcost))
    by_nodes = solve_pairs(model, ii, jj, time_limit=120, node_limit=1)
    by_clock = solve_pairs(model, ii, jj, time_limit=0.2)
    assert by_nodes.outcome == "node limit" and not by_nodes.optimal
    assert (by_clock.status, by_clock.outcome) == (1, "time limit")
