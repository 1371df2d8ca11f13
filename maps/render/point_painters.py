"""Per-layer drawing of the point layers: villages, key sites, posts and the plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QBrush

from maps.render.frame import (
    MAX_DOTS_DETAILED,
    MAX_LABEL_CANDIDATES,
    Frame,
    filled_polygons,
    label_text,
    top_k,
    visible_points,
)
from maps.render.labels import LabelRequest
from maps.render.markers import draw_dots, draw_markers
from maps.render.scene import SceneLayer
from maps.style.symbology import (
    CATEGORY_SYMBOLS,
    PLAN,
    TIER_SYMBOLS,
    VILLAGE_CLASSES,
    VILLAGE_FILL,
    VILLAGE_POLYGON_FILL,
    VILLAGE_STROKE,
    LayerStyle,
    PointSymbol,
    qcolor,
    village_class,
)


def paint_villages(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if any(s is not None for s in layer.shapes) and f.ref_mpp < 40:
        idx = layer.query(f.rect)
        filled_polygons(f, layer, [(idx, QBrush(qcolor(VILLAGE_POLYGON_FILL, 0.6)))],
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
        for j in top_k(popf[idx], MAX_LABEL_CANDIDATES).tolist():
            i = int(idx[j])
            size = VILLAGE_CLASSES[vc[j]].size * shrink
            f.labels.append(LabelRequest(str(names[i] or ""), float(xy[j, 0]), float(xy[j, 1]),
                                         50 + np.log10(max(popf[i], 0.0) + 1), f.px(11.5), False,
                                         "#2b2925", f.mx(size / 2 + 1), feature=(layer.name, i)))


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
            f.labels.append(LabelRequest(label_text(layer, style, i), float(xy[j, 0]), float(xy[j, 1]),
                                         30, f.px(10.5), False, "#5a544c", f.mx(5), feature=(layer.name, i)))


POST_LOD = {"station": np.inf, "office": 200.0, "workstation": 40.0}
POST_SHRINK_MPP = 60.0
"""Above this ground resolution (m/px) offices are drawn smaller: the overview stays calm."""
POST_LABEL_LOD = {"station": np.inf, "office": 40.0, "workstation": 6.0}
POST_PRIORITY = {"station": 100, "office": 90, "workstation": 45}


def kept_by_plan(f: Frame, layer: SceneLayer) -> np.ndarray:
    """Which posts the shown plan keeps as offices (same code, or the same metre): the
    plan draws those, so a post is one symbol, not "existing" under "proposed"."""
    plan = f.scene.get("plan_offices")
    plan_style = f.styles.get("plan_offices")
    if plan is None or len(plan) == 0 or (plan_style is not None and not plan_style.visible):
        return np.zeros(len(layer), dtype=bool)
    key = ("kept_by_plan", id(plan))
    mask = layer.cache.get(key)
    if mask is None:
        kept = plan.column("existing", False).astype(bool)
        codes = set(plan.column("code", "")[kept].tolist())
        mask = np.isin(layer.column("code", ""), list(codes))
        if kept.any() and len(layer):
            def spot(xy: np.ndarray) -> np.ndarray:
                return np.round(xy[:, 0]) + 1j * np.round(xy[:, 1])

            mask |= np.isin(spot(layer.anchors), spot(plan.anchors[kept]))
        mask &= layer.column("tier", "office") == "office"
        layer.cache[key] = mask
    return mask


def paint_posts(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    idx, xy = visible_points(f, layer)
    closed = layer.column("status", "open")[idx] == "closed"  # an adopted plan closed them: history, not drawn
    keep = ~kept_by_plan(f, layer)[idx] & ~closed
    idx, xy = idx[keep], xy[keep]
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
                f.labels.append(LabelRequest(label_text(layer, style, int(idx[j])), float(xy[j, 0]), float(xy[j, 1]),
                                             POST_PRIORITY[tier], f.px(12.5 if tier == "station" else 11.5),
                                             tier == "station", sym.fill, f.mx(sym.size / 2 + 2),
                                             feature=(layer.name, int(idx[j]))))


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
                f.labels.append(LabelRequest(label_text(layer, style, int(idx[j])), float(xy[j, 0]), float(xy[j, 1]),
                                             85, f.px(10.5 if overview else 11.5), not overview,
                                             PLAN["plan_offices"].fill, f.mx(7), feature=(layer.name, int(idx[j]))))
    f.count(layer.name, len(idx))


def paint_plan_workstations(f: Frame, layer: SceneLayer, style: LayerStyle) -> None:
    if f.ref_mpp > POST_LOD["workstation"]:
        return
    idx, xy = visible_points(f, layer)
    _markers(f, xy, PLAN["plan_workstations"], reserve=False)
    f.count(layer.name, len(idx))

