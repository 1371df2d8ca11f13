"""Region re-optimisation of one large group (bounded_regions): better plans than the swap
search's local optimum, still 5-8 per site with p sites, fixed sites kept, and the
optimum when one region is the whole group."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from algorithms.location.bounded_large import swap_search
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_regions import region_search
from algorithms.location.bounded_swaps import Evaluator, greedy_open
from algorithms.location.pairs_mip import solve_pairs
from algorithms.location.result import Effort
from tests.algorithms.location.test_bounded_large import check_plan, clustered


def local_optimum(model: GroupModel, ev: Evaluator):
    sites = greedy_open(model.wcost, model.p, np.asarray(model.fixed, dtype=np.int64))
    obj, assign = ev(sites)
    s, o, a, _ = swap_search(ev, sites, obj, assign, np.asarray(model.fixed, dtype=np.int64),
                             deadline=time.perf_counter() + 30, seed=0, rounds=0)
    return s, o, a


def test_regions_improve_the_swap_searchs_local_optimum_and_keep_the_rules():
    n = 300
    km, pop = clustered(n, 1)
    wcost = km * pop[:, None]
    p = math.ceil(n / 8)
    fixed = np.array([7, 120], np.int64)
    model = GroupModel(wcost, np.ones(n), 5, 8, p, fixed)
    ev = Evaluator(wcost, model.sizes, 5, 8)
    start = local_optimum(model, ev)
    (sites, obj, assign), solved = region_search(model, ev, start, deadline=time.perf_counter() + 60,
                                                 effort=Effort(mip_nodes=200, search_rounds=60))
    assert 0 < solved <= 20
    assert obj < start[1] * (1 - 1e-3)
    check_plan(wcost, sites, assign, p, obj)
    assert set(fixed.tolist()) <= set(sites.tolist())


def test_with_counted_work_the_regions_give_the_same_plan_twice():
    km, pop = clustered(240, 3)
    wcost = km * pop[:, None]
    model = GroupModel(wcost, np.ones(240), 5, 8, 30, np.array([], np.int64))
    ev = Evaluator(wcost, model.sizes, 5, 8)
    start = local_optimum(model, ev)
    runs = [region_search(model, ev, start, deadline=time.perf_counter() + 60, seed=4,
                          effort=Effort(search_rounds=30)) for _ in range(2)]
    assert runs[0][1] == runs[1][1]
    assert np.array_equal(runs[0][0][0], runs[1][0][0]) and runs[0][0][1] == runs[1][0][1]


@pytest.mark.parametrize("seed", [2, 5])
def test_a_region_of_every_site_finds_the_highs_optimum(seed):
    n = 40
    km, pop = clustered(n, seed, spread=2.5)
    wcost = km * pop[:, None]
    model = GroupModel(wcost, np.ones(n), 5, 8, 5, np.array([], np.int64))
    ii, jj = np.nonzero(np.isfinite(wcost))
    ref = solve_pairs(model, ii, jj, time_limit=120, rel_gap=1e-9, presolve=True)
    assert ref.optimal
    ev = Evaluator(wcost, model.sizes, 5, 8)
    start = local_optimum(model, ev)
    (sites, obj, assign), _ = region_search(model, ev, start, deadline=time.perf_counter() + 60)
    check_plan(wcost, sites, assign, 5, obj)
    assert obj == pytest.approx(ref.objective, rel=1e-9)
