"""Import from every coordinate system planners meet, ending in EPSG:4490."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from shapely.geometry import Point

from layers.errors import InputError
from layers.importing import ImportOptions, import_file
from layers.importing.chinacoords import wgs84_to_bd09, wgs84_to_gcj02
from layers.importing.source_crs import parse_crs

SHANGQIU = [(116.10, 34.20), (116.20, 34.25), (115.65, 34.41)]
LHASA = [(91.10, 29.65), (91.20, 29.70)]


def frame(points, crs="EPSG:4490") -> gpd.GeoDataFrame:
    n = len(points)
    gdf = gpd.GeoDataFrame(
        {"code": [f"V{i}" for i in range(n)], "name": [f"村{i}" for i in range(n)], "area_type": ["rural"] * n},
        geometry=[Point(x, y) for x, y in points],
        crs="EPSG:4490",
    )
    return gdf.to_crs(crs)


def error_m(result, points) -> float:
    worst = 0.0
    for g, (x, y) in zip(result.frame.geometry, points, strict=True):
        dx = (g.x - x) * 111_320 * math.cos(math.radians(y))
        dy = (g.y - y) * 110_574
        worst = max(worst, math.hypot(dx, dy))
    return worst


@pytest.mark.parametrize(
    ("epsg", "points", "suffix"),
    [
        (4490, SHANGQIU, ".shp"),
        (4527, SHANGQIU, ".shp"),  # CGCS2000 GK zone 39 with the zone number in the easting
        (4548, SHANGQIU, ".gpkg"),  # CGCS2000 GK CM 117E, no zone prefix
        (4539, LHASA, ".gpkg"),  # CGCS2000 GK CM 90E, no zone prefix
        (4326, SHANGQIU, ".geojson"),
        (3857, SHANGQIU, ".gpkg"),
    ],
)
def test_declared_crs_is_honoured(tmp_path, epsg, points, suffix):
    path = tmp_path / f"v{suffix}"
    data = frame(points, f"EPSG:{epsg}")
    if suffix == ".geojson":
        data.to_file(path, driver="GeoJSON")
    else:
        pyogrio.write_dataframe(data, path)
    if epsg == 4527:
        assert data.geometry.x.min() > 39_000_000  # the zone prefix is there
    result = import_file(path, "villages")
    assert result.crs == f"EPSG:{epsg}"
    assert result.frame.crs.to_epsg() == 4490
    assert error_m(result, points) < 0.01


@pytest.mark.parametrize(("epsg", "points"), [(4527, SHANGQIU), (4539, LHASA), (3857, SHANGQIU)])
def test_projected_csv_needs_and_takes_crs(tmp_path, epsg, points):
    data = frame(points, f"EPSG:{epsg}")
    path = tmp_path / "xy.csv"
    lines = ["代码,名称,城乡分类代码,X,Y"] + [
        f"{c},{n},220,{g.x:.4f},{g.y:.4f}" for c, n, g in zip(data["code"], data["name"], data.geometry, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="--crs"):
        import_file(path, "villages")
    result = import_file(path, "villages", options=ImportOptions(crs=str(epsg)))
    assert result.crs == f"EPSG:{epsg}"
    assert error_m(result, points) < 0.01


@pytest.mark.parametrize(("system", "forward"), [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)])
def test_web_map_coordinates_are_converted(tmp_path, system, forward):
    xs, ys = forward(np.array([p[0] for p in SHANGQIU]), np.array([p[1] for p in SHANGQIU]))
    path = tmp_path / "amap.csv"
    path.write_text(
        "代码,村名,经度,纬度,城乡分类代码\n"
        + "".join(f"V{i},村{i},{x:.9f},{y:.9f},220\n" for i, (x, y) in enumerate(zip(xs, ys, strict=True))),
        encoding="utf-8",
    )
    naive = import_file(path, "villages")
    assert error_m(naive, SHANGQIU) > 100  # read as CGCS2000 they are hundreds of metres off
    result = import_file(path, "villages", options=ImportOptions(crs=system))
    assert result.crs == system
    assert error_m(result, SHANGQIU) < 0.01


def test_crs_option_overrides_a_declared_crs_with_a_warning(tmp_path):
    xs, ys = wgs84_to_gcj02(np.array([116.1]), np.array([34.2]))
    data = gpd.GeoDataFrame(
        {"code": ["V0"], "name": ["村"], "area_type": ["rural"]}, geometry=[Point(xs[0], ys[0])], crs="EPSG:4326"
    )
    path = tmp_path / "v.geojson"
    data.to_file(path, driver="GeoJSON")
    result = import_file(path, "villages", options=ImportOptions(crs="GCJ-02"))
    assert error_m(result, [(116.1, 34.2)]) < 0.01
    assert any("declares EPSG:4326" in w for w in result.warnings)


def test_shapefile_without_prj_in_metres_is_refused(tmp_path):
    path = tmp_path / "gk.shp"
    pyogrio.write_dataframe(frame(SHANGQIU, "EPSG:4527"), path)
    (tmp_path / "gk.prj").unlink()
    with pytest.raises(InputError) as info:
        import_file(path, "villages")
    assert info.value.code == "no_crs" and "gk.shp" in info.value.line()
    assert error_m(import_file(path, "villages", options=ImportOptions(crs="EPSG:4527")), SHANGQIU) < 0.01


def test_shapefile_without_prj_in_degrees_is_taken_as_cgcs2000(tmp_path):
    path = tmp_path / "deg.shp"
    pyogrio.write_dataframe(frame(SHANGQIU), path)
    (tmp_path / "deg.prj").unlink()
    result = import_file(path, "villages")
    assert result.crs == "EPSG:4490" and error_m(result, SHANGQIU) < 0.01


@pytest.mark.parametrize(
    ("text", "label"),
    [("4490", "EPSG:4490"), ("epsg:4527", "EPSG:4527"), ("CGCS2000", "EPSG:4490"), ("WGS84", "EPSG:4326"),
     ("gcj02", "gcj02"), ("GCJ-02", "gcj02"), ("高德", "gcj02"), ("bd09", "bd09"), ("baidu", "bd09"), ("3857", "EPSG:3857")],
)
def test_parse_crs_spellings(text, label):
    assert parse_crs(text).label == label


def test_unknown_crs_is_one_line():
    with pytest.raises(InputError, match=r"--crs: unknown coordinate system 'nowhere'"):
        parse_crs("nowhere")


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_a_web_map_row_that_is_no_position_is_named_not_converted(tmp_path, system):
    """A longitude of 1e300 is not a GCJ-02/BD-09 position: it is left for validation to
    name (no overflow in the conversion), and the good row is still converted."""
    path = tmp_path / "amap.csv"
    path.write_text("代码,村名,经度,纬度,城乡分类代码\nV0,甲,116.1,34.2,220\nV1,乙,1e300,-4e12,220\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError) as caught:
            import_file(path, "villages", options=ImportOptions(crs=system))
        result = import_file(path, "villages", options=ImportOptions(crs=system, skip_invalid=True))
    assert caught.value.line().startswith("amap.csv: row 3: location 1e+300,-4e+12 is outside China")
    assert list(result.frame["code"]) == ["V0"]
    shift = abs(result.frame.geometry.x.iloc[0] - 116.1) + abs(result.frame.geometry.y.iloc[0] - 34.2)
    assert 1e-4 < shift < 0.03  # converted: GCJ-02 and BD-09 are 0.5-1.5 km off
