"""Offices: 5-8 villages each, at least 2 at a remote station, at a key site, within the
plan's maximum distance, and (in a plan) each office's villages one connected area.

The villages an office serves are counted from the membership (``plan_assignment``), its
place read from its geometry; a breach is a violation unless ``site`` recorded the
station's exception and its reason, then a warning that quotes the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gisdesk.services.check.context import AT_SITE_M, CheckContext
from gisdesk.services.check.findings import RECORDED, VIOLATION, WARNING, Finding

TITLES = {
    "office_size": "警务室辖村数不在标准范围",
    "station_offices": "派出所警务室数不足",
    "office_key_site": "警务室不在重点部位",
    "max_km": "村到警务室超过最远距离",
    "office_contiguous": "警务室服务区不连片",
}


def check(ctx: CheckContext) -> list[Finding]:
    return _sizes(ctx) + _station_offices(ctx) + key_sites_xy(ctx) + _max_km(ctx) + _pieces(ctx)


def _excused(ctx: CheckContext, rule: str, station: str, where: str, detail: str, codes: tuple, village: str = "") -> Finding:
    reason = ctx.recorded_reason(rule, station, village)
    if reason:
        return Finding(rule, WARNING, where, f"{detail}{RECORDED}{reason}", codes)
    return Finding(rule, VIOLATION, where, detail, codes)


def office_villages(ctx: CheckContext) -> pd.DataFrame:
    """Per office: ``rural`` and ``urban`` villages it serves and their ``population``
    (the known counts), from the membership."""
    m = ctx.membership
    v = ctx.villages
    m = m[m["village"].isin(v.index)]
    kind = m["village"].map(v["area_type"])
    pop = pd.to_numeric(m["village"].map(v["population"]), errors="coerce")
    frame = pd.DataFrame({"office": m["office"], "rural": (kind != "urban").astype(int),
                          "urban": (kind == "urban").astype(int), "population": pop.fillna(0)})
    out = frame.groupby("office")[["rural", "urban", "population"]].sum()
    return out.reindex(ctx.offices.index, fill_value=0)


def _sizes(ctx: CheckContext) -> list[Finding]:
    s = ctx.standard
    counts = office_villages(ctx)
    out = []
    for o in ctx.offices.itertuples():
        if counts.at[o.code, "urban"] > 0:
            continue  # an urban community's office: the coverage rule
        n = int(counts.at[o.code, "rural"])
        if s.min_villages <= n <= s.max_villages:
            continue
        detail = f"服务{n}个村（标准{s.min_villages}-{s.max_villages}个）"
        out.append(_excused(ctx, "office_size", o.station, ctx.where_post(o.code), detail, (o.station, o.code)))
    return out


def _station_offices(ctx: CheckContext) -> list[Finding]:
    stations_with_villages = set(ctx.villages["station"])
    per_station = ctx.offices.groupby("station").size().to_dict() if len(ctx.offices) else {}
    out = []
    for st in ctx.stations:
        if st not in stations_with_villages:
            continue
        need, have = ctx.min_offices(st), int(per_station.get(st, 0))
        if have >= need:
            continue
        why = "偏远派出所" if st in ctx.remote_stations else "派出所"
        detail = f"{why}只有{have}个警务室（至少{need}个）"
        out.append(_excused(ctx, "station_offices", st, ctx.where_station(st), detail, (st,)))
    return out


def key_sites_xy(ctx: CheckContext) -> list[Finding]:
    sites, sxy = ctx.key_sites_xy
    at = dict(zip(sites["code"], range(len(sites)), strict=True)) if len(sites) else {}
    out = []
    for o in ctx.offices.itertuples():
        xy = np.array([o.x, o.y])
        where, codes = ctx.where_post(o.code), (o.station, o.code)
        if o.key_site:
            if o.key_site not in at:
                out.append(_excused(ctx, "office_key_site", o.station, where, f"所记重点部位{o.key_site}不存在", codes,
                                    o.own_village))
                continue
            d = float(np.hypot(*(sxy[at[o.key_site]] - xy)))
            if d > AT_SITE_M:
                out.append(_excused(ctx, "office_key_site", o.station, where,
                                    f"距所记重点部位{o.key_site}有{d:.0f}米，不在该部位", codes, o.own_village))
            continue
        if ctx.key_site_near(xy) is not None:
            continue
        if ctx.source == "posts":
            out.append(Finding("office_key_site", WARNING, where, f"现有警务室{AT_SITE_M:.0f}米内没有重点部位", codes))
        elif not o.existing:  # a kept existing office stands where it was built
            out.append(_excused(ctx, "office_key_site", o.station, where,
                                f"不在重点部位（{AT_SITE_M:.0f}米内没有），也没有记录原因", codes, o.own_village))
    return out


def _max_km(ctx: CheckContext) -> list[Finding]:
    """With ``--max-km`` recorded: the road km stored with the assignment, never less than
    the straight line between the village and its office (which a stored value cannot undercut)."""
    limit = ctx.site_params.get("max_km")
    if ctx.source != "plan" or not isinstance(limit, int | float) or isinstance(limit, bool):
        return []
    a = ctx.project["plan_assignment"]
    offices, v = ctx.offices, ctx.villages
    out = []
    for village, office, road in zip(a["village"], a["office"], pd.to_numeric(a["road_km"], errors="coerce"),
                                     strict=True):
        if office not in offices.index or village not in v.index:
            continue
        o = offices.loc[office]
        straight = float(np.hypot(*(ctx.village_xy[village] - np.array([o["x"], o["y"]])))) / 1000.0
        km = max(straight, float(road)) if np.isfinite(road) else straight
        if km <= limit:
            continue
        station = v.at[village, "station"]
        detail = f"距警务室{office} {km:.1f}公里，超过选址时的最远距离{limit:g}公里"
        out.append(_excused(ctx, "max_km", station, ctx.where_village(village), detail, (station, village, office),
                            village))
    return out


def _pieces(ctx: CheckContext) -> list[Finding]:
    """A plan's office whose villages (its membership) form more than one connected area,
    over the village adjacency ``site`` enforces."""
    if ctx.source != "plan" or len(ctx.membership) == 0:
        return []
    from gisdesk.services.siting.contiguity import office_pieces

    split = office_pieces(ctx.project, ctx.membership[ctx.membership["office"] != ""])
    out = []
    for code, n in sorted(split.items()):
        station = str(ctx.offices.at[code, "station"]) if code in ctx.offices.index else ""
        out.append(_excused(ctx, "office_contiguous", station, ctx.where_post(code), f"服务区分成{n}片，不连片",
                            (station, code)))
    return out
