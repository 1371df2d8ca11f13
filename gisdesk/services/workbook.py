"""The staffing and siting workbook for leadership: one sheet per topic, in Chinese.

Names are shown with their codes beside them (:class:`layers.lookups.DisplayNames`); each
station, office and grid row carries the check's verdict for it (the worst severity of the
findings naming it: the check's own results, never a second computation); tables end in a
合计 row; counts have thousands separators; every sheet prints landscape, one page wide,
its header row repeated. The village and unit lists are the full member lists the beat
maps refer to.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gisdesk.messages import chinese
from gisdesk.services.check import SEVERITIES, SEVERITY_TITLES, CheckReport
from layers.errors import InputError
from layers.lookups import DisplayNames

HEADERS = {
    "stations": [
        ("station", "派出所代码"), ("name", "派出所"), ("villages", "行政村"), ("communities", "社区"),
        ("population", "人口"), ("offices", "警务室"), ("workstations", "警务工作站"), ("officers", "民警"),
        ("community_officers", "社区民警"), ("auxiliaries", "辅警"), ("required", "应配警力"),
        ("gap", "警力缺口"), ("community_share", "社区民警占比"), ("verdict", "检查结论"),
    ],
    "offices": [
        ("code", "警务室代码"), ("name", "警务室"), ("station", "派出所"), ("existing", "保留现有"),
        ("villages", "辖村数"), ("population", "服务人口"), ("mean_km", "平均路程(公里)"), ("max_km", "最远路程(公里)"),
        ("verdict", "检查结论"),
    ],
    "workstations": [
        ("code", "工作站代码"), ("village", "村代码"), ("village_name", "村"), ("station", "派出所"),
        ("office", "所属警务室"), ("key_site", "站址(重点部位)"),
    ],
    "grids": [
        ("code", "警格代码"), ("name", "警格"), ("station", "派出所"), ("community", "社区"), ("area_type", "类型"),
        ("population", "人口"), ("households", "户数"), ("officers_required", "配警数"), ("officers_needed", "应配警数"),
        ("deviation", "人口偏差"), ("officer_name", "责任民警"), ("officer_phone", "联系电话"), ("verdict", "检查结论"),
    ],
    "villages": [
        ("code", "村代码"), ("name", "村（社区）"), ("township", "乡镇"), ("station", "派出所"), ("area_type", "类型"),
        ("population", "人口"), ("households", "户数"), ("office", "所属警务室"), ("workstation", "警务工作站"),
        ("grid", "警格"),
    ],
    "units": [
        ("code", "单元代码"), ("name", "楼栋单元"), ("community", "社区"), ("station", "派出所"),
        ("population", "人口"), ("households", "户数"), ("estimated", "人口来源"), ("grid", "警格"),
    ],
    "findings": [("rule", "规则"), ("where", "位置"), ("detail", "说明"), ("severity", "级别")],
}
SHEET_TITLES = {"stations": "派出所", "offices": "警务室", "workstations": "警务工作站", "grids": "警格",
                "findings": "问题与缺口", "villages": "行政村名单", "units": "楼栋单元名单"}
TOTALS = {
    "stations": ("villages", "communities", "population", "offices", "workstations", "officers", "community_officers",
                 "auxiliaries", "required", "gap"),
    "offices": ("villages", "population"),
    "grids": ("population", "households", "officers_required", "officers_needed"),
    "villages": ("population", "households"),
    "units": ("population", "households"),
}
"""The columns each table's 合计 row adds up (shares and distances are not added)."""
VALUE_TITLES = {"area_type": {"urban": "城区", "rural": "农村"}}
PASSED = "达标"
PERSONAL = {"officer_name", "officer_phone"}
PERCENT = {"community_share", "deviation"}
DECIMAL = {"mean_km", "max_km"}
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_HEAD_FONT = Font(bold=True, color="FFFFFF")


def write_report(project, path: Path, *, title: str, personal: bool = True, progress=None) -> tuple[CheckReport, dict]:
    """The whole report of a project, as the command line and the window write it: the
    check (its findings and tables), the officer sheets and the member lists. Returns the
    check's report and the sheets written."""
    from gisdesk.services.check import check_project, rule_titles
    from gisdesk.services.officers.sheets import officer_sheets

    if progress:
        progress(0.2, "checking the standards")
    report = check_project(project)
    if progress:
        progress(0.7, "writing the workbook")
    sheets = write_workbook(report, path, title=title, personal=personal, rule_titles=rule_titles(),
                            more=officer_sheets(project, personal=personal), project=project)
    return report, sheets


def write_workbook(
    report: CheckReport, path: Path, *, title: str, personal: bool = True, rule_titles: dict | None = None,
    more: Sequence[tuple[str, pd.DataFrame, list[tuple[str, str]]]] = (), project=None,
) -> dict:
    """Write the workbook atomically; return the sheet names and row counts.

    ``more`` are further sheets (title, frame, (column, header) pairs) written after the
    standard ones as they are: the officer sheets (:mod:`gisdesk.services.officers.sheets`),
    which leave out personal columns themselves."""
    rule_titles = rule_titles or {}
    names = DisplayNames(project) if project is not None else None
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    _write_summary(summary, report, title)
    counts = {"汇总": summary.max_row}
    tables = {
        "stations": report.stations,
        "offices": report.offices,
        "workstations": report.workstations,
        "grids": report.grids,
        "findings": pd.DataFrame(
            [{**f.as_dict(), "rule": rule_titles.get(f.rule, f.rule), "detail": f.shown(chinese),
              "severity": SEVERITY_TITLES.get(f.severity, f.severity)} for f in report.findings],
            columns=["rule", "where", "detail", "severity"],
        ),
    }
    verdicts = _verdicts(report)
    for key in ("stations", "offices", "grids"):
        if len(tables[key]):
            code = "station" if key == "stations" else "code"
            tables[key] = tables[key].assign(verdict=[verdicts.get(c, PASSED) for c in tables[key][code]])
    if project is not None and names is not None:
        tables = _named(tables, names)
        tables.update(member_lists(project, names))
    for key, frame in tables.items():
        ws = wb.create_sheet(SHEET_TITLES[key])
        cols = [(c, h) for c, h in HEADERS[key] if personal or c not in PERSONAL]
        frame = _coded_values(frame)
        if key in TOTALS and len(frame):
            frame = pd.concat([frame, pd.DataFrame([_total_row(frame, cols, TOTALS[key])])], ignore_index=True)
        _write_table(ws, frame, cols)
        if key in TOTALS and len(frame):
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        counts[ws.title] = max(0, ws.max_row - 1 - (key in TOTALS and len(frame) > 0))
    for sheet_title, frame, cols in more:
        ws = wb.create_sheet(sheet_title)
        _write_table(ws, frame, cols)
        counts[ws.title] = max(0, ws.max_row - 1)
    save_workbook(wb, path)
    return counts


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save ``wb`` atomically: beside ``path`` first, then renamed over it."""
    for ws in wb.worksheets:
        _print_setup(ws)
    tmp = path.with_name(f".{path.stem}.saving-{os.getpid()}.xlsx")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError("write_failed", f"cannot write ({exc.strerror or exc})", file=str(path)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _write_summary(ws, report: CheckReport, title: str) -> None:
    st = report.stations
    rows = [
        (title, None),
        ("派出所", len(st)),
        ("行政村", int(st["villages"].sum()) if len(st) else 0),
        ("社区", int(st["communities"].sum()) if len(st) else 0),
        ("警务室", len(report.offices)),
        ("警务工作站", len(report.workstations)),
        ("警格", len(report.grids)),
        ("民警", int(st["officers"].sum()) if len(st) else 0),
        ("辅警", int(st["auxiliaries"].sum()) if len(st) else 0),
        ("应配警力", int(st["required"].sum()) if len(st) else 0),
        ("警力缺口", int(st["gap"].sum()) if len(st) else 0),
        ("问题数", len(report.findings)),
        ("是否达标", "是" if report.passed else "否"),
        ("数据来源", "选址方案" if report.source == "plan" else "现有站点"),
    ]
    for r in rows:
        ws.append(list(r))
    for cell in ws["B"][1:]:
        if _whole(cell.value):
            cell.number_format = "#,##0"
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40


def _write_table(ws, frame: pd.DataFrame, cols: list[tuple[str, str]]) -> None:
    ws.append([h for _, h in cols])
    for cell in ws[1]:
        cell.fill, cell.font = _HEAD_FILL, _HEAD_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for rec in frame.to_dict("records"):
        ws.append([_cell(rec.get(c)) for c, _ in cols])
    for j, (c, h) in enumerate(cols, start=1):
        letter = get_column_letter(j)
        if c in PERCENT:
            for cell in ws[letter][1:]:
                cell.number_format = "0.0%"
        elif c in DECIMAL:
            for cell in ws[letter][1:]:
                cell.number_format = "0.00"
        else:
            for cell in ws[letter][1:]:
                if _whole(cell.value):
                    cell.number_format = "#,##0"
        width = max([_display_width(h)] + [_display_width(v.value) for v in ws[letter][1:200]])
        ws.column_dimensions[letter].width = min(60, width + 2)
    ws.freeze_panes = "A2"
    if frame is not None and len(frame):
        ws.auto_filter.ref = ws.dimensions


def _cell(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, bool):
        return "是" if v else "否"
    return v


def _whole(v) -> bool:
    """A count: a whole number (thousands separators, no decimals)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and float(v).is_integer()


def _display_width(v) -> int:
    if v is None:
        return 0
    text = f"{v:.2f}" if isinstance(v, float) else str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _verdicts(report: CheckReport) -> dict[str, str]:
    """Code -> the Chinese title of the worst severity among the findings naming it."""
    rank = {sev: i for i, sev in enumerate(SEVERITIES)}
    worst: dict[str, str] = {}
    for f in report.findings:
        for code in f.codes:
            if code not in worst or rank[f.severity] < rank[worst[code]]:
                worst[code] = f.severity
    return {c: SEVERITY_TITLES.get(s, s) for c, s in worst.items()}


def _named(tables: dict[str, pd.DataFrame], names: DisplayNames) -> dict[str, pd.DataFrame]:
    """Station, office, village and community columns as names with codes beside them."""
    out = dict(tables)
    if len(out["offices"]):
        out["offices"] = out["offices"].assign(station=[names.station(c) for c in out["offices"]["station"]])
    if len(out["workstations"]):
        w = out["workstations"]
        station_of = dict(zip(tables["offices"]["code"], tables["offices"]["station"], strict=False)) \
            if len(tables["offices"]) else {}
        out["workstations"] = w.assign(station=[names.station(station_of[o]) if o in station_of else s
                                                for o, s in zip(w["office"], w["station"], strict=True)],
                                       village_name=[names.label("village", c) for c in w["village"]],
                                       office=[names.office(c) for c in w["office"]],
                                       key_site=[names.label("key_site", c) for c in w["key_site"]])
    if len(out["grids"]):
        g = out["grids"]
        out["grids"] = g.assign(station=[names.station(c) for c in g["station"]],
                                community=[names.label("village", c) for c in g["community"]])
    return out


def member_lists(project, names: DisplayNames | None = None) -> dict[str, pd.DataFrame]:
    """The full village and unit lists (``villages``, ``units``): each with its station,
    office, workstation and grid by name, the lists a beat map's member table stops short of."""
    names = names or DisplayNames(project)
    v = project["villages"]
    office_of: dict[str, str] = {}
    a = project["plan_assignment"]
    office_of.update(zip(a["village"], a["office"], strict=False))
    ws = project["plan_workstations"]
    station_of = dict(zip(ws["village"], ws["code"], strict=False))
    members = project["grid_members"]
    grid_names = dict(zip(project["grids"]["code"], project["grids"]["name"], strict=False))
    grid_of = {m: g for g, m in zip(members["grid"], members["member"], strict=False)}

    def grid(code: str) -> str:
        g = grid_of.get(code)
        return "" if g is None else f"{grid_names.get(g) or g} ({g})" if grid_names.get(g) else g

    villages = pd.DataFrame({
        "code": v["code"], "name": [names.name("village", c) for c in v["code"]],
        "township": [names.name("township", t) or t for t in v["township"]],
        "station": [names.station(c) for c in v["station"]], "area_type": v["area_type"],
        "population": v["population"], "households": v["households"],
        "office": [names.office(office_of.get(c)) for c in v["code"]],
        "workstation": [station_of.get(c, "") for c in v["code"]],
        "grid": [grid(c) for c in v["code"]],
    }).sort_values(["station", "township", "name"], kind="stable")
    u = project["units"]
    units = pd.DataFrame({
        "code": u["code"], "name": u["name"], "community": [names.label("village", c) for c in u["community"]],
        "station": [names.station(c) for c in u["station"]], "population": u["population"],
        "households": u["households"],
        "estimated": ["按面积估算（由道路划分街区）" if e else "" for e in u["estimated"].fillna(False).astype(bool)],
        "grid": [grid(c) for c in u["code"]],
    }).sort_values(["station", "community", "code"], kind="stable")
    return {"villages": villages.reset_index(drop=True), "units": units.reset_index(drop=True)}


def _coded_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Coded values (area type) in Chinese."""
    for column, titles in VALUE_TITLES.items():
        if column in frame.columns:
            frame = frame.assign(**{column: [titles.get(x, x) for x in frame[column]]})
    return frame


def _total_row(frame: pd.DataFrame, cols: list[tuple[str, str]], summed: tuple[str, ...]) -> dict:
    """The 合计 row: the sums of ``summed`` (unknown values left out), 合计 in the first column."""
    row: dict = {cols[0][0]: "合计"}
    for c in summed:
        if c in frame.columns:
            values = pd.to_numeric(frame[c], errors="coerce")
            row[c] = int(values.sum()) if values.notna().any() else None
    return row


def _print_setup(ws) -> None:
    """Landscape, one page wide (as many pages tall as it takes), header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.max_row > 1 and ws.title != "汇总":
        ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
