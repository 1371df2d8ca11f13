"""Voronoi cells for point units and the Polsby-Popper compactness score."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from algorithms.districting import polsby_popper, voronoi_cells


def test_cells_follow_input_order_and_tile_the_frame():
    frame = box(0, 0, 100, 100)
    pts = np.array([[90, 90], [10, 10], [10, 90], [90, 10]], float)
    cells = voronoi_cells(pts, frame)
    assert [bool(c.contains(shapely.Point(*p))) for c, p in zip(cells, pts, strict=True)] == [True] * 4
    assert sum(c.area for c in cells) == pytest.approx(frame.area)
    assert all(c.area == pytest.approx(2500) for c in cells)


def test_points_at_one_spot_share_a_cell_and_a_lone_point_gets_the_frame():
    frame = box(0, 0, 100, 100)
    cells = voronoi_cells(np.array([[20, 50], [80, 50], [20, 50]], float), frame)
    assert cells[0].equals(cells[2]) and cells[0].area == pytest.approx(5000)
    assert voronoi_cells(np.array([[5, 5], [5, 5]], float), frame)[1].equals(frame)
    assert len(voronoi_cells(np.zeros((0, 2)), frame)) == 0


def test_polsby_popper_is_pi_over_four_for_a_square_and_zero_without_a_perimeter():
    pp = polsby_popper(np.array([box(0, 0, 10, 10), shapely.Point(0, 0).buffer(5, 256), shapely.Polygon()]))
    assert pp[0] == pytest.approx(np.pi / 4) and pp[1] == pytest.approx(1, abs=1e-4) and pp[2] == 0
