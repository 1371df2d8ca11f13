"""A Qt application for commands that draw without a window (print, screenshot)."""

from __future__ import annotations

import os
import sys

# the offscreen platform says so each time a window is shown: nothing the user can act on
_NOISE = ("This plugin does not support propagateSizeHints()",)


def qt_application():
    """The running QApplication, or a new one (off screen when there is no display)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # the offscreen platform reports window-manager hints it cannot honour; not the user's concern
        os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from PyQt6.QtWidgets import QApplication

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        from PyQt6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(_message)
    app = QApplication.instance()
    if app is None:
        app = QApplication(["gisdesk"])
    return app


def _message(mode, context, message: str) -> None:
    if message not in _NOISE:
        print(message, file=sys.stderr, flush=True)
