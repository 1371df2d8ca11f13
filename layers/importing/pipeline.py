"""From a planner's file to rows of a project layer: read, map, locate, check, decide.

:func:`import_file` does everything except touching the project file, so a refusal
leaves the project byte-for-byte unchanged by construction; :func:`import_into_project`
then appends (or replaces) under the project's lock and saves atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.errors import InputError
from layers.importing import amap, osm, placing, readers, tables
from layers.importing import fields as F
from layers.importing.clip import clip_area
from layers.importing.columns import apply_where, build_frame, codes_for_names, finish
from layers.importing.locate import choose_crs, points_from_columns
from layers.importing.source import Source
from layers.importing.source_crs import to_project_crs
from layers.repair import repair
from layers.schema import CRS, LAYERS
from layers.validation import ERROR, WARNING, Problem, validate_layer

MAX_LISTED = 3


@dataclass
class ImportOptions:
    """What the user said about the file (the command's options)."""

    encoding: str | None = None
    crs: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    skip_invalid: bool = False
    replace: bool = False
    source_layer: str | None = None
    sheet: str | None = None
    header: bool | None = None
    where: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    clip: str | None = None
    match: str | None = None


@dataclass
class ImportResult:
    """The rows ready for the layer and the account of what happened to the others."""

    layer: str
    file: str
    frame: pd.DataFrame
    skipped: list[dict]
    warnings: list[str]
    crs: str | None
    encoding: str | None
    filtered: int = 0
    problems: list[Problem] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    unmatched: list[dict] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    created: bool = False
    unplaced: pd.DataFrame | None = None
    """The ambiguous and unmatched villages as layer rows without geometry (placed by hand later)."""

    @property
    def imported(self) -> int:
        return len(self.frame)

    def summary(self) -> dict:
        """The command's JSON summary."""
        return {
            "layer": self.layer,
            "file": self.file,
            "imported": self.imported,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "crs": self.crs,
            "encoding": self.encoding,
            "filtered": self.filtered,
            **self.facts,
            "unmatched": self.unmatched,
            "created": self.created,
        }


# ---------------------------------------------------------------------- reading
def read_source(
    path: str | os.PathLike, options: ImportOptions | None = None, *, layer: str | None = None, area=None
) -> Source:
    """Read any supported file into a :class:`Source` (InputError for anything else).

    ``layer`` says which rows of a raw OpenStreetMap file are wanted (roads: its lines,
    villages: its places, key_sites/posts: its POIs); ``area`` (EPSG:4490) limits vector
    files to what meets it while they are read (``--clip``).
    """
    options = options or ImportOptions()
    path = Path(path)
    if not path.exists():
        raise InputError("not_found", "file not found", file=str(path))
    if path.is_dir():
        raise InputError("is_folder", "is a folder, not a file", file=str(path))
    encoding = None
    if options.encoding:
        from layers.importing.encoding import normalise

        encoding = normalise(options.encoding)
    suffix = path.suffix.lower()
    if osm.is_raw_osm(path):
        return osm.read_raw(path, layer or "roads", area)
    try:
        if suffix == ".shp":
            return readers.read_shapefile(path, encoding, area)
        if suffix == ".gpkg":
            return readers.read_geopackage(path, options.source_layer, area)
        if suffix in (".geojson", ".json"):
            return readers.read_geojson(path, encoding)
        if suffix in (".csv", ".txt", ".tsv"):
            return tables.read_csv(path, encoding, options.header)
        if suffix in (".xlsx", ".xlsm"):
            return tables.read_xlsx(path, options.sheet, options.header)
    except PermissionError as exc:
        raise InputError("unreadable", "permission denied", file=path.name) from exc
    except IsADirectoryError as exc:
        raise InputError("unreadable", "is a folder", file=path.name) from exc
    if suffix == ".xls":
        raise InputError("unsupported", "old Excel .xls: save it as .xlsx first", file=path.name)
    raise InputError(
        "unsupported",
        f"unsupported file type {suffix or '(none)'} (use .shp, .gpkg, .geojson, .csv, .xlsx, .osm or .osm.pbf)",
        file=path.name,
    )


# ---------------------------------------------------------------------- the import
def _missing_column_line(layer: str, p: Problem) -> str:
    aliases = list(F.ALIASES.get(p.field or "", ())[:4])
    hint = f" ({', '.join(aliases)})" if aliases else ""
    return (
        f"layer {layer} needs a column for {p.field}{hint}; name it with --field {p.field}=COLUMN"
        f" or give every row one value with --set {p.field}=VALUE"
    )


def _refusal(source: Source, errors: list[Problem], skip_hint: bool) -> InputError:
    rows: dict[int | None, Problem] = {}
    for p in errors:
        rows.setdefault(p.row, p)
    listed = list(rows.values())[:MAX_LISTED]
    text = "; ".join(p.line() for p in listed)
    more = len(rows) - len(listed)
    if more > 0:
        text += f" (and {more} more bad rows)"
    if skip_hint:
        text += "; --skip-invalid imports the other rows"
    first = listed[0]
    return InputError(first.code, text, file=source.file, field=first.field)


def import_file(
    path: str | os.PathLike, layer: str, project=None, options: ImportOptions | None = None
) -> ImportResult:
    """Read, map, locate and check ``path`` for ``layer``; never writes anything.

    ``project`` (a :class:`layers.project.Project` or None) supplies the rows the import
    appends to (duplicate codes) and the station boundaries villages are checked against.
    Raises InputError for a file that cannot be used; with ``skip_invalid`` bad rows are
    left out and listed instead.
    """
    try:
        return _import_file(path, layer, project, options or ImportOptions())
    except InputError as exc:
        # values and headers from the file may hold line breaks: the message stays one line
        exc.message = one_line(exc.message)
        exc.args = (exc.message,)
        raise


def one_line(text: str) -> str:
    """``text`` with any line breaks (also Unicode ones) turned into spaces."""
    text = str(text)
    lines = text.splitlines()
    if len(lines) == 1 and lines[0] == text:
        return text
    return " ".join(part.strip() for part in lines if part.strip())


def adapt_layout(source: Source, layer: str, path: Path) -> tuple[Source, dict]:
    """OpenStreetMap and Amap/Baidu layouts turned into the layer's own columns (else unchanged)."""
    kind = source.layout[4:] if source.layout and source.layout.startswith("osm_") else None
    kind = kind or osm.geofabrik_kind(source.columns, path)
    if kind is not None and source.geometry is not None:
        return osm.adapt(source, kind, layer)
    if layer in ("key_sites", "posts"):
        column = amap.type_column(source)
        if column is not None:
            return amap.adapt(source, layer, column)
    return source, {}


def _no_coordinates(source: Source, layer: str) -> InputError:
    hint = ""
    if layer == "villages":
        hint = (
            "; or place the villages by name: import OpenStreetMap places/POIs (key_sites) first,"
            " or name such a file with --match FILE"
        )
    return InputError(
        "missing_column",
        "no coordinates: the file has no longitude/latitude (经度/纬度, lon/lat) or WKT column; "
        "name them with --field lon=COLUMN --field lat=COLUMN" + hint,
        file=source.file,
    )


_BORDER_MARGIN_DEG = 2.0


def _near_china(g) -> bool:
    from layers.validation import CHINA_LAT, CHINA_LON

    minx, miny, maxx, maxy = g.bounds
    m = _BORDER_MARGIN_DEG
    return CHINA_LON[0] - m <= minx and maxx <= CHINA_LON[1] + m and CHINA_LAT[0] - m <= miny and maxy <= CHINA_LAT[1] + m


def _soften_border(problems: list[Problem], frame, rows: list[int], web: bool) -> list[Problem]:
    """A point just outside China in data that is not GCJ-02/BD-09 is a warning: a county on
    a border is real. (Web-map coordinates are only offset inside China, so there it stays an error.)"""
    if web or "geometry" not in getattr(frame, "columns", ()):
        return problems
    by_row = dict(zip(rows, frame.geometry.values, strict=True))
    out = []
    for p in problems:
        g = None if p.row is None else by_row.get(p.row)
        if p.code == "outside_china" and p.severity == ERROR and "outside China" in p.message and g is not None \
                and not shapely.is_empty(g) and _near_china(g):
            p = Problem(p.code, p.layer, p.row, p.field,
                        p.message.split(" is outside China")[0] + " is just outside China (a county on the border?)",
                        WARNING)
        out.append(p)
    return out


def _unplaced(layer: str, rows: pd.DataFrame) -> pd.DataFrame | None:
    """Rows left unplaced, typed as the layer's (None when their values cannot be: they are listed anyway)."""
    if len(rows) == 0:
        return None
    try:
        return finish(layer, gpd.GeoDataFrame(rows.reset_index(drop=True), geometry=[None] * len(rows), crs=CRS))
    except (ValueError, TypeError):
        return None


def _import_file(path, layer: str, project, options: ImportOptions) -> ImportResult:
    if layer not in LAYERS:
        raise InputError("bad_layer", f"no layer {layer!r} (layers: {', '.join(LAYERS)})")
    schema = LAYERS[layer]
    area = clip_area(options.clip, project)
    source = read_source(path, options, layer=layer, area=area)
    source, facts = adapt_layout(source, layer, Path(path))
    source, filtered = apply_where(source, options.where)
    warnings = list(source.warnings)
    mapping = F.match_columns(layer, source.columns, options.fields)
    warnings.extend(mapping.notes)
    for t in options.values:
        if t not in schema.column_names:
            raise InputError("bad_option", f"--set: layer {layer} has no column {t!r}")
    rows = list(source.rows)
    frame, labels, notes = build_frame(layer, source, mapping, options.values)
    warnings.extend(notes)
    if layer == "villages" and "area_type" not in mapping.columns and "area_type" not in options.values:
        inferred = placing.infer_area_types(frame, source, mapping.ur_code)
        if inferred:
            facts["area_type_inferred"] = inferred
            labels.setdefault("area_type", "area_type (inferred)")
    warnings.extend(codes_for_names(layer, frame, project))
    problems: list[Problem] = []
    crs_label = None
    web = False
    unmatched: list[dict] = []
    replaced: list[str] = []
    unplaced = None
    if schema.geometry is not None:
        geoms, coord_problems = points_from_columns(source, mapping, layer, rows)
        problems.extend(coord_problems)
        placeable = layer == "villages" and placing.has_candidates(project, options.match)
        if geoms is None and source.geometry is None:
            if not placeable:
                raise _no_coordinates(source, layer)
            series = gpd.GeoSeries([None] * len(frame), index=frame.index, crs=CRS)
        else:
            if geoms is None and source.geometry is not None:
                geoms = np.asarray(source.geometry.values, dtype=object)
            series = gpd.GeoSeries(geoms, index=frame.index)
            chosen = choose_crs(source, options.crs, series, warnings)
            crs_label, web = chosen.label, chosen.web is not None
            series = to_project_crs(series, chosen)
        if placeable:
            bad_coordinates = {p.row for p in coord_problems}
            todo = placing.empty_rows(series) & np.array([r not in bad_coordinates for r in rows], dtype=bool)
            if todo.any():
                series, keep, unmatched, replaced, placed = placing.place(
                    frame, series, todo, rows, project, options.match, area
                )
                facts.update(placed)
                crs_label = crs_label or "matched by name"
                unplaced = _unplaced(layer, frame[~keep])
                frame, series = frame[keep].reset_index(drop=True), series[keep].reset_index(drop=True)
                rows = [r for r, k in zip(rows, keep, strict=True) if k]
        frame = gpd.GeoDataFrame(frame, geometry=series, crs=CRS)
        if area is not None and len(frame):
            geoms = np.asarray(frame.geometry.values, dtype=object)
            missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
            shapely.prepare(area)
            inside = missing | shapely.intersects(geoms, area)
            if not inside.all():
                facts["clipped"] = int((~inside).sum())
                frame = frame[inside].reset_index(drop=True)
                rows = [r for r, k in zip(rows, inside, strict=True) if k]
        frame, repaired = repair(layer, frame, rows=rows)
        problems.extend(repaired)
    existing = None
    if project is not None and not options.replace:
        existing = project[layer]
        if replaced and len(existing):
            existing = existing[~existing["code"].isin(replaced)]
    found = validate_layer(layer, frame, project, rows=rows, labels=labels, existing=existing)
    coordinate_rows = {p.row for p in problems if p.code == "wrong_type" and p.field == "geometry"}
    found = [p for p in found if not (p.code == "empty_geometry" and p.row in coordinate_rows)]
    problems.extend(found)
    problems = _soften_border(problems, frame, rows, web)
    if len(frame) == 0 and not unmatched:
        left = {k: v for k, v in facts.items() if isinstance(v, dict) and k != "area_type_inferred"}
        detail = "; ".join(f"{k}: {', '.join(f'{c} {n}' for c, n in v.items())}" for k, v in left.items())
        raise InputError(
            "empty_file",
            "no data rows to import" + (" after --where" if filtered else "")
            + (" after --clip" if facts.get("clipped") else "") + (f" for layer {layer} ({detail})" if detail else ""),
            file=source.file,
        )
    whole = [p for p in problems if p.row is None and p.severity == ERROR]
    if whole:
        raise InputError(whole[0].code, _missing_column_line(layer, whole[0]), file=source.file, field=whole[0].field)
    errors = [p for p in problems if p.severity == ERROR]
    if errors and not options.skip_invalid:
        raise _refusal(source, errors, skip_hint=True)
    bad_rows: dict[int | None, list[str]] = {}
    for p in errors:
        bad_rows.setdefault(p.row, []).append(p.message)
    keep = np.array([r not in bad_rows for r in rows], dtype=bool)
    if errors and not keep.any():
        raise _refusal(source, errors, skip_hint=False)
    good = frame[keep]
    warnings.extend(p.line() for p in problems if p.severity == WARNING and p.row not in bad_rows)
    skipped = [{"row": r, "reason": "; ".join(msgs)} for r, msgs in sorted(bad_rows.items())]
    finished = finish(layer, good)
    if "population" in schema.column_names and len(finished):
        unknown = int(finished["population"].isna().sum())
        if unknown:
            facts["population_unknown"] = unknown
    return ImportResult(
        layer=layer,
        file=source.file,
        frame=finished,
        skipped=skipped,
        warnings=warnings,
        crs=crs_label,
        encoding=source.encoding,
        filtered=filtered,
        problems=problems,
        facts=facts,
        unmatched=unmatched,
        replaced=replaced,
        unplaced=unplaced,
    )


def add_to_project(project, result: ImportResult, *, replace: bool = False) -> None:
    """Put the rows of ``result`` into the in-memory ``project`` (append, or replace the layer).

    The window uses this after :func:`import_file` (then saves when the user says so);
    the command line goes through :func:`import_into_project`.
    """
    layer = result.layer
    if replace:
        combined = result.frame
    else:
        current = project[layer]
        if result.replaced and len(current):
            current = current[~current["code"].isin(result.replaced)]
        combined = pd.concat([current, result.frame], ignore_index=True) if len(current) else result.frame
        if isinstance(result.frame, gpd.GeoDataFrame):
            combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS)
    project[layer] = combined


def import_into_project(
    project_path: str | os.PathLike, layer: str, path: str | os.PathLike, options: ImportOptions | None = None
) -> ImportResult:
    """Import ``path`` into ``layer`` of the project file and save it atomically.

    The project is read and written under its lock; on any refusal nothing is written.
    A project file that does not exist yet is created (``result.created``).
    """
    from layers.locking import ProjectLock
    from layers.project import Project

    options = options or ImportOptions()
    project_path = Path(project_path)
    with ProjectLock(project_path.resolve()):
        created = not project_path.exists()
        project = Project.new() if created else Project.open(project_path)
        result = import_file(path, layer, project, options)
        add_to_project(project, result, replace=options.replace)
        project.save(project_path)
    result.created = created
    return result
