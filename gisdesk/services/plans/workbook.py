"""``plan compare --out FILE.xlsx``: the comparison for leadership, with names, in Chinese.

Sheets: 对比摘要 (the two plans' numbers side by side), 变更村 (each village that changes
office: village, township, station, its office in A and in B by code and name) and
增减警务室 (offices added and removed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from gisdesk.services.plans.compare import PlanComparison
from gisdesk.services.workbook import _write_table, save_workbook
from layers.lookups import station_names

SUMMARY_ROWS = (
    ("offices", "警务室"), ("workstations", "警务工作站"), ("villages", "行政村"),
    ("mean_km", "平均路程(公里)"), ("max_km", "最远路程(公里)"), ("unmeasured", "未测路程的村"),
    ("violations", "违规"), ("warnings", "警告"),
)
CHANGED_HEADERS = [
    ("village", "村代码"), ("village_name", "村"), ("township", "乡镇"), ("station", "派出所"),
    ("office_a", "原警务室代码"), ("office_a_name", "原警务室"), ("office_b", "新警务室代码"), ("office_b_name", "新警务室"),
]
OFFICE_HEADERS = [("change", "变化"), ("code", "警务室代码"), ("name", "警务室"), ("station", "派出所"),
                  ("villages", "辖村数")]


def changed_villages_table(project, comparison: PlanComparison) -> pd.DataFrame:
    """The changed villages with their names, township, station and both offices' names."""
    villages = pd.DataFrame(project["villages"].drop(columns="geometry")).drop_duplicates("code").set_index("code")
    names = {**_names(comparison.offices_b), **_names(comparison.offices_a)}
    stations = station_names(project)
    rows = []
    for change in comparison.villages_changed:
        code = change["village"]
        known = code in villages.index
        station = str(villages.at[code, "station"]) if known else ""
        rows.append({
            "village": code, "village_name": str(villages.at[code, "name"]) if known else "",
            "township": str(villages.at[code, "township"]) if known else "",
            "station": f"{station} {stations.get(station, '')}".strip(),
            "office_a": change["office_a"] or "", "office_a_name": names.get(change["office_a"] or "", ""),
            "office_b": change["office_b"] or "", "office_b_name": names.get(change["office_b"] or "", ""),
        })
    return pd.DataFrame(rows, columns=[c for c, _ in CHANGED_HEADERS])


def write_comparison(project, comparison: PlanComparison, path: Path) -> dict[str, int]:
    """Write the workbook atomically; return the sheet names and their row counts."""
    a, b = comparison.a, comparison.b
    wb = Workbook()
    ws = wb.active
    ws.title = "对比摘要"
    summary = pd.DataFrame([{"item": title, "a": getattr(a, key), "b": getattr(b, key)} for key, title in SUMMARY_ROWS]
                           + [{"item": "变更村", "a": len(comparison.villages_changed), "b": None},
                              {"item": "新增警务室", "a": None, "b": len(comparison.offices_added)},
                              {"item": "撤销警务室", "a": len(comparison.offices_removed), "b": None}])
    _write_table(ws, summary, [("item", "项目"), ("a", f"方案A：{a.name}"), ("b", f"方案B：{b.name}")])
    sheets = {ws.title: len(summary)}
    changed = changed_villages_table(project, comparison)
    ws = wb.create_sheet("变更村")
    _write_table(ws, changed, CHANGED_HEADERS)
    sheets[ws.title] = len(changed)
    offices = pd.concat([
        comparison.offices_b[comparison.offices_b["code"].isin(comparison.offices_added)].assign(change="新增"),
        comparison.offices_a[comparison.offices_a["code"].isin(comparison.offices_removed)].assign(change="撤销"),
    ], ignore_index=True) if len(comparison.offices_added) + len(comparison.offices_removed) else pd.DataFrame(
        columns=[c for c, _ in OFFICE_HEADERS])
    ws = wb.create_sheet("增减警务室")
    _write_table(ws, pd.DataFrame(offices.drop(columns="geometry", errors="ignore")), OFFICE_HEADERS)
    sheets[ws.title] = len(offices)
    save_workbook(wb, path)
    return sheets


def _names(offices: pd.DataFrame) -> dict[str, str]:
    return {str(c): str(n) for c, n in zip(offices["code"], offices["name"], strict=True)}
