"""What a new office at one point would change (评估新址).

Compared with the current plan (``plan_offices`` / ``plan_assignment``) or, without one,
with the existing office posts (each rural village to its nearest office of its station).
The new office joins the station of the rural village nearest to it by road; that
station's villages move to it when it is closer than their present office. Only one
Dijkstra from the dropped point is needed once a :class:`SitingContext` exists, which is
what keeps dragging a candidate on the map interactive.
"""

from __future__ import annotations

import time

import numpy as np
from pyproj import Transformer

from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.resolve import RESOLVE_SECONDS, resolve_station
from gisdesk.services.siting.response_times import coverage_shares
from gisdesk.services.siting.results import EvaluationResult
from gisdesk.services.siting.stations import demand_weights
from layers.project import Project
from layers.schema import CRS

NEW = "NEW"
"""The key of the proposed office in the load tables."""


def evaluate_point(
    project: Project,
    lon: float,
    lat: float,
    *,
    within_km: float = 5.0,
    within_minutes: float | None = None,
    context: SitingContext | None = None,
    resolve: bool = True,
    resolve_seconds: float = RESOLVE_SECONDS,
) -> EvaluationResult:
    """Evaluate an office at (lon, lat) in EPSG:4490. Raises ValueError for an unusable request.

    Coverage is counted within ``within_km`` road km and, when given, within
    ``within_minutes`` of fastest travel (villages keep their office unless the new one is
    nearer by road). With ``resolve`` the candidate's station is also solved again with
    the candidate fixed as an office under the 5-8 rule (:mod:`.resolve`), in
    ``resolve_seconds`` at most.
    """
    t0 = time.perf_counter()
    check_options(within_km, within_minutes)
    if not (np.isfinite(lon) and np.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"--at: {lon},{lat} is not a longitude,latitude")
    ctx = SitingContext.for_project(project, context)
    v = ctx.villages
    rural = np.flatnonzero(v.attrs["area_type"] != "urban")
    if len(rural) == 0:
        raise ValueError("layer villages: there are no rural villages to evaluate against")
    timed = True  # coverage within 10/15/20 minutes is always reported
    office, before, min_before, source = _current(project, ctx, rural, timed)
    x, y = Transformer.from_crs(CRS, f"EPSG:{ctx.epsg}", always_xy=True).transform(lon, lat)
    km_all, min_all, offroad = ctx.point_km((x, y), minutes=timed)
    assert min_all is not None  # asked for (timed)
    km_new = km_all[rural]
    stations = v.attrs["station"].astype(str)[rural]
    reach = np.isfinite(km_new)
    if not reach.any():
        raise ValueError(f"--at {lon},{lat}: no village can reach this point over the road network")
    station = stations[np.flatnonzero(reach)[np.argmin(km_new[reach])]]
    eligible = stations == station
    moved = eligible & reach & (km_new < before - 1e-9)
    after = np.where(moved, km_new, before)
    new_office = np.where(moved, NEW, office)
    pop = v.attrs["population"][rural].astype(float)
    both = np.isfinite(before) & np.isfinite(after)
    affected = set(office[eligible]) | {NEW}
    min_after = np.where(moved, min_all[rural], min_before)
    timing: dict = {"covered_minutes": {
        m: {"before": b, "after": a} for (m, b), a in zip(coverage_shares(min_before, pop).items(),
                                                           coverage_shares(min_after, pop).values(), strict=True)}}
    if within_minutes is not None:
        timing |= {
            "within_minutes": float(within_minutes),
            "covered_minutes_before": _covered(min_before, pop, within_minutes),
            "covered_minutes_after": _covered(min_after, pop, within_minutes),
        }
    resolved, plan = None, None
    if resolve:
        try:
            plan = resolve_station(project, ctx, str(station), (x, y), (lon, lat), km_all, office[eligible],
                                   before[eligible], time_limit=resolve_seconds)
            resolved = plan.summary(ctx)
        except ValueError as exc:
            resolved = {"station": str(station), "error": str(exc)}
    return EvaluationResult(
        lon=float(lon),
        lat=float(lat),
        station=str(station),
        source=source,
        within_km=float(within_km),
        villages_moved=[str(c) for c in v.code[rural][moved]],
        mean_km_before=_mean(before, pop, both),
        mean_km_after=_mean(after, pop, both),
        max_km_before=float(before[np.isfinite(before)].max(initial=0.0)),
        max_km_after=float(after[np.isfinite(after)].max(initial=0.0)),
        covered_before=_covered(before, pop, within_km),
        covered_after=_covered(after, pop, within_km),
        load_before=_load(office, pop, affected),
        load_after=_load(new_office, pop, affected),
        new_office_km={str(c): round(float(k), 3) for c, k in zip(v.code[rural][moved], km_new[moved], strict=True)},
        distance_model=ctx.distance_model,
        snapped_m=offroad,
        seconds=time.perf_counter() - t0,
        timing=timing,
        resolved=resolved,
        station_plan=plan,
    )


def check_options(within_km: float, within_minutes: float | None) -> None:
    """Raise ValueError naming the coverage option that is not usable: the one check of
    ``evaluate``'s options (the command line calls it before building the road network)."""
    if not within_km > 0:
        raise ValueError(f"--within-km must be a positive number of km (got {within_km})")
    if within_minutes is not None and not within_minutes > 0:
        raise ValueError(f"--within-minutes must be a positive number of minutes (got {within_minutes})")


def _current(
    project: Project, ctx: SitingContext, rural: np.ndarray, timed: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Office code, km and minutes of every rural village now; where they come from."""
    v = ctx.villages
    codes = v.code[rural]
    office = np.full(len(rural), "", object)
    km = np.full(len(rural), np.inf)
    minutes = np.full(len(rural), np.inf)
    plan = project["plan_assignment"]
    if len(project["plan_offices"]) and len(plan):
        listed = zip(plan["village"], plan["office"], plan["road_km"], plan["minutes"], strict=True)
        by_village = {str(a): (str(o), float(k), float(m)) for a, o, k, m in listed}
        for i, c in enumerate(codes):
            if c in by_village:
                office[i], km[i], minutes[i] = by_village[c]
        km = np.where(np.isnan(km), np.inf, km)
        minutes = np.where(np.isnan(minutes), np.inf, minutes)
        return office, km, minutes, "plan"
    first = ctx.n_key_sites
    posts = np.arange(first, first + ctx.n_posts)
    if len(posts) == 0:
        return office, km, minutes, "none"
    post_station = ctx.sites.attrs["station"].astype(str)[posts]
    stations = v.attrs["station"].astype(str)[rural]
    for st in np.unique(stations):
        rows = np.flatnonzero(stations == st)
        mine = posts[post_station == st]
        if len(mine) == 0:
            continue
        d = ctx.km(rural[rows], mine)
        best = np.argmin(d, axis=1)
        km[rows] = d[np.arange(len(rows)), best]
        office[rows] = ctx.sites.code[mine][best]
        if timed:
            minutes[rows] = ctx.minutes(rural[rows], mine)[np.arange(len(rows)), best]
    return office, km, minutes, "posts"


def _mean(km: np.ndarray, pop: np.ndarray, mask: np.ndarray) -> float:
    w = demand_weights(pop[mask])
    return float((w * km[mask]).sum() / w.sum()) if mask.any() else 0.0


def _covered(km: np.ndarray, pop: np.ndarray, within: float) -> dict:
    inside = km <= within
    return {"villages": int(inside.sum()), "population": int(np.nansum(pop[inside]))}


def _load(office: np.ndarray, pop: np.ndarray, which: set[str]) -> dict[str, dict]:
    out = {}
    for code in sorted(which):
        mine = office == code
        if code == "":
            continue
        out[code] = {"villages": int(mine.sum()), "population": int(np.nansum(pop[mine]))}
    return out
