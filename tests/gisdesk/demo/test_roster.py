"""The demo's roster (gisdesk/demo/roster.py): valid, deterministic, shaped on the city's figures."""

from __future__ import annotations

import re

import pytest

from gisdesk.demo import build_demo
from gisdesk.services.officers import bureau_share
from layers.standard import Standard
from layers.validation import errors, validate_layer


@pytest.fixture(scope="module")
def county():
    return build_demo(1, "county")


def test_roster_is_valid_and_clearly_fictitious(county):
    o = county["officers"]
    assert len(o) > 1000 and o["code"].is_unique
    assert not errors(validate_layer("officers", o, county))
    assert all(re.fullmatch(r"13[89]0000\d{4}", p) for p in o["phone"])
    assert o["phone"].is_unique
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) for n in o["name"])
    assert set(o["role"]) == {"officer", "auxiliary"}
    assert all(re.fullmatch(r"F?1426\d{4}", c) for c in o["code"])
    assert 0 < (~o["active"]).sum() < 0.05 * len(o)


def test_same_seed_same_roster(county):
    again = build_demo(1, "county")["officers"]
    assert again.equals(county["officers"])
    assert not build_demo(2, "county")["officers"].equals(county["officers"])


def test_shaped_on_the_city_figures(county):
    o = county["officers"]
    v = county["villages"]
    active = o[o["active"]]
    communities = int((v["area_type"] == "urban").sum())
    rural = int((v["area_type"] == "rural").sum())
    grid_officers = active[(active["role"] == "officer") & (active["max_grids"] >= 2)]
    # about one community officer per community (with the rural offices' officers besides)
    assert communities <= len(grid_officers) <= communities + 2 * rural // 5
    village_aux = active[(active["role"] == "auxiliary") & (active["max_grids"] > 0)]
    assert len(village_aux) >= 0.6 * rural  # auxiliaries for most villages


def test_some_stations_short_yet_every_grid_can_be_covered(county):
    o = county["officers"]
    v = county["villages"]
    s = Standard()
    short = 0
    for st, group in v.groupby("station"):
        need = sum(s.officers_required(p, h, a) for p, h, a in zip(group["population"], group["households"],
                                                                   group["area_type"], strict=True))
        mine = o[(o["station"] == st) & o["active"] & (o["max_grids"] > 0)]
        assert int(mine["max_grids"].sum()) >= need, st  # stretched people can still cover every grid
        short += len(mine) < need
    assert 1 <= short <= 3


def test_bureau_total_gives_a_station_share_above_forty_percent(county):
    share = bureau_share(county)
    assert share.known and 0.5 <= share.share <= 0.62
