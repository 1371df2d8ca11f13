"""Damaged shapefiles and odd workbooks: a clean import or one InputError, nothing else."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from layers.errors import InputError
from layers.importing import import_file
from layers.schema import LAYERS


@pytest.fixture(scope="module")
def base_shapefile():
    folder = Path(tempfile.mkdtemp(prefix="gisdesk-fuzz-"))
    frame = gpd.GeoDataFrame(
        {"代码": ["V1", "V2", "V3"], "名称": ["张庄", "李楼", "王集"], "人口": [1, 2, 3], "城乡代码": ["220"] * 3},
        geometry=[Polygon([(116, 34), (116.1, 34), (116.1, 34.1)])] * 3,
        crs="EPSG:4490",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.write_dataframe(frame, folder / "base.shp", encoding="GBK")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _outcome(path: Path, layer: str = "villages") -> str:
    try:
        result = import_file(path, layer)
    except InputError as exc:
        assert "\n" not in exc.line()
        return exc.code
    assert list(result.frame.columns[: len(LAYERS[layer].columns)]) == LAYERS[layer].column_names
    return "ok"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["shp", "shx", "dbf"]),
    st.one_of(
        st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)), min_size=1, max_size=8).map(lambda e: ("flip", e)),
        st.floats(0, 0.999).map(lambda f: ("cut", f)),
    ),
)
def test_damaged_shapefiles(base_shapefile, part, damage):
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for ext in ("shp", "shx", "dbf", "prj"):
            shutil.copy(base_shapefile / f"base.{ext}", work / f"t.{ext}")
        target = work / f"t.{part}"
        data = bytearray(target.read_bytes())
        kind, how = damage
        if kind == "flip":
            for where, value in how:
                data[int(where * len(data))] = value
        else:
            data = data[: int(how * len(data))]
        target.write_bytes(bytes(data))
        _outcome(work / "t.shp")


cell = st.one_of(
    st.none(),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
    st.sampled_from(["代码", "名称", "经度", "纬度", "人口", "城乡分类代码", "116.2", "34.1", "220", "农村"]),
)


@settings(max_examples=40, deadline=None)
@example(rows=[], merges=[(1, 1), (2, 1)])  # overlapping merged ranges
@given(st.lists(st.lists(cell, max_size=7), max_size=6), st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), max_size=2))
def test_odd_workbooks(rows, merges):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["代码", "名称", "经度", "纬度", "人口", "城乡分类代码"])
        for r in rows:
            ws.append(r)
        for r, c in merges:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        wb.save(path)
        _outcome(path)
