"""Staffing per station from the roster, and the "两个40%" (one place for the check and the report).

- Community officers (社区民警) at least ``Standard.community_share`` of each station's
  officers. A community officer is an active officer (民警) designated for grids (``max_grids``
  above 0) or responsible for one (in ``assignments``); the others do station work.
- Station officers at least ``Standard.station_share`` of the county bureau's officers:
  the active officers of the roster against the bureau's total, a project setting
  (:func:`gisdesk.services.officers.roster.bureau_officers`); unknown while it is not set.

Auxiliaries (辅警) are counted apart, never in either ratio, as the bureau's figures are.
Inactive people count nowhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gisdesk.services.officers.roster import bureau_officers, can_carry, grid_needs
from layers.lookups import station_names
from layers.project import Project
from layers.standard import Standard

COLUMNS = (
    "station", "name", "grids", "needed", "people", "available", "assigned", "unfilled", "grids_without",
    "officers", "community_officers", "station_officers", "auxiliaries", "community_auxiliaries",
    "community_share",
)


@dataclass(frozen=True)
class BureauShare:
    """Station officers (the roster's active officers) against the bureau's total."""

    station_officers: int
    bureau_officers: int | None
    share: float  # NaN when the bureau's total is not known

    @property
    def known(self) -> bool:
        return self.bureau_officers is not None


def community_people(project: Project) -> np.ndarray:
    """True for each person of the roster who is community (grid) staff: active, and
    designated for grids (``max_grids`` above 0) or responsible for one."""
    officers = project["officers"]
    assigned = officers["code"].isin(set(project["assignments"]["officer"])).to_numpy()
    return officers["active"].to_numpy(bool) & ((officers["max_grids"].to_numpy(int) > 0) | assigned)


def station_staffing(project: Project, standard: Standard | None = None) -> pd.DataFrame:
    """One row per station (:data:`COLUMNS`): grids, slots needed / available / assigned /
    unfilled, grids without anyone, officers (active 民警), community and station officers,
    auxiliaries, and the community share (NaN for a station without officers)."""
    officers = project["officers"]
    grids = project["grids"]
    names = station_names(project)
    need = pd.Series(grid_needs(project, standard), index=grids["code"].to_numpy(), dtype=int)
    people = officers.assign(_carry=can_carry(officers), _community=community_people(project))
    a = project["assignments"]
    a = a[a["grid"].isin(need.index)].drop_duplicates()
    per_grid = a.groupby("grid").size() if len(a) else pd.Series(dtype=int)
    filled = np.minimum(per_grid.reindex(need.index).fillna(0).to_numpy(int), need.to_numpy())
    grid_frame = pd.DataFrame({"station": grids["station"].to_numpy(), "need": need.to_numpy(), "filled": filled})
    codes = sorted((set(grids["station"]) | set(officers["station"]) | set(names)) - {""})
    rows = []
    for st in codes:
        g = grid_frame[grid_frame["station"] == st]
        p = people[people["station"] == st]
        active = p["active"].to_numpy(bool)
        role = p["role"].to_numpy()
        off = active & (role == "officer")
        aux = active & (role == "auxiliary")
        community = p["_community"].to_numpy(bool)
        n_off = int(off.sum())
        n_comm = int((off & community).sum())
        carry = p["_carry"].to_numpy(bool)
        rows.append({
            "station": st,
            "name": names.get(st, st),
            "grids": len(g),
            "needed": int(g["need"].sum()),
            "people": int(carry.sum()),
            "available": int(p["max_grids"].to_numpy(int)[carry].sum()),
            "assigned": int(g["filled"].sum()),
            "unfilled": int((g["need"] - g["filled"]).sum()),
            "grids_without": int((g["filled"] == 0).sum()),
            "officers": n_off,
            "community_officers": n_comm,
            "station_officers": n_off - n_comm,
            "auxiliaries": int(aux.sum()),
            "community_auxiliaries": int((aux & community).sum()),
            "community_share": n_comm / n_off if n_off else math.nan,
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def bureau_share(project: Project) -> BureauShare:
    """The roster's active officers against the bureau's total (the second 40%)."""
    o = project["officers"]
    n = int((o["active"].to_numpy(bool) & (o["role"].to_numpy() == "officer")).sum())
    total = bureau_officers(project)
    return BureauShare(n, total, n / total if total else math.nan)


__all__ = ["BureauShare", "COLUMNS", "bureau_share", "community_people", "station_staffing"]
