"""Names where people read (issue 15): the attribute table, the identify panel and the
evaluate panel show a station, office or village by name with its code beside it, and
same-named villages told apart by township."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from layers.lookups import DisplayNames
from tests.gui.conftest import close_window, homonym_project, make_window


def _named_project():
    p = homonym_project(station=["S1"] * 4)
    posts = p["posts"].copy()
    posts["station"] = ["S1"] * 3
    p["posts"] = posts
    return p


@pytest.fixture
def named_window(qtbot, settings):
    w = make_window(qtbot, settings, project=_named_project())
    yield w
    close_window(w)


def _cell(w, row: int, column: str) -> str:
    model = w.table.model
    model = getattr(model, "sourceModel", lambda: model)()
    col = model.columns.index(column)
    return model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)


def test_display_names_tell_same_named_villages_apart():
    names = DisplayNames(_named_project())
    assert names.village("V1") == "朱庄村（城关镇） (V1)"
    assert names.village("V2") == "朱庄村（王集乡） (V2)"
    assert names.village("V3") == "王寨村 (V3)"
    # the station's name comes from its boundary, the station post's otherwise
    assert names.station("S1") == "城关派出所辖区 (S1)"
    assert names.station("S9") == "S9"  # unknown: the code, never nothing
    assert names.office("P2") == "张庄警务室 (P2)"


def test_attribute_table_shows_the_station_name_with_its_code(named_window):
    w = named_window
    w.table.show_layer("villages")
    assert _cell(w, 0, "station") == "城关派出所辖区 (S1)"
    assert _cell(w, 0, "name") == "朱庄村"
    w.table.show_layer("posts")
    assert _cell(w, 1, "station") == "城关派出所辖区 (S1)"
    # editing still takes the code
    model = w.table.model
    model = getattr(model, "sourceModel", lambda: model)()
    col = model.columns.index("station")
    assert model.data(model.index(1, col), Qt.ItemDataRole.EditRole) == "S1"


def test_identify_shows_names_beside_codes(named_window):
    w = named_window
    w.identify_panel.show_features(w.project, [("villages", 1)])
    top = w.identify_panel.tree.topLevelItem(0)
    assert top.text(1) == "朱庄村（王集乡） (V2)"
    values = w.identify_panel.values()
    assert values["编码"] == "V2" and "城关派出所辖区 (S1)" in values.values()
