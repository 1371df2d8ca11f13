"""The beat-map atlas: pages, embedded fonts, extractable Chinese text, PNG pages, atomic output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gisdesk.services.grids import GridParams, compute_grids, grids_command
from maps.print.pages import PagePlanner
from tests.gisdesk.services.grids.test_plan import _town

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def town_path(tmp_path_factory) -> Path:
    p = _town()
    grids_command(compute_grids(p, GridParams(seed=1))).do(p)
    grids = p["grids"].copy()
    grids.loc[grids["code"] == "C1-G01", ["officer_name", "officer_phone"]] = ["王建国", "13837012345"]
    p["grids"] = grids
    path = tmp_path_factory.mktemp("atlas") / "town.gpkg"
    p.save(path)
    return path


def _print(path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "print", str(path), "--out", str(out), "--json", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_pages_are_ordered_station_then_code(town_path):
    from layers.project import Project

    proj = Project.open(town_path)
    specs = list(PagePlanner(proj, proj.metric_epsg()).pages("grid"))
    assert specs[0].kind == "overview"
    codes = [s.code for s in specs[1:]]
    assert codes == sorted(codes) and len(codes) == len(proj["grids"])


def test_pdf_has_a_page_per_grid_with_fonts_and_text(town_path, tmp_path):
    out = tmp_path / "atlas.pdf"
    res = _print(town_path, out)
    assert res.returncode == 0, res.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 1 + 9  # one overview, nine grids
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes " in line for line in rows), fonts  # every font embedded
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "东关社区第1警格" in text and "警民联系卡" in text and "图例" in text
    assert "王建国" in text and "13837012345" in text
    assert "第 2 页 / 共 10 页" in text


def test_personal_data_can_be_left_out(town_path, tmp_path):
    out = tmp_path / "anon.pdf"
    assert _print(town_path, out, "--no-personal").returncode == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "王建国" not in text and "13837012345" not in text


def test_png_pages_and_office_mode(town_path, tmp_path):
    out = tmp_path / "atlas.pdf"
    res = _print(town_path, out, "--png", str(tmp_path / "png"), "--by", "station", "--paper", "A3")
    assert res.returncode == 0, res.stderr
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert len(pngs) == 1
    from PyQt6.QtGui import QImage

    img = QImage(str(pngs[0]))
    assert img.width() > img.height() > 1000  # A3 is laid out landscape for the wall


def test_bad_output_folder_is_refused_and_nothing_written(town_path, tmp_path):
    out = tmp_path / "missing" / "atlas.pdf"
    res = _print(town_path, out)
    assert res.returncode == 2 and "missing" in res.stderr
    assert not out.parent.exists()
