"""``plan save|list|load|delete|compare|adopt PROJECT [NAME] [NAME2]``: plan versions.

Versions are stored in the project (``plan_versions`` and the ``plan_version_*`` layers).
``current`` or ``当前`` names the plan in the plan layers wherever a plan is compared.
Each change goes through the same undoable command the window's plans panel pushes, then
one atomic save; an unknown name exits 2 naming it and leaves the project unchanged.
"""

from __future__ import annotations

ACTIONS = ("save", "list", "load", "delete", "compare", "adopt")
NAMES_NEEDED = {"save": 1, "list": 0, "load": 1, "delete": 1, "compare": 2, "adopt": 1}


def configure(parser) -> None:
    parser.add_argument("action", choices=ACTIONS, metavar="ACTION", help=f"one of: {', '.join(ACTIONS)}")
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="the version's name (compare: two names; current or 当前 is the current plan)")
    parser.add_argument("--note", default="", help="save: a note kept with the version")
    parser.add_argument("--out", default=None, metavar="FILE.xlsx", help="compare: also write the comparison to Excel")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file
    from layers.errors import InputError

    needed = NAMES_NEEDED[args.action]
    if len(args.names) != needed:
        what = {0: "no name", 1: "one NAME", 2: "two names, A and B"}[needed]
        raise InputError("bad_option", f"plan {args.action} takes {what}, got {len(args.names)}")
    if args.out is not None and args.action != "compare":
        raise InputError("bad_option", "--out: only plan compare writes a file")
    out = output_file(args.out, ".xlsx", args.project) if args.out else None
    project = open_project(args.project)
    if args.action == "list":
        return _list(project, ctx)
    if args.action == "compare":
        return _compare(project, args.names[0], args.names[1], out, ctx)
    return _change(project, args.action, args.names[0], args.note, ctx)


def _list(project, ctx) -> dict:
    from gisdesk.services.plans import list_versions

    versions = list_versions(project)
    if not versions:
        ctx.info("项目中没有保存的方案版本（plan save 保存当前方案）")
    for v in versions:
        adopted = f"，{v.adopted_at[:10]}采用" if v.adopted else ""
        note = f"：{v.note}" if v.note else ""
        ctx.info(f"{v.name}（{v.created[:16].replace('T', ' ')}{adopted}）警务室{v.offices}个，"
                 f"工作站{v.workstations}个，行政村{v.villages}个{note}")
    return {"project": str(project.path), "versions": [v.as_dict() for v in versions]}


def _compare(project, a: str, b: str, out, ctx) -> dict:
    from gisdesk.services.plans import compare_plans

    comparison = compare_plans(project, a, b)
    summary = {"project": str(project.path), **comparison.as_dict()}
    if out is not None:
        from gisdesk.services.plans.workbook import write_comparison

        summary["sheets"] = write_comparison(project, comparison, out)
        summary["out"] = str(out)
    sa, sb = comparison.a, comparison.b
    km = lambda v: "未知" if v is None else f"{v:.2f}"  # noqa: E731
    ctx.info(f"方案A {sa.name}：警务室{sa.offices}个，工作站{sa.workstations}个，平均{km(sa.mean_km)}公里，"
             f"最远{km(sa.max_km)}公里，违规{sa.violations}条")
    ctx.info(f"方案B {sb.name}：警务室{sb.offices}个，工作站{sb.workstations}个，平均{km(sb.mean_km)}公里，"
             f"最远{km(sb.max_km)}公里，违规{sb.violations}条")
    ctx.info(f"变更村{len(comparison.villages_changed)}个，新增警务室{len(comparison.offices_added)}个，"
             f"撤销警务室{len(comparison.offices_removed)}个")
    for c in comparison.villages_changed[:20]:
        ctx.info(f"  {c['village']}：{c['office_a'] or '-'} → {c['office_b'] or '-'}")
    if len(comparison.villages_changed) > 20:
        ctx.info(f"  …另有{len(comparison.villages_changed) - 20}个（--json 列出全部）")
    if out is not None:
        ctx.info(f"已写入 {out}")
    return summary


def _change(project, action: str, name: str, note: str, ctx) -> dict:
    from gisdesk.services import plans
    from layers.edits import CommandStack
    from layers.locking import ProjectLock

    summary: dict = {"project": str(project.path), "version": name}
    with ProjectLock(project.path.resolve()):
        if action == "save":
            command = plans.save_command(project, name, note)
        elif action == "load":
            command = plans.load_command(project, name)
        elif action == "delete":
            command = plans.delete_command(project, name)
        else:
            adoption = plans.adopt(project, name)
            command = adoption.command
            summary.update(adoption.as_dict())
        CommandStack(project).push(command)
        project.save()
    if action == "save":
        version = next(v for v in plans.list_versions(project) if v.name == name)
        summary.update({"saved": version.as_dict()})
        ctx.info(f"已保存方案版本 {name}：警务室{version.offices}个，工作站{version.workstations}个")
    elif action == "load":
        summary["loaded"] = {layer: int(len(project[layer])) for layer in ("plan_offices", "plan_workstations",
                                                                           "plan_assignment")}
        ctx.info(f"已载入方案版本 {name} 为当前方案")
    elif action == "delete":
        summary["deleted"] = name
        ctx.info(f"已删除方案版本 {name}")
    else:
        ctx.info(f"已采用方案版本 {name}：新设站点{len(summary['opened'])}个，撤销{len(summary['closed'])}个，"
                 f"保留{summary['kept']}个")
    return summary
