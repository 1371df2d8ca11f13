"""The siting use case: propose offices and workstations for a whole project.

``propose_sites(project, params)`` computes a :class:`SitingResult` and changes nothing;
``siting_command(result)`` turns it into one undoable command that puts its three layers
and the parameters into the project (the window pushes it on its stack, the CLI pushes
it and saves atomically).

Rules (DOMAIN.md): per station, each rural office serves ``min_villages``-``max_villages``
villages of its own station (relaxed, with an exception, where the station is too small);
a remote station gets at least ``min_offices_per_station`` (every station with
``min_offices_all_stations``); each urban community gets one
office at its best key site; every village without an office gets a workstation at its
village committee room (or its point). Objective: population x road km.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Unpack

import numpy as np
import pandas as pd

from algorithms.progress import ProgressCallback, report
from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.output import AheadLinks, build_layers
from gisdesk.services.siting.placement import (
    chosen_exceptions,
    urban_office_site,
    workstation_sites,
)
from gisdesk.services.siting.response_times import coverage_shares
from gisdesk.services.siting.results import SitingException, SitingParams, SitingResult
from gisdesk.services.siting.station_tasks import StationTasks
from gisdesk.services.siting.station_work import solve_station_task
from gisdesk.services.siting.stations import (
    StationFrame,
    StationProblem,
    allocate,
    distances,
    station_exceptions,
    station_frame,
    tradeoff,
)
from gisdesk.services.workers import PooledRun, run_tasks, warm_pool
from layers.edits import ReplaceLayers
from layers.lookups import remote_stations
from layers.project import Project, parameters_entry
from layers.schema import PLAN_LAYERS


def propose_sites(
    project: Project,
    params: SitingParams | None = None,
    *,
    context: SitingContext | None = None,
    **run: Unpack[PooledRun],
) -> SitingResult:
    """Compute a siting proposal (nothing is written). Raises ValueError for impossible requests.

    The stations are solved on ``workers`` (default: in this process; the command line and
    the window use every core): the plan is the same whatever the count
    (:mod:`.station_tasks`)."""
    progress, cancel, workers = run.get("progress"), run.get("cancel"), run.get("workers")
    t0 = time.perf_counter()
    params = params or SitingParams()
    if len(project["villages"]) == 0:
        raise ValueError("layer villages: the project has no villages to site offices for")
    with warm_pool(workers, solve_station_task.__module__) as warm:  # the workers start while the roads are built
        ctx = SitingContext.for_project(
            project,
            context,
            **asdict(params.roads),
            progress=_scaled(progress, 0.0, 0.3),
            cancel=cancel,
        )
        pool = CandidatePool(ctx, params)
        v = ctx.villages
        rural = v.attrs["area_type"] != "urban"
        stations = v.attrs["station"].astype(str)
        urban = np.flatnonzero(~rural)
        exceptions = [SitingException(s, r, vil) for s, vil, r in ctx.notes]
        remote = remote_stations(project)

        names = sorted(set(stations[rural]))
        frames = [station_frame(pool, st, np.flatnonzero(rural & (stations == st)), params, remote=st in remote)
                  for st in names]
        rural_total = _rural_target(params, frames, len(urban))

        # every station on its own (its plan's counts, then the trade-off table's), each stopping
        # on proof or counted work, so the plan depends on neither the worker count nor the load;
        # a station's road distances are computed by the worker that solves it
        want_all = params.tradeoff or params.offices is not None
        tasks = StationTasks(ctx, pool, frames, params, want_all and params.offices is None)
        urban_sites = np.array([urban_office_site(pool, int(u), params) for u in urban], int)
        ahead = AheadLinks(ctx, urban, urban_sites)
        solved = run_tasks(
            solve_station_task, tasks, workers, progress=_scaled(progress, 0.3, 0.95), cancel=cancel,
            labels=[f"siting offices, station {st or '(none)'}" for st in names], sizes=tasks.sizes,
            warm=warm, on_result=_drawing(ahead, frames, params))
    problems = tasks.take(solved)
    for frame, pr in zip(frames, problems, strict=True):
        pr.exceptions = station_exceptions(ctx, frame, pr)
        exceptions.extend(pr.exceptions)
    for pr in problems:
        exceptions.extend(_ceiling_reached(pr))
    chosen = allocate(problems, rural_total)
    if params.cover_minutes is not None:  # each station's response-time plan
        chosen = {pr.station: next((p for p, o in sorted(pr.options.items()) if o.cover is not None), chosen[pr.station])
                  for pr in problems}
    options = [pr.options[chosen[pr.station]] for pr in problems]
    office_sites = np.concatenate([np.unique(opt.sites) for opt in options] + [urban_sites]).astype(int)
    workstations = workstation_sites(pool, np.flatnonzero(rural), office_sites)
    chosen_exceptions(ctx, pool, problems, chosen, office_sites, params, exceptions)

    report(progress, 0.97, "building the plan layers")
    offices, ws_layer, assignment = build_layers(ctx, pool, problems, chosen, urban, urban_sites, workstations,
                                                   ahead)
    population = float(np.nansum(v.attrs["population"][rural].astype(float)))
    dist = distances(list(zip(problems, options, strict=True)))
    result = SitingResult(
        offices=offices,
        workstations=ws_layer,
        assignment=assignment,
        params=params,
        villages=len(v),
        mean_km=dist.mean_km,
        max_km=dist.max_km,
        mean_km_plain=dist.mean_km_plain,
        unknown_population=dist.unknown_population,
        objective=sum(pr.options[chosen[pr.station]].solution.objective for pr in problems),
        lower_bound=sum(pr.options[chosen[pr.station]].solution.lower_bound for pr in problems),
        distance_model=ctx.distance_model,
        exceptions=exceptions,
        tradeoff=tradeoff(problems, len(urban), population) if want_all else [],
        seconds=time.perf_counter() - t0,
        covered_minutes=coverage_shares(assignment["minutes"].to_numpy(float), _population_of(project, assignment)),
    )
    if params.cover_minutes is not None:
        result.uncovered = uncovered_villages(project, assignment, params.cover_minutes)
        covers = [pr.options[chosen[pr.station]].cover for pr in problems]
        result.cover_proven = all(c is not None and c["proven"] for c in covers)
        result.seconds = time.perf_counter() - t0
    report(progress, 1.0, "done")
    return result


def _drawing(ahead: AheadLinks, frames: list[StationFrame], params: SitingParams):
    """The ``on_result`` of the stations' tasks: without an ``--offices`` total or a
    response time, a station's plan is its fewest offices' (:func:`allocate`), known when
    its task ends, so its links are drawn then, while the workers solve the others."""
    def arrived(i: int, done) -> None:
        frame = frames[i]
        opt = done.options.get(frame.p_lo)
        if opt is not None:
            ahead.add(frame.station, frame.villages, opt.sites, opt.km, opt.minutes)

    return None if params.offices is not None or params.cover_minutes is not None else arrived


def _ceiling_reached(problem: StationProblem) -> list[SitingException]:
    """An exception for each office count of the station whose search reached its time
    ceiling before its counted work (the plan may then differ on another machine)."""
    return [SitingException(problem.station, f"{p} offices: the search reached its time limit before its counted "
                                             "work, so this plan may differ on another machine or under another load")
            for p, opt in sorted(problem.options.items())
            if any(g.get("stopped") == "time limit" for g in opt.solution.info.get("groups", []))]


def uncovered_villages(project: Project, assignment, minutes: float) -> list[dict]:
    """The villages farther than ``minutes`` from their office in the plan (plan_assignment's
    minutes column), or without one: code, name, township, station and their minutes."""
    vf = project["villages"]
    mins = dict(zip(assignment["village"].astype(str), assignment["minutes"].astype(float), strict=True))
    out = []
    for _, row in vf.iterrows():
        code = str(row["code"])
        m = mins.get(code)
        if m is None or not m <= minutes:
            town = row.get("township")
            out.append({"village": code, "name": str(row["name"]),
                        "township": None if town is None or town != town else str(town),
                        "station": str(row["station"]), "minutes": None if m is None else round(float(m), 2)})
    return out


def _population_of(project: Project, assignment) -> np.ndarray:
    """Population of each plan_assignment row's village (NaN where unknown)."""
    vf = project["villages"]
    pop = pd.Series(pd.to_numeric(vf["population"], errors="coerce").to_numpy(float), index=vf["code"].astype(str))
    return pop.reindex(assignment["village"].astype(str)).to_numpy(float)


def _rural_target(params: SitingParams, problems: list[StationFrame], n_urban: int) -> int | None:
    if params.offices is None:
        return None
    lo = sum(pr.p_lo for pr in problems) + n_urban
    hi = sum(pr.p_hi for pr in problems) + n_urban
    if not lo <= params.offices <= hi:
        raise ValueError(
            f"--offices {params.offices}: the {params.standard.min_villages}-{params.standard.max_villages} rule allows "
            f"{lo} to {hi} offices for this project ({n_urban} of them urban)"
        )
    return params.offices - n_urban


def siting_command(result: SitingResult, text: str = "Accept siting proposal") -> ReplaceLayers:
    """The proposal as one undoable command: the three plan layers and the parameters used,
    with the exceptions (each rule the plan could not keep and why: ``check`` quotes them).

    The one way a plan enters a project: the command line pushes it on a
    :class:`layers.edits.CommandStack` and saves, the window pushes it on its own stack
    (undo puts back the previous plan and its parameters).
    """
    params = result.params.as_dict()
    params.update(
        {
            "distance_model": result.distance_model,
            "objective": round(result.objective, 3),
            "lower_bound": round(result.lower_bound, 3),
            "exceptions": [e.as_dict() for e in result.exceptions],
        }
    )
    frames = dict(zip(PLAN_LAYERS, (result.offices, result.workstations, result.assignment), strict=True))
    return ReplaceLayers(frames, text=text, metadata=parameters_entry("site", params))


def _scaled(progress: ProgressCallback | None, lo: float, hi: float) -> ProgressCallback | None:
    if progress is None:
        return None
    return lambda f, msg: progress(lo + (hi - lo) * f, msg)
