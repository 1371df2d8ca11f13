"""Noding road lines: the crossings found do not depend on how many threads search them."""

from __future__ import annotations

import numpy as np
import shapely

from algorithms.network import noding
from algorithms.network.roads import build_network


def _random_lines(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.random((n, 2)) * 1000.0
    mid = a + rng.normal(0, 80, (n, 2))
    b = mid + rng.normal(0, 80, (n, 2))
    return shapely.linestrings(np.stack([a, mid, b], axis=1))


def test_crossings_are_the_same_on_any_number_of_threads(monkeypatch):
    lines = _random_lines(300, 1)
    monkeypatch.setattr(noding, "PAIR_CHUNK", 70)  # several chunks of segments
    one = noding.crossings(lines, 1.0, threads=1)
    for threads in (2, 3):
        many = noding.crossings(lines, 1.0, threads=threads)
        assert all(np.array_equal(x, y) for x, y in zip(one, many, strict=True))
    assert sum(len(c) for c in one) > 100  # random lines cross often


def test_a_network_built_on_two_threads_is_the_same(monkeypatch):
    lines = _random_lines(200, 2)
    monkeypatch.setattr(noding, "PAIR_CHUNK", 50)
    a = build_network(lines, np.full(len(lines), 30.0))
    b = build_network(lines, np.full(len(lines), 30.0), threads=2)
    assert a.n_edges > len(lines)  # the crossings split the lines
    assert np.array_equal(a.xy, b.xy) and np.array_equal(a.tail, b.tail) and np.array_equal(a.head, b.head)
    assert np.array_equal(a.length_m, b.length_m)
