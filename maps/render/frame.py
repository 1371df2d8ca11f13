"""What one render pass shares between the layer painters, and their common helpers.

:class:`Frame` carries the painter, scene, viewport, dpi scale, culling rectangle, label
requests and the cancel flag. Helpers cull features to the view (``visible_points``,
``visible_segments``), transform to device pixels with numpy (``screen_segments``) and
draw prepared polygons fast (``filled_polygons``: unantialiased fills + one batch of 1 px
antialiased outlines). Level of detail uses ``Frame.ref_mpp``: metres per pixel at 96 dpi,
i.e. the map scale, so screen and print (higher dpi) choose the same detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

from maps.render.labels import LabelRequest
from maps.render.qtarrays import line_array
from maps.render.scene import MapScene, SceneLayer
from maps.style.symbology import (
    LayerStyle,
    qcolor,
)
from maps.viewport import Viewport

MAX_DOTS_DETAILED = 6000
MAX_LABEL_CANDIDATES = 1200
"""Per layer, only this many label requests (highest priority first) go to placement."""
"""More villages than this in view are drawn as plain small dots (aggregated look)."""


class Cancelled(Exception):
    """Raised inside a render when its cancel flag is set."""


@dataclass
class Frame:
    """Everything one render pass shares between the layer painters."""

    painter: QPainter
    scene: MapScene
    vp: Viewport
    dpi_scale: float
    vector: bool
    cancel: object = None
    styles: dict = field(default_factory=dict)
    labels: list[LabelRequest] = field(default_factory=list)
    reserved: list[QRectF] = field(default_factory=list)
    deferred: list = field(default_factory=list)
    """Drawing to do after every layer (station symbols stay on top of plan layers)."""
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ref_mpp = self.vp.mpp * self.dpi_scale
        # markers grow a little in street views (1:8,000 and closer) where space allows
        self.marker_scale = self.dpi_scale * float(np.clip(np.sqrt(2.2 / self.ref_mpp), 1.0, 1.4))
        xmin, ymin, xmax, ymax = self.vp.extent
        pad = 20 * self.vp.mpp * self.dpi_scale
        self.rect = (xmin - pad, ymin - pad, xmax + pad, ymax + pad)
        s, tx, ty = self.vp.affine()
        self.world = QTransform(s, 0.0, 0.0, -s, tx, ty)

    def check(self) -> None:
        if is_cancelled(self.cancel):
            raise Cancelled

    def screen(self, xy: np.ndarray) -> np.ndarray:
        s, tx, ty = self.vp.affine()
        out = np.empty_like(xy, dtype=np.float64)
        out[:, 0] = xy[:, 0] * s + tx
        out[:, 1] = ty - xy[:, 1] * s
        return out

    def px(self, v: float) -> float:
        """96-dpi pixels to device pixels."""
        return v * self.dpi_scale

    def mx(self, v: float) -> float:
        """Marker-sized 96-dpi pixels to device pixels (markers grow in street views)."""
        return v * self.marker_scale

    def pen(self, color, width: float, dash=None, cosmetic: bool = False) -> QPen:
        """A pen ``width`` px at 96 dpi; square caps (round caps cost 5x in Qt's stroker)."""
        c = QColor(color) if isinstance(color, QColor) else qcolor(color)
        w = max(width * self.dpi_scale, 0.1)
        if cosmetic and w < 1.0 and not self.vector:
            # Qt's fast cosmetic stroker takes 1 px pens only: thinner lines become fainter
            c.setAlphaF(c.alphaF() * max(w, 0.3))
            w = 1.0
        pen = QPen(c, w)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        if dash:
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setDashPattern([d / max(width, 0.1) for d in dash])
        pen.setCosmetic(cosmetic)
        return pen

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + int(n)


def is_cancelled(cancel) -> bool:
    """True if ``cancel`` (a callable, an Event-like ``is_set()`` or a ``cancelled`` flag) is set."""
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    if hasattr(cancel, "cancelled"):
        c = cancel.cancelled
        return bool(c() if callable(c) else c)
    return bool(cancel())


# ---------------------------------------------------------------------- helpers
def visible_points(f: Frame, layer: SceneLayer) -> tuple[np.ndarray, np.ndarray]:
    """Indices of features whose anchor lies in the padded view, and their device coords."""
    a = layer.anchors
    x0, y0, x1, y1 = f.rect
    ok = (a[:, 0] >= x0) & (a[:, 0] <= x1) & (a[:, 1] >= y0) & (a[:, 1] <= y1)
    idx = np.flatnonzero(ok)
    return idx, f.screen(a[idx])


def draw_polygons(f: Frame, layer: SceneLayer, idx: np.ndarray, pen: QPen, brush) -> int:
    """Draw the prepared polygon shapes ``idx`` through the world transform."""
    p = f.painter
    p.setPen(pen)
    p.setBrush(brush)
    shapes = layer.shapes
    n = 0
    for i in idx.tolist():
        s = shapes[i]
        if s is None:
            continue
        if isinstance(s, QPainterPath):
            p.drawPath(s)
        else:
            p.drawPolygon(s)
        n += 1
    return n


def filled_polygons(f: Frame, layer: SceneLayer, groups, pen: QPen | None) -> int:
    """Fill polygon groups ``[(indices, brush)]``, then draw all their outlines in one batch.

    Fills skip antialiasing on raster devices (the antialiased outline covers the edge),
    and outlines are one ``drawLines`` of the prepared ring segments: together several
    times faster than a drawPolygon with pen per feature.
    """
    p = f.painter
    p.save()
    p.setTransform(f.world, True)
    if not f.vector:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    n = 0
    for idx, brush in groups:
        n += draw_polygons(f, layer, idx, QPen(Qt.PenStyle.NoPen), brush)
    p.restore()
    if pen is None or len(layer.seg) == 0:
        return n
    vis = np.zeros(len(layer), dtype=bool)
    for idx, _brush in groups:
        vis[idx] = True
    sel = visible_segments(f, layer, vis[layer.seg_owner])
    if len(sel):
        p.setPen(pen)
        p.drawLines(line_array(np.ascontiguousarray(screen_segments(f, layer.seg[sel]))))
    return n


def label_text(layer: SceneLayer, style: LayerStyle, i: int) -> str:
    field_name = style.label_field if style.label_field in layer.frame.columns else "name"
    if field_name not in layer.frame.columns:
        return ""
    v = layer.frame[field_name].iat[i]
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def top_k(priority: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest values (all when fewer), in descending order."""
    if len(priority) > k:
        part = np.argpartition(-priority, k)[:k]
        return part[np.argsort(-priority[part], kind="stable")]
    return np.argsort(-priority, kind="stable")


def screen_size(f: Frame, layer: SceneLayer, idx: np.ndarray) -> np.ndarray:
    b = layer.bounds[idx]
    return np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / f.vp.mpp




def visible_segments(f: Frame, layer: SceneLayer, mask: np.ndarray | None = None) -> np.ndarray:
    """Segment indices meeting the view (bounding-box test), optionally within ``mask``."""
    seg = layer.seg
    x0, y0, x1, y1 = f.rect
    sx0, sy0, sx1, sy1 = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    ok = (np.maximum(sx0, sx1) >= x0) & (np.minimum(sx0, sx1) <= x1)
    ok &= (np.maximum(sy0, sy1) >= y0) & (np.minimum(sy0, sy1) <= y1)
    if mask is not None:
        ok &= mask
    return np.flatnonzero(ok)


def screen_segments(f: Frame, seg: np.ndarray) -> np.ndarray:
    s, tx, ty = f.vp.affine()
    out = np.empty_like(seg)
    out[:, 0::2] = seg[:, 0::2] * s + tx
    out[:, 1::2] = ty - seg[:, 1::2] * s
    return out


def contains_mask(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which world points lie inside ``geom`` (vectorised)."""
    shapely.prepare(geom)
    return shapely.contains_xy(geom, x, y)
