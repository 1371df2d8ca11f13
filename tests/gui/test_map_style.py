"""A map a planner can style and search (issue 15): layer groups, a label field per layer,
grids coloured by the officer assigned, scale-dependent visibility honoured by the
renderer, and the "go to" box that zooms to and selects what it finds."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QImage, QPainter

from layers.lookups import goto_entries
from maps.render import MapScene
from maps.render.renderer import render
from maps.style.symbology import OFFICER_COLOURS, default_styles, officer_classes, scale_denominator
from maps.viewport import Viewport
from tests.gui.conftest import close_window, homonym_project, make_window, wait_render


def _project():
    p = homonym_project()
    g = p["grids"].copy()
    g["officer_name"] = ["李红", "李红", "赵强"]
    g["officer_phone"] = ["1", "1", "2"]
    p["grids"] = g
    return p


@pytest.fixture
def styled(qtbot, settings):
    w = make_window(qtbot, settings, project=_project())
    yield w
    close_window(w)


def test_layers_are_listed_in_groups_and_a_group_box_hides_its_layers(styled):
    panel = styled.layer_panel
    heads = [panel.list.item(i).text() for i in range(panel.list.count())
             if panel.list.item(i).data(Qt.ItemDataRole.UserRole) is None]
    assert heads == ["规划方案", "警务站点", "警格", "基础"], heads
    base = panel.group_item("base")
    base.setCheckState(Qt.CheckState.Unchecked)
    for name in ("villages", "roads", "boundaries"):
        assert not styled.canvas.styles[name].visible
    assert styled.canvas.styles["posts"].visible
    panel.item("villages").setCheckState(Qt.CheckState.Checked)
    assert panel.group_item("base").checkState() == Qt.CheckState.PartiallyChecked


def test_label_field_and_colour_by_officer(qtbot, styled):
    panel, canvas = styled.layer_panel, styled.canvas
    panel.select("villages")
    fields = [panel.label_field.itemData(i) for i in range(panel.label_field.count())]
    assert "code" in fields and "population" in fields
    panel.label_field.setCurrentIndex(fields.index("code"))
    assert canvas.styles["villages"].label_field == "code"
    panel.select("grids")
    ways = [panel.classify.itemData(i) for i in range(panel.classify.count())]
    assert ways == ["deviation", "officer"]
    panel.classify.setCurrentIndex(1)
    assert canvas.styles["grids"].classify == "officer"
    canvas.zoom_to_layer("grids")
    wait_render(qtbot, canvas)
    classes = canvas.scene["grids"].cache["officer"]
    assert classes[0] == classes[1] != classes[2]  # one colour per person
    from maps.style.legend_rows import legend_entries

    groups = {e.group for e in legend_entries(canvas.styles, canvas.scene)}
    assert "警格（按责任民警着色）" in groups and "警格人口偏差" not in groups


def test_officer_classes_leave_unassigned_grids_out():
    p = _project()
    g = p["grids"].copy()
    g.loc[2, "officer_name"] = None
    g.loc[2, "officer_phone"] = None
    cls = officer_classes(g)
    assert cls[2] == -1 and cls[0] == cls[1] and 0 <= cls[0] < len(OFFICER_COLOURS)


def test_scale_dependent_visibility_is_honoured_by_the_renderer():
    scene = MapScene.from_project(_project())
    styles = default_styles()
    assert styles["villages"].max_scale and styles["posts"].max_scale is None
    assert styles["villages"].shown_at(100_000) and not styles["villages"].shown_at(1_000_000)
    xmin, ymin, xmax, ymax = scene.full_extent()
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2

    def drawn(denominator: float) -> dict:
        mpp = denominator * 0.0254 / 96
        image = QImage(800, 600, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            stats = render(painter, scene, Viewport(cx, cy, mpp, 800, 600), styles=styles)
        finally:
            painter.end()
        return stats.per_layer

    near, far = drawn(50_000), drawn(2_000_000)
    assert scale_denominator(2_000_000 * 0.0254 / 96) == pytest.approx(2_000_000)
    assert near.get("grids", 0) > 0
    assert far.get("grids", 0) == 0 and far.get("villages", 0) == 0


def test_goto_finds_same_named_villages_by_township_zooms_and_selects(qtbot, styled):
    entries = [t for t, _, _ in goto_entries(styled.project)]
    assert "朱庄村（王集乡） 村 V2" in entries and "城关派出所 派出所 P1" in entries and "二号警格 警格 G2" in entries
    box = styled.goto_box
    styled.canvas.zoom_full()
    full = styled.canvas.scale()
    assert box.go("朱庄村（王集乡）")
    assert styled.canvas.selection == {"villages": {1}}
    assert styled.canvas.scale() < full
    x, y = styled.canvas.scene["villages"].anchors[1]
    xmin, ymin, xmax, ymax = styled.canvas.viewport.extent
    assert xmin <= x <= xmax and ymin <= y <= ymax
    assert box.go("二号警格") and styled.canvas.selection == {"grids": {1}}
    assert not box.go("没有这个地方")
