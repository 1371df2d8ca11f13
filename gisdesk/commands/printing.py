"""``print PROJECT --out FILE.pdf``: the beat-map atlas (警务区图)."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the PDF to write")
    parser.add_argument("--by", choices=("grid", "office", "station"), default="grid", help="one page per ... (grid)")
    parser.add_argument("--paper", choices=("A4", "A3"), default="A4")
    parser.add_argument("--png", metavar="DIR", help="also write each page as a PNG into DIR")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")
    parser.add_argument("--dpi", type=int, default=300, help="PDF resolution for map symbols (300)")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project
    from layers.errors import InputError

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise InputError("bad_option", "--out must end in .pdf", file=str(out))
    if not out.parent.is_dir():
        raise InputError("no_folder", "folder does not exist", file=str(out))
    png_dir = Path(args.png) if args.png else None
    if png_dir is not None:
        png_dir.mkdir(parents=True, exist_ok=True)
    project = open_project(args.project)
    from gisdesk.ui.headless import qt_application
    from maps.atlas import write_atlas

    app = qt_application()  # noqa: F841 - QPdfWriter needs a Qt application
    result = write_atlas(project, out, by=args.by, paper_name=args.paper, personal=not args.no_personal,
                         png_dir=png_dir, dpi=args.dpi, progress=ctx.progress)
    if result.pages == 0:
        ctx.info(f"no pages: the project has no {args.by}s")
    for line in result.skipped:
        ctx.info(f"skipped {line}")
    ctx.info(f"wrote {out}: {result.pages} pages")
    return {"out": str(out), "pages": result.pages, "skipped": result.skipped, "png": result.png}
