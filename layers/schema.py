"""The project's layer schemas: the one place that defines every layer of CONTRACT.md.

Validation, import, the attribute table and the writers all read these definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.vocabulary import (
    AREA_TYPES,
    CATEGORIES,
    LEVELS,
    POST_STATUSES,
    ROAD_CLASSES,
    ROLES,
    TIERS,
)

CRS = "EPSG:4490"
"""Every layer of a project is stored in CGCS2000 longitude/latitude."""

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


_KINDS = {
    "str": Column("", "str"),
    "int": Column("", "int", nonnegative=True),
    "count": Column("", "int", nonnegative=True, nullable=True),
    "float": Column("", "float", nonnegative=True),
    "bool": Column("", "bool"),
}
"""A column's kind in ``_TABLES``; ``count`` is a population or household count, NULL when
not known (CONTRACT section 1)."""

_CHOICES = {
    "tier": TIERS,
    "category": CATEGORIES,
    "road_class": ROAD_CLASSES,
    "area_type": AREA_TYPES,
    "level": LEVELS,
    "status": POST_STATUSES,
    "role": ROLES,
}
"""The columns whose values are one of a fixed list, wherever they stand."""

_TABLES = {
    "villages": ("point_or_polygon", "行政村", "code! name population:count households:count area_type township? station?"),
    "units": ("polygon", "楼栋单元", "code! name? population:count households:count community? station? estimated:bool?"),
    "posts": ("point", "警务站点", "code! name tier station? officers:int? auxiliaries:int? officer_name? officer_phone? remote:bool? status?=open"),
    "key_sites": ("point", "重点部位", "code! name category village?"),
    "roads": ("line", "道路", "name? road_class speed_kmh:float? oneway:bool?"),
    "boundaries": ("polygon", "行政边界", "code name level"),
    "grids": ("polygon", "警格", "code! name? station? community? area_type population:count households:count officers_required:int officer_name? officer_phone?"),
    "grid_members": (None, "警格成员", "grid member"),
    "officers": (None, "民警辅警", "code! name phone? role station post? max_grids:int?=1 active:bool?=true"),
    "assignments": (None, "警格责任人", "officer grid"),
    "plan_offices": ("point", "拟设警务室", "code! name station? key_site? existing:bool villages:int population:int mean_km:float? max_km:float?"),
    "plan_workstations": ("point", "拟设警务工作站", "code! village key_site? office"),
    "plan_assignment": ("line", "村-警务室分配", "village office road_km:float? minutes:float?"),
    "plan_versions": (None, "方案版本", "name! note? created adopted:bool? adopted_at? parameters?"),
}
"""Every stored layer by name: its geometry family, Chinese title and columns in order.

A column is written ``name[:kind][!][?][=default]``: the kind (str when left out, see
``_KINDS``), ``!`` unique, ``?`` may be empty, ``=`` the value of an empty cell. A column
named in ``_CHOICES`` takes only those values."""

_COLUMN = re.compile(r"(?P<name>\w+)(?::(?P<kind>\w+))?(?P<unique>!?)(?P<optional>\??)(?:=(?P<default>\S+))?")


def _column(spec: str) -> Column:
    """One column of ``_TABLES`` from its spelling there."""
    m = _COLUMN.fullmatch(spec)
    if m is None:
        raise ValueError(f"bad column in the schema table: {spec!r}")
    kind = _KINDS[m["kind"] or "str"]
    return replace(
        kind,
        name=m["name"],
        choices=_CHOICES.get(m["name"]),
        required=not m["optional"],
        unique=bool(m["unique"]),
        default=_default(kind.kind, m["default"]),
    )


def _default(kind: str, text: str | None) -> object:
    """An empty cell's value, as ``_TABLES`` spells it after ``=``."""
    if text is None or kind == "str":
        return text
    if kind == "bool":
        return text == "true"
    return float(text) if kind == "float" else int(text)


def _layer(name: str, geometry: str | None, title_zh: str, columns: str) -> LayerSchema:
    return LayerSchema(name, geometry, tuple(_column(c) for c in columns.split()), title_zh)


_LAYERS = {name: _layer(name, geometry, title, columns) for name, (geometry, title, columns) in _TABLES.items()}


def _version_copy(name: str, title_zh: str) -> LayerSchema:
    """A plan layer's schema with a leading ``version`` column, its codes unique per version only."""
    plan = _LAYERS[name]
    columns = tuple(replace(c, unique=False) for c in plan.columns)
    return LayerSchema(name.replace("plan_", "plan_version_"), plan.geometry, (_column("version"), *columns), title_zh)


_PLAN_VERSION_COPIES = (
    _version_copy("plan_offices", "方案版本-警务室"),
    _version_copy("plan_workstations", "方案版本-警务工作站"),
    _version_copy("plan_assignment", "方案版本-村-警务室分配"),
)

LAYERS: dict[str, LayerSchema] = {**_LAYERS, **{s.name: s for s in _PLAN_VERSION_COPIES}}
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
