"""Adopting a plan version: its offices and workstations become the bureau's posts.

- A proposed office that is an existing post (``existing``, the post's code) stays, open.
- Any other proposed office becomes a new post of tier ``office``, status ``open``.
- A proposed workstation standing where an open workstation post already stands (within
  ``SAME_PLACE_M``) is that post; any other becomes a new post of tier ``workstation``.
- Every other open office or workstation post is marked ``status`` = ``closed``, never deleted
  (its people, history and code stay on record). Stations are not touched.

The version's row records that it was adopted and when; its plan becomes the current plan.
All of it is one undoable command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from gisdesk.services.plans.versions import load_command, plan_frames, require_version
from layers.edits import ReplaceLayers
from layers.project import Project
from layers.schema import CRS

SAME_PLACE_M = 100.0
"""A proposed workstation this close to an open workstation post is that post."""


@dataclass
class Adoption:
    """What adopting a version changes, and the command that does it."""

    version: str
    adopted_at: str
    command: ReplaceLayers
    opened: list[str] = field(default_factory=list)
    """Codes of the new posts."""
    closed: list[str] = field(default_factory=list)
    """Codes of the posts marked closed."""
    kept: list[str] = field(default_factory=list)
    """Codes of the posts the plan keeps open."""

    def as_dict(self) -> dict:
        return {"version": self.version, "adopted_at": self.adopted_at, "opened": self.opened,
                "closed": self.closed, "kept": len(self.kept)}


def adopt(project: Project, name: str, now: datetime | None = None) -> Adoption:
    """The adoption of version ``name`` (an InputError names an unknown version)."""
    require_version(project, name)
    when = (now or datetime.now()).isoformat(timespec="seconds")
    frames = plan_frames(project, name)
    offices, workstations = frames["plan_offices"], frames["plan_workstations"]
    posts = project["posts"].copy()
    status = posts["status"].fillna("").astype(str)
    is_open = status != "closed"
    existing = dict(zip(posts["code"].astype(str), range(len(posts)), strict=True))
    keep_rows: set[int] = set()
    new_rows: list[dict] = []
    for o in offices.itertuples(index=False):
        if str(o.code) in existing:
            keep_rows.add(existing[str(o.code)])
        else:
            new_rows.append({"code": o.code, "name": o.name, "tier": "office", "station": o.station,
                             "status": "open", "geometry": o.geometry})
    ws_posts = posts[(posts["tier"] == "workstation") & is_open]
    ws_xy = _metric_xy(ws_posts, project)
    plan_xy = _metric_xy(workstations, project)
    villages = pd.DataFrame(project["villages"].drop(columns="geometry")).drop_duplicates("code").set_index("code")
    for k, w in enumerate(workstations.itertuples(index=False)):
        if str(w.code) in existing:
            keep_rows.add(existing[str(w.code)])
            continue
        if len(ws_xy):
            d = np.hypot(*(ws_xy - plan_xy[k]).T)
            j = int(np.argmin(d))
            if d[j] <= SAME_PLACE_M and int(ws_posts.index[j]) not in keep_rows:
                keep_rows.add(int(ws_posts.index[j]))
                continue
        village = str(w.village)
        known = village in villages.index
        new_rows.append({"code": w.code, "name": f"{villages.at[village, 'name']}警务工作站" if known else str(w.code),
                         "tier": "workstation", "station": str(villages.at[village, "station"]) if known else "",
                         "status": "open", "geometry": w.geometry})
    served = posts["tier"].isin(["office", "workstation"]).to_numpy()
    close = [i for i in range(len(posts)) if served[i] and is_open.iloc[i] and i not in keep_rows]
    posts.loc[posts.index[close], "status"] = "closed"
    posts.loc[posts.index[sorted(keep_rows)], "status"] = "open"
    if new_rows:
        posts = gpd.GeoDataFrame(pd.concat([posts, gpd.GeoDataFrame(new_rows, geometry="geometry", crs=CRS)],
                                           ignore_index=True), geometry="geometry", crs=CRS)
    table = project["plan_versions"].copy()
    mine = table["name"] == name
    table.loc[mine, "adopted"] = True
    table.loc[mine, "adopted_at"] = when
    load = load_command(project, name)
    command = ReplaceLayers({**load.frames, "posts": posts, "plan_versions": table},
                            text=f"Adopt plan version {name}", metadata=load.metadata)
    return Adoption(name, when, command, opened=[str(r["code"]) for r in new_rows],
                    closed=[str(posts["code"].iloc[i]) for i in close],
                    kept=sorted(str(posts["code"].iloc[i]) for i in keep_rows))


def _metric_xy(frame: gpd.GeoDataFrame, project: Project) -> np.ndarray:
    if len(frame) == 0:
        return np.zeros((0, 2))
    pts = frame.geometry.to_crs(epsg=project.metric_epsg())
    return np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
