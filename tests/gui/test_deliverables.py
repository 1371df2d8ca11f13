"""The window makes every deliverable from its menus: beat maps (dialog, preview, job,
Cancel), the workbook, the web map, the check's findings dock and the project properties."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QDialogButtonBox, QFileDialog

from tests.gui.conftest import close_window, make_window, wait_idle
from tests.maps.print.test_beat_maps import _plan_town

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def town_saved(tmp_path_factory) -> Path:
    return _plan_town().save(tmp_path_factory.mktemp("town") / "town.gpkg")


@pytest.fixture
def town(qtbot, settings, town_saved, tmp_path):
    target = tmp_path / "town.gpkg"
    shutil.copyfile(town_saved, target)
    w = make_window(qtbot, settings, path=target)
    yield w
    close_window(w)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """What the window handed to the desktop's viewer (nothing really opens in a test)."""
    seen: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: seen.append(url.toLocalFile()) or True)
    return seen


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def _menu_action(w, name: str):
    """The action as the menus hold it (so the test goes through what the user clicks)."""
    for menu in w.menuBar().findChildren(type(w.menuBar().actions()[0].menu())):
        for action in menu.actions():
            if action.objectName() == f"action_{name}":
                return action
    raise AssertionError(f"no menu entry action_{name}")


def _print_dialog(qtbot, w):
    _menu_action(w, "print").trigger()
    dialog = w.print_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def _press_print(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_print_one_station_from_the_menu(qtbot, town, tmp_path, opened):
    w = town
    dialog = _print_dialog(qtbot, w)
    dialog.one_station.setChecked(True)
    dialog.station.setCurrentIndex(dialog.station.findData("S01"))
    dialog.by.setCurrentIndex(dialog.by.findData("grid"))
    out = tmp_path / "城关.pdf"
    dialog.out.setText(str(out))
    dialog.refresh_preview()
    assert not dialog.preview.pixmap().isNull()
    image = dialog.preview_image
    assert image.height() > image.width() > 200  # an A4 portrait page
    assert dialog.page.maximum() == 1 + len(w.project["grids"])
    with qtbot.waitSignal(w.runner.finished, timeout=120000):
        _press_print(dialog)
    assert out.exists() and opened == [str(out)]
    text = _text(out)
    assert "城关派出所 辖区总图" in text
    for name in w.project["grids"]["name"]:
        assert name in text


def test_print_the_selected_grid_on_a3(qtbot, town, tmp_path, opened):
    w = town
    code = str(w.project["grids"]["code"].iloc[1])
    w.canvas.set_selection({"grids": [1]})
    dialog = _print_dialog(qtbot, w)
    assert dialog.chosen.isEnabled() and dialog.chosen.isChecked()
    dialog.paper.setCurrentText("A3")
    assert dialog.orientation.currentData() == "landscape"
    dialog.refresh_preview()
    assert dialog.preview_image.width() > dialog.preview_image.height()
    out = tmp_path / "grid.pdf"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(w.runner.finished, timeout=120000):
        _press_print(dialog)
    text = _text(out)
    assert f"警格 {code}" in text and "辖区总图" not in text


def test_print_can_be_cancelled_and_writes_nothing(qtbot, town, tmp_path, opened):
    w = town
    dialog = _print_dialog(qtbot, w)
    dialog.everything.setChecked(True)
    out = tmp_path / "all.pdf"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(w.runner.cancelled, timeout=120000):
        _press_print(dialog)
        assert w.runner.busy
        w.status.cancel_clicked.emit()
    wait_idle(qtbot, w)
    assert not out.exists() and opened == []
    assert not list(tmp_path.glob(".all.saving-*"))


def test_report_from_the_menu(qtbot, town, tmp_path, opened, monkeypatch):
    from openpyxl import load_workbook

    w = town
    out = tmp_path / "report.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(w.runner.finished, timeout=120000):
        _menu_action(w, "report").trigger()
    assert opened == [str(out)]
    book = load_workbook(out)
    assert len(book.sheetnames) >= 3
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("城关派出所" in c for c in cells)


def test_export_web_map_from_the_menu(qtbot, town, tmp_path, opened, monkeypatch):
    w = town
    out = tmp_path / "web"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(w.runner.finished, timeout=120000):
        _menu_action(w, "export_web").trigger()
    html = tmp_path / "web.html"
    assert opened == [str(html)]
    page = html.read_text(encoding="utf-8")
    assert "警务区划图" in page and "李楼村警务室" in page


def test_check_lists_findings_and_a_click_zooms_to_one(qtbot, town):
    from gisdesk.services.check import check_project

    w = town
    with qtbot.waitSignal(w.runner.finished, timeout=120000):
        _menu_action(w, "check").trigger()
    dock = w.findings_dock
    panel = dock.widget()
    expected = check_project(w.project).findings
    assert dock.isVisible() and panel.table.rowCount() == len(expected) > 0
    assert panel.table.item(0, 2).text() and panel.table.item(0, 3).text()
    row = next(i for i, f in enumerate(panel.findings) if f.codes)
    before = w.canvas.viewport.extent
    panel.table.cellClicked.emit(row, 0)
    assert w.canvas.selection  # the finding's places are selected
    assert w.canvas.viewport.extent != before
    # the English window reads the findings in English (the rule modules word them in Chinese)
    from gisdesk import messages
    from gisdesk.services.check import rule_titles

    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert cjk.search(panel.table.item(0, 1).text()) and cjk.search(panel.table.item(0, 3).text())
    messages.set_language("en")
    try:
        panel.show_report(check_project(w.project), rule_titles())
        titles = [panel.table.item(r, 1).text() for r in range(panel.table.rowCount())]
        assert not any(cjk.search(t) for t in titles), titles
    finally:
        messages.set_language("zh")


def test_project_properties_are_one_undoable_step_and_print(qtbot, town):
    from maps.print.credits import KEYS

    w = town
    _menu_action(w, "properties").trigger()
    dialog = w.project_dialog
    dialog.unit.setText("商丘市公安局")
    dialog.reviewer.setText("李审核")
    dialog.accept()
    assert w.project.metadata[KEYS["unit"]] == "商丘市公安局" and w.is_modified()
    w.stack.undo()
    assert w.project.metadata[KEYS["unit"]] == "夏丘县公安局指挥中心"
    w.stack.redo()
    assert w.project.metadata[KEYS["reviewer"]] == "李审核"


def test_print_with_the_configured_basemap(qtbot, settings, town_saved, tmp_path, opened):
    import numpy as np
    from PyQt6.QtGui import QImage

    from tests.maps.print.test_beat_maps import X0, Y0, _mbtiles

    settings.basemap_mbtiles = str(_mbtiles(tmp_path / "base.mbtiles", X0, Y0, "#10b030"))
    target = tmp_path / "town.gpkg"
    shutil.copyfile(town_saved, target)
    w = make_window(qtbot, settings, path=target)
    try:
        w.canvas.set_selection({"grids": [0]})
        dialog = _print_dialog(qtbot, w)
        assert dialog.basemap.isEnabled()
        dialog.basemap.setChecked(True)
        out = tmp_path / "based.pdf"
        dialog.out.setText(str(out))
        with qtbot.waitSignal(w.runner.finished, timeout=120000):
            _press_print(dialog)
    finally:
        close_window(w)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")], check=True)
    img = QImage(str(next(tmp_path.glob("page*.png")))).convertToFormat(QImage.Format.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    px = np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width()].astype(int)
    green = (px[..., 1] - px[..., 2] > 40) & (px[..., 1] - px[..., 0] > 40)
    assert green.sum() > 2000  # the basemap's colour shows on the printed page
