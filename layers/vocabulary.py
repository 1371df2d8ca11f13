"""The values the schema's coded fields may take (CONTRACT.md section 1).

:mod:`layers.schema` defines the layers with these; they live apart, as plain tuples, so
that code that only checks a value (siting's parameters, unpickled in every worker process)
does not import the schema's geopandas.
"""

TIERS = ("station", "office", "workstation")
CATEGORIES = (
    "village_office",
    "culture_square",
    "service_center",
    "residential_compound",
    "hospital",
    "school",
    "factory",
    "business_district",
    "scenic_area",
    "other",
)
ROAD_CLASSES = ("expressway", "national", "provincial", "county", "township", "village", "urban")
AREA_TYPES = ("rural", "urban")
LEVELS = ("county", "township", "station", "community")
POST_STATUSES = ("open", "closed")
"""A post adopted plans closed is kept, marked ``closed``, not deleted."""
ROLES = ("officer", "auxiliary")
"""An officer (民警) or an auxiliary officer (辅警): counted apart in every ratio."""
