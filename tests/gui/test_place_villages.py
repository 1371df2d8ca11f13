"""File → New asks where the project goes and writes it empty; villages an import could not
place by name are placed by clicking on the map, each placement undoable."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QFileDialog

from gisdesk.ui.place_villages import PlaceVillages
from layers.project import Project
from layers.schema import coerce


def test_file_new_writes_an_empty_project_where_the_user_said(qtbot, window, modals, monkeypatch, tmp_path):
    w = window
    target = tmp_path / "我的县"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "GeoPackage (*.gpkg)"))
    w.tools.actions["new"].trigger()
    path = tmp_path / "我的县.gpkg"
    assert w.project.path == path.resolve() and path.exists()
    assert all(len(Project.open(path)[n]) == 0 for n in ("villages", "roads", "key_sites"))
    assert not w.isWindowModified() and "我的县.gpkg" in w.status.currentMessage()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert not w.files.new()  # cancelled: the project stays
    assert w.project.path == path.resolve()


def _unplaced() -> gpd.GeoDataFrame:
    rows = pd.DataFrame({
        "code": ["411426100901", "411426100902"], "name": ["刘楼村委会", "张集村委会"],
        "population": [pd.NA, pd.NA], "households": [pd.NA, pd.NA], "area_type": ["rural", "rural"],
        "township": ["城关镇", "城关镇"], "station": ["", ""],
    })
    return coerce("villages", gpd.GeoDataFrame(rows, geometry=[None, None], crs="EPSG:4490"))


def test_unplaced_villages_are_placed_by_clicking_each_undoable(qtbot, window, modals):
    w = window
    before = len(w.project["villages"])
    placer = PlaceVillages(w, _unplaced())
    placer.start()
    assert "刘楼村委会" in w.status.currentMessage()
    c = w.canvas
    at = QPoint(c.width() // 2, c.height() // 2)
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    villages = w.project["villages"]
    assert len(villages) == before + 1 and villages["code"].iloc[-1] == "411426100901"
    lon, lat = c.scene.to_lonlat(*c.viewport.screen_to_world(at.x(), at.y()))
    assert abs(villages.geometry.iloc[-1].x - lon) < 1e-3 and abs(villages.geometry.iloc[-1].y - lat) < 1e-3
    assert pd.isna(villages["population"].iloc[-1])  # unknown stays unknown
    assert "张集村委会" in w.status.currentMessage()
    w.stack.undo()
    assert len(w.project["villages"]) == before and "刘楼村委会" in w.status.currentMessage()
    for _ in range(2):
        qtbot.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at + QPoint(30, 0))
    assert len(w.project["villages"]) == before + 2 and len(placer.pending()) == 0
    assert c.tool is not placer.tool  # done: back to panning
    assert not modals.calls  # no dialog was needed


def _import(qtbot, w, path, layer, match=""):
    from PyQt6.QtWidgets import QDialogButtonBox

    from gisdesk.ui.import_dialog import ImportDialog
    from tests.gui.conftest import wait_idle

    d = ImportDialog(w, str(path))
    d.setModal(False)
    d.show()
    d.layer.setCurrentIndex(d.layer.findData(layer))
    d.match.setText(str(match))
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_idle(qtbot, w)
    assert d.result is not None, d.error.text()
    return d


def test_a_new_project_from_osm_and_a_village_list_in_the_window(qtbot, window, modals, monkeypatch, tmp_path):
    from PyQt6.QtWidgets import QMessageBox

    from tests.layers.henan_osm import own_county_files

    w = window
    own_county_files(tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "县.gpkg"), ""))
    assert w.files.new()
    roads = _import(qtbot, w, tmp_path / "gis_osm_roads_free_1.shp", "roads")
    assert roads.fields()["road_class"] == "road_class"  # the mapping shows the columns OSM becomes
    w.files.report_import(roads.result)
    assert any("非机动车道路" in t for t in modals.texts())
    _import(qtbot, w, tmp_path / "gis_osm_pois_free_1.shp", "key_sites")
    villages = _import(qtbot, w, tmp_path / "行政村.xlsx", "villages", tmp_path / "gis_osm_places_free_1.shp")
    assert len(w.project["villages"]) == 18 and len(villages.result.unplaced) == 2
    modals.answers = [QMessageBox.StandardButton.Yes]
    w.files.report_import(villages.result)
    assert "按名称定位" in modals.texts("question")[-1]
    c = w.canvas
    qtbot.mouseClick(c, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(c.width() // 3, c.height() // 3))
    assert len(w.project["villages"]) == 19
    w.stack.undo()
    assert len(w.project["villages"]) == 18
