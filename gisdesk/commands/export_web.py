"""``export-web PROJECT --out FILE.html``: a self-contained interactive map that works offline."""

from __future__ import annotations

import datetime
from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the HTML file to write")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")
    parser.add_argument("--title", default=None, help="title shown on the map")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file
    from maps.web import export_web

    project = open_project(args.project)
    out = output_file(args.out, ".html", args.project)
    ctx.progress(0.3, "building the web map")
    name = project.metadata.get("title") or Path(args.project).stem
    title = args.title or f"{name} 警务区划图"
    subtitle = f"制图日期 {datetime.date.today():%Y年%m月%d日}"
    counts = export_web(project, out, personal=not args.no_personal, title=title, subtitle=subtitle)
    size = out.stat().st_size
    ctx.info(f"wrote {out} ({size / 1e6:.1f} MB)")
    return {"out": str(out), "bytes": size, "layers": counts}
