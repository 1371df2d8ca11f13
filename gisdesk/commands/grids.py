"""``grids PROJECT``: redraw the patrol grids (警格) and their members."""

from __future__ import annotations


def configure(parser) -> None:
    from gisdesk.commands._common import add_standard_options, add_worker_options

    parser.add_argument("project", help="project GeoPackage")
    add_standard_options(parser, "--urban-people", "--urban-households", "--rural-people")
    parser.add_argument("--tolerance", type=float, default=0.10, help="population balance between a community's grids (0.10 = ±10%%)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per community (default: counted work, the same grids on any machine)")
    add_worker_options(parser)


def run(args, ctx) -> dict:
    from gisdesk.commands._common import named_options, open_project, workers_from
    from gisdesk.services.grids import GridParams, compute_grids, grids_command
    from layers.edits import CommandStack
    from layers.locking import ProjectLock
    from layers.standard import Standard

    with named_options():
        standard = Standard(urban_people=args.urban_people, urban_households=args.urban_households,
                            rural_people=args.rural_people)
        params = GridParams(standard, tolerance=args.tolerance, seed=args.seed, time_limit=args.time_limit)
    workers = workers_from(args)
    project = open_project(args.project, validate=("units", "villages"))
    with ProjectLock(project.path):
        if len(project["units"]) == 0 and len(project["villages"]) == 0:
            from layers.errors import InputError

            raise InputError("empty", "no units and no villages to make grids of", file=str(project.path), layer="units")
        result = compute_grids(project, params, progress=ctx.progress, cancel=ctx.cancel, workers=workers)
        ctx.progress(0.95, "saving")
        command = grids_command(result, params)
        CommandStack(project).push(command)
        project.save()
    s = result.summary
    removed = command.removed
    s["assignments_removed"] = [] if removed is None else [
        {"officer": str(r.officer), "grid": str(r.grid)} for r in removed.itertuples()]
    from gisdesk.messages import tr

    ctx.info(tr("{grids} grids ({urban} urban, {rural} rural), {officers} officers required, max deviation {deviation}, "
                "contiguous {contiguous}, mean Polsby-Popper {pp}, {exceptions} exceptions, {seconds} s",
                grids=s["grids"], urban=s["urban_grids"], rural=s["rural_grids"], officers=s["officers_required"],
                deviation=f"{s['max_deviation']:.1%}", contiguous=tr("yes" if s["contiguous"] else "no"),
                pp=f"{s['mean_polsby_popper']:.2f}", exceptions=len(s["exceptions"]), seconds=f"{s['seconds']:.1f}"))
    for e in s["exceptions"][:20]:
        ctx.info(f"  {e['station']}: {e['reason']}")
    if s["assignments_removed"]:
        ctx.info(tr("{n} assignments to grids the redraw removed were taken off (officers {officers}): "
                    "run assign --keep-existing to give them grids",
                    n=len(s["assignments_removed"]),
                    officers=", ".join(a["officer"] for a in s["assignments_removed"][:5])
                    + (" …" if len(s["assignments_removed"]) > 5 else "")))
    return s
