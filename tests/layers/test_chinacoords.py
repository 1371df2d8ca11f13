"""GCJ-02 / BD-09 conversions: published reference values and exact inverses over China."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.importing.chinacoords import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)


def metres(lon1, lat1, lon2, lat2) -> float:
    """Ground distance for points a few metres apart (equirectangular is exact enough)."""
    dx = (lon2 - lon1) * 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    dy = (lat2 - lat1) * 110_574.0
    return math.hypot(dx, dy)


china = st.tuples(st.floats(73.5, 135.0), st.floats(18.0, 53.5))


def test_forward_matches_published_reference_values():
    # the values printed by the widely used coordtransform library for (116.404, 39.915)
    assert wgs84_to_gcj02(116.404, 39.915) == (116.41024449916938, 39.91640428150164)
    assert gcj02_to_bd09(116.404, 39.915) == (116.41036949371029, 39.92133699351021)


def test_gcj_offset_is_a_few_hundred_metres_in_henan():
    lon, lat = wgs84_to_gcj02(115.65, 34.41)  # Shangqiu
    assert 100 < metres(115.65, 34.41, lon, lat) < 1000


def test_bd09_inverse_beats_the_one_step_formula():
    # the one-step textbook inverse is centimetres off; ours reproduces the input exactly
    lon, lat = bd09_to_gcj02(116.404, 39.915)
    assert metres(lon, lat, 116.39762729119315, 39.90865673957631) < 0.2
    back = gcj02_to_bd09(lon, lat)
    assert metres(*back, 116.404, 39.915) < 0.001


def test_points_outside_china_are_unchanged():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(-74.0, 40.7) == (-74.0, 40.7)


def test_vectorised_with_nan_rows():
    lon = np.array([116.0, np.nan, 115.5])
    lat = np.array([34.0, 34.0, np.nan])
    out_lon, out_lat = gcj02_to_wgs84(lon, lat)
    assert out_lon.shape == (3,)
    assert np.isfinite(out_lon[0]) and np.isnan(out_lon[1]) and np.isnan(out_lat[2])
    gx, gy = wgs84_to_gcj02(out_lon[:1], out_lat[:1])
    assert metres(gx[0], gy[0], 116.0, 34.0) < 0.01


@settings(max_examples=300, deadline=None)
@given(china)
def test_gcj02_round_trip_within_a_centimetre(p):
    lon, lat = p
    assert metres(*gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat)), lon, lat) < 0.01
    assert metres(*wgs84_to_gcj02(*gcj02_to_wgs84(lon, lat)), lon, lat) < 0.01


@settings(max_examples=300, deadline=None)
@given(china)
def test_bd09_round_trip_within_a_centimetre(p):
    lon, lat = p
    assert metres(*bd09_to_gcj02(*gcj02_to_bd09(lon, lat)), lon, lat) < 0.01
    assert metres(*bd09_to_wgs84(*wgs84_to_bd09(lon, lat)), lon, lat) < 0.01
    assert metres(*wgs84_to_bd09(*bd09_to_wgs84(lon, lat)), lon, lat) < 0.01


def test_round_trip_over_a_grid_of_china_as_arrays():
    lon, lat = np.meshgrid(np.linspace(73.5, 135, 60), np.linspace(18, 53.5, 40))
    lon, lat = lon.ravel(), lat.ravel()
    wl, wt = bd09_to_wgs84(*wgs84_to_bd09(lon, lat))
    err = np.hypot((wl - lon) * 111_320 * np.cos(np.radians(lat)), (wt - lat) * 110_574)
    assert err.max() < 0.01
