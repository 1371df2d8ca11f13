"""``site PROJECT``: propose police offices (one per 5-8 villages) and workstations.

Writes the plan layers (``layers.schema.PLAN_LAYERS``) in one atomic save and records
the parameters, through the same undoable command the window accepts a proposal with;
the project is untouched when anything fails.
"""

from __future__ import annotations


def configure(parser) -> None:
    from layers.standard import Standard

    bureau = Standard()
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--min-villages", type=int, default=bureau.min_villages,
                        help=f"fewest villages per rural office ({bureau.min_villages})")
    parser.add_argument("--max-villages", type=int, default=bureau.max_villages,
                        help=f"most villages per rural office ({bureau.max_villages})")
    parser.add_argument("--offices", type=int, default=None, help="total number of offices (default: the fewest the rule allows)")
    parser.add_argument("--keep-existing", action="store_true", help="keep the existing offices of the posts layer")
    parser.add_argument("--max-km", type=float, default=None, help="no village farther than this from its office (km)")
    parser.add_argument("--time-limit", type=float, default=None, help="solver seconds for the whole project")
    parser.add_argument("--min-offices-per-station", type=int, default=bureau.min_offices,
                        help=f"offices a remote station gets at least ({bureau.min_offices})")
    parser.add_argument("--min-offices-all-stations", action="store_true",
                        help="every station gets --min-offices-per-station, not only the remote ones")
    parser.add_argument(
        "--categories",
        default=None,
        help="key-site categories an office may use, best first, comma separated "
        "(default village_office,service_center,culture_square,residential_compound,school,hospital)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-tradeoff", action="store_true", help="skip the offices-versus-distance curve")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import named_options, open_project
    from gisdesk.services.siting import SitingParams, propose_sites, siting_command
    from layers.edits import CommandStack
    from layers.locking import ProjectLock
    from layers.schema import SITING_INPUTS

    extra = {"categories": _categories(args.categories)} if args.categories else {}
    with named_options():  # SitingParams checks the options; its refusal names the option, exit 2
        params = SitingParams(
            min_villages=args.min_villages,
            max_villages=args.max_villages,
            offices=args.offices,
            keep_existing=args.keep_existing,
            max_km=args.max_km,
            time_limit=args.time_limit,
            min_offices_per_station=args.min_offices_per_station,
            min_offices_all_stations=args.min_offices_all_stations,
            seed=args.seed,
            tradeoff=not args.no_tradeoff,
            **extra,
        )
    project = open_project(args.project, validate=SITING_INPUTS, unknown_ok=("population",))
    with ProjectLock(project.path.resolve()):  # save() locks the resolved path: same lock
        result = propose_sites(project, params, progress=ctx.progress, cancel=ctx.cancel)
        ctx.progress(0.99, "saving")
        CommandStack(project).push(siting_command(result))
        project.save()
    s = result.summary()
    _print(ctx, result, s)
    return s


def _categories(text: str) -> tuple[str, ...]:
    """``--categories`` as names (commas, Chinese commas too); SitingParams checks them."""
    return tuple(c.strip() for c in text.replace("，", ",").split(",") if c.strip())


def _print(ctx, result, s: dict) -> None:
    offices = result.offices
    ctx.info(
        f"{s['offices']} offices ({s['existing_kept']} existing), {s['workstations']} workstations, "
        f"{s['villages']} villages; distances: {s['distance_model']}"
    )
    weighted = "人口未知 unknown" if s["mean_km"] is None else f"{s['mean_km']:.2f} km"
    ctx.info(
        f"平均路程 mean: 按人口加权 {weighted} population-weighted, 按村 {s['mean_km_plain']:.2f} km per village; "
        f"max {s['max_km']:.2f} km; objective {s['objective']:.0f}, "
        f"bound {s['lower_bound']:.0f}, gap {s['gap']:.2%}; {s['seconds']:.1f} s"
    )
    if s["unknown_population"]:
        ctx.info(
            f"人口未知的村 {s['unknown_population']} 个: 目标中按 1 人计, 不计入加权平均 "
            f"({s['unknown_population']} villages of unknown population: weight 1 in the objective, "
            "left out of the weighted mean)"
        )
    if len(offices):
        ctx.info(f"{'station':<14}{'offices':>8}{'villages':>9}{'population':>12}{'mean km':>9}{'max km':>8}")
        for st, g in offices.groupby("station", sort=True):
            w = g["population"].clip(lower=1)
            mean = float((g["mean_km"] * w).sum() / w.sum())
            ctx.info(f"{st:<14}{len(g):>8}{int(g['villages'].sum()):>9}{int(g['population'].sum()):>12}{mean:>9.2f}{g['max_km'].max():>8.2f}")
    if s["tradeoff"]:
        ctx.info("offices  mean km  per village  max km")
        for t in s["tradeoff"]:
            mean = "-" if t["mean_km"] is None else f"{t['mean_km']:.2f}"
            note = "  比少一个警务室还差 worse than fewer offices (the 5-8 rule forces it)" if t.get("worse_than_fewer") else ""
            ctx.info(f"{t['offices']:>7}  {mean:>7}  {t['mean_km_plain']:>11.2f}  {t['max_km']:>6.2f}{note}")
    for e in s["exceptions"][:30]:
        ctx.info(f"  ! {e['station'] or '-'}: {e['reason']}")
    if len(s["exceptions"]) > 30:
        ctx.info(f"  ... and {len(s['exceptions']) - 30} more exceptions (see --json)")
