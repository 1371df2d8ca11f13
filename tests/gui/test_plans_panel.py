"""The plans panel: versions saved, loaded (and undone) from the panel, two plans compared
with the differences on the map, a village dragged onto another office with the check
re-run as you edit, an adoption confirmed and undone."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QMessageBox

from gisdesk.services.plans import reassign_command, save_command
from gisdesk.services.siting import SitingParams, propose_sites, siting_command
from gisdesk.ui.plans_panel import DIFF_LAYERS
from layers.edits import CommandStack
from tests.gisdesk.services.siting.test_costs import small_project
from tests.gui.conftest import close_window, make_window, screen_of, wait_render


def _office_of(project, village: str) -> str:
    a = project["plan_assignment"]
    return str(a.loc[a["village"] == village, "office"].iloc[0])


def _s1_offices(project) -> tuple[str, str]:
    """Station S1's two offices (12 villages), the one serving fewer villages first."""
    a = project["plan_assignment"]
    offices = project["plan_offices"]
    codes = list(offices.loc[offices["station"] == "S1", "code"])
    assert len(codes) == 2
    small, large = sorted(codes, key=lambda c: ((a["office"] == c).sum(), c))
    return small, large


def _workstation_village(project, office: str) -> str:
    w = project["plan_workstations"]
    return str(w.loc[w["office"] == office, "village"].iloc[0])


@pytest.fixture
def planned():
    """The small project with a plan (S1: offices of 5 and 7 villages), saved as version
    原方案, then a village of the smaller office moved by hand to the larger: 4 and 8."""
    p = small_project()
    stack = CommandStack(p)
    stack.push(siting_command(propose_sites(p, SitingParams(time_limit=5, tradeoff=False))))
    stack.push(save_command(p, "原方案", "site"))
    small, large = _s1_offices(p)
    stack.push(reassign_command(p, _workstation_village(p, small), large))
    return p


@pytest.fixture
def window(qtbot, settings, planned):
    w = make_window(qtbot, settings, project=planned)
    w.plans_dock.show()
    w.plans_dock.raise_()
    yield w
    close_window(w)


def test_load_a_version_from_the_panel_and_undo(qtbot, window):
    w, panel = window, window.plans_panel
    assert panel.versions.rowCount() == 1 and panel.versions.item(0, 0).text() == "原方案"
    adjusted = dict(zip(w.project["plan_assignment"]["village"], w.project["plan_assignment"]["office"], strict=True))
    saved = w.project["plan_version_assignment"]
    original = dict(zip(saved["village"], saved["office"], strict=True))
    assert adjusted != original
    panel.versions.selectRow(0)
    qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    now = dict(zip(w.project["plan_assignment"]["village"], w.project["plan_assignment"]["office"], strict=True))
    assert now == original and w.isWindowModified()
    assert len(w.canvas.scene["plan_assignment"]) == len(w.project["plan_assignment"])
    assert "plan_version_assignment" not in w.canvas.scene  # versions are kept, not drawn
    w.tools.actions["undo"].trigger()
    back = dict(zip(w.project["plan_assignment"]["village"], w.project["plan_assignment"]["office"], strict=True))
    assert back == adjusted


def test_save_compare_and_show_the_differences(qtbot, window):
    w, panel = window, window.plans_panel
    assert panel.save_current("手调", "一个村换了警务室")
    assert panel.versions.rowCount() == 2 and panel.a_box.count() == 3
    with qtbot.waitSignal(w.runner.finished, timeout=30000):
        assert panel.compare("原方案", "手调")
    c = panel.comparison
    assert len(c.villages_changed) == 1
    assert panel.table.item(5, 0).text() == "1"
    assert panel.table.item(4, 0).text() == str(c.a.violations)
    moved = w.canvas.scene[next(iter(DIFF_LAYERS))]
    assert len(moved) == 1 and moved.frame["code"].iloc[0] == c.villages_changed[0]["village"]
    panel.clear_diff()
    assert all(name not in w.canvas.scene for name in DIFF_LAYERS)
    w.tools.actions["undo"].trigger()  # the save
    assert panel.versions.rowCount() == 1


def _moved_by_hand(project) -> str:
    """The village whose office differs from the saved version 原方案 (the fixture's move)."""
    saved = project["plan_version_assignment"]
    original = dict(zip(saved["village"], saved["office"], strict=True))
    now = project["plan_assignment"]
    return next(str(v) for v, o in zip(now["village"], now["office"], strict=True) if original[v] != o)


def test_drag_a_village_onto_another_office_with_a_live_check_and_undo(qtbot, window):
    w, panel, c = window, window.plans_panel, window.canvas
    office, other = _s1_offices(w.project)  # 4 villages (a violation) and 8
    village = _moved_by_hand(w.project)  # dragged back, both areas are one piece again
    assert (w.project["plan_assignment"]["office"] == office).sum() == 4
    qtbot.mouseClick(panel.adjust_button, Qt.MouseButton.LeftButton)
    assert c.tool is panel.tool
    qtbot.waitUntil(lambda: panel.report is not None and not w.runner.busy, timeout=30000)
    before = panel.report
    assert [f for f in before.findings if f.severity == "violation" and office in f.codes]
    villages = list(w.project["villages"]["code"])
    offices = list(w.project["plan_offices"]["code"])
    wait_render(qtbot, c)
    start = screen_of(c, "villages", villages.index(village))
    end = screen_of(c, "plan_offices", offices.index(office))
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(c, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(c, end)
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=end)
    assert _office_of(w.project, village) == office
    counts = w.project["plan_offices"].set_index("code")["villages"]
    assignment = w.project["plan_assignment"]
    assert counts[other] == (assignment["office"] == other).sum() == 7
    assert counts[office] == (assignment["office"] == office).sum() == 5
    # the check runs again on the edited plan: the office is back within 5-8
    qtbot.waitUntil(lambda: panel.report is not before and not w.runner.busy, timeout=30000)
    assert not [f for f in panel.report.findings if f.severity == "violation" and office in f.codes]
    table = w.findings_dock.widget().table
    rows = [" ".join(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]
    assert w.findings_dock.isVisible() and not any(office in row and "违规" in row for row in rows)
    after = panel.report
    w.tools.actions["undo"].trigger()
    assert _office_of(w.project, village) == other
    assert w.project["plan_offices"].set_index("code")["villages"][office] == 4
    qtbot.waitUntil(lambda: panel.report is not after and not w.runner.busy, timeout=30000)
    assert [f for f in panel.report.findings if f.severity == "violation" and office in f.codes]
    rows = [" ".join(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]
    assert any(office in row and "违规" in row for row in rows)  # the findings dock names it again


def test_drag_an_office_onto_another_key_site_and_undo(qtbot, window):
    w, panel, c = window, window.plans_panel, window.canvas
    office, _other = _s1_offices(w.project)
    village = _workstation_village(w.project, office)
    sites = w.project["key_sites"]
    site = sites.loc[(sites["village"] == village) & (sites["category"] == "village_office"), "code"].iloc[0]
    old = w.project["plan_offices"].set_index("code").loc[office]
    qtbot.mouseClick(panel.adjust_button, Qt.MouseButton.LeftButton)
    c.zoom_to_features("plan_offices", [list(w.project["plan_offices"]["code"]).index(office)])
    wait_render(qtbot, c)
    start = screen_of(c, "plan_offices", list(w.project["plan_offices"]["code"]).index(office))
    end = screen_of(c, "key_sites", list(sites["code"]).index(site))
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(c, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(c, end)
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=end)
    moved = w.project["plan_offices"].set_index("code").loc[office]
    assert moved["key_site"] == site and not moved.geometry.equals(old.geometry)
    assert village not in set(w.project["plan_workstations"]["village"])  # the office stands there now
    assert len(c.scene["plan_offices"]) == len(w.project["plan_offices"])
    w.tools.actions["undo"].trigger()
    back = w.project["plan_offices"].set_index("code").loc[office]
    assert back["key_site"] == old["key_site"] and back.geometry.equals(old.geometry)
    assert village in set(w.project["plan_workstations"]["village"])
    qtbot.waitUntil(lambda: not w.runner.busy, timeout=30000)


def test_adopt_asks_first_then_closes_and_opens_posts_in_one_undo_step(qtbot, window, modals):
    w, panel = window, window.plans_panel
    posts_before = w.project["posts"].copy()
    panel.versions.selectRow(0)
    modals.answers = [QMessageBox.StandardButton.No]
    qtbot.mouseClick(panel.adopt_button, Qt.MouseButton.LeftButton)
    assert len(w.project["posts"]) == len(posts_before)
    modals.answers = [QMessageBox.StandardButton.Yes]
    qtbot.mouseClick(panel.adopt_button, Qt.MouseButton.LeftButton)
    assert "原方案" in modals.texts("question")[-1]
    posts = w.project["posts"]
    assert len(posts) > len(posts_before) and set(posts["status"]) <= {"open", "closed"}
    assert set(w.project["plan_offices"]["code"]) <= set(posts.loc[posts["status"] == "open", "code"])
    assert panel.versions.item(0, 3).text()  # the adoption date
    w.tools.actions["undo"].trigger()
    assert len(w.project["posts"]) == len(posts_before)
    assert not panel.versions.item(0, 3).text()
