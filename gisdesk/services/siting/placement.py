"""Where the offices and workstations the solver does not place go, and what the chosen
plan could not keep.

The solver places the rural offices of every station (:mod:`.stations`). The rest of
the plan is decided here: an urban community's office stands at its existing office
(with ``keep_existing``) or its best key site; every rural village without an office
gets a workstation at its village committee room (or its own point). The exceptions
name what the chosen plan breaks (``--max-km``, offices that could not be kept) and the
distances that are straight-line stand-ins. :mod:`.output` only turns these decisions
into the plan layers.
"""

from __future__ import annotations

import numpy as np

from algorithms.districting import components
from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.results import SitingException, SitingParams
from gisdesk.services.siting.stations import StationOption, StationProblem


def urban_office_site(pool: CandidatePool, u: int, params: SitingParams) -> int:
    """An urban community's office: its existing office (with keep_existing), else its best key site."""
    if params.keep_existing:
        post = pool.best_in_village(u, kinds=("post",))
        if post >= 0:
            return post
    site = pool.best_in_village(u)
    return pool.village_point(u) if site < 0 else site


def workstation_sites(pool: CandidatePool, rural: np.ndarray, office_sites: np.ndarray) -> list[tuple[int, int]]:
    """(village, site) of a workstation for every rural village no office stands in:
    its village committee room, else its own point."""
    hosts = {int(pool.village_idx[site]) for site in office_sites}
    out = []
    for vi in sorted(set(int(i) for i in rural) - hosts):
        site = pool.best_in_village(vi, categories=("village_office",))
        out.append((vi, pool.village_point(vi) if site < 0 else site))
    return out


def chosen_exceptions(
    ctx: SitingContext,
    pool: CandidatePool,
    problems: list[StationProblem],
    chosen: dict[str, int],
    office_sites: np.ndarray,
    params: SitingParams,
    exceptions: list[SitingException],
) -> None:
    """Add to ``exceptions`` what the chosen plan could not keep, station by station."""
    v = ctx.villages
    for pr in problems:
        opt = pr.options[chosen[pr.station]]
        if opt.relaxed_max_km:
            exceptions.append(
                SitingException(pr.station, f"no plan with {opt.p} offices keeps every village within {params.max_km:g} km",
                                rule="max_km")
            )
        _off_road(ctx, pr, opt, exceptions)
        _split_areas(ctx, pr, opt, exceptions)
        if params.max_km is None:
            continue
        for site in np.unique(opt.sites):
            mine = opt.sites == site
            for vi, km in zip(pr.villages[mine], opt.km[mine], strict=True):
                if km > params.max_km:
                    exceptions.append(
                        SitingException(
                            pr.station,
                            f"village {v.code[vi]} ({v.attrs['name'][vi]}) is {km:.1f} km from its office, "
                            f"more than --max-km {params.max_km:g}",
                            str(v.code[vi]),
                            rule="max_km",
                        )
                    )
    for site in office_sites:  # a village with no usable key site: its office at its own point
        if pool.kind[site] == "village":
            vi = int(pool.village_idx[site])
            exceptions.append(SitingException(
                str(v.attrs["station"][vi]),
                f"village {v.code[vi]} ({v.attrs['name'][vi]}) has no usable key site: its office stands at the "
                "village's point", str(v.code[vi]), rule="office_key_site"))
    if params.keep_existing:
        s = ctx.sites
        kept = {int(site) for site in office_sites}
        for site in np.flatnonzero(pool.kind == "post"):
            if int(site) not in kept:
                station = str(s.attrs["station"][site])
                exceptions.append(
                    SitingException(
                        station,
                        f"existing office {s.code[site]} ({s.attrs['name'][site]}) could not be kept: "
                        f"it is not in or near a village of station {station or '(none)'}",
                    )
                )


def _off_road(ctx: SitingContext, pr: StationProblem, opt: StationOption, exceptions: list[SitingException]) -> None:
    """Villages whose distance to their office is a straight-line stand-in: say so."""
    if pr.no_path is None or not pr.no_path.any():
        return
    named = {e.village for e in exceptions}
    rows = np.flatnonzero(pr.no_path[np.arange(len(pr.villages)), opt.local])
    for r in rows:
        code = str(ctx.villages.code[pr.villages[r]])
        if code not in named:
            exceptions.append(
                SitingException(
                    pr.station,
                    f"village {code} ({ctx.villages.attrs['name'][pr.villages[r]]}) has no road path to its office: "
                    "straight-line distance used",
                    code,
                )
            )


def _split_areas(ctx: SitingContext, pr: StationProblem, opt: StationOption, exceptions: list[SitingException]) -> None:
    """Offices whose villages could not be made one connected area: name them and their villages."""
    if not opt.split_sites:
        return
    v, s = ctx.villages, ctx.sites
    groups = np.bincount(station_pieces(pr)) if pr.edges is not None else np.ones(1, int)
    why = (f"the station's rural villages form {len(groups)} separate groups on the map "
           f"({', '.join(str(int(g)) for g in sorted(groups, reverse=True))} villages)"
           if len(groups) > 1 else f"no contiguous plan with {opt.p} offices was found")
    for local, pieces in sorted(opt.split_sites.items()):
        site = int(pr.sites[local])
        names = "、".join(str(v.attrs["name"][i]) for i in pr.villages[opt.local == local])
        exceptions.append(
            SitingException(
                pr.station,
                f"the service area of the office at {s.attrs['name'][site]} is in {pieces} pieces "
                f"({why}; {pr.min_size}-{pr.max_size} villages per office): {names}",
                rule="office_contiguous",
            )
        )


def station_pieces(pr: StationProblem) -> np.ndarray:
    """Component id of each of the station's villages on the village adjacency."""
    e = pr.edges if pr.edges is not None else np.zeros((0, 2), np.int64)
    return components(e, len(pr.villages))[1]
