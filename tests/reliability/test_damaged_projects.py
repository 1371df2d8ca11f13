"""Damaged projects: refused with one line by commands, salvaged on request, never overwritten."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from layers.errors import ProjectError
from layers.project import Project
from tests.gisdesk.services.grids.test_plan import _town

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def saved(tmp_path) -> Path:
    path = tmp_path / "town.gpkg"
    _town().save(path)
    return path


def _corrupt_pages(path: Path) -> None:
    """Overwrite pages in the middle of the file: a disk error, not a clean truncation."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * 8, min(len(data), page * 14), page):
        data[start + 8 : start + page] = b"\xff" * (page - 8)
    path.write_bytes(bytes(data))


def test_truncated_project_is_refused_with_one_line(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 3])
    before = saved.read_bytes()
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "grids", str(saved)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "town.gpkg" in res.stderr
    assert saved.read_bytes() == before


def test_salvage_reads_what_it_can_and_never_overwrites(saved):
    _corrupt_pages(saved)
    before = saved.read_bytes()
    with pytest.raises(ProjectError) as err:
        Project.open(saved)
    assert err.value.code in ("damaged", "unreadable")
    proj = Project.open(saved, salvage=True)
    assert proj.problems and proj.problems[0].code == "damaged"
    assert proj.path is None
    assert sum(len(proj[n]) for n in ("units", "villages", "boundaries")) > 0
    with pytest.raises(ProjectError):
        proj.save()
    proj.save(saved.with_name("recovered.gpkg"))
    assert saved.read_bytes() == before
    back = Project.open(saved.with_name("recovered.gpkg"))
    assert not back.problems


def test_missing_layer_is_reported_not_fatal(saved):
    con = sqlite3.connect(saved)
    con.execute("DELETE FROM gpkg_contents WHERE table_name='key_sites'")
    con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name='key_sites'")
    con.execute("DROP TABLE key_sites")
    con.commit()
    con.close()
    proj = Project.open(saved)
    assert [(p.code, p.layer) for p in proj.problems] == [("missing_layer", "key_sites")]
    assert len(proj["units"]) == 100


def test_text_file_named_gpkg(tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_text("hello")
    with pytest.raises(ProjectError, match="not a GeoPackage"):
        Project.open(path)
