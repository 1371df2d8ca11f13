"""Hand adjustment of the current plan: a village to another office, an office to another
key site. Each is one undoable command over the plan layers.

The plan layers stay consistent with each other: the village's ``plan_assignment`` row
and its workstation name the new office, and both offices' ``villages``, ``population``,
``mean_km`` and ``max_km`` are recomputed from the membership. A line the hand drew has
no road distance yet: its ``road_km`` and ``minutes`` are NULL (unknown, never 0) until
``site`` is run again, and the line is straight.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.schema import PLAN_LAYERS


def reassign_command(project, village: str, office: str) -> ReplaceLayers:
    """Village ``village`` served by office ``office`` from now on."""
    offices, workstations, assignment = (project[n] for n in PLAN_LAYERS)
    if office not in set(offices["code"]):
        raise InputError("unknown_office", f"no proposed office {office!r}", layer="plan_offices", field="code")
    rows = np.flatnonzero((assignment["village"] == village).to_numpy())
    if len(rows) == 0:
        raise InputError("unknown_village", f"village {village!r} is not in the plan", layer="plan_assignment",
                         field="village")
    before = set(assignment["office"].iloc[rows])
    if before == {office}:
        raise InputError("same_office", f"village {village!r} is already served by {office!r}", layer="plan_assignment")
    if village not in set(workstations["village"]):
        raise InputError("hosts_office", f"village {village!r} hosts its office ({'、'.join(sorted(before))}): "
                         "move the office instead", layer="plan_assignment", field="village")
    assignment = assignment.drop(index=assignment.index[rows[1:]]).reset_index(drop=True).copy()
    row = int(rows[0])
    assignment.loc[row, ["office", "road_km", "minutes"]] = [office, np.nan, np.nan]
    assignment.loc[row, "geometry"] = _line(project, village, _office_point(offices, office))
    workstations = workstations.copy()
    workstations.loc[workstations["village"] == village, "office"] = office
    offices = recount(project, offices, assignment, before | {office})
    return ReplaceLayers(dict(zip(PLAN_LAYERS, (offices, workstations, assignment), strict=True)),
                         text=f"Village {village} to office {office}")


def move_office_command(project, office: str, key_site: str) -> ReplaceLayers:
    """Office ``office`` moved to key site ``key_site``.

    When the key site lies in another village of the office, that village loses its
    workstation (the office stands there now) and the village it left gets one, at its
    village committee room or its own point.
    """
    offices, workstations, assignment = (project[n] for n in PLAN_LAYERS)
    hits = np.flatnonzero((offices["code"] == office).to_numpy())
    if len(hits) == 0:
        raise InputError("unknown_office", f"no proposed office {office!r}", layer="plan_offices", field="code")
    sites = project["key_sites"]
    found = np.flatnonzero((sites["code"] == key_site).to_numpy())
    if len(found) == 0:
        raise InputError("unknown_key_site", f"no key site {key_site!r}", layer="key_sites", field="code")
    site = sites.iloc[int(found[0])]
    row = int(hits[0])
    old_site = str(offices["key_site"].iloc[row] or "")
    offices = offices.copy()
    offices.loc[row, "key_site"] = key_site
    offices.loc[row, "geometry"] = site.geometry
    mine = (assignment["office"] == office).to_numpy()
    served = set(assignment.loc[mine, "village"])
    new_host = str(site["village"] or "")
    old_host = _host(project, offices, workstations, assignment, office, old_site)
    workstations = workstations.copy()
    if new_host and new_host in served and new_host != old_host:
        workstations = workstations[workstations["village"] != new_host].reset_index(drop=True)
        if old_host:
            workstations = _add_workstation(project, workstations, old_host, office)
    assignment = assignment.copy()
    for i in np.flatnonzero(mine):
        assignment.loc[i, ["road_km", "minutes"]] = [np.nan, np.nan]
        assignment.loc[i, "geometry"] = _line(project, str(assignment["village"].iloc[i]), site.geometry)
    offices = recount(project, offices, assignment, {office})
    return ReplaceLayers(dict(zip(PLAN_LAYERS, (offices, workstations, assignment), strict=True)),
                         text=f"Move office {office} to {key_site}")


def recount(project, offices: pd.DataFrame, assignment: pd.DataFrame, codes) -> pd.DataFrame:
    """``offices`` with villages, population, mean_km and max_km of ``codes`` recomputed."""
    population = project["villages"].drop_duplicates("code").set_index("code")["population"]
    out = offices.copy()
    for code in codes:
        rows = np.flatnonzero((out["code"] == code).to_numpy())
        if len(rows) == 0:
            continue
        mine = assignment[assignment["office"] == code]
        pop = pd.to_numeric(mine["village"].map(population), errors="coerce")
        km = pd.to_numeric(mine["road_km"], errors="coerce")
        known = km.notna()
        w = np.maximum(pop[known].fillna(1).to_numpy(float), 1.0)
        out.loc[out.index[rows[0]], ["villages", "population", "mean_km", "max_km"]] = [
            int(mine["village"].nunique()), int(pop.fillna(0).sum()),
            round(float((km[known].to_numpy(float) * w).sum() / w.sum()), 3) if known.any() else np.nan,
            round(float(km.max()), 3) if known.any() else np.nan,
        ]
    return out


def _office_point(offices: pd.DataFrame, code: str):
    return offices.geometry[offices["code"] == code].iloc[0]


def _village_point(project, village: str):
    v = project["villages"]
    geom = v.geometry[v["code"] == village].iloc[0]
    return geom if geom.geom_type == "Point" else geom.representative_point()


def _line(project, village: str, office_point) -> shapely.LineString:
    return shapely.LineString([_village_point(project, village), office_point])


def _host(project, offices, workstations, assignment, office: str, old_site: str) -> str:
    """The village the office stood in: its key site's village, else its village without a workstation."""
    if old_site:
        sites = project["key_sites"]
        village = sites.loc[sites["code"] == old_site, "village"]
        if len(village) and village.iloc[0]:
            return str(village.iloc[0])
    served = set(assignment.loc[assignment["office"] == office, "village"])
    without = sorted(served - set(workstations["village"]))
    return without[0] if len(without) == 1 else ""


def _add_workstation(project, workstations, village: str, office: str):
    import geopandas as gpd

    sites = project["key_sites"]
    rooms = sites[(sites["village"] == village) & (sites["category"] == "village_office")]
    point = rooms.geometry.iloc[0] if len(rooms) else _village_point(project, village)
    row = gpd.GeoDataFrame([{"code": f"GZZ-{village}", "village": village,
                             "key_site": str(rooms["code"].iloc[0]) if len(rooms) else "", "office": office,
                             "geometry": point}], geometry="geometry", crs=workstations.crs)
    return gpd.GeoDataFrame(pd.concat([workstations, row], ignore_index=True), geometry="geometry",
                            crs=workstations.crs)
