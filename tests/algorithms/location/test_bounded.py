"""bounded_p_median against brute force, its invariants, and its refusals."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from algorithms.location import bounded_p_median

CPMP = Path(__file__).resolve().parents[3] / ".." / "shared" / "bench" / "cpmp"


def brute_force(cost, weights, lo, hi, p, sizes=None, fixed=()):
    """Optimum by enumerating every assignment of points to p-subsets of sites."""
    n, m = cost.shape
    sizes = np.ones(n) if sizes is None else np.asarray(sizes, float)
    best = math.inf
    for sites in itertools.combinations(range(m), p):
        if not set(fixed) <= set(sites):
            continue
        for choice in itertools.product(sites, repeat=n):
            load = {s: 0.0 for s in sites}
            for i, s in enumerate(choice):
                load[s] += sizes[i]
            if all(lo - 1e-9 <= v <= hi + 1e-9 for v in load.values()):
                val = sum(weights[i] * cost[i, s] for i, s in enumerate(choice))
                best = min(best, val)
    return best


def random_instance(seed, n, m):
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 10, (n, 2))
    sites = rng.uniform(0, 10, (m, 2))
    cost = np.linalg.norm(pts[:, None] - sites[None], axis=2) * rng.uniform(1.1, 1.5, (n, m))
    weights = rng.integers(1, 5, n).astype(float)
    return cost, weights


def check_solution(sol, cost, weights, lo, hi, sizes=None):
    n = cost.shape[0]
    sizes = np.ones(n) if sizes is None else np.asarray(sizes, float)
    assert np.all(np.isin(sol.assignment, sol.facilities))
    for f in sol.facilities:
        load = sizes[sol.assignment == f].sum()
        assert lo - 1e-9 <= load <= hi + 1e-9
    assert sol.objective == pytest.approx((weights * cost[np.arange(n), sol.assignment]).sum())
    assert sol.lower_bound <= sol.objective + 1e-6
    assert list(sol.facilities) == sorted(sol.facilities)


@pytest.mark.parametrize("seed", range(4))
def test_matches_brute_force_unit_sizes(seed):
    cost, w = random_instance(seed, 7, 5)
    sol = bounded_p_median(cost, w, 2, 3, p=3)
    check_solution(sol, cost, w, 2, 3)
    assert sol.objective == pytest.approx(brute_force(cost, w, 2, 3, 3))
    assert sol.info["proven_optimal"]
    assert sol.lower_bound == pytest.approx(sol.objective)


@pytest.mark.parametrize("seed", range(3))
def test_matches_brute_force_capacitated(seed):
    cost, w = random_instance(10 + seed, 7, 5)
    sizes = np.random.default_rng(seed).integers(1, 6, 7).astype(float)
    cap = math.ceil(sizes.sum() / 2 * 1.15)
    sol = bounded_p_median(cost, w, 0, cap, sizes=sizes, p=2)
    check_solution(sol, cost, w, 0, cap, sizes)
    assert sol.objective == pytest.approx(brute_force(cost, w, 0, cap, 2, sizes))


def test_p_none_opens_fewest_sites_and_fixed_stay_open():
    cost, w = random_instance(5, 17, 9)
    sol = bounded_p_median(cost, w, 5, 8, fixed=[4])
    assert len(sol.facilities) == 3  # ceil(17 / 8)
    assert 4 in sol.facilities
    check_solution(sol, cost, w, 5, 8)
    assert sol.objective == pytest.approx(brute_force_small_fixed(cost, w, 5, 8, 3, 4))


def brute_force_small_fixed(cost, weights, lo, hi, p, fixed):
    """Brute force over open sets; the assignment of each set solved exactly by LP."""
    from algorithms.location.assignment import assign_unit

    m = cost.shape[1]
    best = math.inf
    for sites in itertools.combinations(range(m), p):
        if fixed in sites:
            val, _ = assign_unit(weights[:, None] * cost, np.array(sites), lo, hi)
            best = min(best, val)
    return best


def test_groups_are_respected_and_decomposed():
    cost, w = random_instance(7, 30, 12)
    groups = np.array([0] * 12 + [1] * 18)
    cgroups = np.array([0] * 5 + [1] * 7)
    sol = bounded_p_median(cost, w, 5, 8, groups=groups, candidate_groups=cgroups)
    check_solution(sol, cost, w, 5, 8)
    assert np.all(cgroups[sol.assignment] == groups)
    per_group = {g["group"]: g["p"] for g in sol.info["groups"]}
    assert per_group == {0: 2, 1: 3}  # ceil(12/8), ceil(18/8)
    assert sol.info["proven_optimal"]


def test_p_given_is_split_over_groups():
    cost, w = random_instance(8, 36, 16)
    groups = np.array([0] * 16 + [1] * 20)  # 2..3 and 3..4 sites of 5-8
    cgroups = np.array([0] * 8 + [1] * 8)
    sol = bounded_p_median(cost, w, 5, 8, p=6, groups=groups, candidate_groups=cgroups)
    assert len(sol.facilities) == 6
    check_solution(sol, cost, w, 5, 8)
    assert np.all(cgroups[sol.assignment] == groups)
    best = min(brute_force_group(cost, w, groups, cgroups, 0, a)
               + brute_force_group(cost, w, groups, cgroups, 1, 6 - a) for a in (2, 3))
    assert sol.objective == pytest.approx(best, rel=1e-9)
    assert sol.lower_bound <= best + 1e-6


def brute_force_group(cost, w, groups, cgroups, g, q):
    from algorithms.location.assignment import assign_unit

    pts, sites = np.flatnonzero(groups == g), np.flatnonzero(cgroups == g)
    sub = (w[:, None] * cost)[np.ix_(pts, sites)]
    return min(assign_unit(sub, np.array(c), 5, 8)[0]
               for c in itertools.combinations(range(len(sites)), q))


def test_unreachable_pairs_are_never_used():
    cost, w = random_instance(9, 12, 6)
    cost[:6, :3] = np.inf
    cost[6:, 3:] = np.inf
    sol = bounded_p_median(cost, w, 5, 8)
    assert np.isfinite(cost[np.arange(12), sol.assignment]).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(5, 24), lo=st.integers(1, 4),
       span=st.integers(0, 4))
def test_invariants_on_random_instances(seed, n, lo, span):
    hi = lo + span
    m = max(3, n // 2)
    cost, w = random_instance(seed, n, m)
    k_lo, k_hi = math.ceil(n / hi), min(m, n // lo)
    if k_lo > k_hi:
        with pytest.raises(ValueError):
            bounded_p_median(cost, w, lo, hi)
        return
    sol = bounded_p_median(cost, w, lo, hi, time_limit=5)
    assert len(sol.facilities) == k_lo
    check_solution(sol, cost, w, lo, hi)
    assert sol.lower_bound > 0


def test_infeasible_group_names_the_group():
    cost, w = random_instance(1, 13, 6)
    groups = np.array(["A"] * 10 + ["B"] * 3)
    cgroups = np.array(["A"] * 4 + ["B"] * 2)
    with pytest.raises(ValueError, match="group B"):
        bounded_p_median(cost, w, 5, 8, groups=groups, candidate_groups=cgroups)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_size": 9, "max_size": 8}, "min_size 9 is larger than max_size 8"),
        ({"p": 1}, "outside the feasible range 2..3"),
        ({"p": 4}, "outside the feasible range 2..3"),
        ({"fixed": [0, 1, 2, 3]}, "fixed sites cannot all be filled"),
    ],
)
def test_impossible_requests_raise(kwargs, message):
    cost, w = random_instance(2, 16, 6)
    args = {"min_size": 5, "max_size": 8} | kwargs
    with pytest.raises(ValueError, match=message):
        bounded_p_median(cost, w, args.pop("min_size"), args.pop("max_size"), **args)


def test_unreachable_point_raises():
    cost, w = random_instance(3, 10, 4)
    cost[7] = np.inf
    with pytest.raises(ValueError, match="demand point 7 can reach no candidate"):
        bounded_p_median(cost, w, 5, 8)


@pytest.mark.skipif(not (CPMP / "osman_christofides" / "cpmp01.txt").exists(),
                    reason="shared CPMP data absent")
def test_cpmp01_reaches_the_optimum():
    rows = [r.split() for r in (CPMP / "osman_christofides" / "cpmp01.txt").read_text()
            .splitlines() if r.strip()]
    n, p = int(rows[0][0]), int(rows[0][1])
    data = np.array([[float(v) for v in r[:4]] for r in rows[1 : n + 1]])
    cost = np.floor(np.linalg.norm(data[:, None, :2] - data[None, :, :2], axis=2))
    sol = bounded_p_median(cost, np.ones(n), 0, 120, sizes=data[:, 3], p=p, time_limit=20)
    assert sol.objective == pytest.approx(713)
    assert sol.lower_bound == pytest.approx(713)


def test_p_given_without_groups_opens_exactly_p():
    cost, w = random_instance(4, 16, 8)
    sol = bounded_p_median(cost, w, 5, 8, p=3)
    assert len(sol.facilities) == 3
    check_solution(sol, cost, w, 5, 8)
    assert sol.objective == pytest.approx(brute_force_small_fixed_any(cost, w, 5, 8, 3))


def brute_force_small_fixed_any(cost, weights, lo, hi, p):
    from algorithms.location.assignment import assign_unit

    return min(assign_unit(weights[:, None] * cost, np.array(c), lo, hi)[0]
               for c in itertools.combinations(range(cost.shape[1]), p))


def test_progress_is_reported_and_cancel_stops():
    from algorithms.progress import Cancelled, CancelToken

    cost, w = random_instance(6, 30, 12)
    groups = np.array([0] * 14 + [1] * 16)
    cgroups = np.array([0] * 6 + [1] * 6)
    seen = []
    bounded_p_median(cost, w, 5, 8, groups=groups, candidate_groups=cgroups,
                     progress=lambda f, msg: seen.append((f, msg)))
    assert seen[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _ in seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        bounded_p_median(cost, w, 5, 8, groups=groups, candidate_groups=cgroups, cancel=token)


def test_deterministic():
    cost, w = random_instance(11, 26, 12)
    a = bounded_p_median(cost, w, 5, 8, seed=3)
    b = bounded_p_median(cost, w, 5, 8, seed=3)
    assert np.array_equal(a.assignment, b.assignment)
    assert a.objective == b.objective


def test_a_warm_start_is_searched_from_and_never_made_worse():
    """``start``: the plan of one site fewer; the heuristic alone (no bound, no MIP) finds a
    plan at least as good as the local search from that start, and the full solve stays optimal."""
    from algorithms.location.bounded_station import solve_group
    from algorithms.location.bounded_swaps import Evaluator, greedy_open, local_search

    cost, w = random_instance(5, 40, 18)
    wcost = w[:, None] * cost
    fewer = bounded_p_median(cost, w, 4, 8, p=6)
    warm = greedy_open(wcost, 7, fewer.facilities)
    _, from_start, _ = local_search(Evaluator(wcost, np.ones(40), 4, 8), warm, np.zeros(0, np.int64),
                                    deadline=float("inf"))
    alone = solve_group(wcost, np.ones(40), 4, 8, 7, np.zeros(0, np.int64), time_limit=5.0,
                        heuristic_only=True, start=fewer.facilities)
    assert alone.objective <= from_start + 1e-9
    full = bounded_p_median(cost, w, 4, 8, p=7, start=fewer.facilities)
    cold = bounded_p_median(cost, w, 4, 8, p=7)
    check_solution(full, cost, w, 4, 8)
    assert full.objective == pytest.approx(cold.objective) and full.info["proven_optimal"]


def test_start_sites_must_be_candidates():
    cost, w = random_instance(2, 16, 6)
    with pytest.raises(ValueError, match="start sites must be candidate indices"):
        bounded_p_median(cost, w, 5, 8, start=[7])


def test_a_gap_target_stops_early_with_an_honest_bound():
    cost, w = random_instance(7, 60, 30)
    exact = bounded_p_median(cost, w, 5, 8, p=9)
    loose = bounded_p_median(cost, w, 5, 8, p=9, gap=0.05)
    check_solution(loose, cost, w, 5, 8)
    assert loose.lower_bound <= exact.objective + 1e-6  # still a bound on the optimum
    assert loose.objective - loose.lower_bound <= 0.05 * loose.objective + 1e-6
    with pytest.raises(ValueError, match="gap must be"):
        bounded_p_median(cost, w, 5, 8, gap=1.5)


def test_effort_stops_on_counted_work_and_gives_the_timed_optimum():
    """With ``effort`` every step stops on counted work: the plan is proven, says why it
    stopped, is the same run after run, and is the optimum the time-shared search proves."""
    from algorithms.location import Effort

    cost, w = random_instance(7, 60, 30)
    runs = [bounded_p_median(cost, w, 5, 8, effort=Effort(), time_limit=600) for _ in range(2)]
    for r in runs:
        check_solution(r, cost, w, 5, 8)
        assert r.info["groups"][0]["stopped"] == "proven" and r.proven_optimal
    assert np.array_equal(runs[0].assignment, runs[1].assignment)
    assert runs[0].objective == runs[1].objective and runs[0].lower_bound == runs[1].lower_bound
    timed = bounded_p_median(cost, w, 5, 8, time_limit=30)
    assert timed.proven_optimal and timed.objective == pytest.approx(runs[0].objective, rel=1e-9)
    assert timed.info["groups"][0]["stopped"] == "proven"


def test_a_group_says_the_clock_stopped_it_unless_its_plan_is_proven():
    """One rule for every group's ``stopped``: a proven plan is proven whatever ended the
    search; otherwise the clock (no counted work, the deadline passed, a MIP at its time
    limit) says ``time limit``, and only counted work running out says ``work``."""
    import time

    from algorithms.location.result import stop_reason

    later, past = time.perf_counter() + 60, time.perf_counter() - 1
    assert stop_reason(settled=True, clock=True, deadline=past, timed=True) == "proven"
    assert stop_reason(settled=False, clock=False, deadline=later, timed=False) == "work"
    assert stop_reason(settled=False, clock=False, deadline=later, timed=True) == "time limit"
    assert stop_reason(settled=False, clock=True, deadline=later, timed=False) == "time limit"
    assert stop_reason(settled=False, clock=False, deadline=past, timed=False) == "time limit"


def test_the_iterated_search_needs_rounds_or_a_deadline():
    from algorithms.location.bounded_swaps import Evaluator, greedy_open, iterated_search

    cost, w = random_instance(3, 30, 12)
    wcost = w[:, None] * cost
    ev = Evaluator(wcost, np.ones(30), 4, 8)
    sites = greedy_open(wcost, 5, np.zeros(0, np.int64))
    obj, assign = ev(sites)
    with pytest.raises(ValueError, match="rounds or a deadline"):
        iterated_search(ev, sites, obj, assign, np.zeros(0, np.int64))
    a = iterated_search(ev, sites, obj, assign, np.zeros(0, np.int64), rounds=20, seed=1)
    b = iterated_search(ev, sites, obj, assign, np.zeros(0, np.int64), rounds=20, seed=1)
    assert np.array_equal(a[0], b[0]) and a[1] == b[1] <= obj
