"""The map's colours as hex strings: one home for the printed and on-screen map
(:mod:`maps.style.symbology`, which draws them with Qt) and the web map
(:mod:`maps.web.palette`, which must not import Qt), so a planner sees the same map on the
wall and on the intranet.
"""

from __future__ import annotations

COUNTY_FILL = "#faf9f5"
"""The area inside the county boundary: a lighter paper than the world outside."""
HIGHLIGHT = "#e8481c"
WHITE = "#ffffff"

TIERS = {"station": "#183c7a", "office": "#2563b8", "workstation": "#4f86cc"}
"""Existing posts by tier."""
PLAN_OFFICE = "#d4451f"
"""A proposed office; also the outline of a kept one and the village-to-office lines."""
PLAN_WORKSTATION = "#ec8a4c"
VILLAGE_FILL = "#fbf8f1"
VILLAGE_STROKE = "#5d5347"

CATEGORIES = {
    "village_office": "#8a6a45",
    "culture_square": "#b4588f",
    "service_center": "#2e8a78",
    "residential_compound": "#8d7f62",
    "hospital": "#d03a3a",
    "school": "#d69a1c",
    "factory": "#6a6f78",
    "business_district": "#7d57a8",
    "scenic_area": "#3f8f4e",
    "other": "#8c8c8c",
}
"""Key sites by category."""

ROADS = {
    "expressway": ("#e98e3b", "#9a520f"),
    "national": ("#f0b14f", "#9c6a1f"),
    "provincial": ("#f6d36e", "#9d8530"),
    "county": ("#fbebb0", "#9a8c5e"),
    "urban": (WHITE, "#a19b90"),
    "township": (WHITE, "#9a958b"),
}
"""Road classes: (line, casing). Village roads have no casing and a lighter line on the web
map than on paper (see the two designs)."""

BOUNDARIES = {"county": "#4d4a46", "station": "#6a4f93", "township": "#857f76", "community": "#8f8a82"}

GRID_NO_TARGET = "#dedbd4"
DEVIATION_BREAKS = (-0.2, -0.1, -0.05, 0.05, 0.1, 0.2)
"""Class limits of a grid's deviation from its staffing target (fractions)."""
DEVIATION_COLOURS = ("#97b6d6", "#bcd0e4", "#dce6ee", "#f4f1e9", "#f5dfc4", "#efbf97", "#df9370")
"""One colour per deviation class: blue = spare capacity, neutral = on target, red = overloaded."""
