"""The canvas: background rendering, wheel/drag/keyboard navigation, stale renders."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QColor, QWheelEvent
from PyQt6.QtWidgets import QApplication

from maps.style.symbology import TIER_SYMBOLS


def _wheel(widget, pos: QPointF, steps: int) -> None:
    ev = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * steps),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def test_background_render_shows_the_map(canvas, scene):
    assert canvas.image is not None
    x, y = canvas.viewport.world_to_screen(*scene["posts"].anchors[1])
    c = canvas.image.pixelColor(int(x), int(y))
    assert c == QColor(TIER_SYMBOLS["office"].fill) or abs(c.blue() - QColor(TIER_SYMBOLS["office"].fill).blue()) < 12
    full = scene.full_extent()
    x0, y0, x1, y1 = canvas.viewport.extent
    assert x0 <= full[0] and y0 <= full[1] and x1 >= full[2] and y1 >= full[3]


def test_wheel_zoom_keeps_point_under_cursor(canvas, qtbot):
    pos = QPointF(230.0, 170.0)
    before = canvas.world_at(pos.x(), pos.y())
    scale = canvas.scale()
    with qtbot.waitSignal(canvas.scale_changed):
        _wheel(canvas, pos, 2)
    assert canvas.scale() == pytest.approx(scale / 1.25**2)
    assert canvas.world_at(pos.x(), pos.y()) == pytest.approx(before, abs=1e-6)


def test_drag_pans(canvas, qtbot):
    vp = canvas.viewport
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(canvas, QPoint(320, 310))
    qtbot.mouseMove(canvas, QPoint(350, 320))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(350, 320))
    now = canvas.viewport
    assert now.mpp == vp.mpp
    assert (now.cx, now.cy) == pytest.approx((vp.cx - 50 * vp.mpp, vp.cy + 20 * vp.mpp))


def test_keyboard_zoom_pan_and_home(canvas, qtbot, scene):
    scale = canvas.scale()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale() == pytest.approx(scale / 2)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.scale() == pytest.approx(scale * 2)
    cx = canvas.viewport.cx
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.viewport.cx > cx
    canvas.set_scale(5000)
    assert canvas.scale() == pytest.approx(5000)
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    full = scene.full_extent()
    x0, y0, x1, y1 = canvas.viewport.extent
    assert x0 <= full[0] and x1 >= full[2] and y0 <= full[1] and y1 >= full[3]


def test_zoom_to_layer_and_selection(canvas, scene, qtbot):
    canvas.zoom_to_layer("grids")
    g = scene.layer_extent("grids")
    x0, y0, x1, y1 = canvas.viewport.extent
    assert x0 <= g[0] and x1 >= g[2] and (x1 - x0) < 1.3 * (g[2] - g[0]) / 0.9
    with qtbot.waitSignal(canvas.selection_changed) as sig:
        canvas.set_selection({"villages": [2]})
    assert sig.args[0] == {"villages": {2}}
    canvas.zoom_to_selection()
    x, y = scene["villages"].anchors[2]
    assert canvas.viewport.cx == pytest.approx(x) and canvas.viewport.cy == pytest.approx(y)


def test_stale_renders_are_dropped(canvas, qtbot):
    finished = []
    canvas.render_finished.connect(finished.append)
    for _ in range(5):
        canvas.set_viewport(canvas.viewport.zoomed(1.1))
        canvas.render_now()
    with qtbot.waitSignal(canvas.render_finished, timeout=10000):
        pass
    assert canvas.wait_idle()
    QApplication.processEvents()
    assert len(finished) == 1 and not finished[0].cancelled
    assert canvas._image_vp == canvas.viewport


def test_click_reports_features(canvas, qtbot, scene):
    x, y = canvas.viewport.world_to_screen(*scene["posts"].anchors[0])
    with qtbot.waitSignal(canvas.features_clicked) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert sig.args[0][0].layer == "posts" and sig.args[0][0].index == 0


def test_cursor_moved_reports_lonlat(canvas, qtbot, scene):
    x, y = canvas.viewport.world_to_screen(*scene["villages"].anchors[0])
    with qtbot.waitSignal(canvas.cursor_moved) as sig:
        qtbot.mouseMove(canvas, QPoint(round(x), round(y)))
    wx, wy, lon, lat = sig.args
    assert (lon, lat) == pytest.approx((113.61, 34.71), abs=2e-4)


def test_hidden_layer_style_rerenders(canvas, qtbot, scene):
    with qtbot.waitSignal(canvas.render_finished, timeout=10000) as sig:
        canvas.set_layer_style("posts", visible=False)
    assert "posts" not in sig.args[0].per_layer


def test_extent_signal_on_pan_and_no_render_blocking(canvas, qtbot):
    with qtbot.waitSignal(canvas.extent_changed) as sig:
        canvas.pan_pixels(40, 0)
    assert sig.args[0] == pytest.approx(canvas.viewport.extent)
    # the cached image is shown moved at once; the fresh render follows
    assert canvas.image is not None and canvas._image_vp != canvas.viewport
    with qtbot.waitSignal(canvas.render_finished, timeout=10000):
        pass
    assert canvas._image_vp == canvas.viewport


def test_empty_project_and_scene_switch(canvas, qtbot, scene):
    from layers.project import Project
    from maps.render.scene import MapScene

    empty = MapScene.from_project(Project.new())
    with qtbot.waitSignal(canvas.render_finished, timeout=10000) as sig:
        canvas.set_scene(empty, zoom_full=True)
    assert sig.args[0].features == 0 and canvas.image is not None
    with qtbot.waitSignal(canvas.render_finished, timeout=10000) as sig:
        canvas.set_scene(scene, zoom_full=True)
    assert sig.args[0].per_layer["posts"] == 3


def test_update_layer_redraws_moved_post(canvas, qtbot, project, scene):
    from shapely.geometry import Point

    frame = project["posts"].copy()
    frame.loc[1, "geometry"] = Point(113.655, 34.725)
    with qtbot.waitSignal(canvas.render_started):
        with qtbot.waitSignal(canvas.render_finished, timeout=10000):
            canvas.update_layer("posts", frame)
    x, y = canvas.viewport.world_to_screen(*scene.from_lonlat(113.655, 34.725))
    c = canvas.image.pixelColor(round(x), round(y))
    assert c.blue() > c.red() + 60  # the office's blue square is there now


def test_hidpi_render_job_same_detail(qapp, scene):
    import threading

    from maps.canvas.rendering import RenderJob, RenderSignals
    from maps.style.symbology import default_styles
    from maps.viewport import Viewport

    vp = Viewport.fit(scene.full_extent(), 400, 300)
    results = {}
    signals = RenderSignals()
    signals.done.connect(lambda gen, img, v, stats: results.__setitem__(gen, (img, stats)))
    for gen, dpr in ((1, 1.0), (2, 2.0)):
        RenderJob(gen, scene, vp, default_styles(), {}, dpr, threading.Event(), signals).run()
    QApplication.processEvents()
    (img1, s1), (img2, s2) = results[1], results[2]
    assert (img1.width(), img1.height()) == (400, 300)
    assert (img2.width(), img2.height()) == (800, 600) and img2.devicePixelRatio() == 2.0
    assert s1.per_layer == s2.per_layer
    assert abs(s1.labels - s2.labels) <= 1  # font metrics do not scale exactly linearly
