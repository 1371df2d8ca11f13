"""Import from every supported format, with Chinese column names and encodings."""

from __future__ import annotations

import json
import os

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
from shapely.geometry import LineString, Point

from layers.errors import InputError
from layers.importing import ImportOptions, import_file, read_source

NAMES = ["张庄村", "李楼村", "王集村"]
CODES = ["411426100201", "411426100202", "411426100203"]
POINTS = [(116.10, 34.20), (116.20, 34.25), (116.15, 34.30)]


def village_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "代码": CODES,
            "名称": NAMES,
            "常住人口": [1200, 800, 2300],
            "户数": [300, 210, 600],
            "城乡分类代码": ["220", "220", "121"],
            "乡镇": ["城关镇", "城关镇", "会亭镇"],
        },
        geometry=[Point(x, y) for x, y in POINTS],
        crs="EPSG:4490",
    )


def assert_villages(result, n=3) -> None:
    frame = result.frame
    assert len(frame) == n
    assert list(frame["code"]) == CODES[:n]
    assert list(frame["name"]) == NAMES[:n]
    assert list(frame["population"]) == [1200, 800, 2300][:n]
    assert list(frame["households"]) == [300, 210, 600][:n]
    assert list(frame["area_type"]) == ["rural", "rural", "urban"][:n]
    assert list(frame["township"]) == ["城关镇", "城关镇", "会亭镇"][:n]
    for g, (x, y) in zip(frame.geometry, POINTS, strict=False):
        assert g.x == pytest.approx(x, abs=1e-7) and g.y == pytest.approx(y, abs=1e-7)
    assert frame.crs.to_epsg() == 4490
    assert result.skipped == []


# ---------------------------------------------------------------- shapefiles
def test_shapefile_gbk_without_cpg_is_read_as_gbk(tmp_path):
    path = tmp_path / "村庄.shp"
    pyogrio.write_dataframe(village_frame(), path, encoding="GBK")
    (tmp_path / "村庄.cpg").unlink()
    raw = (tmp_path / "村庄.dbf").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK bytes, no hint beside them
    result = import_file(path, "villages")
    assert result.encoding == "gb18030"
    assert_villages(result)


def test_shapefile_with_cpg_utf8(tmp_path):
    path = tmp_path / "villages.shp"
    pyogrio.write_dataframe(village_frame(), path, encoding="UTF-8")
    assert (tmp_path / "villages.cpg").read_text().strip().upper().startswith("UTF")
    result = import_file(path, "villages")
    assert result.encoding == "utf-8"
    assert_villages(result)


def test_shapefile_cpg_saying_936_and_encoding_override(tmp_path):
    path = tmp_path / "v.shp"
    pyogrio.write_dataframe(village_frame(), path, encoding="GBK")
    (tmp_path / "v.cpg").write_text("936")
    assert_villages(import_file(path, "villages"))
    # a wrong --encoding is the user's call: it is honoured, and cannot produce mojibake silently
    with pytest.raises(InputError):
        import_file(path, "villages", options=ImportOptions(encoding="utf-8"))


def test_shapefile_roads_with_chinese_classes_and_oneway(tmp_path):
    roads = gpd.GeoDataFrame(
        {"路名": ["G310", "夏永路", "张庄路"], "道路等级": ["国道", "县道", "村道"], "单向": ["否", "是", "否"], "限速": [80, None, 30]},
        geometry=[LineString([(116.0, 34.0), (116.1, 34.1)]), LineString([(116.1, 34.1), (116.2, 34.1)]),
                  LineString([(116.2, 34.1), (116.2, 34.2)])],
        crs="EPSG:4490",
    )
    path = tmp_path / "roads.shp"
    pyogrio.write_dataframe(roads, path, encoding="GBK")
    (tmp_path / "roads.cpg").unlink()
    result = import_file(path, "roads")
    assert list(result.frame["name"]) == ["G310", "夏永路", "张庄路"]
    assert list(result.frame["road_class"]) == ["national", "county", "village"]
    assert list(result.frame["oneway"]) == [False, True, False]
    assert result.frame["speed_kmh"].iloc[0] == 80 and result.frame["speed_kmh"].isna().iloc[1]


def test_shapefile_cpg_claiming_utf8_over_gbk_bytes(tmp_path):
    path = tmp_path / "v.shp"
    pyogrio.write_dataframe(village_frame(), path, encoding="GBK")
    (tmp_path / "v.cpg").write_text("UTF-8")
    result = import_file(path, "villages")
    assert result.encoding == "gb18030" and any(".cpg says UTF-8" in w for w in result.warnings)
    assert_villages(result)


# ---------------------------------------------------------------- GeoJSON, GeoPackage
def test_geojson(tmp_path):
    path = tmp_path / "villages.geojson"
    village_frame().to_crs(4326).to_file(path, driver="GeoJSON")
    assert_villages(import_file(path, "villages"))


def test_geojson_in_gbk_bytes(tmp_path):
    path = tmp_path / "villages.json"
    village_frame().to_crs(4326).to_file(path, driver="GeoJSON")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    result = import_file(path, "villages")
    assert result.encoding == "gb18030"
    assert_villages(result)


def test_geopackage_first_layer_and_source_layer(tmp_path):
    path = tmp_path / "data.gpkg"
    pyogrio.write_dataframe(village_frame(), path, layer="村庄")
    sites = gpd.GeoDataFrame(
        {"编号": ["K1", "K2"], "名称": ["张庄村委会", "夏邑县人民医院"], "类型": ["村委会", "医院"]},
        geometry=[Point(116.1, 34.2), Point(116.12, 34.24)],
        crs="EPSG:4490",
    )
    pyogrio.write_dataframe(sites, path, layer="重点部位")
    result = import_file(path, "villages")
    assert_villages(result)
    assert any("--source-layer" in w for w in result.warnings)
    result = import_file(path, "key_sites", options=ImportOptions(source_layer="重点部位"))
    assert list(result.frame["category"]) == ["village_office", "hospital"]
    assert list(result.frame["code"]) == ["K1", "K2"]
    with pytest.raises(InputError, match="no layer 'x'"):
        import_file(path, "key_sites", options=ImportOptions(source_layer="x"))


# ---------------------------------------------------------------- CSV
CSV_TEXT = (
    "统计用区划代码,村名,经度,纬度,常住人口,户数,城乡分类代码,乡镇\n"
    + "".join(
        f"{c},{n},{x},{y},{p},{h},{u},{t}\n"
        for c, n, (x, y), p, h, u, t in zip(
            CODES, NAMES, POINTS, [1200, 800, 2300], [300, 210, 600], ["220", "220", "121"],
            ["城关镇", "城关镇", "会亭镇"], strict=True,
        )
    )
)


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030")]
)
def test_csv_encodings(tmp_path, encoding, expected):
    path = tmp_path / "villages.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    result = import_file(path, "villages")
    assert result.encoding == expected
    assert_villages(result)
    assert result.crs == "EPSG:4490"
    assert any("EPSG:4490" in w for w in result.warnings)


def test_csv_english_headers_semicolons_and_thousands(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text(
        "code;name;lng;lat;population;households;area_type\n"
        'V1;East;116.1;34.2;"1,200";300;农村\n'
        "V2;West;116.2;34.3;1.2万;400;城镇\n",
        encoding="utf-8",
    )
    frame = import_file(path, "villages").frame
    assert list(frame["population"]) == [1200, 12000]
    assert list(frame["area_type"]) == ["rural", "urban"]


def test_csv_field_override_and_numbered_columns(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "单位,名字,类,X坐标,Y坐标,联系人,手机\n"
        "P1,城关派出所,派出所,116.1,34.2,张三,13800000000\n"
        "P2,张庄警务室,警务室,116.2,34.3,李四,13900000000\n"
        "P3,李楼工作站,警务工作站,116.3,34.4,王五,13700000000\n",
        encoding="utf-8",
    )
    opts = ImportOptions(
        fields={"code": "单位", "name": "2", "tier": "类", "lon": "X坐标", "lat": "Y坐标", "officer_name": "联系人", "officer_phone": "手机"}
    )
    frame = import_file(path, "posts", options=opts).frame
    assert list(frame["tier"]) == ["station", "office", "workstation"]
    assert list(frame["name"]) == ["城关派出所", "张庄警务室", "李楼工作站"]
    assert list(frame["officer_phone"]) == ["13800000000", "13900000000", "13700000000"]
    with pytest.raises(InputError, match="no column '不存在'"):
        import_file(path, "posts", options=ImportOptions(fields={"code": "不存在"}))
    with pytest.raises(InputError, match="has no column 'colour'"):
        import_file(path, "posts", options=ImportOptions(fields={"colour": "1"}))


def test_csv_without_header(tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text("".join(f"{c},{n},{x},{y}\n" for c, n, (x, y) in zip(CODES, NAMES, POINTS, strict=True)))
    opts = ImportOptions(
        header=False, fields={"code": "1", "name": "2", "lon": "3", "lat": "4"}, values={"area_type": "rural"}
    )
    result = import_file(path, "villages", options=opts)
    assert list(result.frame["code"]) == CODES and list(result.frame["area_type"]) == ["rural"] * 3
    assert any("population" in w for w in result.warnings)


def test_key_site_categories_in_chinese(tmp_path):
    path = tmp_path / "sites.csv"
    words = ["村委会", "村室", "文化广场", "便民服务中心", "小区", "医院", "学校", "工厂", "商业区", "景区", "其他"]
    expected = ["village_office", "village_office", "culture_square", "service_center", "residential_compound",
                "hospital", "school", "factory", "business_district", "scenic_area", "other"]
    path.write_text("编号,名称,类别,经度,纬度\n" + "".join(f"K{i},点{i},{w},116.1,34.2\n" for i, w in enumerate(words)))
    assert list(import_file(path, "key_sites").frame["category"]) == expected


def test_boundaries_from_wkt_column(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(
        'code,name,level,wkt\nB1,城关派出所,派出所,"POLYGON ((116 34, 116.1 34, 116.1 34.1, 116 34))"\n'
    )
    frame = import_file(path, "boundaries").frame
    assert frame["level"].iloc[0] == "station"
    assert frame.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert frame.geometry.iloc[0].area == pytest.approx(0.005)


def test_grid_members_table_without_geometry(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("警格,成员\nG1,V1\nG1,V2\n")
    frame = import_file(path, "grid_members").frame
    assert list(frame["member"]) == ["V1", "V2"]


# ---------------------------------------------------------------- XLSX
def test_xlsx_title_row_merged_cells_and_empty_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "行政村"
    ws.append(["夏邑县行政村名单（2024年）"])
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["乡镇", "统计用区划代码", "村名", "经度", "纬度", "常住人口（人）", "户数", "城乡分类代码"])
    ws.append(["城关镇", CODES[0], NAMES[0], POINTS[0][0], POINTS[0][1], 1200, 300, 220])
    ws.append([None, CODES[1], NAMES[1], POINTS[1][0], POINTS[1][1], 800, 210, 220])
    ws.append([])
    ws.append(["会亭镇", CODES[2], NAMES[2], POINTS[2][0], POINTS[2][1], 2300, 600, 121])
    ws.merge_cells("A4:A5")  # 城关镇 merged down over its two villages
    wb.create_sheet("其他").append(["nothing"])
    path = tmp_path / "村庄.xlsx"
    wb.save(path)
    result = import_file(path, "villages")
    assert_villages(result)
    src = read_source(path)
    assert src.rows == [4, 5, 7]  # spreadsheet rows, as the planner sees them
    assert any("row 3 as the header" in w for w in result.warnings)


def test_xlsx_sheet_by_name_and_bad_row_reported_by_spreadsheet_row(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["ignore"])
    ws = wb.create_sheet("村")
    ws.append(["代码", "名称", "经度", "纬度", "人口", "户数", "城乡分类代码"])
    ws.append(["V1", "甲", 116.1, 34.2, 100, 30, 220])
    ws.append(["V2", "乙", 116.1, 34.2, -35, 30, 220])
    path = tmp_path / "v.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        import_file(path, "villages", options=ImportOptions(sheet="村"))
    assert info.value.line().startswith("v.xlsx: row 3: 人口 is -35")
    result = import_file(path, "villages", options=ImportOptions(sheet="2", skip_invalid=True))
    assert result.imported == 1 and result.skipped == [{"row": 3, "reason": "人口 is -35"}]


# ---------------------------------------------------------------- malformed files
@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("fake.shp", b"this is just text, not a shapefile" * 10, "not a shapefile"),
        ("trunc.gpkg", b"SQLite format 3\x00" + b"\x00" * 200, "GeoPackage"),
        ("text.gpkg", b"hello", "not a GeoPackage"),
        ("broken.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feat', "GeoJSON"),
        ("list.geojson", b"[1, 2, 3]", "GeoJSON"),
        ("empty.csv", b"", "empty"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
        ("data.kml", b"<kml/>", "unsupported"),
    ],
)
def test_malformed_files_give_one_line(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        import_file(path, "villages")
    line = info.value.line()
    assert fragment in line and name in line and "\n" not in line


def test_truncated_geopackage(tmp_path):
    path = tmp_path / "data.gpkg"
    pyogrio.write_dataframe(village_frame(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match="data.gpkg"):
        import_file(path, "villages")


def test_dbf_with_wrong_header_and_missing_companions(tmp_path):
    path = tmp_path / "v.shp"
    pyogrio.write_dataframe(village_frame(), path, encoding="UTF-8")
    dbf = tmp_path / "v.dbf"
    good = dbf.read_bytes()
    dbf.write_bytes(good[:8] + (9999).to_bytes(2, "little") + good[10:])
    with pytest.raises(InputError, match="damaged"):
        import_file(path, "villages")
    dbf.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="damaged"):
        import_file(path, "villages")
    dbf.unlink()
    with pytest.raises(InputError, match=".dbf attribute file is missing"):
        import_file(path, "villages")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        import_file(tmp_path / "nope.csv", "villages")
    os.mkdir(tmp_path / "dir.csv")
    with pytest.raises(InputError, match="folder"):
        import_file(tmp_path / "dir.csv", "villages")


def test_geojson_in_metres_without_crs_is_refused(tmp_path):
    path = tmp_path / "m.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"code": "V1", "name": "x", "area_type": "rural"},
                      "geometry": {"type": "Point", "coordinates": [39_500_000.0, 3_800_000.0]}}],
    }))
    with pytest.raises(InputError, match="not longitude/latitude"):
        import_file(path, "villages")
    result = import_file(path, "villages", options=ImportOptions(crs="4527"))
    assert 116 < result.frame.geometry.iloc[0].x < 118
