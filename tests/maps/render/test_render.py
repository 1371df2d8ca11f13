"""The renderer, probed pixel by pixel on a QImage."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtGui import QColor, QImage, QPainter
from shapely.geometry import box

from maps.render.renderer import render, render_image
from maps.style.legend_rows import legend_entries
from maps.style.symbology import (
    BACKGROUND,
    DEVIATION,
    SELECTION,
    TIER_SYMBOLS,
    default_styles,
    grid_deviation,
)
from maps.viewport import Viewport


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def _only(*layers, labels=False):
    styles = default_styles()
    for name, style in styles.items():
        style.visible = name in layers
        style.labels = labels
    return styles


def _rgb(img: QImage, x: float, y: float) -> tuple[int, int, int]:
    c = img.pixelColor(int(round(x)), int(round(y)))
    return c.red(), c.green(), c.blue()


def _close(a, b, tol=12) -> bool:
    return all(abs(int(p) - int(q)) <= tol for p, q in zip(a, b, strict=True))


def _hex(h: str) -> tuple[int, int, int]:
    c = QColor(h)
    return c.red(), c.green(), c.blue()


@pytest.fixture
def vp(scene):
    return Viewport.fit(scene.full_extent(), 900, 600)


def test_closed_posts_are_not_drawn(project, vp):
    from maps.render.scene import MapScene

    posts = project["posts"].copy()
    posts.loc[1, "status"] = "closed"  # an adopted plan closed the office: kept on record, off the map
    project["posts"] = posts
    scene = MapScene.from_project(project)
    img, stats = render_image(scene, vp, _only("posts"))
    assert stats.per_layer["posts"] == 2
    office = vp.world_to_screen(*scene["posts"].anchors[1])
    assert _close(_rgb(img, *office), _hex(BACKGROUND))

def test_posts_drawn_in_tier_colours(scene, vp):
    img, stats = render_image(scene, vp, _only("posts"))
    assert stats.per_layer["posts"] == 3
    xy = scene["posts"].anchors
    office = vp.world_to_screen(*xy[1])
    assert _close(_rgb(img, *office), _hex(TIER_SYMBOLS["office"].fill))
    ws = vp.world_to_screen(*xy[2])
    assert _close(_rgb(img, ws[0], ws[1] + 1), _hex(TIER_SYMBOLS["workstation"].fill))
    st = vp.world_to_screen(*xy[0])  # the station shield has a white star in its middle
    assert _close(_rgb(img, st[0] - 6, st[1] - 4), _hex(TIER_SYMBOLS["station"].fill))
    assert _close(_rgb(img, st[0] + 60, st[1] + 60), _hex(BACKGROUND))


def test_hidden_layer_draws_nothing(scene, vp):
    img, stats = render_image(scene, vp, _only())
    assert stats.features == 0
    arr = _array(img)
    assert (arr == arr[0, 0]).all() and _close(tuple(arr[0, 0][[2, 1, 0]]), _hex(BACKGROUND), 1)


def _array(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_ARGB32)
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    return np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width()].copy()


def test_grid_fill_follows_deviation(project, scene, vp):
    dev = grid_deviation(project["grids"])
    assert dev == pytest.approx([0.0, 0.5, -0.5])
    classes = DEVIATION.classify(dev)
    img, _ = render_image(scene, vp, _only("grids"))
    for i, cls in enumerate(classes):
        x, y = vp.world_to_screen(*scene["grids"].anchors[i])
        assert _close(_rgb(img, x, y), _hex(DEVIATION.colors[cls])), i
    assert classes[1] == len(DEVIATION.colors) - 1 and classes[2] == 0


def test_rural_grid_under_target_is_on_standard(project):
    g = project["grids"].copy()
    g["area_type"] = ["rural", "rural", "rural"]
    g["population"] = [800, 5000, 7500]
    g.loc[0, "officers_required"] = 0
    dev = grid_deviation(g)
    assert np.isnan(dev[0]) and dev[1] == 0.0 and dev[2] == pytest.approx(0.5)
    assert DEVIATION.classify(dev)[0] == -1


def test_selection_and_highlight_overlays(scene, vp):
    img, _ = render_image(scene, vp, _only("villages"), selection={"villages": [3]})
    x, y = vp.world_to_screen(*scene["villages"].anchors[3])
    ring = [_rgb(img, x + dx, y) for dx in (8, 9, 10)]
    assert any(_close(c, _hex(SELECTION), 40) for c in ring)


def test_faded_outside_pales_the_rest(scene, vp):
    styles = _only("grids")
    plain, _ = render_image(scene, vp, styles)
    area = box(*scene["grids"].bounds[0])
    faded, _ = render_image(scene, vp, styles, faded_outside=area)
    inside = vp.world_to_screen(*scene["grids"].anchors[0])
    outside = vp.world_to_screen(*scene["grids"].anchors[2])
    assert _close(_rgb(plain, *inside), _rgb(faded, *inside), 2)
    assert sum(_rgb(faded, *outside)) > sum(_rgb(plain, *outside)) + 60


def test_cancelled_render_stops(scene, vp):
    img = QImage(vp.width, vp.height, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    stats = render(p, scene, vp, default_styles(), cancel=lambda: True)
    p.end()
    assert stats.cancelled and stats.features == 0


def test_labels_drawn_and_print_scale(scene, vp):
    _, stats = render_image(scene, vp, default_styles())
    assert stats.labels >= 5
    # print: four times the pixels, same ground, vector text; same detail is chosen
    big = vp.scaled_device(4.0)
    img, pstats = render_image(scene, big, default_styles(), dpi_scale=4.0, vector=True)
    assert pstats.per_layer == stats.per_layer and pstats.labels == stats.labels
    office = big.world_to_screen(*scene["posts"].anchors[1])
    assert _close(_rgb(img, *office), _hex(TIER_SYMBOLS["office"].fill))


def test_legend_entries_follow_the_scene(scene):
    entries = legend_entries(default_styles(), scene)
    labels = [e.label for e in entries]
    assert {"派出所", "警务室", "警务工作站", "医院", "国道", "村道", "派出所辖区界"} <= set(labels)
    assert "学校" not in labels and "高速公路" not in labels
    styles = default_styles()
    styles["posts"].visible = False
    assert "派出所" not in [e.label for e in legend_entries(styles, scene)]


def test_road_names_labelled_once(scene, vp):
    styles = _only("roads", labels=True)
    _, stats = render_image(scene, vp, styles)
    assert stats.labels == 1  # "国道107"; village roads are never labelled


def test_scale_bar_lengths():
    from maps.canvas.scale_bar import length_text, nice_length

    assert nice_length(1234.0) == 1000.0 and nice_length(260.0) == 200.0 and nice_length(7.0) == 5.0
    assert length_text(2000.0) == "2 km" and length_text(500.0) == "500 m"


def test_rendered_labels_do_not_overlap_and_stay_inside(qapp):
    """A crowded map: 400 villages in a small frame, all with names."""
    import geopandas as gpd
    import shapely

    from maps.render.scene import MapScene

    rng = np.random.default_rng(5)
    n = 400
    frame = gpd.GeoDataFrame(
        {"code": [f"V{i}" for i in range(n)], "name": [f"张王李赵{i}村" for i in range(n)],
         "population": rng.integers(200, 9000, n), "households": 100, "area_type": "rural"},
        geometry=shapely.points(rng.uniform(0, 5000, n), rng.uniform(0, 4000, n)), crs="EPSG:4547",
    )
    scene = MapScene.from_frames({"villages": frame}, 4547, metric=True)
    vp = Viewport.fit((0, 0, 5000, 4000), 500, 400, margin=0.0)
    _, stats = render_image(scene, vp, default_styles())
    boxes = stats.label_boxes
    assert 20 < len(boxes) < n
    for i, a in enumerate(boxes):
        assert a.left() >= 0 and a.top() >= 0 and a.right() <= 500 and a.bottom() <= 400
        assert not any(a.intersects(b) for b in boxes[i + 1 :])


def test_level_of_detail_drops_village_roads_and_labels(scene, vp):
    styles = _only("roads", "villages", labels=True)
    near, near_stats = render_image(scene, vp, styles)
    assert near_stats.per_layer["roads"] == 2 and near_stats.labels >= 4
    far = vp.with_scale(400_000)
    _, far_stats = render_image(scene, far, styles)
    assert far_stats.per_layer["roads"] == 1  # the national road only


def test_missing_and_empty_geometries_are_skipped(project):
    from shapely.geometry import Point, Polygon

    from maps.render.scene import MapScene

    v = project["villages"].copy()
    v.loc[0, "geometry"] = None
    v.loc[1, "geometry"] = Point()
    project["villages"] = v
    g = project["grids"].copy()
    g.loc[0, "geometry"] = Polygon()
    project["grids"] = g
    scene = MapScene.from_project(project)
    vp = Viewport.fit(scene.full_extent(), 600, 400)
    _, stats = render_image(scene, vp, default_styles(), selection={"villages": [0, 3], "grids": [0]})
    assert stats.per_layer["villages"] == 2 and stats.per_layer["grids"] == 2 and not stats.error
    assert [h.index for h in scene.features_at(*scene["villages"].anchors[3], 5.0, ["villages"])] == [3]
