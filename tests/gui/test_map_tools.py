"""Map tools driven with the mouse and keyboard on the canvas: identify, select, measure,
status bar, and the layer panel, with pixels probed where it matters."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtGui import QColor

from maps.style.symbology import BACKGROUND, SELECTION
from tests.gui.conftest import pixel, screen_of, wait_render


def _click(qtbot, canvas, point: QPoint, button=Qt.MouseButton.LeftButton, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(canvas, button, modifier, point)


def _close(a: QColor, b: QColor, tol: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tol


def test_identify_click_shows_the_village_attributes(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("identify")
    _click(qtbot, c, screen_of(c, "villages", 1))
    values = w.identify_panel.values()
    assert values["编码"] == "V2" and values["名称"] == "李营村" and values["人口"] == "2500"
    assert "34.7" in w.identify_panel.hint.text()


def test_select_by_click_selects_the_table_row_and_draws_the_selection(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("select")
    at = screen_of(c, "villages", 1)
    _click(qtbot, c, at)
    assert c.selection == {"villages": {1}}
    assert w.table.layer == "villages" and w.table.selected_rows() == [1]
    wait_render(qtbot, c)
    image = c.grab().toImage()
    ring = [image.pixelColor(at.x() + dx, at.y() + dy) for dx in range(-9, 10) for dy in range(-9, 10)]
    assert any(_close(p, QColor(SELECTION), 60) for p in ring)


def test_rectangle_drag_selects_several_and_shift_adds(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("select")
    a, b = screen_of(c, "villages", 0), screen_of(c, "villages", 1)
    start, end = QPoint(a.x() - 15, a.y() + 15), QPoint(b.x() + 15, b.y() - 15)
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(c, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(c, end)
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=end)
    assert c.selection.get("villages") == {0, 1}
    assert w.table.selected_rows() == [0, 1]
    _click(qtbot, c, screen_of(c, "villages", 3), modifier=Qt.KeyboardModifier.ShiftModifier)
    assert c.selection["villages"] == {0, 1, 3}


def test_table_selection_selects_on_the_map(qtbot, window):
    w, c = window, window.canvas
    w.table.show_layer("villages")
    view = w.table.view
    rect = view.visualRect(w.table.proxy.index(2, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert c.selection == {"villages": {2}}


def test_measure_distance_and_area_in_metres(qtbot, window):
    w, c = window, window.canvas
    w.activate_tool("measure")
    a, b = screen_of(c, "villages", 0), screen_of(c, "villages", 1)  # 0.02 deg of longitude apart
    _click(qtbot, c, a)
    _click(qtbot, c, b)
    qtbot.mouseDClick(c, Qt.MouseButton.LeftButton, pos=b)
    tool = w.tools.tools["measure"]
    assert 1700 < tool.value() < 1900  # 0.02 deg at 34.7 N is about 1.83 km
    assert "距离" in w.status.currentMessage() and "km" in w.status.currentMessage()
    w.activate_tool("measure_area")
    d = screen_of(c, "villages", 3)
    for p in (a, b, d):
        _click(qtbot, c, p)
    qtbot.keyClick(c, Qt.Key.Key_Return)
    area = w.tools.tools["measure_area"].value()
    assert 1.9e6 < area < 2.2e6  # half of a 1.83 km x 2.22 km rectangle
    assert "面积" in w.status.currentMessage()


def test_status_bar_shows_position_and_takes_a_typed_scale(qtbot, window):
    w, c = window, window.canvas
    at = screen_of(c, "villages", 0)
    qtbot.mouseMove(c, at)
    lon_text, lat_text = w.status.lonlat.text().replace("°E", "").replace("°N", "").split()
    village = w.project["villages"].geometry.iloc[0]
    metres_per_pixel = c.viewport.mpp
    assert abs(float(lon_text) - village.x) * 91_000 < 2 * metres_per_pixel
    assert abs(float(lat_text) - village.y) * 111_000 < 2 * metres_per_pixel
    assert w.status.gk.text().startswith("GK")
    assert "EPSG:4490" in w.status.crs.text()
    box = w.status.scale
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "1:5000")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert abs(c.scale() - 5000) < 1
    c.zoom_out()
    assert box.currentText() == "1:10,000"


def test_wheel_and_keys_zoom_and_home_shows_everything(qtbot, window):
    c = window.canvas
    full = c.scale()
    c.setFocus()
    qtbot.keyClick(c, Qt.Key.Key_Plus)
    assert abs(c.scale() - full / 2) < 1
    qtbot.keyClick(c, Qt.Key.Key_Home)
    assert abs(c.scale() - full) < 1


def test_hiding_a_layer_removes_it_from_the_map(qtbot, window):
    w, c = window, window.canvas
    at = screen_of(c, "villages", 3)
    shown = pixel(c, at)
    item = w.layer_panel.item("villages")
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not c.styles["villages"].visible
    wait_render(qtbot, c)
    hidden = pixel(c, at)
    assert not _close(shown, hidden, 30)
    item.setCheckState(Qt.CheckState.Checked)
    wait_render(qtbot, c)
    assert _close(pixel(c, at), shown, 10)


def test_layer_order_opacity_labels_and_colour(qtbot, window, monkeypatch):
    from PyQt6.QtWidgets import QColorDialog

    c, panel = window.canvas, window.layer_panel
    panel.select("grids")
    below = c.scene.ordered().index("grids")
    qtbot.mouseClick(panel.up, Qt.MouseButton.LeftButton)
    assert c.scene.ordered().index("grids") == below + 1
    assert panel.current() == "grids"
    panel.opacity.setValue(40)
    assert abs(c.styles["grids"].opacity - 0.4) < 1e-9
    panel.labels.setChecked(False)
    assert c.styles["grids"].labels is False
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#ff00ff"))
    qtbot.mouseClick(panel.colour, Qt.MouseButton.LeftButton)
    assert c.styles["grids"].fill == "#ff00ff"
    panel.select("boundaries")
    panel.opacity.setValue(100)
    panel.select("grids")
    wait_render(qtbot, c)
    at = screen_of(c, "grids", 1)
    colour = pixel(c, at)
    assert colour.red() > colour.green() + 40 and colour.blue() > colour.green() + 40  # magenta shows
    assert not _close(colour, QColor(BACKGROUND))


def test_legend_follows_the_visible_layers(qtbot, window):
    w = window
    groups = {e.group for e in w.legend.entries}
    assert {"警务站点", "道路"} <= groups
    w.layer_panel.set_visible("roads", False)
    assert "道路" not in {e.group for e in w.legend.entries}
    image = w.legend.inner.grab().toImage()
    assert image.height() == w.legend.inner.height() > 40
