"""Graph helpers for districting: edge clean-up, adjacency, cut edges, contiguity.

Units are the integers ``0..n-1``; an edge list is an int array ``(m, 2)`` of adjacent
pairs. These are pure functions shared by the districting engine, the grid service and
the editing model (which must check a hand-edited grid plan).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components


def clean_edges(edges: object, n: int) -> np.ndarray:
    """Return ``edges`` as a sorted ``(m, 2)`` int64 array, ``u < v``, without loops or repeats.

    Raises ``ValueError`` when an edge names a unit outside ``0..n-1`` or the array is not
    a list of pairs.
    """
    arr = np.asarray(edges if edges is not None else [], dtype=np.int64)
    if arr.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"edges must be an (m, 2) array of unit pairs, got shape {arr.shape}")
    bad = (arr < 0) | (arr >= n)
    if bad.any():
        row = int(np.flatnonzero(bad.any(axis=1))[0])
        raise ValueError(
            f"edge {row} ({int(arr[row, 0])}, {int(arr[row, 1])}) names a unit outside 0..{n - 1}"
        )
    arr = np.sort(arr, axis=1)
    arr = arr[arr[:, 0] != arr[:, 1]]
    if arr.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(arr, axis=0)


def adjacency_matrix(edges: np.ndarray, n: int) -> csr_matrix:
    """Symmetric 0/1 CSR adjacency of a cleaned edge list."""
    m = len(edges)
    data = np.ones(2 * m, dtype=np.int8)
    rows = np.concatenate([edges[:, 0], edges[:, 1]]) if m else np.zeros(0, dtype=np.int64)
    cols = np.concatenate([edges[:, 1], edges[:, 0]]) if m else np.zeros(0, dtype=np.int64)
    return coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()


def neighbour_lists(edges: np.ndarray, n: int) -> list[list[int]]:
    """Adjacency as Python lists (fast to walk in the pure-Python local search)."""
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges.tolist():
        nbrs[u].append(v)
        nbrs[v].append(u)
    return nbrs


def components(edges: np.ndarray, n: int) -> tuple[int, np.ndarray]:
    """Connected components: ``(count, component id per unit)``."""
    if n == 0:
        return 0, np.zeros(0, dtype=np.int64)
    count, comp = connected_components(adjacency_matrix(edges, n), directed=False)
    return int(count), comp.astype(np.int64)


def cut_edge_count(edges: object, labels: Sequence[int] | np.ndarray) -> int:
    """Number of edges whose two units lie in different districts."""
    lab = np.asarray(labels)
    arr = clean_edges(edges, len(lab))
    if len(arr) == 0:
        return 0
    return int(np.count_nonzero(lab[arr[:, 0]] != lab[arr[:, 1]]))


def district_pieces(
    edges: object, labels: Sequence[int] | np.ndarray, k: int | None = None
) -> list[list[np.ndarray]]:
    """The connected pieces of every district, largest first.

    ``result[d]`` lists the unit arrays of district ``d``'s pieces: one piece when the
    district is contiguous, none when it is empty, several when it is split.
    """
    lab = np.asarray(labels, dtype=np.int64)
    n = len(lab)
    if k is None:
        k = int(lab.max()) + 1 if n else 0
    arr = clean_edges(edges, n)
    same = arr[lab[arr[:, 0]] == lab[arr[:, 1]]] if len(arr) else arr
    _, comp = components(same, n)
    pieces: list[list[np.ndarray]] = [[] for _ in range(k)]
    if n == 0:
        return pieces
    order = np.argsort(comp, kind="stable")
    breaks = np.flatnonzero(np.diff(comp[order]) != 0) + 1
    for group in np.split(order, breaks):
        d = int(lab[group[0]])
        if 0 <= d < k:
            pieces[d].append(np.sort(group))
    for d in range(k):
        pieces[d].sort(key=len, reverse=True)
    return pieces


def is_contiguous(edges: object, labels: Sequence[int] | np.ndarray, k: int | None = None) -> bool:
    """True when every non-empty district is one connected piece."""
    return all(len(p) <= 1 for p in district_pieces(edges, labels, k))


def district_populations(labels: np.ndarray, population: np.ndarray, k: int) -> np.ndarray:
    """Population of each district ``0..k-1``."""
    return np.bincount(labels, weights=population, minlength=k)[:k].astype(float)


def max_relative_deviation(pops: np.ndarray, ideal: float) -> float:
    """``max |pop - ideal| / ideal`` (0 when the ideal is 0 and every district is empty)."""
    if len(pops) == 0:
        return 0.0
    if ideal <= 0:
        return 0.0 if np.all(pops == 0) else float("inf")
    return float(np.max(np.abs(pops - ideal)) / ideal)


def repair_contiguity(
    edges: np.ndarray, labels: np.ndarray, k: int, fixed_labels: np.ndarray | None = None
) -> np.ndarray:
    """Make every district one piece by handing its stray pieces to neighbouring districts.

    A district keeps the piece holding most of its fixed units (else its largest piece);
    units of the other pieces are flooded, breadth first, into the districts next to them.
    Fixed units keep their labels.
    """
    lab = labels.copy()
    n = len(lab)
    for d, pieces in enumerate(district_pieces(edges, lab, k)):
        if len(pieces) <= 1:
            continue
        if fixed_labels is not None:
            keep = max(range(len(pieces)), key=lambda i: (int(np.sum(fixed_labels[pieces[i]] == d)), len(pieces[i])))
        else:
            keep = 0
        for i, piece in enumerate(pieces):
            if i != keep:
                free = piece if fixed_labels is None else piece[fixed_labels[piece] < 0]
                lab[free] = -1
    nbrs = neighbour_lists(edges, n)
    queue = [v for v in range(n) if lab[v] >= 0 and any(lab[y] < 0 for y in nbrs[v])]
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for y in nbrs[v]:
            if lab[y] < 0:
                lab[y] = lab[v]
                queue.append(y)
    return lab


def cut_lower_bound(edges: np.ndarray, n: int, pieces: Sequence[tuple[np.ndarray, int]],
                    max_units: int = 2000) -> int:
    """A proven lower bound on the cut edges of any plan that gives each connected piece
    (its units, its district count) that many contiguous districts.

    A piece of ``kc`` districts needs at least ``kc - 1`` cut edges (its districts are
    joined to each other), and each of its districts is cut from the rest by at least the
    piece's edge connectivity ``lam``, so at least ``kc * lam / 2``. ``lam`` is computed for
    pieces of up to ``max_units`` units (else taken as 1)."""
    import networkx as nx

    bound = 0
    for nodes, kc in pieces:
        if kc < 2:
            continue
        lam = 1
        if len(nodes) <= max_units:
            inside = np.zeros(n, dtype=bool)
            inside[nodes] = True
            graph = nx.Graph()
            graph.add_nodes_from(nodes.tolist())
            graph.add_edges_from(edges[inside[edges[:, 0]] & inside[edges[:, 1]]].tolist())
            lam = max(1, int(nx.edge_connectivity(graph)))
        bound += max(kc - 1, -(-kc * lam // 2))
    return bound
