"""Display names of layers, columns and coded values, through Qt's translation system.

The data keeps the contract's English codes (``office``, ``village_office``); the user
sees these names (Chinese by default). One table holds them all, by kind of name and code;
a code without a name is shown as it is.
"""

from __future__ import annotations

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXTS = {"layer": "Names", "column": "Names", "level": "Values", "value": "Values"}
"""The translation context of each kind of name."""

TITLES: dict[tuple[str, str], str] = {
    ("layer", "villages"): QT_TRANSLATE_NOOP("Names", "Villages"),
    ("layer", "units"): QT_TRANSLATE_NOOP("Names", "Building units"),
    ("layer", "posts"): QT_TRANSLATE_NOOP("Names", "Police posts"),
    ("layer", "key_sites"): QT_TRANSLATE_NOOP("Names", "Key sites"),
    ("layer", "roads"): QT_TRANSLATE_NOOP("Names", "Roads"),
    ("layer", "boundaries"): QT_TRANSLATE_NOOP("Names", "Boundaries"),
    ("layer", "grids"): QT_TRANSLATE_NOOP("Names", "Patrol grids"),
    ("layer", "grid_members"): QT_TRANSLATE_NOOP("Names", "Grid members"),
    ("layer", "plan_offices"): QT_TRANSLATE_NOOP("Names", "Proposed offices"),
    ("layer", "plan_workstations"): QT_TRANSLATE_NOOP("Names", "Proposed workstations"),
    ("layer", "plan_assignment"): QT_TRANSLATE_NOOP("Names", "Village to office links"),
    ("column", "code"): QT_TRANSLATE_NOOP("Names", "Code"),
    ("column", "name"): QT_TRANSLATE_NOOP("Names", "Name"),
    ("column", "population"): QT_TRANSLATE_NOOP("Names", "Population"),
    ("column", "households"): QT_TRANSLATE_NOOP("Names", "Households"),
    ("column", "area_type"): QT_TRANSLATE_NOOP("Names", "Area type"),
    ("column", "township"): QT_TRANSLATE_NOOP("Names", "Township"),
    ("column", "station"): QT_TRANSLATE_NOOP("Names", "Station"),
    ("column", "community"): QT_TRANSLATE_NOOP("Names", "Community"),
    ("column", "tier"): QT_TRANSLATE_NOOP("Names", "Tier"),
    ("column", "officers"): QT_TRANSLATE_NOOP("Names", "Officers"),
    ("column", "auxiliaries"): QT_TRANSLATE_NOOP("Names", "Auxiliaries"),
    ("column", "officer_name"): QT_TRANSLATE_NOOP("Names", "Officer"),
    ("column", "officer_phone"): QT_TRANSLATE_NOOP("Names", "Phone"),
    ("column", "category"): QT_TRANSLATE_NOOP("Names", "Category"),
    ("column", "village"): QT_TRANSLATE_NOOP("Names", "Village"),
    ("column", "road_class"): QT_TRANSLATE_NOOP("Names", "Road class"),
    ("column", "speed_kmh"): QT_TRANSLATE_NOOP("Names", "Speed (km/h)"),
    ("column", "oneway"): QT_TRANSLATE_NOOP("Names", "One way"),
    ("column", "level"): QT_TRANSLATE_NOOP("Names", "Level"),
    ("column", "officers_required"): QT_TRANSLATE_NOOP("Names", "Officers required"),
    ("column", "grid"): QT_TRANSLATE_NOOP("Names", "Grid"),
    ("column", "member"): QT_TRANSLATE_NOOP("Names", "Member"),
    ("column", "key_site"): QT_TRANSLATE_NOOP("Names", "Key site"),
    ("column", "existing"): QT_TRANSLATE_NOOP("Names", "Existing"),
    ("column", "remote"): QT_TRANSLATE_NOOP("Names", "Remote"),
    ("column", "estimated"): QT_TRANSLATE_NOOP("Names", "Estimated by area"),
    ("column", "villages"): QT_TRANSLATE_NOOP("Names", "Villages"),
    ("column", "mean_km"): QT_TRANSLATE_NOOP("Names", "Mean km"),
    ("column", "max_km"): QT_TRANSLATE_NOOP("Names", "Max km"),
    ("column", "office"): QT_TRANSLATE_NOOP("Names", "Office"),
    ("column", "road_km"): QT_TRANSLATE_NOOP("Names", "Road km"),
    ("column", "minutes"): QT_TRANSLATE_NOOP("Names", "Minutes"),
    ("column", "locked"): QT_TRANSLATE_NOOP("Names", "Locked"),
    ("level", "county"): QT_TRANSLATE_NOOP("Values", "County level"),
    ("level", "township"): QT_TRANSLATE_NOOP("Values", "Township level"),
    ("level", "station"): QT_TRANSLATE_NOOP("Values", "Station area"),
    ("level", "community"): QT_TRANSLATE_NOOP("Values", "Community"),
    ("value", "station"): QT_TRANSLATE_NOOP("Values", "Police station"),
    ("value", "office"): QT_TRANSLATE_NOOP("Values", "Police office"),
    ("value", "workstation"): QT_TRANSLATE_NOOP("Values", "Workstation"),
    ("value", "village_office"): QT_TRANSLATE_NOOP("Values", "Village committee"),
    ("value", "culture_square"): QT_TRANSLATE_NOOP("Values", "Culture square"),
    ("value", "service_center"): QT_TRANSLATE_NOOP("Values", "Service centre"),
    ("value", "residential_compound"): QT_TRANSLATE_NOOP("Values", "Residential compound"),
    ("value", "hospital"): QT_TRANSLATE_NOOP("Values", "Hospital"),
    ("value", "school"): QT_TRANSLATE_NOOP("Values", "School"),
    ("value", "factory"): QT_TRANSLATE_NOOP("Values", "Factory"),
    ("value", "business_district"): QT_TRANSLATE_NOOP("Values", "Business district"),
    ("value", "scenic_area"): QT_TRANSLATE_NOOP("Values", "Scenic area"),
    ("value", "other"): QT_TRANSLATE_NOOP("Values", "Other"),
    ("value", "expressway"): QT_TRANSLATE_NOOP("Values", "Expressway"),
    ("value", "national"): QT_TRANSLATE_NOOP("Values", "National road"),
    ("value", "provincial"): QT_TRANSLATE_NOOP("Values", "Provincial road"),
    ("value", "county"): QT_TRANSLATE_NOOP("Values", "County road"),
    ("value", "township"): QT_TRANSLATE_NOOP("Values", "Township road"),
    ("value", "village"): QT_TRANSLATE_NOOP("Values", "Village road"),
    ("value", "urban"): QT_TRANSLATE_NOOP("Values", "Urban"),
    ("value", "rural"): QT_TRANSLATE_NOOP("Values", "Rural"),
    ("value", "community"): QT_TRANSLATE_NOOP("Values", "Community"),
}
"""``(kind, code)`` -> English source of the display name (translated when shown)."""


def _title(kind: str, code: str) -> str:
    source = TITLES.get((kind, code))
    return code if source is None else QCoreApplication.translate(CONTEXTS[kind], source)


def layer_title(name: str) -> str:
    return _title("layer", name)


def column_title(name: str) -> str:
    return _title("column", name)


def value_title(value: str, column: str = "") -> str:
    """A coded value (tier, category, road class, area type, level) for display."""
    return _title("level" if column == "level" else "value", value)
