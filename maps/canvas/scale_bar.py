"""Screen furniture drawn over the canvas image: the scale bar.

API::

    nice_length(1234.0)                            # 1000.0: 1, 2 or 5 x 10^k metres
    draw_scale_bar(painter, viewport, dpi=96)      # bottom-left corner of the viewport
"""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QPainter, QPen

from maps.style.fonts import map_font
from maps.viewport import Viewport


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 x 10^k not above ``metres``."""
    if metres <= 0:
        return 0.0
    k = 10 ** math.floor(math.log10(metres))
    for m in (5, 2, 1):
        if m * k <= metres:
            return float(m * k)
    return float(k)


def length_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def draw_scale_bar(painter: QPainter, vp: Viewport, dpi: float = 96.0, target_px: float = 120.0) -> None:
    """A two-tone bar of a round length with the scale 1:N under it, bottom left."""
    metres = nice_length(target_px * vp.mpp)
    if metres <= 0:
        return
    px = metres / vp.mpp
    font = map_font(11)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    fm = painter.fontMetrics()
    scale = f"1:{vp.scale_denominator(dpi):,.0f}"
    label = length_text(metres)
    w = max(px, fm.horizontalAdvance(scale)) + fm.horizontalAdvance(label) + 30
    box = QRectF(10, vp.height - 46, w, 36)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 210))
    painter.drawRoundedRect(box, 4, 4)
    x0, y0 = box.left() + 8, box.top() + 10
    half = px / 2
    painter.setPen(QPen(QColor("#2b2925"), 1))
    painter.setBrush(QColor("#2b2925"))
    painter.drawRect(QRectF(x0, y0, half, 5))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(QRectF(x0 + half, y0, half, 5))
    painter.setPen(QColor("#2b2925"))
    painter.drawText(QPointF(x0 + px + 6, y0 + 6), label)
    painter.drawText(QPointF(x0, y0 + 6 + fm.ascent() + 3), scale)
    painter.restore()
