"""What a check finds: one :class:`Finding` per breach, and the :class:`CheckReport` of a project.

A finding's ``severity`` says what it means for the plan: a ``violation`` breaks the
bureau's standard (the check does not pass, ``check`` exits 1), a ``warning`` is a breach
the planners recorded a reason for or a doubt about the data, an ``info`` is for the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

VIOLATION, WARNING, INFO = "violation", "warning", "info"
SEVERITIES = (VIOLATION, WARNING, INFO)
SEVERITY_TITLES = {VIOLATION: "违规", WARNING: "警告", INFO: "提示"}
"""The words of the command line's text and the workbook (the window translates its own)."""
RECORDED = "；选址时已记录原因："
"""Between a finding's detail and the reason ``site`` recorded for it (in English, as
``site`` writes its exceptions)."""


@dataclass(frozen=True)
class Finding:
    """One breach of a rule.

    ``rule`` is a stable code (its Chinese title is in the rule module's ``TITLES``);
    ``where`` names the place with codes and names, station first ("S01 城关派出所 /
    O012 李寨警务室"); ``codes`` are the same places as bare codes, for scripts;
    ``detail`` says what was found, with the recomputed numbers.
    """

    rule: str
    severity: str
    where: str
    detail: str
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, got {self.severity!r}")

    def shown(self, translate: Callable[[str], str]) -> str:
        """The detail with the reason ``site`` recorded in the reader's language
        (``translate``: :func:`gisdesk.messages.tr`, or :func:`~gisdesk.messages.chinese`)."""
        detail, quoted, reason = self.detail.partition(RECORDED)
        return f"{detail}{quoted}{translate(reason)}" if quoted else detail

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "detail": self.detail,
                "codes": list(self.codes)}


@dataclass
class CheckReport:
    """The findings of a check, plus the per-station, per-office, per-workstation and
    per-grid tables the workbook prints. ``source`` is ``"plan"`` when the plan layers
    were checked, ``"posts"`` when the existing posts were."""

    findings: list[Finding] = field(default_factory=list)
    stations: pd.DataFrame = field(default_factory=pd.DataFrame)
    offices: pd.DataFrame = field(default_factory=pd.DataFrame)
    workstations: pd.DataFrame = field(default_factory=pd.DataFrame)
    grids: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = "posts"

    @property
    def passed(self) -> bool:
        """No violation (a project with nothing to check has one, so it does not pass)."""
        return not any(f.severity == VIOLATION for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)
