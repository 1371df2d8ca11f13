"""``assign PROJECT``: the roster's officers and auxiliaries to the grids (``assignments``).

Per station, never across one; every grid gets the people the standard says it needs
where the station has them, at the least total road km; the shortfall is reported per
station. Writes through the same undoable command the window uses, in one atomic save.
"""

from __future__ import annotations


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--keep-existing", action="store_true", help="keep the assignments already made, fill in the rest")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds for the whole project")
    parser.add_argument("--bureau-officers", type=int, default=None,
                        help="the county bureau's total of officers (民警), recorded for the station-share ratio")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import named_options, open_project
    from gisdesk.services.officers import (
        AssignParams,
        assignment_command,
        bureau_officers_command,
        propose_assignments,
    )
    from layers.edits import CommandStack
    from layers.locking import ProjectLock

    with named_options():
        params = AssignParams(keep_existing=args.keep_existing, time_limit=args.time_limit)
        setting = bureau_officers_command(args.bureau_officers) if args.bureau_officers is not None else None
    project = open_project(args.project, validate=("grids", "officers", "assignments"))
    _check_references(project, args.project)
    with ProjectLock(project.path.resolve()):
        result = propose_assignments(project, params, progress=ctx.progress, cancel=ctx.cancel)
        ctx.progress(0.99, "saving")
        stack = CommandStack(project)
        stack.push(assignment_command(result))
        if setting is not None:
            stack.push(setting)
        project.save()
    s = result.summary()
    _print(ctx, result, s)
    return s


def _print(ctx, result, s: dict) -> None:
    ctx.info(
        f"已分配 {s['assigned']} 人次，{s['grids_covered']}/{len(result.grids)} 个警格有责任人，"
        f"{len(s['unassigned'])} 个警格无人；总路程 {s['total_km']:.1f} 公里；"
        f"{'最优' if s['optimal'] else '未证明最优'}；{s['seconds']:.1f} 秒"
    )
    from gisdesk.messages import language

    if language() == "en":
        ctx.info(f"assigned {s['assigned']}, grids covered {s['grids_covered']}/{len(result.grids)}, "
                 f"total {s['total_km']:.1f} km, optimal {s['optimal']}, distances: {s['distance_model']}")
    if s["shortfall"]:
        ctx.info(f"{'派出所':<16}{'应配':>6}{'可配':>6}{'人数':>6}{'缺口':>6}")
        for e in s["shortfall"]:
            ctx.info(f"{e['station'] + ' ' + e['name']:<16}{e['needed']:>6}{e['available']:>6}{e['people']:>6}{e['unfilled']:>6}")
    for note in s["notes"]:
        ctx.info(f"  ! {note}")


def _check_references(project, path: str) -> None:
    """InputError naming the first roster row whose station is none of the project's."""
    from layers.errors import InputError
    from layers.validation import errors, validate_layer

    found = errors(validate_layer("officers", project["officers"], project))
    if found:
        first = found[0]
        code = project["officers"]["code"].iat[first.row - 1] if first.row else ""
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InputError(first.code, f"{code}: {first.message}{more}", file=str(path), layer="officers", row=first.row)
