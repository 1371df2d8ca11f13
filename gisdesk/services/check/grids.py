"""Grids within the staffing standard, their people recomputed from their members.

A grid's people are the sum of its members (``grid_members``: units of an urban grid,
villages of a rural one); :meth:`layers.standard.Standard.officers_required` of that sum
must not exceed the officers the grid is staffed with (its ``officers_required``). The
counts a grid stores are only compared, never trusted.
"""

from __future__ import annotations

import numpy as np

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import VIOLATION, WARNING, Finding

TITLES = {
    "grid_over_standard": "警格超出配警标准",
    "grid_stored_counts": "警格存储人口与成员不符",
    "grid_members": "警格成员缺失",
}


def check(ctx: CheckContext) -> list[Finding]:
    out = []
    for g in ctx.grid_needs.itertuples():
        where, codes = ctx.where_grid(g.code), (g.station, g.code)
        have = 0 if np.isnan(g.officers_required) else int(g.officers_required)
        people = f"{_shown(g.population)}人、{_shown(g.households)}户"
        basis = "成员合计" if g.members else "无成员记录，按警格存储的"
        if g.needed > have:
            out.append(Finding("grid_over_standard", VIOLATION, where,
                               f"{basis}{people}，按标准需配{g.needed}名民警/辅警，警格只配{have}名", codes))
        if g.members == 0:
            out.append(Finding("grid_members", WARNING, where, "警格没有成员记录，人口无法核算", codes))
            continue
        if g.missing:
            listed = "、".join(g.missing[:5]) + (f"等{len(g.missing)}个" if len(g.missing) > 5 else "")
            out.append(Finding("grid_members", VIOLATION, where, f"成员{listed}在楼栋单元和行政村中都找不到", codes))
        stale = [(what, stored, now) for what, stored, now in
                 (("人口", g.stored_population, g.population), ("户数", g.stored_households, g.households))
                 if not (np.isnan(stored) and np.isnan(now)) and stored != now]
        if stale and not g.unknown:
            detail = "；".join(f"存储{what}{_shown(s)}，成员合计{_shown(n)}" for what, s, n in stale)
            out.append(Finding("grid_stored_counts", WARNING, where, detail, codes))
    return out


def _shown(value: float) -> str:
    return "未知" if value is None or np.isnan(value) else f"{value:.0f}"
