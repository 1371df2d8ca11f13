"""The tables the report prints beside the findings: per station, office, workstation and
grid, with the numbers the check recomputed (an office's villages from its membership)."""

from __future__ import annotations

import pandas as pd

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.offices import office_villages


def station_table(ctx: CheckContext) -> pd.DataFrame:
    """Per station: villages, communities, population, posts, officers and the gap."""
    villages, posts, grids = ctx.villages, ctx.project["posts"], ctx.grid_needs
    s = ctx.standard
    per_station = ctx.offices.groupby("station").size().to_dict() if len(ctx.offices) else {}
    rows = []
    for code in ctx.stations:
        v = villages[villages["station"] == code]
        p = posts[posts["station"] == code]
        g = grids[grids["station"] == code]
        if len(g):
            required = int(g["needed"].sum())
        else:
            required = int(sum(s.officers_required(a, b, c) for a, b, c in
                               zip(v["population"], v["households"], v["area_type"], strict=True)))
        officers = int(pd.to_numeric(p["officers"], errors="coerce").fillna(0).sum())
        community = int(pd.to_numeric(p.loc[p["tier"].isin(["office", "workstation"]), "officers"],
                                      errors="coerce").fillna(0).sum())
        auxiliaries = int(pd.to_numeric(p["auxiliaries"], errors="coerce").fillna(0).sum())
        rows.append({
            "station": code,
            "name": ctx.station_names.get(code, code),
            "remote": code in ctx.remote_stations,
            "villages": int((v["area_type"] != "urban").sum()),
            "communities": int((v["area_type"] == "urban").sum()),
            "population": int(pd.to_numeric(v["population"], errors="coerce").fillna(0).sum()),
            "offices": int(per_station.get(code, 0)),
            "workstations": int((ctx.workstations["station"] == code).sum()),
            "officers": officers,
            "community_officers": community,
            "auxiliaries": auxiliaries,
            "required": required,
            "gap": max(0, required - community - auxiliaries),
            "community_share": community / officers if officers else float("nan"),
        })
    return _from_roster(ctx, pd.DataFrame(rows))


def _from_roster(ctx: CheckContext, table: pd.DataFrame) -> pd.DataFrame:
    """With a roster, the people are counted from it (the officers service's one count)
    instead of the posts' figures: officers, community officers, auxiliaries, the gap
    (slots no one fills) and the community share."""
    if not len(ctx.project["officers"]) or not len(table):
        return table
    from gisdesk.services.officers.ratios import station_staffing

    roster = station_staffing(ctx.project).set_index("station")
    for column, source in (("officers", "officers"), ("community_officers", "community_officers"),
                           ("auxiliaries", "auxiliaries"), ("gap", "unfilled"), ("community_share", "community_share")):
        table[column] = table["station"].map(roster[source]).fillna(0 if column != "community_share" else float("nan"))
    return table


def office_table(ctx: CheckContext) -> pd.DataFrame:
    """Per office: its villages and population counted from the membership."""
    o = ctx.offices
    counts = office_villages(ctx)
    frame = pd.DataFrame({
        "code": o["code"], "name": o["name"], "station": o["station"], "existing": o["existing"],
        "key_site": o["key_site"], "villages": counts["rural"] + counts["urban"],
        "population": counts["population"].astype(int),
    }).reset_index(drop=True)
    if ctx.source == "plan":
        stored = ctx.project["plan_offices"].set_index("code")
        frame["mean_km"] = frame["code"].map(stored["mean_km"])
        frame["max_km"] = frame["code"].map(stored["max_km"])
    else:
        frame["mean_km"] = float("nan")
        frame["max_km"] = float("nan")
    return frame


def workstation_table(ctx: CheckContext) -> pd.DataFrame:
    w = ctx.workstations
    v = ctx.villages
    return pd.DataFrame({
        "code": w["code"],
        "village": w["village"],
        "village_name": [v["name"].get(c, "") if c else "" for c in w["village"]],
        "station": [ctx.station_names.get(s, s) for s in w["station"]],
        "office": w["office"],
        "key_site": w["key_site"],
    })


def grid_table(ctx: CheckContext) -> pd.DataFrame:
    g = ctx.grid_needs
    if len(g) == 0:
        return pd.DataFrame()
    officers = g["officers_required"].fillna(0)
    deviation = [ctx.standard.deviation(p, h, n, a) for p, h, n, a in
                 zip(g["population"], g["households"], officers, g["area_type"], strict=True)]
    return pd.DataFrame({
        "code": g["code"], "name": g["name"], "station": g["station"], "community": g["community"],
        "area_type": g["area_type"], "population": g["population"], "households": g["households"],
        "officers_required": officers.astype(int), "officers_needed": g["needed"], "deviation": deviation,
        "officer_name": g["officer_name"], "officer_phone": g["officer_phone"],
    })
