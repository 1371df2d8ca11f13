"""Reading what can be read from a damaged GeoPackage, straight through SQLite.

When GDAL refuses a file (a damaged page in its catalogue tables), each layer's table may
still be readable row by row. GeoPackage geometry blobs are a small header followed by
standard WKB, so shapely decodes them without GDAL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from layers.schema import CRS, LAYERS
from layers.sql import identifier

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_blob_to_geometry(blob: bytes | None):
    """Decode one GeoPackage geometry blob (None for empty or undecodable)."""
    if not blob or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)
    if flags & 0x10:  # empty geometry flag
        return None
    try:
        return shapely.from_wkb(bytes(blob[8 + envelope :]))
    except Exception:
        return None


def read_table(path: Path, name: str) -> pd.DataFrame:
    """Rows of one layer that SQLite can still read; raises sqlite3.DatabaseError if none."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cur = con.execute(f"SELECT * FROM {identifier(name)}")
        columns = [d[0] for d in cur.description]
        rows = []
        while True:
            try:
                row = cur.fetchone()
            except sqlite3.DatabaseError:
                break
            if row is None:
                break
            rows.append(row)
    finally:
        con.close()
    frame = pd.DataFrame(rows, columns=columns).drop(columns=["fid"], errors="ignore")
    schema = LAYERS[name]
    if schema.geometry is None:
        return frame
    geom_col = "geom" if "geom" in frame.columns else ("geometry" if "geometry" in frame.columns else None)
    geoms = [gpkg_blob_to_geometry(b) for b in frame[geom_col]] if geom_col else [None] * len(frame)
    if geom_col:
        frame = frame.drop(columns=[geom_col])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)



