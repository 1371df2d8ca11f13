"""The import steps for village lists: urban/rural inferred, villages placed by name.

Glue between the pipeline and :mod:`.area_types` / :mod:`.matching`: where the
candidates come from (the project's key sites and OSM places, a ``--match`` file) and
what happens to villages that could not be placed (left out, listed: never invented).
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.importing import area_types, matching
from layers.importing.source import Source
from layers.schema import CRS

OSM_PREFIX = "OSM"


def infer_area_types(frame: pd.DataFrame, source: Source, ur_column: str | None) -> dict[str, int]:
    """Fill ``frame["area_type"]`` where a source answers; the count per source (see :mod:`.area_types`)."""
    n = len(frame)
    ur = source.table[ur_column].tolist() if ur_column else [None] * n
    codes = frame["code"].tolist() if "code" in frame.columns else [None] * n
    names = frame["name"].tolist() if "name" in frame.columns else [None] * n
    inferred, counts = area_types.infer(ur, codes, names)
    if not counts and "area_type" not in frame.columns:
        return counts  # nothing to go on: validation names the missing column
    current = frame["area_type"].tolist() if "area_type" in frame.columns else [None] * n
    frame["area_type"] = [c if i is None else i for i, c in zip(inferred, current, strict=True)]
    return counts


def project_candidates(project) -> list[matching.Candidate]:
    """Named key sites and OSM places (villages with ``OSM`` codes) of the project."""
    if project is None:
        return []
    townships = _townships(project)
    out = matching.candidates_from_frame(project["key_sites"], "poi", townships)
    villages = project["villages"]
    if len(villages):
        osm_rows = villages[villages["code"].astype(str).str.startswith(OSM_PREFIX)]
        out += matching.candidates_from_frame(osm_rows, "place", townships, code_prefix=OSM_PREFIX)
    return out


def _townships(project):
    bounds = project["boundaries"]
    if len(bounds) == 0:
        return None
    town = bounds[bounds["level"] == "township"]
    return town if len(town) else None


def _near(project, area) -> str | None:
    """The box (with a margin) a --match file is read in: the clip area, else the project's
    boundaries; None (the whole file) when the project has neither."""
    if area is None and project is not None and len(project["boundaries"]):
        area = shapely.box(*project["boundaries"].total_bounds)
    if area is None:
        return None
    return ",".join(f"{v:.6f}" for v in area.buffer(0.05).bounds)


def file_candidates(path: str | os.PathLike, project, area=None) -> list[matching.Candidate]:
    """Candidates from another file (``--match``): places as places, POIs as evidence.

    Only the part near the county is read (see :func:`_near`): a province's places file
    streams through.
    """
    from layers.importing.pipeline import ImportOptions, import_file

    candidates: list[matching.Candidate] = []
    townships = _townships(project) if project is not None else None
    tried = []
    box = _near(project, area)
    for layer, kind in (("villages", "place"), ("key_sites", "poi")):
        try:
            result = import_file(path, layer, None, ImportOptions(skip_invalid=True, clip=box))
        except Exception as exc:  # a file of places is not one of POIs: try the other reading
            tried.append(exc)
            continue
        candidates += matching.candidates_from_frame(result.frame, kind, townships)
    if not candidates and tried:
        from layers.errors import InputError

        first = tried[0]
        reason = first.message if isinstance(first, InputError) else str(first)
        raise InputError("bad_option", f"--match: no named places or POIs to match against ({reason})",
                         file=Path(path).name) from first
    return candidates


def has_candidates(project, match_file) -> bool:
    """True when villages without coordinates can be looked for (a --match file or data in the project)."""
    if match_file:
        return True
    if project is None:
        return False
    return len(project["key_sites"]) > 0 or bool(
        len(project["villages"]) and project["villages"]["code"].astype(str).str.startswith(OSM_PREFIX).any()
    )


def place(
    frame: pd.DataFrame, geometry: gpd.GeoSeries, todo: np.ndarray, rows: list[int], project, match_file,
    area=None,
) -> tuple[gpd.GeoSeries, np.ndarray, list[dict], list[str], dict]:
    """Place the rows ``todo`` (no coordinates) by name.

    Returns the geometry with matched rows filled in, the rows to keep (the others are
    ambiguous or unmatched), the list of those others, the codes of project villages (OSM
    places) that matched villages take over, and the counts.
    """
    candidates = project_candidates(project) if project is not None else []
    if match_file:
        candidates += file_candidates(Path(match_file), project, area)
    names = frame["name"].tolist() if "name" in frame.columns else [None] * len(frame)
    towns = frame["township"].tolist() if "township" in frame.columns else [None] * len(frame)
    idx = np.flatnonzero(todo)
    xs = [c.x for c in candidates] or [117.0]
    from layers.metric_zone import gk_zone_epsg

    outcomes = matching.match([names[i] for i in idx], [towns[i] for i in idx], candidates,
                              gk_zone_epsg((min(xs) + max(xs)) / 2.0))
    geoms = np.asarray(geometry.values, dtype=object).copy()
    keep = np.ones(len(frame), dtype=bool)
    left: list[dict] = []
    replaced: list[str] = []
    counts = {"exact": 0, "suffix": 0, "ambiguous": 0, "unmatched": 0}
    codes = frame["code"].tolist() if "code" in frame.columns else [None] * len(frame)
    for i, o in zip(idx, outcomes, strict=True):
        if o.status == "matched":
            geoms[i] = o.point
            counts[o.tier or "exact"] += 1  # a match always has its tier
            if o.replaces:
                replaced.append(o.replaces)
            continue
        keep[i] = False
        counts[o.status] += 1
        left.append({
            "row": rows[i], "code": "" if codes[i] is None else str(codes[i]), "name": names[i] or "",
            "township": towns[i] or "", "status": o.status, "candidates": o.evidence[:5],
        })
    facts = {
        "matched": counts["exact"] + counts["suffix"], "matched_exact": counts["exact"],
        "matched_suffix": counts["suffix"], "ambiguous": counts["ambiguous"], "unmatched_count": counts["unmatched"],
        "candidates": len(candidates),
    }
    out = gpd.GeoSeries(geoms, index=geometry.index, crs=CRS)
    return out, keep, left, sorted(set(replaced)), facts


def empty_rows(geometry: gpd.GeoSeries) -> np.ndarray:
    values = np.asarray(geometry.values, dtype=object)
    return np.array([g is None or shapely.is_empty(g) for g in values], dtype=bool)
