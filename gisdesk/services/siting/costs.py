"""From project layers to travel-cost matrices: the adapter between the project and the
pure road network of :mod:`algorithms.network`.

A :class:`SitingContext` is built once per project state (the window keeps one; the CLI
builds one per run): it projects villages, key sites and office posts into the metric
Gauss-Krüger zone, builds the road graph with class default speeds, snaps every point to
it and caches distance blocks, so that re-planning with other options and evaluating a
dropped point do not recompute the network. Without roads every distance is the straight
line x a detour factor, and :attr:`SitingContext.distance_model` says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from algorithms.network import CostSearch, RoadNetwork, build_network, straight_costs, travel_costs
from algorithms.progress import CancelToken, ProgressCallback, check, report
from gisdesk.services.memory import release_freed_memory
from gisdesk.services.siting.road_model import RoadMatrix, RoadModel
from layers.metric_zone import to_metric
from layers.project import Project
from layers.schema import DEFAULT_SPEED_KMH

STRAIGHT_KMH = 30.0
"""Assumed speed for travel minutes on the straight-line model."""

BOX_MARGIN_M = 8000.0
"""Road searches for a block of villages and sites stay within this margin of them."""

POINT_RADIUS_KM = 30.0
"""How far around a dropped office ``evaluate`` searches the roads."""

SNAP_KEY = ("villages", "key_sites", "posts", "roads")


@dataclass
class PointSet:
    """Rows of one layer as arrays: codes, metric xy, lon/lat, and the layer's columns."""

    code: np.ndarray
    xy: np.ndarray
    lonlat: np.ndarray
    attrs: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.code)


def _points(frame, epsg: int, columns: tuple[str, ...]) -> PointSet:
    if len(frame) == 0:
        empty = np.zeros((0, 2))
        return PointSet(np.array([], object), empty, empty, {c: np.array([], object) for c in columns})
    geom = frame.geometry
    ok = geom.notna() & ~geom.is_empty
    frame = frame[ok.to_numpy()]
    pts = frame.geometry.representative_point()
    metric = to_metric(frame.set_geometry(pts), epsg).geometry
    return PointSet(
        frame["code"].astype(str).to_numpy(),
        np.column_stack([metric.x.to_numpy(), metric.y.to_numpy()]),
        np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()]),
        {c: frame[c].to_numpy() for c in columns},
    )


class SitingContext:
    """Everything about a project that siting and evaluation compute once.

    ``villages`` (all villages), ``sites`` (the candidate pool: key sites, then office
    posts, then every village's own point as a last resort), their road nodes, the network, and notes about the data (points far from any
    road, disconnected pieces) for the exceptions.
    """

    _disk: tuple | None = None
    """(cache file, key, what it holds) when made by :func:`.context_store.cached_context`."""

    def __init__(
        self,
        project: Project,
        *,
        connector_kmh: float = RoadModel.connector_kmh,
        detour: float = RoadModel.detour,
        far_from_road_m: float = RoadModel.far_from_road_m,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        t0 = time.perf_counter()
        self.key = _state_key(project)
        self._frames = tuple(project[n] for n in SNAP_KEY)  # keep ids alive for the key
        self.detour = detour
        self.connector_kmh = connector_kmh
        self.far_from_road_m = far_from_road_m
        self.epsg = project.metric_epsg()
        self.villages = _points(
            project["villages"], self.epsg, ("name", "population", "area_type", "station", "township")
        )
        ks = _points(project["key_sites"], self.epsg, ("name", "category", "village"))
        posts = project["posts"]
        offices = posts[(posts["tier"] == "office") & (posts["status"].fillna("").astype(str) != "closed")]
        op = _points(offices, self.epsg, ("name", "station"))
        self.n_key_sites = len(ks)
        self.n_posts = len(op)
        v = self.villages
        nv = len(v)
        self.sites = PointSet(
            np.concatenate([ks.code, op.code, v.code]),
            np.vstack([ks.xy, op.xy, v.xy]),
            np.vstack([ks.lonlat, op.lonlat, v.lonlat]),
            {
                "name": np.concatenate([ks.attrs["name"], op.attrs["name"], v.attrs["name"]]),
                "category": np.concatenate([ks.attrs["category"], np.full(len(op) + nv, "", object)]),
                "village": np.concatenate([ks.attrs["village"], self._host_villages(op), v.code]),
                "station": np.concatenate([np.full(len(ks), "", object), op.attrs["station"], v.attrs["station"]]),
                "kind": np.concatenate(
                    [np.full(len(ks), "key_site", object), np.full(len(op), "post", object), np.full(nv, "village", object)]
                ),
            },
        )
        self.notes: list[tuple[str, str, str]] = []  # (station, village, reason)
        self.network: RoadNetwork | None = None
        self.village_node = np.zeros(0, int)
        self.site_node = np.zeros(0, int)
        self.offroad_m = np.zeros(0)
        report(progress, 0.05, "road network")
        self._build_network(project, progress, cancel)
        self._cache: dict = {}
        self.seconds = time.perf_counter() - t0

    # ------------------------------------------------------------------ state
    @classmethod
    def for_project(cls, project: Project, context: SitingContext | None = None, **kw) -> SitingContext:
        """``context`` when it still matches the project's layers, else a fresh one.

        A layer counts as changed when it was replaced (``project[name] = frame``, what
        :meth:`Project.set` and the edit commands do) or its row count changed; code that
        edits a frame in place must drop its context itself.
        """
        if context is not None and context.key == _state_key(project):
            return context
        return cls(project, **kw)

    STATE = (
        "detour", "connector_kmh", "far_from_road_m", "epsg", "villages", "sites", "n_key_sites", "n_posts",
        "notes", "network", "village_node", "site_node", "offroad_m",
    )
    """The attributes that make up a context (what :mod:`.context_store` saves on disk)."""

    def state(self) -> dict:
        """The context's data, keyed by :attr:`STATE` (no project, no per-call cache)."""
        return {name: getattr(self, name) for name in self.STATE}

    @classmethod
    def restore(cls, project: Project, state: dict) -> SitingContext:
        """A context from saved :meth:`state`, bound to ``project`` (whose layers it must match)."""
        ctx = cls.__new__(cls)
        for name in cls.STATE:
            setattr(ctx, name, state[name])
        ctx.key = _state_key(project)
        ctx._frames = tuple(project[n] for n in SNAP_KEY)
        ctx._cache = {}
        ctx.seconds = 0.0
        return ctx

    @property
    def distance_model(self) -> str:
        return "road" if self.network is not None else f"straight-line x {self.detour:g}"

    def _host_villages(self, posts: PointSet) -> np.ndarray:
        """The village an office post stands in: the nearest village point within 1.5 km."""
        out = np.full(len(posts), "", object)
        if len(posts) == 0 or len(self.villages) == 0:
            return out
        from scipy.spatial import cKDTree

        d, i = cKDTree(self.villages.xy).query(posts.xy)
        near = d <= 1500.0
        out[near] = self.villages.code[i[near]]
        return out

    def _build_network(self, project: Project, progress, cancel) -> None:
        roads = project["roads"]
        roads = roads[roads.geometry.notna() & ~roads.geometry.is_empty]
        if len(roads) == 0:
            self.notes.append(("", "", f"no roads layer: distances are straight-line x {self.detour:g}"))
            return
        lines = to_metric(roads[[roads.geometry.name]], self.epsg).geometry.to_numpy()
        speed = roads["speed_kmh"].to_numpy(float)
        default = roads["road_class"].map(DEFAULT_SPEED_KMH).fillna(30.0).to_numpy(float)
        speed = np.where(np.isfinite(speed) & (speed > 0), speed, default)
        oneway = roads["oneway"].to_numpy(bool)
        del roads
        check(cancel)
        net = build_network(lines, speed, oneway)
        del lines  # the metric copy of every road: a province's is hundreds of MB
        release_freed_memory()
        report(progress, 0.15, "snapping points to roads")
        check(cancel)
        nv = len(self.villages)
        own = self.n_key_sites + self.n_posts  # the pool's village points are the villages
        snapped = net.with_points(np.vstack([self.villages.xy, self.sites.xy[:own]]), connector_kmh=self.connector_kmh)
        self.network = snapped.network
        self.village_node = snapped.nodes[:nv]
        self.site_node = np.concatenate([snapped.nodes[nv:], self.village_node])
        self.offroad_m = snapped.offroad_m
        for i in np.flatnonzero(snapped.offroad_m[:nv] > self.far_from_road_m):
            self.notes.append(
                (
                    str(self.villages.attrs["station"][i]),
                    str(self.villages.code[i]),
                    f"village {self.villages.code[i]} is {snapped.offroad_m[i] / 1000:.1f} km from the nearest road",
                )
            )
        pieces = net.pieces()
        if pieces:
            km = sum(p["km"] for p in pieces)
            self.notes.append(("", "", f"the road network has {len(pieces) + 1} disconnected pieces ({km:.1f} km of road off the main one)"))

    # ------------------------------------------------------------------ distances
    def km(self, villages: np.ndarray, sites: np.ndarray, *, cancel: CancelToken | None = None) -> np.ndarray:
        """Travel km from villages to sites (indices into ``villages`` / ``sites``); inf = no path."""
        return self._matrix("km", villages, sites, cancel)

    def minutes(self, villages: np.ndarray, sites: np.ndarray, *, cancel: CancelToken | None = None) -> np.ndarray:
        """Fastest travel minutes from villages to sites; inf = no path."""
        return self._matrix("min", villages, sites, cancel)

    def straight_km(self, villages: np.ndarray, sites: np.ndarray) -> np.ndarray:
        """Straight-line km x detour: the stand-in where there is no road path."""
        return straight_costs(self.villages.xy[villages], self.sites.xy[sites], self.detour) / 1000.0

    def _matrix(self, kind: str, villages, sites, cancel) -> np.ndarray:
        villages = np.asarray(villages, int)
        sites = np.asarray(sites, int)
        key = (kind, villages.tobytes(), sites.tobytes())
        if key in self._cache:
            return self._cache[key]
        out = self.road_matrix(kind, villages, sites).matrix(cancel)
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[key] = out
        return out

    def road_matrix(self, kind: str, villages: np.ndarray, sites: np.ndarray) -> RoadMatrix:
        """The ``kind`` ("km" or "min") matrix from villages to sites, not yet computed: its
        road search (the box of the network it needs, plain arrays another process can run)
        or, without a road network, the straight-line matrix itself."""
        villages = np.asarray(villages, int)
        sites = np.asarray(sites, int)
        if self.network is None:
            km = self.straight_km(villages, sites)
            return RoadMatrix(None, km if kind == "km" else km / STRAIGHT_KMH * 60.0, 1.0)
        box = self.search_box(villages, sites)
        weight, scale = ("length", 1000.0) if kind == "km" else ("time", 60.0)
        search = CostSearch.of(self.network, self.village_node[villages], self.site_node[sites], weight=weight,
                               within=box)
        return RoadMatrix(search, None, scale)

    def search_box(self, villages: np.ndarray, sites: np.ndarray) -> tuple[float, float, float, float]:
        """The box road searches between these villages and sites stay in: around them with a
        wide margin for detours (on a city-wide network this keeps one station's search cheap)."""
        pts = np.vstack([self.villages.xy[villages], self.sites.xy[sites]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        margin = max(BOX_MARGIN_M, 0.5 * float((hi - lo).max()))
        return (lo[0] - margin, lo[1] - margin, hi[0] + margin, hi[1] + margin)

    def point_km(
        self, xy: tuple[float, float], radius_km: float = POINT_RADIUS_KM, *, minutes: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None, float]:
        """Road km (and fastest minutes if asked) from every village to a new point (metric
        xy), and the point's off-road metres.

        Only roads within ``radius_km`` of the point are searched (villages farther away by
        road get ``inf``): an office there would never be theirs, and on a city-wide
        network this keeps dragging a candidate interactive.
        """
        pt = np.asarray(xy, float).reshape(1, 2)
        if self.network is None:
            km = straight_costs(self.villages.xy, pt, self.detour)[:, 0] / 1000.0
            return km, (km / STRAIGHT_KMH * 60.0 if minutes else None), 0.0
        snapped = self.network.with_points(pt, connector_kmh=self.connector_kmh)
        r = radius_km * 1000.0
        box = (pt[0, 0] - r, pt[0, 1] - r, pt[0, 0] + r, pt[0, 1] + r)
        node = snapped.nodes[:1]
        km = travel_costs(snapped.network, self.village_node, node, within=box, limit=2 * r)[:, 0] / 1000.0
        mins = None
        if minutes:
            mins = travel_costs(snapped.network, self.village_node, node, weight="time", within=box)[:, 0] / 60.0
        return km, mins, float(snapped.offroad_m[0])


def _state_key(project: Project) -> tuple:
    return tuple((id(project[n]), len(project[n])) for n in SNAP_KEY)
