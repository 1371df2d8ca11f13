"""The roster's rules (一村(格)一警), when the project has a roster (``officers``):

- every grid has a responsible person (violation);
- a person is responsible only for grids of their own station, and for no more than their
  ``max_grids`` (violations);
- an inactive person (on leave, transferred) is responsible for no grid (violation: the
  grid has no one in fact); a person not in the roster neither (violation); pairs whose
  grid is gone (a redraw) are listed (warning);
- a station has at least as many people who may carry grids as its grids need (warning:
  the bureau reports the gap; stretched people may still cover every grid);
- the "两个40%" of :mod:`gisdesk.services.officers.ratios`: community officers of each
  station, station officers of the county bureau (warnings; info while the bureau's total
  is not recorded).

The numbers come from :func:`gisdesk.services.officers.ratios.station_staffing`, the same
table the report prints.
"""

from __future__ import annotations

import pandas as pd

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import INFO, VIOLATION, WARNING, Finding
from gisdesk.services.officers.ratios import bureau_share, station_staffing
from gisdesk.services.officers.roster import BUREAU_OFFICERS

TITLES = {
    "grid_without_officer": "警格无责任民警/辅警",
    "officer_other_station": "责任人不属本所",
    "officer_over_max": "责任人包格超过上限",
    "officer_unknown": "责任人不在花名册",
    "assignment_stale": "责任分配指向已不存在的警格",
    "inactive_assigned": "不在岗人员仍为警格责任人",
    "station_short": "派出所警力不足",
    "community_share": "社区民警占本所民警不足40%",
    "station_share": "派出所民警占县局民警不足40%",
}


def check(ctx: CheckContext) -> list[Finding]:
    project = ctx.project
    officers = project["officers"]
    if len(officers) == 0:
        return []
    out: list[Finding] = []
    out += _assignment_findings(ctx)
    table = station_staffing(project)
    community = ctx.standard.community_share
    for row in table.itertuples():
        where, codes = ctx.where_station(row.station), (row.station,)
        if row.grids and row.people < row.needed:
            left = f"，{row.unfilled}个岗位无人可派" if row.unfilled else ""
            out.append(Finding("station_short", WARNING, where,
                               f"警格应配{row.needed}人，可包格民警辅警{row.people}人（共可包{row.available}格）{left}",
                               codes))
        if row.officers and row.community_share < community:
            out.append(Finding("community_share", WARNING, where,
                               f"社区民警{row.community_officers}名，占本所民警{row.officers}名的"
                               f"{row.community_share:.0%}（至少{community:.0%}）", codes))
    share = bureau_share(project)
    needed = ctx.standard.station_share
    if not share.known:
        out.append(Finding("station_share", INFO, "县局",
                           f"县局民警总数未设置（项目设置 {BUREAU_OFFICERS}，assign --bureau-officers N），"
                           f"派出所民警{share.station_officers}名的占比无法计算"))
    elif share.share < needed:
        out.append(Finding("station_share", WARNING, "县局",
                           f"派出所民警{share.station_officers}名，占县局民警{share.bureau_officers}名的"
                           f"{share.share:.0%}（至少{needed:.0%}）"))
    return out


def _assignment_findings(ctx: CheckContext) -> list[Finding]:
    project = ctx.project
    grids = project["grids"]
    a = project["assignments"].drop_duplicates()
    people = project["officers"].drop_duplicates("code").set_index("code")
    grid_station = dict(zip(grids["code"], grids["station"], strict=True))
    grid_name = dict(zip(grids["code"], grids["name"], strict=True))
    out: list[Finding] = []
    active_pairs = a[a["officer"].map(people["active"]).fillna(False).astype(bool)]
    covered = set(active_pairs["grid"])
    missing = grids[~grids["code"].isin(covered)]
    for st, group in missing.groupby("station", sort=True):
        names = "、".join(f"{c} {n}".strip() for c, n in zip(group["code"].head(5), group["name"].head(5), strict=True))
        more = f"等{len(group)}个" if len(group) > 5 else ""
        out.append(Finding("grid_without_officer", VIOLATION, ctx.where_station(st),
                           f"{len(group)}个警格无在岗责任人：{names}{more}", (st, *group["code"])))
    for row in a.itertuples(index=False):
        if row.officer not in people.index:
            out.append(Finding("officer_unknown", VIOLATION, _where_grid(ctx, row.grid, grid_station, grid_name),
                               f"责任人{row.officer}不在花名册中", (row.officer, row.grid)))
            continue
        p = people.loc[row.officer]
        own = p["station"]
        there = grid_station.get(row.grid)
        if there is not None and there != own:
            out.append(Finding("officer_other_station", VIOLATION, _where_grid(ctx, row.grid, grid_station, grid_name),
                               f"{_who(row.officer, p)}属{ctx.where_station(own)}，警格属{ctx.where_station(there)}",
                               (row.officer, row.grid)))
        if not p["active"]:
            out.append(Finding("inactive_assigned", VIOLATION, _where_grid(ctx, row.grid, grid_station, grid_name),
                               f"{_who(row.officer, p)}不在岗，仍为该警格责任人", (row.officer, row.grid)))
    stale = sorted(set(a["grid"]) - set(grid_station))
    if stale:
        out.append(Finding("assignment_stale", WARNING, "assignments",
                           f"{len(stale)}个已不存在的警格仍有责任人（警格重划后请重新分配 assign）：{'、'.join(stale[:5])}",
                           tuple(stale)))
    held = a[a["officer"].isin(people.index)].groupby("officer").size()
    for code, n in held.items():
        p = people.loc[code]
        if n > int(p["max_grids"]):
            out.append(Finding("officer_over_max", VIOLATION, ctx.where_station(p["station"]),
                               f"{_who(code, p)}负责{n}个警格，上限{int(p['max_grids'])}个", (code,)))
    return out


def _who(code: str, person: pd.Series) -> str:
    role = "民警" if person["role"] == "officer" else "辅警"
    return f"{role}{person['name']}（{code}）"


def _where_grid(ctx: CheckContext, grid: str, stations: dict, names: dict) -> str:
    st = stations.get(grid)
    label = f"{grid} {names.get(grid, '')}".strip()
    return f"{ctx.where_station(st)} / {label}" if st else f"警格{label}（不存在）"
