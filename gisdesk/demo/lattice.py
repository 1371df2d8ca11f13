"""The plain's field-road lattice (机耕路/村道) and routing over it.

A jittered, slightly rotated square lattice about 420 m apart, clipped to the region,
outside the towns, thinned a little without ever disconnecting it. County and township
roads are cheapest paths over the lattice where every lattice line has its own cost
factor, so routes follow a few "good" lines in long straight runs with occasional jogs.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree
from scipy.spatial import cKDTree

from gisdesk.demo.shapes import rotate

LATTICE_M = 420.0


class Lattice:
    """The field-road lattice: nodes, edges, and the lattice line each edge lies on."""

    def __init__(self, rng: np.random.Generator, outline, holes: list, angle: float) -> None:
        c = np.asarray(outline.centroid.coords[0])
        x0, y0, x1, y1 = outline.bounds
        half = np.hypot(x1 - x0, y1 - y0) / 2 + LATTICE_M
        n = int(2 * half / LATTICE_M) + 1
        base = np.arange(n) * LATTICE_M - half
        us = base + rng.uniform(-0.12, 0.12, n) * LATTICE_M
        vs = base + rng.uniform(-0.12, 0.12, n) * LATTICE_M
        gu, gv = np.meshgrid(us, vs, indexing="ij")
        local = np.column_stack([gu.ravel(), gv.ravel()]) + rng.uniform(-22, 22, (n * n, 2)) + c
        xy = rotate(local, angle, c)
        inner = shapely.buffer(outline, -60)
        ok = shapely.contains_xy(inner, xy[:, 0], xy[:, 1])
        for h in holes:
            box = shapely.buffer(h, 220)
            cand = np.flatnonzero(ok)
            ok[cand[shapely.contains_xy(box, xy[cand, 0], xy[cand, 1])]] = False
        idx = np.arange(n * n).reshape(n, n)
        e_u = np.column_stack([idx[:-1, :].ravel(), idx[1:, :].ravel()])  # along u, line = column of v
        e_v = np.column_stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()])
        line_u = np.broadcast_to(np.arange(n)[None, :], (n - 1, n)).ravel()  # v-index of the row
        line_v = n + np.broadcast_to(np.arange(n)[:, None], (n, n - 1)).ravel()
        edges = np.vstack([e_u, e_v])
        line = np.concatenate([line_u, line_v])
        good = ok[edges[:, 0]] & ok[edges[:, 1]]
        edges, line = edges[good], line[good]
        mid = (xy[edges[:, 0]] + xy[edges[:, 1]]) / 2
        good = shapely.contains_xy(inner, mid[:, 0], mid[:, 1])
        edges, line = edges[good], line[good]
        # the largest connected piece; then thin it a little without disconnecting it
        m = len(xy)
        g = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(m, m))
        _, comp = connected_components(g, directed=False)
        used = np.zeros(m, bool)
        used[edges.ravel()] = True
        main = np.bincount(comp[used]).argmax()
        keep = comp[edges[:, 0]] == main
        edges, line = edges[keep], line[keep]
        w = rng.random(len(edges)) + 0.01
        tree = minimum_spanning_tree(coo_matrix((w, (edges[:, 0], edges[:, 1])), shape=(m, m))).tocoo()
        in_tree = set(zip(tree.row.tolist(), tree.col.tolist(), strict=True))
        tree_mask = np.array([(a, b) in in_tree or (b, a) in in_tree for a, b in edges.tolist()])
        drop = ~tree_mask & (rng.random(len(edges)) < 0.13)
        edges, line = edges[~drop], line[~drop]
        nodes = np.unique(edges.ravel())
        remap = np.full(m, -1)
        remap[nodes] = np.arange(len(nodes))
        self.xy = xy[nodes]
        self.edges = remap[edges]
        self.line = line
        self.n_lines = 2 * n
        self.tree = cKDTree(self.xy)
        self.rank = np.zeros(len(self.edges), int)
        self.name = np.full(len(self.edges), "", dtype=object)
        length = np.hypot(*(self.xy[self.edges[:, 0]] - self.xy[self.edges[:, 1]]).T)
        quality = rng.uniform(0.45, 1.5, self.n_lines)  # some lattice lines are the good roads
        cost = length * quality[self.line]
        k = len(self.xy)
        self.graph = coo_matrix(
            (np.concatenate([cost, cost]),
             (np.concatenate([self.edges[:, 0], self.edges[:, 1]]), np.concatenate([self.edges[:, 1], self.edges[:, 0]]))),
            shape=(k, k)).tocsr()
        self.edge_of = {}
        for e, (a, b) in enumerate(self.edges.tolist()):
            self.edge_of[(a, b)] = e
            self.edge_of[(b, a)] = e

    def nearest(self, xy: np.ndarray) -> np.ndarray:
        return self.tree.query(xy)[1]

    def upgrade_many(self, requests: list[tuple[int, np.ndarray, int, str]], box: tuple) -> None:
        """Raise the class of the lattice edges on the cheapest paths of each request.

        A request is (source node, target nodes, rank, name). All are solved in one
        shortest-path run on the part of the lattice inside ``box`` (x0, y0, x1, y1),
        then applied in order: a higher rank wins, the first name of a rank stays.
        """
        if not requests:
            return
        x0, y0, x1, y1 = box
        inside = (self.xy[:, 0] >= x0) & (self.xy[:, 0] <= x1) & (self.xy[:, 1] >= y0) & (self.xy[:, 1] <= y1)
        for src, targets, _, _ in requests:
            inside[src] = True
            inside[np.asarray(targets, int)] = True
        idx = np.flatnonzero(inside)
        local = np.full(len(self.xy), -1)
        local[idx] = np.arange(len(idx))
        sub = self.graph[idx][:, idx]
        sources = sorted({int(r[0]) for r in requests})
        row = {s: k for k, s in enumerate(sources)}
        reach = max(float(np.hypot(*(self.xy[np.asarray(t, int)] - self.xy[s]).T).max()) for s, t, _, _ in requests)
        _, pred = dijkstra(sub, indices=local[sources], return_predecessors=True, limit=3.0 * reach + 2000.0)
        for source, targets, rank, name in requests:
            p_row = pred[row[int(source)]]
            start = local[int(source)]
            for t in targets:
                node = int(local[int(t)])
                while node != start and p_row[node] >= 0:
                    p = int(p_row[node])
                    e = self.edge_of[(int(idx[p]), int(idx[node]))]
                    if self.rank[e] < rank:
                        self.rank[e] = rank
                        self.name[e] = name
                    elif self.rank[e] == rank and not self.name[e]:
                        self.name[e] = name
                    node = p
