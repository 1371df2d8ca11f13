"""Viewport: world <-> screen transforms, scale denominators, zoom about a point."""

from __future__ import annotations

import numpy as np
import pytest

from maps.viewport import Viewport


def test_round_trip_scalars_and_arrays():
    vp = Viewport(500_000.0, 3_800_000.0, 2.5, 800, 600)
    x, y = vp.screen_to_world(123.0, 456.0)
    assert vp.world_to_screen(x, y) == pytest.approx((123.0, 456.0))
    sx = np.array([0.0, 400.0, 800.0])
    sy = np.array([0.0, 300.0, 600.0])
    wx, wy = vp.screen_to_world(sx, sy)
    bx, by = vp.world_to_screen(wx, wy)
    np.testing.assert_allclose(bx, sx)
    np.testing.assert_allclose(by, sy)


def test_centre_and_axes():
    vp = Viewport(1000.0, 2000.0, 10.0, 200, 100)
    assert vp.world_to_screen(1000.0, 2000.0) == pytest.approx((100.0, 50.0))
    # world north is screen up
    assert vp.world_to_screen(1000.0, 2010.0) == pytest.approx((100.0, 49.0))
    assert vp.extent == pytest.approx((0.0, 1500.0, 2000.0, 2500.0))
    s, tx, ty = vp.affine()
    assert (s * 1000.0 + tx, -s * 2000.0 + ty) == pytest.approx((100.0, 50.0))


def test_scale_denominator():
    # 1 px at 96 dpi is 0.2646 mm; 1:10,000 means 2.646 m per pixel
    vp = Viewport(0, 0, 0.0254 / 96 * 10_000, 100, 100)
    assert vp.scale_denominator(96) == pytest.approx(10_000)
    assert vp.with_scale(25_000).scale_denominator() == pytest.approx(25_000)
    assert vp.with_scale(25_000, dpi=300).scale_denominator(300) == pytest.approx(25_000)
    with pytest.raises(ValueError):
        vp.with_scale(0)


def test_zoom_keeps_anchor_fixed():
    vp = Viewport(500_000.0, 3_800_000.0, 5.0, 800, 600)
    anchor = (123.0, 77.0)
    before = vp.screen_to_world(*anchor)
    z = vp.zoomed(1.25, anchor)
    assert z.mpp == pytest.approx(4.0)
    assert z.screen_to_world(*anchor) == pytest.approx(before)


def test_fit_pan_and_resize():
    vp = Viewport.fit((0, 0, 1000, 500), 200, 200, margin=0.0)
    x0, y0, x1, y1 = vp.extent
    assert x0 <= 0 and x1 >= 1000 and y0 <= 0 and y1 >= 500
    assert vp.mpp == pytest.approx(5.0)
    p = vp.panned(10, -20)  # content moves right and up: the centre goes left and down
    assert (p.cx, p.cy) == pytest.approx((vp.cx - 50, vp.cy - 100))
    r = vp.resized(400, 100)
    assert (r.cx, r.cy, r.mpp, r.width, r.height) == (vp.cx, vp.cy, vp.mpp, 400, 100)
    d = vp.scaled_device(2.0)
    assert d.extent == pytest.approx(vp.extent)
