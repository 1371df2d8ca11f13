"""``report PROJECT --out FILE.xlsx``: staffing and siting tables for leadership."""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--out", required=True, help="the Excel workbook to write")
    parser.add_argument("--no-personal", action="store_true", help="leave officer names and phones out")


def run(args, ctx) -> dict:
    from gisdesk.commands._common import open_project, output_file
    from gisdesk.services.check import check_project, rule_titles
    from gisdesk.services.workbook import write_workbook

    project = open_project(args.project)
    out = output_file(args.out, ".xlsx", args.project)
    ctx.progress(0.2, "checking the standards")
    report = check_project(project)
    title = f"{Path(args.project).stem} 警务室/工作站/警格 统计"
    from gisdesk.services.officers.sheets import officer_sheets

    more = officer_sheets(project, personal=not args.no_personal)
    sheets = write_workbook(report, out, title=title, personal=not args.no_personal, rule_titles=rule_titles(),
                            more=more)
    ctx.info(f"wrote {out}: " + ", ".join(f"{k} {v}" for k, v in sheets.items()))
    return {"out": str(out), "sheets": sheets, "passed": report.passed, "findings": len(report.findings)}
