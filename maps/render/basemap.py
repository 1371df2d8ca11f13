"""Optional basemap tiles under the map: none by default (the police intranet is offline).

Two sources, both Web-Mercator XYZ tiles (256 px):

- :class:`MBTilesSource` -- a local ``.mbtiles`` file (SQLite, TMS row order).
- :class:`XYZSource` -- a URL template such as ``http://tiles.intranet/{z}/{x}/{y}.png``
  (an intranet tile server, or Tianditu with the user's key), with a disk cache. Nothing
  is fetched unless such a URL is configured; ``file://`` templates work too.

:class:`Basemap` is what the canvas and the renderer use::

    basemap = Basemap(MBTilesSource("city.mbtiles"), opacity=0.8)
    canvas.set_basemap(basemap)          # the canvas re-renders when tiles arrive
    render(painter, scene, vp, styles, basemap=basemap)   # draws the tiles it has
    basemap.load_visible(vp, scene, wait=True)            # print: fetch first, then render
    basemap.shutdown()                   # joins the loader threads

``draw`` never blocks: it paints the tiles already in memory (or a coarser cached parent
tile stretched) and queues the missing ones on loader threads; ``tile_ready`` fires as
each arrives. Tiles are warped into the Gauss-Krüger map by their four corners.
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import threading
import urllib.request
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from PyQt6.QtCore import QObject, QPointF, QRectF, pyqtSignal
from PyQt6.QtGui import QImage, QPainter, QPolygonF, QTransform

TILE = 256
MAX_TILES_PER_VIEW = 96
MERCATOR_MPP0 = 156543.03392804097
"""Metres per pixel of zoom level 0 at the equator."""


class TileSource:
    """Where tile bytes come from; ``get`` may block and is called from loader threads."""

    min_zoom = 0
    max_zoom = 18

    def get(self, z: int, x: int, y: int) -> bytes | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class MBTilesSource(TileSource):
    """Tiles from a local MBTiles file (rows are stored bottom-up, TMS style)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(self.path)
        self._local = threading.local()
        meta = dict(self._con().execute("SELECT name, value FROM metadata").fetchall())
        zooms = self._con().execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        self.min_zoom = int(meta.get("minzoom", zooms[0] if zooms[0] is not None else 0))
        self.max_zoom = int(meta.get("maxzoom", zooms[1] if zooms[1] is not None else 18))
        self.metadata = meta

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def get(self, z: int, x: int, y: int) -> bytes | None:
        row = self._con().execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return bytes(row[0]) if row else None


class XYZSource(TileSource):
    """Tiles from a URL template (``{z} {x} {y}``, optional ``{s}``) with a disk cache."""

    def __init__(self, template: str, cache_dir: str | os.PathLike | None = None, *,
                 min_zoom: int = 0, max_zoom: int = 18, subdomains: str = "abc", timeout: float = 10.0):
        if not all(k in template for k in ("{z}", "{x}", "{y}")):
            raise ValueError("the tile URL needs {z}, {x} and {y}")
        self.template, self.min_zoom, self.max_zoom = template, min_zoom, max_zoom
        self.subdomains, self.timeout = subdomains, timeout
        key = hashlib.sha1(template.encode()).hexdigest()[:12]
        base = Path(cache_dir) if cache_dir else Path.home() / ".cache" / "gisdesk" / "tiles"
        self.cache_dir = base / key

    def url(self, z: int, x: int, y: int) -> str:
        s = self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else ""
        return self.template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)).replace("{s}", s)

    def get(self, z: int, x: int, y: int) -> bytes | None:
        path = self.cache_dir / str(z) / str(x) / f"{y}.tile"
        if path.exists():
            return path.read_bytes()
        req = urllib.request.Request(self.url(z, x, y), headers={"User-Agent": "gisdesk"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                data = resp.read()
        except (OSError, ValueError):
            return None
        if data:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".part{threading.get_ident()}")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return data or None


# ---------------------------------------------------------------------- tile maths
def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional Web-Mercator tile coordinates of a point."""
    n = 1 << z
    lat = max(min(lat, 85.05112878), -85.05112878)
    r = math.radians(lat)
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n


def tile_to_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    n = 1 << z
    return x / n * 360.0 - 180.0, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))


def zoom_for(mpp: float, lat: float, lo: int = 0, hi: int = 18) -> int:
    """The tile zoom whose pixels are closest to ``mpp`` metres at latitude ``lat``."""
    z = round(math.log2(max(MERCATOR_MPP0 * math.cos(math.radians(lat)) / max(mpp, 1e-6), 1.0)))
    return int(min(max(z, lo), hi))


class Basemap(QObject):
    """Tiles of a :class:`TileSource` drawn under the map; see the module docstring."""

    tile_ready = pyqtSignal()

    def __init__(self, source: TileSource, opacity: float = 1.0, memory_tiles: int = 512, workers: int = 4):
        super().__init__()
        self.source = source
        self.opacity = opacity
        self._memory: OrderedDict[tuple[int, int, int], QImage | None] = OrderedDict()
        self._limit = memory_tiles
        self._lock = threading.Lock()
        self._pending: set[tuple[int, int, int]] = set()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tiles")
        self._closed = False

    # ------------------------------------------------------------------ loading
    def _cached(self, key):
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return True, self._memory[key]
        return False, None

    def _load(self, key) -> None:
        try:
            data = None if self._closed else self.source.get(*key)
        except Exception:
            data = None
        img = QImage.fromData(data) if data else None
        if img is not None and img.isNull():
            img = None
        with self._lock:
            self._memory[key] = img
            self._pending.discard(key)
            while len(self._memory) > self._limit:
                self._memory.popitem(last=False)
        if img is not None and not self._closed:
            self.tile_ready.emit()

    def request(self, key) -> object | None:
        """Queue a tile unless cached or pending; returns the future when queued."""
        with self._lock:
            if self._closed or key in self._memory or key in self._pending:
                return None
            self._pending.add(key)
        return self._pool.submit(self._load, key)

    def tiles_for(self, viewport, scene, dpi_scale: float = 1.0) -> tuple[int, list[tuple[int, int, int]]]:
        """The zoom level and tile keys covering ``viewport`` (capped at MAX_TILES_PER_VIEW)."""
        x0, y0, x1, y1 = viewport.extent
        xs, ys = [x0, x1, x0, x1], [y0, y0, y1, y1]
        lons, lats = scene.to_lonlat(xs, ys)
        lat_c = sum(lats) / 4.0
        z = zoom_for(viewport.mpp, lat_c, self.source.min_zoom, self.source.max_zoom)
        while True:
            tx = [lonlat_to_tile(lo, la, z) for lo, la in zip(lons, lats, strict=True)]
            ax0, ax1 = int(min(t[0] for t in tx)), int(max(t[0] for t in tx))
            ay0, ay1 = int(min(t[1] for t in tx)), int(max(t[1] for t in tx))
            if (ax1 - ax0 + 1) * (ay1 - ay0 + 1) <= MAX_TILES_PER_VIEW or z <= self.source.min_zoom:
                break
            z -= 1
        n = 1 << z
        keys = [(z, x, y) for y in range(max(ay0, 0), min(ay1, n - 1) + 1) for x in range(max(ax0, 0), min(ax1, n - 1) + 1)]
        return z, keys[:MAX_TILES_PER_VIEW * 2]

    def load_visible(self, viewport, scene, dpi_scale: float = 1.0, wait_s: float | None = 30.0) -> None:
        """Fetch the tiles of a view (and wait for them when ``wait_s``): for printing."""
        _z, keys = self.tiles_for(viewport, scene, dpi_scale)
        futures = [f for f in (self.request(k) for k in keys) if f is not None]
        if wait_s and futures:
            wait(futures, timeout=wait_s)

    # ------------------------------------------------------------------ drawing
    def draw(self, painter: QPainter, viewport, scene, dpi_scale: float = 1.0) -> None:
        """Paint the cached tiles of the view; queue the missing ones. Never blocks."""
        if self._closed:
            return
        _z, keys = self.tiles_for(viewport, scene, dpi_scale)
        painter.save()
        painter.setOpacity(painter.opacity() * self.opacity)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for key in keys:
            found, img = self._cached(key)
            if not found:
                self.request(key)
            if img is None:
                img, sub = self._parent(key)
                if img is None:
                    continue
            else:
                sub = QRectF(0, 0, img.width(), img.height())
            self._draw_tile(painter, viewport, scene, key, img, sub)
        painter.restore()

    def _parent(self, key):
        """A cached ancestor tile and the part of it that covers ``key``."""
        z, x, y = key
        for up in range(1, 6):
            if z - up < 0:
                break
            pk = (z - up, x >> up, y >> up)
            found, img = self._cached(pk)
            if found and img is not None:
                k = 1 << up
                w = img.width() / k
                return img, QRectF((x % k) * w, (y % k) * w, w, w)
        return None, None

    def _draw_tile(self, painter, viewport, scene, key, img: QImage, sub: QRectF) -> None:
        z, x, y = key
        corners = [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]
        ll = [tile_to_lonlat(cx, cy, z) for cx, cy in corners]
        wx, wy = scene.from_lonlat([c[0] for c in ll], [c[1] for c in ll])
        sx, sy = viewport.world_to_screen(wx, wy)
        # 0.5 px of overlap hides hairline seams between neighbouring tiles
        cx, cy = sum(sx) / 4, sum(sy) / 4
        quad = QPolygonF([QPointF(a + (0.5 if a > cx else -0.5), b + (0.5 if b > cy else -0.5)) for a, b in zip(sx, sy, strict=True)])
        src = QPolygonF([sub.topLeft(), sub.topRight(), sub.bottomRight(), sub.bottomLeft()])
        t = QTransform()
        if not QTransform.quadToQuad(src, quad, t):
            return
        painter.save()
        painter.setTransform(t, True)
        painter.drawImage(sub, img, sub)
        painter.restore()

    def shutdown(self) -> None:
        """Stop loading and join the loader threads."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.source.close()
