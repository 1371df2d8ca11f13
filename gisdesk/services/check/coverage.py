"""Every village served by exactly one post of its own station; every urban community its own office.

A village's own post is the office that stands in it or its workstation; the office
that serves it is the one its ``plan_assignment`` row names (for existing posts: the office
standing in it, else the nearest office of its station). Both must be of the village's
station, and a workstation belongs to the office its village is assigned to.
"""

from __future__ import annotations

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import VIOLATION, Finding

TITLES = {
    "village_without_post": "村无本所警务室/工作站",
    "village_several_posts": "村有多个警务室/工作站",
    "village_unassigned": "村未分配到本所警务室",
    "village_several_offices": "村分配到多个警务室",
    "urban_community_office": "社区无独立警务室",
}


def check(ctx: CheckContext) -> list[Finding]:
    return _villages(ctx) + _communities(ctx)


def _villages(ctx: CheckContext) -> list[Finding]:
    villages, offices, workstations = ctx.villages, ctx.offices, ctx.workstations
    posts: dict[str, list[tuple[str, str, str]]] = {}
    for o in offices.itertuples():
        if o.own_village:
            posts.setdefault(o.own_village, []).append(("警务室", o.code, o.station))
    for w in workstations.itertuples():
        if w.village:
            posts.setdefault(w.village, []).append(("工作站", w.code, w.station))
    served = ctx.membership.groupby("village")["office"].apply(list).to_dict() if len(ctx.membership) else {}
    ws_office = dict(zip(workstations["village"], workstations["office"], strict=True))
    out = []
    for v in villages.itertuples():
        if v.area_type == "urban":
            continue  # a community's office: the next rule
        where, codes = ctx.where_village(v.code), (v.station, v.code)
        mine = [p for p in posts.get(v.code, []) if p[2] == v.station]
        foreign = [p for p in posts.get(v.code, []) if p[2] != v.station]
        if not mine:
            extra = "（村内只有外所站点：" + "、".join(f"{k}{c}" for k, c, _ in foreign) + "）" if foreign else ""
            out.append(Finding("village_without_post", VIOLATION, where, f"没有本所的警务室或警务工作站{extra}", codes))
        elif len(mine) > 1:
            listed = "、".join(f"{k}{c}" for k, c, _ in mine)
            out.append(Finding("village_several_posts", VIOLATION, where, f"同时有{len(mine)}个站点：{listed}", codes))
        office_codes = served.get(v.code, [])
        known = [o for o in office_codes if o in offices.index]
        if len(office_codes) > 1:
            out.append(Finding("village_several_offices", VIOLATION, where,
                               f"分配到{len(office_codes)}个警务室：{'、'.join(office_codes)}", codes))
            continue
        if not office_codes:
            out.append(Finding("village_unassigned", VIOLATION, where, "没有分配到任何警务室", codes))
            continue
        if not known:
            out.append(Finding("village_unassigned", VIOLATION, where, f"分配到的警务室{office_codes[0]}不存在", codes))
            continue
        office = offices.loc[known[0]]
        if office["station"] != v.station:
            out.append(Finding("village_unassigned", VIOLATION, where,
                               f"分配到外所警务室 {ctx.where_post(office['code'])}", codes + (office["code"],)))
            continue
        own_offices = [c for k, c, _ in mine if k == "警务室"]
        if own_offices and own_offices[0] != office["code"]:
            out.append(Finding("village_several_offices", VIOLATION, where,
                               f"村内有警务室{own_offices[0]}，却分配到警务室{office['code']}", codes + (office["code"],)))
        elif ctx.source == "plan" and ws_office.get(v.code) and ws_office[v.code] != office["code"]:
            out.append(Finding("village_several_offices", VIOLATION, where,
                               f"工作站隶属警务室{ws_office[v.code]}，村却分配到警务室{office['code']}",
                               codes + (office["code"],)))
    return out


def _communities(ctx: CheckContext) -> list[Finding]:
    """An urban community is served by one office of its own station that serves it alone."""
    villages = ctx.villages
    urban = villages[villages["area_type"] == "urban"]
    if len(urban) == 0:
        return []
    members = ctx.membership[ctx.membership["office"].isin(ctx.offices.index)]
    served_by = members.groupby("office")["village"].apply(list).to_dict()
    office_of = members.groupby("village")["office"].apply(list).to_dict()
    own = {o.own_village: o.code for o in ctx.offices.itertuples() if o.own_village}
    out = []
    for c in urban.itertuples():
        where, codes = ctx.where_village(c.code), (c.station, c.code)
        offices = office_of.get(c.code, [])
        if len(offices) > 1:
            out.append(Finding("village_several_offices", VIOLATION, where,
                               f"分配到{len(offices)}个警务室：{'、'.join(offices)}", codes))
            continue
        if not offices:
            standing = own.get(c.code)
            detail = "没有自己的警务室" if not standing else f"社区内的警务室{standing}未分配给本社区"
            out.append(Finding("urban_community_office", VIOLATION, where, detail, codes))
            continue
        station = ctx.offices.at[offices[0], "station"]
        if station != c.station:
            out.append(Finding("urban_community_office", VIOLATION, where,
                               f"由外所警务室 {ctx.where_post(offices[0])} 服务", codes + (offices[0],)))
            continue
        shared = sorted(set(served_by.get(offices[0], [])) - {c.code})
        if shared:
            names = "、".join(ctx.where_village(s).split(" / ")[-1] for s in shared[:5])
            more = f"等{len(shared)}个" if len(shared) > 5 else ""
            out.append(Finding("urban_community_office", VIOLATION, where,
                               f"警务室{offices[0]}同时服务{names}{more}，社区没有独立警务室", codes + (offices[0],)))
    return out
