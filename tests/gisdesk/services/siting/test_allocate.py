"""Splitting a total of offices over stations: the knapsack against every combination."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from algorithms.location import Solution
from gisdesk.services.siting.stations import StationOption, StationProblem, allocate, tradeoff


def _station(name: str, objectives: dict[int, float], max_km: dict[int, float]) -> StationProblem:
    n = 8 * max(objectives)
    pr = StationProblem(name, np.arange(n), np.arange(n), np.zeros((n, n)), np.zeros((n, n)), np.ones(n),
                        np.zeros(0, int), min(objectives), max(objectives), 1, 8)
    for p, obj in objectives.items():
        sol = Solution(np.arange(p), np.zeros(n, int), obj, obj, seconds=0.0)
        pr.options[p] = StationOption(p, sol, np.zeros(n, int), np.zeros(n, int), np.full(n, max_km[p]),
                                      obj, max_km[p])
    return pr


def _stations(rng: np.random.Generator, k: int) -> list[StationProblem]:
    out = []
    for s in range(k):
        lo = int(rng.integers(1, 4))
        counts = range(lo, lo + int(rng.integers(1, 4)))
        obj = {p: float(rng.integers(50, 100)) / p for p in counts}  # small integers: exact ties happen
        out.append(_station(f"S{s}", obj, {p: float(rng.integers(1, 9)) for p in counts}))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_allocate_finds_the_least_split_of_every_total(seed):
    problems = _stations(np.random.default_rng(seed), 4)
    best: dict[int, float] = {}
    for combo in itertools.product(*[sorted(pr.options) for pr in problems]):
        val = sum(pr.options[p].solution.objective for pr, p in zip(problems, combo, strict=True))
        best[sum(combo)] = min(best.get(sum(combo), np.inf), val)
    for total, least in best.items():
        split = allocate(problems, total)
        assert sum(split.values()) == total
        assert sum(pr.options[split[pr.station]].solution.objective for pr in problems) == pytest.approx(least)
    with pytest.raises(ValueError):
        allocate(problems, max(best) + 1)
    assert allocate(problems, None) == {pr.station: pr.p_lo for pr in problems}


def test_tradeoff_has_a_row_for_every_reachable_total():
    problems = _stations(np.random.default_rng(3), 5)
    reachable = {sum(c) for c in itertools.product(*[sorted(pr.options) for pr in problems])}
    rows = tradeoff(problems, urban=2, population=0.0)
    assert [r["offices"] for r in rows] == sorted(t + 2 for t in reachable)
    for before, row in zip(rows, rows[1:], strict=False):
        worse = row["mean_km_plain"] > before["mean_km_plain"] or row["max_km"] > before["max_km"]
        assert worse == row.get("worse_than_fewer", False)
