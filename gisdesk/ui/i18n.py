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
    """Install the translators of ``language`` ("zh_CN" or "en"); True when ours loaded."""
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
