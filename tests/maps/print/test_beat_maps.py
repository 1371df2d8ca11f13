"""Wall-ready beat maps: the subject labelled first, one symbol per post, selections, the
sign-off block, full member lists on continuation sheets, overview pages and A3 landscape."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from gisdesk.services.grids import GridParams, compute_grids, grids_command
from layers.project import Project
from layers.standard import Standard
from maps.print.credits import KEYS
from maps.print.pages import PagePlanner, Selection
from tests.gisdesk.services.grids.test_plan import X0, Y0, _town

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
OFFICE_AT = (X0 + 0.003, Y0 + 0.003)


def _plan_town() -> Project:
    """The town with one grid per community (long member lists), a station and its kept
    office, a proposed office serving the three villages, and a second station."""
    p = _town()
    grids_command(compute_grids(p, GridParams(standard=Standard(urban_people=30000, urban_households=10000),
                                              seed=1))).do(p)
    p["posts"] = gpd.GeoDataFrame(
        {"code": ["S01", "P1", "S02"], "name": ["城关派出所", "东关警务室", "孔庄派出所"],
         "tier": ["station", "office", "station"], "station": ["S01", "S01", "S02"],
         "officer_name": ["赵所长", "钱警官", ""], "officer_phone": ["13800000001", "13800000002", ""]},
        geometry=[Point(X0 + 0.01, Y0 + 0.01), Point(*OFFICE_AT), Point(X0 + 0.09, Y0 + 0.09)], crs=4490)
    p["plan_offices"] = gpd.GeoDataFrame(
        {"code": ["P1", "N1"], "name": ["东关警务室", "李楼村警务室"], "station": ["S01", "S01"],
         "existing": [True, False], "villages": [0, 3]},
        geometry=[Point(*OFFICE_AT), Point(X0 + 0.05, Y0 - 0.028)], crs=4490)
    villages = p["villages"]
    p["plan_assignment"] = gpd.GeoDataFrame(
        {"village": ["V1", "V2", "V3"], "office": ["N1", "N1", "N1"]},
        geometry=[LineString([(pt.x, pt.y), (X0 + 0.05, Y0 - 0.028)])
                  for pt in villages.set_index("code").loc[["V1", "V2", "V3"]].geometry], crs=4490)
    extra = gpd.GeoDataFrame({"code": ["V9"], "name": ["朱庄村"], "population": [1500], "households": [480],
                              "area_type": ["rural"], "township": ["孔庄乡"], "station": ["S02"]},
                             geometry=[Point(X0 + 0.09, Y0 + 0.08)], crs=4490)
    p["villages"] = pd.concat([villages, extra], ignore_index=True)
    p.metadata.update({KEYS["unit"]: "夏丘县公安局指挥中心", KEYS["reviewer"]: "孙审核", KEYS["date"]: "2026年11月30日"})
    return p


@pytest.fixture(scope="module")
def town_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("beat") / "town.gpkg"
    _plan_town().save(path)
    return path


def _print(path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "print", str(path), "--out", str(out), "--json", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_subject_of_every_page_is_labelled(town_path, qapp):
    from PyQt6.QtGui import QImage, QPainter

    from maps.render.renderer import render
    from maps.render.scene import MapScene
    from maps.viewport import Viewport

    project = Project.open(town_path)
    scene = MapScene.from_project(project)
    planner = PagePlanner(project, scene.epsg)
    specs = [*planner.pages("office"), *planner.pages("grid"), *planner.pages("station")]
    assert {s.kind for s in specs} == {"county", "overview", "office", "grid", "station"}
    for spec in specs:  # the map frame of an A4 page at 60 dpi
        img = QImage(450, 370, QImage.Format.Format_RGB32)
        painter = QPainter(img)
        vp = Viewport.fit(spec.area.bounds, img.width(), img.height())
        stats = render(painter, scene, vp, None, dpi_scale=60 / 96, faded_outside=spec.area, focus=spec.subject)
        painter.end()
        wanted = {(layer, i) for layer, rows in spec.subject.items() for i in rows}
        assert wanted and wanted <= stats.labelled, (spec.kind, spec.code, wanted - stats.labelled)


def test_a_kept_office_is_one_symbol(town_path, qapp):
    from PyQt6.QtGui import QImage, QPainter

    from maps.render.frame import Frame
    from maps.render.point_painters import kept_by_plan
    from maps.render.scene import MapScene
    from maps.viewport import Viewport

    project = Project.open(town_path)
    scene = MapScene.from_project(project)
    img = QImage(10, 10, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    f = Frame(painter, scene, Viewport.fit(scene.full_extent(), 10, 10), 1.0, False)
    kept = kept_by_plan(f, scene["posts"])
    painter.end()
    assert list(project["posts"]["code"][kept]) == ["P1"]  # drawn by the plan as 保留警务室, not twice


@pytest.fixture(scope="module")
def s01_text(town_path, tmp_path_factory) -> str:
    """The text of ``print --station S01``."""
    out = tmp_path_factory.mktemp("s01") / "s01.pdf"
    res = _print(town_path, out, "--station", "S01")
    assert res.returncode == 0, res.stderr
    return _text(out)


def test_station_selection_prints_its_overview_and_grids(town_path, s01_text):
    text = s01_text
    project = Project.open(town_path)
    grids = project["grids"]
    assert "城关派出所 辖区总图" in text and "孔庄派出所" not in text.split("警务区图")[0]
    for name in grids["name"]:
        assert name in text
    assert "夏丘县公安局指挥中心" in text and "孙审核" in text and "2026年11月30日" in text


def test_grid_and_office_selection_and_bad_codes(town_path, tmp_path):
    project = Project.open(town_path)
    codes = sorted(project["grids"]["code"])[:2]
    out = tmp_path / "two.pdf"
    res = _print(town_path, out, "--grid", *codes)
    assert res.returncode == 0, res.stderr
    text = _text(out)
    assert all(f"警格 {c}" in text for c in codes) and "辖区总图" not in text
    res = _print(town_path, tmp_path / "office.pdf", "--office", "N1")
    assert res.returncode == 0, res.stderr
    text = _text(tmp_path / "office.pdf")
    assert "李楼村警务室" in text and "张庄村" in text and "王集村" in text and "所属派出所" in text
    for args, code in ((["--grid", "NOPE-G9"], "NOPE-G9"), (["--office", "X77"], "X77"), (["--station", "S99"], "S99")):
        res = _print(town_path, tmp_path / "bad.pdf", *args)
        assert res.returncode == 2 and code in res.stderr, res.stderr
        assert not (tmp_path / "bad.pdf").exists()


def test_long_member_lists_continue_on_the_next_sheet(town_path, s01_text):
    text = s01_text
    project = Project.open(town_path)
    members = project["grid_members"]
    biggest = members.groupby("grid").size().idxmax()
    assert members.groupby("grid").size().max() > 30
    for unit in members.loc[members["grid"] == biggest, "member"]:
        assert unit in text  # every unit code printed somewhere, none "see elsewhere"
    assert "未列出" not in text and "续表见第" in text and "（续1）" in text


def test_whole_atlas_opens_with_the_county_and_a3_is_landscape(town_path, tmp_path):
    out = tmp_path / "a3.pdf"
    res = _print(town_path, out, "--paper", "A3", "--by", "station")
    assert res.returncode == 0, res.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    assert float(size[2]) > float(size[4])  # 1190 x 842 pt: A3 landscape
    text = _text(out)
    assert text.index("警务区总图") < text.index("城关派出所 警务区图") < text.index("孔庄派出所 警务区图")
    assert _pages(out) == 3
    assert "位置示意" in text and "派出所一览" in text


def test_selection_codes_are_checked_by_the_planner(town_path):
    project = Project.open(town_path)
    planner = PagePlanner(project, project.metric_epsg())
    sel = Selection(stations=("S01", "S9"), grids=("nope",), offices=("N1",))
    assert planner.unknown(sel) == [("station", "S9"), ("grid", "nope")]


def _greenish(png: Path) -> int:
    """Pixels of the test basemap's colour (strongly green) on a page image."""
    import numpy as np
    from PyQt6.QtGui import QImage

    img = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    bgra = np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)[:, : img.width()]
    r, g, b = bgra[..., 2].astype(int), bgra[..., 1].astype(int), bgra[..., 0].astype(int)
    return int(((g - r > 40) & (g - b > 40)).sum())


def _mbtiles(path: Path, lon: float, lat: float, colour: str, z: int = 14) -> Path:
    """A one-colour MBTiles file around (lon, lat) (needs a Qt application for the PNG)."""
    import sqlite3

    from maps.render.basemap import lonlat_to_tile
    from tests.maps.render.test_basemap import _png

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name text, value text)")
    con.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
    con.executemany("INSERT INTO metadata VALUES (?, ?)", [("minzoom", str(z)), ("maxzoom", str(z)), ("format", "png")])
    x0, y1 = lonlat_to_tile(lon - 0.1, lat - 0.1, z)
    x1, y0 = lonlat_to_tile(lon + 0.2, lat + 0.2, z)
    tile = _png(colour)
    con.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", [(z, x, (1 << z) - 1 - y, tile)
                                                              for x in range(int(x0), int(x1) + 1)
                                                              for y in range(int(y0), int(y1) + 1)])
    con.commit()
    con.close()
    return path


def test_the_basemap_is_printed_when_asked(town_path, tmp_path, qapp):
    path = _mbtiles(tmp_path / "base.mbtiles", X0, Y0, "#10b030")
    project = Project.open(town_path)
    code = sorted(project["grids"]["code"])[0]
    plain, based = tmp_path / "plain", tmp_path / "based"
    assert _print(town_path, tmp_path / "a.pdf", "--grid", code, "--png", str(plain)).returncode == 0
    res = _print(town_path, tmp_path / "b.pdf", "--grid", code, "--png", str(based), "--basemap", str(path))
    assert res.returncode == 0, res.stderr
    first = f"001_{code}.png"  # the map page (a continuation sheet follows)
    assert _greenish(based / first) > 10 * (_greenish(plain / first) + 1000)
    res = _print(town_path, tmp_path / "c.pdf", "--basemap", str(tmp_path / "missing.mbtiles"))
    assert res.returncode == 2 and "missing.mbtiles" in res.stderr
