"""The project's layer schemas: the one place that defines every layer of CONTRACT.md.

Validation, import, the attribute table and the writers all read these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd

CRS = "EPSG:4490"
"""Every layer of a project is stored in CGCS2000 longitude/latitude."""

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

DEFAULT_SPEED_KMH = {
    "expressway": 100.0,
    "national": 70.0,
    "provincial": 60.0,
    "county": 50.0,
    "township": 40.0,
    "village": 25.0,
    "urban": 30.0,
}
"""Travel speed when a road's ``speed_kmh`` is empty."""


@dataclass(frozen=True)
class Column:
    """One attribute column: ``kind`` is str, int, float or bool; ``choices`` restricts values."""

    name: str
    kind: str
    choices: tuple[str, ...] | None = None
    required: bool = True
    unique: bool = False
    nonnegative: bool = False
    nullable: bool = False
    """An int column whose unknown values stay NULL (pandas ``Int64``), never 0."""
    default: object = None
    """The value of a missing column or an empty cell, when it is not the kind's empty
    value ("", 0, NaN, False): a person carries one grid and is active unless told."""


@dataclass(frozen=True)
class LayerSchema:
    """A layer: its name, geometry family (point, line, polygon or None) and columns."""

    name: str
    geometry: str | None
    columns: tuple[Column, ...]
    title_zh: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def geometry_types(self) -> tuple[str, ...]:
        return GEOMETRY_TYPES[self.geometry] if self.geometry else ()


GEOMETRY_TYPES = {
    "point": ("Point",),
    "line": ("LineString", "MultiLineString"),
    "polygon": ("Polygon", "MultiPolygon"),
    "point_or_polygon": ("Point", "Polygon", "MultiPolygon"),
}


def _s(name: str, **kw) -> Column:
    return Column(name, "str", **kw)


def _i(name: str, **kw) -> Column:
    return Column(name, "int", nonnegative=True, **kw)


def _count(name: str, **kw) -> Column:
    """A population or household count: NULL when not known (CONTRACT section 1)."""
    return Column(name, "int", nonnegative=True, nullable=True, **kw)


def _f(name: str, **kw) -> Column:
    return Column(name, "float", nonnegative=True, **kw)


def _b(name: str, **kw) -> Column:
    return Column(name, "bool", **kw)


_LAYERS = (
    LayerSchema(
        "villages",
        "point_or_polygon",
        (
            _s("code", unique=True),
            _s("name"),
            _count("population"),
            _count("households"),
            _s("area_type", choices=AREA_TYPES),
            _s("township", required=False),
            _s("station", required=False),
        ),
        "行政村",
    ),
    LayerSchema(
        "units",
        "polygon",
        (
            _s("code", unique=True),
            _s("name", required=False),
            _count("population"),
            _count("households"),
            _s("community", required=False),
            _s("station", required=False),
            _b("estimated", required=False),
        ),
        "楼栋单元",
    ),
    LayerSchema(
        "posts",
        "point",
        (
            _s("code", unique=True),
            _s("name"),
            _s("tier", choices=TIERS),
            _s("station", required=False),
            _i("officers", required=False),
            _i("auxiliaries", required=False),
            _s("officer_name", required=False),
            _s("officer_phone", required=False),
            _b("remote", required=False),
            _s("status", choices=POST_STATUSES, required=False, default="open"),
        ),
        "警务站点",
    ),
    LayerSchema(
        "key_sites",
        "point",
        (
            _s("code", unique=True),
            _s("name"),
            _s("category", choices=CATEGORIES),
            _s("village", required=False),
        ),
        "重点部位",
    ),
    LayerSchema(
        "roads",
        "line",
        (
            _s("name", required=False),
            _s("road_class", choices=ROAD_CLASSES),
            _f("speed_kmh", required=False),
            _b("oneway", required=False),
        ),
        "道路",
    ),
    LayerSchema(
        "boundaries",
        "polygon",
        (
            _s("code"),
            _s("name"),
            _s("level", choices=LEVELS),
        ),
        "行政边界",
    ),
    LayerSchema(
        "grids",
        "polygon",
        (
            _s("code", unique=True),
            _s("name", required=False),
            _s("station", required=False),
            _s("community", required=False),
            _s("area_type", choices=AREA_TYPES),
            _count("population"),
            _count("households"),
            _i("officers_required"),
            _s("officer_name", required=False),
            _s("officer_phone", required=False),
        ),
        "警格",
    ),
    LayerSchema("grid_members", None, (_s("grid"), _s("member")), "警格成员"),
    LayerSchema(
        "officers",
        None,
        (
            _s("code", unique=True),
            _s("name"),
            _s("phone", required=False),
            _s("role", choices=ROLES),
            _s("station"),
            _s("post", required=False),
            _i("max_grids", required=False, default=1),
            _b("active", required=False, default=True),
        ),
        "民警辅警",
    ),
    LayerSchema("assignments", None, (_s("officer"), _s("grid")), "警格责任人"),
    LayerSchema(
        "plan_offices",
        "point",
        (
            _s("code", unique=True),
            _s("name"),
            _s("station", required=False),
            _s("key_site", required=False),
            _b("existing"),
            _i("villages"),
            _i("population"),
            _f("mean_km", required=False),
            _f("max_km", required=False),
        ),
        "拟设警务室",
    ),
    LayerSchema(
        "plan_workstations",
        "point",
        (_s("code", unique=True), _s("village"), _s("key_site", required=False), _s("office")),
        "拟设警务工作站",
    ),
    LayerSchema(
        "plan_assignment",
        "line",
        (_s("village"), _s("office"), _f("road_km", required=False), _f("minutes", required=False)),
        "村-警务室分配",
    ),
)



def _version_copy(name: str, title_zh: str) -> LayerSchema:
    """A plan layer's schema with a leading ``version`` column, its codes unique per version only."""
    plan = next(s for s in _LAYERS if s.name == name)
    columns = tuple(replace(c, unique=False) for c in plan.columns)
    return LayerSchema(name.replace("plan_", "plan_version_"), plan.geometry, (_s("version"), *columns), title_zh)


_PLAN_VERSIONS = (
    LayerSchema(
        "plan_versions",
        None,
        (
            _s("name", unique=True),
            _s("note", required=False),
            _s("created"),
            _b("adopted", required=False),
            _s("adopted_at", required=False),
            _s("parameters", required=False),
        ),
        "方案版本",
    ),
    _version_copy("plan_offices", "方案版本-警务室"),
    _version_copy("plan_workstations", "方案版本-警务工作站"),
    _version_copy("plan_assignment", "方案版本-村-警务室分配"),
)

LAYERS: dict[str, LayerSchema] = {s.name: s for s in (*_LAYERS, *_PLAN_VERSIONS)}
"""Every layer of a project, in drawing order from the bottom."""

PLAN_LAYERS = ("plan_offices", "plan_workstations", "plan_assignment")
"""The siting plan: written, previewed and undone together."""

ROSTER_LAYERS = ("officers", "assignments")
"""The roster and who covers which grid: a project written before them simply has none yet
(read as empty, not as a missing layer)."""

PLAN_VERSION_LAYERS = ("plan_versions", "plan_version_offices", "plan_version_workstations", "plan_version_assignment")
"""Saved plan versions: a version's row in ``plan_versions`` (name, note, created, adopted,
the ``site`` parameters as JSON) and copies of its plan layers with a ``version`` column.
Stored in the project file (QGIS can filter them by version), not drawn, not imported,
and a project without them simply has no versions."""

SITING_INPUTS = ("villages", "key_sites", "posts")
"""The layers siting plans from, checked row by row before it runs (roads are read as they are)."""

LAYER_ORDER = (
    "boundaries",
    "grids",
    "units",
    "roads",
    "villages",
    "key_sites",
    "plan_assignment",
    "posts",
    "plan_workstations",
    "plan_offices",
    "grid_members",
    "officers",
    "assignments",
)

_DTYPES = {"str": object, "int": "int64", "float": "float64", "bool": "bool"}


def _dtype(c: Column):
    return "Int64" if c.nullable else _DTYPES[c.kind]


def empty_layer(name: str) -> gpd.GeoDataFrame | pd.DataFrame:
    """A layer with the schema's columns and no rows."""
    schema = LAYERS[name]
    data = {c.name: pd.Series([], dtype=_dtype(c)) for c in schema.columns}
    if schema.geometry is None:
        return pd.DataFrame(data)
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def coerce(name: str, frame: pd.DataFrame) -> gpd.GeoDataFrame | pd.DataFrame:
    """Return ``frame`` with exactly the schema's columns (plus extras kept after them).

    Missing optional columns are added empty; types are converted (str columns hold
    Python strings, empty as ""). Values that cannot be converted raise ``ValueError``:
    validation reports those with rows before any coercion is attempted.
    """
    schema = LAYERS[name]
    out = frame.copy()
    for c in schema.columns:
        if c.name not in out.columns:
            out[c.name] = _empty_value(c)
        out[c.name] = _convert(out[c.name], c)
    extras = [c for c in out.columns if c not in schema.column_names and c != "geometry"]
    ordered = schema.column_names + extras
    if schema.geometry is None:
        return pd.DataFrame(out[ordered]).reset_index(drop=True)
    gdf = gpd.GeoDataFrame(out[ordered + ["geometry"]], geometry="geometry")
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    elif not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    return gdf.reset_index(drop=True)


def _empty_value(c: Column):
    if c.default is not None:
        return c.default
    if c.nullable:
        return pd.NA
    return {"str": "", "int": 0, "float": np.nan, "bool": False}[c.kind]


def _convert(series: pd.Series, c: Column) -> pd.Series:
    if c.kind == "str":
        return _texts(series)
    if c.kind == "int":
        numbers = pd.to_numeric(series.replace("", np.nan) if series.dtype == object else series)
        if c.nullable:
            return numbers.astype("Float64").round().astype("Int64")
        return numbers.fillna(0 if c.default is None else c.default).round().astype("int64")
    if c.kind == "float":
        numbers = pd.to_numeric(series.replace("", np.nan) if series.dtype == object else series)
        return numbers.astype("float64")
    if series.dtype == bool:
        return series
    if c.default is not None:
        return series.map(lambda v: bool(c.default) if _isnull(v) or v == "" else to_bool(v)).astype(bool)
    return series.map(to_bool).astype(bool)


def _texts(series: pd.Series) -> pd.Series:
    """Strings, empty for missing; whole floats (Excel's 12-digit codes) without '.0'."""
    missing = series.isna().to_numpy()
    if series.dtype.kind == "f":
        values = series.to_numpy()
        whole = np.isfinite(values) & (np.mod(values, 1) == 0)
        out = np.where(whole, series.fillna(0).astype("int64").astype(str), series.astype(str))
    elif series.dtype.kind in "iub":
        out = series.astype(str).to_numpy()
    else:
        obj = series.astype(object)
        if all(isinstance(v, str) for v in obj[~missing]):
            out = obj.where(~missing, "").str.strip().to_numpy()
        else:
            out = obj.map(lambda v: "" if _isnull(v) else _to_text(v)).to_numpy()
    out = np.where(missing, "", out).astype(object)
    return pd.Series(out, index=series.index, dtype=object)


def _to_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _isnull(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_TRUE = {"1", "true", "t", "yes", "y", "是", "单向", "on"}
_FALSE = {"0", "false", "f", "no", "n", "否", "双向", "off", ""}


def to_bool(v) -> bool:
    """Interpret the spellings of a boolean that spreadsheets and shapefiles use."""
    if _isnull(v):
        return False
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return v != 0
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {v!r}")
