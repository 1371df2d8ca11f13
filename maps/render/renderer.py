"""The one map renderer: paints a :class:`~maps.render.scene.MapScene` with QPainter.

The canvas (into a QImage, in a worker thread), print layouts (into a PDF or printer page
rectangle) and screenshots all call :func:`render`, so screen and paper look the same.

API::

    stats = render(painter, scene, viewport, styles,
                   cancel=None,            # callable / Event / CancelToken: stop early
                   highlight=None,         # {layer: indices} drawn in the accent colour
                   focus=None,             # {layer: indices} labelled first and always (a page's subject)
                   keep_clear=None,        # device rectangles no label may cover (print furniture)
                   faded_outside=None,     # shapely geometry (metres): veil outside it
                   selection=None,         # {layer: indices} drawn in the selection colour
                   dpi_scale=1.0,          # device pixels per 96-dpi pixel (print: dpi/96)
                   background=True,        # fill the viewport with the map background
                   basemap=None)           # object with draw(painter, viewport, scene, dpi_scale)
    stats.features, stats.labels, stats.ms, stats.cancelled, stats.per_layer

The painter's current transform must map the viewport's pixel (0, 0) to where the map
starts (print layouts translate the painter to the map frame first and may clip). For
print, pass a viewport with ``width/height`` in device pixels and ``dpi_scale = dpi/96``:
line widths, symbol and label sizes are given in 96-dpi pixels and scale with it, and
level of detail follows the map scale (``viewport.mpp * dpi_scale``), not the resolution.

Layers draw in :data:`layers.schema.LAYER_ORDER` (``scene.ordered()``); each visible
layer's ``LayerStyle.opacity`` applies. Labels are placed last, for all layers together,
by priority (stations, offices, planned offices, villages by population, grids, ...).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath

from maps.render.frame import Cancelled, Frame, contains_mask, label_text, screen_segments
from maps.render.labels import LabelPlacer, LabelRequest, draw_labels
from maps.render.painters import PAINTERS, paint_generic
from maps.render.qtarrays import line_array, polygonf
from maps.render.scene import MapScene
from maps.style.fonts import ensure_fonts
from maps.style.symbology import (
    BACKGROUND,
    HIGHLIGHT,
    SELECTION,
    LayerStyle,
    default_styles,
    qcolor,
    scale_denominator,
)
from maps.viewport import Viewport

Selection = Mapping[str, Iterable[int]]
LABEL_AREA_PX = 4500.0
"""At most one label per this many square 96-dpi pixels of map (print gets the same count)."""


@dataclass
class RenderStats:
    """What a render drew and how long it took."""

    features: int = 0
    labels: int = 0
    ms: float = 0.0
    cancelled: bool = False
    error: str = ""
    per_layer: dict[str, int] = field(default_factory=dict)
    label_boxes: list[QRectF] = field(default_factory=list)
    """Where the labels went (device units), e.g. to keep print furniture off them."""
    labelled: set[tuple[str, int]] = field(default_factory=set)
    """The ``(layer, row)`` features whose label was placed."""


def render(
    painter: QPainter,
    scene: MapScene,
    viewport: Viewport,
    styles: Mapping[str, LayerStyle] | None = None,
    *,
    cancel=None,
    highlight: Selection | None = None,
    faded_outside=None,
    selection: Selection | None = None,
    dpi_scale: float = 1.0,
    background: bool = True,
    basemap=None,
    vector: bool | None = None,
    focus: Selection | None = None,
    keep_clear: Iterable[QRectF] = (),
) -> RenderStats:
    """Paint every visible layer of ``scene`` as seen through ``viewport``."""
    t0 = time.perf_counter()
    ensure_fonts()
    styles = styles if styles is not None else default_styles()
    if vector is None:
        vector = not isinstance(painter.device(), QImage)
    f = Frame(painter, scene, viewport, dpi_scale, vector, cancel, dict(styles))
    stats = RenderStats()
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame_rect = QRectF(0, 0, viewport.width, viewport.height)
        painter.setClipRect(frame_rect, Qt.ClipOperation.IntersectClip)
        if background:
            painter.fillRect(frame_rect, qcolor(BACKGROUND))
        if basemap is not None:
            basemap.draw(painter, viewport, scene, dpi_scale)
        f.check()
        for name in scene.ordered():
            style = styles.get(name) or LayerStyle()
            layer = scene.get(name)
            if (layer is None or not style.visible or len(layer) == 0 or style.opacity <= 0
                    or not style.shown_at(scale_denominator(f.ref_mpp))):
                continue
            painter.save()
            try:
                painter.setOpacity(max(0.0, min(1.0, style.opacity)))
                PAINTERS.get(name, paint_generic)(f, layer, style)
            finally:
                painter.restore()
            f.check()
        for task in f.deferred:
            task()
        if selection:
            _overlay(f, selection, SELECTION)
        if highlight:
            _overlay(f, highlight, HIGHLIGHT)
        if focus:
            f.labels = _focus(f, focus)
        if faded_outside is not None and not faded_outside.is_empty:
            _veil(f, faded_outside)
            f.labels = _inside(f, faded_outside)
        f.check()
        budget = max(int(viewport.width * viewport.height / (LABEL_AREA_PX * dpi_scale * dpi_scale)), 20)
        placer = LabelPlacer(viewport.width, viewport.height, cell=4.0 * dpi_scale, padding=1.5 * dpi_scale,
                             max_labels=budget)
        for r in [*f.reserved, *keep_clear]:
            placer.reserve(r)
        placed = placer.place(f.labels)
        draw_labels(painter, placed, dpi_scale, vector=vector, size=(viewport.width, viewport.height))
        stats.labels = len(placed)
        stats.label_boxes = [p.rect for p in placed]
        stats.labelled = {p.request.feature for p in placed if p.request.feature is not None}
    except Cancelled:
        stats.cancelled = True
    finally:
        painter.restore()
    stats.per_layer = dict(f.counts)
    stats.features = sum(f.counts.values())
    stats.ms = (time.perf_counter() - t0) * 1000.0
    return stats


def render_image(
    scene: MapScene, viewport: Viewport, styles: Mapping[str, LayerStyle] | None = None, **kwargs
) -> tuple[QImage, RenderStats]:
    """Render into a new ARGB32 image of the viewport's size (convenience for tests, PNGs)."""
    img = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(qcolor(BACKGROUND))
    painter = QPainter(img)
    try:
        stats = render(painter, scene, viewport, styles, **kwargs)
    finally:
        painter.end()
    return img, stats


def _overlay(f: Frame, chosen: Selection, color: str) -> None:
    """Outline chosen features in ``color`` on top of the map."""
    p = f.painter
    for name, indices in chosen.items():
        layer = f.scene.get(name)
        idx = np.asarray(sorted(set(int(i) for i in indices)), dtype=np.int64)
        if layer is None or len(idx) == 0:
            continue
        idx = idx[(idx >= 0) & (idx < len(layer))]
        p.save()
        if layer.kind == "polygon" and any(layer.shapes[i] is not None for i in idx):
            p.setTransform(f.world, True)
            p.setPen(f.pen(color, 2.6, cosmetic=True))
            p.setBrush(QBrush(qcolor(color, 0.18)))
            for i in idx.tolist():
                s = layer.shapes[i]
                if s is None:
                    continue
                p.drawPath(s) if isinstance(s, QPainterPath) else p.drawPolygon(s)
        elif layer.kind == "line":
            mask = np.isin(layer.seg_owner, idx)
            p.setPen(f.pen(color, 4.0))
            p.drawLines(line_array(np.ascontiguousarray(screen_segments(f, layer.seg[mask]))))
        if layer.kind != "line":
            xy = f.screen(layer.anchors[idx])
            xy = xy[np.isfinite(xy).all(axis=1)]
            p.setPen(f.pen(color, 2.4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            r = 9.0 * f.dpi_scale
            for x, y in xy.tolist():
                p.drawEllipse(QRectF(x - r, y - r, 2 * r, 2 * r))
        p.restore()


def _veil(f: Frame, geom) -> None:
    """Pale everything outside ``geom`` so the area of a beat map stands out."""
    import shapely

    p = f.painter
    p.save()
    p.setTransform(f.world, True)
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    x0, y0, x1, y1 = f.rect
    path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            path.addPolygon(polygonf(np.asarray(ring.coords)))
            path.closeSubpath()
    p.fillPath(path, QColor(255, 255, 255, 150))
    outline = QPainterPath()
    for poly in shapely.get_parts(geom):
        if poly.geom_type == "Polygon":
            outline.addPolygon(polygonf(np.asarray(poly.exterior.coords)))
    p.strokePath(outline, f.pen("#3b3833", 2.0, cosmetic=True))
    p.restore()


def _focus(f: Frame, focus: Selection) -> list[LabelRequest]:
    """The labels of the ``focus`` features made required and first; a focus feature the
    painters did not label (level of detail, label budget) gets a label of its own."""
    keys = {(name, int(i)) for name, rows in focus.items() for i in rows}
    out, found = [], set()
    for r in f.labels:
        if r.feature in keys:
            found.add(r.feature)
            r = replace(r, priority=r.priority + 1000, required=True, bold=True)
        out.append(r)
    for name, i in sorted(keys - found):
        layer = f.scene.get(name)
        if layer is None or not 0 <= i < len(layer):
            continue
        text = label_text(layer, f.styles.get(name) or LayerStyle(), i)
        x, y = f.screen(layer.anchors[i : i + 1])[0]
        if not text or not (0 <= x <= f.vp.width and 0 <= y <= f.vp.height):
            continue
        out.append(LabelRequest(text, float(x), float(y), 1000, f.px(11.5), True, "#1d2733", f.mx(7),
                                layer.kind == "polygon", feature=(name, i), required=True))
    return out


def _inside(f: Frame, geom) -> list:
    if not f.labels:
        return f.labels
    sx = np.array([r.x for r in f.labels])
    sy = np.array([r.y for r in f.labels])
    wx, wy = f.vp.screen_to_world(sx, sy)
    keep = contains_mask(geom, np.atleast_1d(wx), np.atleast_1d(wy))
    return [r for r, k in zip(f.labels, keep, strict=True) if k or r.priority >= 100]
