"""Map labels: greedy placement by priority with collision avoidance, drawn with a halo.

Placement is plain geometry (no painting): requests are sorted by priority (high first)
and each takes the first of its candidate positions (right, left, above, below, and the
diagonals of its anchor, or centred on it) whose box is inside the frame and does not
touch an occupied cell of a coarse occupancy grid. Labels therefore never overlap each
other, never overlap reserved symbols, and never leave the frame -- except a ``required``
label (the subject of a printed page): it goes first, tries positions farther out, and
when none is free it is placed anyway, inside the frame.

API::

    placer = LabelPlacer(width, height)
    placer.reserve(QRectF)                      # e.g. post symbols
    placed = placer.place(requests)             # [PlacedLabel]
    draw_labels(painter, placed, dpi_scale, vector=False, size=(w, h))  # halo, then text
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from maps.style.fonts import map_font
from maps.style.symbology import HALO_COLOR, LABEL_COLOR


@dataclass(frozen=True)
class LabelRequest:
    """A label wanted at device point ``(x, y)``; ``offset`` is the symbol radius to clear."""

    text: str
    x: float
    y: float
    priority: float
    size: float = 12.0
    bold: bool = False
    color: str = LABEL_COLOR
    offset: float = 4.0
    centred: bool = False
    dedupe: bool = False
    """Skip this label when the same text is already placed (area names vs. post names)."""
    angle: float = 0.0
    """Degrees clockwise on screen; a rotated label is centred on its point (road names)."""
    feature: tuple[str, int] | None = None
    """The ``(layer, row)`` labelled, so a page's subject can be found among the requests."""
    required: bool = False
    """Always placed: farther positions are tried, and at worst it goes over other labels."""


@dataclass(frozen=True)
class PlacedLabel:
    """A label's box and the baseline origin of its text (device units)."""

    request: LabelRequest
    rect: QRectF
    """The label's box; for a rotated label, the upright box around the rotated text."""
    origin: QPointF
    """Baseline start of the text; for a rotated label, relative to ``rect``'s centre before rotation."""


_metrics = threading.local()
"""Font metrics per thread: Qt's font engines belong to the thread that made them and die
with it, so metrics made on a finished job's thread must never be used elsewhere."""


def text_size(text: str, size: float, bold: bool) -> tuple[float, float, float]:
    """``(width, height, ascent)`` of ``text`` in the map font at pixel ``size``."""
    key = (max(1, int(round(size))), bold)
    cache = getattr(_metrics, "cache", None)
    if cache is None:
        cache = _metrics.cache = {}
    fm = cache.get(key)
    if fm is None:
        fm = cache[key] = QFontMetricsF(map_font(size, bold=bold))
    return fm.horizontalAdvance(text), fm.ascent() + fm.descent(), fm.ascent()


class LabelPlacer:
    """An occupancy grid over a ``width x height`` frame (cells of ``cell`` px).

    ``max_labels`` caps how many labels one frame gets (default: one per ~4,500 px²),
    so a crowded overview stays readable and placement stays fast.
    """

    def __init__(self, width: float, height: float, cell: float = 4.0, padding: float = 1.5,
                 max_labels: int | None = None):
        self.width, self.height = float(width), float(height)
        self.cell = float(cell)
        self.padding = padding
        self.max_labels = max_labels if max_labels is not None else max(int(width * height / 4500), 20)
        self.grid = np.zeros((int(np.ceil(height / cell)) + 1, int(np.ceil(width / cell)) + 1), dtype=bool)

    def _cells(self, left: float, top: float, right: float, bottom: float) -> tuple[int, int, int, int]:
        c = self.cell
        # clamp both ends: a negative end would wrap around in numpy slicing
        return (max(int(top // c), 0), max(int(bottom // c) + 1, 0),
                max(int(left // c), 0), max(int(right // c) + 1, 0))

    def inside(self, r: QRectF) -> bool:
        return r.left() >= 0 and r.top() >= 0 and r.right() <= self.width and r.bottom() <= self.height

    def free(self, r: QRectF) -> bool:
        r0, r1, c0, c1 = self._cells(r.left(), r.top(), r.right(), r.bottom())
        return not self.grid[r0:r1, c0:c1].any()

    def reserve(self, r: QRectF) -> None:
        r0, r1, c0, c1 = self._cells(r.left(), r.top(), r.right(), r.bottom())
        self.grid[r0:r1, c0:c1] = True

    def _take(self, left: float, top: float, w: float, h: float) -> bool:
        """Reserve the padded box if it is on the map and free; False otherwise."""
        pad, c = self.padding, self.cell
        x0, y0, x1, y1 = left - pad, top - pad, left + w + pad, top + h + pad
        if x0 < 0 or y0 < 0 or x1 > self.width or y1 > self.height:
            return False
        r0, r1, c0, c1 = int(y0 // c), int(y1 // c) + 1, int(x0 // c), int(x1 // c) + 1
        if self.grid[r0:r1, c0:c1].any():
            return False
        self.grid[r0:r1, c0:c1] = True
        return True

    def _force(self, left: float, top: float, w: float, h: float) -> bool:
        """Reserve the box if it is inside the frame, occupied or not (a required label)."""
        if left < 0 or top < 0 or left + w > self.width or top + h > self.height:
            return False
        self.reserve(QRectF(left, top, w, h))
        return True

    def place(self, requests: list[LabelRequest]) -> list[PlacedLabel]:
        """Place what fits, required labels first, then by priority (ties: given order)."""
        order = sorted(range(len(requests)), key=lambda i: (not requests[i].required, -requests[i].priority))
        placed: list[PlacedLabel] = []
        texts: set[str] = set()
        width, height = self.width, self.height
        for i in order:
            req = requests[i]
            if req.required and req.text and not req.angle:
                w, h, ascent = text_size(req.text, req.size, req.bold)
                spot = next((c for c in _candidates(req, w, h, reach=4) if self._take(*c, w, h)), None)
                if spot is None:
                    spot = next((c for c in _candidates(req, w, h) if self._force(*c, w, h)), None)
                if spot is not None:
                    placed.append(PlacedLabel(req, QRectF(spot[0], spot[1], w, h), QPointF(spot[0], spot[1] + ascent)))
                    texts.add(req.text)
                    continue
            if len(placed) >= self.max_labels:
                break
            if not req.text or not (-50 <= req.x <= width + 50 and -50 <= req.y <= height + 50):
                continue
            if req.dedupe and req.text in texts:
                continue
            w, h, ascent = text_size(req.text, req.size, req.bold)
            if req.angle:
                a = math.radians(req.angle)
                bw = abs(w * math.cos(a)) + abs(h * math.sin(a))
                bh = abs(w * math.sin(a)) + abs(h * math.cos(a))
                left, top = req.x - bw / 2, req.y - bh / 2
                if not self._take(left, top, bw, bh):
                    continue
                placed.append(PlacedLabel(req, QRectF(left, top, bw, bh), QPointF(-w / 2, -h / 2 + ascent)))
                texts.add(req.text)
                continue
            for left, top in _candidates(req, w, h):
                if not self._take(left, top, w, h):
                    continue
                placed.append(PlacedLabel(req, QRectF(left, top, w, h), QPointF(left, top + ascent)))
                texts.add(req.text)
                break
        return placed


def _candidates(req: LabelRequest, w: float, h: float, reach: int = 1):
    """Positions around the anchor; ``reach`` > 1 adds rings farther out (required labels)."""
    x, y = req.x, req.y
    for ring in range(reach):
        d = req.offset + 1.5 + ring * h
        if req.centred:
            yield x - w / 2, y - h / 2 - ring * h
            yield x - w / 2, y - h / 2 - h - ring * h
            yield x - w / 2, y + h / 2 + ring * h
            continue
        yield x + d, y - h / 2  # right
        yield x - d - w, y - h / 2  # left
        yield x - w / 2, y - d - h  # above
        yield x - w / 2, y + d  # below
        yield x + d * 0.7, y - d * 0.7 - h  # upper right
        yield x + d * 0.7, y + d * 0.7  # lower right
        yield x - d * 0.7 - w, y - d * 0.7 - h  # upper left
        yield x - d * 0.7 - w, y + d * 0.7  # lower left


_paths_lock = threading.Lock()
_paths: OrderedDict[tuple[str, int, bool], QPainterPath] = OrderedDict()
_PATH_CACHE = 4000


def text_path(text: str, size: float, bold: bool) -> QPainterPath:
    """The outline of ``text`` with its baseline origin at (0, 0) (cached)."""
    key = (text, max(1, int(round(size))), bold)
    with _paths_lock:
        path = _paths.get(key)
        if path is not None:
            _paths.move_to_end(key)
            return path
    path = QPainterPath()
    path.addText(0.0, 0.0, map_font(size, bold=bold), text)
    with _paths_lock:
        _paths[key] = path
        while len(_paths) > _PATH_CACHE:
            _paths.popitem(last=False)
    return path


def draw_labels(painter: QPainter, placed: list[PlacedLabel], dpi_scale: float = 1.0, *,
                vector: bool = True, size: tuple[int, int] | None = None) -> None:
    """Draw the labels with a white halo.

    ``vector`` (print, PDF): text outlines, a stroked halo, then the filled text.
    Raster (``vector=False`` with the frame ``size``): all texts are drawn once into an
    offscreen mask, the mask is dilated with numpy into the halo, the halo is composited,
    then the texts are drawn on top -- the same look at a fraction of the cost.
    """
    if not placed:
        return
    if vector or size is None:
        _draw_vector(painter, placed, dpi_scale)
    else:
        _draw_raster(painter, placed, dpi_scale, size)


def _draw_vector(painter: QPainter, placed: list[PlacedLabel], dpi_scale: float) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    halo = QPen(QColor(HALO_COLOR), 3.0 * dpi_scale)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for p in placed:
        path = text_path(p.request.text, p.request.size, p.request.bold)
        painter.save()
        if p.request.angle:
            painter.translate(p.rect.center())
            painter.rotate(p.request.angle)
        painter.translate(p.origin)
        painter.strokePath(path, halo)
        painter.fillPath(path, QColor(p.request.color))
        painter.restore()
    painter.restore()


def _draw_texts(painter: QPainter, placed: list[PlacedLabel], color: QColor | None) -> None:
    font_key = None
    for p in placed:
        r = p.request
        key = (r.size, r.bold)
        if key != font_key:
            painter.setFont(map_font(r.size, bold=r.bold))
            font_key = key
        painter.setPen(color if color is not None else QColor(r.color))
        if r.angle:
            painter.save()
            painter.translate(p.rect.center())
            painter.rotate(r.angle)
            painter.drawText(p.origin, r.text)
            painter.restore()
        else:
            painter.drawText(p.origin, r.text)


def _draw_raster(painter: QPainter, placed: list[PlacedLabel], dpi_scale: float, size: tuple[int, int]) -> None:
    w, h = max(int(size[0]), 1), max(int(size[1]), 1)
    ordered = sorted(placed, key=lambda p: (p.request.size, p.request.bold))
    mask = QImage(w, h, QImage.Format.Format_Alpha8)
    mask.fill(0)
    mp = QPainter(mask)
    mp.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _draw_texts(mp, ordered, QColor(0, 0, 0, 255))
    mp.end()
    ptr = mask.bits()
    ptr.setsize(mask.sizeInBytes())
    alpha = np.frombuffer(ptr, dtype=np.uint8).reshape(h, mask.bytesPerLine())[:, :w]
    alpha[:] = _dilate(alpha, max(1, int(round(1.6 * dpi_scale))))
    halo = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    halo.fill(QColor(HALO_COLOR))
    halo.setAlphaChannel(mask)
    painter.save()
    painter.drawImage(QPointF(0, 0), halo)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _draw_texts(painter, ordered, None)
    painter.restore()


def _dilate(alpha: np.ndarray, radius: int) -> np.ndarray:
    """Grey-level dilation of ``alpha`` by a disc of ``radius`` px (boosted for a solid halo)."""
    a = np.minimum(alpha.astype(np.uint16) * 2, 255).astype(np.uint8)
    out = a.copy()
    h, w = a.shape
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if (dx or dy) and dx * dx + dy * dy <= radius * radius + 1:
                ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
                xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
                np.maximum(out[yd, xd], a[ys, xs], out=out[yd, xd])
    return out
