"""``print PROJECT --out FILE.pdf``: the beat-map atlas (警务区图), all of it or a selection."""

from __future__ import annotations


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the PDF to write")
    parser.add_argument("--by", choices=("grid", "office", "station"), default="grid", help="one page per ... (grid)")
    parser.add_argument("--paper", choices=("A4", "A3"), default="A4")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default=None,
                        help="page orientation (A4 portrait, A3 landscape)")
    parser.add_argument("--station", metavar="CODE", help="only this station (its overview and its pages)")
    parser.add_argument("--grid", metavar="CODE", nargs="+", default=[], help="only these grids")
    parser.add_argument("--office", metavar="CODE", nargs="+", default=[], help="only these offices")
    parser.add_argument("--basemap", metavar="MBTILES|URL",
                        help="draw this basemap under the maps (an .mbtiles file or an XYZ URL template)")
    parser.add_argument("--png", metavar="DIR", help="also write each page as a PNG into DIR")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")
    parser.add_argument("--dpi", type=int, default=300, help="PDF resolution for map symbols (300)")


def selection(args):
    """The pages the options ask for (``--grid``/``--office`` set ``--by`` when it is not given)."""
    from maps.print.pages import Selection

    return Selection(stations=(args.station,) if args.station else (), grids=tuple(args.grid),
                     offices=tuple(args.office))


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file, output_folder
    from layers.errors import InputError

    if not 72 <= args.dpi <= 1200:
        raise InputError("bad_option", f"--dpi: must be between 72 and 1200, got {args.dpi}")
    project = open_project(args.project)
    out = output_file(args.out, ".pdf", args.project)
    from gisdesk.ui.headless import qt_application
    from maps.print import write_atlas
    from maps.print.pages import PagePlanner

    chosen = selection(args)
    planner = PagePlanner(project, project.metric_epsg())
    for option, code in planner.unknown(chosen):
        raise InputError("bad_option", f"--{option}: no {option} {code} in the project", file=args.project)
    by = args.by
    if chosen.offices and not chosen.grids:
        by = "office"
    png_dir = output_folder(args.png, "--png") if args.png else None
    basemap = _basemap(args.basemap) if args.basemap else None
    app = qt_application()  # noqa: F841 - QPdfWriter needs a Qt application
    try:
        result = write_atlas(project, out, by=by, paper_name=args.paper, orientation=args.orientation,
                             personal=not args.no_personal, png_dir=png_dir, dpi=args.dpi, progress=ctx.progress,
                             selection=chosen, basemap=basemap)
    finally:
        if basemap is not None:
            basemap.shutdown()
    if result.pages == 0:
        ctx.info(f"no pages: the project has no {by}s")
    for line in result.skipped:
        ctx.info(f"skipped {line}")
    ctx.info(f"wrote {out}: {result.pages} pages")
    return {"out": str(out), "pages": result.pages, "skipped": result.skipped, "png": result.png}


def _basemap(spec: str):
    """A Basemap from an .mbtiles path or an XYZ URL template; InputError naming --basemap."""
    from pathlib import Path

    from layers.errors import InputError
    from maps.render.basemap import Basemap, MBTilesSource, XYZSource

    try:
        if "{z}" in spec:
            return Basemap(XYZSource(spec))
        if not Path(spec).is_file():
            raise InputError("not_found", "--basemap: file not found", file=spec)
        return Basemap(MBTilesSource(spec))
    except InputError:
        raise
    except Exception as exc:
        raise InputError("bad_option", f"--basemap: cannot use it ({exc})", file=spec) from exc
