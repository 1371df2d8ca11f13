"""The data under check: a project with nothing to check, unknown (NULL) populations,
numbers stored as text or left empty by another program (each detail says what the cell
was read as: its number, unknown, or 0)."""

from __future__ import annotations

import pandas as pd

from gisdesk.refusals import chinese_reason
from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import VIOLATION, WARNING, Finding
from layers.schema import LAYERS

TITLES = {
    "nothing_to_check": "无可检查的数据",
    "unknown_population": "人口未知",
    "bad_value": "数值字段存有文字或空值",
}


def check(ctx: CheckContext) -> list[Finding]:
    project = ctx.project
    out = []
    if len(project["villages"]) == 0 and len(project["grids"]) == 0:
        out.append(Finding("nothing_to_check", VIOLATION, "项目",
                           "项目中没有行政村和警格，没有可检查的内容（先导入数据或运行 demo）"))
    for v in ctx.villages.itertuples():
        if pd.isna(v.population):
            out.append(Finding("unknown_population", WARNING, ctx.where_village(v.code),
                               "人口未知（空值），按标准核算时不计", (v.station, v.code)))
    units = project["units"]
    unknown = units[pd.to_numeric(units["population"], errors="coerce").isna()]
    for (station, community), group in unknown.groupby(["station", "community"], sort=True, dropna=False):
        names = "、".join(group["name"].fillna("").astype(str).head(5))
        more = f"等{len(group)}个" if len(group) > 5 else ""
        where = ctx.where_village(community) if community in ctx.villages.index else ctx.where_station(station)
        out.append(Finding("unknown_population", WARNING, where, f"楼栋单元人口未知（空值）：{names}{more}",
                           (station, community, *group["code"])))
    for p in project.value_problems:
        if p.code == "missing_value" and _nullable(p.layer, p.field):
            continue  # an unknown count: listed above as unknown
        frame = project[p.layer]
        row = p.row or 0
        code = frame["code"].iloc[row - 1] if "code" in frame.columns and 0 < row <= len(frame) else ""
        where = f"{p.layer} {code}" if code else f"{p.layer} 第{p.row}行"
        severe = p.severity == "error"
        out.append(Finding("bad_value", VIOLATION if severe else WARNING, where, chinese_reason(p.message),
                           (p.layer, str(code)) if code else (p.layer,)))
    return out


def _nullable(layer: str, column: str | None) -> bool:
    schema = LAYERS.get(layer)
    return bool(schema and column and any(c.name == column and c.nullable for c in schema.columns))
