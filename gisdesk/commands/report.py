"""``report PROJECT --out FILE.xlsx``: staffing and siting tables for leadership."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the Excel workbook to write")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file
    from gisdesk.services.workbook import write_report

    project = open_project(args.project, unique=("villages", "units", "posts", "grids"), every_layer=True)
    out = output_file(args.out, ".xlsx", args.project)
    title = f"{project.metadata.get('title') or Path(args.project).stem} 警务室/工作站/警格 统计"
    report, sheets = write_report(project, out, title=title, personal=not args.no_personal, progress=ctx.progress)
    from gisdesk.messages import language, tr

    if language() == "en":
        listed = ", ".join(f"{k} ({v} rows)" for k, v in sheets.items())
    else:
        listed = "，".join(f"{k} {v} 行" for k, v in sheets.items())
    ctx.info(tr("wrote {out}: {sheets}", out=out, sheets=listed))
    return {"out": str(out), "sheets": sheets, "passed": report.passed, "findings": len(report.findings)}
