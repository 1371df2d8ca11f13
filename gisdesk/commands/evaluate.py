"""``evaluate PROJECT --at LON,LAT``: what a new office there would change.

The road network snapped to the villages is kept in the per-user cache folder
(:mod:`gisdesk.services.siting.context_store`), so repeated runs on an unchanged project
skip rebuilding it; ``--no-cache`` neither reads nor writes it.
"""

from __future__ import annotations


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--at", required=True, help="LON,LAT of the new office")
    parser.add_argument("--crs", default=None, help="coordinate system of --at: EPSG code, gcj02 or bd09 (default EPSG:4490)")
    parser.add_argument("--within-km", type=float, default=5.0, help="coverage distance in km (5)")
    parser.add_argument("--within-minutes", type=float, default=None, help="also count coverage within this travel time")
    parser.add_argument("--no-cache", action="store_true", help="rebuild the road network instead of using the cached one")


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
    s = result.summary()
    s["seconds"] = round(ctx.elapsed(), 3)
    ctx.info(
        f"new office at {lon:.6f},{lat:.6f} (station {s['station'] or '-'}, {s['off_road_m']:.0f} m off road), "
        f"compared with the {'proposed plan' if s['compared_with'] == 'plan' else 'existing offices'}"
    )
    moved = s["villages_moved"]
    ctx.info(f"villages moving to it: {len(moved)}" + (f" ({', '.join(moved[:12])}{' ...' if len(moved) > 12 else ''})" if moved else ""))
    ctx.info(f"{'':<22}{'before':>10}{'after':>10}")
    ctx.info(f"{'mean km':<22}{s['mean_km_before']:>10.2f}{s['mean_km_after']:>10.2f}")
    ctx.info(f"{'max km':<22}{s['max_km_before']:>10.2f}{s['max_km_after']:>10.2f}")
    cb, ca = s["covered_before"], s["covered_after"]
    ctx.info(f"{'villages within ' + format(args.within_km, 'g') + ' km':<22}{cb['villages']:>10}{ca['villages']:>10}")
    ctx.info(f"{'people within ' + format(args.within_km, 'g') + ' km':<22}{cb['population']:>10}{ca['population']:>10}")
    if "within_minutes" in s:
        mb, ma = s["covered_minutes_before"], s["covered_minutes_after"]
        label = f"villages within {args.within_minutes:g} min"
        ctx.info(f"{label:<22}{mb['villages']:>10}{ma['villages']:>10}")
    for code in s["load_after"]:
        b = s["load_before"].get(code, {"villages": 0})
        ctx.info(f"  office {code}: {b['villages']} -> {s['load_after'][code]['villages']} villages")
    return s


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
    here = gpd.GeoSeries([Point(lon, lat)], crs=villages.crs).to_crs(epsg=epsg).iloc[0]
    nearest_km = float(villages.geometry.to_crs(epsg=epsg).distance(here).min()) / 1000.0
    if not nearest_km < 50.0:
        raise InputError("outside_project", f"--at: {text} is {nearest_km:,.0f} km from the nearest village of the project")
