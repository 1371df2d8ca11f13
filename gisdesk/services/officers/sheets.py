"""The report's officer sheets: staffing per station, a sheet per station, the roster.

Each sheet is ``(title, frame, columns)`` with ``columns`` as (column, Chinese header)
pairs, for :func:`gisdesk.services.workbook.write_workbook`'s ``more``. Without
``personal`` the names and phones are left out of every sheet (警号 stay: they are the
bureau's own identifiers, and counting needs them).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from gisdesk.services.officers.ratios import bureau_share, station_staffing
from gisdesk.services.officers.roster import grid_needs
from layers.lookups import station_names
from layers.project import Project

Sheet = tuple[str, pd.DataFrame, list[tuple[str, str]]]

STAFFING_COLUMNS = [
    ("station", "派出所代码"), ("name", "派出所"), ("grids", "警格"), ("needed", "应配"), ("people", "可包格人数"),
    ("available", "可包格数"), ("assigned", "已配"), ("unfilled", "缺口"), ("grids_without", "无人警格"),
    ("officers", "民警"), ("community_officers", "社区民警"), ("station_officers", "所部民警"),
    ("auxiliaries", "辅警"), ("community_auxiliaries", "包格辅警"), ("community_share", "社区民警占比"),
]
GRID_COLUMNS = [
    ("code", "警格代码"), ("name", "警格"), ("area_type", "类型"), ("population", "人口"), ("households", "户数"),
    ("needed", "应配"), ("assigned", "已配"), ("unfilled", "缺口"), ("people", "责任人"), ("roles", "身份"),
    ("codes", "警号"), ("phones", "联系电话"),
]
ROSTER_COLUMNS = [
    ("code", "警号"), ("name", "姓名"), ("phone", "联系电话"), ("role", "身份"), ("station_name", "派出所"),
    ("post_name", "岗位"), ("max_grids", "最多包格"), ("active", "在岗"), ("grids", "负责警格"),
]
PERSONAL = {"name", "phone", "people", "phones"}
ROLE_TITLES = {"officer": "民警", "auxiliary": "辅警"}
RESERVED = {"警力配置", "花名册", "汇总", "派出所", "警务室", "警务工作站", "警格", "问题与缺口"}
"""Sheet names the workbook already uses."""
AREA_TITLES = {"urban": "城区", "rural": "农村"}


def officer_sheets(project: Project, *, personal: bool = True) -> list[Sheet]:
    """The staffing overview, one sheet per station and the roster; [] without a roster."""
    if len(project["officers"]) == 0:
        return []
    staffing = station_staffing(project)
    share = bureau_share(project)
    total = {c: int(staffing[c].sum()) for c, _ in STAFFING_COLUMNS if c not in ("station", "name", "community_share")}
    bureau = (f"县局民警{share.bureau_officers}名，派出所民警占{share.share:.0%}" if share.known
              else "县局民警总数未设置")
    total_row = {"station": "合计", "name": bureau, **total,
                 "community_share": total["community_officers"] / total["officers"] if total["officers"] else np.nan}
    overview = pd.concat([staffing, pd.DataFrame([total_row])], ignore_index=True)
    sheets: list[Sheet] = [("警力配置", overview, STAFFING_COLUMNS)]
    grids = _grid_rows(project)
    names = station_names(project)
    taken: set[str] = set()
    for row in staffing.itertuples():
        if not row.grids:
            continue
        frame = grids[grids["station"] == row.station]
        sums = {"code": "合计", "name": f"可包格{row.people}人，共可包{row.available}格",
                "needed": int(frame["needed"].sum()), "assigned": int(frame["assigned"].sum()),
                "unfilled": int(frame["unfilled"].sum())}
        frame = pd.concat([frame, pd.DataFrame([sums])], ignore_index=True)
        sheets.append((_sheet_title(f"{names.get(row.station, row.station)}", row.station, taken), frame,
                       _personal(GRID_COLUMNS, personal)))
    sheets.append(("花名册", _roster_rows(project), _personal(ROSTER_COLUMNS, personal)))
    return sheets


def _personal(columns: list[tuple[str, str]], personal: bool) -> list[tuple[str, str]]:
    return [(c, h) for c, h in columns if personal or c not in PERSONAL]


def _grid_rows(project: Project) -> pd.DataFrame:
    grids = project["grids"]
    need = grid_needs(project)
    people = project["officers"].drop_duplicates("code").set_index("code")
    a = project["assignments"].drop_duplicates()
    a = a[a["officer"].isin(people.index)]
    by_grid: dict[str, list[str]] = {}
    for officer, grid in zip(a["officer"], a["grid"], strict=True):
        by_grid.setdefault(grid, []).append(officer)
    rows = []
    for g, n in zip(grids.itertuples(), need, strict=True):
        codes = sorted(by_grid.get(g.code, []), key=lambda c: (people.at[c, "role"] != "officer", c))
        rows.append({
            "code": g.code, "name": g.name, "station": g.station, "area_type": AREA_TITLES.get(g.area_type, g.area_type),
            "population": None if pd.isna(g.population) else int(g.population),
            "households": None if pd.isna(g.households) else int(g.households),
            "needed": int(n), "assigned": min(len(codes), int(n)), "unfilled": max(0, int(n) - len(codes)),
            "people": "、".join(people.at[c, "name"] for c in codes),
            "roles": "、".join(ROLE_TITLES.get(people.at[c, "role"], "") for c in codes),
            "codes": "、".join(codes),
            "phones": "、".join(people.at[c, "phone"] for c in codes if people.at[c, "phone"]),
        })
    return pd.DataFrame(rows, columns=["station"] + [c for c, _ in GRID_COLUMNS])


def _roster_rows(project: Project) -> pd.DataFrame:
    o = project["officers"]
    names = station_names(project)
    posts = dict(zip(project["posts"]["code"], project["posts"]["name"], strict=True))
    a = project["assignments"]
    held = a.groupby("officer")["grid"].agg(lambda g: "、".join(sorted(g))) if len(a) else pd.Series(dtype=object)
    return pd.DataFrame({
        "code": o["code"], "name": o["name"], "phone": o["phone"],
        "role": o["role"].map(ROLE_TITLES).fillna(o["role"]),
        "station_name": [f"{names.get(s, '')}（{s}）" if names.get(s) else s for s in o["station"]],
        "post_name": [posts.get(p, p) if p else "所部" for p in o["post"]],
        "max_grids": o["max_grids"], "active": o["active"],
        "grids": o["code"].map(held).fillna(""),
    })


def _sheet_title(name: str, code: str, taken: set[str]) -> str:
    """An Excel sheet name (at most 31 characters, none of []:*?/\\), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "", name or code)[:31] or "派出所"
    title = base
    if title in taken or title in RESERVED:
        title = re.sub(r"[\[\]:*?/\\]", "", f"{base}{code}")[:31]
    taken.add(title)
    return title
