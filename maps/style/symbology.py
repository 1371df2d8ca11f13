"""Map symbology: per-layer styles and the fixed cartographic design of every layer.

One design for screen and paper (a road-atlas look on a light neutral ground). Colours
are hex strings so styles can be stored in a project or settings file.

API::

    styles = default_styles()                 # {layer: LayerStyle}
    styles["villages"].labels = False         # visible, opacity, labels, fill, stroke
    grid_deviation(project["grids"], standard)  # numpy array, 0.0 = on target (layers.standard)
    DEVIATION.classify(dev)                   # class index per grid (-1: no target)
    # the legend built from these tables: maps.style.legend_rows (legend_entries, draw_swatch)

The per-class tables (``TIER_SYMBOLS``, ``CATEGORY_SYMBOLS``, ``ROAD_STYLES``,
``BOUNDARY_STYLES``, ``VILLAGE_CLASSES``, ``PLAN``) are what the renderer draws with; the
legend reads the same tables, so map and legend cannot disagree. Widths and sizes are in
pixels at 96 dpi and are multiplied by the renderer's ``dpi_scale``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QPainter, QPainterPath, QPen

from layers.standard import Standard
from maps.style import colours as C

BACKGROUND = "#efede7"
COUNTY_FILL = C.COUNTY_FILL
SELECTION = "#00a6d6"
HIGHLIGHT = C.HIGHLIGHT
LABEL_COLOR = "#2b2925"
HALO_COLOR = C.WHITE


@dataclass
class LayerStyle:
    """What the user can change per layer in the layer panel."""

    visible: bool = True
    opacity: float = 1.0
    labels: bool = True
    fill: str | None = None
    """Override of the layer's main fill colour (None: the design's colour)."""
    stroke: str | None = None
    """Override of the layer's outline / line colour (None: the design's colour)."""
    label_field: str = "name"
    """The column the labels show (a column the layer lacks falls back to ``name``)."""
    classify: str = ""
    """How a categorised layer is coloured: grids by ``deviation`` (the default) or by
    ``officer`` (the person assigned); posts by tier and key sites by category always."""
    max_scale: float | None = None
    """Drawn only at scales of 1:``max_scale`` or larger (zoomed in further); None: always."""
    min_scale: float | None = None
    """Not drawn at scales larger than 1:``min_scale`` (zoomed in closer); None: no limit."""

    def shown_at(self, denominator: float) -> bool:
        """Whether the layer is drawn at the scale 1:``denominator`` (scale-dependent visibility)."""
        if self.max_scale is not None and denominator > self.max_scale:
            return False
        return not (self.min_scale is not None and denominator < self.min_scale)


SCALE_LIMITS = {
    "units": 50_000,
    "key_sites": 100_000,
    "plan_assignment": 150_000,
    "plan_workstations": 150_000,
    "grids": 500_000,
    "villages": 500_000,
    "plan_offices": 500_000,
}
"""The smallest scale (largest denominator) each layer is drawn at by default: at a whole
county (about 1:250,000 on screen, 1:400,000 on an A4 overview page) every layer shows; at a
city of nine counties (about 1:670,000 on screen) only the stations, existing offices, roads
and boundaries do, not a thousand overlapping squares."""
CLASSIFY = {"grids": ("deviation", "officer")}
"""The colourings a categorised layer offers (the first is its default)."""
LABEL_FIELDS = {
    "villages": ("name", "code", "population", "township"),
    "posts": ("name", "code", "officer_name"),
    "key_sites": ("name", "code"),
    "grids": ("name", "code", "officer_name", "population"),
    "boundaries": ("name", "code"),
    "roads": ("name",),
    "plan_offices": ("name", "code"),
    "units": ("name", "code"),
}
"""The columns a layer's labels may show (the layer panel offers them)."""


def scale_denominator(ref_mpp: float) -> float:
    """The map scale 1:N of a view of ``ref_mpp`` metres per pixel at 96 dpi."""
    return ref_mpp * 96 / 0.0254


def default_styles() -> dict[str, LayerStyle]:
    """The initial style of every drawable layer."""
    styles = {
        name: LayerStyle()
        for name in (
            "boundaries", "grids", "units", "roads", "villages", "key_sites",
            "plan_assignment", "posts", "plan_workstations", "plan_offices",
        )
    }
    styles["units"].labels = False
    styles["plan_assignment"].labels = False
    styles["plan_workstations"].labels = False
    styles["grids"].label_field = "name"
    styles["grids"].classify = "deviation"
    for name, limit in SCALE_LIMITS.items():
        styles[name].max_scale = limit
    return styles


# ---------------------------------------------------------------------- symbols
@dataclass(frozen=True)
class PointSymbol:
    """A marker: shape name, size (px at 96 dpi), fill, outline and Chinese label."""

    shape: str
    size: float
    fill: str
    stroke: str
    label: str
    stroke_width: float = 1.2
    glyph: str | None = None  # a small white mark inside ("cross", "star", "dot")


TIER_SYMBOLS = {
    "station": PointSymbol("shield", 17, C.TIERS["station"], C.WHITE, "派出所", 1.4, "star"),
    "office": PointSymbol("square", 11, C.TIERS["office"], C.WHITE, "警务室", 1.3),
    "workstation": PointSymbol("triangle", 10, C.TIERS["workstation"], C.WHITE, "警务工作站", 1.0),
}

CATEGORY_SYMBOLS = {
    "village_office": PointSymbol("square", 6.5, C.CATEGORIES["village_office"], C.WHITE, "村室/村委会", 0.9),
    "culture_square": PointSymbol("diamond", 7.5, C.CATEGORIES["culture_square"], C.WHITE, "文化广场", 0.9),
    "service_center": PointSymbol("circle", 7, C.CATEGORIES["service_center"], C.WHITE, "社区便民服务中心", 0.9),
    "residential_compound": PointSymbol("hexagon", 7.5, C.CATEGORIES["residential_compound"], C.WHITE, "新建小区", 0.9),
    "hospital": PointSymbol("square", 8, C.CATEGORIES["hospital"], C.WHITE, "医院", 0.9, "cross"),
    "school": PointSymbol("triangle", 8, C.CATEGORIES["school"], C.WHITE, "学校", 0.9),
    "factory": PointSymbol("square", 7, C.CATEGORIES["factory"], C.WHITE, "工厂", 0.9),
    "business_district": PointSymbol("diamond", 7.5, C.CATEGORIES["business_district"], C.WHITE, "商圈", 0.9),
    "scenic_area": PointSymbol("circle", 7.5, C.CATEGORIES["scenic_area"], C.WHITE, "景区", 0.9, "dot"),
    "other": PointSymbol("circle", 5.5, C.CATEGORIES["other"], C.WHITE, "其他", 0.8),
}


@dataclass(frozen=True)
class VillageClass:
    """Villages of population below ``upper`` are drawn as circles of ``size`` px."""

    upper: float
    size: float
    label: str


VILLAGE_CLASSES = (
    VillageClass(1000, 4.0, "< 1000 人"),
    VillageClass(2000, 5.5, "1000–2000 人"),
    VillageClass(4000, 7.0, "2000–4000 人"),
    VillageClass(8000, 8.5, "4000–8000 人"),
    VillageClass(np.inf, 10.5, "≥ 8000 人"),
)
VILLAGE_FILL = C.VILLAGE_FILL
VILLAGE_STROKE = C.VILLAGE_STROKE
VILLAGE_POLYGON_FILL = "#ece5d6"


def village_class(population) -> np.ndarray:
    """Index into :data:`VILLAGE_CLASSES` per population value."""
    uppers = np.array([c.upper for c in VILLAGE_CLASSES[:-1]])
    pop = np.nan_to_num(np.asarray(population, dtype=float), nan=0.0)
    return np.searchsorted(uppers, pop, side="right")


@dataclass(frozen=True)
class RoadStyle:
    """A road class: inner line and casing (px at 96 dpi), shown when metres/px < ``max_mpp``."""

    label: str
    width: float
    fill: str
    casing: str | None
    casing_extra: float
    max_mpp: float
    z: int


ROAD_STYLES = {
    "expressway": RoadStyle("高速公路", 3.6, *C.ROADS["expressway"], 1.6, np.inf, 7),
    "national": RoadStyle("国道", 3.0, *C.ROADS["national"], 1.4, np.inf, 6),
    "provincial": RoadStyle("省道", 2.5, *C.ROADS["provincial"], 1.3, np.inf, 5),
    "county": RoadStyle("县道", 2.0, *C.ROADS["county"], 1.2, 160.0, 4),
    "urban": RoadStyle("城市道路", 1.8, *C.ROADS["urban"], 1.2, 30.0, 3),
    "township": RoadStyle("乡道", 1.5, *C.ROADS["township"], 1.1, 60.0, 2),
    "village": RoadStyle("村道", 0.9, "#b9b2a5", None, 0.0, 20.0, 1),
}
"""Road classes; ``z`` orders drawing (higher on top)."""


@dataclass(frozen=True)
class LineStyle:
    label: str
    color: str
    width: float
    dash: tuple[float, ...] | None
    fill: str | None = None


BOUNDARY_STYLES = {
    "county": LineStyle("县区界", C.BOUNDARIES["county"], 2.4, (9, 3, 2, 3)),
    "station": LineStyle("派出所辖区界", C.BOUNDARIES["station"], 2.0, (7, 4)),
    "township": LineStyle("乡镇界", C.BOUNDARIES["township"], 1.1, (5, 3)),
    "community": LineStyle("社区界", C.BOUNDARIES["community"], 1.0, (1.2, 2.4)),
}

UNIT_STYLE = LineStyle("楼栋单元", "#cfc6b6", 0.8, None, "#ebe6dc")
UNIT_MAX_MPP = 12.0

PLAN = {
    "plan_offices": PointSymbol("square", 12, C.PLAN_OFFICE, C.WHITE, "拟设警务室", 1.5),
    "plan_offices_existing": PointSymbol("square", 12, C.TIERS["office"], C.PLAN_OFFICE, "保留警务室", 2.2),
    "plan_workstations": PointSymbol("triangle", 8.5, C.PLAN_WORKSTATION, C.WHITE, "拟设警务工作站", 1.0),
}
ASSIGNMENT_STYLE = LineStyle("村—警务室分配线", C.PLAN_OFFICE, 0.8, None)

GRID_OUTLINE = "#5f5a52"
OFFICER_COLOURS = ("#8dd3c7", "#fdd9a0", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                   "#bc80bd", "#ccebc5", "#ffed6f", "#a6cee3")
"""Grids coloured by the person assigned: neighbours mostly differ (12 soft colours)."""
GRID_NO_TARGET = C.GRID_NO_TARGET
GRID_UNASSIGNED = "#a29d95"
"""Grids coloured by the person assigned: a grid no one covers, a grey none of the colours is."""


# ---------------------------------------------------------------------- grids
@dataclass(frozen=True)
class DeviationRamp:
    """Diverging classes of a grid's deviation from its staffing target.

    ``breaks`` are class limits (fractions); within ``band`` a grid meets the standard.
    Blue = fewer residents than the target (spare capacity), red = more (overloaded).
    """

    breaks: tuple[float, ...] = C.DEVIATION_BREAKS
    colors: tuple[str, ...] = C.DEVIATION_COLOURS
    band: tuple[float, float] = (-0.2, 0.2)

    def classify(self, deviation) -> np.ndarray:
        """Class index per value; -1 where the deviation is unknown (no target)."""
        dev = np.asarray(deviation, dtype=float)
        cls = np.searchsorted(np.asarray(self.breaks), dev, side="left")
        return np.where(np.isfinite(dev), cls, -1)

    def labels(self) -> list[str]:
        """Legend text per class, e.g. ``-20% ~ -10%``."""
        b = [f"{v * 100:+.0f}%" for v in self.breaks]
        out = [f"< {b[0]}"]
        out += [f"{lo} ~ {hi}" for lo, hi in zip(b[:-1], b[1:], strict=True)]
        out.append(f"> {b[-1]}")
        return out


DEVIATION = DeviationRamp()


def grid_deviation(frame: pd.DataFrame, standard: Standard | None = None) -> np.ndarray:
    """Deviation of each grid from its staffing target (0.0 = on target, NaN = no target):
    :meth:`layers.standard.Standard.deviations` with the staffing numbers the user set
    (the project's recorded ones, ``Standard.recorded``), the bureau's by default."""
    return (standard or Standard()).deviations(frame)


def officer_classes(frame: pd.DataFrame) -> np.ndarray:
    """Index into :data:`OFFICER_COLOURS` per grid by its assigned officer (``officer_name``
    and ``officer_phone``, as the assignment fills them); -1 where no one is assigned."""
    n = len(frame)
    if n == 0 or "officer_name" not in frame.columns:
        return np.full(n, -1)
    who = frame["officer_name"].fillna("").astype(str)
    if "officer_phone" in frame.columns:
        who = who + "|" + frame["officer_phone"].fillna("").astype(str)
    names = who.to_numpy()
    known = np.array([bool(w.strip("|")) for w in names], dtype=bool)
    order = {w: k for k, w in enumerate(sorted(set(names[known])))}
    return np.array([order[w] % len(OFFICER_COLOURS) if ok else -1 for w, ok in zip(names, known, strict=True)])


# ---------------------------------------------------------------------- shapes
def symbol_path(shape: str, size: float) -> QPainterPath:
    """The outline of a marker ``shape`` of ``size`` px, centred on the origin."""
    r = size / 2.0
    path = QPainterPath()
    if shape == "circle":
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "square":
        path.addRect(QRectF(-r, -r, size, size))
    elif shape == "diamond":
        _poly(path, [(0, -r * 1.15), (r * 1.15, 0), (0, r * 1.15), (-r * 1.15, 0)])
    elif shape == "triangle":
        _poly(path, [(0, -r * 1.15), (r * 1.1, r * 0.85), (-r * 1.1, r * 0.85)])
    elif shape == "hexagon":
        a = np.linspace(0, 2 * np.pi, 7)[:-1] + np.pi / 6
        _poly(path, list(zip(r * np.cos(a), r * np.sin(a), strict=True)))
    elif shape == "shield":
        path.moveTo(-r, -r * 0.95)
        path.lineTo(r, -r * 0.95)
        path.lineTo(r, r * 0.05)
        path.cubicTo(r, r * 0.65, r * 0.35, r * 0.95, 0, r * 1.1)
        path.cubicTo(-r * 0.35, r * 0.95, -r, r * 0.65, -r, r * 0.05)
        path.closeSubpath()
    elif shape == "star":
        path.addPath(star_path(r, r * 0.45))
    else:
        raise ValueError(f"unknown symbol shape {shape}")
    return path


def star_path(outer: float, inner: float, cy: float = 0.0) -> QPainterPath:
    a = np.linspace(-np.pi / 2, 1.5 * np.pi, 11)[:-1]
    rad = np.where(np.arange(10) % 2 == 0, outer, inner)
    path = QPainterPath()
    _poly(path, list(zip(rad * np.cos(a), rad * np.sin(a) + cy, strict=True)))
    return path


def glyph_path(glyph: str, size: float) -> QPainterPath:
    """The small white mark drawn inside a marker."""
    r = size / 2.0
    path = QPainterPath()
    if glyph == "cross":
        t = r * 0.28
        path.addRect(QRectF(-t, -r * 0.62, 2 * t, r * 1.24))
        path.addRect(QRectF(-r * 0.62, -t, r * 1.24, 2 * t))
        path.setFillRule(Qt.FillRule.WindingFill)
    elif glyph == "star":
        path.addPath(star_path(r * 0.62, r * 0.26, -r * 0.05))
    elif glyph == "dot":
        path.addEllipse(QPointF(0, 0), r * 0.32, r * 0.32)
    return path


def _poly(path: QPainterPath, pts) -> None:
    path.moveTo(float(pts[0][0]), float(pts[0][1]))
    for x, y in pts[1:]:
        path.lineTo(float(x), float(y))
    path.closeSubpath()


def qcolor(hex_color: str, alpha: float = 1.0) -> QColor:
    c = QColor(hex_color)
    if alpha < 1.0:
        c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def draw_marker(painter: QPainter, x: float, y: float, sym: PointSymbol, scale: float = 1.0) -> None:
    """Draw one marker centred at device point ``(x, y)``."""
    size = sym.size * scale
    painter.save()
    painter.translate(x, y)
    painter.setPen(QPen(qcolor(sym.stroke), sym.stroke_width * scale))
    painter.setBrush(qcolor(sym.fill))
    painter.drawPath(symbol_path(sym.shape, size))
    if sym.glyph:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(qcolor(C.WHITE))
        painter.drawPath(glyph_path(sym.glyph, size))
    painter.restore()
