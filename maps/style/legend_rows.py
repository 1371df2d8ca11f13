"""Legend rows and their swatches, read from the symbology tables the renderer draws with.

API::

    legend_entries(styles, scene)             # [LegendEntry] for the visible layers
    draw_swatch(painter, QRectF, entry.swatch, dpi_scale)   # the entry's symbol, as on the map
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QPainter, QPen

from maps.style.symbology import (
    ASSIGNMENT_STYLE,
    BOUNDARY_STYLES,
    CATEGORY_SYMBOLS,
    DEVIATION,
    GRID_NO_TARGET,
    GRID_OUTLINE,
    GRID_UNASSIGNED,
    OFFICER_COLOURS,
    PLAN,
    ROAD_STYLES,
    TIER_SYMBOLS,
    UNIT_STYLE,
    VILLAGE_CLASSES,
    VILLAGE_FILL,
    VILLAGE_STROKE,
    LayerStyle,
    PointSymbol,
    draw_marker,
    qcolor,
)


@dataclass(frozen=True)
class Swatch:
    """What a legend entry shows: a ``marker``, a ``line`` (with casing) or a ``fill``."""

    kind: str
    marker: PointSymbol | None = None
    color: str = "#000000"
    width: float = 1.0
    casing: str | None = None
    casing_extra: float = 0.0
    dash: tuple[float, ...] | None = None
    fill: str | None = None


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: the group heading (layer title), its text and its swatch."""

    group: str
    label: str
    swatch: Swatch


@dataclass
class _Legend:
    entries: list[LegendEntry] = field(default_factory=list)

    def add(self, group: str, label: str, swatch: Swatch) -> None:
        self.entries.append(LegendEntry(group, label, swatch))


def _present(scene, layer: str, column: str) -> set:
    if scene is None:
        return set()
    sl = scene.get(layer)
    if sl is None or len(sl) == 0 or column not in sl.frame.columns:
        return set()
    return set(sl.frame[column].dropna().astype(str))


def _shown(styles, scene, layer: str) -> bool:
    style = styles.get(layer)
    if style is not None and not style.visible:
        return False
    return scene is None or (scene.get(layer) is not None and len(scene[layer]) > 0)


def _classes(leg: _Legend, styles, scene, layer: str, column: str, symbols: dict[str, PointSymbol], group: str) -> None:
    """A marker row per class of ``symbols`` (a layer drawn by ``column``); with a scene, only
    the classes that occur in it."""
    if not _shown(styles, scene, layer):
        return
    present = _present(scene, layer, column)
    for value, sym in symbols.items():
        if scene is None or value in present:
            leg.add(group, sym.label, Swatch("marker", sym))


def legend_entries(styles: dict[str, LayerStyle], scene=None) -> list[LegendEntry]:
    """Legend rows for the visible layers; with a scene, only classes that occur in it."""
    leg = _Legend()
    every = scene is None
    _classes(leg, styles, scene, "posts", "tier", TIER_SYMBOLS, "警务站点")
    if _shown(styles, scene, "plan_offices"):
        leg.add("选址方案", PLAN["plan_offices"].label, Swatch("marker", PLAN["plan_offices"]))
    if _shown(styles, scene, "plan_offices") and (every or "True" in _present(scene, "plan_offices", "existing")):
        sym = PLAN["plan_offices_existing"]
        leg.add("选址方案", sym.label, Swatch("marker", sym))
    if _shown(styles, scene, "plan_workstations"):
        leg.add("选址方案", PLAN["plan_workstations"].label, Swatch("marker", PLAN["plan_workstations"]))
    if _shown(styles, scene, "plan_assignment"):
        a = ASSIGNMENT_STYLE
        leg.add("选址方案", a.label, Swatch("line", color=a.color, width=a.width))
    _classes(leg, styles, scene, "key_sites", "category", CATEGORY_SYMBOLS, "重点部位")
    if _shown(styles, scene, "villages"):
        for vc in VILLAGE_CLASSES:
            sym = PointSymbol("circle", vc.size, VILLAGE_FILL, VILLAGE_STROKE, vc.label, 1.0)
            leg.add("行政村（人口）", vc.label, Swatch("marker", sym))
    if _shown(styles, scene, "roads"):
        classes = _present(scene, "roads", "road_class")
        for cls, rs in sorted(ROAD_STYLES.items(), key=lambda kv: -kv[1].z):
            if every or cls in classes:
                leg.add("道路", rs.label, Swatch("line", color=rs.fill, width=rs.width, casing=rs.casing, casing_extra=rs.casing_extra))
    grid_style = styles.get("grids") if styles else None
    if _shown(styles, scene, "grids") and grid_style is not None and grid_style.classify == "officer":
        for color, label in zip(OFFICER_COLOURS[:3], ("每名责任民警一种颜色", "（相邻警格多为不同颜色）", "…"),
                                strict=True):
            leg.add("警格（按责任民警着色）", label, Swatch("fill", color=GRID_OUTLINE, fill=color))
        leg.add("警格（按责任民警着色）", "未分配", Swatch("fill", color=GRID_OUTLINE, fill=GRID_UNASSIGNED))
    elif _shown(styles, scene, "grids"):
        for label, color in zip(DEVIATION.labels(), DEVIATION.colors, strict=True):
            leg.add("警格人口偏差", label, Swatch("fill", color=GRID_OUTLINE, fill=color))
        leg.add("警格人口偏差", "无配警标准", Swatch("fill", color=GRID_OUTLINE, fill=GRID_NO_TARGET))
    if _shown(styles, scene, "units"):
        leg.add("楼栋单元", UNIT_STYLE.label, Swatch("fill", color=UNIT_STYLE.color, fill=UNIT_STYLE.fill))
    if _shown(styles, scene, "boundaries"):
        levels = _present(scene, "boundaries", "level")
        for level, ls in BOUNDARY_STYLES.items():
            if every or level in levels:
                leg.add("界线", ls.label, Swatch("line", color=ls.color, width=ls.width, dash=ls.dash))
    return leg.entries


def draw_swatch(painter: QPainter, rect: QRectF, swatch: Swatch, dpi_scale: float = 1.0) -> None:
    """Draw a legend swatch into ``rect`` (device units) exactly as the map draws it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = rect.center()
    if swatch.kind == "marker" and swatch.marker is not None:
        draw_marker(painter, c.x(), c.y(), swatch.marker, dpi_scale)
    elif swatch.kind == "line":
        y = c.y()
        x0, x1 = rect.left() + 2 * dpi_scale, rect.right() - 2 * dpi_scale
        if swatch.casing:
            pen = QPen(qcolor(swatch.casing), (swatch.width + swatch.casing_extra) * dpi_scale)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        pen = QPen(qcolor(swatch.color), swatch.width * dpi_scale)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if swatch.dash:
            pen.setDashPattern([d / max(swatch.width, 0.1) for d in swatch.dash])
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
    elif swatch.kind == "fill":
        painter.setPen(QPen(qcolor(swatch.color), 0.8 * dpi_scale))
        painter.setBrush(qcolor(swatch.fill or "#ffffff"))
        r = rect.adjusted(2 * dpi_scale, 3 * dpi_scale, -2 * dpi_scale, -3 * dpi_scale)
        painter.drawRect(r)
    painter.restore()
