"""Per-layer drawing for :func:`maps.render.render` (one function per layer family).

Each painter receives the frame context :class:`Frame` (painter, scene, viewport, dpi
scale, culling rectangle, label requests) and a layer with its style. Lines and points
are transformed to device pixels with numpy; polygons are prepared once in world metres
(:mod:`maps.scene`) and drawn through the painter's world transform with cosmetic pens.
Level of detail uses ``frame.ref_mpp``: metres per pixel at 96 dpi, i.e. the map scale,
so screen and print (higher dpi) choose the same detail.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QTransform

from maps.labels import LabelRequest
from maps.markers import draw_dots, draw_markers
from maps.qtarrays import line_array
from maps.scene import MapScene, SceneLayer
from maps.symbology import (
    ASSIGNMENT_STYLE,
    BOUNDARY_STYLES,
    CATEGORY_SYMBOLS,
    COUNTY_FILL,
    DEVIATION,
    GRID_NO_TARGET,
    GRID_OUTLINE,
    PLAN,
    ROAD_STYLES,
    TIER_SYMBOLS,
    UNIT_MAX_MPP,
    UNIT_STYLE,
    VILLAGE_CLASSES,
    VILLAGE_FILL,
    VILLAGE_POLYGON_FILL,
    VILLAGE_STROKE,
    LayerStyle,
    PointSymbol,
    grid_deviation,
    qcolor,
    village_class,
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


def _polygons(f: Frame, layer: SceneLayer, idx: np.ndarray, pen: QPen, brush) -> int:
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


def _filled_polygons(f: Frame, layer: SceneLayer, groups, pen: QPen | None) -> int:
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
        n += _polygons(f, layer, idx, QPen(Qt.PenStyle.NoPen), brush)
    p.restore()
    if pen is None or len(layer.seg) == 0:
        return n
    vis = np.zeros(len(layer), dtype=bool)
    for idx, _brush in groups:
        vis[idx] = True
    sel = visible_segments(f, layer, vis[layer.seg_owner])
    if len(sel):
        p.setPen(pen)
        p.drawLines(line_array(np.ascontiguousarray(_screen_segments(f, layer.seg[sel]))))
    return n


def _label_text(layer: SceneLayer, style: LayerStyle, i: int) -> str:
    field_name = style.label_field if style.label_field in layer.frame.columns else "name"
    if field_name not in layer.frame.columns:
        return ""
    v = layer.frame[field_name].iat[i]
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def _top(priority: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest values (all when fewer), in descending order."""
    if len(priority) > k:
        part = np.argpartition(-priority, k)[:k]
        return part[np.argsort(-priority[part], kind="stable")]
    return np.argsort(-priority, kind="stable")


def _screen_size(f: Frame, layer: SceneLayer, idx: np.ndarray) -> np.ndarray:
    b = layer.bounds[idx]
    return np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / f.vp.mpp


# ---------------------------------------------------------------------- polygons
def paint_boundaries(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx = layer.query(f.rect)
    if len(idx) == 0:
        return
    levels = layer.column("level", "")[idx]
    county = idx[levels == "county"]
    if len(county):  # the county itself on a lighter ground than the world outside
        _filled_polygons(f, layer, [(county, QBrush(qcolor(style.fill or COUNTY_FILL)))], None)
    p = f.painter
    p.save()
    p.setTransform(f.world, True)
    order = ["community", "township", "station", "county"]
    for level in order + sorted(set(levels) - set(order)):
        sel = idx[levels == level]
        if len(sel) == 0:
            continue
        ls = BOUNDARY_STYLES.get(level, BOUNDARY_STYLES["township"])
        if level == "community" and f.ref_mpp > 40:
            continue
        pen = f.pen(style.stroke or ls.color, ls.width, ls.dash, cosmetic=True)
        f.count(layer.name, _polygons(f, layer, sel, pen, Qt.BrushStyle.NoBrush))
        f.check()
    p.restore()
    if style.labels:
        size = _screen_size(f, layer, idx)
        pri = {"county": 28, "station": 26, "township": 22, "community": 18}
        for i, s, level in zip(idx.tolist(), size.tolist(), levels.tolist(), strict=True):
            if s < 160 or (level == "community" and f.ref_mpp > 10):
                continue
            text = _label_text(layer, style, i)
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            ls = BOUNDARY_STYLES.get(level, BOUNDARY_STYLES["township"])
            f.labels.append(LabelRequest(text, x, y, pri.get(level, 15), f.px(13 if level in ("county", "station") else 11.5),
                                         level in ("county", "station"), ls.color, 0, True, dedupe=True))


def paint_grids(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx = layer.query(f.rect)
    if len(idx) == 0:
        return
    dev = layer.cache.get("deviation")
    if dev is None:
        dev = layer.cache["deviation"] = DEVIATION.classify(grid_deviation(layer.frame))
    cls = dev[idx]
    # outlines only once grids are big enough on screen to read them
    tiny = np.median(_screen_size(f, layer, idx)) < 6
    pen = None if tiny else f.pen(style.stroke or GRID_OUTLINE, 1.0, cosmetic=True)
    colors = list(DEVIATION.colors)
    groups = []
    for c in range(-1, len(colors)):
        sel = idx[cls == c]
        if len(sel):
            fill = style.fill or (GRID_NO_TARGET if c < 0 else colors[c])
            groups.append((sel, QBrush(qcolor(fill))))
    f.count(layer.name, _filled_polygons(f, layer, groups, pen))
    if style.labels:
        size = _screen_size(f, layer, idx)
        pop = layer.column("population", 0)
        big = np.flatnonzero(size >= 70)
        big = big[_top(size[big], MAX_LABEL_CANDIDATES)]
        for i, s in zip(idx[big].tolist(), size[big].tolist(), strict=True):
            text = _label_text(layer, style, i)
            if s >= 120 and pop[i]:
                text = f"{text} {int(pop[i])}人" if text else f"{int(pop[i])}人"
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            f.labels.append(LabelRequest(text, x, y, 35, f.px(11), False, "#4a463f", 0, True))


UNIT_OVER_GRIDS = "#9d9589"


def paint_units(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if f.ref_mpp > UNIT_MAX_MPP:
        return
    idx = layer.query(f.rect)
    # over visible grids, units are outlines only so the grid colours show through
    grids = f.scene.get("grids")
    grid_style = f.styles.get("grids")
    over_grids = grids is not None and len(grids) > 0 and (grid_style is None or grid_style.visible)
    brush = QBrush(Qt.BrushStyle.NoBrush) if over_grids and not style.fill else QBrush(qcolor(style.fill or UNIT_STYLE.fill))
    pen = f.pen(style.stroke or (UNIT_OVER_GRIDS if over_grids else UNIT_STYLE.color), UNIT_STYLE.width, cosmetic=True)
    f.count(layer.name, _filled_polygons(f, layer, [(idx, brush)], pen))
    if style.labels and f.ref_mpp < 3:
        for i in idx.tolist():
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            f.labels.append(LabelRequest(_label_text(layer, style, i), x, y, 10, f.px(10), False, "#6b655c", 0, True))


# ---------------------------------------------------------------------- lines
def _road_classes(layer: SceneLayer) -> np.ndarray:
    cls = layer.cache.get("seg_class")
    if cls is None:
        names = list(ROAD_STYLES)
        feature_cls = np.array([names.index(c) if c in ROAD_STYLES else names.index("village")
                                for c in layer.column("road_class", "village")], dtype=np.int16)
        cls = layer.cache["seg_class"] = feature_cls[layer.seg_owner] if len(feature_cls) else np.zeros(0, np.int16)
    return cls


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


def _screen_segments(f: Frame, seg: np.ndarray) -> np.ndarray:
    s, tx, ty = f.vp.affine()
    out = np.empty_like(seg)
    out[:, 0::2] = seg[:, 0::2] * s + tx
    out[:, 1::2] = ty - seg[:, 1::2] * s
    return out


def paint_roads(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if len(layer.seg) == 0:
        return
    cls = _road_classes(layer)
    names = list(ROAD_STYLES)
    shown = np.array([f.ref_mpp < ROAD_STYLES[n].max_mpp for n in names])
    idx = visible_segments(f, layer, shown[cls])
    if len(idx) == 0:
        return
    vis_cls = cls[idx]
    order = sorted(range(len(names)), key=lambda k: ROAD_STYLES[names[k]].z)
    batches = {}
    for k in order:
        sel = idx[vis_cls == k]
        if len(sel):
            batches[k] = line_array(np.ascontiguousarray(_screen_segments(f, layer.seg[sel])))
    p = f.painter
    # thinner roads at small scales so the network does not clog the overview, wider
    # ones in street views so roads read as streets between the blocks
    thin = 1.0 if f.ref_mpp < 30 else (0.8 if f.ref_mpp < 80 else 0.65)
    if f.ref_mpp < 4.0:
        thin = min(float(np.sqrt(4.0 / f.ref_mpp)), 2.6)
    for k in order:  # casings first, so junctions of one class merge
        rs = ROAD_STYLES[names[k]]
        if k in batches and rs.casing:
            p.setPen(f.pen(style.stroke or rs.casing, (rs.width + rs.casing_extra) * thin))
            p.drawLines(batches[k])
    f.check()
    for k in order:
        rs = ROAD_STYLES[names[k]]
        if k in batches:
            p.setPen(f.pen(style.fill or rs.fill, rs.width * thin))
            p.drawLines(batches[k])
            f.count(layer.name, len(batches[k]))
    if style.labels and f.ref_mpp < ROAD_LABEL_MPP:
        _road_labels(f, layer, style, np.unique(layer.seg_owner[idx]))


ROAD_LABEL_MPP = 25.0
ROAD_LABEL_CLASSES = {"expressway": 27, "national": 26, "provincial": 25, "county": 24, "urban": 23, "township": 21}


def _road_labels(f: Frame, layer: SceneLayer, style: LayerStyle, features: np.ndarray) -> None:
    """One label per named road in view, on the part of the road nearest the view centre."""
    names = layer.column("name", "")
    classes = layer.column("road_class", "village")
    cx, cy = f.vp.cx, f.vp.cy
    best: dict[str, tuple[float, int]] = {}
    for i in features.tolist():
        name, cls = names[i], classes[i]
        if not name or cls not in ROAD_LABEL_CLASSES:
            continue
        if cls in ("township", "urban") and f.ref_mpp > 8:
            continue
        ax, ay = layer.anchors[i]
        d = (ax - cx) ** 2 + (ay - cy) ** 2
        if str(name) not in best or d < best[str(name)][0]:
            best[str(name)] = (d, i)
    for name, (_d, i) in best.items():
        x, y = f.screen(layer.anchors[i : i + 1])[0]
        rs = ROAD_STYLES[classes[i]]
        f.labels.append(LabelRequest(name, float(x), float(y), ROAD_LABEL_CLASSES[classes[i]], f.px(10.5), False,
                                     rs.casing or "#6b655c", 0, True, dedupe=True, angle=_road_angle(layer, i)))


def _road_angle(layer: SceneLayer, i: int) -> float:
    """Screen angle (degrees, kept upright) of line ``i`` around its middle."""
    g = layer.geoms[i]
    if g is None or g.is_empty or g.length == 0:
        return 0.0
    a = shapely.line_interpolate_point(g, 0.4, normalized=True)
    b = shapely.line_interpolate_point(g, 0.6, normalized=True)
    dx, dy = b.x - a.x, b.y - a.y
    if dx == 0 and dy == 0:
        return 0.0
    angle = -float(np.degrees(np.arctan2(dy, dx)))  # world y up, screen y down
    if angle > 90:
        angle -= 180
    elif angle <= -90:
        angle += 180
    return 0.0 if abs(angle) < 3 else angle


def paint_assignment(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if len(layer.seg) == 0:
        return
    idx = visible_segments(f, layer)
    if len(idx) == 0:
        return
    a = ASSIGNMENT_STYLE
    p = f.painter
    p.setPen(f.pen(qcolor(style.stroke or a.color, 0.6), a.width))
    p.drawLines(line_array(np.ascontiguousarray(_screen_segments(f, layer.seg[idx]))))
    f.count(layer.name, len(idx))


# ---------------------------------------------------------------------- points
def paint_villages(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if any(s is not None for s in layer.shapes) and f.ref_mpp < 40:
        idx = layer.query(f.rect)
        _filled_polygons(f, layer, [(idx, QBrush(qcolor(VILLAGE_POLYGON_FILL, 0.6)))],
                         f.pen(VILLAGE_STROKE, 0.6, cosmetic=True))
    idx, xy = visible_points(f, layer)
    if len(idx) == 0:
        return
    pop = layer.column("population", 0)
    cls = layer.cache.get("class")
    if cls is None:
        cls = layer.cache["class"] = village_class(pop)
    fill, stroke = style.fill or VILLAGE_FILL, style.stroke or VILLAGE_STROKE
    if len(idx) > MAX_DOTS_DETAILED or f.ref_mpp > 80:
        draw_dots(f.painter, xy, 2.4 if f.ref_mpp < 200 else 1.8, style.stroke or "#857a6c", f.dpi_scale)
        f.count(layer.name, len(idx))
        return
    shrink = 1.0 if f.ref_mpp < 40 else 0.75
    vc = cls[idx]
    for k, c in enumerate(VILLAGE_CLASSES):
        sym = PointSymbol("circle", c.size * shrink, fill, stroke, "", 1.0)
        draw_markers(f.painter, xy[vc == k], sym, f.marker_scale, vector=f.vector)
    f.count(layer.name, len(idx))
    if style.labels and (f.ref_mpp < 30 or len(idx) < 400):
        names = layer.column(style.label_field if style.label_field in layer.frame.columns else "name", "")
        popf = np.nan_to_num(np.asarray(pop, dtype=float))
        for j in _top(popf[idx], MAX_LABEL_CANDIDATES).tolist():
            i = int(idx[j])
            size = VILLAGE_CLASSES[vc[j]].size * shrink
            f.labels.append(LabelRequest(str(names[i] or ""), float(xy[j, 0]), float(xy[j, 1]),
                                         50 + np.log10(popf[i] + 1), f.px(11.5), False,
                                         "#2b2925", f.mx(size / 2 + 1)))


def _markers(f: Frame, xy: np.ndarray, sym, *, reserve: bool) -> None:
    draw_markers(f.painter, xy, sym, f.marker_scale, vector=f.vector)
    if reserve:
        r = max(sym.size * f.marker_scale / 2 - 2, 1)  # the grid is coarse: keep label room
        for x, y in xy.tolist():
            f.reserved.append(QRectF(x - r, y - r, 2 * r, 2 * r))


def paint_key_sites(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if f.ref_mpp > 25:
        return
    idx, xy = visible_points(f, layer)
    cats = layer.column("category", "other")[idx]
    for cat, sym in CATEGORY_SYMBOLS.items():
        sel = cats == cat
        if sel.any():
            _markers(f, xy[sel], sym, reserve=False)
    unknown = ~np.isin(cats, list(CATEGORY_SYMBOLS))
    if unknown.any():
        _markers(f, xy[unknown], CATEGORY_SYMBOLS["other"], reserve=False)
    f.count(layer.name, len(idx))
    if style.labels and f.ref_mpp < 5:
        for j, i in enumerate(idx.tolist()):
            f.labels.append(LabelRequest(_label_text(layer, style, i), float(xy[j, 0]), float(xy[j, 1]),
                                         30, f.px(10.5), False, "#5a544c", f.mx(5)))


POST_LOD = {"station": np.inf, "office": 200.0, "workstation": 40.0}
POST_SHRINK_MPP = 60.0
"""Above this ground resolution (m/px) offices are drawn smaller: the overview stays calm."""
POST_LABEL_LOD = {"station": np.inf, "office": 40.0, "workstation": 6.0}
POST_PRIORITY = {"station": 100, "office": 90, "workstation": 45}


def paint_posts(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx, xy = visible_points(f, layer)
    if len(idx) == 0:
        return
    tiers = layer.column("tier", "office")[idx]
    for tier in ("workstation", "office", "station"):
        if f.ref_mpp >= POST_LOD[tier]:
            continue
        sel = np.flatnonzero(tiers == tier)
        sym = TIER_SYMBOLS[tier]
        if tier == "office" and f.ref_mpp > POST_SHRINK_MPP:
            sym = replace(sym, size=sym.size * 0.7, stroke_width=sym.stroke_width * 0.7)
        if tier == "station":  # stations stay on top of everything drawn after the posts
            station_xy, opacity = xy[sel], f.painter.opacity()
            f.deferred.append(lambda xy=station_xy, sym=sym, o=opacity: _on_top(f, xy, sym, o))
        else:
            _markers(f, xy[sel], sym, reserve=tier != "workstation")
        f.count(layer.name, len(sel))
        if style.labels and f.ref_mpp < POST_LABEL_LOD[tier]:
            for j in sel.tolist():
                f.labels.append(LabelRequest(_label_text(layer, style, int(idx[j])), float(xy[j, 0]), float(xy[j, 1]),
                                             POST_PRIORITY[tier], f.px(12.5 if tier == "station" else 11.5),
                                             tier == "station", sym.fill, f.mx(sym.size / 2 + 2)))


def _on_top(f: Frame, xy: np.ndarray, sym, opacity: float) -> None:
    f.painter.save()
    f.painter.setOpacity(opacity)
    _markers(f, xy, sym, reserve=True)
    f.painter.restore()


def paint_plan_offices(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx, xy = visible_points(f, layer)
    if len(idx) == 0:
        return
    existing = layer.column("existing", False)[idx].astype(bool)
    for flag, key in ((False, "plan_offices"), (True, "plan_offices_existing")):
        sel = np.flatnonzero(existing == flag)
        _markers(f, xy[sel], PLAN[key], reserve=True)
        if style.labels and f.ref_mpp < 60:
            overview = f.ref_mpp > 30
            for j in sel.tolist():
                f.labels.append(LabelRequest(_label_text(layer, style, int(idx[j])), float(xy[j, 0]), float(xy[j, 1]),
                                             85, f.px(10.5 if overview else 11.5), not overview,
                                             PLAN["plan_offices"].fill, f.mx(7)))
    f.count(layer.name, len(idx))


def paint_plan_workstations(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if f.ref_mpp > POST_LOD["workstation"]:
        return
    idx, xy = visible_points(f, layer)
    _markers(f, xy, PLAN["plan_workstations"], reserve=False)
    f.count(layer.name, len(idx))


def paint_generic(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    """Any other layer: grey polygons, lines or dots."""
    if layer.kind == "polygon":
        idx = layer.query(f.rect)
        _filled_polygons(f, layer, [(idx, QBrush(qcolor(style.fill or "#dddddd", 0.5)))],
                         f.pen(style.stroke or "#777777", 0.8, cosmetic=True))
    elif layer.kind == "line" and len(layer.seg):
        idx = visible_segments(f, layer)
        f.painter.setPen(f.pen(style.stroke or "#777777", 1.0))
        f.painter.drawLines(line_array(np.ascontiguousarray(_screen_segments(f, layer.seg[idx]))))
    elif layer.kind == "point":
        _idx, xy = visible_points(f, layer)
        draw_markers(f.painter, xy, PointSymbol("circle", 5, style.fill or "#888888", "#ffffff", "", 1.0),
                     f.dpi_scale, vector=f.vector)


PAINTERS = {
    "boundaries": paint_boundaries,
    "grids": paint_grids,
    "units": paint_units,
    "roads": paint_roads,
    "villages": paint_villages,
    "key_sites": paint_key_sites,
    "plan_assignment": paint_assignment,
    "posts": paint_posts,
    "plan_workstations": paint_plan_workstations,
    "plan_offices": paint_plan_offices,
}


def contains_mask(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which world points lie inside ``geom`` (vectorised)."""
    shapely.prepare(geom)
    return shapely.contains_xy(geom, x, y)
