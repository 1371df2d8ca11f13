"""The project against the bureau's staffing and siting standards (``check``, ``report``).

``check_project(project, standard)`` recomputes everything from membership and geometry
(never from the counts the plan layers store) and returns a :class:`CheckReport`: one
:class:`Finding` per breach, with its severity, rule, place and detail. The plan layers
are checked when present, otherwise the existing posts. One module per rule group
(:mod:`.coverage`, :mod:`.offices`, :mod:`.grids`, :mod:`.data`, :mod:`.staffing`),
listed in :mod:`.registry`; their numbers are :class:`layers.standard.Standard`'s.
"""

from __future__ import annotations

from gisdesk.services.check.context import CheckContext
from gisdesk.services.check.findings import (
    INFO,
    SEVERITIES,
    SEVERITY_TITLES,
    VIOLATION,
    WARNING,
    CheckReport,
    Finding,
)
from gisdesk.services.check.registry import RULE_GROUPS, rule_titles
from gisdesk.services.check.tables import grid_table, office_table, station_table, workstation_table
from layers.project import Project
from layers.standard import Standard


def check_project(project: Project, standard: Standard | None = None) -> CheckReport:
    """Check the project; never modifies it. Without ``standard``, the staffing numbers the
    project's grids were drawn with (``Standard.recorded``), as the maps and panels use."""
    ctx = CheckContext(project, standard or Standard.recorded(project.metadata))
    findings = [f for group in RULE_GROUPS for f in group.check(ctx)]
    return CheckReport(
        findings=findings,
        stations=station_table(ctx),
        offices=office_table(ctx),
        workstations=workstation_table(ctx),
        grids=grid_table(ctx),
        source=ctx.source,
    )


__all__ = ["INFO", "SEVERITIES", "SEVERITY_TITLES", "VIOLATION", "WARNING", "CheckContext", "CheckReport", "Finding",
           "check_project", "rule_titles"]
