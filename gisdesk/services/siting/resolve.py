"""Evaluate under the rules: re-solve a candidate's station with it fixed as an office.

``evaluate`` answers "what if an office stood here" two ways. The first moves every
village to whichever post is nearest (:mod:`.evaluate`), ignoring the 5-8 rule. This is
the second: the candidate's station is solved again (the one call into the algorithms,
:func:`.stations.solve_option`) with the candidate as an extra candidate site fixed open,
the station keeping its number of rural offices, every office serving 5-8 villages in one
connected area. It takes seconds, because it is one station.
:func:`resolved_command` turns the answer into one undoable command that replaces only
that station's rows of the three plan layers (``evaluate --apply``, the window's Accept).
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.output import _assignment, _office_code, _office_row, office_links
from gisdesk.services.siting.placement import workstation_sites
from gisdesk.services.siting.results import STANDARD_OPTIONS, SitingParams
from gisdesk.services.siting.station_tasks import build_problem
from gisdesk.services.siting.stations import (
    StationOption,
    StationProblem,
    demand_weights,
    solve_option,
    station_frame,
)
from layers.edits import ReplaceLayers
from layers.project import Project
from layers.schema import CRS, PLAN_LAYERS, coerce

RESOLVE_SECONDS = 1.5
"""Solver seconds for the candidate's station: most are proven in well under a second (a
county station took 0.07-0.6 s on a loaded machine); the ceiling keeps ``evaluate`` within
its 2 s, and the answer carries its gap when it is not proven."""

NEW_NAME = "新址警务室"
"""The name of the candidate office in the plan (it has no key site or village of its own)."""


@dataclass
class ResolvedStation:
    """The candidate's station solved again with the candidate as an office.

    ``option`` is the station's plan (``option.sites`` is -1 for the candidate);
    ``office_before`` / ``km_before`` / ``where_before`` are each village's office code,
    road km and office location now.
    """

    station: str
    lon: float
    lat: float
    xy: tuple[float, float]
    params: SitingParams
    problem: StationProblem
    option: StationOption
    new_column: int
    office_before: np.ndarray
    km_before: np.ndarray
    where_before: np.ndarray  # (villages, 2) lon/lat of each village's office now, NaN if none
    seconds: float

    def summary(self, ctx: SitingContext) -> dict:
        """The ``resolved`` object of the ``evaluate`` JSON."""
        pr, opt = self.problem, self.option
        codes = ctx.villages.code[pr.villages].astype(str)
        new = opt.local == self.new_column
        pop = pr.population if pr.population is not None else pr.weights
        both = np.isfinite(self.km_before)
        sizes = np.bincount(opt.local, minlength=len(pr.sites))
        r = lambda v: round(float(v), 3)  # noqa: E731
        return {
            "station": self.station,
            "offices": int(opt.p),
            "new_office_villages": [str(c) for c in codes[new]],
            "villages_moved": [str(c) for c in codes[self.moved(ctx)]],
            "mean_km_before": r(_mean(self.km_before, pop, both)),
            "mean_km_after": r(_mean(opt.km, pop, both)),
            "max_km_before": r(self.km_before[both].max(initial=0.0)),
            "max_km_after": r(opt.km.max(initial=0.0)),
            "office_sizes": sorted(int(s) for s in sizes[sizes > 0]),
            "min_villages": int(pr.min_size),
            "max_villages": int(pr.max_size),
            "contiguous": not opt.split_sites,
            "objective": r(opt.solution.objective),
            "lower_bound": r(opt.solution.lower_bound),
            "gap": round(float(opt.solution.gap), 6),
            "seconds": r(self.seconds),
        }

    def moved(self, ctx: SitingContext) -> np.ndarray:
        """True for each village whose office stands somewhere else after the re-solve."""
        pr, opt = self.problem, self.option
        sites = pr.sites[opt.local]
        here = np.where((sites < 0)[:, None], np.array([[self.lon, self.lat]]), ctx.sites.lonlat[np.maximum(sites, 0)])
        return ~np.all(np.abs(here - self.where_before) < 1e-7, axis=1)


def plan_params(project: Project) -> SitingParams:
    """The parameters the project's plan was made with (``params.site``), else the defaults."""
    raw = project.metadata.get("params.site")
    if not raw:
        return SitingParams()
    try:
        stored = json.loads(raw)
    except ValueError:
        return SitingParams()
    names = {f.name for f in dataclasses.fields(SitingParams)} - {"standard"} | set(STANDARD_OPTIONS)
    kept = {k: v for k, v in stored.items() if k in names}
    if "categories" in kept:
        kept["categories"] = tuple(kept["categories"])
    try:
        return SitingParams.from_options(**kept)
    except (TypeError, ValueError):
        return SitingParams()


def resolve_station(
    project: Project,
    ctx: SitingContext,
    station: str,
    xy: tuple[float, float],
    lonlat: tuple[float, float],
    km_point: np.ndarray,
    office_before: np.ndarray,
    km_before: np.ndarray,
    *,
    time_limit: float = RESOLVE_SECONDS,
) -> ResolvedStation:
    """Solve ``station``'s rural villages again with an office fixed at ``xy`` (metric).

    ``km_point``: road km from every village of the context to the point (inf: no path);
    ``office_before`` / ``km_before``: each rural village's office and km now, for the
    station's rural villages in context order. The station keeps its number of rural
    offices in the plan (the fewest the rule allows without a plan), one more if its
    existing offices kept and the candidate need it. Raises ValueError when the rule
    cannot be kept with the candidate.
    """
    t0 = time.perf_counter()
    params = plan_params(project)
    v = ctx.villages
    rural = np.flatnonzero((v.attrs["area_type"] != "urban") & (v.attrs["station"].astype(str) == station))
    if len(rural) == 0:
        raise ValueError(f"station {station or '(none)'} has no rural villages")
    pool = CandidatePool(ctx, params)
    base = build_problem(ctx, pool, station_frame(pool, station, rural, params), params, None)
    km_new = np.asarray(km_point, float)[rural]
    reach = np.isfinite(km_new)
    stand_in = np.hypot(*(v.xy[rural] - np.asarray(xy)).T) / 1000.0 * 2.0
    km_new = np.where(reach, km_new, stand_in)
    col = len(base.sites)
    fixed = np.append(base.fixed, col).astype(np.int64)
    problem = dataclasses.replace(
        base,
        sites=np.append(base.sites, -1),
        km=np.column_stack([base.km, km_new]),
        cost=np.column_stack([base.cost, km_new]),
        fixed=fixed,
        hosts=np.append(base.hosts, -1) if base.hosts is not None else None,
        no_path=np.column_stack([base.no_path, ~reach]) if base.no_path is not None else None,
        minutes=None,  # the new point has no minutes column here: its plan reports km only
        options={},
    )
    now = len(set(office_before[office_before != ""])) if (office_before != "").any() else base.p_lo
    hi = len(rural) // max(problem.min_size, 1) if problem.min_size > 0 else len(rural)
    p = min(max(now, len(fixed), base.p_lo), max(hi, base.p_hi))
    if len(fixed) > max(hi, base.p_hi):
        raise ValueError(f"station {station}: {len(fixed)} fixed offices cannot each serve {problem.min_size} of "
                         f"its {len(rural)} rural villages")
    option = solve_option(problem, p, params, time_limit)
    where = _office_places(project, ctx, office_before)
    return ResolvedStation(station, float(lonlat[0]), float(lonlat[1]), (float(xy[0]), float(xy[1])), params, problem,
                           option, col, np.asarray(office_before, object), np.asarray(km_before, float), where,
                           time.perf_counter() - t0)


def _office_places(project: Project, ctx: SitingContext, codes: np.ndarray) -> np.ndarray:
    """lon/lat of the offices named in ``codes`` (plan offices, else office posts); NaN if unknown."""
    places: dict[str, tuple[float, float]] = {}
    for name, tier in (("posts", "office"), ("plan_offices", None)):
        frame = project[name]
        if len(frame) == 0:
            continue
        if tier is not None:
            frame = frame[frame["tier"] == tier]
        pts = frame.geometry.representative_point()
        places.update({str(c): (float(p.x), float(p.y)) for c, p in zip(frame["code"], pts, strict=True) if p is not None})
    return np.array([places.get(str(c), (np.nan, np.nan)) for c in codes], float).reshape(-1, 2)


def resolved_command(project: Project, ctx: SitingContext, resolved: ResolvedStation,
                     text: str = "Accept evaluated office") -> ReplaceLayers:
    """One undoable command: the station's rural offices, workstations and assignment lines
    of the plan replaced by the re-solved station's; every other row stays as it is."""
    offices, workstations, assignment = (project[name] for name in PLAN_LAYERS)
    if len(offices) == 0 or len(assignment) == 0:
        raise ValueError("there is no plan to take the office into: run site first")
    v = ctx.villages
    codes = set(v.code[resolved.problem.villages].astype(str))
    dropped = set(assignment.loc[assignment["village"].astype(str).isin(codes), "office"].astype(str))
    keep_off = offices[~offices["code"].astype(str).isin(dropped)]
    keep_ws = workstations[~workstations["village"].astype(str).isin(codes)]
    keep_as = assignment[~assignment["village"].astype(str).isin(codes)]
    new_off, new_ws, new_as = _station_rows(ctx, resolved, set(keep_off["code"].astype(str)))
    frames = {
        "plan_offices": coerce("plan_offices", _concat(keep_off, new_off)),
        "plan_workstations": coerce("plan_workstations", _concat(keep_ws, new_ws)),
        "plan_assignment": coerce("plan_assignment", _concat(keep_as, new_as)),
    }
    return ReplaceLayers(frames, text=text)


def _station_rows(ctx: SitingContext, resolved: ResolvedStation, taken: set[str]):
    """(offices, workstations, assignment) frames of the re-solved station."""
    pool = CandidatePool(ctx, resolved.params)
    pr, opt, st = resolved.problem, resolved.option, resolved.station
    v = ctx.villages
    rows: list[dict] = []
    links: list = []
    new_links: list = []
    names: set[str] = set()
    code_of: dict[int, str] = {}
    k = 0
    for local in np.unique(opt.local):
        mine = opt.local == local
        k += 1
        site = int(pr.sites[local])
        code = _office_code(pool, site, st, k) if site >= 0 else f"JWS-{st or 'X'}-{k:03d}"
        while code in taken:
            k += 1
            code = f"JWS-{st or 'X'}-{k:03d}"
        taken.add(code)
        code_of[int(local)] = code
        if site >= 0:
            rows.append(_office_row(ctx, pool, site, code, st, pr.villages[mine], opt.km[mine], names))
            links.extend(office_links(pr, opt, mine, site, code))
        else:
            rows.append(_new_office_row(resolved, code, pr.villages[mine], opt.km[mine], v))
            new_links.extend((int(vi), float(km), code) for vi, km in zip(pr.villages[mine], opt.km[mine], strict=True))
    office_sites = np.array([int(s) for s in pr.sites[np.unique(opt.local)] if s >= 0], int)
    office_of = {int(vi): code_of[int(loc)] for vi, loc in zip(pr.villages, opt.local, strict=True)}
    ws = [
        {"code": f"GZZ-{v.code[vi]}", "village": str(v.code[vi]),
         "key_site": str(ctx.sites.code[site]) if pool.kind[site] == "key_site" else "",
         "office": office_of[vi], "geometry": shapely.Point(ctx.sites.lonlat[site])}
        for vi, site in workstation_sites(pool, pr.villages, office_sites)
    ]
    offices = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    workstations = gpd.GeoDataFrame(ws, geometry="geometry", crs=CRS) if ws else None
    lines = [_assignment(ctx, links)] if links else []
    if new_links:
        lines.append(_new_lines(ctx, resolved, new_links))
    return offices, workstations, pd.concat(lines, ignore_index=True) if lines else None


def _new_office_row(resolved: ResolvedStation, code: str, villages: np.ndarray, km: np.ndarray, v) -> dict:
    pop = v.attrs["population"][villages].astype(float)
    w = demand_weights(pop)
    return {
        "code": code, "name": NEW_NAME, "station": resolved.station, "key_site": "", "existing": False,
        "villages": int(len(villages)), "population": int(np.nansum(pop)),
        "mean_km": round(float((w * km).sum() / w.sum()), 3), "max_km": round(float(km.max()), 3),
        "geometry": shapely.Point(resolved.lon, resolved.lat),
    }


def _new_lines(ctx: SitingContext, resolved: ResolvedStation, links) -> gpd.GeoDataFrame:
    """Village -> candidate lines: straight (the candidate is not a snapped site), with road
    km and the fastest minutes from one search from the candidate."""
    vi = np.array([lk[0] for lk in links], int)
    km = np.array([lk[1] for lk in links], float)
    _, minutes, _ = ctx.point_km(resolved.xy, minutes=True)
    mins = minutes[vi] if minutes is not None else np.full(len(vi), np.nan)
    mins = np.where(np.isfinite(mins), mins, km / 30.0 * 60.0)
    here = shapely.Point(resolved.lon, resolved.lat)
    return gpd.GeoDataFrame(
        {"village": ctx.villages.code[vi].astype(str), "office": [lk[2] for lk in links],
         "road_km": np.round(km, 3), "minutes": np.round(mins, 2)},
        geometry=[shapely.LineString([tuple(ctx.villages.lonlat[i]), here.coords[0]]) for i in vi],
        crs=CRS,
    )


def _concat(a, b):
    if b is None or len(b) == 0:
        return a
    if len(a) == 0:
        return b
    return pd.concat([a, b.to_crs(a.crs) if hasattr(b, "to_crs") and a.crs is not None else b], ignore_index=True)


def _mean(km: np.ndarray, pop: np.ndarray, mask: np.ndarray) -> float:
    w = demand_weights(pop[mask])
    return float((w * km[mask]).sum() / w.sum()) if mask.any() else 0.0
