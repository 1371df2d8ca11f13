"""``check PROJECT``: the project against the bureau's staffing and siting standards.

Exit 0 when nothing breaks the standard, 1 when something does (a script can gate on it),
2 on bad input. The text is Chinese: the verdict, then the findings rule by rule.
"""

from __future__ import annotations

SHOWN_PER_RULE = 20


def configure(parser) -> None:
    from gisdesk.commands._common import add_standard_options

    parser.add_argument("project", help="project GeoPackage")
    add_standard_options(parser, "--min-villages", "--max-villages", "--min-offices")
    parser.add_argument("--min-offices-all-stations", action="store_true",
                        help="apply --min-offices to every station, not only the remote ones")


def run(args, ctx) -> dict:
    from dataclasses import replace

    from gisdesk.cli import EXIT_FAILED
    from gisdesk.commands._common import named_options, open_project
    from gisdesk.services.check import check_project, rule_titles
    from layers.standard import Standard

    with named_options():
        Standard(min_villages=args.min_villages, max_villages=args.max_villages, min_offices=args.min_offices)
    project = open_project(args.project, unique=("villages", "units", "posts", "grids"), every_layer=True)
    standard = replace(Standard.recorded(project.metadata), min_villages=args.min_villages,
                       max_villages=args.max_villages, min_offices=args.min_offices,
                       min_offices_all_stations=args.min_offices_all_stations)
    report = check_project(project, standard)
    _print(ctx, report, rule_titles())
    if not report.passed:
        ctx.exit_code = EXIT_FAILED
    return {
        "passed": report.passed,
        "source": report.source,
        "violations": report.count("violation"),
        "warnings": report.count("warning"),
        "findings": [f.as_dict() for f in report.findings],
    }


def _print(ctx, report, titles: dict[str, str]) -> None:
    from gisdesk.messages import tr
    from gisdesk.services.check import SEVERITY_TITLES

    checked = "选址方案" if report.source == "plan" else "现有警务站点"
    verdict = "通过" if report.passed else "未通过"
    counts = "，".join(f"{SEVERITY_TITLES[s]}{report.count(s)}条" for s in SEVERITY_TITLES)
    ctx.info(f"检查{checked}：{verdict}（{counts}）")
    by_rule: dict[str, list] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    for rule, found in by_rule.items():
        ctx.info(f"{titles.get(rule, rule)}（{rule}）：{len(found)}条")
        for f in found[:SHOWN_PER_RULE]:
            ctx.info(f"  [{SEVERITY_TITLES.get(f.severity, f.severity)}] {f.where}：{f.shown(tr)}")
        if len(found) > SHOWN_PER_RULE:
            ctx.info(f"  …另有{len(found) - SHOWN_PER_RULE}条（--json 列出全部）")
