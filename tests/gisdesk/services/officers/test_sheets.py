"""The report's officer sheets, opened as a reader opens them: staffing, a sheet per
station, the roster; --no-personal leaves no name or phone anywhere."""

from __future__ import annotations

from openpyxl import load_workbook

from gisdesk.cli import main
from layers.project import Project


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_report_has_staffing_station_and_roster_sheets(demo_copy, tmp_path, capsys):
    p = Project.open(demo_copy)
    o = p["officers"].copy()
    st = "411426S05"
    o.loc[o["station"] == st, "max_grids"] = 0  # a station whose grids no one may take
    p["officers"] = o
    p["assignments"] = p["assignments"][~p["assignments"]["officer"].isin(o.loc[o["station"] == st, "code"])]
    p.save()
    out = tmp_path / "report.xlsx"
    assert main(["report", str(demo_copy), "--out", str(out), "--quiet"]) == 0
    wb = load_workbook(out)
    staffing = _rows(wb["警力配置"])
    assert staffing[0][:8] == ("派出所代码", "派出所", "警格", "应配", "可包格人数", "可包格数", "已配", "缺口")
    by_code = {r[0]: r for r in staffing[1:]}
    assert len(by_code) == 23 and by_code["合计"][1].startswith("县局民警")
    grids = p["grids"]
    n = int((grids["station"] == st).sum())
    assert by_code[st][2] == n and by_code[st][6] == 0 and by_code[st][7] == by_code[st][3]
    sheet = _rows(wb["黄岗派出所"])
    assert sheet[0][:8] == ("警格代码", "警格", "类型", "人口", "户数", "应配", "已配", "缺口")
    assert len(sheet) == n + 2 and sheet[-1][0] == "合计" and sheet[-1][7] == by_code[st][3]
    other = _rows(wb["城关派出所"])
    assert all(r[8] for r in other[1:-1])  # every grid of a staffed station names its people
    roster = _rows(wb["花名册"])
    assert roster[0][:4] == ("警号", "姓名", "联系电话", "身份") and len(roster) == len(o) + 1
    assert {r[3] for r in roster[1:]} == {"民警", "辅警"}


def test_no_personal_leaves_out_names_and_phones(demo_copy, tmp_path, capsys):
    out = tmp_path / "report.xlsx"
    assert main(["report", str(demo_copy), "--out", str(out), "--no-personal", "--quiet"]) == 0
    p = Project.open(demo_copy)
    names = set(p["officers"]["name"])
    phones = set(p["officers"]["phone"])
    cells = {str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert not cells & names
    assert not any(ph in c for c in cells for ph in phones)
    assert "花名册" in load_workbook(out).sheetnames
