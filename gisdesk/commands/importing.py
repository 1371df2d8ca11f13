"""``import PROJECT.gpkg LAYER FILE``: add a planner's file to a layer of the project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gisdesk.messages import language, tr
from layers.errors import InputError

LAYER_NAMES = (
    "villages", "units", "posts", "key_sites", "roads", "boundaries", "grids", "grid_members",
    "officers", "assignments", "plan_offices", "plan_workstations", "plan_assignment",
)

EPILOG = """\
Columns are recognised by their Chinese or English names (代码/区划代码/code, 名称/村名/name,
经度/lon, 纬度/lat, 人口/常住人口/population, 户数/households, 城乡分类代码 -> area_type, ...)
and Chinese values are understood (派出所, 警务室, 国道, 县道, 农村, 村委会, 小学 ...).
Name a column yourself with --field TARGET=SOURCE, where SOURCE is the column's header or
its number counted from 1; TARGET is a column of the layer or lon, lat or wkt.

Coordinates: the file's own CRS; without one, longitude/latitude are taken as CGCS2000
(EPSG:4490). --crs overrides: an EPSG code (4490, 4326, 3857, 4527 = GK zone 39 with zone
prefix, 4548 = GK 117E without), or gcj02 (Amap, Tencent) or bd09 (Baidu).

A file with a bad row is refused whole and the project is left unchanged; --skip-invalid
imports the good rows and lists the others.

Examples:
  main.py import city.gpkg villages 行政村.xlsx --crs gcj02
  main.py import city.gpkg roads roads.shp --replace
  main.py import city.gpkg villages list.csv --no-header --field code=1 --field name=3 \\
      --field lon=13 --field lat=14 --crs gcj02 --set area_type=rural
  # the statistics bureau / adcode hierarchy CSV (code,parent,name,level,rank,...; no
  # header, GCJ-02) is recognised as it is; villages without coordinates are reported:
  main.py import city.gpkg villages adcode_411426.csv --skip-invalid
  main.py import city.gpkg villages adcode_411426.csv --where level=town
  # the bureau's roster (警号, 姓名, 联系电话, 人员类别 民警/辅警, 所属派出所, 警务室):
  main.py import city.gpkg officers 花名册.xlsx

OpenStreetMap is recognised by its layout: Geofabrik's free shapefiles (gis_osm_roads_free_1,
gis_osm_places_free_1, gis_osm_pois_free_1 and the _a area files) or a raw .osm/.osm.pbf.
Roads get road classes (motorway -> expressway ... residential -> urban), footways and paths
are left out and counted, one-way and speed limits are read; places become villages, POIs key
sites (unknown kinds: category other), police stations posts. Amap/Baidu POI exports (name,
type 大类;中类;小类, location) map by their type. --clip county reads only the project's county.
A village list without coordinates is placed by name against OSM places and the key sites
(村委会, 卫生室, 小学 named after the village); ambiguous and unmatched villages are listed, never
invented, and not imported: place them by clicking in the window.
  main.py new 夏邑.gpkg
  main.py import 夏邑.gpkg roads gis_osm_roads_free_1.shp --clip county
  main.py import 夏邑.gpkg key_sites gis_osm_pois_free_1.shp --clip county
  main.py import 夏邑.gpkg posts gis_osm_pois_free_1.shp --clip county
  main.py import 夏邑.gpkg villages 行政村.xlsx --match gis_osm_places_free_1.shp
  main.py import 夏邑.gpkg roads henan-latest.osm.pbf --clip 115.9,34.0,116.5,34.5
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("project", help="the project GeoPackage")
    parser.add_argument("layer", choices=LAYER_NAMES, metavar="LAYER", help=f"one of: {', '.join(LAYER_NAMES)}")
    parser.add_argument("file", help="Shapefile (.shp), GeoPackage, GeoJSON, CSV, XLSX or OpenStreetMap (.osm, .osm.pbf)")
    parser.add_argument("--encoding", help="text encoding (default: .cpg, else UTF-8 if valid, else GBK/GB18030)")
    parser.add_argument("--crs", help="coordinate system of the file: EPSG code, gcj02 or bd09")
    parser.add_argument(
        "--field", action="append", default=[], metavar="TARGET=SOURCE",
        help="take layer column TARGET (or lon/lat/wkt) from column SOURCE (header or number from 1)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="COLUMN=VALUE", dest="values",
        help="give COLUMN this value in every imported row (e.g. --set station=S01)",
    )
    parser.add_argument(
        "--where", action="append", default=[], metavar="COLUMN=VALUE[,VALUE]",
        help="import only rows whose COLUMN has one of these values (e.g. --where level=town)",
    )
    parser.add_argument("--skip-invalid", action="store_true", help="import the good rows, list the bad ones")
    parser.add_argument("--replace", action="store_true", help="replace the layer's rows instead of appending")
    parser.add_argument(
        "--clip", metavar="county|MINX,MINY,MAXX,MAXY",
        help="read only what lies in the project's county boundary (or this lon/lat box): for province-size files",
    )
    parser.add_argument(
        "--match", metavar="FILE",
        help="villages without coordinates: place them by name against the places/POIs of FILE "
             "(the project's key sites and OSM places are always used)",
    )
    parser.add_argument("--source-layer", help="GeoPackage: which layer of FILE (default: the first)")
    parser.add_argument("--sheet", help="XLSX: sheet name or number (default: the first)")
    header = parser.add_mutually_exclusive_group()
    header.add_argument("--no-header", dest="header", action="store_false", default=None,
                        help="CSV/XLSX: the first row is data; columns are numbered 1, 2, ...")
    header.add_argument("--header", dest="header", action="store_true",
                        help="CSV/XLSX: the first non-empty row is the header (default: detected)")


def _pairs(options: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for opt in options:
        key, sep, value = opt.partition("=")
        if not sep or not key.strip():
            raise InputError("bad_option", f"{option}: expected NAME=VALUE, got {opt!r}")
        out[key.strip()] = value.strip()
    return out


def run(args: argparse.Namespace, ctx) -> dict:
    from gisdesk.commands._common import existing_file
    from gisdesk.import_report import fact_lines
    from layers.importing import ImportOptions, import_into_project
    from layers.importing.fields import parse_field_options

    project = Path(args.project)
    if project.exists():
        project = existing_file(args.project, "project")
    elif not project.parent.is_dir():
        raise InputError("no_folder", "folder does not exist", file=str(project))
    elif project.suffix.lower() != ".gpkg":
        raise InputError("not_found", "project not found (a new project file must end in .gpkg)", file=str(project))
    source = existing_file(args.file)
    if args.match:
        existing_file(args.match)
    options = ImportOptions(
        encoding=args.encoding,
        crs=args.crs,
        fields=parse_field_options(args.field),
        skip_invalid=args.skip_invalid,
        replace=args.replace,
        source_layer=args.source_layer,
        sheet=args.sheet,
        header=args.header,
        where=list(args.where),
        values=_pairs(args.values, "--set"),
        clip=args.clip,
        match=args.match,
    )
    ctx.progress(0.0, f"reading {source.name}")
    result = import_into_project(project, args.layer, source, options)
    ctx.progress(1.0, f"{result.imported} rows added to {args.layer}")
    _report(result)
    summary = result.summary()
    summary["project"] = str(project)
    summary["mode"] = "replace" if args.replace else "append"
    colon = ": " if language() == "en" else "："
    for line in fact_lines(result):
        print(f"{result.file}{colon}{line}", file=sys.stderr)
    if not ctx.json:
        ctx.info(
            tr("{file}: {n} row{s} imported into {layer}", file=result.file, n=result.imported,
               s="" if result.imported == 1 else "s", layer=args.layer)
            + (tr(", {n} skipped", n=len(result.skipped)) if result.skipped else "")
            + (tr(" (coordinate system {crs})", crs=result.crs) if result.crs else "")
        )
    return summary


def _report(result, limit: int = 20) -> None:
    """Skipped rows and warnings on stderr, the first ``limit`` of each, in the user's language."""
    from gisdesk.refusals import reason

    for title, lines in (
        ("skipped", [f"row {s['row']}: {s['reason']}" for s in result.skipped]),
        ("warning", list(result.warnings)),
    ):
        for line in lines[:limit]:
            print(tr(f"{{file}}: {title}: {{line}}", file=result.file, line=reason(line)), file=sys.stderr)
        if len(lines) > limit:
            print(f"{result.file}: " + tr("... and {n} more {title} lines", n=len(lines) - limit, title=tr(title)),
                  file=sys.stderr)

