"""Editing patrol grids by hand: reassign units, split, merge, lock, rebalance, undo.

A Qt-free service. :class:`GridEditor` holds the working state of the urban grids (which
unit belongs to which grid, each grid's totals, locks) and produces commands with
``do(project)`` / ``undo(project)`` for the project's command stack; every command
rewrites only the grids it touches (their rows in ``grids`` and ``grid_members``), so
statistics after an edit cost a few milliseconds even for a station of thousands of
units. A grid's statistics follow the bureau's :class:`~layers.standard.Standard`. A
non-contiguous grid is allowed while editing and reported with its pieces.

Computing a balanced split or a rebalance is the algorithms' job: :mod:`.editing` asks
``algorithms.districting`` for new labels and hands them to :meth:`GridEditor.assign`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from algorithms.districting import components, neighbour_lists, polsby_popper
from layers.errors import InputError
from layers.metric_zone import to_metric
from layers.project import Project
from layers.standard import Standard
from layers.topology import adjacency

LOCK_COLUMN = "locked"
GRID_LAYERS = ("grids", "grid_members")


@dataclass
class GridStats:
    """What the grids panel shows for one grid."""

    code: str
    population: int | None
    households: int | None
    officers_required: int
    deviation: float
    pieces: int
    polsby_popper: float
    locked: bool
    units: int

    @property
    def contiguous(self) -> bool:
        return self.pieces <= 1


@dataclass
class Assign:
    """Move members to grids (creating grids that do not exist yet); undo moves them back."""

    editor: GridEditor
    changes: dict[str, str]
    text: str
    _before: dict[str, str] = field(default_factory=dict)
    _rows_before: pd.DataFrame | None = None
    layers: tuple[str, ...] = GRID_LAYERS

    def do(self, project: Project) -> None:
        self._before = {m: self.editor.grid_of(m) for m in self.changes}
        touched = set(self.changes.values()) | set(self._before.values())
        self._rows_before = project["grids"][project["grids"]["code"].isin(touched)].copy()
        self.editor._move(project, self.changes)

    def undo(self, project: Project) -> None:
        self.editor._move(project, self._before, restore_rows=self._rows_before)


@dataclass
class SetLock:
    """Lock or unlock grids: locked grids are never changed by a rebalance."""

    editor: GridEditor
    grids: list[str]
    locked: bool
    text: str
    _before: dict[str, bool] = field(default_factory=dict)
    layers: tuple[str, ...] = ("grids",)

    def do(self, project: Project) -> None:
        self._before = {g: g in self.editor.locked for g in self.grids}
        self.editor._set_locks(project, {g: self.locked for g in self.grids})

    def undo(self, project: Project) -> None:
        self.editor._set_locks(project, self._before)


class GridEditor:
    """Working state over a project's urban grids and units (metric CRS)."""

    def __init__(self, project: Project, standard: Standard | None = None) -> None:
        self.standard = standard or Standard()
        units = project["units"]
        epsg = project.metric_epsg()
        metric = to_metric(units, epsg) if len(units) else units
        self.epsg = epsg
        self.codes = metric["code"].to_numpy() if len(units) else np.zeros(0, dtype=object)
        self.index = {c: i for i, c in enumerate(self.codes)}
        # unknown counts (NULL) are 0 in the balance, as in a redraw; a grid none of whose
        # units is known has an unknown count
        self.population, self.population_known = _counts(metric["population"] if len(units) else None)
        self.households, self.households_known = _counts(metric["households"] if len(units) else None)
        self.community = metric["community"].to_numpy() if len(units) else np.zeros(0, dtype=object)
        self.station = metric["station"].to_numpy() if len(units) else np.zeros(0, dtype=object)
        self.geoms = np.asarray(metric.geometry.values) if len(units) else np.zeros(0, dtype=object)
        self.edges = adjacency(self.geoms)
        self.neighbours = neighbour_lists(self.edges, len(self.codes))
        members = project["grid_members"]
        self.assignment = np.full(len(self.codes), "", dtype=object)
        known = members[members["member"].isin(self.index)]
        for g, m in zip(known["grid"], known["member"], strict=False):
            self.assignment[self.index[m]] = g
        grids = project["grids"]
        self.locked: set[str] = set(grids.loc[_lock_values(grids), "code"]) if len(grids) else set()

    # ------------------------------------------------------------------ queries
    def grid_of(self, member: str) -> str:
        return self.assignment[self.index[member]]

    def members_of(self, grid: str) -> np.ndarray:
        return self.codes[self.assignment == grid]

    def grid_codes(self) -> list[str]:
        return sorted({g for g in self.assignment if g})

    def neighbours_of(self, grid: str, same_community: bool = True) -> list[str]:
        """Grids sharing a boundary with ``grid`` (by default only those of its community)."""
        idx = np.flatnonzero(self.assignment == grid)
        out = {
            self.assignment[j]
            for i in idx
            for j in self.neighbours[i]
            if not same_community or self.community[j] == self.community[i]
        }
        out.discard(grid)
        out.discard("")
        return sorted(out)

    def stats(self, grid: str) -> GridStats:
        idx = np.flatnonzero(self.assignment == grid)
        pop = int(self.population[idx].sum()) if self.population_known[idx].any() else None
        hh = int(self.households[idx].sum()) if self.households_known[idx].any() else None
        officers = self.standard.officers_required(pop, hh, "urban")
        deviation = self.standard.deviation(pop, hh, officers, "urban")
        pp = float(polsby_popper(np.array([self.shape(grid)], dtype=object))[0]) if len(idx) else 0.0
        return GridStats(grid, pop, hh, officers, deviation, self.pieces(idx), pp, grid in self.locked, len(idx))

    def pieces(self, idx: np.ndarray) -> int:
        """Number of connected pieces the units ``idx`` form."""
        local = np.full(len(self.codes), -1, dtype=np.int64)
        local[idx] = np.arange(len(idx))
        inner = local[self.edges] if len(self.edges) else np.zeros((0, 2), dtype=np.int64)
        return components(inner[(inner >= 0).all(axis=1)], len(idx))[0]

    def shape(self, grid: str):
        idx = np.flatnonzero(self.assignment == grid)
        return shapely.union_all(self.geoms[idx], grid_size=0.01) if len(idx) else None

    def units_in(self, polygon_metric) -> list[str]:
        """Units whose inside point lies in a polygon drawn on the map (metric CRS)."""
        pts = shapely.point_on_surface(self.geoms)
        return list(self.codes[shapely.contains(polygon_metric, pts)])

    def new_code(self, like: str) -> str:
        base = like.rsplit("-G", 1)[0]
        used = set(self.grid_codes())
        n = 1
        while f"{base}-G{n:02d}" in used:
            n += 1
        return f"{base}-G{n:02d}"

    # ------------------------------------------------------------------ commands
    def assign(self, changes: dict[str, str], text: str = "Reassign units") -> Assign:
        """A command moving units to grids; refuses moves into locked grids or across communities."""
        for member, grid in changes.items():
            if member not in self.index:
                raise InputError("unknown_unit", f"unit {member} is not in the project", layer="units")
            if grid in self.locked or self.grid_of(member) in self.locked:
                raise InputError("locked", f"grid {grid if grid in self.locked else self.grid_of(member)} is locked", layer="grids")
            home = self.members_of(grid)
            if len(home) and self.community[self.index[home[0]]] != self.community[self.index[member]]:
                raise InputError("crosses_community", f"unit {member} belongs to another community than grid {grid}", layer="grids")
        return Assign(self, dict(changes), text)

    def merge(self, keep: str, other: str) -> Assign:
        if keep == other:
            raise InputError("same_grid", "cannot merge a grid with itself", layer="grids")
        if other not in self.neighbours_of(keep):
            raise InputError("not_neighbours", f"grids {keep} and {other} are not neighbours", layer="grids")
        return self.assign({m: keep for m in self.members_of(other)}, f"Merge {other} into {keep}")

    def lock(self, grids: list[str], locked: bool = True) -> SetLock:
        return SetLock(self, list(grids), locked, "Lock grids" if locked else "Unlock grids")

    # ------------------------------------------------------------------ mutation
    def _move(self, project: Project, changes: dict[str, str], restore_rows: pd.DataFrame | None = None) -> None:
        touched = set(changes.values()) | {self.grid_of(m) for m in changes}
        for member, grid in changes.items():
            self.assignment[self.index[member]] = grid
        touched.discard("")
        members = project["grid_members"]
        keep = ~members["member"].isin(list(changes))
        new_rows = pd.DataFrame({"grid": list(changes.values()), "member": list(changes.keys())})
        new_rows = new_rows[new_rows["grid"] != ""]
        project["grid_members"] = pd.concat([members[keep], new_rows], ignore_index=True)
        self._rewrite_rows(project, touched, restore_rows)

    def _rewrite_rows(self, project: Project, touched: set[str], restore_rows: pd.DataFrame | None) -> None:
        import geopandas as gpd

        grids = project["grids"]
        template = {r["code"]: r for r in grids[grids["code"].isin(touched)].to_dict("records")}
        if restore_rows is not None:
            template.update({r["code"]: r for r in restore_rows.to_dict("records")})
        rows = []
        for code in sorted(touched):
            idx = np.flatnonzero(self.assignment == code)
            if len(idx) == 0:
                continue
            s = self.stats(code)
            base = dict(template.get(code) or self._template_for(code, idx[0], grids))
            base.update(population=s.population, households=s.households, officers_required=s.officers_required)
            shape = gpd.GeoSeries([self.shape(code)], crs=self.epsg).to_crs(grids.crs or "EPSG:4490").iloc[0]
            base["geometry"] = shape
            rows.append(base)
        rest = grids[~grids["code"].isin(touched)]
        frame = pd.concat([rest, gpd.GeoDataFrame(rows, geometry="geometry", crs=grids.crs)], ignore_index=True) if rows else rest
        project["grids"] = gpd.GeoDataFrame(frame, geometry="geometry", crs=grids.crs)

    def _template_for(self, code: str, unit: int, grids: pd.DataFrame) -> dict:
        return {
            "code": code, "name": f"{code}", "station": self.station[unit], "community": self.community[unit],
            "area_type": "urban", "officer_name": "", "officer_phone": "", LOCK_COLUMN: False,
        }

    def _set_locks(self, project: Project, locks: dict[str, bool]) -> None:
        for g, v in locks.items():
            (self.locked.add if v else self.locked.discard)(g)
        grids = project["grids"].copy()
        grids[LOCK_COLUMN] = grids["code"].isin(self.locked)
        project["grids"] = grids


def _counts(series: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    """(the counts as int64, 0 where unknown; which are known)."""
    if series is None:
        return np.zeros(0, np.int64), np.zeros(0, bool)
    numbers = pd.to_numeric(series, errors="coerce").astype("Float64")
    known = numbers.notna().to_numpy()
    return numbers.fillna(0).to_numpy(dtype=float).round().astype(np.int64), known


def _lock_values(grids: pd.DataFrame) -> np.ndarray:
    if LOCK_COLUMN not in grids.columns:
        return np.zeros(len(grids), dtype=bool)
    return grids[LOCK_COLUMN].map(lambda v: str(v).lower() in ("1", "true", "yes")).to_numpy(dtype=bool)
