"""The core MIP of one large group (bounded_core): HiGHS on the pairs the bound prices
cheapest finds the optimum, proves it only when the core holds every pair the bound leaves
open, and hands its plan to the search beside it once."""

from __future__ import annotations

import time

import numpy as np
import pytest

from algorithms.location import bounded_core, bounded_large, bounded_p_median
from algorithms.location.bounded_core import CoreRun, core_search
from algorithms.location.bounded_lagrangian import lagrangian_bound
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator, greedy_open
from algorithms.location.pairs_mip import solve_pairs
from tests.algorithms.location.test_bounded_large import check_plan, clustered


def instance(n: int = 200, seed: int = 0):
    """One station of n clustered villages with offices to spare (p = n / 6.5), its bound
    and the greedy plan."""
    km, pop = clustered(n, seed)
    wcost = km * pop[:, None]
    p = round(n / 6.5)
    model = GroupModel(wcost, np.ones(n), 5, 8, p, np.array([], np.int64))
    ev = Evaluator(wcost, model.sizes, 5, 8)
    sites = greedy_open(wcost, p, np.array([], np.int64))
    obj, assign = ev(sites)
    lag = lagrangian_bound(model, obj, deadline=time.perf_counter() + 10, max_iter=2000)
    return model, ev, lag, (sites, obj, assign)


def test_the_core_finds_and_proves_the_optimum_of_the_full_mip():
    """From the greedy plan (17 % above), the core is the optimum HiGHS proves on every pair."""
    model, ev, lag, start = instance()
    plan, proven = core_search(model, lag, ev, start, deadline=time.perf_counter() + 30)
    ii, jj = np.nonzero(np.isfinite(model.wcost))
    full = solve_pairs(model, ii, jj, time_limit=120, presolve=True)
    assert full.optimal and proven
    assert plan[1] == pytest.approx(full.objective, rel=1e-9) and plan[1] < 0.9 * start[1]
    check_plan(model.wcost, plan[0], plan[2], model.p, plan[1])


def test_a_core_cut_short_is_no_proof(monkeypatch):
    """A core of one pair per village whose doubling the deadline stops: a plan no worse than
    the start, but not proven (it lacks pairs the bound leaves open)."""
    monkeypatch.setattr(bounded_core, "FIRST_PAIRS_PER_POINT", 1)
    monkeypatch.setattr(bounded_core, "SECONDS_PER_PAIR", 1.0)  # no time for a second core
    model, ev, lag, start = instance()
    info: dict = {}
    plan, proven = core_search(model, lag, ev, start, deadline=time.perf_counter() + 400,
                               info=info)
    assert not proven and len(info["core"]) == 1
    assert plan[1] <= start[1]
    check_plan(model.wcost, plan[0], plan[2], model.p, plan[1])


def test_the_thread_hands_its_plan_over_once():
    model, _, lag, start = instance()
    run = CoreRun(model, lag, start, deadline=time.perf_counter() + 30,
                  proof_deadline=time.perf_counter() + 30, cancel=None, effort=None)
    got = run.take(wait=True)
    assert got is not None and got[1] and run.proven
    assert got[0][1] == pytest.approx(run.proven_objective) and got[0][1] < start[1]
    assert run.take() is None and run.take(wait=True) is None


def test_the_search_stops_once_the_core_proves_the_plan(monkeypatch):
    """260 villages, 40 offices, 90 s, the search capped at 50 s: the core's proof (about
    13 s in) ends the run long before the cap (without the core the search ran to its cap,
    then HiGHS proved the plan)."""
    monkeypatch.setattr(bounded_large, "SEARCH_SECONDS", 50.0)
    km, pop = clustered(260, 1)
    t = time.perf_counter()
    sol = bounded_p_median(km, pop, 5, 8, p=40, time_limit=90)
    used = time.perf_counter() - t
    group = sol.info["groups"][0]
    assert sol.proven_optimal and group["stopped"] == "proven"
    assert group["core"][-1][1] == "optimal" and group["mip"] == "skipped"
    assert used < 40
    check_plan(km * pop[:, None], sol.facilities, sol.assignment, 40, sol.objective)
