"""``print PROJECT --out FILE.pdf``: the beat-map atlas (警务区图)."""

from __future__ import annotations


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the PDF to write")
    parser.add_argument("--by", choices=("grid", "office", "station"), default="grid", help="one page per ... (grid)")
    parser.add_argument("--paper", choices=("A4", "A3"), default="A4")
    parser.add_argument("--png", metavar="DIR", help="also write each page as a PNG into DIR")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")
    parser.add_argument("--dpi", type=int, default=300, help="PDF resolution for map symbols (300)")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file, output_folder
    from layers.errors import InputError

    if not 72 <= args.dpi <= 1200:
        raise InputError("bad_option", f"--dpi: must be between 72 and 1200, got {args.dpi}")
    project = open_project(args.project)
    out = output_file(args.out, ".pdf", args.project)
    png_dir = output_folder(args.png, "--png") if args.png else None
    from gisdesk.ui.headless import qt_application
    from maps.print import write_atlas

    app = qt_application()  # noqa: F841 - QPdfWriter needs a Qt application
    result = write_atlas(project, out, by=args.by, paper_name=args.paper, personal=not args.no_personal,
                         png_dir=png_dir, dpi=args.dpi, progress=ctx.progress)
    if result.pages == 0:
        ctx.info(f"no pages: the project has no {args.by}s")
    for line in result.skipped:
        ctx.info(f"skipped {line}")
    ctx.info(f"wrote {out}: {result.pages} pages")
    return {"out": str(out), "pages": result.pages, "skipped": result.skipped, "png": result.png}
