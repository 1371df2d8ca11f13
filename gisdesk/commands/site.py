"""``site PROJECT``: propose police offices (one per 5-8 villages) and workstations.

Writes the plan layers (``layers.schema.PLAN_LAYERS``) in one atomic save and records
the parameters, through the same undoable command the window accepts a proposal with;
the project is untouched when anything fails.
"""

from __future__ import annotations


def configure(parser) -> None:
    from gisdesk.commands._common import add_standard_options, add_worker_options

    parser.add_argument("project", help="project GeoPackage")
    add_standard_options(parser, "--min-villages", "--max-villages")
    parser.add_argument("--offices", type=int, default=None, help="total number of offices (default: the fewest the rule allows)")
    parser.add_argument("--keep-existing", action="store_true", help="keep the existing offices of the posts layer")
    parser.add_argument("--max-km", type=float, default=None, help="no village farther than this from its office (km)")
    parser.add_argument("--cover-minutes", type=float, default=None,
                        help="response time: the fewest offices (5-8 villages each, per station) so that every "
                             "village is within this many minutes of its office by road; the villages that "
                             "cannot be are listed by name")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="outer ceiling in seconds for one station's office count; each stops when proven "
                             "or after counted work, so the plan does not depend on the machine unless this "
                             "ceiling is reached (default: 120 s + 2 s per village of the station)")
    add_standard_options(parser, "--min-offices-per-station")
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

    add_worker_options(parser)

def run(args, ctx) -> dict:
    from gisdesk.commands._common import named_options, open_project, workers_from
    from gisdesk.services.siting import SitingParams, propose_sites, siting_command
    from layers.edits import CommandStack
    from layers.locking import ProjectLock
    from layers.schema import SITING_INPUTS

    extra = {"categories": _categories(args.categories)} if args.categories else {}
    with named_options():  # SitingParams checks the options; its refusal names the option, exit 2
        params = SitingParams.from_options(
            min_villages=args.min_villages,
            max_villages=args.max_villages,
            offices=args.offices,
            keep_existing=args.keep_existing,
            max_km=args.max_km,
            cover_minutes=args.cover_minutes,
            time_limit=args.time_limit,
            min_offices_per_station=args.min_offices_per_station,
            min_offices_all_stations=args.min_offices_all_stations,
            seed=args.seed,
            tradeoff=not args.no_tradeoff,
            **extra,
        )
    workers = workers_from(args)
    project = open_project(args.project, validate=SITING_INPUTS, unknown_ok=("population",))
    with ProjectLock(project.path.resolve()):  # save() locks the resolved path: same lock
        result = propose_sites(project, params, progress=ctx.progress, cancel=ctx.cancel, workers=workers)
        ctx.progress(0.99, "saving")
        CommandStack(project).push(siting_command(result))
        project.save()
    s = result.summary()
    _print(ctx, result, s, project)
    return s


def _categories(text: str) -> tuple[str, ...]:
    """``--categories`` as names (commas, Chinese commas too); SitingParams checks them."""
    return tuple(c.strip() for c in text.replace("，", ",").split(",") if c.strip())


def _print(ctx, result, s: dict, project=None) -> None:
    from gisdesk.messages import pad as _pad
    from gisdesk.messages import tr
    from gisdesk.messages import width as _width
    from gisdesk.services.siting.response_times import share_text
    from layers.lookups import DisplayNames

    offices = result.offices
    ctx.info(tr("{offices} offices ({kept} existing), {workstations} workstations, {villages} villages; distances: {model}",
                offices=s["offices"], kept=s["existing_kept"], workstations=s["workstations"], villages=s["villages"],
                model=s["distance_model"]))
    weighted = tr("unknown") if s["mean_km"] is None else f"{s['mean_km']:.2f} km"
    ctx.info(tr("mean distance: {weighted} population-weighted, {plain} km per village; max {max} km; objective "
                "{objective}, bound {bound}, gap {gap}; {seconds} s", weighted=weighted,
                plain=f"{s['mean_km_plain']:.2f}", max=f"{s['max_km']:.2f}", objective=f"{s['objective']:.0f}",
                bound=f"{s['lower_bound']:.0f}", gap=f"{s['gap']:.2%}", seconds=f"{s['seconds']:.1f}"))
    if s["unknown_population"]:
        ctx.info(tr("{n} villages of unknown population: weight 1 in the objective, left out of the weighted mean",
                    n=s["unknown_population"]))
    names = DisplayNames(project) if project is not None else None
    if len(offices):
        rows = []
        for st, g in offices.groupby("station", sort=True):
            w = g["population"].clip(lower=1)
            mean = float((g["mean_km"] * w).sum() / w.sum())
            rows.append((names.station(st) if names else st, len(g), int(g["villages"].sum()),
                         int(g["population"].sum()), mean, float(g["max_km"].max())))
        width = max(_width(r[0]) for r in rows) + 2
        head = [tr("station"), tr("offices"), tr("villages"), tr("population"), tr("mean km"), tr("max km")]
        ctx.info(_pad(head[0], width) + "".join(_pad(h, n, right=True) for h, n in zip(head[1:], (8, 9, 12, 10, 10),
                                                                                          strict=True)))
        for name, n, villages, population, mean, top in rows:
            ctx.info(f"{_pad(name, width)}{n:>8}{villages:>9}{population:>12,}{mean:>10.2f}{top:>10.2f}")
    if s["tradeoff"]:
        within = [tr("within {m} min", m=m) for m in ("10", "15", "20")]
        ctx.info(f"{_pad(tr('offices'), 8, right=True)}  {_pad(tr('mean km'), 9, right=True)}  "
                 f"{_pad(tr('per village'), 11, right=True)}  {_pad(tr('max km'), 9, right=True)}"
                 + "".join(f"  {_pad(w, 11, right=True)}" for w in within))
        for t in s["tradeoff"]:
            mean_text = "-" if t["mean_km"] is None else f"{t['mean_km']:.2f}"
            note = "  " + tr("worse than fewer offices (the 5-8 rule forces it)") if t.get("worse_than_fewer") else ""
            shares = "".join(f"  {share_text(t.get('covered_minutes', {}).get(m)):>11}" for m in ("10", "15", "20"))
            ctx.info(f"{t['offices']:>8}  {mean_text:>9}  {t['mean_km_plain']:>11.2f}  {t['max_km']:>9.2f}{shares}{note}")
    if s.get("covered_minutes"):
        ctx.info(tr("villages (population) within 10 / 15 / 20 minutes of their office: {shares}",
                    shares=" / ".join(share_text(s["covered_minutes"].get(m)) for m in ("10", "15", "20"))))
    if "cover_minutes" in s:
        proven = tr("proven the fewest") if s["cover_proven"] else tr("not proven the fewest in the time limit")
        if s["uncovered"]:
            ctx.info(tr("response time {m} min: {n} villages cannot be reached within it ({proven}):",
                        m=f"{s['cover_minutes']:g}", n=len(s["uncovered"]), proven=proven))
            for u in s["uncovered"][:50]:
                mins = "-" if u["minutes"] is None else f"{u['minutes']:.1f}"
                ctx.info(f"  {u['name']}  {u['township'] or '-'}  {u['village']}  {mins} " + tr("min"))
            if len(s["uncovered"]) > 50:
                ctx.info(tr("... and {n} more villages (see --json)", n=len(s["uncovered"]) - 50))
        else:
            ctx.info(tr("response time {m} min: every village within it ({proven})", m=f"{s['cover_minutes']:g}",
                        proven=proven))
    for e in s["exceptions"][:30]:
        station = (names.station(e["station"]) if names is not None and e["station"] else e["station"]) or "-"
        ctx.info(f"  ! {station}: {tr(e['reason'])}")
    if len(s["exceptions"]) > 30:
        ctx.info(tr("... and {n} more exceptions (see --json)", n=len(s["exceptions"]) - 30))
