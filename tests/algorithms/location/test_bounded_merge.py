"""Merging plans of one large group (bounded_merge): better than the plans, the exact
best over their sites when every village may use every site, and the sites all plans open
kept open."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from algorithms.location.bounded_merge import merge_plans
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator
from tests.algorithms.location.test_bounded_large import check_plan, clustered

N = 40
P = math.ceil(N / 8)


@pytest.fixture
def group():
    km, pop = clustered(N, 5, spread=2.5)
    wcost = km * pop[:, None]
    model = GroupModel(wcost, np.ones(N), 5, 8, P, np.array([], np.int64))
    return model, Evaluator(wcost, np.ones(N), 5, 8)


def plans_of(ev: Evaluator, site_sets):
    out = []
    for sites in site_sets:
        sites = np.sort(np.asarray(sites, dtype=np.int64))
        obj, assign = ev(sites)
        assert np.isfinite(obj)
        out.append((sites, obj, assign))
    return out


def three_plans(ev: Evaluator):
    """Three feasible plans: P random villages, and two variants with two of them moved
    elsewhere (the three share P - 4 sites)."""
    rng = np.random.default_rng(0)
    base = rng.choice(N, P, replace=False)
    sets = [base]
    for k in range(2):
        alt = base.copy()
        alt[[k, k + 2]] = rng.choice(np.setdiff1d(np.arange(N), base), 2, replace=False)
        sets.append(alt)
    return plans_of(ev, sets)


def test_merged_plan_is_better_and_keeps_the_common_sites(group):
    model, ev = group
    plans = three_plans(ev)
    merged = merge_plans(model, ev, plans, time_limit=30)
    assert merged is not None
    sites, obj, assign = merged
    assert obj < min(pl[1] for pl in plans) * 0.95  # here it recombines them
    union = set(np.concatenate([pl[0] for pl in plans]).tolist())
    common = set.intersection(*(set(pl[0].tolist()) for pl in plans))
    assert common <= set(sites.tolist()) <= union
    check_plan(model.wcost, sites, assign, P, obj)


def test_with_every_site_allowed_the_merge_is_the_best_over_the_plans_sites(group):
    model, ev = group
    plans = three_plans(ev)
    union = np.unique(np.concatenate([pl[0] for pl in plans]))
    common = set.intersection(*(set(pl[0].tolist()) for pl in plans))
    free = [int(s) for s in union if int(s) not in common]
    brute = min(ev(np.array(sorted(common | set(c))))[0]
                for c in itertools.combinations(free, P - len(common)))
    merged = merge_plans(model, ev, plans, time_limit=30, near=len(union))
    assert merged is not None
    assert merged[1] == pytest.approx(brute, rel=1e-9)


def test_identical_plans_are_not_merged(group):
    model, ev = group
    plan = three_plans(ev)[0]
    assert merge_plans(model, ev, [plan, plan], time_limit=30) is None
