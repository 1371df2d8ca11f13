"""Response time (``site --cover-minutes``) on the demo county, and the bounded set covering."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from algorithms.location import bounded_set_covering, set_covering
from gisdesk.cli import main as cli_main
from layers.project import Project
from tests.gisdesk.services.siting.test_costs import demo_county_path


def _site(path, capsys, *extra: str) -> tuple[int, dict | None, str]:
    code = cli_main(["site", str(path), "--json", "--quiet", "--no-tradeoff", *extra])
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    return code, (json.loads(lines[-1]) if code == 0 else None), err


@pytest.fixture(scope="module")
def county_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cover")
    return shutil.copy(demo_county_path(), folder / "county.gpkg")


def test_bounded_set_covering_keeps_the_band_and_the_radius():
    rng = np.random.default_rng(3)
    xy = rng.random((36, 2)) * 20
    cost = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    res = bounded_set_covering(cost, 6.0, 5, 8)
    loads = np.bincount(res.assignment, minlength=36)[res.sites]
    assert res.proven and ((5 <= loads) & (loads <= 8)).all()
    rows = np.arange(36)
    assert (cost[rows, res.assignment][res.covered] <= 6.0).all()
    # every point is coverable here and all are covered; no fewer sites than set covering needs
    assert res.covered.all()
    assert len(res.sites) >= set_covering(cost, 6.0).objective
    assert len(res.sites) >= res.lower_sites


def test_county_cover_minutes_every_covered_village_is_within(county_copy, capsys):
    code, s, _ = _site(county_copy, capsys, "--cover-minutes", "8")
    assert code == 0 and s is not None
    project = Project.open(county_copy)
    plan = project["plan_assignment"]
    minutes = dict(zip(plan["village"].astype(str), plan["minutes"].astype(float), strict=True))
    uncovered = {u["village"] for u in s["uncovered"]}
    for code_, m in minutes.items():
        assert (m <= 8.0) == (code_ not in uncovered), (code_, m)
    assert s["cover_minutes"] == 8.0
    assert set(s["covered_minutes"]) == {"10", "15", "20"}
    # the 5-8 rule still holds for every rural office the exceptions do not excuse
    excused = {e["station"] for e in s["exceptions"]}
    villages = project["villages"]
    rural = set(villages.loc[villages["area_type"] == "rural", "code"])
    offices = project["plan_offices"].set_index("code")
    counts = plan[plan["village"].isin(rural)].groupby("office").size()
    for office, n in counts.items():
        if offices.loc[office, "station"] not in excused:
            assert 5 <= n <= 8, (office, n)


def test_county_impossible_cover_minutes_lists_villages_by_name(county_copy, capsys):
    code, s, _ = _site(county_copy, capsys, "--cover-minutes", "0.5")
    assert code == 0 and s is not None
    assert s["uncovered"]
    villages = Project.open(county_copy)["villages"].set_index("code")
    for u in s["uncovered"]:
        assert u["name"] == villages.loc[u["village"], "name"]
        assert u["township"] == villages.loc[u["village"], "township"]
        assert u["minutes"] is None or u["minutes"] > 0.5


@pytest.mark.parametrize("value", ["0", "-3"])
def test_cover_minutes_not_positive_exits_2(county_copy, capsys, value):
    before = county_copy.read_bytes()
    code = cli_main(["site", str(county_copy), "--quiet", f"--cover-minutes={value}"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "--cover-minutes" in err and len(err.strip().splitlines()) == 1
    assert county_copy.read_bytes() == before
