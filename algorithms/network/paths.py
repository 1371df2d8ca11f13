"""Shortest paths as polylines on a :class:`algorithms.network.RoadNetwork`.

:func:`route_lines` draws the road path of many (source, target) pairs with one Dijkstra
per distinct target (on the reversed graph, returning predecessors), not one per pair: a
plan's village -> office lines cost one search per office.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from algorithms.network.roads import RoadNetwork, box_nodes
from algorithms.progress import CancelToken, check

_EPS = 1e-6


def route_lines(
    network: RoadNetwork,
    sources: np.ndarray,
    targets: np.ndarray,
    *,
    weight: str = "length",
    within: tuple[float, float, float, float] | None = None,
    limit: float = np.inf,
    cancel: CancelToken | None = None,
) -> list[np.ndarray | None]:
    """For each pair ``(sources[i], targets[i])`` of nodes, the (n, 2) coordinates of the
    cheapest path by ``weight`` ("length" or "time") from source to target along the
    edges' geometry, or None when there is no path (or none within ``limit``, metres or
    seconds: a known bound on the costs keeps the searches short). ``within`` (x0, y0, x1,
    y1) searches only the nodes inside that box (and the pair's own nodes), as
    :func:`algorithms.network.travel_costs` does.
    """
    sources = np.asarray(sources, int)
    targets = np.asarray(targets, int)
    if len(sources) != len(targets):
        raise ValueError("sources and targets need one node each per pair")
    out: list[np.ndarray | None] = [None] * len(sources)
    if len(sources) == 0:
        return out
    graph = network.graph(weight, reverse=True)  # a search from t gives paths *to* t
    idx = np.arange(network.n_nodes)
    if within is not None:
        idx = box_nodes(network, within, sources, targets)
        graph = graph[idx][:, idx]
    local = np.full(network.n_nodes, -1)
    local[idx] = np.arange(len(idx))
    uniq, row = np.unique(local[targets], return_inverse=True)
    check(cancel)
    _, pred = dijkstra(graph, directed=True, indices=uniq, return_predecessors=True, limit=limit)
    walks: list[np.ndarray | None] = []
    for i in range(len(sources)):
        if i % 256 == 0:
            check(cancel)
        nodes = _walk(pred[row[i]], int(local[sources[i]]), int(uniq[row[i]]))
        walks.append(None if nodes is None else idx[nodes])
    long_walks = {i: w for i, w in enumerate(walks) if w is not None and len(w) > 1}
    found = list(long_walks)
    for i, w in enumerate(walks):
        if w is not None and len(w) == 1:  # source and target are one node
            out[i] = np.repeat(network.xy[w], 2, axis=0)
    if not found:
        return out
    tails = np.concatenate([long_walks[i][:-1] for i in found])
    heads = np.concatenate([long_walks[i][1:] for i in found])
    ids = np.asarray(_edge_lookup(network, weight)[tails, heads]).ravel()
    coords, starts = _edge_coords(network)
    at = 0
    for i in found:
        pieces = []
        for k, e in enumerate(ids[at : at + len(long_walks[i]) - 1]):
            e_abs = abs(int(e)) - 1
            c = coords[starts[e_abs] : starts[e_abs + 1]]
            c = c[::-1] if e < 0 else c
            pieces.append(c if k == 0 else c[1:])
        at += len(long_walks[i]) - 1
        out[i] = np.vstack(pieces)
    return out


def _walk(pred: np.ndarray, start: int, end: int) -> list[int] | None:
    """Nodes from ``start`` to ``end`` following ``pred`` (a reversed-graph tree rooted at end)."""
    nodes = [start]
    node = start
    for _ in range(len(pred)):
        if node == end:
            return nodes
        node = int(pred[node])
        if node < 0:
            return None
        nodes.append(node)
    return None


def _edge_lookup(network: RoadNetwork, weight: str) -> csr_matrix:
    """Sparse (from, to) -> signed edge id + 1 of the cheapest edge travelled that way;
    negative where the edge is travelled against its digitising direction."""
    key = ("edge_ids", weight)
    cached = network._graphs.get(key)
    if cached is not None:
        return cached
    w = network.length_m if weight == "length" else network.seconds
    two = np.flatnonzero(~network.oneway)
    ids = np.arange(1, network.n_edges + 1)
    rows = np.concatenate([network.tail, network.head[two]])
    cols = np.concatenate([network.head, network.tail[two]])
    vals = np.concatenate([ids, -ids[two]])
    cost = np.maximum(np.concatenate([w, w[two]]), _EPS)
    order = np.lexsort((cost, cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    first = np.ones(len(rows), bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    n = network.n_nodes
    out = csr_matrix((vals[first], (rows[first], cols[first])), shape=(n, n))
    network._graphs[key] = out
    return out


def _edge_coords(network: RoadNetwork) -> tuple[np.ndarray, np.ndarray]:
    """All edges' vertices in one array and where each edge starts in it."""
    key = ("edge_coords",)
    if key not in network._graphs:
        coords, owner = shapely.get_coordinates(network.geoms, return_index=True)
        starts = np.searchsorted(owner, np.arange(network.n_edges + 1))
        network._graphs[key] = (coords, starts)
    return network._graphs[key]
