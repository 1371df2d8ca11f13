"""Reading vector files (Shapefile, GeoPackage, GeoJSON) into a :class:`Source`.

GDAL is robust but its failures are exceptions of many types and its encoding guesses
are wrong for GBK shapefiles without a ``.cpg``; so every file is checked first (magic
numbers, a consistent DBF header, the shapefile's companions) and read with an explicit
encoding, and anything GDAL still rejects becomes one :class:`InputError` line.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers.errors import InputError
from layers.importing import encoding as enc
from layers.importing.source import Source
from layers.importing.source_crs import from_declared

VECTOR_SUFFIXES = {".shp", ".gpkg", ".geojson", ".json"}


def _read(*args, **kwargs):
    """pyogrio.read_dataframe without GDAL's chatter on stderr (problems raise or get checked)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pyogrio.read_dataframe(*args, **kwargs)


def _mask(path, area, layer=None) -> dict:
    """pyogrio's ``mask`` keyword for a clip ``area`` (EPSG:4490), in the file's CRS."""
    if area is None:
        return {}
    from layers.importing.clip import reader_mask

    try:
        crs = pyogrio.read_info(path, layer=layer).get("crs")
    except Exception:  # the read itself reports an unreadable file
        crs = None
    return {"mask": reader_mask(area, crs)}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _sibling(path: Path, suffix: str) -> Path | None:
    for s in (suffix, suffix.upper()):
        p = path.with_suffix(s)
        if p.exists():
            return p
    return None


def _frame_to_source(frame, file: str, encoding: str | None) -> Source:
    if isinstance(frame, gpd.GeoDataFrame):
        geometry = gpd.GeoSeries(frame.geometry.values, crs=frame.crs).reset_index(drop=True)
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        crs = from_declared(frame.crs)
    else:
        geometry, crs, table = None, None, pd.DataFrame(frame)
    table = table.astype(object).reset_index(drop=True)
    table.columns = [str(c) for c in table.columns]
    rows = list(range(1, len(table) + 1))
    return Source(file, table, rows, geometry, crs, encoding)


def read_shapefile(path: Path, encoding: str | None = None, area=None) -> Source:
    """A shapefile and its companions; encoding from ``encoding``, the .cpg, or the bytes."""
    file = path.name
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or int.from_bytes(head[0:4], "big") != 9994:
        raise InputError("bad_shapefile", "not a shapefile (bad .shp header)", file=file)
    dbf = _sibling(path, ".dbf")
    if dbf is None:
        raise InputError("bad_shapefile", "the .dbf attribute file is missing", file=file)
    if _sibling(path, ".shx") is None:
        raise InputError("bad_shapefile", "the .shx index file is missing", file=file)
    enc.dbf_layout(dbf.read_bytes(), file=dbf.name)
    warnings = []
    cpg = enc.read_cpg(path)
    chosen = encoding or cpg or enc.dbf_text_encoding(dbf)
    if not encoding and cpg == enc.UTF8 and enc.dbf_text_encoding(dbf) == enc.GB:
        chosen = enc.GB  # a .cpg claiming UTF-8 over GBK bytes: believe the bytes
        warnings.append("the .cpg says UTF-8 but the text is not; read as GBK (GB18030)")
    try:
        # Latin-1 passes every byte through unchanged; the text is decoded here, where a
        # name or value cut in the middle of a character by the 10-byte / field-width
        # limits can be handled, instead of failing inside GDAL.
        frame = _read(path, encoding="ISO-8859-1", **_mask(path, area))
    except Exception as exc:  # GDAL raises several types for damaged files
        raise InputError("unreadable", f"cannot read the shapefile ({_first_line(exc)})", file=file) from exc
    frame = _recode(frame, chosen, file)
    src = _frame_to_source(frame, file, chosen)
    src.warnings.extend(warnings)
    return src


def _recode_text(text: str, encoding: str, file: str) -> str:
    raw = text.encode("latin-1")
    for cut in range(4):
        try:
            return raw[: len(raw) - cut].decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        "bad_encoding", f"the attribute text is not valid {encoding}; give the right --encoding", file=file
    )


def _recode(frame, encoding: str, file: str):
    """Decode the Latin-1 pass-through strings (names and values) with the real encoding."""
    geometry_name = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    renames = {c: _recode_text(c, encoding, file) for c in frame.columns if c != geometry_name}
    for column in renames:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = frame[column].astype(object).map(
                lambda v: _recode_text(v, encoding, file) if isinstance(v, str) else v
            )
    return frame.rename(columns=renames)


def read_geopackage(path: Path, source_layer: str | None = None, area=None) -> Source:
    """One layer of a GeoPackage: ``source_layer`` or the first one."""
    file = path.name
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError("bad_geopackage", "not a GeoPackage (not an SQLite file)", file=file)
    try:
        layers = [str(n) for n, _g in pyogrio.list_layers(path)]
    except Exception as exc:
        raise InputError("unreadable", f"cannot read the GeoPackage ({_first_line(exc)})", file=file) from exc
    if not layers:
        raise InputError("empty_file", "the GeoPackage has no layers", file=file)
    warnings = []
    if source_layer is None:
        layer = layers[0]
        if len(layers) > 1:
            warnings.append(f"read layer {layer} of {len(layers)} (choose with --source-layer: {', '.join(layers)})")
    elif source_layer in layers:
        layer = source_layer
    else:
        raise InputError(
            "bad_option", f"--source-layer: no layer {source_layer!r} (layers: {', '.join(layers)})", file=file
        )
    try:
        frame = _read(path, layer=layer, **_mask(path, area, layer))
    except Exception as exc:
        raise InputError("unreadable", f"cannot read layer {layer} ({_first_line(exc)})", file=file) from exc
    src = _frame_to_source(frame, file, enc.UTF8)
    src.warnings.extend(warnings)
    return src


def read_geojson(path: Path, encoding: str | None = None) -> Source:
    """GeoJSON; bytes that are not UTF-8 are decoded as GB18030 and handed to GDAL as UTF-8."""
    file = path.name
    text, used = enc.decode(path.read_bytes(), encoding, file=file)
    if not text.strip():
        raise InputError("empty_file", "the file is empty", file=file)
    if not text.lstrip().startswith(("{", "[")):
        raise InputError("bad_geojson", "not GeoJSON (does not start with '{')", file=file)
    try:
        frame = _read(io.BytesIO(text.encode("utf-8")))
    except Exception as exc:
        raise InputError("bad_geojson", f"broken GeoJSON ({_first_line(exc)})", file=file) from exc
    # RFC 7946 GeoJSON is WGS-84 unless it says otherwise, and GDAL declares it so; a
    # file in metres that forgot to say so is caught by the check on coordinates.
    return _frame_to_source(frame, file, used)
