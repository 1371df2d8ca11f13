"""The project: one GeoPackage holding every layer of the contract in EPSG:4490.

Saving is atomic: the new file is written beside the old one, flushed to disk and renamed
over it, so a crash, a kill or a full disk at any moment leaves either the old project or
the new one, never a mixture. A lock beside the file (``flock``, released by the kernel
when the holder dies) stops two processes writing the same project.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers import __version__
from layers.errors import ProjectError
from layers.layer_store import LayerStore
from layers.locking import ProjectLock
from layers.metric_zone import metric_epsg_for_spans, x_span
from layers.raw_values import apply_stored, stored_cells
from layers.schema import LAYERS, PLAN_VERSION_LAYERS, ROSTER_LAYERS, coerce, empty_layer
from layers.sql import identifier
from layers.validation import Problem

METADATA_TABLE = "gisdesk_metadata"


def parameters_entry(job: str, params: dict) -> dict[str, str]:
    """The metadata entry recording the parameters a planning job used (``params.<job>``:
    sorted JSON, Chinese kept as is). A command that applies a plan carries it, so an undo
    restores the previous parameters with the previous layers."""
    return {f"params.{job}": json.dumps(params, ensure_ascii=False, sort_keys=True)}


@dataclass
class ProjectProblem:
    """Something wrong found while opening a project; what could be read is kept."""

    code: str
    layer: str
    message: str


@dataclass
class Project:
    """All layers of one planning project, in memory, plus its metadata."""

    path: Path | None = None
    layers: MutableMapping[str, pd.DataFrame] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    problems: list[ProjectProblem] = field(default_factory=list)
    value_problems: list[Problem] = field(default_factory=list)
    _dirty: set[str] = field(default_factory=set)
    _stored_spans: dict[str, tuple[bool, tuple[float, float] | None]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(cls) -> Project:
        """An empty project with every layer present and no rows."""
        proj = cls(layers={name: empty_layer(name) for name in LAYERS})
        proj._dirty = set(LAYERS)
        return proj

    @classmethod
    def open(cls, path: str | os.PathLike, *, salvage: bool = False, lazy: bool = False) -> Project:
        """Read a project; raise :class:`ProjectError` if the file is not a readable GeoPackage.

        Layers that are missing or cannot be read come back empty and are listed in
        ``problems`` so the caller can tell the user what was lost. A damaged file is
        refused unless ``salvage`` is set: then whatever can be read is returned, with the
        damage as the first problem, and ``path`` is cleared so that saving asks for a
        new file name and never overwrites the damaged original.

        ``lazy`` (for a command that uses a few layers): each layer in the file is read when
        first used, its value problems added then; one that cannot be read raises
        :class:`ProjectError` naming it at that moment (it is never replaced by an empty
        layer), and a layer never used is saved back unchanged.
        """
        path = Path(path)
        damage = None
        try:
            check_geopackage(path)
        except ProjectError as exc:
            if not (salvage and exc.code == "damaged"):
                raise
            damage = exc
        proj = cls(path=path)
        try:
            available = {str(n) for n, _ in pyogrio.list_layers(path)}
        except Exception as exc:  # GDAL raises many types for damaged files
            if damage is None:
                raise ProjectError("unreadable", f"cannot read the GeoPackage ({exc})", file=str(path)) from exc
            return _salvage(proj, damage)
        deferred: list[str] = []
        for name in LAYERS:
            if lazy and name in available and damage is None:
                deferred.append(name)
                continue
            if name not in available:
                proj.layers[name] = empty_layer(name)
                if name in ROSTER_LAYERS:  # written before the roster existed: none yet
                    proj._dirty.add(name)
                elif name not in PLAN_VERSION_LAYERS:  # a project without versions has none
                    proj.problems.append(ProjectProblem("missing_layer", name, "layer is missing"))
                continue
            try:
                frame, problems = _read_stored(path, name)
                proj.layers[name] = frame
                proj.value_problems.extend(problems)
            except Exception as exc:
                proj.layers[name] = empty_layer(name)
                proj.problems.append(ProjectProblem("unreadable_layer", name, str(exc)))
        if METADATA_TABLE in available:
            try:
                meta = pyogrio.read_dataframe(path, layer=METADATA_TABLE, read_geometry=False)
                proj.metadata = {str(k): str(v) for k, v in zip(meta["key"], meta["value"], strict=False)}
            except Exception as exc:
                proj.problems.append(ProjectProblem("unreadable_layer", METADATA_TABLE, str(exc)))
        proj._dirty = {p.layer for p in proj.problems} | (proj._dirty & set(ROSTER_LAYERS))
        if damage is not None:
            proj.problems.insert(0, ProjectProblem("damaged", "", damage.message))
            proj.path = None
            proj._dirty = set(LAYERS)
        if deferred:
            store = LayerStore(lambda name: proj._read_deferred(path, name))
            for name in LAYERS:
                if name in deferred:
                    store.defer(name)
                elif name in proj.layers:
                    store[name] = proj.layers[name]
            proj.layers = store
        return proj

    def _read_deferred(self, path: Path, name: str) -> pd.DataFrame:
        try:
            frame, problems = _read_stored(path, name)
        except Exception as exc:
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise ProjectError("unreadable_layer", f"cannot read: {reason}", file=str(path), layer=name) from exc
        self.value_problems.extend(problems)
        return frame

    # ------------------------------------------------------------------ access
    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.layers[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        self.set(name, frame)

    def __iter__(self) -> Iterator[str]:
        return iter(self.layers)

    def set(self, name: str, frame: pd.DataFrame) -> None:
        """Replace a layer, coerced to its schema; marks it for the next save."""
        if name not in LAYERS:
            raise KeyError(f"unknown layer {name}")
        self.layers[name] = coerce(name, frame)
        self._dirty.add(name)

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def mark_dirty(self, name: str) -> None:
        self._dirty.add(name)

    def metric_epsg(self) -> int:
        """The CGCS2000 Gauss-Krüger zone of the data's centre."""
        spans: list[tuple[float, float] | None] = []
        for name in ("villages", "boundaries", "roads", "units", "posts"):
            if isinstance(self.layers, LayerStore) and not self.layers.is_read(name) and self.path is not None:
                if name not in self._stored_spans:  # not read for this; the file is the same while open
                    self._stored_spans[name] = _stored_x_span(self.path, name)
                known, span = self._stored_spans[name]
                if known:
                    spans.append(span)
                    continue
            frame = self.layers.get(name)
            spans.append(x_span(frame) if isinstance(frame, gpd.GeoDataFrame) else None)
        return metric_epsg_for_spans(*spans)

    def set_parameters(self, job: str, params: dict) -> None:
        """Record the planning parameters a job used, in the metadata table."""
        self.metadata.update(parameters_entry(job, params))

    # ------------------------------------------------------------------ saving
    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Write the project atomically to ``path`` (default: where it came from)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ProjectError("no_path", "the project has no file name yet")
        target = target.resolve()
        with ProjectLock(target):
            write_atomically(self, target)
        self.path = target
        self._dirty.clear()
        return target


def _salvage(proj: Project, damage: ProjectError) -> Project:
    """Layer by layer through SQLite, for files GDAL cannot open at all."""
    from layers.salvage import read_table

    proj.problems.append(ProjectProblem("damaged", "", damage.message))
    source = proj.path
    assert source is not None  # salvage reads the file the project was opened from
    for name in LAYERS:
        try:
            proj.layers[name] = coerce(name, read_table(source, name))
        except Exception as exc:
            proj.layers[name] = empty_layer(name)
            proj.problems.append(ProjectProblem("unreadable_layer", name, str(exc)))
    proj.path = None
    proj._dirty = set(LAYERS)
    return proj


def _read_stored(path: Path, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Layer ``name`` as read, each number stored as text or binary data set to what it
    means (:mod:`layers.raw_values`), and the problems of its stored values."""
    problems, cells = stored_cells(path, name)
    return apply_stored(_read_layer(path, name), name, cells), problems


def _read_layer(path: Path, name: str) -> pd.DataFrame:
    schema = LAYERS[name]
    if schema.geometry is None:
        frame = pyogrio.read_dataframe(path, layer=name, read_geometry=False)
        return coerce(name, pd.DataFrame(frame))
    frame = pyogrio.read_dataframe(path, layer=name)
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)), crs=schema_crs())
    return coerce(name, frame)


def _stored_x_span(path: Path, name: str) -> tuple[bool, tuple[float, float] | None]:
    """(True, a layer's west and east edges) from its stored geometries' envelopes, without
    reading it (what :func:`~layers.metric_zone.x_span` gives for the layer read); (False,
    None) when the file's geometry column is not GDAL's ``geom`` (the layer must be read)."""
    quoted = identifier(name)
    try:
        if pyogrio.read_info(path, layer=name).get("geometry_name") != "geom":
            return False, None
        found = pyogrio.read_dataframe(path, sql=f"SELECT MIN(ST_MinX(geom)) AS w, MAX(ST_MaxX(geom)) AS e, "
                                                 f"MIN(ST_MinY(geom)) AS s, MAX(ST_MaxY(geom)) AS n FROM {quoted}")
    except Exception:  # GDAL raises many types for a damaged layer: reading it says what is wrong
        return False, None
    edges = [float(v) if v is not None else float("nan") for v in found.iloc[0]]
    return True, ((edges[0], edges[1]) if all(math.isfinite(v) for v in edges) else None)


def schema_crs() -> str:
    from layers.schema import CRS

    return CRS


def check_geopackage(path: Path) -> None:
    """Raise :class:`ProjectError` unless ``path`` is an intact SQLite GeoPackage."""
    if not path.exists():
        raise ProjectError("not_found", "file not found", file=str(path))
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise ProjectError("not_geopackage", "not a GeoPackage (not an SQLite file)", file=str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA quick_check").fetchone()[0]
            has = con.execute(
                "SELECT count(*) FROM sqlite_master WHERE name='gpkg_contents'"
            ).fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError("damaged", f"damaged GeoPackage ({exc})", file=str(path)) from exc
    if ok != "ok":
        raise ProjectError("damaged", f"damaged GeoPackage ({ok})", file=str(path))
    if not has:
        raise ProjectError("not_geopackage", "SQLite file without GeoPackage tables", file=str(path))


_WRITE_TYPES = {
    "point": "Point",
    "line": "LineString",
    "polygon": "MultiPolygon",
}


def _geometry_type(name: str, frame: gpd.GeoDataFrame) -> str:
    family = LAYERS[name].geometry
    if family == "point_or_polygon":
        kinds = set(frame.geom_type.dropna()) if len(frame) else {"Point"}
        return "Point" if kinds <= {"Point"} else ("MultiPolygon" if kinds <= {"Polygon", "MultiPolygon"} else "Unknown")
    if family == "line":
        kinds = set(frame.geom_type.dropna())
        return "LineString" if kinds <= {"LineString"} else "MultiLineString"
    assert family is not None  # only layers with geometry are written with a geometry type
    return _WRITE_TYPES[family]


def _write_layer(path: Path, name: str, frame: pd.DataFrame, *, replace: bool) -> None:
    options = {"OVERWRITE": "YES"} if replace else None
    schema = LAYERS[name]
    if schema.geometry is None:
        pyogrio.write_dataframe(pd.DataFrame(frame), path, layer=name, driver="GPKG", layer_options=options)
        return
    gtype = _geometry_type(name, frame)
    out = frame
    if gtype == "MultiPolygon":
        out = frame.copy()
        out["geometry"] = _promote_polygons(frame.geometry)
    pyogrio.write_dataframe(
        out, path, layer=name, driver="GPKG", geometry_type=gtype, layer_options=options, spatial_index=True
    )


def _promote_polygons(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    from shapely.geometry import MultiPolygon, Polygon

    return geoms.map(lambda g: MultiPolygon([g]) if isinstance(g, Polygon) else g)


def write_atomically(project: Project, target: Path) -> None:
    """Write every layer into a temporary file beside ``target``, fsync, then rename."""
    folder = target.parent
    if not folder.is_dir():
        raise ProjectError("no_folder", "folder does not exist", file=str(target))
    _remove_stale_temporaries(folder, target)
    tmp = folder / f".{target.stem}.saving-{os.getpid()}-{time.monotonic_ns()}.gpkg"
    incremental = project.path is not None and project.path.resolve() == target and target.exists()
    try:
        if incremental:
            shutil.copyfile(target, tmp)
            names = [n for n in LAYERS if n in project._dirty]
        else:
            names = list(LAYERS)
        for name in names:
            _write_layer(tmp, name, project.layers[name], replace=incremental)
        meta = dict(project.metadata)
        meta["app_version"] = __version__
        meta["saved_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        table = pd.DataFrame({"key": list(meta), "value": [meta[k] for k in meta]})
        pyogrio.write_dataframe(table, tmp, layer=METADATA_TABLE, driver="GPKG", layer_options={"OVERWRITE": "YES"})
        _fsync_file(tmp)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except PermissionError as exc:
        raise ProjectError("not_writable", f"cannot write here ({exc.strerror})", file=str(target)) from exc
    except OSError as exc:
        raise ProjectError("write_failed", f"saving failed ({exc.strerror or exc})", file=str(target)) from exc
    except pyogrio.errors.DataSourceError as exc:
        raise ProjectError("write_failed", f"saving failed ({exc})", file=str(target)) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal")):
            leftover.unlink(missing_ok=True)


def _remove_stale_temporaries(folder: Path, target: Path) -> None:
    """Delete temporaries left by saves of ``target`` whose process died (a kill, a crash)."""
    for tmp in folder.glob(f".{target.stem}.saving-*.gpkg*"):
        try:
            pid = int(tmp.name.split(".saving-", 1)[1].split("-", 1)[0])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_project(path: str | os.PathLike) -> Project:
    """Shorthand for :meth:`Project.open`."""
    return Project.open(path)
