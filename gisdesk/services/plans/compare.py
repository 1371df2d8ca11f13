"""Two plans side by side: which villages change office, which offices come and go, the
distances and the check's violations of each (``plan compare``, the plans panel).

Either plan may be a saved version or the current plan (:data:`.versions.CURRENT`). The
numbers are recomputed from each plan's ``plan_assignment`` membership, as ``check`` does:
``mean_km`` is the road distance of rural villages to their office weighted by population
(villages of unknown population left out, as ``site`` does), ``max_km`` the farthest one;
a distance not measured (a hand-adjusted village) is left out and counted in ``unmeasured``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gisdesk.services.check import check_project
from gisdesk.services.plans.versions import is_current, plan_frames, plan_parameters
from layers.project import Project, parameters_entry
from layers.standard import Standard


@dataclass
class PlanSummary:
    """One plan's numbers."""

    name: str
    offices: int
    workstations: int
    villages: int
    mean_km: float | None
    max_km: float | None
    unmeasured: int
    violations: int
    warnings: int


@dataclass
class PlanComparison:
    """Plan ``a`` against plan ``b``."""

    a: PlanSummary
    b: PlanSummary
    villages_changed: list[dict] = field(default_factory=list)
    """{village, office_a, office_b} for every village whose office differs (empty: none)."""
    offices_added: list[str] = field(default_factory=list)
    """Office codes in B and not in A."""
    offices_removed: list[str] = field(default_factory=list)
    """Office codes in A and not in B."""
    offices_a: pd.DataFrame = field(default_factory=pd.DataFrame)
    offices_b: pd.DataFrame = field(default_factory=pd.DataFrame)

    def as_dict(self) -> dict:
        """The JSON summary of ``plan compare`` (CONTRACT.md section 4)."""
        a, b = self.a, self.b
        pair = lambda key: {a.name: getattr(a, key), b.name: getattr(b, key)}  # noqa: E731
        return {
            "a": a.name, "b": b.name,
            "villages_changed": self.villages_changed,
            "offices_added": self.offices_added,
            "offices_removed": self.offices_removed,
            "offices": pair("offices"), "workstations": pair("workstations"),
            "mean_km": pair("mean_km"), "max_km": pair("max_km"), "unmeasured": pair("unmeasured"),
            "violations": pair("violations"), "warnings": pair("warnings"),
        }


def compare_plans(project: Project, a: str, b: str, standard: Standard | None = None) -> PlanComparison:
    """Compare plan ``a`` with plan ``b`` (version names or a word for the current plan)."""
    fa, fb = plan_frames(project, a), plan_frames(project, b)
    sa = summarize(project, a, fa, standard)
    sb = summarize(project, b, fb, standard)
    office_a = _office_of(fa["plan_assignment"])
    office_b = _office_of(fb["plan_assignment"])
    changed = []
    for village in sorted(set(office_a) | set(office_b)):
        oa, ob = office_a.get(village), office_b.get(village)
        if oa != ob:
            changed.append({"village": village, "office_a": oa, "office_b": ob})
    codes_a = set(fa["plan_offices"]["code"])
    codes_b = set(fb["plan_offices"]["code"])
    return PlanComparison(sa, sb, changed, sorted(codes_b - codes_a), sorted(codes_a - codes_b),
                          fa["plan_offices"], fb["plan_offices"])


def summarize(project: Project, name: str, frames: dict[str, pd.DataFrame] | None = None,
              standard: Standard | None = None) -> PlanSummary:
    """The numbers of one plan; its violations from the check run on the project with that plan."""
    frames = frames if frames is not None else plan_frames(project, name)
    assignment = frames["plan_assignment"]
    villages = pd.DataFrame(project["villages"].drop(columns="geometry")).drop_duplicates("code").set_index("code")
    rural = assignment[assignment["village"].map(villages["area_type"]).eq("rural")]
    km = pd.to_numeric(rural["road_km"], errors="coerce")
    population = pd.to_numeric(rural["village"].map(villages["population"]), errors="coerce")
    known = km.notna() & population.notna()
    weights = np.maximum(population[known].to_numpy(float), 1.0)
    mean = float((km[known].to_numpy(float) * weights).sum() / weights.sum()) if known.any() else None
    report = check_project(_with_plan(project, name, frames), standard)
    return PlanSummary(
        name=name, offices=int(len(frames["plan_offices"])), workstations=int(len(frames["plan_workstations"])),
        villages=int(assignment["village"].nunique()),
        mean_km=None if mean is None else round(mean, 3),
        max_km=round(float(km.max()), 3) if km.notna().any() else None,
        unmeasured=int(km.isna().sum()),
        violations=report.count("violation"), warnings=report.count("warning"))


def _with_plan(project: Project, name: str, frames: dict[str, pd.DataFrame]) -> Project:
    """A shallow copy of the project holding this plan and its recorded ``site`` parameters."""
    if is_current(name):
        return project
    layers = dict(project.layers)
    layers.update(frames)
    metadata = dict(project.metadata)
    metadata.update(parameters_entry("site", plan_parameters(project, name)))
    return Project(path=project.path, layers=layers, metadata=metadata, value_problems=project.value_problems)


def _office_of(assignment: pd.DataFrame) -> dict[str, str]:
    """Village -> its office; a village assigned to several lists them joined with '+'."""
    out: dict[str, str] = {}
    for village, group in assignment.groupby("village", sort=True):
        out[str(village)] = "+".join(sorted(str(o) for o in group["office"]))
    return out
