"""check and report: the bureau's rules as findings and the Excel workbook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook
from shapely.geometry import Point, box

from gisdesk.services.check import check_project
from gisdesk.services.workbook import write_workbook
from layers.project import Project

ROOT = Path(__file__).resolve().parents[3]


def _villages(n: int, station: str, x0: float) -> dict:
    return {
        "code": [f"{station}{i:03d}" for i in range(n)],
        "name": [f"{station}村{i}" for i in range(n)],
        "population": [1000 + 10 * i for i in range(n)],
        "households": [300] * n,
        "area_type": ["rural"] * n,
        "township": ["城关镇"] * n,
        "station": [station] * n,
        "geometry": [Point(x0 + 0.01 * i, 34.4) for i in range(n)],
    }


@pytest.fixture
def project() -> Project:
    p = Project.new()
    a, b = _villages(6, "S01", 115.5), _villages(3, "S02", 115.8)
    p["villages"] = gpd.GeoDataFrame({k: a[k] + b[k] for k in a}, crs=4490)
    p["posts"] = gpd.GeoDataFrame(
        {
            "code": ["P1", "O1", "P2"],
            "name": ["城关派出所", "东关警务室", "王集派出所"],
            "tier": ["station", "office", "station"],
            "station": ["S01", "S01", "S02"],
            "officers": [10, 2, 5],
            "auxiliaries": [4, 6, 2],
        },
        geometry=[Point(115.5, 34.41), Point(115.52, 34.4), Point(115.8, 34.41)],
        crs=4490,
    )
    p["grids"] = gpd.GeoDataFrame(
        {"code": ["G1", "G2"], "name": ["一格", "二格"], "station": ["S01", "S01"], "community": ["C", "C"],
         "area_type": ["urban", "urban"], "population": [2900, 4100], "households": [900, 1200],
         "officers_required": [1, 1], "officer_name": ["李红", "赵强"], "officer_phone": ["13900001111", "13900002222"]},
        geometry=[box(115.5, 34.3, 115.51, 34.31), box(115.51, 34.3, 115.52, 34.31)],
        crs=4490,
    )
    return p


def test_findings_name_the_breaches(project):
    report = check_project(project)
    rules = {(f.rule, f.where.split(" / ")[0].split(" (")[0]) for f in report.findings}  # name (code)
    assert ("village_without_post", "城关派出所") in rules
    assert ("village_without_post", "王集派出所") in rules
    assert ("station_offices", "王集派出所") in rules
    assert ("grid_over_standard", "城关派出所") in rules
    assert ("community_share", "城关派出所") in rules
    assert not report.passed
    office = report.offices.set_index("code").loc["O1"]
    assert office["villages"] == 6
    st = report.stations.set_index("station")
    assert st.loc["S01", "offices"] == 1 and st.loc["S01", "community_officers"] == 2
    assert st.loc["S01", "required"] == 3  # G1 needs 1, G2 (4,100 residents) 2: the need, not the stored 1 + 1


def test_check_does_not_change_the_project(project, tmp_path):
    path = tmp_path / "p.gpkg"
    project.save(path)
    before = path.read_bytes()
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(path), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 1, res.stderr  # violations: a script can gate on it
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["passed"] is False
    assert {"rule", "severity", "where", "detail"} <= set(summary["findings"][0])
    assert path.read_bytes() == before


def test_workbook_sheets_headers_and_numbers(project, tmp_path):
    out = tmp_path / "r.xlsx"
    write_workbook(check_project(project), out, title="测试")
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "派出所", "警务室", "警务工作站", "警格", "问题与缺口"]
    st = wb["派出所"]
    assert st["B1"].value == "派出所" and st.freeze_panes == "A2"
    assert isinstance(st["E2"].value, int)
    grids = wb["警格"]
    headers = [c.value for c in grids[1]]
    assert "责任民警" in headers
    assert wb["汇总"]["B2"].value == 2


def test_workbook_without_personal_data(project, tmp_path):
    out = tmp_path / "r.xlsx"
    write_workbook(check_project(project), out, title="测试", personal=False)
    wb = load_workbook(out)
    values = {c.value for row in wb["警格"].iter_rows() for c in row}
    assert "李红" not in values and "13900001111" not in values


def test_unknown_counts_are_checked_with_what_is_known(project):
    grids = project["grids"].copy()
    grids["population"] = grids["population"].astype("Int64")
    grids["households"] = grids["households"].astype("Int64")
    grids.loc[0, "population"] = None
    grids.loc[1, "households"] = None
    project["grids"] = grids
    villages = project["villages"].copy()
    villages["population"] = villages["population"].astype("Int64")
    villages.loc[0, "population"] = None
    project["villages"] = villages
    report = check_project(project)
    table = report.grids.set_index("code")
    assert table.at["G1", "population"] is None or pd.isna(table.at["G1", "population"])
    assert table.at["G2", "officers_needed"] == 2  # 4,100 residents alone need 2
    over = [f.detail for f in report.findings if f.rule == "grid_over_standard"]
    assert any("4100人、未知户" in d for d in over)
