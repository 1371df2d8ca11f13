"""The one map font: the bundled OFL font (Noto Sans CJK SC subset, renamed "Gisdesk Sans SC" so the system copy never stands in), registered with Qt once.

Screen and paper must look alike, so every map text (labels, legend, scale bar, print
furniture) is drawn with the family :data:`FAMILY` from ``resources/fonts``, never with
whatever the system happens to have.

API::

    from maps.style.fonts import ensure_fonts, map_font
    ensure_fonts()                       # idempotent; needs a QGuiApplication
    font = map_font(12, bold=True)       # a QFont with pixel size 12

Call :func:`ensure_fonts` from the GUI thread before rendering in worker threads (the
canvas does this when it is created; :func:`maps.render.renderer.render` calls it as well).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PyQt6.QtGui import QFont, QFontDatabase

FAMILY = "Gisdesk Sans SC"
"""Family name of the bundled font files."""

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT_FILES = ("GisdeskSansSC-Regular.otf", "GisdeskSansSC-Bold.otf")

_lock = threading.Lock()
_registered: bool | None = None


def ensure_fonts() -> bool:
    """Register the bundled fonts with QFontDatabase once; True when the family is available."""
    global _registered
    with _lock:
        if _registered is None:
            ok = False
            for name in FONT_FILES:
                path = FONT_DIR / name
                if path.exists() and QFontDatabase.addApplicationFont(str(path)) >= 0:
                    ok = True
            _registered = ok or FAMILY in QFontDatabase.families()
        return _registered


def map_font(pixel_size: float, *, bold: bool = False) -> QFont:
    """The map font at ``pixel_size`` device pixels (fractional sizes are rounded, min 1)."""
    font = QFont(FAMILY)
    font.setPixelSize(max(1, int(round(pixel_size))))
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    if hasattr(font, "setFeature"):  # Qt >= 6.7
        # the font's Latin "locl" swaps digits after Latin letters for glyphs without a
        # Unicode value: a PDF's text ("G01", "EPSG:4548") would lose them when copied
        font.setFeature(QFont.Tag("locl"), 0)
    return font
