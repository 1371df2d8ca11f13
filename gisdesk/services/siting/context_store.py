"""A disk cache of the :class:`SitingContext` for the command line (``evaluate``).

Building the road network and snapping every village to it is most of an ``evaluate``
run; the window keeps its context in memory, a command cannot. So the context is saved
in the per-user cache folder (``$XDG_CACHE_HOME/gisdesk/siting/``, by default
``~/.cache/gisdesk/siting/``), one file per project path, and reused while its key
matches: a hash of everything the context is computed from (the villages, key sites,
posts and roads layers with all their columns and geometry, the coordinate systems, the
context's parameters, our version and the source of the code that builds it).

Safety: the file is a numpy ``.npz`` read with ``allow_pickle=False`` plus a JSON member,
so opening it never runs code; it is never written inside the GeoPackage (the project
stays byte-identical); writes go to a temporary file renamed over the old one. A stale,
damaged or unreadable cache is ignored (and rebuilt by the caller).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from algorithms.network import RoadNetwork
from algorithms.progress import CancelToken
from gisdesk.services.siting.costs import SNAP_KEY, PointSet, SitingContext
from layers.project import Project

FORMAT = 1
"""Bump when the file layout changes."""

KEEP_FILES = 12
"""Cached projects kept: the least recently used beyond this are deleted (each project
path has its own file, and temporary projects would otherwise pile up)."""

KEEP_BYTES = 1_000_000_000
"""Total size the cache folder may reach before the least recently used files go."""

_SOURCES = ("algorithms/network/roads.py", "algorithms/network/noding.py", "gisdesk/services/siting/costs.py",
            "gisdesk/services/siting/context_store.py")
_EDGE_ARRAYS = ("xy", "tail", "head", "length_m", "seconds", "oneway")


def cache_dir() -> Path:
    """The per-user cache folder for siting contexts (honours ``XDG_CACHE_HOME``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gisdesk" / "siting"


def cache_file(project_path: str | os.PathLike) -> Path:
    """Where the context of the project at ``project_path`` is kept (one file per project)."""
    name = hashlib.sha256(str(Path(project_path).resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"{name}.npz"


def fingerprint(project: Project, **params: float) -> str:
    """Hash of every input of a :class:`SitingContext` built with ``params``."""
    h = hashlib.sha256()
    h.update(json.dumps({"format": FORMAT, "version": _version(), "params": params, "pandas": pd.__version__,
                         "epsg": project.metric_epsg()}, sort_keys=True).encode())
    root = Path(__file__).resolve().parents[3]
    for rel in _SOURCES:
        try:
            h.update((root / rel).read_bytes())
        except OSError:
            h.update(rel.encode())
    for name in SNAP_KEY:
        frame = project[name]
        h.update(f"|{name}|{len(frame)}|{frame.crs}|".encode())
        for col in frame.columns:
            if col == frame.geometry.name:
                h.update(_geometry_bytes(frame.geometry.to_numpy()))
            else:
                values = frame[col].to_numpy()
                h.update(f"|{col}:{frame[col].dtype}|".encode())
                h.update(repr(values.tolist()).encode() if values.dtype == object else np.ascontiguousarray(values).tobytes())
    return h.hexdigest()


def load_context(project: Project, path: Path, key: str) -> SitingContext | None:
    """The context saved at ``path`` when its key is ``key``, else None (never raises)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            if meta.get("format") != FORMAT or meta.get("key") != key:
                return None
            arrays = {k: z[k] for k in z.files if k != "meta"}
        ctx = SitingContext.restore(project, _decode(meta, arrays))
        _restore_extras(ctx, meta, arrays)
        os.utime(path)  # recently used: pruned last
        return ctx
    except Exception:  # a damaged or foreign file is just not a cache hit
        return None


def save_context(ctx: SitingContext, path: Path, key: str) -> bool:
    """Write ``ctx`` (with the distance blocks and road graphs it has computed so far) to
    ``path`` atomically; False when the folder is not writable."""
    meta, arrays = _encode(ctx.state())
    _encode_extras(ctx, meta, arrays)
    meta.update(format=FORMAT, key=key)
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as its allow_pickle
        os.replace(tmp, path)
        _prune(path.parent, keep=path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def cached_context(
    project: Project,
    context: SitingContext | None = None,
    *,
    cancel: CancelToken | None = None,
    **params: float,
) -> SitingContext:
    """``context`` while it matches the project, else the context from the disk cache,
    else a freshly built one (``params`` as for :class:`SitingContext`).

    Call :func:`remember` once the context has been used: it saves the context with what
    it computed meanwhile (distance blocks, road graphs), so the next run starts further.
    A project without a file (never saved) is not cached.
    """
    if context is not None and SitingContext.for_project(project, context) is context:
        return context
    if project.path is None:
        return SitingContext(project, cancel=cancel, **params)  # type: ignore[arg-type]  # the road model's floats
    key = fingerprint(project, **params)
    path = cache_file(project.path)
    ctx = load_context(project, path, key)
    saved = None
    if ctx is None:
        ctx = SitingContext(project, cancel=cancel, **params)  # type: ignore[arg-type]  # the road model's floats
    else:
        saved = _extras_signature(ctx)
    ctx._disk = (path, key, saved)
    return ctx


def remember(ctx: SitingContext) -> bool:
    """Save a context from :func:`cached_context` when the file lacks something it holds."""
    disk = getattr(ctx, "_disk", None)
    if disk is None:
        return False
    path, key, saved = disk
    now = _extras_signature(ctx)
    if now == saved:
        return False
    ok = save_context(ctx, path, key)
    if ok:
        ctx._disk = (path, key, now)
    return ok


# ---------------------------------------------------------------------------- encoding
def _encode(state: dict) -> tuple[dict, dict[str, np.ndarray]]:
    meta: dict = {"objects": {}, "dtypes": {}}
    arrays: dict[str, np.ndarray] = {}

    def put(name: str, a: np.ndarray) -> None:
        a = np.asarray(a)
        if a.dtype == object:
            meta["objects"][name] = _plain(a)
        else:
            arrays[name] = a

    for which in ("villages", "sites"):
        ps: PointSet = state[which]
        put(f"{which}.code", ps.code)
        put(f"{which}.xy", ps.xy)
        put(f"{which}.lonlat", ps.lonlat)
        meta[f"{which}.attrs"] = list(ps.attrs)
        for col, a in ps.attrs.items():
            put(f"{which}.attr.{col}", a)
    for name in ("village_node", "site_node", "offroad_m"):
        put(name, state[name])
    net: RoadNetwork | None = state["network"]
    meta["network"] = net is not None
    if net is not None:
        for name in _EDGE_ARRAYS:
            arrays[f"net.{name}"] = np.asarray(getattr(net, name))
        coords, owner = shapely.get_coordinates(net.geoms, return_index=True)
        arrays["net.coords"] = coords
        arrays["net.sizes"] = np.bincount(owner, minlength=len(net.geoms))
    for name in ("detour", "connector_kmh", "far_from_road_m", "epsg", "n_key_sites", "n_posts", "notes"):
        meta[name] = state[name]
    return meta, arrays


def _decode(meta: dict, arrays: dict[str, np.ndarray]) -> dict:
    def get(name: str) -> np.ndarray:
        if name in meta["objects"]:
            out = np.empty(len(meta["objects"][name]), object)
            out[:] = meta["objects"][name]
            return out
        return arrays[name]

    state = {name: meta[name] for name in ("detour", "connector_kmh", "far_from_road_m", "epsg", "n_key_sites", "n_posts")}
    state["notes"] = [tuple(n) for n in meta["notes"]]
    for which in ("villages", "sites"):
        attrs = {col: get(f"{which}.attr.{col}") for col in meta[f"{which}.attrs"]}
        state[which] = PointSet(get(f"{which}.code"), get(f"{which}.xy"), get(f"{which}.lonlat"), attrs)
    for name in ("village_node", "site_node", "offroad_m"):
        state[name] = get(name)
    state["network"] = None
    if meta["network"]:
        sizes = arrays["net.sizes"]
        geoms = shapely.linestrings(arrays["net.coords"], indices=np.repeat(np.arange(len(sizes)), sizes))
        parts = {name: arrays[f"net.{name}"] for name in _EDGE_ARRAYS}
        state["network"] = RoadNetwork(geoms=np.asarray(geoms, dtype=object), **parts)  # type: ignore[arg-type]
        if len(state["village_node"]) != len(state["villages"]) or state["network"].n_edges != len(sizes):
            raise ValueError("inconsistent cache")
    return state


def _prune(folder: Path, keep: Path) -> None:
    """Delete the least recently used cache files beyond :data:`KEEP_FILES` / :data:`KEEP_BYTES`."""
    files = []
    for f in folder.glob("*.npz"):
        try:
            st = f.stat()
        except OSError:
            continue
        files.append((st.st_mtime, st.st_size, f))
    files.sort(key=lambda t: t[0], reverse=True)
    total = 0
    for n, (_, size, f) in enumerate(files):
        total += size
        if f != keep and (n >= KEEP_FILES or total > KEEP_BYTES):
            f.unlink(missing_ok=True)


def _geometry_bytes(geoms: np.ndarray) -> bytes:
    """Coordinates and structure of the geometries (much quicker than WKB on 100,000s of roads)."""
    parts = (
        shapely.get_type_id(geoms),
        shapely.get_num_geometries(geoms),
        shapely.get_num_interior_rings(geoms),
        shapely.get_num_coordinates(geoms),
        shapely.get_coordinates(geoms),
    )
    return b"|".join(np.ascontiguousarray(a).tobytes() for a in parts)


def _graph_keys(ctx: SitingContext) -> list[tuple[str, bool]]:
    net = ctx.network
    if net is None:
        return []
    return sorted(k for k in net._graphs if len(k) == 2 and isinstance(k[0], str) and isinstance(k[1], bool))


def _extras_signature(ctx: SitingContext) -> tuple:
    return frozenset(ctx._cache), tuple(_graph_keys(ctx))


def _encode_extras(ctx: SitingContext, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """The distance blocks (``ctx._cache``) and the network's CSR graphs built so far."""
    meta["blocks"] = []
    for i, ((kind, rows, cols), matrix) in enumerate(ctx._cache.items()):
        meta["blocks"].append(kind)
        arrays[f"block.{i}.rows"] = np.frombuffer(rows, int)
        arrays[f"block.{i}.cols"] = np.frombuffer(cols, int)
        arrays[f"block.{i}.values"] = np.asarray(matrix, float)
    meta["graphs"] = []
    for i, (weight, reverse) in enumerate(_graph_keys(ctx)):
        g = ctx.network._graphs[(weight, reverse)]  # type: ignore[union-attr]  # keys exist only with a network
        meta["graphs"].append([weight, reverse])
        arrays[f"graph.{i}.data"], arrays[f"graph.{i}.indices"], arrays[f"graph.{i}.indptr"] = g.data, g.indices, g.indptr


def _restore_extras(ctx: SitingContext, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    from scipy.sparse import csr_matrix

    for i, kind in enumerate(meta["blocks"]):
        rows, cols = arrays[f"block.{i}.rows"].astype(int), arrays[f"block.{i}.cols"].astype(int)
        values = arrays[f"block.{i}.values"]
        if values.shape != (len(rows), len(cols)):
            raise ValueError("inconsistent cache")
        ctx._cache[(str(kind), rows.tobytes(), cols.tobytes())] = values
    n = ctx.network.n_nodes if ctx.network is not None else 0
    for i, (weight, reverse) in enumerate(meta["graphs"]):
        parts = (arrays[f"graph.{i}.data"], arrays[f"graph.{i}.indices"], arrays[f"graph.{i}.indptr"])
        graph = csr_matrix(parts, shape=(n, n))
        graph.check_format(full_check=True)  # indices in range before any C code walks them
        ctx.network._graphs[(str(weight), bool(reverse))] = graph  # type: ignore[union-attr]  # graphs only with a network


def _plain(values: np.ndarray) -> list:
    """JSON values that read back equal (NaN stays NaN; pd.NA and the like become None)."""
    out = []
    for v in values.tolist():
        if v is None or isinstance(v, str | int | float | bool):
            out.append(v)
        else:
            try:
                out.append(None if v != v else str(v))  # pd.NA and NaT compare as NA
            except TypeError:
                out.append(None)
    return out


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("gisdesk")
    except Exception:
        return "0"
