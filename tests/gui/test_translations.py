"""The Chinese translation is complete and the compiled .qm matches the code."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "gisdesk_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "gisdesk_zh_CN.qm"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).getroot():
        name = ctx.find("name").text
        for m in ctx.findall("message"):
            out[(name, m.find("source").text)] = m.find("translation")
    return out


def test_every_message_is_translated():
    messages = _messages(TS)
    assert len(messages) > 250
    unfinished = [k for k, t in messages.items() if t is None or not (t.text or "").strip() or t.get("type")]
    assert not unfinished
    # placeholders survive translation
    for (_, source), t in messages.items():
        for token in ("{n}", "{name}", "{code}", "{layer}", "{grid}", "{text}"):
            if token in source:
                assert token in t.text, (source, t.text)


def test_the_ts_covers_every_string_in_the_code(tmp_path):
    pylupdate = Path(sys.executable).with_name("pylupdate6")
    if not pylupdate.exists():
        pytest.skip("pylupdate6 not installed")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(pylupdate), str(ROOT / "gisdesk" / "ui"), "-ts", str(fresh)], check=True,
                   capture_output=True)
    missing = set(_messages(fresh)) - set(_messages(TS))
    assert not missing, f"run resources/translations/build.sh: {sorted(missing)[:5]}"


def test_the_compiled_qm_is_current_and_loads(gui_app):
    from PyQt6.QtCore import QTranslator

    t = QTranslator()
    assert t.load(str(QM))
    assert t.translate("MainWindow", "&File") == "文件(&F)"
    assert t.translate("SitingPanel", "Run") == "运行"
    from PyQt6.QtCore import QCoreApplication

    # gui_app installed this very .qm: every translation of the .ts comes back from it
    stale = [(c, s) for (c, s), tr in _messages(TS).items() if QCoreApplication.translate(c, s) != tr.text]
    assert not stale, f"recompile the .qm (resources/translations/build.sh): {stale[:3]}"


def test_the_language_switch_applies_without_a_restart(qtbot, settings, gui_app):
    """Settings > Language: menus, panels, docks and the toolbar's box change at once."""
    from gisdesk.ui import i18n
    from tests.gui.conftest import close_window, make_window

    w = make_window(qtbot, settings)
    try:
        menus = lambda: [a.text() for a in w.menuBar().actions()]  # noqa: E731
        assert menus()[:2] == ["文件(&F)", "编辑(&E)"] and w.siting_panel.run_button.text() == "运行"
        assert i18n.switch(w, "en") > 50
        assert menus()[:2] == ["&File", "&Edit"]
        assert w.siting_panel.run_button.text() == "Run"
        assert "Untitled project" in w.windowTitle()
        assert w.goto_box.placeholderText().startswith("Go to")
        assert i18n.switch(w, "zh_CN") > 50
        assert menus()[:2] == ["文件(&F)", "编辑(&E)"] and w.siting_panel.run_button.text() == "运行"
        assert "未命名项目" in w.windowTitle()
    finally:
        close_window(w)
        i18n.install(gui_app, "zh_CN")
