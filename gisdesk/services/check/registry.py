"""The rule groups of the check, in the order their findings are listed.

A rule group is a module of this package with ``TITLES`` (rule code -> Chinese title) and
``check(ctx: CheckContext) -> list[Finding]``; add a new one to ``RULE_GROUPS``.
"""

from __future__ import annotations

from types import ModuleType

from gisdesk.services.check import coverage, data, grids, officers, offices, staffing

RULE_GROUPS: tuple[ModuleType, ...] = (data, coverage, offices, grids, staffing, officers)


def rule_titles() -> dict[str, str]:
    """Every rule code -> its Chinese title."""
    titles: dict[str, str] = {}
    for group in RULE_GROUPS:
        titles.update(group.TITLES)
    return titles
