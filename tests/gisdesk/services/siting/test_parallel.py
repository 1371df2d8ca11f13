"""Siting on every core: the same plan whatever the worker count, Ctrl-C stops every worker
and changes nothing, bad worker counts exit 2."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gisdesk.demo import build_demo
from gisdesk.services.siting import SitingParams, propose_sites
from gisdesk.services.workers import Workers
from layers.project import Project
from tests.gisdesk.services.pool_tasks import interrupt_with_pool

ROOT = Path(__file__).resolve().parents[4]
ENGLISH = {**os.environ, "GISDESK_LANG": "en"}  # the lines compared below are the English ones


@pytest.fixture(scope="module")
def county_file(tmp_path_factory) -> Path:
    return build_demo(1, "county").save(tmp_path_factory.mktemp("county") / "county.gpkg")


def _plan(result) -> tuple:
    frames = []
    for frame in (result.offices, result.workstations, result.assignment):
        plain = frame.drop(columns="geometry").reset_index(drop=True)
        plain["wkb"] = frame.geometry.to_wkb().to_numpy()
        frames.append(plain)
    return frames, (result.objective, result.lower_bound, [(e.station, e.reason) for e in result.exceptions])


def test_one_and_two_workers_propose_the_same_plan(county_file):
    """The plan (its layers, objective, bound and exceptions) is the same. The trade-off
    table's tightest counts (5 villages an office) are not proven within their per-count
    cap (a wall-clock one, algorithms.location stops on time): on a loaded machine their
    rows may differ in the third decimal of a mean, never in the counts or the maximum."""
    project = Project.open(county_file)
    params = SitingParams()
    first, second = (propose_sites(project, params, workers=Workers(n)) for n in (1, 2))
    one, two = _plan(first), _plan(second)
    for a, b in zip(one[0], two[0], strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert one[1] == two[1]
    assert len(one[0][0]) > 80
    assert [r["offices"] for r in first.tradeoff] == [r["offices"] for r in second.tradeoff]
    for a, b in zip(first.tradeoff, second.tradeoff, strict=True):
        assert a["max_km"] == b["max_km"] and abs(a["mean_km"] - b["mean_km"]) <= 0.005 * a["mean_km"]


@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_worker_count_below_one_exits_2_naming_the_option(county_file, value):
    before = county_file.read_bytes()
    out = subprocess.run([sys.executable, "main.py", "site", str(county_file), "--workers", value],
                         capture_output=True, text=True, cwd=ROOT, timeout=120, env=ENGLISH)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines()[-1] == f"main.py site: --workers: must be 1 or more, got {value}"
    assert county_file.read_bytes() == before


def test_ctrl_c_stops_every_worker_and_leaves_the_project_unchanged(county_file, tmp_path):
    project = tmp_path / "county.gpkg"
    project.write_bytes(county_file.read_bytes())
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    workers, code, err = interrupt_with_pool(["site", str(project), "--workers", "2"], ROOT, ENGLISH)
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "main.py site: interrupted; the project is unchanged"
    assert not [p for p in workers if os.path.exists(f"/proc/{p}")]
    assert hashlib.sha256(project.read_bytes()).hexdigest() == before
