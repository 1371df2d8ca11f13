"""Display names of layers, columns and coded values, through Qt's translation system.

The data keeps the contract's English codes (``office``, ``village_office``); the user
sees these names (Chinese by default).
"""

from __future__ import annotations

from PyQt6.QtCore import QCoreApplication


def layer_title(name: str) -> str:
    titles = {
        "villages": QCoreApplication.translate("Names", "Villages"),
        "units": QCoreApplication.translate("Names", "Building units"),
        "posts": QCoreApplication.translate("Names", "Police posts"),
        "key_sites": QCoreApplication.translate("Names", "Key sites"),
        "roads": QCoreApplication.translate("Names", "Roads"),
        "boundaries": QCoreApplication.translate("Names", "Boundaries"),
        "grids": QCoreApplication.translate("Names", "Patrol grids"),
        "grid_members": QCoreApplication.translate("Names", "Grid members"),
        "plan_offices": QCoreApplication.translate("Names", "Proposed offices"),
        "plan_workstations": QCoreApplication.translate("Names", "Proposed workstations"),
        "plan_assignment": QCoreApplication.translate("Names", "Village to office links"),
    }
    return titles.get(name, name)


def column_title(name: str) -> str:
    titles = {
        "code": QCoreApplication.translate("Names", "Code"),
        "name": QCoreApplication.translate("Names", "Name"),
        "population": QCoreApplication.translate("Names", "Population"),
        "households": QCoreApplication.translate("Names", "Households"),
        "area_type": QCoreApplication.translate("Names", "Area type"),
        "township": QCoreApplication.translate("Names", "Township"),
        "station": QCoreApplication.translate("Names", "Station"),
        "community": QCoreApplication.translate("Names", "Community"),
        "tier": QCoreApplication.translate("Names", "Tier"),
        "officers": QCoreApplication.translate("Names", "Officers"),
        "auxiliaries": QCoreApplication.translate("Names", "Auxiliaries"),
        "officer_name": QCoreApplication.translate("Names", "Officer"),
        "officer_phone": QCoreApplication.translate("Names", "Phone"),
        "category": QCoreApplication.translate("Names", "Category"),
        "village": QCoreApplication.translate("Names", "Village"),
        "road_class": QCoreApplication.translate("Names", "Road class"),
        "speed_kmh": QCoreApplication.translate("Names", "Speed (km/h)"),
        "oneway": QCoreApplication.translate("Names", "One way"),
        "level": QCoreApplication.translate("Names", "Level"),
        "officers_required": QCoreApplication.translate("Names", "Officers required"),
        "grid": QCoreApplication.translate("Names", "Grid"),
        "member": QCoreApplication.translate("Names", "Member"),
        "key_site": QCoreApplication.translate("Names", "Key site"),
        "existing": QCoreApplication.translate("Names", "Existing"),
        "remote": QCoreApplication.translate("Names", "Remote"),
        "estimated": QCoreApplication.translate("Names", "Estimated by area"),
        "villages": QCoreApplication.translate("Names", "Villages"),
        "mean_km": QCoreApplication.translate("Names", "Mean km"),
        "max_km": QCoreApplication.translate("Names", "Max km"),
        "office": QCoreApplication.translate("Names", "Office"),
        "road_km": QCoreApplication.translate("Names", "Road km"),
        "minutes": QCoreApplication.translate("Names", "Minutes"),
        "locked": QCoreApplication.translate("Names", "Locked"),
    }
    return titles.get(name, name)


def value_title(value: str, column: str = "") -> str:
    """A coded value (tier, category, road class, area type, level) for display."""
    if column == "level":
        levels = {
            "county": QCoreApplication.translate("Values", "County level"),
            "township": QCoreApplication.translate("Values", "Township level"),
            "station": QCoreApplication.translate("Values", "Station area"),
            "community": QCoreApplication.translate("Values", "Community"),
        }
        return levels.get(value, value)
    titles = {
        "station": QCoreApplication.translate("Values", "Police station"),
        "office": QCoreApplication.translate("Values", "Police office"),
        "workstation": QCoreApplication.translate("Values", "Workstation"),
        "village_office": QCoreApplication.translate("Values", "Village committee"),
        "culture_square": QCoreApplication.translate("Values", "Culture square"),
        "service_center": QCoreApplication.translate("Values", "Service centre"),
        "residential_compound": QCoreApplication.translate("Values", "Residential compound"),
        "hospital": QCoreApplication.translate("Values", "Hospital"),
        "school": QCoreApplication.translate("Values", "School"),
        "factory": QCoreApplication.translate("Values", "Factory"),
        "business_district": QCoreApplication.translate("Values", "Business district"),
        "scenic_area": QCoreApplication.translate("Values", "Scenic area"),
        "other": QCoreApplication.translate("Values", "Other"),
        "expressway": QCoreApplication.translate("Values", "Expressway"),
        "national": QCoreApplication.translate("Values", "National road"),
        "provincial": QCoreApplication.translate("Values", "Provincial road"),
        "county": QCoreApplication.translate("Values", "County road"),
        "township": QCoreApplication.translate("Values", "Township road"),
        "village": QCoreApplication.translate("Values", "Village road"),
        "urban": QCoreApplication.translate("Values", "Urban"),
        "rural": QCoreApplication.translate("Values", "Rural"),
        "community": QCoreApplication.translate("Values", "Community"),
    }
    return titles.get(value, value)
