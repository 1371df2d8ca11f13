"""layers.validation: every problem code, row numbers, labels and repair."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box

from layers.project import Project
from layers.repair import repair
from layers.schema import CRS, coerce
from layers.validation import (
    ERROR,
    WARNING,
    Problem,
    errors,
    parse_number,
    validate_layer,
    validate_value,
)


def villages(**overrides) -> gpd.GeoDataFrame:
    data = {
        "code": ["411426100001", "411426100002", "411426100003"],
        "name": ["张庄村", "李楼村", "王集村"],
        "population": [1200, 800, 2300],
        "households": [300, 210, 600],
        "area_type": ["rural", "rural", "urban"],
        "township": ["城关镇"] * 3,
        "station": ["S01"] * 3,
    }
    geoms = overrides.pop("geometry", [Point(116.1, 34.2), Point(116.2, 34.25), Point(116.15, 34.3)])
    data.update(overrides)
    return gpd.GeoDataFrame(data, geometry=geoms, crs=CRS)


def codes(problems: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.field) for p in problems]


def test_a_clean_layer_has_no_problems():
    assert validate_layer("villages", villages()) == []
    assert validate_layer("villages", coerce("villages", villages())) == []


def test_missing_column_is_an_error_for_text_and_a_warning_for_counts():
    frame = villages().drop(columns=["name", "population"])
    problems = validate_layer("villages", frame)
    assert ("missing_column", None, "name") in codes(problems)
    by_field = {p.field: p for p in problems}
    assert by_field["name"].severity == ERROR
    assert by_field["population"].severity == WARNING


def test_missing_value_in_required_text():
    problems = validate_layer("villages", villages(name=["张庄村", "", "王集村"]))
    assert codes(problems) == [("missing_value", 2, "name")]


def test_wrong_type_non_numeric_population_with_label():
    problems = validate_layer(
        "villages", villages(population=["1200", "about 800", 2300]), labels={"population": "常住人口"}
    )
    assert codes(problems) == [("wrong_type", 2, "population")]
    assert problems[0].line() == "row 2: 常住人口 is 'about 800', not a number"


def test_negative_value_message_uses_source_row_numbers():
    problems = validate_layer(
        "villages", villages(population=[1200, -35, 2300]), rows=[5, 7, 8], labels={"population": "常住人口"}
    )
    assert codes(problems) == [("negative_value", 7, "population")]
    assert problems[0].line() == "row 7: 常住人口 is -35"


def test_absurd_population():
    problems = validate_layer("villages", villages(population=[1200, 800, 25_000_000]))
    assert codes(problems) == [("absurd_value", 3, "population")]


def test_whole_number_required_for_counts():
    problems = validate_layer("villages", villages(households=[300, 210.5, 600]))
    assert codes(problems) == [("wrong_type", 2, "households")]


def test_bad_choice_and_empty_choice():
    problems = validate_layer("villages", villages(area_type=["rural", "suburb", ""]))
    assert codes(problems) == [("bad_choice", 2, "area_type"), ("bad_choice", 3, "area_type")]


def test_bool_column_wrong_type():
    roads = gpd.GeoDataFrame(
        {"name": ["G310", "x"], "road_class": ["national", "county"], "speed_kmh": [80, None], "oneway": ["否", "maybe"]},
        geometry=[LineString([(116, 34), (116.1, 34)]), LineString([(116, 34.1), (116.1, 34.1)])],
        crs=CRS,
    )
    assert codes(validate_layer("roads", roads)) == [("wrong_type", 2, "oneway")]


def test_duplicate_code_within_the_frame_and_against_existing_rows():
    problems = validate_layer("villages", villages(code=["A", "B", "A"]))
    assert codes(problems) == [("duplicate_code", 3, "code")]
    assert "also in row 1" in problems[0].message
    existing = coerce("villages", villages(code=["B", "X", "Y"]))
    problems = validate_layer("villages", villages(code=["A", "B", "C"]), existing=existing)
    assert codes(problems) == [("duplicate_code", 2, "code")]


def test_empty_and_wrong_geometry_type():
    frame = villages(geometry=[None, Point(), LineString([(116, 34), (116.1, 34.1)])])
    assert codes(validate_layer("villages", frame)) == [
        ("empty_geometry", 1, "geometry"),
        ("empty_geometry", 2, "geometry"),
        ("wrong_geometry_type", 3, "geometry"),
    ]


def test_outside_china_catches_swapped_coordinates():
    frame = villages(geometry=[Point(34.2, 116.1), Point(116.2, 34.25), Point(2.35, 48.85)])
    assert codes(validate_layer("villages", frame)) == [("outside_china", 1, "geometry"), ("outside_china", 3, "geometry")]


def test_invalid_geometry_is_a_warning_and_repair_fixes_it():
    bowtie = Polygon([(116, 34), (116.1, 34.1), (116.1, 34), (116, 34.1), (116, 34)])
    frame = gpd.GeoDataFrame(
        {"code": ["B1", "B2"], "name": ["一", "二"], "level": ["township", "station"]},
        geometry=[bowtie, box(116, 34, 116.1, 34.1)],
        crs=CRS,
    )
    problems = validate_layer("boundaries", frame)
    assert codes(problems) == [("invalid_geometry", 1, "geometry")]
    assert problems[0].severity == WARNING and errors(problems) == []
    fixed, repairs = repair("boundaries", frame, rows=[10, 11])
    assert codes(repairs) == [("invalid_geometry", 10, "geometry")]
    assert fixed.geometry.iloc[0].is_valid and fixed.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert fixed.geometry.iloc[0].area == pytest.approx(0.005)  # both triangles of the bow tie kept
    assert validate_layer("boundaries", fixed) == []


def test_repair_turns_single_multipoints_into_points_and_drops_z():
    frame = villages(geometry=[MultiPoint([(116.1, 34.2)]), Point(116.2, 34.25, 50.0), Point(116.15, 34.3)])
    fixed, repairs = repair("villages", frame)
    assert repairs == []
    assert list(fixed.geom_type) == ["Point"] * 3
    assert not fixed.geometry.iloc[1].has_z
    assert validate_layer("villages", fixed) == []


def test_village_outside_station_needs_station_boundaries():
    proj = Project.new()
    assert validate_layer("villages", villages(), proj) == []
    proj["boundaries"] = gpd.GeoDataFrame(
        {"code": ["S01", "T1"], "name": ["城关派出所", "大乡"], "level": ["station", "township"]},
        geometry=[box(116.0, 34.0, 116.21, 34.28), box(115, 33, 117, 35)],
        crs=CRS,
    )
    problems = validate_layer("villages", villages(), proj)
    assert codes(problems) == [("village_outside_station", 3, "geometry")]
    assert problems[0].severity == WARNING


def test_table_layer_without_geometry():
    members = pd.DataFrame({"grid": ["G1", "G1", ""], "member": ["V1", "V2", "V3"]})
    assert codes(validate_layer("grid_members", members)) == [("missing_value", 3, "grid")]


def test_parse_number_reads_spreadsheet_spellings():
    assert parse_number("1,234") == 1234
    assert parse_number("１２３４") == 1234
    assert parse_number("1.2万") == 12000
    assert parse_number("35人") == 35
    assert parse_number(" ") is None
    with pytest.raises(ValueError):
        parse_number("abc")
    with pytest.raises(ValueError):
        parse_number(float("inf"))


def test_unknown_layer():
    with pytest.raises(KeyError):
        validate_layer("nope", pd.DataFrame())


def test_validate_value_for_attribute_edits():
    frame = coerce("villages", villages())
    assert validate_value("villages", "population", "1500", frame=frame, index=0) == []
    assert codes(validate_value("villages", "population", -3, frame=frame, index=1)) == [("negative_value", 2, "population")]
    assert codes(validate_value("villages", "area_type", "suburb", index=0)) == [("bad_choice", 1, "area_type")]
    assert codes(validate_value("villages", "code", "411426100002", frame=frame, index=0)) == [("duplicate_code", 1, "code")]
    assert validate_value("villages", "code", "411426100001", frame=frame, index=0) == []
    assert codes(validate_value("roads", "oneway", "sometimes")) == [("wrong_type", 1, "oneway")]


def test_unconvertible_coordinates_are_reported_not_repaired():
    frame = villages(geometry=[Point(float("inf"), float("inf")), Point(116.2, 34.25), Point(116.15, 34.3)])
    fixed, repairs = repair("villages", frame)
    assert repairs == []
    assert codes(validate_layer("villages", fixed)) == [("outside_china", 1, "geometry")]
