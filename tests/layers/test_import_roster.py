"""Importing the bureau's roster (layers/importing/roster.py): messy Chinese headers, Excel
and GBK CSV, roles and stations written many ways, refusal naming the row."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from gisdesk.cli import main
from layers.project import Project

POSTS = [
    ("411426S01", "城关派出所", "station", "411426S01"),
    ("411426S01J01", "李寨警务室", "office", "411426S01"),
    ("411426S02", "城东派出所", "station", "411426S02"),
    ("411426S02W001", "魏桥警务工作站", "workstation", "411426S02"),
]


@pytest.fixture
def project(tmp_path) -> Path:
    p = Project.new()
    p["posts"] = gpd.GeoDataFrame(
        [{"code": c, "name": n, "tier": t, "station": s} for c, n, t, s in POSTS],
        geometry=[Point(115.6 + k * 0.01, 34.4) for k in range(len(POSTS))], crs=4490)
    path = tmp_path / "p.gpkg"
    p.save(path)
    return path


def run(capsys, *argv) -> tuple[int, dict, str]:
    code = main(["import", *map(str, argv), "--json", "--quiet", "--lang", "en"])
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    return code, (json.loads(lines[-1]) if lines and code == 0 else {}), err


def test_excel_with_messy_headers(project, tmp_path, capsys):
    frame = pd.DataFrame({
        " 警 号 ": ["260101", "F260102", "F260103"],
        "姓名": ["张伟", "李娜", "王强"],
        "手机号码": [13800001111, 13800001112, None],
        "人员类别（民警/辅警）": ["正式民警", "协警", "派出所文职辅警"],
        "所属派出所": ["城关派出所", "城东所", "411426S02"],
        "警务室": ["", "魏桥警务工作站", "411426S01J01"],
    })
    xlsx = tmp_path / "花名册.xlsx"
    frame.to_excel(xlsx, index=False)
    code, summary, err = run(capsys, project, "officers", xlsx)
    assert code == 0, err
    assert summary["imported"] == 3
    o = Project.open(project)["officers"].set_index("code")
    assert list(o["role"]) == ["officer", "auxiliary", "auxiliary"]
    assert list(o["station"]) == ["411426S01", "411426S02", "411426S02"]
    assert list(o["post"]) == ["", "411426S02W001", "411426S01J01"]
    assert o.loc["260101", "phone"] == "13800001111" and o.loc["F260103", "phone"] == ""
    assert (o["max_grids"] == 1).all() and o["active"].all()  # the defaults of absent columns


def test_gbk_csv_with_status_and_grids(project, tmp_path, capsys):
    text = ("警号,姓名,联系电话/手机,身份,所属派出所（名称或代码）,警务室（工作站）,包村数,在岗状态\n"
            "260201,赵敏,138-0000-0001,民警,城关,李寨警务室,3,在岗\n"
            "F260202,钱进,138-0000-0002,辅警,城东派出所,,,病休\n"
            "F260203,孙丽,138-0000-0003,警务辅助人员,411426S02,魏桥警务工作站,2,\n")
    csv = tmp_path / "roster.csv"
    csv.write_bytes(text.encode("gbk"))
    code, summary, err = run(capsys, project, "officers", csv)
    assert code == 0, err
    assert summary["encoding"].lower() in ("gbk", "gb18030")
    o = Project.open(project)["officers"].set_index("code")
    assert o.loc["260201", "station"] == "411426S01" and o.loc["260201", "post"] == "411426S01J01"
    assert list(o["max_grids"]) == [3, 1, 2]
    assert list(o["active"]) == [True, False, True]
    assert list(o["role"]) == ["officer", "auxiliary", "auxiliary"]


def test_a_person_of_no_station_is_refused_with_the_row(project, tmp_path, capsys):
    text = ("警号,姓名,手机,人员类别,所属派出所\n"
            "260301,周杰,13800000301,民警,城关派出所\n"
            "260302,吴磊,13800000302,民警,火星派出所\n")
    csv = tmp_path / "bad.csv"
    csv.write_text(text, encoding="utf-8")
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    code, _, err = run(capsys, project, "officers", csv)
    assert code == 2
    line = err.strip().splitlines()[-1]
    assert "bad.csv" in line and "row 3" in line and "所属派出所" in line and "火星派出所" in line
    assert hashlib.sha256(project.read_bytes()).hexdigest() == before


def test_field_mapping_names_an_unusual_header(project, tmp_path, capsys):
    text = ("人员代码,姓名,岗位性质,所在单位名称\n"
            "260401,郑洁,民警,城东派出所\n")
    csv = tmp_path / "odd.csv"
    csv.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, project, "officers", csv, "--field", "code=人员代码",
                       "--field", "role=岗位性质", "--field", "station=所在单位名称")
    assert code == 0, err
    o = Project.open(project)["officers"]
    assert o.iloc[0].to_dict() == {"code": "260401", "name": "郑洁", "phone": "", "role": "officer",
                                  "station": "411426S02", "post": "", "max_grids": 1, "active": True}


def test_unknown_role_is_refused(project, tmp_path, capsys):
    csv = tmp_path / "role.csv"
    csv.write_text("警号,姓名,人员类别,所属派出所\n260501,冯涛,保安,城关派出所\n", encoding="utf-8")
    code, _, err = run(capsys, project, "officers", csv)
    assert code == 2 and "row 2" in err and "保安" in err


def test_assignments_by_police_number_and_grid_code(project, tmp_path, capsys):
    csv = tmp_path / "assignments.csv"
    csv.write_text("警号,警格编码\n260101,G01\nF260102,G02\n", encoding="utf-8")
    code, summary, err = run(capsys, project, "assignments", csv)
    assert code == 0, err
    a = Project.open(project)["assignments"]
    assert list(zip(a["officer"], a["grid"], strict=True)) == [("260101", "G01"), ("F260102", "G02")]
