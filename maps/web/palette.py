"""The web map's design: symbols, line styles, the deviation classes and when each layer shows.

The colours and shapes are the print design's (:mod:`maps.style.symbology`), so a planner
sees the same map on the wall and on the intranet; they are restated here as plain data
because that module draws with Qt and the web map must not import Qt. Zoom levels are
Leaflet's (about 10 for a county at full extent, 13 for a township, 15 for a village).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

BACKGROUND = "#e9e6df"
COUNTY_FILL = "#faf9f5"
HIGHLIGHT = "#e8481c"


@dataclass(frozen=True)
class Symbol:
    """A point symbol: ``shape`` (circle, square, triangle, diamond, shield), size in px."""

    shape: str
    size: float
    fill: str
    stroke: str = "#ffffff"
    weight: float = 1.2

    def js(self) -> dict:
        return asdict(self)


TIERS = {  # posts by tier
    "station": ("派出所", Symbol("shield", 18, "#183c7a", "#ffffff", 1.5)),
    "office": ("警务室", Symbol("square", 11, "#2563b8", "#ffffff", 1.3)),
    "workstation": ("警务工作站", Symbol("triangle", 10, "#4f86cc", "#ffffff", 1.0)),
}
PLAN_OFFICE = ("拟设警务室", Symbol("square", 13, "#d4451f", "#ffffff", 1.6))
KEPT_OFFICE = ("保留警务室", Symbol("square", 13, "#2563b8", "#d4451f", 2.4))
PLAN_WORKSTATION = ("拟设警务工作站", Symbol("triangle", 10, "#ec8a4c", "#ffffff", 1.0))
VILLAGE = ("行政村/社区", Symbol("circle", 7, "#fbf8f1", "#5d5347", 1.1))
ASSIGNMENT = ("村—警务室分配线", {"color": "#d4451f", "weight": 1.2, "opacity": 0.75, "dashArray": "4 3"})

CATEGORIES = {  # key sites by category
    "village_office": ("村室/村委会", Symbol("square", 7, "#8a6a45", "#ffffff", 0.9)),
    "culture_square": ("文化广场", Symbol("diamond", 8, "#b4588f", "#ffffff", 0.9)),
    "service_center": ("社区便民服务中心", Symbol("circle", 7, "#2e8a78", "#ffffff", 0.9)),
    "residential_compound": ("新建小区", Symbol("diamond", 8, "#8d7f62", "#ffffff", 0.9)),
    "hospital": ("医院", Symbol("square", 8, "#d03a3a", "#ffffff", 0.9)),
    "school": ("学校", Symbol("triangle", 8, "#d69a1c", "#ffffff", 0.9)),
    "factory": ("工厂", Symbol("square", 7, "#6a6f78", "#ffffff", 0.9)),
    "business_district": ("商圈", Symbol("diamond", 8, "#7d57a8", "#ffffff", 0.9)),
    "scenic_area": ("景区", Symbol("circle", 8, "#3f8f4e", "#ffffff", 0.9)),
    "other": ("其他", Symbol("circle", 6, "#8c8c8c", "#ffffff", 0.8)),
}

ROADS = {  # class: (title, colour, casing, width px, shown from zoom)
    "expressway": ("高速公路", "#e98e3b", "#9a520f", 3.6, 0),
    "national": ("国道", "#f0b14f", "#9c6a1f", 3.0, 0),
    "provincial": ("省道", "#f6d36e", "#9d8530", 2.5, 0),
    "county": ("县道", "#fbebb0", "#9a8c5e", 2.0, 11),
    "township": ("乡道", "#ffffff", "#9a958b", 1.5, 12),
    "urban": ("城市道路", "#ffffff", "#a19b90", 1.6, 13),
    "village": ("村道", "#d3ccbf", None, 0.8, 14),
}

BOUNDARIES = {  # level: (title, colour, width px, dash)
    "county": ("县区界", "#4d4a46", 2.6, "9 3 2 3"),
    "station": ("派出所辖区界", "#6a4f93", 2.2, "7 4"),
    "township": ("乡镇界", "#857f76", 1.1, "5 3"),
    "community": ("社区界", "#8f8a82", 1.0, "1 3"),
}

GRID_OUTLINE = "#7a6d5c"
GRID_NO_TARGET = "#dedbd4"
DEVIATION_BREAKS = (-0.2, -0.1, -0.05, 0.05, 0.1, 0.2)
DEVIATION_COLOURS = ("#97b6d6", "#bcd0e4", "#dce6ee", "#f4f1e9", "#f5dfc4", "#efbf97", "#df9370")


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
