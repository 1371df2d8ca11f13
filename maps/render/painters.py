"""Per-layer drawing for :func:`maps.render.renderer.render`: areas and lines, and the dispatch table.

Each painter takes the frame (:class:`maps.render.frame.Frame`), a scene layer and its style.
Lines and points are transformed to device pixels with numpy; polygons are prepared once
in world metres (:mod:`maps.render.scene`) and drawn through the painter's world transform.
Point layers live in :mod:`maps.render.point_painters`. ``PAINTERS`` maps layer names to painters.
"""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QBrush

from maps.render.frame import (
    MAX_LABEL_CANDIDATES,
    Frame,
    draw_polygons,
    filled_polygons,
    label_text,
    screen_segments,
    screen_size,
    top_k,
    visible_points,
    visible_segments,
)
from maps.render.labels import LabelRequest
from maps.render.markers import draw_markers
from maps.render.point_painters import (
    paint_key_sites,
    paint_plan_offices,
    paint_plan_workstations,
    paint_posts,
    paint_villages,
)
from maps.render.qtarrays import line_array
from maps.render.scene import SceneLayer
from maps.style.symbology import (
    ASSIGNMENT_STYLE,
    BOUNDARY_STYLES,
    COUNTY_FILL,
    DEVIATION,
    GRID_NO_TARGET,
    GRID_OUTLINE,
    GRID_UNASSIGNED,
    OFFICER_COLOURS,
    ROAD_STYLES,
    UNIT_MAX_MPP,
    UNIT_STYLE,
    LayerStyle,
    PointSymbol,
    grid_deviation,
    officer_classes,
    qcolor,
)


def paint_boundaries(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx = layer.query(f.rect)
    if len(idx) == 0:
        return
    levels = layer.column("level", "")[idx]
    county = idx[levels == "county"]
    if len(county):  # the county itself on a lighter ground than the world outside
        filled_polygons(f, layer, [(county, QBrush(qcolor(style.fill or COUNTY_FILL)))], None)
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
        f.count(layer.name, draw_polygons(f, layer, sel, pen, Qt.BrushStyle.NoBrush))
        f.check()
    p.restore()
    if style.labels:
        size = screen_size(f, layer, idx)
        pri = {"county": 28, "station": 26, "township": 22, "community": 18}
        for i, s, level in zip(idx.tolist(), size.tolist(), levels.tolist(), strict=True):
            if s < 160 or (level == "community" and f.ref_mpp > 10):
                continue
            text = label_text(layer, style, i)
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            ls = BOUNDARY_STYLES.get(level, BOUNDARY_STYLES["township"])
            f.labels.append(LabelRequest(text, x, y, pri.get(level, 15), f.px(13 if level in ("county", "station") else 11.5),
                                         level in ("county", "station"), ls.color, 0, True, dedupe=True,
                                         feature=(layer.name, i)))


def paint_grids(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx = layer.query(f.rect)
    if len(idx) == 0:
        return
    by_officer = style.classify == "officer"
    key = "officer" if by_officer else "deviation"
    classes = layer.cache.get(key)
    if classes is None:
        classes = layer.cache[key] = (officer_classes(layer.frame) if by_officer else
                                      DEVIATION.classify(grid_deviation(layer.frame, f.scene.standard)))
    cls = classes[idx]
    # outlines only once grids are big enough on screen to read them
    tiny = np.median(screen_size(f, layer, idx)) < 6
    pen = None if tiny else f.pen(style.stroke or GRID_OUTLINE, 1.0, cosmetic=True)
    colors = list(OFFICER_COLOURS if by_officer else DEVIATION.colors)
    groups = []
    for c in range(-1, len(colors)):
        sel = idx[cls == c]
        if len(sel):
            fill = style.fill or ((GRID_UNASSIGNED if by_officer else GRID_NO_TARGET) if c < 0 else colors[c])
            groups.append((sel, QBrush(qcolor(fill))))
    f.count(layer.name, filled_polygons(f, layer, groups, pen))
    if style.labels:
        size = screen_size(f, layer, idx)
        pop = layer.column("population", 0)
        big = np.flatnonzero(size >= 70)
        big = big[top_k(size[big], MAX_LABEL_CANDIDATES)]
        for i, s in zip(idx[big].tolist(), size[big].tolist(), strict=True):
            text = label_text(layer, style, i)
            if s >= 120 and pop[i]:
                text = f"{text} {int(pop[i])}人" if text else f"{int(pop[i])}人"
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            f.labels.append(LabelRequest(text, x, y, 35, f.px(11), False, "#4a463f", 0, True, feature=(layer.name, i)))


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
    f.count(layer.name, filled_polygons(f, layer, [(idx, brush)], pen))
    if style.labels and f.ref_mpp < 3:
        for i in idx.tolist():
            x, y = f.screen(layer.anchors[i : i + 1])[0]
            f.labels.append(LabelRequest(label_text(layer, style, i), x, y, 10, f.px(10), False, "#6b655c", 0, True,
                                         feature=(layer.name, i)))


# ---------------------------------------------------------------------- lines
def _road_classes(layer: SceneLayer) -> np.ndarray:
    cls = layer.cache.get("seg_class")
    if cls is None:
        names = list(ROAD_STYLES)
        feature_cls = np.array([names.index(c) if c in ROAD_STYLES else names.index("village")
                                for c in layer.column("road_class", "village")], dtype=np.int16)
        cls = layer.cache["seg_class"] = feature_cls[layer.seg_owner] if len(feature_cls) else np.zeros(0, np.int16)
    return cls


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
            batches[k] = line_array(np.ascontiguousarray(screen_segments(f, layer.seg[sel])))
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
    p.drawLines(line_array(np.ascontiguousarray(screen_segments(f, layer.seg[idx]))))
    f.count(layer.name, len(idx))


# ---------------------------------------------------------------------- points

def paint_generic(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    """Any other layer: grey polygons, lines or dots."""
    if layer.kind == "polygon":
        idx = layer.query(f.rect)
        filled_polygons(f, layer, [(idx, QBrush(qcolor(style.fill or "#dddddd", 0.5)))],
                         f.pen(style.stroke or "#777777", 0.8, cosmetic=True))
    elif layer.kind == "line" and len(layer.seg):
        idx = visible_segments(f, layer)
        f.painter.setPen(f.pen(style.stroke or "#777777", 1.0))
        f.painter.drawLines(line_array(np.ascontiguousarray(screen_segments(f, layer.seg[idx]))))
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

