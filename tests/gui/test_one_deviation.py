"""One deviation (issue 15): the grids panel's table and summary, the map's grid colours and
the workbook all measure a grid with layers.standard's deviation and the staffing numbers
the user set; the summary's band is the panel's tolerance."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PyQt6.QtCore import Qt

from gisdesk.services.check import check_project
from gisdesk.services.grids import GridParams, compute_grids, grids_command
from layers.standard import Standard
from maps.render.scene import MapScene
from maps.style.symbology import DEVIATION, grid_deviation
from tests.gisdesk.services.grids.test_plan import _town
from tests.gui.conftest import close_window, make_window, wait_render


@pytest.fixture(scope="module")
def town():
    p = _town()
    params = GridParams(Standard(urban_people=2500))
    grids_command(compute_grids(p, params), params).do(p)
    return p


def _copy(p):
    from layers.project import Project

    return Project(layers=dict(p.layers), metadata=dict(p.metadata))


def _table_deviations(panel) -> dict[str, str]:
    t = panel.table
    return {t.item(r, 0).data(Qt.ItemDataRole.UserRole): t.item(r, 4).text() for r in range(t.rowCount())}


def test_map_panel_and_check_use_the_recorded_standard(qtbot, settings, town):
    recorded = Standard.recorded(town.metadata)
    assert recorded.urban_people == 2500
    expected = recorded.deviations(town["grids"])
    # the map's scene, the check's grid table and the symbology helper agree
    scene = MapScene.from_project(town)
    assert scene.standard == recorded
    assert np.allclose(grid_deviation(town["grids"], scene.standard), expected, equal_nan=True)
    table = check_project(town).grids
    assert np.allclose(table["deviation"].to_numpy(float), expected, equal_nan=True)
    w = make_window(qtbot, settings, project=_copy(town))
    try:
        panel = w.grids_panel
        assert panel.people.value() == 2500  # the inputs start from what the grids were drawn with
        codes = list(town["grids"]["code"])
        shown = _table_deviations(panel)
        for code, d in zip(codes, expected, strict=True):
            assert shown[code] == ("" if np.isnan(d) else f"{d:+.0%}")
    finally:
        close_window(w)


def test_changing_the_inputs_re_measures_panel_and_map_and_is_recorded(qtbot, settings, town):
    w = make_window(qtbot, settings, project=_copy(town))
    try:
        panel = w.grids_panel
        before = _table_deviations(panel)
        panel.people.setValue(4000)
        panel.tolerance.setValue(0.25)
        s = Standard(urban_people=4000)
        expected = s.deviations(w.project["grids"])
        after = _table_deviations(panel)
        assert after != before
        for code, d in zip(w.project["grids"]["code"], expected, strict=True):
            assert after[code] == ("" if np.isnan(d) else f"{d:+.0%}")
        # the map colours by the same numbers
        assert w.canvas.scene.standard == s
        wait_render(qtbot, w.canvas)
        classes = w.canvas.scene["grids"].cache.get("deviation")
        assert classes is not None and (classes == DEVIATION.classify(expected)).all()
        # recorded as the project's grid parameters: print, web map and workbook read them
        params = json.loads(w.project.metadata["params.grids"])
        assert params["urban_people"] == 4000 and params["tolerance"] == 0.25
        assert Standard.recorded(w.project.metadata) == s
        # the summary's band is the tolerance
        text = panel.summary.text()
        assert "+25%" in text and "-25%" in text and "20%" not in text
        within = int(np.sum(np.abs(expected) <= 0.25))
        assert f"{within}" in text
    finally:
        close_window(w)
