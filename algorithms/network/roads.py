"""A routable road network: noding, snapping points onto roads, travel-cost matrices.

Input is road centre lines in metres (a Gauss-Krüger zone), one speed and one oneway flag
per line. :func:`build_network` nodes the lines where they cross or touch (digitised
networks often cross without sharing a vertex), merges end points closer than a tolerance,
and turns every piece between two nodes into an edge with a length and a travel time.

:meth:`RoadNetwork.with_points` snaps points (villages, key sites, posts) to the nearest
point of the nearest edge, splits that edge there and joins the point with a short
off-road connector at walking/tractor speed; :func:`travel_costs` runs scipy's C Dijkstra
from whichever side of the matrix is smaller, in chunks, with an optional cut-off.
networkx is only the exchange format (:meth:`RoadNetwork.to_networkx`); the matrices never
go through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from algorithms.network.noding import crossings, merge_points, split_line
from algorithms.progress import CancelToken, ProgressCallback, check, report

CONNECTOR_KMH = 15.0
"""Speed on the off-road connector between a point and its road (walking / tractor)."""

_EPS = 1e-6  # csgraph ignores zero weights in sparse input: keep every edge positive


@dataclass
class RoadNetwork:
    """Nodes (``xy``, metres) and directed-or-not edges with length and time.

    Edge ``k`` joins ``tail[k]`` to ``head[k]``; when ``oneway[k]`` it may only be travelled
    that way. ``geoms`` holds each edge's LineString (for snapping and drawing). A network
    is not changed once made: ``n_nodes`` (junctions and dead ends, the rows of ``xy``) and
    ``n_edges`` (road pieces between two nodes; a two-way piece counts once) are counted
    when it is made.
    """

    xy: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    length_m: np.ndarray
    seconds: np.ndarray
    oneway: np.ndarray
    geoms: np.ndarray
    _graphs: dict = field(default_factory=dict, repr=False)
    _tree: shapely.STRtree | None = field(default=None, repr=False)
    n_nodes: int = field(init=False)
    n_edges: int = field(init=False)

    def __post_init__(self) -> None:
        self.n_nodes, self.n_edges = len(self.xy), len(self.tail)

    def graph(self, weight: str = "length", reverse: bool = False) -> csr_matrix:
        """The CSR adjacency with ``weight`` ("length" metres or "time" seconds).

        ``reverse`` transposes it, so a Dijkstra from ``t`` gives distances *to* ``t``.
        Parallel edges keep the cheapest.
        """
        key = (weight, reverse)
        if key not in self._graphs:
            w = self.length_m if weight == "length" else self.seconds
            two = ~self.oneway
            rows = np.concatenate([self.tail, self.head[two]])
            cols = np.concatenate([self.head, self.tail[two]])
            vals = np.maximum(np.concatenate([w, w[two]]), _EPS)
            if reverse:
                rows, cols = cols, rows
            order = np.lexsort((vals, cols, rows))
            rows, cols, vals = rows[order], cols[order], vals[order]
            keep = np.ones(len(rows), bool)
            keep[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
            n = self.n_nodes
            self._graphs[key] = csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(n, n))
        return self._graphs[key]

    def components(self) -> np.ndarray:
        """Label per node of its (weakly) connected piece; label 0 is the largest piece."""
        if self.n_nodes == 0:
            return np.zeros(0, int)
        _, labels = connected_components(self.graph(), directed=True, connection="weak")
        sizes = np.bincount(labels)
        rank = np.empty_like(sizes)
        rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
        return rank[labels]

    def pieces(self) -> list[dict]:
        """The disconnected pieces besides the largest: node count, edge km and a location."""
        labels = self.components()
        out = []
        for lab in range(1, int(labels.max(initial=0)) + 1):
            nodes = np.flatnonzero(labels == lab)
            edges = labels[self.tail] == lab
            out.append(
                {
                    "piece": lab,
                    "nodes": int(len(nodes)),
                    "km": float(self.length_m[edges].sum() / 1000.0),
                    "x": float(self.xy[nodes[0], 0]),
                    "y": float(self.xy[nodes[0], 1]),
                }
            )
        return out

    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    def to_networkx(self):
        """A networkx MultiDiGraph (both directions for two-way roads) for editing and IO."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for i, (x, y) in enumerate(self.xy):
            g.add_node(i, x=float(x), y=float(y))
        for k in range(self.n_edges):
            u, v = int(self.tail[k]), int(self.head[k])
            attrs = {"length": float(self.length_m[k]), "seconds": float(self.seconds[k]), "edge": k}
            g.add_edge(u, v, **attrs)
            if not self.oneway[k]:
                g.add_edge(v, u, **attrs)
        return g

    def with_points(
        self, xy: np.ndarray, *, connector_kmh: float = CONNECTOR_KMH, node_tolerance: float = 0.5
    ) -> Snapped:
        """Snap points to their nearest edge, splitting it, and join them with connectors.

        Returns the extended network, the node of every point and its off-road distance in
        metres. Points at the same place share the split; points on a node use the node.
        """
        return _snap(self, np.asarray(xy, float).reshape(-1, 2), connector_kmh, node_tolerance)


@dataclass
class Snapped:
    """A network with points attached: ``nodes[i]`` is point ``i``'s node, ``offroad_m[i]``
    its straight distance to the road (its connector's length)."""

    network: RoadNetwork
    nodes: np.ndarray
    offroad_m: np.ndarray

    def far(self, max_m: float = 1000.0) -> np.ndarray:
        """Indices of the points farther than ``max_m`` from any road."""
        return np.flatnonzero(self.offroad_m > max_m)


# ---------------------------------------------------------------------------- building
def build_network(
    lines: Sequence,
    speed_kmh: Sequence[float],
    oneway: Sequence[bool] | None = None,
    *,
    tolerance: float = 1.0,
    node_crossings: bool = True,
) -> RoadNetwork:
    """Build a network from LineStrings (or coordinate arrays) in metres.

    ``speed_kmh`` per line (must be positive: fill class defaults before calling);
    ``oneway`` per line means travel only in digitising direction. Lines are split where
    they cross or touch one another (``node_crossings``); end points closer than
    ``tolerance`` metres become one node. MultiLineStrings are split into their parts.
    """
    geoms = np.array([g if isinstance(g, shapely.Geometry) else shapely.linestrings(g) for g in lines], dtype=object)
    speed = np.asarray(speed_kmh, float)
    ways = np.zeros(len(geoms), bool) if oneway is None else np.asarray(oneway, bool)
    if len(speed) != len(geoms) or len(ways) != len(geoms):
        raise ValueError("speed_kmh and oneway need one value per line")
    if len(geoms) and (not np.all(np.isfinite(speed)) or np.any(speed <= 0)):
        raise ValueError("every road needs a positive speed")
    if len(geoms) and np.all(shapely.get_type_id(geoms) == 1):  # all single lines: no copies of a province's roads
        parts, idx = geoms, np.arange(len(geoms))
    else:
        parts, idx = shapely.get_parts(geoms, return_index=True) if len(geoms) else (np.array([], object), np.array([], int))
    ok = ~shapely.is_empty(parts) & (shapely.get_type_id(parts) == 1) if len(parts) else np.zeros(0, bool)
    parts, idx = parts[ok], idx[ok]
    ok = shapely.length(parts) > 0
    parts, idx = parts[ok], idx[ok]
    speed, ways = speed[idx], ways[idx]
    if len(parts) == 0:
        return _assemble([], np.zeros(0), np.zeros(0, bool), tolerance)
    cuts = crossings(parts, tolerance) if node_crossings else [np.zeros((0, 3)) for _ in parts]
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    starts = np.searchsorted(owner, np.arange(len(parts) + 1))
    pieces: list[np.ndarray] = []
    piece_line: list[int] = []
    for i in range(len(parts)):
        line = coords[starts[i] : starts[i + 1]]
        if len(cuts[i]) == 0:
            pieces.append(line)
            piece_line.append(i)
            continue
        for piece in split_line(line, cuts[i]):
            pieces.append(piece)
            piece_line.append(i)
    line_of = np.asarray(piece_line, int)
    return _assemble(pieces, speed[line_of], ways[line_of], tolerance)


def _assemble(pieces: list[np.ndarray], speed: np.ndarray, ways: np.ndarray, tolerance: float) -> RoadNetwork:
    if not pieces:
        e = np.zeros(0)
        return RoadNetwork(np.zeros((0, 2)), e.astype(int), e.astype(int), e, e, e.astype(bool), np.array([], object))
    ends = np.vstack([np.vstack([p[0] for p in pieces]), np.vstack([p[-1] for p in pieces])])
    node_of, xy = merge_points(ends, tolerance)
    m = len(pieces)
    tail, head = node_of[:m], node_of[m:]
    for k, p in enumerate(pieces):  # end points moved by the merge: keep geometry consistent
        p[0], p[-1] = xy[tail[k]], xy[head[k]]
    sizes = np.fromiter((len(p) for p in pieces), int, m)
    geoms = shapely.linestrings(np.vstack(pieces), indices=np.repeat(np.arange(m), sizes))
    length = shapely.length(geoms)
    keep = (tail != head) | (length > tolerance)
    keep &= length > 0
    geoms = np.asarray(geoms, dtype=object)[keep]
    length = length[keep]
    speed, ways = speed[keep], ways[keep]
    seconds = length / (speed / 3.6)
    return RoadNetwork(xy, tail[keep], head[keep], length, seconds, ways, geoms)


# ---------------------------------------------------------------------------- snapping
def _snap(net: RoadNetwork, pts: np.ndarray, connector_kmh: float, node_tol: float) -> Snapped:
    n0 = net.n_nodes
    k = len(pts)
    if k == 0:
        return Snapped(net, np.zeros(0, int), np.zeros(0))
    if net.n_edges == 0:
        raise ValueError("the road network has no roads to snap to")
    geoms_pts = shapely.points(pts)
    pidx, eidx = net.tree().query_nearest(geoms_pts, all_matches=False)
    edge = np.empty(k, int)
    edge[pidx] = eidx
    egeom = net.geoms[edge]
    along = shapely.line_locate_point(egeom, geoms_pts)
    on = shapely.get_coordinates(shapely.line_interpolate_point(egeom, along))
    offroad = np.hypot(*(pts - on).T)
    length = net.length_m[edge]
    # the road point: an existing end node when close to one, else a new split node
    road_node = np.full(k, -1)
    road_node[along <= node_tol] = net.tail[edge[along <= node_tol]]
    at_head = (along >= length - node_tol) & (road_node < 0)
    road_node[at_head] = net.head[edge[at_head]]
    split = np.flatnonzero(road_node < 0)
    new_xy = [pts]
    next_id = n0 + k  # point nodes are n0 .. n0+k-1; split nodes follow
    drop = np.zeros(net.n_edges, bool)
    add_t, add_h, add_len, add_sec, add_one, add_geom = [], [], [], [], [], []
    if len(split):
        order = split[np.lexsort((along[split], edge[split]))]
        e_sorted = edge[order]
        bounds = np.flatnonzero(np.diff(e_sorted)) + 1
        split_xy = []
        for grp in np.split(order, bounds):
            e = edge[grp[0]]
            drop[e] = True
            chain_nodes = [int(net.tail[e])]
            chain_d = [0.0]
            cut_xy = []
            for p in grp:
                if along[p] - chain_d[-1] > 1e-3 or len(chain_nodes) == 1:
                    chain_nodes.append(next_id)
                    chain_d.append(float(along[p]))
                    cut_xy.append(on[p])
                    next_id += 1
                road_node[p] = chain_nodes[-1]
            chain_nodes.append(int(net.head[e]))
            chain_d.append(float(net.length_m[e]))
            split_xy.extend(cut_xy)
            cuts = np.column_stack([chain_d[1:-1], np.asarray(cut_xy).reshape(-1, 2)])
            add_geom.extend(split_line(shapely.get_coordinates(net.geoms[e]), cuts))
            per_m = net.seconds[e] / max(net.length_m[e], _EPS)
            for a, b, da, db in zip(chain_nodes[:-1], chain_nodes[1:], chain_d[:-1], chain_d[1:], strict=True):
                add_t.append(a)
                add_h.append(b)
                add_len.append(max(db - da, _EPS))
                add_sec.append(max(db - da, _EPS) * per_m)
                add_one.append(bool(net.oneway[e]))
        new_xy.append(np.asarray(split_xy).reshape(-1, 2))
        sizes = np.fromiter((len(g) for g in add_geom), int, len(add_geom))
        add_geom = list(shapely.linestrings(np.vstack(add_geom), indices=np.repeat(np.arange(len(add_geom)), sizes)))
    # connectors: point node <-> road node, both ways
    pnode = np.arange(n0, n0 + k)
    clen = np.maximum(offroad, _EPS)
    cgeom = shapely.linestrings(np.stack([pts, on], axis=1))
    xy = np.vstack([net.xy, *new_xy])
    keep = ~drop
    net2 = RoadNetwork(
        xy,
        np.concatenate([net.tail[keep], np.asarray(add_t, int), pnode]),
        np.concatenate([net.head[keep], np.asarray(add_h, int), road_node]),
        np.concatenate([net.length_m[keep], np.asarray(add_len, float), clen]),
        np.concatenate([net.seconds[keep], np.asarray(add_sec, float), clen / (connector_kmh / 3.6)]),
        np.concatenate([net.oneway[keep], np.asarray(add_one, bool), np.zeros(k, bool)]),
        np.concatenate([net.geoms[keep], np.asarray(add_geom, dtype=object), cgeom]),
    )
    return Snapped(net2, pnode, offroad)


# ---------------------------------------------------------------------------- costs
def travel_costs(
    network: RoadNetwork,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    weight: str = "length",
    limit: float = np.inf,
    within: tuple[float, float, float, float] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    chunk_cells: int = 20_000_000,
) -> np.ndarray:
    """Shortest travel cost from every source node to every target node (len(s) x len(t)).

    ``weight`` "length" (metres) or "time" (seconds). Entries beyond ``limit`` or without a
    path are ``inf``. Dijkstra runs from the smaller side (on the reversed graph when that
    is the targets) in chunks of at most ``chunk_cells`` distances in memory. ``within``
    (x0, y0, x1, y1) restricts the search to the nodes in that box: much faster on a
    city-wide network, exact whenever the shortest paths stay inside it.
    """
    search = CostSearch.of(network, sources, targets, weight=weight, within=within)
    return search.run(limit=limit, progress=progress, cancel=cancel, chunk_cells=chunk_cells)


@dataclass(frozen=True)
class CostSearch:
    """One :func:`travel_costs` search, ready to run: the (box) graph oriented from the
    smaller side, and the searched and read nodes in it. Plain arrays, so it can be sent to
    another process, which runs the Dijkstra without the whole network."""

    graph: csr_matrix
    origin: np.ndarray  # nodes searched from (in ``graph``)
    other: np.ndarray  # nodes read (in ``graph``)
    transposed: bool  # origin = the targets: the result is transposed back
    shape: tuple[int, int]  # (sources, targets)

    @classmethod
    def of(cls, network: RoadNetwork, sources: np.ndarray, targets: np.ndarray, *, weight: str = "length",
           within: tuple[float, float, float, float] | None = None) -> CostSearch:
        """The search from ``sources`` to ``targets`` on ``network`` (within the box, if given)."""
        sources = np.asarray(sources, int)
        targets = np.asarray(targets, int)
        shape = (len(sources), len(targets))
        if len(sources) == 0 or len(targets) == 0:
            return cls(csr_matrix((0, 0)), sources, targets, False, shape)
        from_targets = len(np.unique(targets)) < len(np.unique(sources))
        graph = network.graph(weight, reverse=from_targets)
        if within is not None:  # search only the part of the network inside a box
            idx = box_nodes(network, within, sources, targets)
            local = np.full(network.n_nodes, -1)
            local[idx] = np.arange(len(idx))
            graph = graph[idx][:, idx]
            sources, targets = local[sources], local[targets]
        origin, other = (targets, sources) if from_targets else (sources, targets)
        return cls(graph, origin, other, from_targets, shape)

    def run(self, *, limit: float = np.inf, progress: ProgressCallback | None = None,
            cancel: CancelToken | None = None, chunk_cells: int = 20_000_000) -> np.ndarray:
        """The (sources x targets) cost matrix; ``inf`` beyond ``limit`` or without a path."""
        if 0 in self.shape:
            return np.full(self.shape, np.inf)
        uniq, inv = np.unique(self.origin, return_inverse=True)
        chunk = max(1, chunk_cells // max(self.graph.shape[0], 1))
        rows = np.empty((len(uniq), len(self.other)))
        for start in range(0, len(uniq), chunk):
            check(cancel)
            part = uniq[start : start + chunk]
            dist = dijkstra(self.graph, directed=True, indices=part, limit=limit)
            rows[start : start + len(part)] = dist[:, self.other]
            report(progress, (start + len(part)) / len(uniq), "road distances")
        res = rows[inv]
        return res.T if self.transposed else res


def box_nodes(network: RoadNetwork, within, sources, targets) -> np.ndarray:
    """Nodes inside the box ``within`` = (x0, y0, x1, y1), plus every source and target."""
    x0, y0, x1, y1 = within
    xy = network.xy
    keep = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    keep[sources] = True
    keep[targets] = True
    return np.flatnonzero(keep)


def straight_costs(src_xy: np.ndarray, dst_xy: np.ndarray, detour: float = 1.3) -> np.ndarray:
    """Straight-line distance x ``detour`` (metres) when there is no road network."""
    src = np.asarray(src_xy, float).reshape(-1, 2)
    dst = np.asarray(dst_xy, float).reshape(-1, 2)
    return detour * np.hypot(src[:, None, 0] - dst[None, :, 0], src[:, None, 1] - dst[None, :, 1])
