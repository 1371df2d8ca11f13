"""Checking a layer's rows against its schema and the programme's common sense.

Used by import (before anything reaches the project), when a project is opened and when
an attribute is edited. Every finding is a :class:`Problem` with a machine-readable
``code`` and the row the user sees (1-based data rows, or the spreadsheet row when the
caller passes ``rows``); ``severity`` is ``"error"`` (the row cannot be used) or
``"warning"`` (it can, but look at it).

Codes: ``missing_column``, ``missing_value``, ``wrong_type``, ``negative_value``,
``absurd_value``, ``bad_choice``, ``duplicate_code``, ``empty_geometry``,
``invalid_geometry`` (repairable with :func:`layers.repair.repair`), ``wrong_geometry_type``,
``outside_china``, ``village_outside_station``, ``unknown_station`` and ``unknown_post``
(a roster's references).

Frames may hold raw values (strings from a spreadsheet, ``"1,234"``, ``"1.2万"``) or
coerced ones; :func:`parse_number` reads both the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from layers.schema import LAYERS, Column, to_bool

ERROR = "error"
WARNING = "warning"

CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)

ABSURD = {
    "population": 1e7,
    "households": 1e7,
    "officers": 1e4,
    "auxiliaries": 1e4,
    "officers_required": 1e4,
    "villages": 1e4,
    "speed_kmh": 200.0,
    "mean_km": 2000.0,
    "max_km": 2000.0,
    "road_km": 2000.0,
    "minutes": 1e4,
}
"""Values above these are typing errors, not data (no village has ten million people)."""


@dataclass(frozen=True)
class Problem:
    """One finding: what (``code``), where (``layer``, ``row``, ``field``), how bad."""

    code: str
    layer: str
    row: int | None
    field: str | None
    message: str
    severity: str = ERROR

    def line(self) -> str:
        """``row 7: 常住人口 is -35``."""
        return f"row {self.row}: {self.message}" if self.row is not None else self.message

    def as_dict(self) -> dict:
        return {
            "code": self.code, "layer": self.layer, "row": self.row, "field": self.field,
            "message": self.message, "severity": self.severity,
        }


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == WARNING]


# ------------------------------------------------------------------------- values
def is_blank(v) -> bool:
    """True for None, NaN and whitespace-only text."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_UNITS = re.compile(r"(人|户|口|个|名|公里/小时|千米/小时|km/h|kmh|公里|千米|km|分钟|min)$")


def parse_number(v) -> float | None:
    """A number as spreadsheets write it (``1,234``, ``１２３４``, ``1.2万``, ``35人``).

    None for an empty cell; ValueError when the value is not a number.
    """
    if is_blank(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        raise ValueError(f"{v!r} is not a number")
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if not math.isfinite(f):
            raise ValueError(f"{v!r} is not a number")
        return f
    text = unicodedata.normalize("NFKC", str(v)).strip().lower().replace(",", "").replace(" ", "")
    text = _UNITS.sub("", text)
    scale = 1.0
    if text.endswith("万"):
        scale, text = 1e4, text[:-1]
    try:
        f = float(text) * scale
    except ValueError:
        raise ValueError(f"{v!r} is not a number") from None
    if not math.isfinite(f):
        raise ValueError(f"{v!r} is not a number")
    return f


def _show(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, str):
        return v.strip()
    return str(v)


# ------------------------------------------------------------------------- checks
class _Checker:
    def __init__(self, name: str, frame: pd.DataFrame, rows, labels) -> None:
        self.name = name
        self.frame = frame
        self.rows = list(rows) if rows is not None else list(range(1, len(frame) + 1))
        if len(self.rows) != len(frame):
            raise ValueError("rows must have one number per frame row")
        self.labels = labels or {}
        self.problems: list[Problem] = []

    def label(self, column: str) -> str:
        return self.labels.get(column, column)

    def add(self, code: str, i: int | None, column: str | None, message: str, severity: str = ERROR) -> None:
        row = self.rows[i] if i is not None else None
        self.problems.append(Problem(code, self.name, row, column, message, severity))

    # -- attributes
    def column(self, c: Column) -> None:
        if c.name not in self.frame.columns:
            if not c.required:
                return
            if c.kind == "str":
                self.add("missing_column", None, c.name, f"no column for {c.name}")
            else:
                filler = "false" if c.kind == "bool" else ("unknown, stored empty" if c.nullable else "0")
                self.add("missing_column", None, c.name, f"no column for {c.name} ({'' if c.nullable else 'all '}{filler})", WARNING)
            return
        values = self.frame[c.name].tolist()
        label = self.label(c.name)
        for i, v in enumerate(values):
            if c.kind == "str":
                self._text(i, c, label, v)
            elif c.kind in ("int", "float"):
                self._number(i, c, label, v)
            else:
                self._bool(i, c, label, v)
        if c.unique:
            self._unique(c, label, values)

    def _text(self, i: int, c: Column, label: str, v) -> None:
        empty = is_blank(v)
        if c.choices:
            if empty:
                if c.required:
                    self.add("bad_choice", i, c.name, f"{label} is empty (expected {' or '.join(c.choices)})")
            elif _show(v) not in c.choices:
                self.add("bad_choice", i, c.name, f"{label} is {_show(v)!r} (expected {', '.join(c.choices)})")
        elif empty and c.required:
            self.add("missing_value", i, c.name, f"{label} is empty")

    def _number(self, i: int, c: Column, label: str, v) -> None:
        try:
            f = parse_number(v)
        except ValueError:
            self.add("wrong_type", i, c.name, f"{label} is {_show(v)!r}, not a number")
            return
        if f is None:
            if c.required and c.kind == "int":
                taken = "unknown, stored empty" if c.nullable else "taken as 0"
                self.add("missing_value", i, c.name, f"{label} is empty ({taken})", WARNING)
            return
        if c.kind == "int" and not float(f).is_integer():
            self.add("wrong_type", i, c.name, f"{label} is {_show(v)}, not a whole number")
            return
        if c.nonnegative and f < 0:
            self.add("negative_value", i, c.name, f"{label} is {_show(v)}")
            return
        limit = ABSURD.get(c.name)
        if limit is not None and f > limit:
            self.add("absurd_value", i, c.name, f"{label} is {_show(v)}, more than {limit:g}")

    def _bool(self, i: int, c: Column, label: str, v) -> None:
        try:
            to_bool(v)
        except ValueError:
            self.add("wrong_type", i, c.name, f"{label} is {_show(v)!r}, not yes/no")

    def _unique(self, c: Column, label: str, values: list) -> None:
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            if is_blank(v):
                continue
            key = _show(v)
            if key in seen:
                first = self.rows[seen[key]]
                self.add("duplicate_code", i, c.name, f"{label} {key} is also in row {first}")
            else:
                seen[key] = i

    def against_existing(self, existing: pd.DataFrame) -> None:
        for c in LAYERS[self.name].columns:
            if not c.unique or c.name not in self.frame.columns or c.name not in existing.columns:
                continue
            taken = {_show(v) for v in existing[c.name].tolist() if not is_blank(v)}
            label = self.label(c.name)
            for i, v in enumerate(self.frame[c.name].tolist()):
                if not is_blank(v) and _show(v) in taken:
                    self.add(
                        "duplicate_code", i, c.name,
                        f"{label} {_show(v)} is already in layer {self.name} (use --replace to replace it)",
                    )

    # -- geometry
    def geometry(self) -> None:
        schema = LAYERS[self.name]
        if schema.geometry is None or "geometry" not in self.frame.columns:
            return
        geoms = np.asarray(self.frame["geometry"].values, dtype=object)
        allowed = schema.geometry_types
        frame_crs = getattr(self.frame, "crs", None)
        geographic = frame_crs is None or frame_crs.is_geographic
        valid = shapely.is_valid(geoms)
        for i, g in enumerate(geoms):
            if g is None or shapely.is_empty(g):
                what = "no coordinates" if schema.geometry in ("point", "point_or_polygon") else "no geometry"
                self.add("empty_geometry", i, "geometry", what)
                continue
            if g.geom_type not in allowed:
                self.add(
                    "wrong_geometry_type", i, "geometry",
                    f"geometry is a {g.geom_type}, layer {self.name} holds {' or '.join(allowed)}",
                )
                continue
            if not np.isfinite(shapely.get_coordinates(g)).all():
                self.add(
                    "outside_china", i, "geometry",
                    "location cannot be converted to longitude/latitude (wrong coordinate system?)",
                )
                continue
            if not valid[i]:
                reason = shapely.is_valid_reason(g)
                self.add("invalid_geometry", i, "geometry", f"invalid geometry ({reason})", WARNING)
            if geographic:
                minx, miny, maxx, maxy = g.bounds
                if not (
                    CHINA_LON[0] <= minx and maxx <= CHINA_LON[1] and CHINA_LAT[0] <= miny and maxy <= CHINA_LAT[1]
                ):
                    x, y = g.representative_point().coords[0]
                    self.add(
                        "outside_china", i, "geometry",
                        f"location {_coord(x)},{_coord(y)} is outside China (wrong coordinate system or "
                        "swapped lon/lat?)",
                    )

    def stations(self, project) -> None:
        if self.name != "villages" or project is None or "geometry" not in self.frame.columns:
            return
        try:
            bounds = project["boundaries"]
        except KeyError:
            return
        if bounds is None or len(bounds) == 0 or "level" not in bounds.columns:
            return
        polys = np.asarray(bounds.loc[bounds["level"] == "station", "geometry"].values, dtype=object)
        polys = polys[[p is not None and not shapely.is_empty(p) for p in polys]] if len(polys) else polys
        if len(polys) == 0:
            return
        polys = shapely.make_valid(polys)
        geoms = np.asarray(self.frame["geometry"].values, dtype=object)
        present = np.array([g is not None and not shapely.is_empty(g) for g in geoms], dtype=bool)
        if not present.any():
            return
        points = shapely.point_on_surface(geoms[present])
        tree = shapely.STRtree(polys)
        hit = np.zeros(len(points), dtype=bool)
        pairs = tree.query(points, predicate="intersects")
        hit[np.unique(pairs[0])] = True
        for i, ok in zip(np.flatnonzero(present), hit, strict=True):
            if not ok:
                self.add(
                    "village_outside_station", int(i), "geometry",
                    "village lies outside every police-station boundary", WARNING,
                )


    def remote(self) -> None:
        """``remote`` (地处偏远) describes a station: on an office or workstation it means nothing."""
        if self.name != "posts" or not {"remote", "tier"} <= set(self.frame.columns):
            return
        for i, (flag, tier) in enumerate(zip(self.frame["remote"].tolist(), self.frame["tier"].tolist(), strict=True)):
            if tier != "station" and not is_blank(flag) and to_bool(flag):
                self.add("remote_not_station", i, "remote",
                         f"{self.label('remote')}: only a station is remote; ignored on a {_show(tier)}", WARNING)

    def roster(self, project) -> None:
        """A person of the roster belongs to a station of the project (refused otherwise);
        a post that is not one of the project's is a warning (they count at the station)."""
        if self.name != "officers" or project is None or "station" not in self.frame.columns:
            return
        from layers.lookups import station_names

        try:
            known = set(station_names(project))
            posts = set(project["posts"]["code"])
        except KeyError:
            return
        label = self.label("station")
        for i, v in enumerate(self.frame["station"].tolist()):
            if is_blank(v):
                continue
            if not known:
                self.add("unknown_station", i, "station",
                         f"{label} {_show(v)!r}: the project has no stations yet (import the posts first)")
            elif _show(v) not in known:
                self.add("unknown_station", i, "station", f"{label} {_show(v)!r} matches no station of the project")
        if "post" not in self.frame.columns:
            return
        label = self.label("post")
        for i, v in enumerate(self.frame["post"].tolist()):
            if not is_blank(v) and _show(v) not in posts:
                self.add("unknown_post", i, "post", f"{label} {_show(v)!r} is not a post of the project "
                         "(the person counts at the station)", WARNING)


def validate_layer(
    name: str,
    frame: pd.DataFrame,
    project=None,
    *,
    rows: Sequence[int] | None = None,
    labels: dict[str, str] | None = None,
    existing: pd.DataFrame | None = None,
) -> list[Problem]:
    """Every problem of ``frame`` as layer ``name``, by row then column.

    ``project`` (anything indexable by layer name) enables the checks against other
    layers (villages against station boundaries); ``rows`` gives the row numbers the
    user sees; ``labels`` the column names to show (the source file's, on import);
    ``existing`` rows already in the layer that ``frame`` will join (duplicate codes).
    """
    if name not in LAYERS:
        raise KeyError(f"unknown layer {name}")
    checker = _Checker(name, frame, rows, labels)
    for c in LAYERS[name].columns:
        checker.column(c)
    if existing is not None and len(existing):
        checker.against_existing(existing)
    checker.geometry()
    checker.stations(project)
    checker.roster(project)
    checker.remote()
    order = {c: k for k, c in enumerate(LAYERS[name].column_names + ["geometry"])}
    return sorted(
        checker.problems,
        key=lambda p: (p.row if p.row is not None else -1, order.get(p.field or "", -1)),
    )


def validate_value(
    name: str, column: str, value, *, frame: pd.DataFrame | None = None, index: int | None = None
) -> list[Problem]:
    """Problems of putting ``value`` into ``column`` of row ``index`` (0-based) of ``frame``.

    For attribute edits: type, choice, sign and size, and for unique columns a clash
    with another row of ``frame``. The row number reported is ``index + 1``.
    """
    c = LAYERS[name].column(column)
    checker = _Checker(name, pd.DataFrame({column: [value]}), [index + 1 if index is not None else 1], None)
    if c.kind == "str":
        checker._text(0, c, column, value)
    elif c.kind in ("int", "float"):
        checker._number(0, c, column, value)
    else:
        checker._bool(0, c, column, value)
    if c.unique and frame is not None and column in frame.columns and not is_blank(value):
        others = [
            k for k, v in enumerate(frame[column].tolist()) if k != index and not is_blank(v) and _show(v) == _show(value)
        ]
        if others:
            checker.add("duplicate_code", 0, column, f"{column} {_show(value)} is also in row {others[0] + 1}")
    return checker.problems


def _coord(value: float) -> str:
    """A coordinate as a line shows it: 5 decimals, or 6 significant digits when huge."""
    return f"{value:.5f}" if abs(value) < 1e7 else f"{value:.6g}"
