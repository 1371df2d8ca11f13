"""The decided plan as the three plan layers (CONTRACT.md section 1), in EPSG:4490.

Formatting only: office codes and names, per-office numbers, the village -> office lines
and their minutes. Where offices and workstations go is decided before
(:mod:`.stations`, :mod:`.placement`). :class:`AheadLinks` draws a station's lines as soon
as its plan is known, while the workers still solve the other stations.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.routes import assignment_lines
from gisdesk.services.siting.stations import StationOption, StationProblem, demand_weights
from layers.schema import CRS, coerce, empty_layer


def build_layers(
    ctx: SitingContext,
    pool: CandidatePool,
    problems: list[StationProblem],
    chosen: dict[str, int],
    urban: np.ndarray,
    urban_sites: np.ndarray,
    workstations: list[tuple[int, int]],
    ahead: AheadLinks | None = None,
):
    """(plan_offices, plan_workstations, plan_assignment) of the decided plan.

    ``chosen``: offices per station (the options solved); ``urban_sites``: the office
    site of each urban community in ``urban``; ``workstations``: (village, site) pairs;
    ``ahead``: the links already drawn (used where their village and office match).
    """
    v, s = ctx.villages, ctx.sites
    office_rows: list[dict] = []
    links: list[tuple[int, int, float, str, float]] = []  # village, site, km, office code, minutes (NaN: to find)
    names_used: set[str] = set()
    for pr in problems:
        opt = pr.options[chosen[pr.station]]
        for k, site in enumerate(np.unique(opt.sites), start=1):
            mine = opt.sites == site
            code = _office_code(pool, int(site), pr.station, k)
            office_rows.append(_office_row(ctx, pool, int(site), code, pr.station, pr.villages[mine], opt.km[mine], names_used))
            links.extend(office_links(pr, opt, mine, int(site), code))
    urban = np.asarray(urban, int)
    urban_km = (ahead.urban_km(urban, np.asarray(urban_sites, int)) if ahead is not None
                else _pair_km(ctx, urban, np.asarray(urban_sites, int)))
    for k, u in enumerate(urban, start=1):
        site, km = int(urban_sites[k - 1]), float(urban_km[k - 1])
        station = str(v.attrs["station"][u])
        code = _office_code(pool, site, station, 100 + k)
        office_rows.append(_office_row(ctx, pool, site, code, station, np.array([u]), np.array([km]), names_used))
        links.append((int(u), site, km, code, np.nan))

    office_of = {lk[0]: lk[3] for lk in links}
    ws_rows = [
        {
            "code": f"GZZ-{v.code[vi]}",
            "village": str(v.code[vi]),
            "key_site": str(s.code[site]) if pool.kind[site] == "key_site" else "",
            "office": office_of[vi],
            "geometry": shapely.Point(s.lonlat[site]),
        }
        for vi, site in workstations
    ]
    assignment = _assignment(ctx, links, ahead)
    offices = coerce("plan_offices", gpd.GeoDataFrame(office_rows, geometry="geometry", crs=CRS) if office_rows else empty_layer("plan_offices"))
    workstations_frame = coerce(
        "plan_workstations", gpd.GeoDataFrame(ws_rows, geometry="geometry", crs=CRS) if ws_rows else empty_layer("plan_workstations")
    )
    return offices, workstations_frame, assignment


def office_links(pr: StationProblem, opt: StationOption, mine: np.ndarray, site: int,
                 code: str) -> list[tuple[int, int, float, str, float]]:
    """(village, site, km, office code, minutes) of the station's villages ``mine`` served by
    the office at ``site``; the minutes from the station's own matrix (NaN: not computed)."""
    mins = opt.minutes[mine] if opt.minutes is not None else np.full(int(mine.sum()), np.nan)
    return [(int(vi), site, float(km), code, float(mi))
            for vi, km, mi in zip(pr.villages[mine], opt.km[mine], mins, strict=True)]


def _pair_km(ctx: SitingContext, villages: np.ndarray, sites: np.ndarray) -> np.ndarray:
    """km of each (village, site) pair, one matrix per station; straight-line where no path."""
    out = np.zeros(len(villages))
    stations = ctx.villages.attrs["station"].astype(str)[villages]
    for st in np.unique(stations):
        rows = np.flatnonzero(stations == st)
        m = ctx.km(villages[rows], sites[rows])
        out[rows] = np.diagonal(m)
    bad = ~np.isfinite(out)
    if bad.any():
        out[bad] = np.diagonal(ctx.straight_km(villages[bad], sites[bad]))
    return out


def _office_code(pool: CandidatePool, site: int, station: str, k: int) -> str:
    if pool.kind[site] == "post":
        return str(pool.ctx.sites.code[site])
    return f"JWS-{station or 'X'}-{k:03d}"


def _office_row(ctx, pool, site: int, code: str, station: str, villages, km, names_used: set[str]) -> dict:
    v, s = ctx.villages, ctx.sites
    host = pool.village_idx[site]
    if pool.kind[site] == "post":
        name = str(s.attrs["name"][site])
    else:
        base = str(v.attrs["name"][host]) if host >= 0 else str(s.attrs["name"][site])
        name = base if base.endswith("警务室") else f"{base}警务室"
    if name in names_used:
        name = f"{name}({code})"
    names_used.add(name)
    pop = v.attrs["population"][villages].astype(float)
    w = demand_weights(pop)
    return {
        "code": code,
        "name": name,
        "station": station,
        "key_site": str(s.code[site]) if pool.kind[site] == "key_site" else "",
        "existing": bool(pool.kind[site] == "post"),
        "villages": int(len(villages)),
        "population": int(np.nansum(pop)),  # of the villages whose population is known
        "mean_km": round(float((w * km).sum() / w.sum()), 3) if len(km) else 0.0,
        "max_km": round(float(np.max(km)), 3) if len(km) else 0.0,
        "geometry": shapely.Point(s.lonlat[site]),
    }


def _assignment(ctx: SitingContext, links, ahead: AheadLinks | None = None):
    """village -> office lines (along the road path) with road km and fastest minutes (a
    rural village's from its station's matrix, which the solver used too); ``ahead``: the
    links already drawn."""
    v = ctx.villages
    if not links:
        return coerce("plan_assignment", empty_layer("plan_assignment"))
    vi = np.array([lk[0] for lk in links], int)
    si = np.array([lk[1] for lk in links], int)
    km = np.array([lk[2] for lk in links], float)
    minutes = np.array([lk[4] for lk in links], float)  # a station's own; NaN: to find
    geoms = np.empty(len(links), object)
    found = [ahead.get(a, b) if ahead is not None else None for a, b in zip(vi, si, strict=True)]
    for k, got in enumerate(found):
        if got is not None:
            geoms[k], minutes[k] = got
    rest = np.flatnonzero([got is None for got in found])
    minutes[rest] = _link_minutes(ctx, vi[rest], si[rest], minutes[rest])
    geoms[rest] = assignment_lines(ctx, vi[rest], si[rest], km[rest])
    speed_fallback = np.where(np.isfinite(minutes), minutes, km / 30.0 * 60.0)
    frame = gpd.GeoDataFrame(
        {
            "village": v.code[vi].astype(str),
            "office": [lk[3] for lk in links],
            "road_km": np.round(km, 3),
            "minutes": np.round(speed_fallback, 2),
        },
        geometry=geoms,
        crs=CRS,
    )
    return coerce("plan_assignment", frame)


def _link_minutes(ctx: SitingContext, vi: np.ndarray, si: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """``minutes`` with the NaN ones (no station matrix) found, one block per station: its
    villages to its open sites."""
    minutes = minutes.copy()
    stations = ctx.villages.attrs["station"].astype(str)[vi]
    todo = np.isnan(minutes)
    for st in np.unique(stations[todo]):
        rows = np.flatnonzero((stations == st) & todo)
        uv, iv = np.unique(vi[rows], return_inverse=True)
        us, is_ = np.unique(si[rows], return_inverse=True)
        minutes[rows] = ctx.minutes(uv, us)[iv, is_]
    return minutes


class AheadLinks:
    """Village -> office links drawn before the plan layers are built: a station's at once
    when its plan arrives from its task (the road-path lines are the slowest part of
    building the layers: a minute on a province), while the workers solve the others.

    A station's links are its rural villages' and its urban communities' (``urban``, with
    their office sites ``urban_sites``, known before any station is solved), drawn in one
    batch exactly as :func:`build_layers` would, so the layers are the same either way.
    """

    def __init__(self, ctx: SitingContext, urban: np.ndarray, urban_sites: np.ndarray) -> None:
        self._ctx = ctx
        self._urban, self._urban_sites = np.asarray(urban, int), np.asarray(urban_sites, int)
        self._urban_station = ctx.villages.attrs["station"].astype(str)[self._urban]
        self._km: dict[int, float] = {}  # urban community -> road km to its office
        self._links: dict[tuple[int, int], tuple[object, float]] = {}  # (village, site) -> (line, minutes)

    def add(self, station: str, villages: np.ndarray, sites: np.ndarray, km: np.ndarray,
            minutes: np.ndarray | None) -> None:
        """Draw the links of ``station``: its rural ``villages`` to their office ``sites``
        (road ``km`` and ``minutes`` from the station's matrices), with its urban ones."""
        mine = np.flatnonzero(self._urban_station == station)
        u, us = self._urban[mine], self._urban_sites[mine]
        ukm = _pair_km(self._ctx, u, us)
        self._km.update(zip(u.tolist(), ukm.tolist(), strict=True))
        own = np.full(len(villages), np.nan) if minutes is None else np.asarray(minutes, float)
        vi, si = np.concatenate([villages, u]).astype(int), np.concatenate([sites, us]).astype(int)
        mins = _link_minutes(self._ctx, vi, si, np.concatenate([own, np.full(len(u), np.nan)]))
        lines = assignment_lines(self._ctx, vi, si, np.concatenate([km, ukm]))
        for a, b, line, m in zip(vi.tolist(), si.tolist(), lines, mins.tolist(), strict=True):
            self._links[(a, b)] = (line, m)

    def urban_km(self, urban: np.ndarray, sites: np.ndarray) -> np.ndarray:
        """Road km of each urban community to its office site: drawn ones' as drawn."""
        out = np.array([self._km.get(int(u), np.nan) for u in urban], float)
        todo = np.flatnonzero(np.isnan(out))
        out[todo] = _pair_km(self._ctx, urban[todo], sites[todo])
        return out

    def get(self, village: int, site: int) -> tuple[object, float] | None:
        """The drawn link's (line, minutes), None when it was not drawn."""
        return self._links.get((int(village), int(site)))
