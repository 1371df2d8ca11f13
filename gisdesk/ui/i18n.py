"""Translations: Chinese by default, English on request (all UI text goes through Qt).

Source strings in the code are English; ``resources/translations/gisdesk_zh_CN.qm``
(compiled from the ``.ts`` next to it with ``lrelease``) turns them into Chinese. Qt's
own strings (standard buttons of dialogs) come from Qt's ``qtbase_zh_CN.qm`` when present.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TRANSLATIONS = RESOURCES / "translations"

_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> bool:
    """Install the translators of ``language`` ("zh_CN" or "en"); True when ours loaded.
    The one line of a refusal (:mod:`gisdesk.refusals`) follows the same language."""
    from gisdesk import messages

    messages.set_language(language)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    ok = ours.load(str(TRANSLATIONS / f"gisdesk_{language}.qm"))
    if ok:
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return ok


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` (for code outside a QObject)."""
    return QCoreApplication.translate(context, text)


def switch(window, language: str) -> int:
    """Change the interface language of a running window, without a restart: install the
    translators, then re-set every text the window shows (:func:`retranslate`), and let
    the panels redraw their own sentences. Returns how many texts changed."""
    app = QCoreApplication.instance()
    if app is None:
        return 0
    install(app, language)
    changed = retranslate(window, language)
    for name in ("grids_panel", "legend", "layer_panel", "officers_panel"):
        panel = getattr(window, name, None)
        for method in ("refresh", "fill"):
            if panel is not None and callable(getattr(panel, method, None)):
                getattr(panel, method)()
                break
    if hasattr(window, "_update_title"):
        window._update_title()
    goto = getattr(window, "goto_box", None)
    if goto is not None:
        goto.retranslate()
    return changed


def _pairs() -> list[tuple[str, str]]:
    """(English source, Chinese translation) of every message of the .ts."""
    import xml.etree.ElementTree as ET

    ts = TRANSLATIONS / "gisdesk_zh_CN.ts"
    if not ts.exists():
        return []
    out = []
    for ctx in ET.parse(ts).getroot():
        for m in ctx.findall("message"):
            source, translation = m.find("source"), m.find("translation")
            if source is not None and source.text and translation is not None and translation.text:
                out.append((source.text, translation.text))
    return out


def retranslate(root, language: str) -> int:
    """Re-set the fixed texts under ``root`` (widgets, actions, menus, docks, headers) in
    ``language``: a text that is a source or translation of the .ts becomes its text in
    the new language. Texts built with numbers are redrawn by their panels instead."""
    from PyQt6.QtGui import QAction
    from PyQt6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDockWidget,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QTableWidget,
        QTabWidget,
        QWidget,
    )

    target: dict[str, str] = {}
    for source, zh in _pairs():
        new = source if language == "en" else zh
        target.setdefault(source, new)
        target.setdefault(zh, new)
    changed = 0

    def fix(text: str) -> str | None:
        new = target.get(text)
        return new if new is not None and new != text else None

    def apply(getter, setter) -> None:
        nonlocal changed
        text = getter()
        new = fix(text) if text else None
        if new is not None:
            setter(new)
            changed += 1

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        apply(w.windowTitle, w.setWindowTitle)
        apply(w.toolTip, w.setToolTip)
        if isinstance(w, QLabel | QAbstractButton):
            apply(w.text, w.setText)
        if isinstance(w, QGroupBox):
            apply(w.title, w.setTitle)
        if isinstance(w, QMenu):
            apply(w.title, w.setTitle)
        if isinstance(w, QLineEdit):
            apply(w.placeholderText, w.setPlaceholderText)
        if isinstance(w, QDockWidget):
            apply(w.windowTitle, w.setWindowTitle)
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                apply(lambda i=i, w=w: w.itemText(i), lambda t, i=i, w=w: w.setItemText(i, t))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                apply(lambda i=i, w=w: w.tabText(i), lambda t, i=i, w=w: w.setTabText(i, t))
        if isinstance(w, QTableWidget):
            for i in range(w.columnCount()):
                item = w.horizontalHeaderItem(i)
                if item is not None:
                    apply(item.text, item.setText)
    for action in root.findChildren(QAction):
        apply(action.text, action.setText)
        apply(action.toolTip, action.setToolTip)
        apply(action.statusTip, action.setStatusTip)
    return changed
