"""numpy -> Qt geometry without Python loops over points.

Qt's QPolygonF and ``sip.array[QPointF/QLineF]`` are contiguous arrays of doubles; we
size them and write numpy data into their memory. Used by the scene (polygons prepared
once) and the renderer (points and segments per frame).
"""

from __future__ import annotations

import numpy as np
from PyQt6 import sip
from PyQt6.QtCore import QLineF, QPointF
from PyQt6.QtGui import QPainterPath, QPolygonF


def polygonf(xy: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the ``(n, 2)`` coordinates ``xy``."""
    n = len(xy)
    poly = QPolygonF()
    if n == 0:
        return poly
    poly.resize(n)
    ptr = poly.data()
    ptr.setsize(n * 16)
    np.frombuffer(ptr, dtype=np.float64).reshape(n, 2)[:] = xy
    return poly


def point_array(xy: np.ndarray):
    """A ``sip.array[QPointF]`` of the ``(n, 2)`` coordinates (for drawPoints)."""
    n = len(xy)
    arr = sip.array(QPointF, max(n, 1))
    if n:
        buf = np.frombuffer(sip.voidptr(arr, n * 16), dtype=np.float64).reshape(n, 2)
        buf[:] = xy
    return arr if n else sip.array(QPointF, 0)


def line_array(seg: np.ndarray):
    """A ``sip.array[QLineF]`` of the ``(m, 4)`` segments ``x0, y0, x1, y1`` (for drawLines)."""
    m = len(seg)
    if m == 0:
        return sip.array(QLineF, 0)
    arr = sip.array(QLineF, m)
    np.frombuffer(sip.voidptr(arr, m * 32), dtype=np.float64).reshape(m, 4)[:] = seg
    return arr


def rings_path(rings: list[np.ndarray]) -> QPainterPath:
    """A path of closed rings (exterior and holes) filled with the odd-even rule."""
    path = QPainterPath()
    path.setFillRule(path.fillRule().OddEvenFill)
    for ring in rings:
        path.addPolygon(polygonf(ring))
        path.closeSubpath()
    return path
