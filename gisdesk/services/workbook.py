"""The staffing and siting workbook for leadership: one sheet per topic, Chinese headers."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gisdesk.services.check import SEVERITY_TITLES, CheckReport
from layers.errors import InputError

HEADERS = {
    "stations": [
        ("station", "派出所代码"), ("name", "派出所"), ("villages", "行政村"), ("communities", "社区"),
        ("population", "人口"), ("offices", "警务室"), ("workstations", "警务工作站"), ("officers", "民警"),
        ("community_officers", "社区民警"), ("auxiliaries", "辅警"), ("required", "应配警力"),
        ("gap", "警力缺口"), ("community_share", "社区民警占比"),
    ],
    "offices": [
        ("code", "警务室代码"), ("name", "警务室"), ("station", "派出所"), ("existing", "保留现有"),
        ("villages", "辖村数"), ("population", "服务人口"), ("mean_km", "平均路程(公里)"), ("max_km", "最远路程(公里)"),
    ],
    "workstations": [
        ("code", "工作站代码"), ("village", "村代码"), ("village_name", "村"), ("station", "派出所"),
        ("office", "所属警务室"), ("key_site", "站址(重点部位)"),
    ],
    "grids": [
        ("code", "警格代码"), ("name", "警格"), ("station", "派出所"), ("community", "社区"), ("area_type", "类型"),
        ("population", "人口"), ("households", "户数"), ("officers_required", "配警数"), ("officers_needed", "应配警数"),
        ("deviation", "人口偏差"), ("officer_name", "责任民警"), ("officer_phone", "联系电话"),
    ],
    "findings": [("rule", "规则"), ("where", "位置"), ("detail", "说明"), ("severity", "级别")],
}
SHEET_TITLES = {"stations": "派出所", "offices": "警务室", "workstations": "警务工作站", "grids": "警格", "findings": "问题与缺口"}
PERSONAL = {"officer_name", "officer_phone"}
PERCENT = {"community_share", "deviation"}
DECIMAL = {"mean_km", "max_km"}
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_HEAD_FONT = Font(bold=True, color="FFFFFF")


def write_workbook(
    report: CheckReport, path: Path, *, title: str, personal: bool = True, rule_titles: dict | None = None,
    more: Sequence[tuple[str, pd.DataFrame, list[tuple[str, str]]]] = (),
) -> dict:
    """Write the workbook atomically; return the sheet names and row counts.

    ``more`` are further sheets (title, frame, (column, header) pairs) written after the
    standard ones as they are: the officer sheets (:mod:`gisdesk.services.officers.sheets`),
    which leave out personal columns themselves."""
    rule_titles = rule_titles or {}
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
            [{**f.as_dict(), "rule": rule_titles.get(f.rule, f.rule),
              "severity": SEVERITY_TITLES.get(f.severity, f.severity)} for f in report.findings],
            columns=["rule", "where", "detail", "severity"],
        ),
    }
    for key, frame in tables.items():
        ws = wb.create_sheet(SHEET_TITLES[key])
        cols = [(c, h) for c, h in HEADERS[key] if personal or c not in PERSONAL]
        _write_table(ws, frame, cols)
        counts[ws.title] = max(0, ws.max_row - 1)
    for sheet_title, frame, cols in more:
        ws = wb.create_sheet(sheet_title)
        _write_table(ws, frame, cols)
        counts[ws.title] = max(0, ws.max_row - 1)
    tmp = path.with_name(f".{path.stem}.saving-{os.getpid()}.xlsx")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError("write_failed", f"cannot write ({exc.strerror or exc})", file=str(path)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return counts


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


def _display_width(v) -> int:
    if v is None:
        return 0
    text = f"{v:.2f}" if isinstance(v, float) else str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
