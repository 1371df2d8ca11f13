"""Drawing many point markers fast: cached sprite images on raster devices, vector paths
on vector devices (PDF, printers) so paper stays sharp.

API::

    draw_markers(painter, xy, symbol, scale, vector=False)   # xy: (n, 2) device coords
    draw_dots(painter, xy, size, color, scale)                 # many tiny dots, one call
"""

from __future__ import annotations

import math
import threading

import numpy as np
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import QColor, QImage, QPainter, QPen

from maps.render.qtarrays import point_array
from maps.style.symbology import PointSymbol, draw_marker

_sprites_lock = threading.Lock()
_sprites: dict[tuple, QImage] = {}
_OVERSAMPLE = 2


def marker_sprite(sym: PointSymbol, scale: float) -> QImage:
    """An image of the marker, drawn at twice its pixel size (for crisp scaled drawing)."""
    key = (sym, round(scale, 3))
    with _sprites_lock:
        img = _sprites.get(key)
    if img is not None:
        return img
    side = int(math.ceil((sym.size * 1.3 + sym.stroke_width * 2 + 2) * scale)) + 2
    img = QImage(side * _OVERSAMPLE, side * _OVERSAMPLE, QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(_OVERSAMPLE)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_marker(p, side / 2.0, side / 2.0, sym, scale)
    p.end()
    with _sprites_lock:
        _sprites[key] = img
    return img


def draw_markers(painter: QPainter, xy: np.ndarray, sym: PointSymbol, scale: float = 1.0, *, vector: bool = False) -> None:
    """Draw ``sym`` centred at every device point of ``xy``."""
    if len(xy) == 0:
        return
    if vector:
        for x, y in xy:
            draw_marker(painter, float(x), float(y), sym, scale)
        return
    img = marker_sprite(sym, scale)
    half = img.width() / _OVERSAMPLE / 2.0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for x, y in (xy - half).tolist():
        painter.drawImage(QPointF(x, y), img)
    painter.restore()


def draw_dots(painter: QPainter, xy: np.ndarray, size: float, color: str, scale: float = 1.0) -> None:
    """Small square dots of ``size`` px in one drawPoints call (overview of many points)."""
    if len(xy) == 0:
        return
    pts = point_array(np.ascontiguousarray(xy, dtype=np.float64))
    painter.save()
    pen = QPen(QColor(color), size * scale)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    painter.setPen(pen)
    painter.drawPoints(pts)
    painter.restore()
