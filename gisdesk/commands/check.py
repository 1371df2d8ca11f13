"""``check PROJECT``: the project against the bureau's staffing and siting standards."""

from __future__ import annotations

RULE_TITLES = {
    "village_without_post": "村无警务室/工作站",
    "office_size": "警务室辖村数不在5-8个",
    "station_offices": "派出所警务室少于2个",
    "grid_over_standard": "警格超出配警标准",
    "officers_short": "警力缺口",
    "community_share": "社区民警占比不足40%",
    "no_villages": "无行政村数据",
    "bad_value": "数值字段存有文字或空值",
}


def configure(parser) -> None:
    from layers.standard import Standard

    bureau = Standard()
    parser.add_argument("project", help="project GeoPackage")
    parser.add_argument("--min-villages", type=int, default=bureau.min_villages)
    parser.add_argument("--max-villages", type=int, default=bureau.max_villages)


def run(args, ctx) -> dict:
    from gisdesk.commands._common import named_options, open_project
    from gisdesk.services.standards import check_project
    from layers.standard import Standard

    with named_options():
        standard = Standard(min_villages=args.min_villages, max_villages=args.max_villages)
    project = open_project(args.project)
    report = check_project(project, standard)
    checked = "the proposed plan" if report.source == "plan" else "the existing posts"
    ctx.info(f"Checked {checked}: {'PASSED' if report.passed else 'NOT PASSED'}, {len(report.findings)} findings")
    for f in report.findings:
        ctx.info(f"  [{f.severity}] {RULE_TITLES.get(f.rule, f.rule)} | {f.where}: {f.detail}")
    return {
        "passed": report.passed,
        "source": report.source,
        "findings": [f.as_dict() for f in report.findings],
    }
