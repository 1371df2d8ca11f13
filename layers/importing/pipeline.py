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
from layers.importing import fields as F
from layers.importing import readers, tables
from layers.importing.crs import SourceCRS, looks_geographic, parse_crs, to_project_crs
from layers.importing.source import Source
from layers.schema import CRS, LAYERS, coerce, to_bool
from layers.validation import ERROR, WARNING, Problem, parse_number, repair, validate_layer

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
        }


# ---------------------------------------------------------------------- reading
def read_source(path: str | os.PathLike, options: ImportOptions | None = None) -> Source:
    """Read any supported file into a :class:`Source` (InputError for anything else)."""
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
    try:
        if suffix == ".shp":
            return readers.read_shapefile(path, encoding)
        if suffix == ".gpkg":
            return readers.read_geopackage(path, options.source_layer)
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
        f"unsupported file type {suffix or '(none)'} (use .shp, .gpkg, .geojson, .csv or .xlsx)",
        file=path.name,
    )


def apply_where(source: Source, where: list[str]) -> tuple[Source, int]:
    """Keep rows whose column equals one of the given values (``COLUMN=V1,V2``)."""
    if not where:
        return source, 0
    keep = np.ones(len(source.table), dtype=bool)
    for spec in where:
        col_spec, sep, values = str(spec).partition("=")
        if not sep or not col_spec.strip():
            raise InputError("bad_option", f"--where: expected COLUMN=VALUE, got {spec!r}")
        col = F.resolve_source(col_spec.strip(), source.columns, "--where")
        wanted = {F.norm(v) for v in values.replace("，", ",").split(",")}
        cells = source.table[col].map(lambda v: F.norm(_text(v)) if v is not None else "")
        keep &= cells.isin(wanted).to_numpy()
    return source.take(keep), int((~keep).sum())


# ---------------------------------------------------------------------- mapping
def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = str(v).strip()
    return text or None


def _is_blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _column_values(layer: str, target: str, raw: list, from_ur_code: bool) -> list:
    column = LAYERS[layer].column(target)
    out = []
    for v in raw:
        if _is_blank(v):
            out.append(None)
            continue
        if column.kind == "str":
            text = _text(v)
            if column.choices and text is not None:
                if target == "area_type":
                    ur = F.area_type_from_ur_code(text)
                    if ur is not None:
                        out.append(ur)
                        continue
                    if from_ur_code:
                        out.append(text)
                        continue
                text = F.choice_value(target, text, column.choices)
            out.append(text)
        elif column.kind in ("int", "float"):
            try:
                out.append(parse_number(v))
            except ValueError:
                out.append(v)  # validation reports it with the original spelling
        else:
            out.append(v)
    return out


def _adcode_area_types(source: Source, values: list) -> tuple[list, int]:
    """For adcode rows without a class code: 街道 (sub-district) urban, 乡/镇 rural."""
    if source.layout != "adcode" or "name" not in source.table.columns:
        return values, 0
    inferred = 0
    out = list(values)
    levels = source.table["level"].tolist() if "level" in source.table.columns else [None] * len(out)
    for i, (v, name, level) in enumerate(zip(out, source.table["name"].tolist(), levels, strict=True)):
        if v is None and level == "town" and isinstance(name, str):
            out[i] = "urban" if name.endswith(("街道", "街道办事处", "办事处")) else "rural"
            inferred += 1
    return out, inferred


def build_frame(layer: str, source: Source, mapping: F.Mapping, values: dict[str, str]):
    """The layer's columns from the source (raw values, mapped spellings): (frame, labels, notes)."""
    schema = LAYERS[layer]
    data: dict[str, list] = {}
    labels: dict[str, str] = {}
    notes: list[str] = []
    n = len(source.table)
    for column in schema.columns:
        t = column.name
        if t in values:
            data[t] = _column_values(layer, t, [values[t]] * n, False)
            labels[t] = f"--set {t}"
            continue
        src = mapping.source_of(t)
        if src is None:
            continue
        from_ur = t == "area_type" and "area_type" not in mapping.columns
        data[t] = _column_values(layer, t, source.table[src].tolist(), from_ur)
        labels[t] = src
        if t == "area_type":
            data[t], inferred = _adcode_area_types(source, data[t])
            if inferred:
                notes.append(f"area_type of {inferred} township rows taken from their names (街道 urban, 乡/镇 rural)")
    frame = pd.DataFrame(data, index=range(n), dtype=object)
    return frame, labels, notes


# ---------------------------------------------------------------------- geometry
def _points(source: Source, mapping: F.Mapping, layer: str, rows: list[int]):
    lon_col, lat_col = mapping.columns.get("lon"), mapping.columns.get("lat")
    problems: list[Problem] = []
    geoms = np.full(len(source.table), None, dtype=object)
    if mapping.columns.get("wkt"):
        col = mapping.columns["wkt"]
        for i, v in enumerate(source.table[col].tolist()):
            if _is_blank(v):
                continue
            try:
                geoms[i] = shapely.from_wkt(str(v))
            except shapely.errors.GEOSException:
                problems.append(Problem("wrong_type", layer, rows[i], "geometry", f"{col} is not WKT geometry"))
        return geoms, problems
    if not lon_col or not lat_col:
        return None, problems
    xs = source.table[lon_col].tolist()
    ys = source.table[lat_col].tolist()
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        try:
            fx, fy = parse_number(x), parse_number(y)
        except ValueError:
            bad = lon_col if _not_number(x) else lat_col
            shown = x if bad == lon_col else y
            problems.append(Problem("wrong_type", layer, rows[i], "geometry", f"{bad} is {str(shown).strip()!r}, not a number"))
            continue
        if fx is not None and fy is not None:
            geoms[i] = shapely.Point(fx, fy)
    return geoms, problems


def _not_number(v) -> bool:
    try:
        parse_number(v)
    except ValueError:
        return True
    return False


def _choose_crs(source: Source, options: ImportOptions, geoms: gpd.GeoSeries, warnings: list[str]) -> SourceCRS:
    if options.crs:
        chosen = parse_crs(options.crs)
        if source.crs is not None and not (source.crs.crs.equals(chosen.crs) and chosen.web is None):
            warnings.append(f"the file declares {source.crs.label}; --crs {chosen.label} used instead")
        return chosen
    if source.crs is not None:
        chosen = source.crs
    elif source.default_crs is not None:
        chosen = source.default_crs
        warnings.append(f"adcode layout: coordinates taken as {chosen.label} (Amap)")
    elif looks_geographic(geoms):
        chosen = parse_crs("4490")
        warnings.append("no coordinate system declared: longitude/latitude taken as CGCS2000 (EPSG:4490)")
        return chosen
    else:
        raise InputError(
            "no_crs",
            "no coordinate system declared and the coordinates are not longitude/latitude; "
            "give one with --crs (e.g. --crs 4527)",
            file=source.file,
        )
    if chosen.is_geographic and not looks_geographic(geoms):
        raise InputError(
            "wrong_crs",
            f"the coordinates are not longitude/latitude although the file says {chosen.label}; "
            "give the right one with --crs (e.g. --crs 4527)",
            file=source.file,
        )
    return chosen


# ---------------------------------------------------------------------- the import
def _missing_column_line(layer: str, p: Problem) -> str:
    aliases = list(F.ALIASES.get(p.field or "", ())[:4])
    hint = f" ({', '.join(aliases)})" if aliases else ""
    return (
        f"layer {layer} needs a column for {p.field}{hint}; name it with --field {p.field}=COLUMN"
        f" or give every row one value with --set {p.field}=VALUE"
    )


def _codes_for_names(layer: str, frame: pd.DataFrame, project) -> list[str]:
    """Station and village columns hold codes; planners' lists often hold names instead.

    A value that is not a known code but is the name of exactly one station (posts of
    tier station, station boundaries) or village of the project is replaced by its code.
    """
    if project is None:
        return []
    lookups: dict[str, list[tuple[pd.DataFrame, str, str]]] = {
        "station": [(project["posts"], "tier", "station"), (project["boundaries"], "level", "station")],
        "village": [(project["villages"], "", "")],
    }
    notes = []
    for column, sources in lookups.items():
        if column not in frame.columns or column not in LAYERS[layer].column_names:
            continue
        codes: set[str] = set()
        by_name: dict[str, set[str]] = {}
        for table, kind_col, kind in sources:
            if table is None or len(table) == 0 or "code" not in table.columns or "name" not in table.columns:
                continue
            rows = table[table[kind_col] == kind] if kind_col else table
            for code, name in zip(rows["code"].astype(str), rows["name"].astype(str), strict=True):
                codes.add(code)
                by_name.setdefault(name, set()).add(code)
        if not by_name:
            continue
        changed = 0
        values = frame[column].tolist()
        for i, v in enumerate(values):
            if isinstance(v, str) and v not in codes and len(by_name.get(v, ())) == 1:
                values[i] = next(iter(by_name[v]))
                changed += 1
        if changed:
            frame[column] = values
            notes.append(f"{changed} {column} names replaced by their codes")
    return notes


def _refusal(source: Source, errors: list[Problem], skip_hint: bool) -> InputError:
    rows: dict[int, Problem] = {}
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


def _import_file(path, layer: str, project, options: ImportOptions) -> ImportResult:
    if layer not in LAYERS:
        raise InputError("bad_layer", f"no layer {layer!r} (layers: {', '.join(LAYERS)})")
    schema = LAYERS[layer]
    source = read_source(path, options)
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
    warnings.extend(_codes_for_names(layer, frame, project))
    problems: list[Problem] = []
    crs_label = None
    if schema.geometry is not None:
        geoms, coord_problems = _points(source, mapping, layer, rows)
        problems.extend(coord_problems)
        if geoms is None:
            if source.geometry is None:
                raise InputError(
                    "missing_column",
                    "no coordinates: the file has no longitude/latitude (经度/纬度, lon/lat) or WKT column; "
                    "name them with --field lon=COLUMN --field lat=COLUMN",
                    file=source.file,
                )
            geoms = np.asarray(source.geometry.values, dtype=object)
        series = gpd.GeoSeries(geoms, index=frame.index)
        chosen = _choose_crs(source, options, series, warnings)
        crs_label = chosen.label
        series = to_project_crs(series, chosen)
        frame = gpd.GeoDataFrame(frame, geometry=series, crs=CRS)
        frame, repaired = repair(layer, frame, rows=rows)
        problems.extend(repaired)
    existing = None
    if project is not None and not options.replace:
        existing = project[layer]
    found = validate_layer(layer, frame, project, rows=rows, labels=labels, existing=existing)
    coordinate_rows = {p.row for p in problems if p.code == "wrong_type" and p.field == "geometry"}
    found = [p for p in found if not (p.code == "empty_geometry" and p.row in coordinate_rows)]
    problems.extend(found)
    if len(frame) == 0:
        raise InputError("empty_file", "no data rows to import" + (" after --where" if filtered else ""), file=source.file)
    whole = [p for p in problems if p.row is None and p.severity == ERROR]
    if whole:
        raise InputError(whole[0].code, _missing_column_line(layer, whole[0]), file=source.file, field=whole[0].field)
    errors = [p for p in problems if p.severity == ERROR]
    if errors and not options.skip_invalid:
        raise _refusal(source, errors, skip_hint=True)
    bad_rows: dict[int, list[str]] = {}
    for p in errors:
        bad_rows.setdefault(p.row, []).append(p.message)
    keep = np.array([r not in bad_rows for r in rows], dtype=bool)
    if errors and not keep.any():
        raise _refusal(source, errors, skip_hint=False)
    good = frame[keep]
    warnings.extend(p.line() for p in problems if p.severity == WARNING and p.row not in bad_rows)
    skipped = [{"row": r, "reason": "; ".join(msgs)} for r, msgs in sorted(bad_rows.items())]
    return ImportResult(
        layer=layer,
        file=source.file,
        frame=finish(layer, good),
        skipped=skipped,
        warnings=warnings,
        crs=crs_label,
        encoding=source.encoding,
        filtered=filtered,
        problems=problems,
    )


def finish(layer: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Checked rows as the layer's typed columns (raw spellings converted)."""
    schema = LAYERS[layer]
    out = frame.copy()
    for c in schema.columns:
        if c.name not in out.columns:
            continue
        values = out[c.name].tolist()
        if c.kind == "int":
            out[c.name] = [int(round(parse_number(v) or 0)) for v in values]
        elif c.kind == "float":
            out[c.name] = [np.nan if parse_number(v) is None else parse_number(v) for v in values]
        elif c.kind == "bool":
            out[c.name] = [to_bool(v) for v in values]
        else:
            out[c.name] = ["" if _is_blank(v) else (_text(v) or "") for v in values]
    return coerce(layer, out.reset_index(drop=True))


def import_into_project(
    project_path: str | os.PathLike, layer: str, path: str | os.PathLike, options: ImportOptions | None = None
) -> ImportResult:
    """Import ``path`` into ``layer`` of the project file and save it atomically.

    The project is read and written under its lock; on any refusal nothing is written.
    """
    from layers.locking import ProjectLock
    from layers.project import Project

    options = options or ImportOptions()
    project_path = Path(project_path)
    with ProjectLock(project_path.resolve()):
        project = Project.open(project_path)
        result = import_file(path, layer, project, options)
        if options.replace:
            combined = result.frame
        else:
            current = project[layer]
            combined = pd.concat([current, result.frame], ignore_index=True) if len(current) else result.frame
            if isinstance(result.frame, gpd.GeoDataFrame):
                combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS)
        project[layer] = combined
        project.save()
    return result
