"""Refusals in the user's language: Chinese by default, the same place named.

The other reliability tests look for the English words (``row 7``, ``layer villages``) and
run with ``--lang en``; here the default language must name the file, the layer (with its
Chinese title), the row (``第 2 行``) and the field, in one line, the project unchanged.
"""

from __future__ import annotations

from pathlib import Path

from tests.reliability import test_bad_input as base
from tests.reliability.test_bad_input import assert_refused, make_project, sha256
from tests.reliability.test_bad_input_project_data import edited

town_bytes, empty_bytes, town, _no_debug = base.town_bytes, base.empty_bytes, base.town, base._no_debug


def _bad_rows(folder: Path) -> Path:
    path = folder / "villages.csv"
    path.write_text("代码,村名,人口,户数,类型,经度,纬度\nV8,张庄村,abc,10,rural,115.62,34.43\n"
                    "V9,李庄村,-5,10,rural,115.62,34.43\n", encoding="utf-8")
    return path


def test_an_import_refusal_names_file_row_and_field_in_chinese(town, tmp_path, capsys):
    res = assert_refused(["import", town, "villages", _bad_rows(tmp_path)], capsys, "villages.csv", tmp_path, lang=None)
    line = res.lines[0]
    assert line.startswith("main.py import: villages.csv：第 2 行：字段 population："), line
    assert "人口 为 'abc'，不是数字" in line and "第 3 行：人口 为 -5，不能为负数" in line, line
    assert "加 --skip-invalid 可只导入其余正确的行" in line, line


def test_the_same_refusal_in_english_with_lang_en(town, tmp_path, capsys):
    res = assert_refused(["import", town, "villages", _bad_rows(tmp_path)], capsys, "villages.csv", tmp_path)
    assert res.lines[0].startswith("main.py import: villages.csv: row 2: 人口 is 'abc', not a number"), res.lines[0]


def test_a_bad_row_of_the_project_names_layer_and_row_in_chinese(tmp_path, capsys, town_bytes):
    path = edited(tmp_path, town_bytes, "pop_text")
    before = sha256(path)
    res = assert_refused(["site", path], capsys, "pop_text.gpkg", tmp_path, lang=None)
    line = res.lines[0]
    assert "pop_text.gpkg：图层 villages（行政村）：第 3 行：V1" in line, line  # V1 is the third village
    assert "'很多'" in line and ("不是数字" in line or "以文本存储" in line), line
    assert sha256(path) == before


def test_an_empty_project_and_a_bad_option_in_chinese(tmp_path, capsys, town_bytes, empty_bytes, town):
    empty = make_project("empty", tmp_path, town_bytes, empty_bytes)
    res = assert_refused(["site", empty], capsys, "图层 villages（行政村）", tmp_path, lang=None)
    assert "项目中没有可选址的村" in res.lines[0]
    res = assert_refused(["site", town, "--offices", "0"], capsys, "--offices", tmp_path, lang=None)
    assert res.lines[0] == "main.py site: --offices：至少为 1，实际为 0"
    res = assert_refused(["site", tmp_path / "nowhere.gpkg"], capsys, "nowhere.gpkg", tmp_path, lang=None)
    assert res.lines[0].endswith("nowhere.gpkg：项目不存在")


def test_skipped_rows_and_the_summary_of_an_import_in_chinese(town, tmp_path, capsys):
    path = tmp_path / "villages.csv"
    path.write_text("代码,村名,人口,户数,类型,经度,纬度\nV8,张庄村,abc,10,rural,115.62,34.43\n"
                    "V9,李庄村,500,10,rural,115.62,34.43\n", encoding="utf-8")
    res = base.run_cli(["import", town, "villages", path, "--skip-invalid", "--quiet"], capsys, None)
    assert res.code == 0, res.describe()
    assert "villages.csv：已导入 1 行到图层 villages，跳过 1 行" in res.stdout, res.stdout
    assert "villages.csv：已跳过：第 2 行：人口 为 'abc'，不是数字" in res.stderr, res.stderr


def test_an_unknown_selection_a_place_off_the_globe_and_no_versions_read_in_chinese(town, tmp_path, capsys):
    """No English left inside these lines: the kind of thing not found, the reason a point
    is refused, an empty list of plan versions."""
    out = tmp_path / "out"
    out.mkdir()
    for option, word in (("--grid", "警格"), ("--station", "派出所"), ("--office", "警务室")):
        res = assert_refused(["print", town, "--out", out / "maps.pdf", option, "NOPE"], capsys, option, tmp_path,
                             lang=None)
        assert res.lines[0].endswith(f"{option}：项目中没有{word} NOPE"), res.lines[0]
    for at in ("999,999", "nan,nan"):
        res = assert_refused(["evaluate", town, "--at", at], capsys, "--at", tmp_path, lang=None)
        assert res.lines[0].endswith(f"--at：{at} 在此坐标系中不是有效位置（经度 -180 至 180，纬度 -90 至 90）"), res.lines[0]
    res = assert_refused(["plan", "load", town, "方案甲"], capsys, "方案甲", tmp_path, lang=None)
    assert res.lines[0].endswith("没有名为 '方案甲' 的方案版本（尚未保存任何方案版本）"), res.lines[0]
