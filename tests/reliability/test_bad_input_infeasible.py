"""Requests no plan can meet, and Ctrl-C: a clear answer, never a crash or a damaged project.

CONTRACT.md: ``site`` and ``grids`` report what they could not do in the JSON
``exceptions`` list ({station, reason}); a request that is impossible as a whole is
refused with exit 2 and one line naming the option (or the station). Either way the
answer names the culprit and a refusal leaves the project's bytes as they were.
Ctrl-C (SIGINT) ends a running job with exit 130, one line, the project unchanged.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from layers.project import Project
from tests.gisdesk.services.grids.test_plan import _town
from tests.reliability import test_bad_input as base
from tests.reliability.test_bad_input import ROOT, assert_refused, run_cli, sha256

town_bytes, town, _no_debug = base.town_bytes, base.town, base._no_debug


def _stations(counts: dict[str, int], area_type: str = "rural", seed: int = 5) -> Project:
    """Villages in clusters, ``counts[station]`` of them each, 1.5 km apart; no roads."""
    rng = np.random.default_rng(seed)
    rows, points = [], []
    for s, (station, n) in enumerate(counts.items()):
        for i in range(n):
            rows.append({"code": f"{station}V{i:02d}", "name": f"{station}村{i}", "population": int(rng.integers(800, 3000)),
                         "households": 300, "area_type": area_type, "township": "T", "station": station})
            points.append(Point(115.5 + 0.2 * s + 0.015 * (i % 4), 34.4 + 0.015 * (i // 4)))
    p = Project.new()
    p["villages"] = gpd.GeoDataFrame(rows, geometry=points, crs=4490)
    return p


def _summary(res) -> dict:
    return json.loads(res.stdout.strip().splitlines()[-1])


def _answer_names(res, culprits: tuple[str, ...], before: str, path: Path) -> dict | None:
    """Exit 0 with an exception naming a culprit, or exit 2 with one line naming it, unchanged."""
    assert "Traceback" not in res.stderr, res.describe()
    assert res.code in (0, 2), res.describe()
    if res.code == 2:
        assert len(res.lines) == 1, res.describe()
        assert any(c in res.lines[0] for c in culprits), res.describe()
        assert sha256(path) == before
        return None
    s = _summary(res)
    named = " ".join(f"{e.get('station', '')} {e.get('reason', '')}" for e in s["exceptions"])
    assert any(c in named for c in culprits), s["exceptions"]
    return s


@pytest.fixture
def two_stations(tmp_path) -> Path:
    path = tmp_path / "two.gpkg"
    _stations({"S01": 12, "S02": 3}).save(path)
    return path


# ---------------------------------------------------------------------------- site
def test_station_with_three_villages_is_an_exception_not_a_failure(two_stations, capsys):
    before = sha256(two_stations)
    res = run_cli(["site", two_stations, "--min-villages", "5", "--json", "--quiet"], capsys)
    s = _answer_names(res, ("S02",), before, two_stations)
    if s is not None:  # planned: S01's offices keep the 5-8 rule, the rest is in the plan too
        offices = Project.open(two_stations)["plan_offices"]
        assert set(offices["station"]) == {"S01", "S02"}
        assert offices.loc[offices["station"] == "S01", "villages"].between(5, 8).all()
        assert s["villages"] == 15


def test_more_offices_than_villages_is_refused(two_stations, capsys, tmp_path):
    assert_refused(["site", two_stations, "--offices", "16"], capsys, "--offices", tmp_path)


def test_fewer_offices_than_the_stations_need(two_stations, capsys):
    """Two stations, each needing at least one office: --offices 1 cannot be met."""
    before = sha256(two_stations)
    res = run_cli(["site", two_stations, "--offices", "1", "--min-offices-per-station", "1", "--json", "--quiet"], capsys)
    _answer_names(res, ("--offices", "S01", "S02"), before, two_stations)


def test_sizes_that_cannot_divide_a_station(two_stations, capsys):
    """12 villages into offices of exactly 5: impossible for S01."""
    before = sha256(two_stations)
    res = run_cli(["site", two_stations, "--min-villages", "5", "--max-villages", "5", "--json", "--quiet"], capsys)
    _answer_names(res, ("S01", "--max-villages", "--min-villages"), before, two_stations)


def test_max_km_no_plan_can_meet(two_stations, capsys):
    before = sha256(two_stations)
    res = run_cli(["site", two_stations, "--max-km", "0.01", "--json", "--quiet"], capsys)
    s = _answer_names(res, ("--max-km", "S01", "S02", "km"), before, two_stations)
    if s is not None:
        assert s["max_km"] > 0.01  # reported honestly, not hidden


# ---------------------------------------------------------------------------- grids
def test_grid_tolerance_no_plan_can_meet(town, capsys):
    """±0.01 % between a community's grids of ~180-person blocks: impossible; said so."""
    before = sha256(town)
    res = run_cli(["grids", town, "--tolerance", "0.0001", "--json", "--quiet"], capsys)
    s = _answer_names(res, ("C1", "C2", "S01", "--tolerance"), before, town)
    if s is not None:
        assert s["max_deviation"] > 0.0001
        assert any("toleran" in e["reason"] or "deviation" in e["reason"] or "±" in e["reason"] for e in s["exceptions"]), \
            s["exceptions"]


def _big_unit(tmp_path) -> Path:
    p = _town()
    units = p["units"].copy()
    units.loc[0, "population"] = 50_000
    units.loc[0, "households"] = 16_000
    p["units"] = units
    path = tmp_path / "big.gpkg"
    p.save(path)
    return path


def test_unit_larger_than_a_grid_is_named_by_its_community(tmp_path, capsys):
    path = _big_unit(tmp_path)
    res = run_cli(["grids", path, "--json", "--quiet"], capsys)
    _answer_names(res, ("东关社区", "C1"), sha256(path), path)


def test_unit_larger_than_a_grid_is_named_by_its_code(tmp_path, capsys):
    path = _big_unit(tmp_path)
    res = run_cli(["grids", path, "--json", "--quiet"], capsys)
    _answer_names(res, ("U0000",), sha256(path), path)


# ---------------------------------------------------------------------------- Ctrl-C
@pytest.fixture(scope="module")
def county(tmp_path_factory) -> bytes:
    """The county demo (about 750 villages): site and grids run long enough to interrupt."""
    from gisdesk.demo import build_demo

    path = tmp_path_factory.mktemp("county") / "county.gpkg"
    build_demo(1, "county").save(path)
    return path.read_bytes()


@pytest.mark.parametrize("delay", [0.0, 1.0, 2.5])
@pytest.mark.parametrize("command", ["site", "grids"])
def test_ctrl_c_ends_a_job_with_130_and_one_line(command, delay, county, tmp_path):
    path = tmp_path / "county.gpkg"
    path.write_bytes(county)
    before = sha256(path)
    # a child of a background job inherits "ignore SIGINT": give it the terminal's default
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), command, str(path), "--lang", "en"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = proc.stderr.readline()  # the first progress line: the job is under way
    assert first.startswith("["), first
    time.sleep(delay)
    started = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    try:
        _out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{command} did not stop within 60 s of Ctrl-C")
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("[")]
    print(f"{command} stopped {time.perf_counter() - started:.2f} s after Ctrl-C")
    assert proc.returncode == 130, err[-2000:]
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err, err[-2000:]
    assert sha256(path) == before
    assert not [p.name for p in tmp_path.iterdir() if ".saving-" in p.name]
    assert not Project.open(path).problems
