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
    assert not w.isWindowModified() and "Import" in w.status.currentMessage()
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
