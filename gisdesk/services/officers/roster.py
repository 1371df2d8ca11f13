"""The roster as the services read it: who can carry grids, where they sit, what grids need.

One home for the questions every officer feature asks: the people of a station who may
take grids (active, ``max_grids`` > 0), where a person sits (their post, else their
station's headquarters), what a grid needs (:meth:`layers.standard.Standard.officers_required`
with the standard the grids were drawn with) and the county bureau's officer total (a
project setting, because the roster holds only station staff).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.project import Project
from layers.standard import Standard

BUREAU_OFFICERS = "bureau.officers"
"""Metadata key: the county bureau's total of officers (民警), for the station-share ratio."""


def bureau_officers(project: Project) -> int | None:
    """The county bureau's officer total recorded in the project, or None when not known."""
    text = str(project.metadata.get(BUREAU_OFFICERS, "") or "").strip()
    try:
        value = int(float(text))
    except ValueError:
        return None
    return value if value > 0 else None


def bureau_officers_command(total: int | None) -> ReplaceLayers:
    """The undoable command that records (or, with None, clears to unknown) the bureau's total."""
    if total is not None and (isinstance(total, bool) or not isinstance(total, int | np.integer) or total <= 0):
        raise InputError("bad_parameter", f"must be a positive whole number, got {total!r}", field="bureau_officers")
    return ReplaceLayers({}, text="Set the bureau's officer total",
                         metadata={BUREAU_OFFICERS: "" if total is None else str(int(total))})


def grid_needs(project: Project, standard: Standard | None = None) -> np.ndarray:
    """People each grid needs, in the grids layer's order (the recorded standard by default)."""
    s = standard or Standard.recorded(project.metadata)
    g = project["grids"]
    return np.array([s.officers_required(p, h, a) for p, h, a in
                     zip(g["population"], g["households"], g["area_type"], strict=True)], dtype=int)


def can_carry(officers: pd.DataFrame) -> np.ndarray:
    """True for the people who may be given grids: active and ``max_grids`` above 0."""
    return (officers["active"].to_numpy(bool) & (officers["max_grids"].to_numpy(int) > 0))


def seats(project: Project) -> pd.Series:
    """Each person's seat as a post code: their ``post`` when it is a post of the project,
    else their station's headquarters (the post of tier station), else "" (unknown)."""
    posts = project["posts"]
    officers = project["officers"]
    known = set(posts["code"])
    hq = posts[posts["tier"] == "station"].drop_duplicates("station").set_index("station")["code"]
    own = officers["post"].where(officers["post"].isin(known), "")
    fallback = officers["station"].map(hq).fillna("")
    return own.where(own != "", fallback).astype(object)


def station_of_grids(project: Project) -> dict[str, str]:
    g = project["grids"]
    return dict(zip(g["code"], g["station"], strict=True))


def contact_columns(project: Project, assignments: pd.DataFrame) -> tuple[list[str], list[str]]:
    """``officer_name`` / ``officer_phone`` for every grid from the assignments: the people of
    each grid (officers before auxiliaries, then by code) joined with 、; "" where no one."""
    grids = project["grids"]
    people = project["officers"].set_index("code")
    names: dict[str, list[tuple[int, str, str, str]]] = {}
    for officer, grid in zip(assignments["officer"], assignments["grid"], strict=True):
        if officer not in people.index:
            continue
        row = people.loc[officer]
        names.setdefault(grid, []).append((0 if row["role"] == "officer" else 1, officer, row["name"], row["phone"]))
    out_names, out_phones = [], []
    for code in grids["code"]:
        entries = sorted(names.get(code, []))
        out_names.append("、".join(n for _r, _c, n, _p in entries if n))
        out_phones.append("、".join(p for _r, _c, _n, p in entries if p))
    return out_names, out_phones


def with_contacts(project: Project, assignments: pd.DataFrame) -> pd.DataFrame:
    """The grids layer with ``officer_name`` and ``officer_phone`` taken from ``assignments``."""
    grids = project["grids"].copy()
    names, phones = contact_columns(project, assignments)
    grids["officer_name"] = names
    grids["officer_phone"] = phones
    return grids


__all__ = [
    "BUREAU_OFFICERS",
    "bureau_officers",
    "bureau_officers_command",
    "can_carry",
    "contact_columns",
    "grid_needs",
    "seats",
    "station_of_grids",
    "with_contacts",
]
