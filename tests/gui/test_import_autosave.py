"""The import dialog (preview, field mapping, refusals) and autosave with crash recovery,
including a real process killed with SIGKILL while it autosaves."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PyQt6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from gisdesk.ui.autosave import recovery_for, side_path
from gisdesk.ui.import_dialog import ImportDialog
from layers.project import Project
from tests.gui.conftest import close_window, make_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]

CSV = """村代码,村名,常住人口,户数,城乡分类代码,经度,纬度
410101001001,赵庄村,1200,380,220,113.615,34.705
410101001002,钱营村,2300,700,220,113.625,34.712
410101001003,孙寨村,900,260,210,113.632,34.722
"""


def _dialog(window, path=None) -> ImportDialog:
    d = ImportDialog(window, path)
    d.setModal(False)
    d.show()
    return d


def test_import_dialog_previews_maps_and_imports_as_one_step(qtbot, window, tmp_path, monkeypatch):
    w = window
    src = tmp_path / "行政村.csv"
    src.write_text(CSV, encoding="gbk")
    d = _dialog(w)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(src), ""))
    d.browse()
    assert d.preview.rowCount() == 3 and d.preview.columnCount() == 7
    assert d.preview.item(0, 1).text() == "赵庄村"  # GBK detected
    fields = d.fields()
    assert fields["code"] == "村代码" and fields["population"] == "常住人口"
    assert fields["lon"] == "经度" and fields["lat"] == "纬度"
    d.set_field("name", "村代码")  # the user maps a column differently
    assert d.fields()["name"] == "村代码"
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_idle(qtbot, w)
    assert d.result is not None and d.result.imported == 3
    villages = w.project["villages"]
    assert len(villages) == 7 and villages["code"].iloc[-1] == "410101001003"
    assert villages["name"].iloc[-1] == "410101001003" and villages["households"].iloc[-1] == 260
    assert len(w.canvas.scene["villages"]) == 7
    w.tools.actions["undo"].trigger()
    assert len(w.project["villages"]) == 4


def test_import_refusal_is_one_line_in_the_dialog_and_changes_nothing(qtbot, window, tmp_path):
    w = window
    bad = tmp_path / "roads.shp"
    bad.write_text("this is not a shapefile")
    d = _dialog(w, str(bad))
    assert d.error.text() and "\n" not in d.error.text()
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not w.runner.busy and not w.stack.can_undo
    src = tmp_path / "v.csv"
    src.write_text(CSV.replace("1200", "-5"), encoding="utf-8")
    d.path.setText(str(src))
    d.load_preview()
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_idle(qtbot, w)
    assert "常住人口" in d.error.text() and "-5" in d.error.text() and "\n" not in d.error.text()
    assert d.isVisible() and len(w.project["villages"]) == 4 and not w.stack.can_undo
    d.close()


def test_settings_dialog_stores_language_autosave_and_basemap(qtbot, window, monkeypatch):
    from gisdesk.ui.settings_dialog import SettingsDialog

    d = SettingsDialog(window.settings, window)
    d.language.setCurrentIndex(d.language.findData("en"))
    d.autosave.setValue(3)
    assert d.workers.value() == 0 and d.workers.text() == d.tr("all cores")
    d.workers.setValue(1)
    qtbot.keyClicks(d.url, "http://tiles.local/{z}/{x}/{y}.png")
    d.accept()
    assert window.settings.language == "en" and window.settings.autosave_minutes == 3
    assert window.settings.workers == 1 and window.settings.job_workers().processes == 1
    assert window.settings.basemap_url == "http://tiles.local/{z}/{x}/{y}.png"


def test_autosave_writes_a_side_file_and_recovery_restores_the_work(qtbot, settings, small, modals):
    w = make_window(qtbot, settings, path=small)
    try:
        w.table.show_layer("villages")
        w.table.model.setData(w.table.model.index(0, 2), "7777")
        with qtbot.waitSignal(w.autosaver.saved, timeout=20000):
            assert w.autosaver.save_now()
        side = side_path(small.resolve())
        assert side.exists() and recovery_for(small.resolve()) == side
        assert Project.open(side)["villages"]["population"].iloc[0] == 7777
        assert Project.open(small)["villages"]["population"].iloc[0] == 800  # the project itself untouched
    finally:
        w.runner.wait()
        w.autosaver.wait()
        w.canvas.shutdown()
        w.files.release()  # the window "crashes": no save, no clean-up of the side file
        w.hide()
    modals.answers = [QMessageBox.StandardButton.Yes]
    w2 = make_window(qtbot, settings, path=small)
    try:
        assert modals.texts("question") and "恢复" in modals.texts("question")[0]
        assert w2.project["villages"]["population"].iloc[0] == 7777
        assert w2.isWindowModified() and w2.project.path == small.resolve()
        w2.files.save()
        wait_idle(qtbot, w2)
        assert not side.exists() and not w2.isWindowModified()
        assert Project.open(small)["villages"]["population"].iloc[0] == 7777
    finally:
        close_window(w2)


def test_declining_recovery_deletes_the_side_file(qtbot, settings, small, modals):
    side = side_path(small.resolve())
    snap = Project.open(small)
    from gisdesk.ui.autosave import write_side_file

    write_side_file(snap, side)
    os.utime(side, (small.stat().st_mtime + 10, small.stat().st_mtime + 10))
    modals.answers = [QMessageBox.StandardButton.No]
    w = make_window(qtbot, settings, path=small)
    try:
        assert not side.exists() and not w.isWindowModified()
    finally:
        close_window(w)


AUTOSAVE_LOOP = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PyQt6.QtCore import QSettings
from gisdesk.ui.app import make_application
from gisdesk.ui.config import Settings
from gisdesk.ui.main_window import MainWindow
from layers.project import Project
app = make_application(language="en")
w = MainWindow(Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
path = Path(sys.argv[1])
w.files.lock = None
w.load(Project.open(path))
k = 0
while True:
    k += 1
    w.table.model.setData(w.table.model.index(0, 2), str(1000 + k))
    w.autosaver.save_now()
    w.autosaver.wait()
    app.processEvents()
    print(k, flush=True)
"""


@pytest.mark.slow
def test_killing_the_window_while_it_autosaves_never_damages_anything(tmp_path, small):
    """SIGKILL at several moments of a real autosave loop: the project is untouched and the
    side file, when there, passes SQLite's integrity check and holds every layer."""
    original = small.read_bytes()
    side = side_path(small.resolve())
    for lines in (1, 3):
        proc = subprocess.Popen([sys.executable, "-c", AUTOSAVE_LOOP, str(small.resolve()), str(tmp_path / "s.ini")],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            for _ in range(lines):
                assert proc.stdout.readline()
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert small.read_bytes() == original
        assert side.exists()
        con = sqlite3.connect(side)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
        recovered = Project.open(side)
        assert not recovered.problems and len(recovered["villages"]) == 4
        assert recovered["villages"]["population"].iloc[0] > 1000


def test_the_autosave_timer_writes_only_when_there_are_changes(qtbot, window):
    w = window
    side = side_path(w.project.path)
    w.autosaver.set_interval(0.002)  # every 120 ms for the test (minutes in the settings)
    try:
        assert not w.autosaver.save_now() and not side.exists()  # nothing to save yet
        w.table.model.setData(w.table.model.index(0, 2), "4242")
        with qtbot.waitSignal(w.autosaver.saved, timeout=20000):
            pass
        assert Project.open(side)["villages"]["population"].iloc[0] == 4242
    finally:
        w.autosaver.set_interval(0)
        w.autosaver.wait()
    w.files.save(background=False)
    assert not side.exists()  # a real save removes the side file
