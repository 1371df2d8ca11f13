"""The station attribute ``remote`` (地处偏远、警力较少): imported from 偏远 / 是否偏远 columns."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.importing import import_file
from layers.project import Project
from layers.validation import validate_layer


@pytest.mark.parametrize("header", ["偏远", "是否偏远"])
def test_remote_stations_are_imported(tmp_path, header):
    path = tmp_path / "posts.csv"
    pd.DataFrame({
        "代码": ["S01", "S02", "S01J01"], "名称": ["城关派出所", "孔庄派出所", "李寨警务室"],
        "层级": ["派出所", "派出所", "警务室"], "所属派出所": ["S01", "S02", "S01"],
        header: ["否", "是", ""], "经度": [115.6, 115.9, 115.61], "纬度": [34.4, 34.5, 34.41],
    }).to_csv(path, index=False, encoding="gbk")
    frame = import_file(path, "posts").frame
    assert list(frame["remote"]) == [False, True, False]
    project = Project.new()
    project["posts"] = frame
    saved = project.save(tmp_path / "p.gpkg")
    assert list(Project.open(saved)["posts"]["remote"]) == [False, True, False]


def test_posts_without_the_column_are_not_remote(tmp_path):
    path = tmp_path / "posts.csv"
    pd.DataFrame({"代码": ["S01"], "名称": ["城关派出所"], "层级": ["派出所"], "经度": [115.6], "纬度": [34.4]}).to_csv(
        path, index=False)
    assert list(import_file(path, "posts").frame["remote"]) == [False]


def test_remote_on_an_office_is_a_warning(tmp_path):
    path = tmp_path / "posts.csv"
    pd.DataFrame({"代码": ["S01", "S01J01"], "名称": ["城关派出所", "李寨警务室"], "层级": ["派出所", "警务室"],
                  "偏远": ["是", "是"], "经度": [115.6, 115.61], "纬度": [34.4, 34.41]}).to_csv(path, index=False)
    result = import_file(path, "posts")
    assert list(result.frame["remote"]) == [True, True]
    problems = [p for p in validate_layer("posts", result.frame) if p.code == "remote_not_station"]
    assert [(p.row, p.severity) for p in problems] == [(2, "warning")]  # the office, rows counted from 1
