"""Basemaps: a tiny MBTiles file made here, and an XYZ template over file:// (no network)."""

from __future__ import annotations

import sqlite3

import pytest
from PyQt6.QtCore import QBuffer, QIODevice
from PyQt6.QtGui import QColor, QImage

from maps.render.basemap import Basemap, MBTilesSource, XYZSource, lonlat_to_tile, tile_to_lonlat
from maps.render.renderer import render_image
from maps.style.symbology import default_styles
from maps.viewport import Viewport

Z = 13


def _png(color: str) -> bytes:
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


def _tiles_over(scene):
    lon0, lat0 = scene.to_lonlat(*scene.full_extent()[:2])
    lon1, lat1 = scene.to_lonlat(*scene.full_extent()[2:])
    x0, y1 = lonlat_to_tile(lon0 - 0.05, lat0 - 0.05, Z)
    x1, y0 = lonlat_to_tile(lon1 + 0.05, lat1 + 0.05, Z)
    return [(int(x), int(y)) for x in range(int(x0), int(x1) + 1) for y in range(int(y0), int(y1) + 1)]


@pytest.fixture
def mbtiles(tmp_path, scene):
    path = tmp_path / "tiny.mbtiles"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name text, value text)")
    con.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [("minzoom", str(Z)), ("maxzoom", str(Z)), ("format", "png")])
    red = _png("#d04040")
    for x, y in _tiles_over(scene):
        con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (Z, x, (1 << Z) - 1 - y, red))
    con.commit()
    con.close()
    return path


def test_tile_maths_round_trip():
    x, y = lonlat_to_tile(113.6, 34.7, 12)
    assert tile_to_lonlat(x, y, 12) == pytest.approx((113.6, 34.7))


def test_mbtiles_source_flips_rows(mbtiles, scene):
    src = MBTilesSource(mbtiles)
    assert (src.min_zoom, src.max_zoom) == (Z, Z)
    x, y = _tiles_over(scene)[0]
    assert QImage.fromData(src.get(Z, x, y)).pixelColor(5, 5) == QColor("#d04040")
    assert src.get(Z, x, (1 << Z) - 1 - y) is None


def test_basemap_draws_after_tiles_arrive(qtbot, mbtiles, scene):
    basemap = Basemap(MBTilesSource(mbtiles))
    try:
        vp = Viewport.fit(scene.full_extent(), 400, 300)
        styles = default_styles()
        for s in styles.values():
            s.visible = False
        img, _ = render_image(scene, vp, styles, basemap=basemap)  # queues the tiles, draws none
        assert img.pixelColor(200, 150) != QColor("#d04040")
        qtbot.waitUntil(lambda: all(basemap._cached(k)[0] for k in basemap.tiles_for(vp, scene)[1]), timeout=5000)
        img, _ = render_image(scene, vp, styles, basemap=basemap)
        assert img.pixelColor(200, 150) == QColor("#d04040")
    finally:
        basemap.shutdown()


def test_xyz_source_uses_disk_cache(tmp_path):
    tiles = tmp_path / "server"
    (tiles / "5" / "3").mkdir(parents=True)
    (tiles / "5" / "3" / "7.png").write_bytes(_png("#3060a0"))
    src = XYZSource((tiles.as_uri()) + "/{z}/{x}/{y}.png", cache_dir=tmp_path / "cache")
    data = src.get(5, 3, 7)
    assert QImage.fromData(data).pixelColor(1, 1) == QColor("#3060a0")
    (tiles / "5" / "3" / "7.png").unlink()
    assert src.get(5, 3, 7) == data  # served from the disk cache now
    assert src.get(5, 3, 8) is None
    with pytest.raises(ValueError):
        XYZSource("http://example/{z}/{x}.png")


def test_canvas_rerenders_when_tiles_arrive(qtbot, mbtiles, scene):
    from maps.canvas import MapCanvas

    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(400, 300)
    c.show()
    for name in list(c.styles):
        c.styles[name].visible = False
    with qtbot.waitSignal(c.render_finished, timeout=10000):
        c.set_scene(scene)
    with qtbot.waitSignal(c.render_finished, timeout=10000):
        c.set_basemap(Basemap(MBTilesSource(mbtiles)))
    qtbot.waitUntil(lambda: c.image is not None and c.image.pixelColor(200, 150) == QColor("#d04040"), timeout=10000)
    c.close()
    assert c.basemap._pool._shutdown
