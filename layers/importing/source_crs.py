"""Which coordinate system the imported coordinates are in, and turning them into EPSG:4490.

A source CRS is either a real CRS (anything pyproj understands: ``4490``, ``EPSG:4527``,
``wgs84``, a WKT string) or one of China's web-map systems ``gcj02`` / ``bd09``, which
are not CRSs at all but obfuscations of WGS-84 (see :mod:`layers.importing.chinacoords`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pyproj
import shapely

from layers.errors import InputError
from layers.importing.chinacoords import TO_CGCS2000
from layers.schema import CRS as PROJECT_CRS

_WEB_MAP = {
    "gcj02": "gcj02",
    "gcj": "gcj02",
    "amap": "gcj02",
    "gaode": "gcj02",
    "tencent": "gcj02",
    "mars": "gcj02",
    "高德": "gcj02",
    "火星": "gcj02",
    "火星坐标": "gcj02",
    "bd09": "bd09",
    "bd09ll": "bd09",
    "baidu": "bd09",
    "百度": "bd09",
}

_NAMED = {
    "cgcs2000": "EPSG:4490",
    "cgcs": "EPSG:4490",
    "国家2000": "EPSG:4490",
    "2000": "EPSG:4490",
    "wgs84": "EPSG:4326",
    "wgs": "EPSG:4326",
    "gps": "EPSG:4326",
    "webmercator": "EPSG:3857",
    "mercator": "EPSG:3857",
    "pseudomercator": "EPSG:3857",
}


@dataclass(frozen=True)
class SourceCRS:
    """The coordinate system of incoming coordinates.

    ``web`` is ``"gcj02"`` or ``"bd09"`` for the Chinese web-map systems (then ``crs``
    is EPSG:4490, the frame they obfuscate); otherwise ``crs`` is the real CRS.
    """

    crs: pyproj.CRS
    web: str | None = None

    @property
    def label(self) -> str:
        """How the summary names it: ``gcj02``, ``bd09`` or ``EPSG:nnnn`` (else the CRS name)."""
        if self.web:
            return self.web
        epsg = self.crs.to_epsg(min_confidence=70)
        return f"EPSG:{epsg}" if epsg else self.crs.name

    @property
    def is_geographic(self) -> bool:
        return self.web is not None or self.crs.is_geographic


def parse_crs(text: str, option: str = "--crs") -> SourceCRS:
    """Interpret a user's CRS spelling; InputError naming ``option`` if it is not one."""
    raw = (text or "").strip()
    key = re.sub(r"[\s_\-.]", "", raw.lower())
    if key in _WEB_MAP:
        return SourceCRS(pyproj.CRS.from_user_input(PROJECT_CRS), _WEB_MAP[key])
    if key in _NAMED:
        return SourceCRS(pyproj.CRS.from_user_input(_NAMED[key]))
    m = re.fullmatch(r"(?:epsg:?)?(\d{4,6})", key)
    candidate = f"EPSG:{m.group(1)}" if m else raw
    try:
        return SourceCRS(pyproj.CRS.from_user_input(candidate))
    except (pyproj.exceptions.CRSError, TypeError, ValueError) as exc:
        raise InputError(
            "bad_crs",
            f"{option}: unknown coordinate system {raw!r} "
            "(use an EPSG code such as 4490 or 4527, gcj02 or bd09)",
        ) from exc


def from_declared(crs) -> SourceCRS | None:
    """The CRS a file declares (a pyproj CRS, text or None)."""
    if crs is None:
        return None
    try:
        return SourceCRS(pyproj.CRS.from_user_input(crs))
    except (pyproj.exceptions.CRSError, TypeError, ValueError):
        return None


def looks_geographic(geometries: gpd.GeoSeries) -> bool:
    """True when (nearly) every coordinate could be a longitude/latitude in degrees.

    A few stray rows (a typo such as 200,95) must not make a whole file look projected:
    those rows are left for validation, which names them.
    """
    coords = shapely.get_coordinates(np.asarray(geometries.values, dtype=object))
    if len(coords) == 0:
        return True
    finite = coords[np.all(np.isfinite(coords), axis=1)]
    if len(finite) == 0:
        return True
    inside = (np.abs(finite[:, 0]) <= 180.0) & (np.abs(finite[:, 1]) <= 90.0)
    return bool(inside.mean() >= 0.95) if len(finite) >= 20 else bool(inside.all())


def to_project_crs(geometries: gpd.GeoSeries, source: SourceCRS) -> gpd.GeoSeries:
    """``geometries`` (in ``source``) as EPSG:4490 longitude/latitude."""
    if source.web:
        convert = TO_CGCS2000[source.web]

        def _fix(coords: np.ndarray) -> np.ndarray:
            # Only real longitudes/latitudes are web-map positions; the rest stay as they
            # are for validation to name the row.
            out = coords.copy()
            ok = (np.isfinite(coords).all(axis=1) & (np.abs(coords[:, 0]) <= 180.0)
                  & (np.abs(coords[:, 1]) <= 90.0))
            if ok.any():
                out[ok, 0], out[ok, 1] = convert(coords[ok, 0], coords[ok, 1])
            return out

        values = shapely.transform(np.asarray(geometries.values, dtype=object), _fix)
        return gpd.GeoSeries(values, index=geometries.index, crs=PROJECT_CRS)
    series = gpd.GeoSeries(geometries.values, index=geometries.index, crs=source.crs)
    out = series.to_crs(PROJECT_CRS)
    return out
