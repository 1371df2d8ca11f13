"""The province scale of the demo: ten cities, about 50,000 villages and 2,500 communities."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gisdesk.demo.province import CITIES, city_areas, city_offsets
from tests.gisdesk.demo.test_jurisdictions import _multi_part_stations, _station_pieces


def test_ten_city_centres_a_city_apart():
    offsets = np.array(city_offsets())
    assert len(offsets) == len(CITIES) == 10
    gaps = np.hypot(*(offsets[:, None, :] - offsets[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() >= 100_000  # cities of about 100 km never overlap
    assert len({prefix for prefix, _ in CITIES}) == 10


def test_each_city_has_its_own_part_of_the_province():
    centre = np.array([500_000.0, 3_800_000.0])
    areas = city_areas(centre, city_offsets())
    for k, (a, offset) in enumerate(zip(areas, city_offsets(), strict=True)):
        assert a.contains(shapely.Point(centre + offset))
        assert a.buffer(-45_000).contains(shapely.Point(centre + offset))  # room for a city
        assert all(a.intersection(b).area < 1.0 for b in areas[k + 1:])


@pytest.mark.slow
def test_province_scale():
    from gisdesk.demo import build_demo

    province = build_demo(1, "province")
    v = province["villages"]
    assert 45_000 <= (v["area_type"] == "rural").sum() <= 55_000
    assert 2_300 <= (v["area_type"] == "urban").sum() <= 2_700
    assert v["code"].is_unique and province["posts"]["code"].is_unique and province["key_sites"]["code"].is_unique
    b = province["boundaries"]
    assert (b["level"] == "county").sum() == 90 and b["code"].is_unique
    links = province["roads"][province["roads"]["name"].str.startswith("城际连接线")]
    assert len(links) == 19  # every two neighbouring cities (rows of 3, 4 and 3) are joined
    assert (links["road_class"] == "national").all()
    # cities do not overlap, so no station's villages are cut into pieces by a neighbour's
    counties = b[b["level"] == "county"].to_crs(province.metric_epsg())
    cities = counties.dissolve(counties["code"].str[:4])
    for i in range(len(cities)):
        for j in range(i + 1, len(cities)):
            assert cities.geometry.iloc[i].intersection(cities.geometry.iloc[j]).area < 1e4  # m2: edges only
    assert _station_pieces(province) == {}  # 11 stations along city borders were, before
    assert _multi_part_stations(province) == []
