"""Start the desktop application: ``run_app(argv)`` (``python main.py`` with no arguments).

``argv`` may hold one project file to open. Chinese by default (Settings > Language).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from gisdesk.ui.i18n import RESOURCES

STYLE = RESOURCES / "styles" / "light.qss"


def make_application(argv: Sequence[str] | None = None, language: str | None = None):
    """The QApplication with fonts, style sheet and translators installed."""
    from PyQt6.QtGui import QFont, QIcon
    from PyQt6.QtWidgets import QApplication

    from gisdesk.ui import i18n
    from gisdesk.ui.config import Settings
    from maps.style.fonts import FAMILY, ensure_fonts

    # siting and rendering run on Python threads: hand the interpreter back to the window
    # every 1 ms (not 5) so that each of its calls into Qt waits less behind them (measured
    # with a pure-Python job on a thread: lag max 640 -> 370 ms; the job's time unchanged)
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(["gisdesk", *(argv or [])])
    app.setOrganizationName("gisdesk")
    app.setApplicationName("gisdesk")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "app.svg")))
    app.setStyle("Fusion")
    if ensure_fonts():  # the bundled CJK font: Chinese text never depends on the system's fonts
        font = QFont(FAMILY)
        font.setPointSizeF(9.5)
        app.setFont(font)
    apply_style(app)
    i18n.install(app, language or Settings().language)
    return app


def apply_style(app) -> None:
    if STYLE.exists():
        icons = (RESOURCES / "icons").as_posix()
        app.setStyleSheet(STYLE.read_text(encoding="utf-8").replace("@ICONS@", icons))


def install_excepthook() -> None:
    """A bug in a slot shows one line in a dialog instead of ending the program.

    (PyQt6 aborts on an exception escaping a slot unless ``sys.excepthook`` is replaced;
    the project is never left half-changed because every change is one command.)
    """
    import traceback

    def hook(kind, value, tb) -> None:
        traceback.print_exception(kind, value, tb)
        from PyQt6.QtCore import QCoreApplication
        from PyQt6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(QApplication.activeWindow(), "gisdesk", QCoreApplication.translate(
                "App", "Internal error, the action was not completed: {error}").format(
                    error=f"{kind.__name__}: {value}"))

    sys.excepthook = hook


def run_app(argv: Sequence[str]) -> int:
    """Open the main window (and the project named in ``argv``); returns the exit code."""
    import os

    if sys.platform.startswith("linux") and not any(
            os.environ.get(k) for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        print("gisdesk: no display found; the window needs one (the command line works without: "
              "python main.py --help)", file=sys.stderr)
        return 2
    app = make_application([])
    install_excepthook()
    from gisdesk.ui.actions import apply_basemap
    from gisdesk.ui.main_window import MainWindow

    window = MainWindow()
    apply_basemap(window)
    window.show()
    args = [a for a in argv if not a.startswith("-")]
    if args:
        window.files.open(Path(args[0]), ask=False)
    else:
        window.files.recover_untitled()
    code = app.exec()
    window.shutdown()
    return int(code)


def main() -> int:
    return run_app(sys.argv[1:])
