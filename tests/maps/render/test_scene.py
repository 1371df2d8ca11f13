"""The scene: projected once to the GK zone, hit-testing, extents, updates."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point

from maps.render.scene import MapScene
from tests.maps.conftest import LAT, LON


def test_layers_projected_to_metric_zone(project, scene):
    assert scene.epsg == project.metric_epsg() == 4547  # CGCS2000 GK zone CM 114°E
    v = scene["villages"]
    assert v.kind == "point" and len(v) == 4
    # about 1.8 km apart in x (0.02° of longitude at 34.7°N)
    dx = v.anchors[1, 0] - v.anchors[0, 0]
    assert 1700 < dx < 1900
    assert scene["roads"].kind == "line" and len(scene["roads"].seg) == 2
    assert scene["grids"].kind == "polygon" and all(s is not None for s in scene["grids"].shapes)
    lon, lat = scene.to_lonlat(*v.anchors[0])
    assert (lon, lat) == pytest.approx((LON + 0.01, LAT + 0.01), abs=1e-7)


def test_features_at_topmost_first(scene):
    x, y = scene["posts"].anchors[0]
    hits = scene.features_at(x, y, tolerance=20.0)
    assert hits[0].layer == "posts" and hits[0].index == 0
    # the station boundary polygon contains the point too, below the posts
    layers = [h.layer for h in hits]
    assert "boundaries" in layers and layers.index("boundaries") > layers.index("posts")
    assert scene.features_at(x + 5000, y + 5000, tolerance=10.0) == []


def test_features_at_nearest_within_layer(scene):
    a, b = scene["villages"].anchors[0], scene["villages"].anchors[1]
    x, y = a[0] + 0.3 * (b[0] - a[0]), a[1]
    hits = scene.features_at(x, y, tolerance=2000.0, layers=["villages"])
    assert [h.index for h in hits][:2] == [0, 1]
    assert hits[0].distance < hits[1].distance


def test_features_in_rectangle(scene):
    v = scene["villages"].anchors
    rect = (v[:, 0].min() - 10, v[:, 1].min() - 10, v[0, 0] + 10, v[:, 1].max() + 10)
    found = scene.features_in(rect, layers=["villages"])
    assert found["villages"].tolist() == [0, 2]


def test_extents(scene):
    full = scene.full_extent()
    grids = scene.layer_extent("grids")
    assert full[0] <= grids[0] and full[2] >= grids[2]
    sel = scene.selection_extent({"villages": [0, 3]})
    v = scene["villages"].anchors
    assert sel == pytest.approx((v[0, 0], v[0, 1], v[3, 0], v[3, 1]))
    assert MapScene(4547).full_extent() is None


def test_update_layer_after_edit(project, scene):
    frame = project["posts"].copy()
    frame.loc[0, "geometry"] = Point(LON + 0.05, LAT + 0.05)
    before = scene.version
    scene.update_layer("posts", frame)
    assert scene.version == before + 1
    x, y = scene.from_lonlat(LON + 0.05, LAT + 0.05)
    assert scene["posts"].anchors[0] == pytest.approx((x, y))
    assert scene.features_at(x, y, 1.0, ["posts"])[0].index == 0


def test_polygon_villages_and_empty_layers(project):
    from shapely.geometry import box

    frame = project["villages"].copy()
    frame.loc[0, "geometry"] = box(LON, LAT, LON + 0.005, LAT + 0.005)
    project["villages"] = frame
    scene = MapScene.from_project(project)
    v = scene["villages"]
    assert v.kind == "polygon" and v.shapes[0] is not None and v.shapes[1] is None
    assert np.isfinite(v.anchors).all()
    assert scene["units"].kind == "empty" and scene.layer_extent("units") is None
