"""The web map's design: symbols, line styles, the deviation classes and when each layer shows.

The colours are the print design's (:mod:`maps.style.colours`, which
:mod:`maps.style.symbology` draws with Qt), so a planner sees the same map on the wall and on
the intranet; the sizes and line widths are the web's own (px on a screen). Zoom levels are
Leaflet's (about 10 for a county at full extent, 13 for a township, 15 for a village).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from maps.style import colours as C

BACKGROUND = "#e9e6df"
COUNTY_FILL = C.COUNTY_FILL
HIGHLIGHT = C.HIGHLIGHT


@dataclass(frozen=True)
class Symbol:
    """A point symbol: ``shape`` (circle, square, triangle, diamond, shield), size in px."""

    shape: str
    size: float
    fill: str
    stroke: str = C.WHITE
    weight: float = 1.2

    def js(self) -> dict:
        return asdict(self)


TIERS = {  # posts by tier
    "station": ("派出所", Symbol("shield", 18, C.TIERS["station"], C.WHITE, 1.5)),
    "office": ("警务室", Symbol("square", 11, C.TIERS["office"], C.WHITE, 1.3)),
    "workstation": ("警务工作站", Symbol("triangle", 10, C.TIERS["workstation"], C.WHITE, 1.0)),
}
PLAN_OFFICE = ("拟设警务室", Symbol("square", 13, C.PLAN_OFFICE, C.WHITE, 1.6))
KEPT_OFFICE = ("保留警务室", Symbol("square", 13, C.TIERS["office"], C.PLAN_OFFICE, 2.4))
PLAN_WORKSTATION = ("拟设警务工作站", Symbol("triangle", 10, C.PLAN_WORKSTATION, C.WHITE, 1.0))
VILLAGE = ("行政村/社区", Symbol("circle", 7, C.VILLAGE_FILL, C.VILLAGE_STROKE, 1.1))
ASSIGNMENT = ("村—警务室分配线", {"color": C.PLAN_OFFICE, "weight": 1.2, "opacity": 0.75, "dashArray": "4 3"})

CATEGORIES = {  # key sites by category
    "village_office": ("村室/村委会", Symbol("square", 7, C.CATEGORIES["village_office"], C.WHITE, 0.9)),
    "culture_square": ("文化广场", Symbol("diamond", 8, C.CATEGORIES["culture_square"], C.WHITE, 0.9)),
    "service_center": ("社区便民服务中心", Symbol("circle", 7, C.CATEGORIES["service_center"], C.WHITE, 0.9)),
    "residential_compound": ("新建小区", Symbol("diamond", 8, C.CATEGORIES["residential_compound"], C.WHITE, 0.9)),
    "hospital": ("医院", Symbol("square", 8, C.CATEGORIES["hospital"], C.WHITE, 0.9)),
    "school": ("学校", Symbol("triangle", 8, C.CATEGORIES["school"], C.WHITE, 0.9)),
    "factory": ("工厂", Symbol("square", 7, C.CATEGORIES["factory"], C.WHITE, 0.9)),
    "business_district": ("商圈", Symbol("diamond", 8, C.CATEGORIES["business_district"], C.WHITE, 0.9)),
    "scenic_area": ("景区", Symbol("circle", 8, C.CATEGORIES["scenic_area"], C.WHITE, 0.9)),
    "other": ("其他", Symbol("circle", 6, C.CATEGORIES["other"], C.WHITE, 0.8)),
}

ROADS = {  # class: (title, colour, casing, width px, shown from zoom)
    "expressway": ("高速公路", *C.ROADS["expressway"], 3.6, 0),
    "national": ("国道", *C.ROADS["national"], 3.0, 0),
    "provincial": ("省道", *C.ROADS["provincial"], 2.5, 0),
    "county": ("县道", *C.ROADS["county"], 2.0, 11),
    "township": ("乡道", *C.ROADS["township"], 1.5, 12),
    "urban": ("城市道路", *C.ROADS["urban"], 1.6, 13),
    "village": ("村道", "#d3ccbf", None, 0.8, 14),
}

BOUNDARIES = {  # level: (title, colour, width px, dash)
    "county": ("县区界", C.BOUNDARIES["county"], 2.6, "9 3 2 3"),
    "station": ("派出所辖区界", C.BOUNDARIES["station"], 2.2, "7 4"),
    "township": ("乡镇界", C.BOUNDARIES["township"], 1.1, "5 3"),
    "community": ("社区界", C.BOUNDARIES["community"], 1.0, "1 3"),
}

GRID_OUTLINE = "#7a6d5c"
GRID_NO_TARGET = C.GRID_NO_TARGET
DEVIATION_BREAKS = C.DEVIATION_BREAKS
DEVIATION_COLOURS = C.DEVIATION_COLOURS


def deviation_class(dev: float) -> int:
    """Index into :data:`DEVIATION_COLOURS`; -1 when the deviation is unknown (no target)."""
    if dev is None or dev != dev:
        return -1
    return sum(dev > b for b in DEVIATION_BREAKS)


def deviation_colour(dev: float) -> str:
    cls = deviation_class(dev)
    return GRID_NO_TARGET if cls < 0 else DEVIATION_COLOURS[cls]


def deviation_labels() -> list[str]:
    b = [f"{v * 100:+.0f}%" for v in DEVIATION_BREAKS]
    return [f"低于 {b[0]}"] + [f"{lo} ~ {hi}" for lo, hi in zip(b[:-1], b[1:], strict=True)] + [f"高于 {b[-1]}"]


# When each layer and its labels show (Leaflet zoom levels).
SHOW_FROM = {
    "villages": 12, "posts_office": 11, "posts_workstation": 13, "plan_offices": 11,
    "plan_workstations": 13, "plan_assignment": 12, "key_sites": 15,
}
LABELS_FROM = {
    "posts_station": 9, "boundaries_township": 11, "plan_offices": 12, "posts_office": 13,
    "villages": 13, "grids": 14, "posts_workstation": 15, "key_sites": 16,
}
