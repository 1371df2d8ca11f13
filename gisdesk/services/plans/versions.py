"""Plan versions kept in the project: save the current plan under a name, list, load, delete.

A version is one row of ``plan_versions`` (name, note, when it was made, whether and when
it was adopted, the ``site`` parameters as JSON) and copies of the three plan layers in
``plan_version_offices`` / ``_workstations`` / ``_assignment`` with a ``version`` column
(:data:`layers.schema.PLAN_VERSION_LAYERS`). They are layers of the project file, so they
are saved with it atomically, and QGIS shows each as one layer filtered by ``version``.

Every change is an undoable :class:`layers.edits.ReplaceLayers`: loading a version puts its
plan layers and parameters in place of the current ones in one step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.project import parameters_entry
from layers.schema import PLAN_LAYERS, coerce

CURRENT = ("current", "当前")
"""The words that name the plan in the plan layers (not a saved version)."""
COPIES = {"plan_offices": "plan_version_offices", "plan_workstations": "plan_version_workstations",
          "plan_assignment": "plan_version_assignment"}
"""Each plan layer and the layer holding its versions' copies."""


@dataclass(frozen=True)
class PlanVersion:
    """One saved version, as listed: its row of ``plan_versions`` and the sizes of its plan."""

    name: str
    note: str
    created: str
    adopted: bool
    adopted_at: str
    offices: int
    workstations: int
    villages: int

    def as_dict(self) -> dict:
        return {"name": self.name, "note": self.note, "created": self.created, "adopted": self.adopted,
                "adopted_at": self.adopted_at or None, "offices": self.offices,
                "workstations": self.workstations, "villages": self.villages}


def is_current(name: str) -> bool:
    """True when ``name`` is a word for the plan in the plan layers."""
    return name.strip().lower() in CURRENT


def list_versions(project) -> list[PlanVersion]:
    """The saved versions, oldest first."""
    table = project["plan_versions"]
    out = []
    for row in table.itertuples(index=False):
        counts = {layer: int((project[copy]["version"] == row.name).sum()) for layer, copy in COPIES.items()}
        villages = project["plan_version_assignment"]
        out.append(PlanVersion(
            name=str(row.name), note=str(row.note or ""), created=str(row.created or ""), adopted=bool(row.adopted),
            adopted_at=str(row.adopted_at or ""), offices=counts["plan_offices"],
            workstations=counts["plan_workstations"],
            villages=int(villages.loc[villages["version"] == row.name, "village"].nunique())))
    return out


def version_names(project) -> list[str]:
    return [str(n) for n in project["plan_versions"]["name"]]


def require_version(project, name: str) -> str:
    """``name`` if a version of that name is saved, else an InputError naming it (exit 2)."""
    names = version_names(project)
    if name not in names:
        known = "、".join(names) if names else "none saved"
        raise InputError("unknown_plan", f"no plan version named {name!r} (versions: {known})",
                         layer="plan_versions", field="name")
    return name


def plan_frames(project, name: str) -> dict[str, pd.DataFrame]:
    """The three plan layers of version ``name`` (or of the current plan), in the plan schema."""
    if is_current(name):
        return {layer: project[layer] for layer in PLAN_LAYERS}
    require_version(project, name)
    out = {}
    for layer, copy in COPIES.items():
        frame = project[copy]
        mine = frame[frame["version"] == name].drop(columns="version")
        out[layer] = coerce(layer, mine)
    return out


def plan_parameters(project, name: str) -> dict:
    """The ``site`` parameters a version (or the current plan) was made with; {} if none."""
    if is_current(name):
        text = project.metadata.get("params.site", "")
    else:
        require_version(project, name)
        table = project["plan_versions"]
        text = str(table.loc[table["name"] == name, "parameters"].iloc[0] or "")
    try:
        params = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return params if isinstance(params, dict) else {}


def _check_new_name(project, name: str) -> str:
    name = name.strip()
    if not name:
        raise InputError("bad_option", "NAME: a plan version needs a name", layer="plan_versions", field="name")
    if is_current(name):
        raise InputError("bad_option", f"NAME: {name!r} is the word for the current plan; choose another name",
                         layer="plan_versions", field="name")
    if name in version_names(project):
        raise InputError("duplicate_plan", f"a plan version named {name!r} is already saved",
                         layer="plan_versions", field="name")
    return name


def save_command(project, name: str, note: str = "", now: datetime | None = None) -> ReplaceLayers:
    """Save the current plan as version ``name``: one undoable command.

    Refused (InputError) without a plan, or when the name is taken or is a word for the
    current plan.
    """
    name = _check_new_name(project, name)
    if not any(len(project[layer]) for layer in PLAN_LAYERS):
        raise InputError("no_plan", "there is no plan to save (run site first)", layer="plan_offices")
    created = (now or datetime.now()).isoformat(timespec="seconds")
    frames: dict[str, pd.DataFrame] = {}
    for layer, copy in COPIES.items():
        rows = project[layer].copy()
        rows.insert(0, "version", name)
        frames[copy] = _append(project[copy], rows)
    row = pd.DataFrame([{"name": name, "note": note.strip(), "created": created, "adopted": False, "adopted_at": "",
                         "parameters": project.metadata.get("params.site", "")}])
    frames["plan_versions"] = _append(project["plan_versions"], row)
    return ReplaceLayers(frames, text=f"Save plan version {name}")


def delete_command(project, name: str) -> ReplaceLayers:
    """Delete version ``name`` (its row and its copies): one undoable command."""
    require_version(project, name)
    frames = {copy: _without(project[copy], "version", name) for copy in COPIES.values()}
    frames["plan_versions"] = _without(project["plan_versions"], "name", name)
    return ReplaceLayers(frames, text=f"Delete plan version {name}")


def load_command(project, name: str) -> ReplaceLayers:
    """Make version ``name`` the current plan (its layers and ``site`` parameters): one undoable step."""
    frames = plan_frames(project, require_version(project, name))
    params = plan_parameters(project, name)
    return ReplaceLayers(frames, text=f"Load plan version {name}", metadata=parameters_entry("site", params))


def _append(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    if len(frame) == 0:
        return rows.reset_index(drop=True)
    if len(rows) == 0:
        return frame
    out = pd.concat([frame, rows], ignore_index=True)
    if hasattr(frame, "geometry"):
        import geopandas as gpd

        out = gpd.GeoDataFrame(out, geometry=frame.geometry.name, crs=frame.crs)
    return out


def _without(frame: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    return frame[frame[column] != value].reset_index(drop=True)
