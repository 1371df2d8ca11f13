"""``evaluate PROJECT --at LON,LAT [--apply]``: what a new office there would change.

Two answers: the villages for which the new office is nearest move to it (the 5-8 rule
ignored), and its station solved again with it fixed as an office under the 5-8 rule
(``resolved``). ``--apply`` takes that re-solved station into the plan as one undoable
command (the same one the window's Accept pushes) and saves.

The road network snapped to the villages is kept in the per-user cache folder
(:mod:`gisdesk.services.siting.context_store`), so repeated runs on an unchanged project
skip rebuilding it; ``--no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import math

from gisdesk.messages import pad as _pad


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--at", required=True, help="LON,LAT of the new office")
    parser.add_argument("--crs", default=None, help="coordinate system of --at: EPSG code, gcj02 or bd09 (default EPSG:4490)")
    parser.add_argument("--within-km", type=float, default=5.0, help="coverage distance in km (5)")
    parser.add_argument("--within-minutes", type=float, default=None, help="also count coverage within this travel time")
    parser.add_argument("--no-cache", action="store_true", help="rebuild the road network instead of using the cached one")
    parser.add_argument("--apply", action="store_true",
                        help="take the station re-solved with this office into the plan (undoable in the window)")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, parse_lonlat
    from gisdesk.services.siting import SitingContext, evaluate_point
    from gisdesk.services.siting.context_store import cached_context, remember
    from gisdesk.services.siting.evaluate import check_options

    x, y = parse_lonlat(args.at)
    check_options(args.within_km, args.within_minutes)  # before the road network is built
    lon, lat = _to_project_crs(x, y, args.crs)

    project = open_project(args.project)
    _check_inside(project, lon, lat, args.at)
    ctx.progress(0.1, "road network")
    context = SitingContext(project) if args.no_cache else cached_context(project)
    result = evaluate_point(
        project, lon, lat, within_km=args.within_km, within_minutes=args.within_minutes, context=context
    )
    if not args.no_cache:
        remember(context)  # with the distance blocks this run computed
    if args.apply:
        _apply(project, context, result, args.project)
    s = result.summary()
    s["applied"] = bool(args.apply)
    s["seconds"] = round(ctx.elapsed(), 3)
    _print(ctx, project, s, lon, lat, args)
    return s


def _apply(project, context, result, path: str) -> None:
    """The re-solved station into the plan: one command on the project's stack, saved atomically."""
    from gisdesk.services.siting.resolve import resolved_command
    from layers.edits import CommandStack
    from layers.errors import InputError
    from layers.locking import ProjectLock

    if result.station_plan is None:
        why = (result.resolved or {}).get("error", "the station could not be solved again")
        raise InputError("cannot_apply", f"--apply: {why}", file=path)
    try:
        command = resolved_command(project, context, result.station_plan, text="Accept evaluated office")
    except ValueError as exc:
        raise InputError("cannot_apply", f"--apply: {exc}", file=path, layer="plan_offices") from exc
    with ProjectLock(project.path.resolve()):
        CommandStack(project).push(command)
        project.save()


def _print(ctx, project, s: dict, lon: float, lat: float, args) -> None:
    """The comparison in the user's language, stations, offices and villages by name."""
    from gisdesk.messages import tr
    from gisdesk.services.siting.response_times import share_text
    from layers.lookups import DisplayNames

    names = DisplayNames(project)
    ctx.info(tr("new office at {lon},{lat} (station {station}, {off} m off road), compared with the {what}",
                lon=f"{lon:.6f}", lat=f"{lat:.6f}", station=names.station(s["station"]) or "-",
                off=f"{s['off_road_m']:.0f}",
                what=tr("proposed plan" if s["compared_with"] == "plan" else "existing offices")))
    moved = s["villages_moved"]
    listed = "、".join(names.name("village", c) or c for c in moved[:12]) + ("…" if len(moved) > 12 else "")
    ctx.info(tr("villages moving to it: {n}", n=len(moved)) + (f" ({listed})" if moved else ""))
    cb, ca = s["covered_before"], s["covered_after"]
    rows = [(tr("mean km"), f"{s['mean_km_before']:.2f}", f"{s['mean_km_after']:.2f}"),
            (tr("max km"), f"{s['max_km_before']:.2f}", f"{s['max_km_after']:.2f}"),
            (tr("villages within {km} km", km=format(args.within_km, "g")), cb["villages"], ca["villages"]),
            (tr("people within {km} km", km=format(args.within_km, "g")), f"{cb['population']:,}",
             f"{ca['population']:,}")]
    if "within_minutes" in s:
        mb, ma = s["covered_minutes_before"], s["covered_minutes_after"]
        rows.append((tr("villages within {min} min", min=format(args.within_minutes, "g")), mb["villages"],
                     ma["villages"]))
    for m, share in s.get("covered_minutes", {}).items():
        rows.append((tr("within {min} min: villages (people)", min=m), share_text(share["before"]),
                     share_text(share["after"])))
    ctx.info(_pad("", 22) + _pad(tr("before"), 10, right=True) + _pad(tr("after"), 10, right=True))
    for label, before, after in rows:
        ctx.info(_pad(label, 22) + _pad(str(before), 10, right=True) + _pad(str(after), 10, right=True))
    for code in s["load_after"]:
        b = s["load_before"].get(code, {"villages": 0})
        office = tr("new office") if code == "NEW" else names.office(code)
        ctx.info("  " + tr("{office}: {before} -> {after} villages", office=office, before=b["villages"],
                            after=s["load_after"][code]["villages"]))
    _print_resolved(ctx, s["resolved"], args.apply, names)


def _print_resolved(ctx, r: dict | None, applied: bool, names) -> None:
    from gisdesk.messages import tr

    if not r:
        return
    if "error" in r:
        ctx.info(tr("re-solved under the rule: not possible: {why}", why=r["error"]))
        return
    ctx.info(tr("station {station} re-solved under the rule ({offices} offices of {lo}-{hi} villages, the new office "
                "fixed, {seconds} s, gap {gap}):", station=names.station(r["station"]), offices=r["offices"],
                lo=r["min_villages"], hi=r["max_villages"], seconds=f"{r['seconds']:.1f}", gap=f"{r['gap']:.2%}"))
    served = "、".join(names.name("village", c) or c for c in r["new_office_villages"])
    ctx.info("  " + tr("the new office serves {n} villages: {names}", n=len(r["new_office_villages"]), names=served))
    ctx.info("  " + tr("villages changing office: {n}", n=len(r["villages_moved"])))
    ctx.info("  " + _pad(tr("station mean km"), 20) + f"{r['mean_km_before']:>10.2f}{r['mean_km_after']:>10.2f}")
    ctx.info("  " + _pad(tr("station max km"), 20) + f"{r['max_km_before']:>10.2f}{r['max_km_after']:>10.2f}")
    ctx.info("  " + tr("office sizes {sizes}, contiguous: {contiguous}", sizes=r["office_sizes"],
                       contiguous=tr("yes" if r["contiguous"] else "no")))
    ctx.info("  " + tr("applied to the plan and saved" if applied else "evaluate --apply takes it into the plan"))


def _to_project_crs(x: float, y: float, crs: str | None) -> tuple[float, float]:
    if crs is None:
        return x, y
    import geopandas as gpd
    import shapely

    from layers.importing.source_crs import parse_crs, to_project_crs

    source = parse_crs(crs)
    pt = to_project_crs(gpd.GeoSeries([shapely.Point(x, y)]), source).iloc[0]
    return float(pt.x), float(pt.y)


def _check_inside(project, lon: float, lat: float, text: str) -> None:
    """Refuse a point far outside the project's villages (a typo, or swapped coordinates)."""
    import geopandas as gpd
    from shapely.geometry import Point

    from layers.errors import InputError

    villages = project["villages"]
    if len(villages) == 0:
        raise InputError("empty", "no villages to evaluate against", file=str(project.path), layer="villages")
    epsg = project.metric_epsg()
    nearest_km = math.nan
    if math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90:
        here = gpd.GeoSeries([Point(lon, lat)], crs=villages.crs).to_crs(epsg=epsg).iloc[0]
        nearest_km = float(villages.geometry.to_crs(epsg=epsg).distance(here).min()) / 1000.0
    if not math.isfinite(nearest_km):
        raise InputError("bad_option", f"--at: {text} is not a place in this coordinate system "
                                       "(longitude -180 to 180, latitude -90 to 90)")
    if not nearest_km < 50.0:
        raise InputError("outside_project", f"--at: {text} is {nearest_km:,.0f} km from the nearest village of the project")
