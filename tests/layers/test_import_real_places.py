"""Real places: a new project, OpenStreetMap (Geofabrik and raw XML), Amap POIs, village lists
placed by name, urban/rural inferred, unknown population kept unknown, border points.

The OSM data are the real Krems extract moved rigidly into Xiayi county (tests/layers/henan_osm.py);
the village list is real Xiayi rows (adcode_411426.csv) without coordinates.
"""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
import shapely

from algorithms.network import build_network
from gisdesk.cli import main
from layers.importing import ImportOptions, import_file, import_into_project
from layers.importing.amap import category_of
from layers.importing.area_types import from_division_code, from_name
from layers.project import Project
from layers.schema import DEFAULT_SPEED_KMH
from tests.layers.henan_osm import SHANGQIU, geofabrik_copy, raw_osm_copy

WALKING = {"footway": 97, "cycleway": 17, "steps": 15, "pedestrian": 14, "path": 12}


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_new_project_and_import_into_a_missing_file(tmp_path, capsys):
    project = tmp_path / "county.gpkg"
    assert main(["new", str(project), "--json"]) == 0
    summary = _json(capsys)
    assert summary["project"] == str(project) and summary["created"] is True
    assert "villages" in summary["layers"] and all(len(Project.open(project)[n]) == 0 for n in summary["layers"])
    assert main(["new", str(project)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "已存在" in err[0]
    folder = geofabrik_copy(tmp_path / "gf")
    fresh = tmp_path / "fresh.gpkg"
    assert main(["import", str(fresh), "roads", str(folder / "gis_osm_roads_free_1.shp"), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out.strip().splitlines()[-1])["created"] is True
    assert "已新建项目" in out.err
    assert len(Project.open(fresh)["roads"]) > 600


def _reverse_one(kind, frame):
    if kind == "roads":
        i = int(np.flatnonzero((frame["oneway"] == "F").to_numpy())[0])
        frame.loc[i, "oneway"] = "T"
        frame.loc[i, "name"] = "逆向单行"
    return frame


def _main_component_share(roads) -> float:
    metric = roads.to_crs(4548)
    speeds = [s if np.isfinite(s) else DEFAULT_SPEED_KMH[c] for s, c in zip(metric["speed_kmh"], metric["road_class"],
                                                                             strict=True)]
    net = build_network(metric.geometry.values, speeds, metric["oneway"].to_numpy())
    labels = net.components()
    tail = labels[net.tail]
    return float(net.length_m[tail == 0].sum() / net.length_m.sum())


def test_geofabrik_roads_classes_oneway_speed_and_connectivity(tmp_path):
    folder = geofabrik_copy(tmp_path / "gf", _reverse_one)
    source = folder / "gis_osm_roads_free_1.shp"
    result = import_file(source, "roads")
    roads = result.frame
    assert result.facts["not_for_vehicles"] == WALKING
    assert len(roads) == 837 - sum(WALKING.values())
    assert set(roads["road_class"]) == {"national", "provincial", "county", "township", "village", "urban"}
    import pyogrio

    raw = pyogrio.read_dataframe(source)
    by_name = raw.set_index("osm_id")
    assert (roads["road_class"] == "national").sum() == 68 + 33  # trunk and trunk_link
    assert (roads["road_class"] == "urban").sum() == 236  # residential
    assert roads["speed_kmh"].isna().sum() == result.facts["speed_default"] > 0  # maxspeed 0 -> class default
    assert not (roads["speed_kmh"] == 0).any()
    reversed_row = roads[roads["name"] == "逆向单行"].iloc[0]
    original = raw[raw["name"] == "逆向单行"].geometry.iloc[0]
    assert reversed_row["oneway"] and result.facts["reversed"] == 1
    assert shapely.equals_exact(reversed_row.geometry, shapely.reverse(original), 1e-9)
    vehicles = ~by_name["fclass"].isin(list(WALKING))
    assert roads["oneway"].sum() == ((by_name["oneway"] != "B") & vehicles).sum()
    assert _main_component_share(roads) >= 0.95


def test_raw_osm_roads_places_pois_and_police(tmp_path):
    osm = raw_osm_copy(tmp_path / "krems.osm")
    project = tmp_path / "p.gpkg"
    roads = import_into_project(project, "roads", osm)
    assert roads.created and roads.facts["not_for_vehicles"] == WALKING
    frame = Project.open(project)["roads"]
    assert {"national", "urban", "village"} <= set(frame["road_class"])
    assert frame["oneway"].any() and _main_component_share(frame) >= 0.95
    villages = import_into_project(project, "villages", osm).frame
    assert set(villages["area_type"]) == {"urban", "rural"}
    assert villages["population"].isna().sum() >= 1  # population 0 / missing stays unknown
    sites = import_into_project(project, "key_sites", osm)
    assert sites.facts["police_to_posts"] == 2
    assert sites.frame["code"].is_unique and sites.frame["code"].str.startswith("OSMw").any()  # areas too
    cats = set(sites.frame["category"])
    assert {"school", "hospital", "village_office", "other"} <= cats
    posts = import_into_project(project, "posts", osm).frame
    assert len(posts) == 2 and set(posts["tier"]) == {"station"}
    stored = Project.open(project)
    lon, lat = stored["roads"].total_bounds[[0, 1]]
    assert 115.9 < lon < 116.3 and 34.1 < lat < 34.4  # in Xiayi, not in Austria


def test_clip_reads_only_the_box(tmp_path):
    osm = raw_osm_copy(tmp_path / "krems.osm")
    whole = import_file(osm, "roads")
    box = whole.frame.total_bounds
    mid = (box[0] + box[2]) / 2
    part = import_file(osm, "roads", options=ImportOptions(clip=f"{box[0] - 0.01},{box[1] - 0.01},{mid},{box[3] + 0.01}"))
    assert 0 < len(part.frame) < len(whole.frame)
    assert part.frame.geometry.intersects(shapely.box(box[0] - 0.01, box[1] - 0.01, mid, box[3] + 0.01)).all()
    with pytest.raises(Exception, match="county boundary"):
        import_file(osm, "roads", Project.new(), ImportOptions(clip="county"))


AMAP = [
    ("B001", "夏邑县人民医院", "医疗保健服务;综合医院;三级甲等医院", "116.13,34.24"),
    ("B002", "夏邑县急救中心", "医疗保健服务;急救中心;急救中心", "116.12,34.23"),
    ("B003", "夏邑县第一高级中学", "科教文化服务;学校;中学", "116.14,34.25"),
    ("B004", "胡桥村委会", "政府机构及社会团体;政府机关;村委会", "116.10,34.20"),
    ("B005", "城关派出所", "政府机构及社会团体;公检法机构;公安警察", "116.11,34.24"),
    ("B006", "某某加油站", "汽车服务;加油站;中国石化", "116.15,34.26"),
]


def _amap_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "type", "location", "adname"])
        for r in rows:
            w.writerow([*r, "夏邑县"])
    return path


def test_amap_poi_types_map_to_categories(tmp_path):
    assert category_of("医疗保健服务;急救中心;急救中心") == "hospital"
    assert category_of("科教文化服务;学校;中学") == "school"
    assert category_of("政府机构及社会团体;政府机关;村委会") == "village_office"
    assert category_of("汽车服务;加油站;中国石化") is None
    path = _amap_csv(tmp_path / "amap.csv", AMAP)
    sites = import_file(path, "key_sites")
    assert dict(zip(sites.frame["code"], sites.frame["category"], strict=True)) == {
        "B001": "hospital", "B002": "hospital", "B003": "school", "B004": "village_office", "B006": "other",
    }
    assert sites.crs == "gcj02" and sites.facts["police_to_posts"] == 1
    posts = import_file(path, "posts")
    assert list(posts.frame["name"]) == ["城关派出所"]
    nothing_fits = _amap_csv(tmp_path / "none.csv", [AMAP[5], ("B007", "某超市", "购物服务;超级市场;超市", "116.1,34.2")])
    result = import_file(nothing_fits, "key_sites")
    assert list(result.frame["category"]) == ["other", "other"]


def _renamed_pois(kind, frame):
    """Chinese names on real Krems features: evidence for the village list below."""
    if kind == "pois":
        schools = np.flatnonzero((frame["fclass"] == "school").to_numpy())
        town = np.flatnonzero((frame["fclass"] == "townhall").to_numpy())[0]
        frame.loc[town, "name"] = "胡桥村委会"
        # two schools of the same name far apart: an ambiguous village
        xs = frame.geometry.x.to_numpy()
        far = schools[np.argsort(xs[schools])]
        frame.loc[far[1], "name"] = "王庄小学"
        frame.loc[far[0], "name"] = "刘楼小学"
        frame.loc[far[-1], "name"] = "刘楼小学"
    if kind == "places":
        frame.loc[frame["fclass"] == "village", "name"] = "李集"
    return frame


def _village_list(path, n=12):
    rows = pd.read_csv(SHANGQIU / "adcode_411426.csv", header=None, dtype=str)
    villages = rows[rows[4] == "5"].head(n)
    names = villages[2].tolist()
    names[:4] = ["胡桥村委会", "王庄村", "李集村委会", "刘楼村委会"]
    table = pd.DataFrame({"统计用区划代码": villages[0].tolist(), "村名": names, "乡镇": villages[18].tolist()})
    table.to_excel(path, index=False)
    return table


def test_village_list_without_coordinates_is_placed_by_name(tmp_path):
    folder = geofabrik_copy(tmp_path / "gf", _renamed_pois)
    project = tmp_path / "p.gpkg"
    import_into_project(project, "key_sites", folder / "gis_osm_pois_free_1.shp")
    listing = _village_list(tmp_path / "行政村.xlsx")
    result = import_into_project(project, "villages", tmp_path / "行政村.xlsx",
                                 ImportOptions(match=str(folder / "gis_osm_places_free_1.shp")))
    f = result.facts
    assert (f["matched_exact"], f["matched_suffix"], f["ambiguous"]) == (2, 1, 1)
    assert f["unmatched_count"] == len(listing) - 4 == len([u for u in result.unmatched if u["status"] == "unmatched"])
    stored = Project.open(project)["villages"]
    assert sorted(stored["name"]) == sorted(["胡桥村委会", "王庄村", "李集村委会"])
    assert stored["population"].isna().all() and f["population_unknown"] == 3
    assert f["area_type_inferred"] == {"division_code": len(listing)}
    ambiguous = next(u for u in result.unmatched if u["status"] == "ambiguous")
    assert ambiguous["name"] == "刘楼村委会" and ambiguous["candidates"] == ["刘楼小学", "刘楼小学"]
    # nothing invented: the unmatched are listed with their rows, not placed; the window places them by hand
    assert all(u["row"] >= 2 for u in result.unmatched)
    assert list(result.unplaced["code"]) == [u["code"] for u in result.unmatched]
    assert result.unplaced.geometry.isna().all() and set(result.unplaced["area_type"]) <= {"urban", "rural"}


def test_village_list_without_anything_to_match_is_refused_with_a_way_out(tmp_path):
    _village_list(tmp_path / "list.xlsx")
    with pytest.raises(Exception, match="--match"):
        import_file(tmp_path / "list.xlsx", "villages", Project.new())


def test_area_type_inferred_from_each_source_in_order(tmp_path):
    assert from_division_code("411426100105") == "urban" and from_division_code("411426104224") == "rural"
    assert from_name("东城社区") == "urban" and from_name("张庄村") == "rural" and from_name("张庄") is None
    path = tmp_path / "v.csv"
    path.write_text(
        "代码,名称,城乡分类代码,经度,纬度\n"
        "V1,东关村,111,116.10,34.20\n"          # class code says urban, name says rural: the code wins
        "411426100206,西关,,116.11,34.21\n"     # division code 206: rural
        "V3,北街社区,,116.12,34.22\n"            # name suffix: urban
        "V4,南街村,,116.13,34.23\n",             # name suffix: rural
        encoding="utf-8",
    )
    result = import_file(path, "villages")
    assert list(result.frame["area_type"]) == ["urban", "rural", "urban", "rural"]
    assert result.facts["area_type_inferred"] == {"ur_code": 1, "division_code": 1, "name_suffix": 2}
    assert result.frame["population"].isna().all() and result.facts["population_unknown"] == 4


def test_points_just_outside_china_warn_unless_web_map_coordinates(tmp_path):
    path = tmp_path / "border.csv"
    path.write_text("代码,名称,经度,纬度,人口,城乡\nB1,边境村,136.4,48.1,300,农村\n", encoding="utf-8")
    result = import_file(path, "villages")
    assert len(result.frame) == 1 and any("just outside China" in w for w in result.warnings)
    with pytest.raises(Exception, match="outside China"):
        import_file(path, "villages", options=ImportOptions(crs="gcj02"))


def test_a_matched_village_takes_over_the_osm_place_it_matched(tmp_path):
    folder = geofabrik_copy(tmp_path / "gf", _renamed_pois)
    project = tmp_path / "p.gpkg"
    import_into_project(project, "key_sites", folder / "gis_osm_pois_free_1.shp")
    import_into_project(project, "villages", folder / "gis_osm_places_free_1.shp")
    place = Project.open(project)["villages"].set_index("name").loc["李集"]
    _village_list(tmp_path / "list.xlsx")
    result = import_into_project(project, "villages", tmp_path / "list.xlsx")  # no --match: the project's own data
    assert result.facts["matched"] == 3 and result.replaced == [place["code"]]
    stored = Project.open(project)["villages"]
    assert "李集" not in set(stored["name"]) and len(stored) == 4 - 1 + 3
    taken = stored.set_index("name").loc["李集村委会"]
    assert taken.geometry.equals(place.geometry)


def _boxes_geojson(path, features):
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"code": [f[0] for f in features], "name": [f[1] for f in features],
                              "level": [f[2] for f in features]}, geometry=[f[3] for f in features], crs="EPSG:4490")
    frame.to_file(path, driver="GeoJSON")
    return path


def test_township_boundaries_settle_a_name_found_in_two_townships(tmp_path):
    folder = geofabrik_copy(tmp_path / "gf", _renamed_pois)
    project = tmp_path / "p.gpkg"
    import_into_project(project, "key_sites", folder / "gis_osm_pois_free_1.shp")
    sites = Project.open(project)["key_sites"]
    liulou = sites[sites["name"] == "刘楼小学"].geometry
    west, east = sorted(liulou, key=lambda g: g.x)
    minx, miny, maxx, maxy = sites.total_bounds
    mid = (west.x + east.x) / 2
    _boxes_geojson(tmp_path / "towns.geojson", [
        ("411426100000", "城关镇", "township", shapely.box(mid, miny - 0.01, maxx + 0.01, maxy + 0.01)),
        ("411426101000", "会亭镇", "township", shapely.box(minx - 0.01, miny - 0.01, mid, maxy + 0.01)),
    ])
    import_into_project(project, "boundaries", tmp_path / "towns.geojson")
    _village_list(tmp_path / "list.xlsx")  # every row of the list is in 城关镇
    result = import_into_project(project, "villages", tmp_path / "list.xlsx")
    assert result.facts["ambiguous"] == 0
    stored = Project.open(project)["villages"].set_index("name")
    assert stored.loc["刘楼村委会"].geometry.equals(east)  # the 刘楼小学 of its own township


def test_clip_to_the_project_county(tmp_path):
    osm = raw_osm_copy(tmp_path / "krems.osm")
    whole = import_file(osm, "roads").frame
    minx, miny, maxx, maxy = whole.total_bounds
    county = shapely.box(minx - 0.01, miny - 0.01, (minx + maxx) / 2, maxy + 0.01)
    project = tmp_path / "p.gpkg"
    import_into_project(project, "boundaries", _boxes_geojson(tmp_path / "c.geojson",
                                                               [("411426", "夏邑县", "county", county)]))
    result = import_into_project(project, "roads", osm, ImportOptions(clip="county"))
    assert 0 < result.imported < len(whole)
    assert Project.open(project)["roads"].geometry.intersects(county).all()


@pytest.mark.parametrize("case", ["osm_into_boundaries", "match_roads", "broken_osm", "empty_pbf", "list_with_nothing_to_match"])
def test_bad_real_files_are_one_line_and_create_nothing(tmp_path, capsys, case):
    folder = geofabrik_copy(tmp_path / "gf")
    osm = raw_osm_copy(tmp_path / "krems.osm")
    _village_list(tmp_path / "list.xlsx")
    (tmp_path / "bad.osm").write_text("<osm><node", encoding="utf-8")
    (tmp_path / "empty.osm.pbf").write_bytes(b"")
    project = tmp_path / "new.gpkg"
    argv, fragment = {
        "osm_into_boundaries": (["boundaries", str(osm)], "go into roads, villages, key_sites or posts"),
        "match_roads": (["villages", str(tmp_path / "list.xlsx"), "--match", str(folder / "gis_osm_roads_free_1.shp")],
                        "--match: no named places or POIs"),
        "broken_osm": (["roads", str(tmp_path / "bad.osm")], "cannot read the OpenStreetMap file"),
        "empty_pbf": (["roads", str(tmp_path / "empty.osm.pbf")], "cannot read the OpenStreetMap file"),
        "list_with_nothing_to_match": (["villages", str(tmp_path / "list.xlsx")], "--match FILE"),
    }[case]
    assert main(["import", str(project), *argv, "--lang", "en"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]
    assert len(err) == 1 and fragment in err[0], err
    assert not project.exists()
