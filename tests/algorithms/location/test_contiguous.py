"""contiguous_assignment against enumeration, and pieces_per_site."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from algorithms.location import contiguous_assignment, pieces_per_site


def grid(w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    pts = np.array([(x, y) for y in range(h) for x in range(w)], float)
    edges = np.array([(i, j) for i in range(len(pts)) for j in range(i + 1, len(pts))
                      if abs(pts[i] - pts[j]).sum() == 1])
    return pts, edges


def brute_force(cost, weights, sites, lo, hi, edges, roots):
    n = cost.shape[0]
    best = np.inf
    for choice in itertools.product(range(len(sites)), repeat=n):
        lab = np.array(choice)
        if any(lab[r] != k for k, r in enumerate(roots)):
            continue
        counts = np.bincount(lab, minlength=len(sites))
        if counts.min() < lo or counts.max() > hi:
            continue
        if max(pieces_per_site(edges, lab).values()) > 1:
            continue
        best = min(best, float((weights * cost[np.arange(n), np.asarray(sites)[lab]]).sum()))
    return best


def test_pieces_per_site_counts_the_pieces():
    _, edges = grid(4, 1)  # 0 - 1 - 2 - 3
    assert pieces_per_site(edges, np.array([5, 7, 5, 5])) == {5: 2, 7: 1}
    assert pieces_per_site(edges, np.array([5, 5, 7, 7])) == {5: 1, 7: 1}


def test_the_nearest_assignment_in_two_pieces_is_repaired():
    pts, edges = grid(5, 2)
    sites = pts[[0, 9]]
    cost = np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    cost[4, 0] = 0.0  # the far corner is cheapest from the other end: the p-median splits it off
    res = contiguous_assignment(cost, np.ones(10), [0, 1], 5, 5, edges, [0, 9])
    assert res.optimal and res.status == "optimal"
    assert set(pieces_per_site(edges, res.assignment).values()) == {1}
    assert np.bincount(res.assignment).tolist() == [5, 5]
    assert res.objective == pytest.approx(brute_force(cost, np.ones(10), [0, 1], 5, 5, edges, [0, 9]))


@pytest.mark.parametrize("seed", range(6))
def test_optimal_against_enumeration(seed):
    rng = np.random.default_rng(seed)
    pts, edges = grid(3, 3)
    cost = rng.uniform(0, 10, (9, 4))
    weights = rng.integers(1, 5, 9).astype(float)
    sites, roots = [0, 2, 3], [0, 4, 8]
    res = contiguous_assignment(cost, weights, sites, 2, 4, edges, roots)
    want = brute_force(cost, weights, sites, 2, 4, edges, roots)
    assert res.objective == pytest.approx(want)
    counts = np.bincount([sites.index(int(a)) for a in res.assignment], minlength=3)
    assert counts.min() >= 2 and counts.max() <= 4
    assert all(res.assignment[r] == sites[k] for k, r in enumerate(roots))


def test_separated_points_cannot_be_contiguous():
    edges = np.array([(0, 1), (1, 2), (3, 4)])  # {0, 1, 2} and {3, 4} never touch
    cost = np.ones((5, 2))
    res = contiguous_assignment(cost, np.ones(5), [0, 1], 1, 4, edges, [0, 1])
    assert res.assignment is None and res.status == "infeasible"


def test_refuses_roots_that_repeat():
    with pytest.raises(ValueError, match="roots"):
        contiguous_assignment(np.ones((4, 2)), np.ones(4), [0, 1], 1, 3, np.array([(0, 1)]), [2, 2])


@pytest.mark.parametrize("seed", range(8))
def test_the_local_repair_gives_contiguous_areas_in_the_band(seed):
    """From a nearest-site assignment in pieces: one piece each, sizes kept, never below the
    optimum. The sites stand apart, as offices do (roots walled in by other roots can make
    the band impossible: then the exact model says so)."""
    from algorithms.location.contiguous_swaps import contiguous_repair

    rng = np.random.default_rng(seed)
    pts, edges = grid(6, 5)
    sites = np.array([7, 10, 19, 22, 15 if seed % 2 else 2])
    cost = np.hypot(*(pts[:, None, :] - pts[None, sites, :]).transpose(2, 0, 1)) * rng.uniform(1, 3, (30, 5))
    w = rng.integers(1, 9, 30).astype(float)
    start = np.argmin(cost, axis=1)  # ignores sizes and contiguity
    nbrs = [[] for _ in range(30)]
    for a, b in edges:
        nbrs[a].append(int(b))
        nbrs[b].append(int(a))
    lab = contiguous_repair(cost, w, sites, 5, 7, nbrs, start)
    assert lab is not None
    assert set(pieces_per_site(edges, lab).values()) == {1}
    counts = np.bincount(lab, minlength=5)
    assert counts.min() >= 5 and counts.max() <= 7
    assert all(lab[r] == k for k, r in enumerate(sites))
    exact = contiguous_assignment(cost, w, np.arange(5), 5, 7, edges, sites, time_limit=20)
    assert exact.optimal
    assert float((w * cost[np.arange(30), lab]).sum()) >= exact.objective - 1e-6


def test_a_start_is_repaired_even_without_time_for_the_exact_model():
    pts, edges = grid(5, 2)
    cost = np.hypot(*(pts[:, None, :] - pts[None, [0, 9], :]).transpose(2, 0, 1))
    cost[4, 0] = 0.0
    start = np.argmin(cost, axis=1)  # the far corner with the other end: two pieces
    assert max(pieces_per_site(edges, start).values()) == 2
    res = contiguous_assignment(cost, np.ones(10), [0, 1], 5, 5, edges, [0, 9], time_limit=1e-3, start=start)
    assert res.assignment is not None and set(pieces_per_site(edges, res.assignment).values()) == {1}
