"""The bureau's staffing and siting standards, checked against a project.

Rules (DOMAIN.md, their numbers in :class:`layers.standard.Standard`): every village has a
post (an office or a workstation); a rural office serves 5 to 8 villages; every station has
at least 2 offices; a grid holds no more people than its officers may serve
(:meth:`Standard.officers_required`); officers required vs assigned per station; community
officers at least 40% of a station's officers. A village within ``post_radius_km`` of a post
counts as having one.

The plan layers (``plan_offices``, ``plan_workstations``, ``plan_assignment``) are
checked when present; otherwise the existing ``posts`` are, each village going to its
nearest office of its own station.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from layers.lookups import station_names
from layers.project import Project
from layers.standard import Standard

POST_RADIUS_KM = 1.5


@dataclass
class Finding:
    """One breach of a rule: ``rule`` is a stable code, ``where`` names the place."""

    rule: str
    where: str
    detail: str
    severity: str = "error"

    def as_dict(self) -> dict:
        return {"rule": self.rule, "where": self.where, "detail": self.detail, "severity": self.severity}


@dataclass
class StandardsReport:
    """Findings plus the per-station, per-office and per-grid tables the report prints."""

    findings: list[Finding] = field(default_factory=list)
    stations: pd.DataFrame = field(default_factory=pd.DataFrame)
    offices: pd.DataFrame = field(default_factory=pd.DataFrame)
    workstations: pd.DataFrame = field(default_factory=pd.DataFrame)
    grids: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = "posts"

    @property
    def passed(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def check_project(project: Project, s: Standard | None = None, post_radius_km: float = POST_RADIUS_KM) -> StandardsReport:
    """Check the project; never modifies it."""
    s = s or Standard()
    report = StandardsReport()
    names = station_names(project)
    villages = project["villages"]
    offices, served = _offices_and_service(project, post_radius_km, report)
    report.offices = offices
    _check_villages_have_posts(project, served, report, names)
    _check_office_sizes(offices, s, report, names)
    _check_grids(project, s, report, names)
    report.stations = _station_table(project, offices, s, report, names)
    report.workstations = _workstation_table(project, names)
    if len(villages) == 0:
        report.findings.append(Finding("no_villages", "villages", "the villages layer is empty", "warning"))
    report.findings.extend(_stored_value_findings(project))
    return report


def _stored_value_findings(project: Project) -> list[Finding]:
    """Numbers stored as text or left empty by another program: read as 0, so named here."""
    findings = []
    for p in project.value_problems:
        frame = project[p.layer]
        code = frame["code"].iloc[p.row - 1] if "code" in frame.columns and 0 < (p.row or 0) <= len(frame) else ""
        where = f"{p.layer} {code}" if code else f"{p.layer} row {p.row}"
        findings.append(Finding("bad_value", where, f"{p.message} (read as 0)" if p.severity == "error" else p.message,
                                "error" if p.severity == "error" else "warning"))
    return findings


# ---------------------------------------------------------------- offices and service
def _offices_and_service(project: Project, post_radius_km: float, report: StandardsReport):
    """The office table and the set of villages that have a post (office or workstation)."""
    villages = project["villages"]
    plan = project["plan_offices"]
    if len(plan):
        report.source = "plan"
        offices = pd.DataFrame(
            {
                "code": plan["code"],
                "name": plan["name"],
                "station": plan["station"],
                "existing": plan["existing"],
                "villages": plan["villages"].astype(int),
                "population": plan["population"].astype(int),
                "mean_km": plan["mean_km"],
                "max_km": plan["max_km"],
            }
        )
        served = set(project["plan_workstations"]["village"])
        assign = project["plan_assignment"]
        ks = project["key_sites"].set_index("code")["village"].to_dict() if len(project["key_sites"]) else {}
        served |= {ks.get(k, "") for k in plan["key_site"]}
        served |= _villages_near(villages, plan, post_radius_km, project)
        served.discard("")
        offices["area_type"] = "rural"
        if len(assign):
            kinds = dict(zip(villages["code"], villages["area_type"], strict=False))
            urban = assign.groupby("office")["village"].agg(lambda vs: all(kinds.get(v) == "urban" for v in vs))
            offices.loc[offices["code"].map(urban).fillna(False).astype(bool), "area_type"] = "urban"
        return offices.reset_index(drop=True), served
    posts = project["posts"]
    office_posts = posts[posts["tier"] == "office"]
    served = _villages_near(villages, posts[posts["tier"].isin(["office", "workstation"])], post_radius_km, project)
    counts = _nearest_office_counts(project, villages, office_posts)
    offices = pd.DataFrame(
        {
            "code": office_posts["code"].to_numpy(),
            "name": office_posts["name"].to_numpy(),
            "station": office_posts["station"].to_numpy(),
            "existing": True,
            "villages": [counts.get(c, (0, 0))[0] for c in office_posts["code"]],
            "population": [counts.get(c, (0, 0))[1] for c in office_posts["code"]],
            "mean_km": np.nan,
            "max_km": np.nan,
            "area_type": "rural",
        }
    )
    return offices, served


def _metric_xy(frame, epsg: int) -> np.ndarray:
    if len(frame) == 0:
        return np.zeros((0, 2))
    pts = frame.geometry.to_crs(epsg=epsg).representative_point()
    return np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])


def _villages_near(villages, points, radius_km: float, project: Project) -> set[str]:
    """Village codes with a point of ``points`` within ``radius_km`` (straight line)."""
    if len(villages) == 0 or len(points) == 0:
        return set()
    from scipy.spatial import cKDTree

    epsg = project.metric_epsg()
    tree = cKDTree(_metric_xy(points, epsg))
    dist, _ = tree.query(_metric_xy(villages, epsg))
    return set(villages["code"].to_numpy()[dist <= radius_km * 1000.0])


def _nearest_office_counts(project: Project, villages, office_posts) -> dict[str, tuple[int, int]]:
    """Office code -> (villages, population), each rural village to its nearest office of its station."""
    out: dict[str, tuple[int, int]] = {}
    if len(office_posts) == 0 or len(villages) == 0:
        return out
    epsg = project.metric_epsg()
    vxy = _metric_xy(villages, epsg)
    oxy = _metric_xy(office_posts, epsg)
    ocode = office_posts["code"].to_numpy()
    ostation = office_posts["station"].to_numpy()
    rural = (villages["area_type"] != "urban").to_numpy()
    for i, (station, pop) in enumerate(zip(villages["station"], villages["population"], strict=False)):
        if not rural[i]:
            continue
        mask = ostation == station if station else np.ones(len(ocode), bool)
        if not mask.any():
            continue
        idx = np.flatnonzero(mask)
        j = idx[np.argmin(((oxy[idx] - vxy[i]) ** 2).sum(axis=1))]
        n, p = out.get(ocode[j], (0, 0))
        out[ocode[j]] = (n + 1, p + (_count(pop) or 0))  # the population known
    return out


def _check_villages_have_posts(project: Project, served: set[str], report: StandardsReport, names) -> None:
    villages = project["villages"]
    missing = villages[~villages["code"].isin(served)]
    for station, group in missing.groupby("station", sort=True):
        sample = "、".join(group["name"].head(5))
        more = f" and {len(group) - 5} more" if len(group) > 5 else ""
        report.findings.append(
            Finding(
                "village_without_post",
                names.get(station, station) or "(no station)",
                f"{len(group)} villages without an office or workstation: {sample}{more}",
            )
        )


def _check_office_sizes(offices: pd.DataFrame, s: Standard, report: StandardsReport, names) -> None:
    for row in offices.itertuples():
        if row.villages == 0 or getattr(row, "area_type", "rural") == "urban":
            continue  # an urban community has one office of its own; the 5-8 rule is rural
        if row.villages < s.min_villages or row.villages > s.max_villages:
            report.findings.append(
                Finding(
                    "office_size",
                    f"{names.get(row.station, row.station)} {row.name}",
                    f"serves {row.villages} villages (standard {s.min_villages}-{s.max_villages})",
                    "warning" if row.villages < s.min_villages else "error",
                )
            )


def _check_grids(project: Project, s: Standard, report: StandardsReport, names) -> None:
    grids = project["grids"]
    rows = []
    deviations = s.deviations(grids)
    for g, deviation in zip(grids.itertuples(), deviations, strict=True):
        need = s.officers_required(g.population, g.households, g.area_type)
        have = max(_count(g.officers_required) or 0, 0)
        population, households = _count(g.population), _count(g.households)
        rows.append(
            {
                "code": g.code,
                "name": g.name,
                "station": g.station,
                "community": g.community,
                "area_type": g.area_type,
                "population": population,
                "households": households,
                "officers_required": have,
                "officers_needed": need,
                "deviation": float(deviation),
                "officer_name": g.officer_name,
                "officer_phone": g.officer_phone,
            }
        )
        if need > have:
            report.findings.append(
                Finding(
                    "grid_over_standard",
                    f"{names.get(g.station, g.station)} {g.name or g.code}",
                    f"{_shown(population)} residents, {_shown(households)} households need {need} officers, grid has {have}",
                )
            )
    report.grids = pd.DataFrame(rows)


def _station_table(project: Project, offices: pd.DataFrame, s: Standard, report: StandardsReport, names) -> pd.DataFrame:
    villages = project["villages"]
    posts = project["posts"]
    grids = project["grids"]
    stations = sorted(set(villages["station"]) | set(posts["station"]) | set(names))
    stations = [c for c in stations if c]
    rows = []
    for code in stations:
        v = villages[villages["station"] == code]
        p = posts[posts["station"] == code]
        g = grids[grids["station"] == code]
        if len(g):
            required = int(g["officers_required"].sum())
        else:
            required = int(sum(s.officers_required(a, b, c) for a, b, c in zip(v["population"], v["households"], v["area_type"], strict=False)))
        n_offices = int((offices["station"] == code).sum()) if len(offices) else 0
        officers = int(p["officers"].sum())
        community = int(p.loc[p["tier"].isin(["office", "workstation"]), "officers"].sum())
        auxiliaries = int(p["auxiliaries"].sum())
        share = community / officers if officers else float("nan")
        rows.append(
            {
                "station": code,
                "name": names.get(code, code),
                "villages": int((v["area_type"] == "rural").sum()),
                "communities": int((v["area_type"] == "urban").sum()),
                "population": int(v["population"].sum()),
                "offices": n_offices,
                "workstations": int((p["tier"] == "workstation").sum()),
                "officers": officers,
                "community_officers": community,
                "auxiliaries": auxiliaries,
                "required": required,
                "gap": max(0, required - community - auxiliaries),
                "community_share": share,
            }
        )
        where = names.get(code, code)
        if len(v) and n_offices < s.min_offices:
            report.findings.append(Finding("station_offices", where, f"{n_offices} offices (at least {s.min_offices})"))
        if required > community + auxiliaries and len(p):
            report.findings.append(
                Finding("officers_short", where, f"{required} officers/auxiliaries required, {community + auxiliaries} assigned", "warning")
            )
        if officers and share < s.community_share:
            report.findings.append(
                Finding("community_share", where, f"community officers {share:.0%} of the station's officers (at least {s.community_share:.0%})", "warning")
            )
    return pd.DataFrame(rows)


def _count(value) -> int | None:
    """A stored count, or None when it is not known (NULL)."""
    return None if value is None or pd.isna(value) else int(value)


def _shown(count: int | None) -> str:
    return "unknown" if count is None else str(count)


def _workstation_table(project: Project, names) -> pd.DataFrame:
    plan = project["plan_workstations"]
    if len(plan):
        v = project["villages"].set_index("code")
        return pd.DataFrame(
            {
                "code": plan["code"],
                "village": plan["village"],
                "village_name": [v["name"].get(c, "") for c in plan["village"]],
                "station": [names.get(v["station"].get(c, ""), v["station"].get(c, "")) for c in plan["village"]],
                "office": plan["office"],
                "key_site": plan["key_site"],
            }
        )
    posts = project["posts"]
    w = posts[posts["tier"] == "workstation"]
    return pd.DataFrame(
        {
            "code": w["code"],
            "village": "",
            "village_name": w["name"],
            "station": [names.get(c, c) for c in w["station"]],
            "office": "",
            "key_site": "",
        }
    )
