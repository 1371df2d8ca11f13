"""The grid redraw on every core: the same grids whatever the worker count, Ctrl-C stops
every worker and changes nothing, bad worker counts exit 2."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gisdesk.demo import build_demo
from gisdesk.services.grids import compute_grids
from gisdesk.services.workers import Workers
from layers.project import Project
from tests.gisdesk.services.pool_tasks import interrupt_with_pool

ROOT = Path(__file__).resolve().parents[4]
ENGLISH = {**os.environ, "GISDESK_LANG": "en"}  # the lines compared below are the English ones


@pytest.fixture(scope="module")
def county_file(tmp_path_factory) -> Path:
    return build_demo(1, "county").save(tmp_path_factory.mktemp("county") / "county.gpkg")


def _plain(result) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    grids = result.grids.drop(columns="geometry").reset_index(drop=True)
    grids["wkb"] = result.grids.geometry.to_wkb().to_numpy()
    summary = {k: v for k, v in result.summary.items() if k != "seconds"}
    return grids, result.members.reset_index(drop=True), summary


@pytest.fixture
def busy_core():
    """Another process that keeps one core busy (a real busy loop) while the test runs."""
    hog = subprocess.Popen([sys.executable, "-c", "while True:\n    pass"])
    try:
        yield hog
    finally:
        hog.kill()
        hog.wait()


def test_one_and_two_workers_draw_the_same_grids_while_a_core_is_busy(county_file, busy_core):
    project = Project.open(county_file)
    one = _plain(compute_grids(project, workers=Workers(1)))
    two = _plain(compute_grids(project, workers=Workers(2)))
    assert busy_core.poll() is None  # the core was busy all along
    pd.testing.assert_frame_equal(one[0], two[0])
    pd.testing.assert_frame_equal(one[1], two[1])
    assert one[2] == two[2]
    assert one[2]["urban_grids"] > 100
    assert one[2]["communities_split"] > 40 and one[2]["cut_edges"] > 0


@pytest.mark.parametrize("value", ["0", "-2"])
def test_a_worker_count_below_one_exits_2_naming_the_option(county_file, value):
    before = county_file.read_bytes()
    out = subprocess.run([sys.executable, "main.py", "grids", str(county_file), "--workers", value],
                         capture_output=True, text=True, cwd=ROOT, timeout=120, env=ENGLISH)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1] == f"main.py grids: --workers: must be 1 or more, got {value}"
    assert county_file.read_bytes() == before


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ctrl_c_stops_every_worker_and_leaves_the_project_unchanged(county_file, tmp_path):
    project = tmp_path / "county.gpkg"
    project.write_bytes(county_file.read_bytes())
    before = _digest(project)
    workers, code, err = interrupt_with_pool(["grids", str(project), "--workers", "2"], ROOT, ENGLISH)
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "main.py grids: interrupted; the project is unchanged"
    assert not [p for p in workers if os.path.exists(f"/proc/{p}")]
    assert _digest(project) == before
    assert not list(tmp_path.glob("*.tmp*"))
