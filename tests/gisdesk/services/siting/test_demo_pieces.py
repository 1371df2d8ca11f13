"""Issue 14: no office area of the demo county or city is in two pieces, and ``site`` still
reports its proven gap (the bound of the plain size-bounded p-median, which bounds the
contiguous problem too)."""

from __future__ import annotations

import json
import shutil

import pytest

from gisdesk.cli import main
from gisdesk.demo import build_demo
from gisdesk.services.siting.contiguity import office_pieces
from layers.project import Project
from tests.gisdesk.services.siting.test_costs import demo_county_path


def _site(path, capsys) -> dict:
    """``site PATH --json`` in-process (the plan with the fewest offices): the JSON summary."""
    capsys.readouterr()
    assert main(["site", str(path), "--no-tradeoff", "--json", "--quiet"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _one_piece_with_an_honest_gap(path, summary: dict) -> None:
    assert office_pieces(Project.open(path)) == {}
    assert not [e for e in summary["exceptions"] if "pieces" in e["reason"]]
    lb, obj = summary["lower_bound"], summary["objective"]
    assert 0 < lb <= obj + 1e-6
    assert summary["gap"] == pytest.approx((obj - lb) / obj, abs=1e-6)
    assert 0 <= summary["gap"] < 0.02


def test_demo_county_site_has_no_office_area_in_two_pieces(tmp_path, capsys):
    path = tmp_path / "county.gpkg"
    shutil.copyfile(demo_county_path(), path)
    _one_piece_with_an_honest_gap(path, _site(path, capsys))


@pytest.mark.slow
def test_demo_city_site_has_no_office_area_in_two_pieces(tmp_path, capsys):
    path = build_demo(1, "city").save(tmp_path / "city.gpkg")
    _one_piece_with_an_honest_gap(path, _site(path, capsys))
