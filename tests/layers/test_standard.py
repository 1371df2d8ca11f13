"""The bureau's standard: the one officers-required formula, the one deviation, its checks."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from layers.errors import InputError
from layers.standard import Standard


def test_officers_required_gives_domain_md_examples():
    s = Standard()
    assert s.officers_required(3001, 500, "urban") == 2  # by residents
    assert s.officers_required(2000, 2000, "urban") == 2  # by households
    assert s.officers_required(5001, 1500, "rural") == 2
    assert s.officers_required(800, 200, "rural") == 1  # one per village however small
    assert s.officers_required(3000, 900, "urban") == 1
    assert s.officers_required(3000, 1000, "urban") == 1


def test_officers_required_follows_the_numbers_the_user_set():
    s = Standard(urban_people=2000, urban_households=800, rural_people=4000)
    assert s.officers_required(2001, 100, "urban") == 2
    assert s.officers_required(1000, 1601, "urban") == 3
    assert s.officers_required(4001, 100, "rural") == 2


def test_unknown_counts_add_no_officers_but_one_is_always_needed():
    s = Standard()
    assert s.officers_required(None, 2500, "urban") == 3
    assert s.officers_required(4000, float("nan"), "urban") == 2
    assert s.officers_required(None, None, "rural") == 1


def test_deviation_is_the_load_against_what_the_officers_may_serve():
    s = Standard()
    assert s.deviation(3300, 900, 1, "urban") == pytest.approx(0.10)
    assert s.deviation(2400, 1200, 1, "urban") == pytest.approx(0.20)  # households bind
    assert s.deviation(4500, 1000, 2, "urban") == pytest.approx(-0.25)
    assert s.deviation(800, 200, 1, "rural") == 0.0  # a small village meets the standard
    assert s.deviation(6000, 1500, 1, "rural") == pytest.approx(0.20)
    assert math.isnan(s.deviation(3000, 1000, 0, "urban"))  # no target
    assert math.isnan(s.deviation(None, None, 1, "urban"))  # nothing known


def test_deviation_follows_the_numbers_the_user_set():
    assert Standard(urban_people=2500).deviation(3000, 500, 1, "urban") == pytest.approx(0.20)
    assert Standard(rural_people=4000).deviation(5000, 0, 1, "rural") == pytest.approx(0.25)


def test_deviations_of_a_grids_frame_match_the_single_grid_figure():
    s = Standard(urban_people=2800)
    grids = gpd.GeoDataFrame(
        {"population": [2800, 4000, 900, 7000, 3000], "households": [700, 1500, 300, 2000, None],
         "officers_required": [1, 2, 1, 1, 0], "area_type": ["urban", "urban", "rural", "rural", "urban"]},
        geometry=[box(0, 0, 1, 1)] * 5, crs=4490)
    dev = s.deviations(grids)
    expected = [s.deviation(p, h, o, a) for p, h, o, a in
                zip(grids["population"], grids["households"], grids["officers_required"], grids["area_type"], strict=True)]
    np.testing.assert_allclose(dev, expected, equal_nan=True)
    assert dev[0] == pytest.approx(0.0) and dev[3] == pytest.approx(0.4) and np.isnan(dev[4])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"urban_people": 0}, "urban_people"),
        ({"urban_households": -1000}, "urban_households"),
        ({"rural_people": 2.5}, "rural_people"),
        ({"min_villages": 0}, "min_villages"),
        ({"min_villages": 8, "max_villages": 5}, "max_villages"),
        ({"min_offices": 0}, "min_offices"),
        ({"community_share": 1.4}, "community_share"),
        ({"station_share": -0.1}, "station_share"),
    ],
)
def test_a_bad_value_is_refused_naming_its_parameter(values, field):
    with pytest.raises(InputError) as info:
        Standard(**values)
    assert info.value.field == field
    assert str(next(iter(values.values()))) in info.value.message or field == "max_villages"
