"""Siting on every core: the same plan whatever the worker count, Ctrl-C stops every worker
and changes nothing, bad worker counts exit 2."""

from __future__ import annotations

import hashlib
import json
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


@pytest.fixture(scope="module")
def by_workers(county_file) -> dict:
    """The county's default proposal with 1 and with 2 workers."""
    project = Project.open(county_file)
    return {n: propose_sites(project, SitingParams(), workers=Workers(n)) for n in (1, 2)}


def test_one_and_two_workers_propose_the_same_plan(by_workers):
    """The plan (its layers, objective, bound and exceptions) and every trade-off row are the
    same: each station's search stops on proof or counted work, never on the clock."""
    first, second = by_workers[1], by_workers[2]
    one, two = _plan(first), _plan(second)
    for a, b in zip(one[0], two[0], strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert one[1] == two[1]
    assert len(one[0][0]) > 80
    assert first.tradeoff == second.tradeoff
    assert len(first.tradeoff) > 10


def test_links_drawn_as_stations_arrive_are_the_links_drawn_after(county_file, by_workers):
    """Without an office total each station's links are drawn when its task's result
    arrives (from a pool: in any order); asked for the fewest offices as a total, the same
    plan's links are drawn after every station is solved. The layers are the same."""
    early = by_workers[2]
    late = propose_sites(Project.open(county_file), SitingParams(offices=len(early.offices)))
    assert late.offices["code"].tolist() == early.offices["code"].tolist()
    for a, b in zip(_plan(early)[0], _plan(late)[0], strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert early.assignment["geometry"].map(lambda g: len(g.coords)).max() > 2  # road paths, not straight lines


def _site_json(path: Path, workers: int) -> tuple[dict, list]:
    """``main.py site --json`` on ``path``: its summary (without the seconds) and the plan's
    village -> office assignment as written to the project."""
    out = subprocess.run([sys.executable, "main.py", "site", str(path), "--workers", str(workers), "--json", "--quiet"],
                         capture_output=True, text=True, cwd=ROOT, timeout=900, env=ENGLISH)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    summary.pop("seconds")
    plan = Project.open(path)["plan_assignment"]
    return summary, sorted(zip(plan["village"].astype(str), plan["office"].astype(str), plan["road_km"], strict=True))


def test_site_gives_the_same_json_with_one_and_two_workers_while_a_core_is_busy(county_file, tmp_path):
    """The command line's result (offices, objective, bound, gap, trade-off rows, exceptions)
    and the written assignment are identical for --workers 1 on a quiet core and --workers
    2 while another process keeps a core busy (a real load: nothing here decides on the clock)."""
    paths = [tmp_path / f"county{k}.gpkg" for k in (1, 2)]
    for path in paths:
        path.write_bytes(county_file.read_bytes())
    one = _site_json(paths[0], 1)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        two = _site_json(paths[1], 2)
        assert hog.poll() is None  # the core was busy the whole run
    finally:
        hog.kill()
        hog.wait()
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert one[0]["offices"] > 80 and one[0]["lower_bound"] <= one[0]["objective"]


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
