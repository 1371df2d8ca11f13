"""The segment pairs noding intersects: exactly the pairs whose boxes meet, once each,
whatever the chunking, and a network that does not depend on it."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from algorithms.network import build_network, noding
from algorithms.network.noding import _segment_pairs


def _brute(s0, s1, line) -> set[tuple[int, int]]:
    lo, hi = np.minimum(s0, s1), np.maximum(s0, s1)
    out = set()
    for i in range(len(line)):
        for j in range(i + 1, len(line)):
            if line[i] != line[j] and np.all(lo[i] <= hi[j]) and np.all(hi[i] >= lo[j]):
                out.add((i, j))
    return out


def _found(s0, s1, line) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for i, j in _segment_pairs(s0, s1, line) for a, b in zip(i, j, strict=True)]


coordinate = st.integers(0, 40).map(float)  # whole metres: boxes that touch exactly are common


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate, coordinate, coordinate, st.integers(0, 5)), min_size=0, max_size=40))
def test_the_pairs_are_the_box_meeting_pairs_of_different_lines_each_once(segments):
    segments.sort(key=lambda s: s[4])  # numbered line by line, as noding numbers them
    s0 = np.array([[a, b] for a, b, _, _, _ in segments], float).reshape(-1, 2)
    s1 = np.array([[c, d] for _, _, c, d, _ in segments], float).reshape(-1, 2)
    line = np.array([s[4] for s in segments], int)
    found = _found(s0, s1, line)
    assert len(found) == len(set(found))  # once each
    assert all(i < j for i, j in found)
    assert set(found) == _brute(s0, s1, line)


def test_a_long_segment_across_many_cells_and_a_chunk_of_one_pair(monkeypatch):
    s0 = np.array([[0.0, 0.0]] + [[x, -1.0] for x in range(0, 1000, 10)])
    s1 = np.array([[1000.0, 0.5]] + [[x + 1.0, 1.0] for x in range(0, 1000, 10)])
    line = np.arange(len(s0))
    expected = _brute(s0, s1, line)
    assert len(expected) == 100  # the long one meets every short one
    monkeypatch.setattr(noding, "PAIR_CHUNK", 1)
    assert set(_found(s0, s1, line)) == expected


def test_the_network_is_the_same_whatever_the_chunk(monkeypatch):
    rng = np.random.default_rng(7)
    lines = [shapely.linestrings(rng.uniform(0, 2000, size=(int(rng.integers(2, 6)), 2))) for _ in range(150)]
    speed = np.full(len(lines), 30.0)
    whole = build_network(lines, speed)
    monkeypatch.setattr(noding, "PAIR_CHUNK", 97)
    chunked = build_network(lines, speed)
    assert whole.n_edges > len(lines)  # the lines cross: cut into pieces
    assert np.array_equal(whole.xy, chunked.xy)
    assert np.array_equal(whole.tail, chunked.tail) and np.array_equal(whole.head, chunked.head)
    assert np.array_equal(whole.length_m, chunked.length_m)
