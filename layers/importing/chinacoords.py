"""China's obfuscated web-map coordinates: GCJ-02 (Amap, Tencent) and BD-09 (Baidu).

Village coordinates copied from Amap or Baidu are not WGS-84: GCJ-02 adds a smooth,
deliberately non-linear offset of a few hundred metres, and BD-09 adds a further shift
on top of GCJ-02. The forward formulas are public; there is no closed-form inverse, so
:func:`gcj02_to_wgs84` and :func:`bd09_to_gcj02` solve ``forward(x) = target`` by fixed
point iteration until the forward transform of the answer is within about 0.1 mm of the
input (the offset's derivative is tiny, so a handful of steps suffice). CGCS2000 and
WGS-84 differ by centimetres, below what these datasets resolve, so WGS-84 output is
used directly as EPSG:4490.

All functions take and return numpy arrays (or scalars) of longitudes and latitudes in
degrees. Points outside China's rectangle are left unchanged, as the formula's
published implementations do.
"""

from __future__ import annotations

import numpy as np

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

_TOLERANCE_DEG = 1e-9  # ~0.1 mm: the inverse stops when forward(answer) is this close
_MAX_ITERATIONS = 30


def in_china(lon, lat) -> np.ndarray:
    """True where the GCJ-02 offset applies (the rectangle the published formula uses)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _transform_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def _arrays(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    lon_a = np.array(lon, dtype=float, copy=True)
    lat_a = np.array(lat, dtype=float, copy=True)
    if lon_a.shape != lat_a.shape:
        raise ValueError("longitude and latitude arrays differ in shape")
    return lon_a, lat_a


def _result(lon: np.ndarray, lat: np.ndarray, like_lon, like_lat):
    if np.ndim(like_lon) == 0 and np.ndim(like_lat) == 0:
        return float(lon), float(lat)
    return lon, lat


def wgs84_to_gcj02(lon, lat):
    """The GCJ-02 coordinates Amap shows for a WGS-84 (or CGCS2000) position."""
    x, y = _arrays(lon, lat)
    inside = in_china(x, y) & np.isfinite(x) & np.isfinite(y)
    everywhere = bool(inside.all())
    xs, ys = (x, y) if everywhere else (x[inside], y[inside])
    dlat = _transform_lat(xs - 105.0, ys - 35.0)
    dlon = _transform_lon(xs - 105.0, ys - 35.0)
    radlat = ys / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(radlat) * np.pi)
    if everywhere:
        return _result(xs + dlon, ys + dlat, lon, lat)
    x[inside] = xs + dlon
    y[inside] = ys + dlat
    return _result(x, y, lon, lat)


def gcj02_to_bd09(lon, lat):
    """Baidu's BD-09 coordinates for a GCJ-02 position."""
    x, y = _arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return _result(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, lon, lat)


def _bd09_to_gcj02_approx(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = x - 0.0065
    y = y - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(forward, target_x: np.ndarray, target_y: np.ndarray, x: np.ndarray, y: np.ndarray):
    """Solve forward(x, y) == target by fixed-point steps x -= forward(x) - target."""
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        dx = fx - target_x
        dy = fy - target_y
        finite = np.isfinite(dx) & np.isfinite(dy)
        if not np.any(finite) or np.nanmax(np.maximum(np.abs(dx), np.abs(dy))[finite]) < _TOLERANCE_DEG:
            break
        x = x - np.where(finite, dx, 0.0)
        y = y - np.where(finite, dy, 0.0)
    return x, y


def gcj02_to_wgs84(lon, lat):
    """WGS-84 (= CGCS2000 here) for a GCJ-02 position: the exact inverse, to ~0.1 mm."""
    tx, ty = _arrays(lon, lat)
    x, y = _invert(_forward_gcj, tx, ty, tx.copy(), ty.copy())
    return _result(x, y, lon, lat)


def bd09_to_gcj02(lon, lat):
    """GCJ-02 for a BD-09 position, inverted iteratively against :func:`gcj02_to_bd09`."""
    tx, ty = _arrays(lon, lat)
    x0, y0 = _bd09_to_gcj02_approx(tx, ty)
    x, y = _invert(_forward_bd, tx, ty, x0, y0)
    return _result(x, y, lon, lat)


def wgs84_to_bd09(lon, lat):
    """BD-09 for a WGS-84 (= CGCS2000) position."""
    gx, gy = wgs84_to_gcj02(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    bx, by = gcj02_to_bd09(gx, gy)
    return _result(np.asarray(bx), np.asarray(by), lon, lat)


def bd09_to_wgs84(lon, lat):
    """WGS-84 (= CGCS2000) for a BD-09 position."""
    gx, gy = bd09_to_gcj02(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    wx, wy = gcj02_to_wgs84(gx, gy)
    return _result(np.asarray(wx), np.asarray(wy), lon, lat)


def _forward_gcj(x: np.ndarray, y: np.ndarray):
    return wgs84_to_gcj02(x, y)


def _forward_bd(x: np.ndarray, y: np.ndarray):
    return gcj02_to_bd09(x, y)


TO_CGCS2000 = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}
"""Converters from each web-map system to CGCS2000 longitude/latitude."""
