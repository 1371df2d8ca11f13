"""What leadership and planners read from the county demo plan: the workbook opened as
Excel opens it (openpyxl), and the names beside codes in the command line's output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gisdesk.cli import main
from gisdesk.services.check import check_project
from layers.lookups import DisplayNames, labelled, village_names
from layers.project import Project

ENGLISH = re.compile(r"^[A-Za-z][A-Za-z ,.'()%-]*[A-Za-z]$")
"""A value that is an English word or sentence (codes such as JWS-411426S01-001 have digits)."""


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    """The county demo with a plan, grids and the roster assigned."""
    path = tmp_path_factory.mktemp("leadership") / "county.gpkg"
    for argv in (["demo", str(path)], ["site", str(path), "--no-tradeoff"], ["grids", str(path)],
                 ["assign", str(path)]):
        assert main([*argv, "--quiet"]) == 0, argv
    return path


@pytest.fixture(scope="module")
def workbook(county, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    assert main(["report", str(county), "--out", str(out), "--quiet"]) == 0
    return load_workbook(out)


def test_sheets_include_the_full_village_and_unit_lists(workbook, county):
    project = Project.open(county)
    names = workbook.sheetnames
    assert names[:8] == ["汇总", "派出所", "警务室", "警务工作站", "警格", "问题与缺口", "行政村名单", "楼栋单元名单"]
    villages, units = workbook["行政村名单"], workbook["楼栋单元名单"]
    assert villages.max_row == len(project["villages"]) + 2  # header and 合计
    assert units.max_row == len(project["units"]) + 2
    listed = {r[0] for r in villages.iter_rows(min_row=2, values_only=True)}
    assert set(project["villages"]["code"]) <= listed


def test_totals_rows_add_up(workbook, county):
    project = Project.open(county)
    for sheet, column, expected in (
        ("行政村名单", "人口", int(project["villages"]["population"].sum())),
        ("警格", "人口", int(project["grids"]["population"].sum())),
        ("楼栋单元名单", "户数", int(project["units"]["households"].sum())),
    ):
        ws = workbook[sheet]
        headers = [c.value for c in ws[1]]
        j = headers.index(column)
        last = [c.value for c in ws[ws.max_row]]
        assert last[0] == "合计" and last[j] == expected, sheet
        assert ws.cell(ws.max_row, 1).font.bold
    st = workbook["派出所"]
    total = [c.value for c in st[st.max_row]]
    body = list(st.iter_rows(min_row=2, max_row=st.max_row - 1, values_only=True))
    assert total[0] == "合计" and total[4] == sum(r[4] for r in body)


def test_counts_have_thousands_separators_and_print_setup(workbook):
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if ws.title != "汇总" and ws.max_row > 1:
            assert ws.print_title_rows == "$1:$1", ws.title
    grids = workbook["警格"]
    headers = [c.value for c in grids[1]]
    pop = grids.cell(2, headers.index("人口") + 1)
    assert pop.number_format == "#,##0" and isinstance(pop.value, int | float)
    assert grids.cell(2, headers.index("人口偏差") + 1).number_format == "0.0%"
    summary = workbook["汇总"]
    assert summary["A3"].value == "行政村" and summary["B3"].number_format == "#,##0"


def test_no_english_in_value_cells(workbook):
    found = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and ENGLISH.match(v.strip()):
                    found.append((ws.title, v))
    assert not found, found[:10]
    types = {r[4] for r in workbook["警格"].iter_rows(min_row=2, values_only=True)} - {None}
    assert types <= {"城区", "农村"} and types


def test_verdicts_agree_with_the_check(workbook, county):
    project = Project.open(county)
    report = check_project(project)
    flagged = {c for f in report.findings for c in f.codes}
    st = workbook["派出所"]
    headers = [c.value for c in st[1]]
    verdict = headers.index("检查结论")
    for row in st.iter_rows(min_row=2, max_row=st.max_row - 1, values_only=True):
        assert (row[verdict] != "达标") == (row[0] in flagged), row
    assert workbook["汇总"]["B13"].value == ("是" if report.passed else "否")
    assert workbook["问题与缺口"].max_row == len(report.findings) + 1


def test_names_with_codes_beside_them(workbook, county):
    project = Project.open(county)
    names = DisplayNames(project)
    offices = workbook["警务室"]
    station = offices.cell(2, 3).value
    assert re.fullmatch(r".+派出所 \(411426S\d\d\)", station), station
    ws_station = workbook["警务工作站"].cell(2, 4).value
    assert re.fullmatch(r".+派出所 \(411426S\d\d\)", ws_station), ws_station
    # same-named villages told apart by their township
    told = village_names(project)
    v = project["villages"]
    dupes = v[v["name"] == "朱庄村"]
    assert len(dupes) >= 2
    shown = {told[c] for c in dupes["code"]}
    assert len(shown) == len(dupes) and all(s.startswith("朱庄村（") for s in shown)
    listed = {r[1] for r in workbook["行政村名单"].iter_rows(min_row=2, values_only=True)}
    assert shown <= listed
    assert names.station("411426S13") == labelled(names.name("station", "411426S13"), "411426S13")
    assert names.station("411426S13").endswith(" (411426S13)")


def test_site_table_and_check_name_the_stations(county, tmp_path, capsys):
    target = tmp_path / "c.gpkg"
    target.write_bytes(county.read_bytes())
    capsys.readouterr()
    assert main(["site", str(target), "--no-tradeoff", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "中峰派出所 (411426S13)" in out
    assert main(["check", str(county), "--json", "--quiet"]) in (0, 1)
    found = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["findings"]
    for f in found:
        assert not re.match(r"^411426S\d\d ", f["where"]), f["where"]


def test_the_report_line_lists_each_sheet_and_its_rows_in_chinese(county, tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    assert main(["report", str(county), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    [line] = [t for t in (captured.out + captured.err).splitlines() if t.startswith("已写入")]
    assert "：汇总 " in line and " 行，派出所 " in line and ", " not in line, line
