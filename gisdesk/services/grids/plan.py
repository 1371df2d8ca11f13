"""Redraw the grids: urban communities partitioned from units, one grid per rural village.

Urban: per (station, community), k = the officers the standard requires of the whole
community (:meth:`layers.standard.Standard.officers_required`) grids, partitioned from the community's units (adjacency from shared boundaries; units
given as points get Voronoi cells clipped to the community) with balanced, contiguous,
compact districts. Rural: one grid per village (Voronoi cell of the village point within
its township, urban communities cut out); a village above the rural threshold is split
when it has units, otherwise flagged as needing more than one officer. An urban community
without units is cut from blocks derived from its roads, its population spread over them by
area and marked as an estimate (:mod:`.blocks`; said in the exceptions and ``estimated``).

Unknown counts (NULL) are not refused: a unit of unknown population counts as 0 people in
the balance (it still belongs to a grid, so the grids cover the community) and is named in
the exceptions; a grid's population is the sum of its members' known populations, NULL
when none is known (a rural village of unknown population: one grid, one officer, its
population NULL). ``check`` lists every unknown count. Grids that survive
(most of their members unchanged) keep their code, name, officer and phone. The
communities' partitions are independent tasks (:mod:`.balance`), run on every core by
the command line and the window (:mod:`gisdesk.services.workers`).

``grids_command(result, params)`` is the one way the result enters a project: an undoable
command that replaces both layers and records the parameters. The command line pushes it
and saves; the window pushes it on its stack.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Unpack

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from algorithms.districting import polsby_popper, voronoi_cells
from algorithms.progress import ProgressCallback, check, report
from gisdesk.services.grids.balance import balance_community
from gisdesk.services.grids.geometry import adjacency, bridge_components, dissolve
from gisdesk.services.workers import LazyTasks, PooledRun, run_tasks, task_seed, warm_pool
from layers.edits import ReplaceLayers
from layers.errors import InputError
from layers.metric_zone import to_metric
from layers.project import Project, parameters_entry
from layers.schema import CRS, coerce
from layers.standard import Standard


@dataclass(frozen=True)
class GridParams:
    """The staffing standard per grid and how hard to balance; checked when made (an
    :class:`InputError` whose ``field`` names the bad parameter). ``time_limit``: seconds
    per community; None counts the search's work instead (the same grids on any machine)."""

    standard: Standard = field(default_factory=Standard)
    tolerance: float = 0.10
    seed: int = 1
    time_limit: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.tolerance, bool) or not isinstance(self.tolerance, (int, float)) or not 0 < self.tolerance < 1:
            raise InputError("bad_parameter", f"must be between 0 and 1, got {self.tolerance!r}", field="tolerance")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise InputError("bad_parameter", f"must be a whole number, zero or more, got {self.seed!r}", field="seed")
        if self.time_limit is not None and not (isinstance(self.time_limit, (int, float)) and self.time_limit > 0):
            raise InputError("bad_parameter", f"must be positive, got {self.time_limit!r}", field="time_limit")

    def as_dict(self) -> dict:
        """What the project records of a redraw (``params.grids``)."""
        s = self.standard
        return {"urban_people": s.urban_people, "urban_households": s.urban_households, "rural_people": s.rural_people,
                "tolerance": self.tolerance, "seed": self.seed, "time_limit": self.time_limit}


@dataclass
class GridResult:
    grids: gpd.GeoDataFrame
    members: pd.DataFrame
    summary: dict = field(default_factory=dict)
    units: gpd.GeoDataFrame | None = None
    """The new units layer when blocks were derived from the roads (or old ones dropped);
    None when the units stay as they are."""


def compute_grids(
    project: Project,
    params: GridParams | None = None,
    **run: Unpack[PooledRun],
) -> GridResult:
    """Compute new grids and members; does not modify the project.

    The communities are partitioned on ``workers`` (default: in this process; the command
    line and the window use every core); the grids are the same whatever the count."""
    progress, cancel, workers = run.get("progress"), run.get("cancel"), run.get("workers")
    p = params or GridParams()
    started = time.perf_counter()
    with warm_pool(workers, balance_community.__module__) as warm:  # the workers start while the units are read
        epsg = project.metric_epsg()
        units, villages, bounds = (_metric(project, name, epsg) for name in ("units", "villages", "boundaries"))
        community_shapes = _shapes(bounds, "community")
        rows: list[dict] = []
        members: list[tuple[str, str]] = []
        exceptions: list[dict] = []
        stats: dict = {"deviations": [], "cut_edges": 0, "proven": 0, "split": 0}
        units, new_units, estimates = _with_blocks(project, units, villages, community_shapes, epsg, p)
        exceptions.extend({"station": e["station"], "reason": f"{e['name']}: {e['reason']}"} for e in estimates)

        communities, rural_with_units = _communities(units, villages, community_shapes, p, progress, cancel)
        split = [c for c in communities if c.k > 1]
        rural_rows: list[dict] = []
        rural_members: list[tuple[str, str]] = []
        rural_exceptions: list[dict] = []

        def meanwhile() -> Iterator[None]:  # in this process, a step at a time, while the workers partition
            for c in communities:
                if c.k == 1:
                    _shape(c)
                    yield
            yield from _rural_grids(villages, bounds, community_shapes, rural_with_units, p, rural_rows,
                                    rural_members, rural_exceptions)

        balanced = run_tasks(
            balance_community, LazyTasks(len(split), lambda i: _task(_shape(split[i]), p)), workers, progress=_scaled(progress, 0.25, 0.85),
            cancel=cancel, labels=[f"community {c.community}" for c in split], sizes=[float(len(c.pop)) for c in split],
            meanwhile=meanwhile, warm=warm)
    outcome = iter(balanced)
    for c in communities:
        labels, notes, facts = next(outcome) if c.k > 1 else (np.zeros(len(c.pop), dtype=int), [], {})
        if facts:
            stats["split"] += 1
            stats["cut_edges"] += facts["cut_edges"]
            stats["proven"] += facts["proven"]
        exceptions.extend({"station": c.station, "reason": f"{c.name}: {note}"} for note in c.notes + notes)
        _emit(c, labels, p, rows, members, stats)
    report(progress, 0.9, "rural grids")
    rows.extend(rural_rows)
    members.extend(rural_members)
    exceptions.extend(rural_exceptions)

    grids = gpd.GeoDataFrame(rows, geometry="geometry", crs=epsg) if rows else None
    if grids is None:
        from layers.schema import empty_layer

        return GridResult(empty_layer("grids"), empty_layer("grid_members"),
                          _summary([], [], exceptions, stats, started, estimates), new_units)
    member_frame = pd.DataFrame(members, columns=["grid", "member"])
    grids, member_frame = _carry_over(project, grids, member_frame)
    pp = polsby_popper(np.asarray(grids.geometry.values))
    grids = grids.to_crs(CRS)
    return GridResult(grids, member_frame, _summary(rows, pp, exceptions, stats, started, estimates), new_units)


def community_tasks(project: Project, params: GridParams | None = None) -> list[tuple]:
    """The :func:`.balance.balance_community` arguments of a redraw: one tuple per community
    cut into several grids, in the order :func:`compute_grids` runs them (what
    ``benchmarks/bench_grids.py`` times on its own)."""
    p = params or GridParams()
    epsg = project.metric_epsg()
    units, villages, bounds = (_metric(project, name, epsg) for name in ("units", "villages", "boundaries"))
    shapes = _shapes(bounds, "community")
    units, _, _ = _with_blocks(project, units, villages, shapes, epsg, p)
    communities, _ = _communities(units, villages, shapes, p, None, None)
    return [_task(_shape(c), p) for c in communities if c.k > 1]


def _metric(project: Project, name: str, epsg):
    frame = project[name]
    return to_metric(frame, epsg) if len(frame) else frame


def grids_command(result: GridResult, params: GridParams | None = None, text: str = "Redraw grids") -> RedrawGrids:
    """The undoable command that puts a redraw into a project: both layers (and the units,
    when blocks were derived from the roads), the parameters, and the officers' assignments
    to grids the redraw removed taken off, in one step (``text`` is what the Edit menu shows)."""
    frames = {"grids": result.grids, "grid_members": result.members}
    if result.units is not None:
        frames["units"] = result.units
    return RedrawGrids(frames, text=text, metadata=parameters_entry("grids", (params or GridParams()).as_dict()))


@dataclass
class RedrawGrids(ReplaceLayers):
    """Replaces the grid layers and drops the assignments to grids that no longer exist,
    read from the project the command is applied to (the window redraws a snapshot while
    the planner may go on editing): an officer whose grid the redraw removed is left without
    one (``assign --keep-existing`` gives them one) instead of pointing at a grid that is
    gone. Grids that survive a redraw keep their code (:func:`_carry_over`), so their
    assignments stay. ``removed``: the assignments taken off by the last ``do``."""

    removed: pd.DataFrame | None = None

    @property
    def layers(self) -> tuple[str, ...]:
        return (*self.frames, "assignments")

    def do(self, project) -> None:
        current = project["assignments"]
        kept = current["grid"].astype(str).isin(set(self.frames["grids"]["code"].astype(str)))
        self.removed = current[~kept].reset_index(drop=True)
        super().do(project)
        if len(self.removed):
            self._old["assignments"] = current
            project["assignments"] = current[kept].reset_index(drop=True)


# ------------------------------------------------------------------ blocks from roads
def _with_blocks(project: Project, units, villages, community_shapes, epsg, p: GridParams):
    """(units to partition, the new units layer or None, the estimates): urban communities
    without units get blocks derived from the roads (:mod:`.blocks`); blocks derived by an
    earlier redraw are derived again."""
    from gisdesk.services.grids.blocks import derive_units

    stored = project["units"]
    was_estimated = stored["estimated"].fillna(False).astype(bool) if len(stored) else pd.Series(dtype=bool)
    real = units[~was_estimated.to_numpy()] if len(units) else units
    urban = villages[villages["area_type"] == "urban"] if len(villages) else villages
    if not was_estimated.any() and urban["code"].isin(set(real["community"]) if len(real) else set()).all():
        return units, None, []  # every community has its units: the roads are not even read
    roads = to_metric(project["roads"], epsg) if len(project["roads"]) else project["roads"]
    derived, estimates = derive_units(villages, real, roads, community_shapes, p.standard)
    if len(derived) == 0 and not was_estimated.any():
        return units, None, estimates
    parts = [f for f in (real, derived) if len(f)]
    units = pd.concat(parts, ignore_index=True) if len(parts) > 1 else (parts[0] if parts else real)
    keep = stored[~was_estimated.to_numpy()]
    layer = pd.concat([keep, derived.to_crs(CRS)], ignore_index=True) if len(derived) else keep
    return units, coerce("units", layer), estimates


# ------------------------------------------------------------------ urban partition
@dataclass
class _Community:
    """A community's units ready for partitioning: the arrays its task gets, and the
    geometry the grids are dissolved from afterwards (which stays here). Its shapes
    (``geoms``, ``edges`` and their ``notes``) are made by :func:`_shape`, when its task is
    submitted, so the workers already partition the communities before it."""

    station: str
    community: str
    name: str
    area_type: str
    k: int
    codes: np.ndarray
    pop: np.ndarray
    hh: np.ndarray
    unknown: np.ndarray
    """Units whose population is not known (0 in ``pop``)."""
    units: gpd.GeoDataFrame
    outline: object  # the community's boundary polygon, None if not known
    geoms: np.ndarray | None = None
    edges: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)


def _communities(units, villages, community_shapes, p: GridParams, progress, cancel) -> tuple[list[_Community], set]:
    """The communities to partition (urban ones, and rural villages with units that need
    more than one officer), and the codes of those rural villages."""
    groups = list(units.groupby(["station", "community"], sort=True)) if len(units) else []
    rural_with_units = set()
    communities: list[_Community] = []
    for gi, ((station, community), frame) in enumerate(groups):
        check(cancel)
        report(progress, 0.05 + 0.2 * gi / max(len(groups), 1), f"community {community}")
        vrow = villages[villages["code"] == community] if len(villages) else villages
        is_rural_village = len(vrow) and vrow["area_type"].iloc[0] == "rural"
        if is_rural_village:
            if p.standard.officers_required(vrow["population"].iloc[0], None, "rural") == 1:
                continue
            rural_with_units.add(community)
        communities.append(_prepare(station, community, frame, vrow, community_shapes.get(community), p,
                                    bool(is_rural_village)))
    return communities, rural_with_units


def _task(c: _Community, p: GridParams) -> tuple:
    return (c.edges, c.pop, c.k, p.tolerance, task_seed(p.seed, c.community), p.time_limit, c.codes)


def _prepare(station, community, frame, vrow, shape, p: GridParams, rural: bool) -> _Community:
    pop, hh = _counts(frame["population"]), _counts(frame["households"])
    area_type = "rural" if rural else "urban"
    k = p.standard.officers_required(np.nansum(pop), np.nansum(hh), area_type)
    k = min(k, len(frame))
    name = vrow["name"].iloc[0] if len(vrow) else community
    return _Community(station, community, name, area_type, k, frame["code"].to_numpy(), np.nan_to_num(pop), hh,
                      np.isnan(pop), frame, shape)


def _shape(c: _Community) -> _Community:
    """Make the community's unit shapes (Voronoi cells of units given as points), their
    adjacency (pieces bridged) and the notes they call for, once."""
    if c.geoms is not None:
        return c
    frame = c.units
    geoms = np.asarray(frame.geometry.values)
    if np.all(shapely.get_type_id(geoms) == 0):
        frame_shape = c.outline if c.outline is not None else shapely.convex_hull(shapely.multipoints(geoms)).buffer(100)
        xy = shapely.get_coordinates(geoms)
        geoms = voronoi_cells(xy, frame_shape)
    geoms = shapely.make_valid(geoms)
    edges = adjacency(geoms)
    centres = shapely.get_coordinates(shapely.point_on_surface(geoms))
    edges, pieces = bridge_components(centres, edges)
    notes = [f"units form {pieces} separate pieces; joined across gaps"] if pieces > 1 else []
    unknown = c.codes[c.unknown]
    derived = "estimated" in frame.columns and frame["estimated"].fillna(False).astype(bool).all()
    if len(unknown) and not derived:  # blocks of a community of unknown population: said where derived
        listed = ", ".join(map(str, unknown[:5])) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        notes.append(f"population unknown for {len(unknown)} units ({listed}): counted as 0 in the balance, "
                     "their grids' population is the sum of the known units")
    c.geoms, c.edges, c.notes = geoms, edges, notes
    return c


def _emit(c: _Community, labels: np.ndarray, p: GridParams, rows, members, stats) -> None:
    """The community's grids (dissolved units) and their members from the partition."""
    rural = c.area_type == "rural"
    total_pop = int(c.pop.sum())
    assert c.geoms is not None  # set by _shape
    for d in range(c.k):
        sel = labels == d
        if not sel.any():
            continue
        g_pop = None if c.unknown[sel].all() else int(c.pop[sel].sum())
        g_hh = None if np.isnan(c.hh[sel]).all() else int(np.nansum(c.hh[sel]))
        officers = p.standard.officers_required(g_pop, g_hh, c.area_type)
        ideal = total_pop / c.k
        stats["deviations"].append(abs((g_pop or 0) - ideal) / ideal if ideal else 0.0)
        code = f"{c.community}-G{d + 1:02d}"
        rows.append(_row(code, f"{c.name}第{d + 1}警格" if c.k > 1 else f"{c.name}警格", c.station,
                         "" if rural else c.community, c.area_type, g_pop, g_hh, officers, dissolve(c.geoms[sel])))
        members.extend((code, m) for m in c.codes[sel])


def _scaled(progress: ProgressCallback | None, lo: float, hi: float) -> ProgressCallback | None:
    if progress is None:
        return None
    return lambda f, msg: progress(lo + (hi - lo) * f, msg)


def _row(code, name, station, community, area_type, pop, hh, officers, geom) -> dict:
    return {
        "code": code, "name": name, "station": station, "community": community, "area_type": area_type,
        "population": pop, "households": hh, "officers_required": officers,
        "officer_name": "", "officer_phone": "", "geometry": geom,
    }


# ------------------------------------------------------------------ rural grids
def _shapes(bounds: gpd.GeoDataFrame, level: str) -> dict:
    if len(bounds) == 0:
        return {}
    sel = bounds[bounds["level"] == level]
    return dict(zip(sel["code"], sel.geometry.values, strict=False))


def _rural_grids(villages, bounds, community_shapes, with_units, p: GridParams, rows, members,
                 exceptions) -> Iterator[None]:
    """A grid per rural village without units (its Voronoi cell in its township, urban
    communities cut out), added to ``rows``; one step (``yield``) per township."""
    if len(villages) == 0:
        return
    rural = villages[(villages["area_type"] == "rural") & ~villages["code"].isin(with_units)]
    if len(rural) == 0:
        return
    urban = np.array(list(community_shapes.values()), dtype=object)
    urban_tree = shapely.STRtree(urban) if len(urban) else None
    keys, frames = _townships(rural, bounds)
    for key, sel in rural.groupby(keys, sort=True):
        frame_shape = frames.get(key)
        geoms = np.asarray(sel.geometry.values)
        if np.all(shapely.get_type_id(geoms) == 0):
            if frame_shape is None:
                frame_shape = shapely.convex_hull(shapely.multipoints(geoms)).buffer(2000)
            cells = voronoi_cells(shapely.get_coordinates(geoms), frame_shape)
        else:
            cells = geoms
        near = urban_tree.query(shapely.box(*shapely.total_bounds(cells))) if urban_tree is not None else []
        if len(near):
            urban_cut = shapely.union_all(urban[np.sort(near)])
            cells = np.array([_polygonal(c) for c in shapely.difference(cells, urban_cut, grid_size=0.01)], dtype=object)
        for v, cell in zip(sel.itertuples(), cells, strict=False):
            pop, hh = _count(v.population), _count(v.households)
            officers = p.standard.officers_required(pop, hh, "rural")
            if officers > 1:
                exceptions.append({"station": v.station, "reason": f"{v.name}: {v.population} residents need {officers} officers (no units to split it)"})
            code = f"{v.code}-G01"
            rows.append(_row(code, f"{v.name}警格", v.station, "", "rural", pop, hh, officers, cell))
            members.append((code, v.code))
        yield


def _counts(series: pd.Series) -> np.ndarray:
    """A count column as floats, NaN where the count is not known (NULL)."""
    return pd.to_numeric(series, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _count(value) -> int | None:
    """One count as an int, None when not known: a grid's unknown count stays NULL."""
    return None if pd.isna(value) else int(value)


def _polygonal(geom):
    """Only the polygon parts of a geometry (a difference may leave lines and points)."""
    if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _townships(rural, bounds) -> tuple[np.ndarray, dict]:
    """The township polygon each rural village lies in (a key per village) and the polygons.

    Villages name their township (or give its code); two townships of one name, as in a
    project of several counties that each have a 城关镇, are told apart by the polygon
    that holds the village (else the nearest). A name without a polygon keeps its
    villages together; their frame is then their hull."""
    names = rural["township"].astype(str).to_numpy()
    keys = names.astype(object)
    frames: dict = {}
    towns = bounds[bounds["level"] == "township"] if len(bounds) else bounds
    if len(towns) == 0:
        return keys, frames
    shapes = towns.geometry.values
    lookup: dict[str, list[int]] = {}
    for i, (name, code) in enumerate(zip(towns["name"].astype(str), towns["code"].astype(str), strict=True)):
        lookup.setdefault(name, []).append(i)
        if code != name:
            lookup.setdefault(code, []).append(i)
    xy = shapely.get_coordinates(shapely.point_on_surface(np.asarray(rural.geometry.values)))
    for name in np.unique(names):
        found = lookup.get(name, [])
        if not found:
            continue
        rows = np.flatnonzero(names == name)
        pick = np.zeros(len(rows), dtype=int)
        if len(found) > 1:
            pts = shapely.points(xy[rows])
            dist = np.column_stack([shapely.distance(shapes[i], pts) for i in found])
            pick = np.argmin(dist, axis=1)
        for j, i in enumerate(found):
            key = f"{name}#{i}"
            keys[rows[pick == j]] = key
            frames[key] = shapes[i]
    return keys, frames


# ------------------------------------------------------------------ carry-over and summary
def _carry_over(project: Project, grids: gpd.GeoDataFrame, members: pd.DataFrame):
    """Grids whose members mostly survive keep the old code, name, officer and phone; the
    others get codes no old grid had, so that nothing recorded against an old grid (an
    officer's assignment) silently moves to a different area."""
    old = project["grids"]
    old_members = project["grid_members"]
    if len(old) == 0 or len(old_members) == 0:
        return grids, members
    old_sets = old_members.groupby("grid")["member"].apply(set).to_dict()
    new_sets = members.groupby("grid")["member"].apply(set).to_dict()
    member_to_old = {m: g for g, ms in old_sets.items() for m in ms}
    pairs = []
    for g, ms in new_sets.items():
        for og in {member_to_old[m] for m in ms if m in member_to_old}:
            jaccard = len(ms & old_sets[og]) / len(ms | old_sets[og])
            if jaccard >= 0.5:
                pairs.append((jaccard, g, og))
    inherited: dict[str, str] = {}
    for _, g, og in sorted(pairs, reverse=True):
        if g not in inherited and og not in inherited.values():
            inherited[g] = og
    rename = dict(inherited)
    used = set(rename.values()) | set(old["code"].astype(str))  # a new grid never takes a removed grid's code
    for g in grids["code"]:
        if g not in rename:
            rename[g] = _fresh(g, used) if g in used else g
            used.add(rename[g])
    old_by_code = old.set_index("code")
    grids = grids.copy()
    carried = [inherited.get(g) for g in grids["code"]]
    grids["code"] = grids["code"].map(rename)
    for i, og in enumerate(carried):
        if og is None:
            continue
        for col in ("name", "officer_name", "officer_phone"):
            value = old_by_code.at[og, col]
            if value:
                grids.loc[i, col] = value
    members = members.assign(grid=members["grid"].map(rename))
    return grids, members


def _fresh(code: str, used: set[str]) -> str:
    base = code.rsplit("-G", 1)[0]
    n = 1
    while f"{base}-G{n:02d}" in used:
        n += 1
    return f"{base}-G{n:02d}"


def _summary(rows, pp, exceptions, stats, started, estimates=()) -> dict:
    devs = stats["deviations"]
    return {
        "grids": len(rows),
        "urban_grids": sum(1 for r in rows if r["area_type"] == "urban"),
        "rural_grids": sum(1 for r in rows if r["area_type"] == "rural"),
        "officers_required": int(sum(r["officers_required"] for r in rows)),
        "max_deviation": round(float(max(devs)) if devs else 0.0, 4),
        "contiguous": all(r["geometry"].geom_type == "Polygon" for r in rows if r["area_type"] == "urban"),
        "mean_polsby_popper": round(float(np.mean(pp)), 4) if len(pp) else 0.0,
        "cut_edges": stats.get("cut_edges", 0),
        "communities_split": stats.get("split", 0),
        "communities_proven": stats.get("proven", 0),
        "exceptions": exceptions,
        "estimated": [{k: e[k] for k in ("community", "name", "blocks", "population")} for e in estimates if e["blocks"]],
        "seconds": round(time.perf_counter() - started, 2),
    }
