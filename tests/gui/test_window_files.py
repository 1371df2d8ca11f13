"""The window and its File menu, driven as a user would: menus, shortcuts, dialogs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QFileDialog, QMessageBox

from layers.project import Project
from tests.gui.conftest import close_window, make_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]


def locked_elsewhere(path: Path) -> bool:
    """True when another process cannot take the project's lock."""
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from layers.locking import ProjectLock; "
         "ProjectLock(sys.argv[1]).acquire()", str(Path(path).resolve())],
        cwd=ROOT, capture_output=True, text=True)
    return run.returncode != 0 and "open for writing" in run.stderr


def _menu_titles(w) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def test_interface_is_chinese_by_default_and_english_on_request(qtbot, settings, gui_app):
    from gisdesk.ui import i18n

    w = make_window(qtbot, settings)
    try:
        assert _menu_titles(w)[:2] == ["文件(&F)", "编辑(&E)"]
        assert "未命名项目" in w.windowTitle()
        assert w.siting_panel.run_button.text() == "运行"
    finally:
        close_window(w)
    i18n.install(gui_app, "en")
    try:
        w = make_window(qtbot, settings)
        assert _menu_titles(w)[:2] == ["&File", "&Edit"]
        assert "Untitled project" in w.windowTitle()
        close_window(w)
    finally:
        assert i18n.install(gui_app, "zh_CN")


def test_open_from_the_menu_loads_locks_and_remembers(qtbot, settings, small, monkeypatch):
    w = make_window(qtbot, settings)
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(small), "GeoPackage (*.gpkg)"))
        w.tools.actions["open"].trigger()
        wait_idle(qtbot, w)
        assert w.project.path == small.resolve()
        assert len(w.project["villages"]) == 4
        assert "small.gpkg" in w.windowTitle() and not w.isWindowModified()
        assert settings.recent[0] == str(small.resolve())
        assert [a.text() for a in w.tools.recent_menu.actions()] == ["small.gpkg"]
        assert locked_elsewhere(small)  # the window holds the lock: no other program writes it
    finally:
        close_window(w)
    assert not locked_elsewhere(small)  # released on close


def test_edit_marks_title_and_ctrl_z_undoes(qtbot, window):
    w = window
    w.table.show_layer("villages")
    model = w.table.model
    assert model.setData(model.index(0, 1), "新名字")
    assert w.project["villages"]["name"].iloc[0] == "新名字"
    assert w.isWindowModified()
    assert "新名字" not in w.tools.actions["undo"].text() and w.tools.actions["undo"].isEnabled()
    w.canvas.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.project["villages"]["name"].iloc[0] == "张庄村"
    assert not w.isWindowModified()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.project["villages"]["name"].iloc[0] == "新名字"


def test_save_as_writes_a_project_that_opens_the_same(qtbot, window, tmp_path, monkeypatch):
    w = window
    w.table.show_layer("villages")
    w.table.model.setData(w.table.model.index(1, 2), "4321")
    target = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.tools.actions["save_as"].trigger()
    assert w.runner.busy  # saving runs in the background; the window stays usable
    w.table.model.setData(w.table.model.index(0, 1), "边存边改")  # an edit while it saves
    wait_idle(qtbot, w)
    saved = tmp_path / "copy.gpkg"
    assert w.project.path == saved.resolve() and "copy.gpkg" in w.windowTitle()
    assert w.isWindowModified()  # the edit made while saving is not in the file yet
    on_disk = Project.open(saved)["villages"]
    assert on_disk["population"].iloc[1] == 4321 and on_disk["name"].iloc[0] == "张庄村"
    w.tools.actions["undo"].trigger()
    assert not w.isWindowModified()  # back to exactly what was saved
    assert locked_elsewhere(saved) and not locked_elsewhere(tmp_path.parent / "nothing-here.gpkg")


def test_quitting_with_unsaved_changes_asks(qtbot, window, modals):
    w = window
    w.table.show_layer("villages")
    w.table.model.setData(w.table.model.index(0, 2), "999")
    modals.answers = [QMessageBox.StandardButton.Cancel]
    w.close()
    assert w.isVisible() and modals.texts("question")  # Cancel keeps the window open
    modals.answers = [QMessageBox.StandardButton.Discard]
    w.close()
    assert not w.isVisible()
    assert Project.open(w.project.path)["villages"]["population"].iloc[0] == 800  # nothing written


def test_save_from_the_quit_question_writes_the_file(qtbot, window, modals):
    w = window
    w.table.model.setData(w.table.model.index(0, 2), "1234")
    modals.answers = [QMessageBox.StandardButton.Save]
    w.close()
    assert not w.isVisible()
    assert Project.open(w.project.path)["villages"]["population"].iloc[0] == 1234


def test_new_project_clears_the_map_and_history(qtbot, window, modals, monkeypatch, tmp_path):
    w = window
    w.table.model.setData(w.table.model.index(0, 2), "1")
    modals.answers = [QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "new.gpkg"), ""))
    w.tools.actions["new"].trigger()
    assert len(w.project["villages"]) == 0 and w.project.path == (tmp_path / "new.gpkg").resolve()
    assert not w.stack.can_undo and not w.isWindowModified()


def test_recent_menu_reopens_a_project(qtbot, settings, small):
    settings.add_recent(small)
    w = make_window(qtbot, settings)
    try:
        action = w.tools.recent_menu.actions()[0]
        action.trigger()
        wait_idle(qtbot, w)
        assert w.project.path == small.resolve()
    finally:
        close_window(w)


def test_opening_a_project_locked_elsewhere_says_so_and_keeps_the_current(qtbot, settings, small, modals):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from layers.locking import ProjectLock; "
         "ProjectLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)", str(small.resolve())],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        w = make_window(qtbot, settings)
        try:
            assert not w.files.open(small, ask=False)
            assert any("another program" in t for t in modals.texts("warning"))
            assert w.project.path is None
        finally:
            close_window(w)
    finally:
        holder.kill()
        holder.wait()


def test_a_damaged_project_is_offered_for_salvage_and_never_overwritten(qtbot, settings, small, modals):
    data = bytearray(small.read_bytes())
    for k in range(len(data) // 2, len(data) // 2 + 4096):
        data[k] = 0x5A
    small.write_bytes(bytes(data))
    before = small.read_bytes()
    w = make_window(qtbot, settings)
    try:
        modals.answers = [QMessageBox.StandardButton.Yes]
        w.files.open(small, ask=False)
        wait_idle(qtbot, w)
        assert modals.texts("question") and "damaged" in modals.texts("question")[0].lower()
        assert w.project.path is None and w.isWindowModified()  # saving asks for a new name
    finally:
        close_window(w)
    assert small.read_bytes() == before


def test_screenshot_command_draws_the_window_with_the_map(small, tmp_path, gui_app):
    from gisdesk.cli import main

    out = tmp_path / "shot.png"
    assert main(["screenshot", str(small), "--out", str(out), "--width", "1400", "--height", "900"]) == 0
    from PyQt6.QtGui import QImage

    img = QImage(str(out))
    assert img.width() >= 1400 and img.height() >= 900
    # the map is drawn: many distinct colours in the middle of the window, not a blank canvas
    colours = {img.pixel(x, y) for x in range(500, 900, 7) for y in range(250, 600, 7)}
    assert len(colours) > 8
    assert main(["screenshot", str(small), "--out", str(out), "--width", "800"]) == 2


def test_run_app_opens_the_project_named_on_the_command_line(qtbot, gui_app, small):
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication

    from gisdesk.ui.app import run_app
    from gisdesk.ui.main_window import MainWindow

    seen = {}

    def poll():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].project.path is not None and not windows[0].runner.busy:
            seen["path"] = windows[0].project.path
            seen["title"] = windows[0].windowTitle()
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    assert run_app([str(small)]) == 0
    assert seen["path"] == small.resolve() and "small.gpkg" in seen["title"]
    assert not locked_elsewhere(small)


def test_an_untitled_project_autosaved_before_a_crash_is_offered_at_start(qtbot, settings, modals):
    from gisdesk.ui.autosave import side_path, write_side_file
    from tests.maps.conftest import small_project

    side = side_path(None)
    write_side_file(small_project(), side)
    modals.answers = [QMessageBox.StandardButton.Yes]
    w = make_window(qtbot, settings)
    try:
        assert w.files.recover_untitled()
        assert len(w.project["villages"]) == 4 and w.project.path is None and w.isWindowModified()
    finally:
        side.unlink(missing_ok=True)
        close_window(w)


def test_a_bug_in_a_slot_shows_a_dialog_instead_of_ending_the_program(gui_app, modals, monkeypatch):
    from gisdesk.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    try:
        raise KeyError("boom")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert modals.texts() and "KeyError" in modals.texts()[0] and "内部错误" in modals.texts()[0]


def test_opening_a_project_with_a_population_stored_as_text_warns_naming_the_row(qtbot, settings, small, modals):
    import sqlite3

    con = sqlite3.connect(small)
    con.create_function("ST_IsEmpty", 1, lambda g: 0)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda g: 0.0)
    con.execute("UPDATE villages SET population='很多' WHERE rowid=(SELECT min(rowid) FROM villages)")
    con.commit()
    con.close()
    w = make_window(qtbot, settings, path=small)
    try:
        [text] = modals.texts("warning")
        assert "villages" in text and "很多" in text and "population" in text
        assert ("按未知读取" in text or "read as unknown" in text) and "按 0 读取" not in text
        assert pd.isna(w.project["villages"]["population"].iloc[0])  # unknown, not GDAL's 0
    finally:
        close_window(w)


def test_screenshot_without_a_display_prints_no_platform_noise(small, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "shot.png"
    res = subprocess.run([sys.executable, "main.py", "screenshot", str(small), "--out", str(out), "--quiet"],
                         cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0 and out.exists(), res.stderr
    assert res.stderr == "", res.stderr
