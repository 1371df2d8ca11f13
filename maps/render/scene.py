"""The map scene: every layer of a project projected ONCE to its metric zone, indexed.

The scene is what the renderer draws and what map tools hit-test. It never changes the
project; after an edit call :meth:`MapScene.update_layer` with the layer's new frame.

API::

    scene = MapScene.from_project(project)        # project layers are in EPSG:4490
    scene.epsg                                   # the project's GK zone (metres)
    scene["villages"]                            # a SceneLayer (see below)
    scene.full_extent(); scene.layer_extent("grids")
    hits = scene.features_at(x, y, tolerance=5.0)    # [Hit(layer, index, distance)], top first
    found = scene.features_in((x0, y0, x1, y1))       # {layer: np.ndarray of indices}
    scene.update_layer("posts", project["posts"])    # after an edit (frame in EPSG:4490)
    lon, lat = scene.to_lonlat(x, y); x, y = scene.from_lonlat(lon, lat)

Building a scene takes about 2 s at city scale (projection, STRtree, drawing arrays); it
touches no widget, so a window may build it in a worker thread (a Python thread: pyproj
keeps per-thread state) and hand it to the canvas when done.

Feature ids everywhere in ``maps`` are **positional row numbers** of the project's layer
frame (the scene keeps the project's row order), so ``project[layer].iloc[i]`` is the
feature ``i`` of a hit or a selection.

A :class:`SceneLayer` carries the metric frame (``frame``), its geometries (``geoms``), a
shapely ``STRtree`` (``tree``), per-feature ``bounds`` ``(n, 4)`` and ``anchors`` ``(n, 2)``
(the point itself, a point on the surface of a polygon, the middle of a line), and, ready
for fast drawing: ``seg`` ``(m, 4)`` straight segments with their feature ``seg_owner``
(the lines themselves, or the rings of polygons: outlines are drawn in one batch), and
``shapes`` (one QPolygonF or odd-even QPainterPath per polygon feature, in world metres).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely import STRtree

from layers.schema import CRS, LAYER_ORDER, LAYERS, PLAN_VERSION_LAYERS
from layers.standard import Standard
from maps.render.qtarrays import polygonf, rings_path

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Hit:
    """A feature found by hit-testing: layer name, row number, distance in metres."""

    layer: str
    index: int
    distance: float = 0.0


@dataclass
class SceneLayer:
    """One layer, projected to metres and prepared for culling and drawing."""

    name: str
    frame: gpd.GeoDataFrame
    geoms: np.ndarray
    tree: STRtree
    kind: str  # "point", "line", "polygon" or "empty"
    bounds: np.ndarray
    anchors: np.ndarray
    seg: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    seg_owner: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    shapes: list = field(default_factory=list)
    cache: dict = field(default_factory=dict)
    """Derived arrays memoised by the renderer (dropped with the layer on update)."""

    def __len__(self) -> int:
        return len(self.geoms)

    def query(self, rect: Bounds) -> np.ndarray:
        """Sorted indices of features whose bounding box meets ``rect``."""
        if len(self.geoms) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.sort(self.tree.query(shapely.box(*rect)))

    def extent(self) -> Bounds | None:
        b = self.bounds
        ok = np.isfinite(b).all(axis=1)
        if not ok.any():
            return None
        b = b[ok]
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))

    def column(self, name: str, default=None) -> np.ndarray:
        """A column as a numpy array (``default`` repeated when the column is missing)."""
        if name in self.frame.columns:
            return self.frame[name].to_numpy()
        return np.full(len(self.frame), default, dtype=object)


class MapScene:
    """All drawable layers of a project in its metric Gauss-Krüger zone."""

    def __init__(self, epsg: int, layers: Mapping[str, SceneLayer] | None = None):
        self.epsg = int(epsg)
        self.layers: dict[str, SceneLayer] = dict(layers or {})
        self.version = 0
        self.standard = Standard()
        """The staffing numbers grids are coloured by (the project's recorded ones)."""
        self._lock = threading.Lock()
        # pyproj transformers are thread-safe (per-thread state kept in threading.local), but
        # only in threads Python created: use them from Python threads, not QThreadPool ones.
        self._to_ll = Transformer.from_crs(self.epsg, CRS, always_xy=True)
        self._from_ll = Transformer.from_crs(CRS, self.epsg, always_xy=True)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_project(cls, project) -> MapScene:
        """Project every geometry layer of ``project`` to ``project.metric_epsg()``."""
        drawn = [n for n in project if n in LAYERS and n not in PLAN_VERSION_LAYERS]
        scene = cls.from_frames({n: project[n] for n in drawn}, project.metric_epsg())
        scene.standard = Standard.recorded(project.metadata)
        return scene

    def set_standard(self, standard: Standard) -> None:
        """Colour grids by another standard (the user changed the staffing numbers)."""
        with self._lock:
            self.standard = standard
            if "grids" in self.layers:
                self.layers["grids"].cache.pop("deviation", None)
            self.version += 1

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame], epsg: int, *, metric: bool = False) -> MapScene:
        """A scene from layer frames (EPSG:4490, or already in ``epsg`` with ``metric=True``)."""
        scene = cls(epsg)
        for name, frame in frames.items():
            if isinstance(frame, gpd.GeoDataFrame):
                scene.layers[name] = build_layer(name, frame, epsg, metric=metric)
        return scene

    def update_layer(self, name: str, frame: gpd.GeoDataFrame, *, metric: bool = False) -> SceneLayer:
        """Replace a layer after an edit (``frame`` in EPSG:4490 unless ``metric``)."""
        layer = build_layer(name, frame, self.epsg, metric=metric)
        with self._lock:
            self.layers[name] = layer
            self.version += 1
        return layer

    def remove_layer(self, name: str) -> None:
        """Drop a layer (a temporary overlay) if the scene has it."""
        with self._lock:
            if self.layers.pop(name, None) is not None:
                self.version += 1

    # ------------------------------------------------------------------ access
    def __getitem__(self, name: str) -> SceneLayer:
        return self.layers[name]

    def __contains__(self, name: str) -> bool:
        return name in self.layers

    def get(self, name: str) -> SceneLayer | None:
        return self.layers.get(name)

    def ordered(self) -> list[str]:
        """Layer names in drawing order (bottom first): LAYER_ORDER, then any others."""
        names = list(self.layers)  # a snapshot: render threads call this during edits
        known = [n for n in LAYER_ORDER if n in names]
        return known + [n for n in names if n not in LAYER_ORDER]

    # ------------------------------------------------------------------ extents
    def layer_extent(self, name: str) -> Bounds | None:
        layer = self.layers.get(name)
        return layer.extent() if layer is not None else None

    def full_extent(self) -> Bounds | None:
        """Union of every layer's extent (None for an empty project)."""
        return _union([layer.extent() for layer in self.layers.values()])

    def selection_extent(self, selection: Mapping[str, Iterable[int]]) -> Bounds | None:
        """Extent of the selected features ``{layer: indices}``."""
        parts = []
        for name, idx in selection.items():
            layer = self.layers.get(name)
            idx = np.asarray(list(idx), dtype=np.int64)
            if layer is None or len(idx) == 0:
                continue
            b = layer.bounds[idx]
            b = b[np.isfinite(b).all(axis=1)]
            if len(b):
                parts.append((b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()))
        return _union(parts)

    # ------------------------------------------------------------------ hit-testing
    def features_at(
        self, x: float, y: float, tolerance: float = 0.0, layers: Iterable[str] | None = None
    ) -> list[Hit]:
        """Features within ``tolerance`` metres of ``(x, y)``, topmost layer first, nearest first."""
        point = shapely.Point(x, y)
        hits: list[Hit] = []
        for name in reversed(self.ordered()) if layers is None else list(layers):
            layer = self.layers.get(name)
            if layer is None or len(layer) == 0:
                continue
            idx = layer.tree.query(point, predicate="dwithin", distance=max(tolerance, 0.0))
            if len(idx) == 0:
                continue
            dist = shapely.distance(layer.geoms[idx], point)
            for i in np.argsort(dist, kind="stable"):
                hits.append(Hit(name, int(idx[i]), float(dist[i])))
        return hits

    def features_in(self, rect: Bounds, layers: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Features intersecting the world rectangle, ``{layer: sorted indices}`` (non-empty only)."""
        box = shapely.box(*rect)
        out: dict[str, np.ndarray] = {}
        for name in self.ordered() if layers is None else list(layers):
            layer = self.layers.get(name)
            if layer is None or len(layer) == 0:
                continue
            idx = layer.tree.query(box, predicate="intersects")
            if len(idx):
                out[name] = np.sort(idx)
        return out

    # ------------------------------------------------------------------ coordinates
    def to_lonlat(self, x, y):
        """Metric zone -> CGCS2000 longitude/latitude (scalars or arrays); any thread."""
        return self._to_ll.transform(x, y)

    def from_lonlat(self, lon, lat):
        """CGCS2000 longitude/latitude -> metric zone; any thread."""
        return self._from_ll.transform(lon, lat)

    def to_metric(self, geom):
        """A shapely geometry in EPSG:4490 transformed into the scene's metres."""
        fwd = self._from_ll
        return shapely.transform(geom, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1])))


def _union(parts) -> Bounds | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    a = np.asarray(parts, dtype=float)
    return (float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 2].max()), float(a[:, 3].max()))


# ---------------------------------------------------------------------- layer building
def build_layer(name: str, frame: gpd.GeoDataFrame, epsg: int, *, metric: bool = False) -> SceneLayer:
    """Project ``frame`` (EPSG:4490, or metres with ``metric``) and prepare it for drawing."""
    if not metric:
        frame = frame if frame.crs is not None else frame.set_crs(CRS)
        frame = frame.to_crs(epsg=epsg) if len(frame) else frame.set_crs(epsg=epsg, allow_override=True)
    frame = frame.reset_index(drop=True)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    geoms = np.where(pd.isna(geoms), None, geoms)
    tree = STRtree(geoms)
    n = len(geoms)
    bounds = shapely.bounds(geoms) if n else np.zeros((0, 4))
    kind = _kind(geoms)
    layer = SceneLayer(name, frame, geoms, tree, kind, bounds, _anchors(geoms, kind))
    if kind == "line":
        layer.seg, layer.seg_owner = _segments(geoms)
    elif kind == "polygon":
        layer.shapes = _shapes(geoms)
        polys = np.where(np.isin(shapely.get_type_id(geoms), [3, 6]), geoms, None) if n else geoms
        layer.seg, layer.seg_owner = _segments(shapely.boundary(polys)) if n else (layer.seg, layer.seg_owner)
    return layer


def _kind(geoms: np.ndarray) -> str:
    ok = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    if len(ok) == 0:
        return "empty"
    types = set(shapely.get_type_id(ok).tolist())
    if types & {3, 6}:  # Polygon, MultiPolygon
        return "polygon"
    if types & {1, 2, 5}:  # LineString, LinearRing, MultiLineString
        return "line"
    return "point"


def _anchors(geoms: np.ndarray, kind: str) -> np.ndarray:
    n = len(geoms)
    out = np.full((n, 2), np.nan)
    if n == 0:
        return out
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    g = geoms[ok]
    types = shapely.get_type_id(g)
    pts = np.empty(len(g), dtype=object)
    is_pt = types == 0
    pts[is_pt] = g[is_pt]
    is_line = (types == 1) | (types == 5)
    if is_line.any():
        pts[is_line] = shapely.line_interpolate_point(g[is_line], 0.5, normalized=True)
    other = ~(is_pt | is_line)
    if other.any():
        pts[other] = shapely.point_on_surface(g[other])
    out[ok, 0] = shapely.get_x(pts)
    out[ok, 1] = shapely.get_y(pts)
    return out


def _segments(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every straight segment ``(x0, y0, x1, y1)`` of the lines, with its feature index."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    lines = np.isin(shapely.get_type_id(parts), [1, 2])
    parts, owner = parts[lines], owner[lines]
    if len(parts) == 0:
        return np.zeros((0, 4)), np.zeros(0, dtype=np.int64)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    same = part[:-1] == part[1:]
    seg = np.hstack([coords[:-1][same], coords[1:][same]])
    return np.ascontiguousarray(seg), owner[part[:-1][same]].astype(np.int64)


def _shapes(geoms: np.ndarray) -> list:
    """One QPolygonF (simple polygon) or QPainterPath (holes, multi) per feature, else None."""
    n = len(geoms)
    shapes: list = [None] * n
    parts, owner = shapely.get_parts(geoms, return_index=True)
    poly = shapely.get_type_id(parts) == 3
    parts, owner = parts[poly], owner[poly]
    if len(parts) == 0:
        return shapes
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    cuts = np.flatnonzero(np.diff(ring_of)) + 1
    ring_xy = np.split(coords, cuts)
    ring_owner = owner[ring_part]
    present = np.unique(ring_of)
    per_feature: dict[int, list[np.ndarray]] = {}
    for r, xy in zip(present, ring_xy, strict=True):
        per_feature.setdefault(int(ring_owner[r]), []).append(xy)
    for f, rs in per_feature.items():
        shapes[f] = polygonf(rs[0]) if len(rs) == 1 else rings_path(rs)
    return shapes
