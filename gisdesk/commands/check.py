"""``check PROJECT``: the project against the bureau's staffing and siting standards.

Exit 0 when nothing breaks the standard, 1 when something does (a script can gate on it),
2 on bad input. The text: the verdict, then the findings rule by rule (Chinese; English
with ``--lang en``).
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
    """The verdict, then the findings rule by rule, in the user's language (the rule
    modules word them in Chinese; :func:`gisdesk.finding_words.finding_text` for English)."""
    from gisdesk.finding_words import finding_text as words
    from gisdesk.messages import tr
    from gisdesk.services.check import SEVERITY_TITLES

    def severity(s: str) -> str:
        return words(SEVERITY_TITLES.get(s, s))

    checked = tr("the siting plan") if report.source == "plan" else tr("the existing posts")
    verdict = tr("passed") if report.passed else tr("not passed")
    counts = tr(", ").join(tr("{severity}: {n}", severity=severity(s), n=report.count(s)) for s in SEVERITY_TITLES)
    ctx.info(tr("Checked {checked}: {verdict} ({counts})", checked=checked, verdict=verdict, counts=counts))
    by_rule: dict[str, list] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    for rule, found in by_rule.items():
        ctx.info(tr("{title} ({rule}): {n}", title=words(titles.get(rule, rule)), rule=rule, n=len(found)))
        for f in found[:SHOWN_PER_RULE]:
            ctx.info(tr("  [{severity}] {where}: {detail}", severity=severity(f.severity), where=words(f.where),
                        detail=words(f.shown(tr))))
        if len(found) > SHOWN_PER_RULE:
            ctx.info(tr("  ... and {n} more (--json lists them all)", n=len(found) - SHOWN_PER_RULE))
