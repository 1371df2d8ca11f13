"""Officers per station from the posts' own figures: the gap against the grids' need and the
community officers' share (warnings; the roster-based "两个40%" replaces this, issue 13)."""

from __future__ import annotations

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import WARNING, Finding
from gisdesk.services.check.tables import station_table

TITLES = {
    "officers_short": "警力缺口",
    "community_share": "社区民警占比不足",
}


def check(ctx: CheckContext) -> list[Finding]:
    if len(ctx.project["officers"]):
        return []  # a project with a roster is checked on it (officers.py)
    share = ctx.standard.community_share
    out = []
    posts = ctx.project["posts"]
    for row in station_table(ctx).itertuples():
        where, codes = ctx.where_station(row.station), (row.station,)
        assigned = row.community_officers + row.auxiliaries
        if row.required > assigned and (posts["station"] == row.station).any():
            out.append(Finding("officers_short", WARNING, where,
                               f"应配民警/辅警{row.required}名，社区民警和辅警{assigned}名", codes))
        if row.officers and row.community_share < share:
            out.append(Finding("community_share", WARNING, where,
                               f"社区民警占本所民警{row.community_share:.0%}（至少{share:.0%}）", codes))
    return out
