"""Contiguous service areas: the demand of each open site forms one connected piece.

A size-bounded p-median solved without contiguity can give an office villages on both
sides of another office's area. :func:`contiguous_assignment` re-solves the ASSIGNMENT
for a given set of open sites, exactly, with contiguity as a constraint: a MIP (HiGHS via
``scipy.optimize.milp``) with one single-commodity flow per site (Shirabe 2005): the
site's root point sends one unit of flow to every other point it serves, over adjacency
edges between points that site serves, so whatever a site serves is connected to its root.

The open sites stay as they are, so the p-median's lower bound (a relaxation of the
contiguous problem) stays a valid bound for it; the caller reports that bound with the
contiguous objective, and the gap between them is honest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from algorithms.location.contiguous_swaps import contiguous_repair
from algorithms.location.inputs import cost_matrix, demand_weights

__all__ = ["ContiguousAssignment", "contiguous_assignment", "pieces_per_site"]


@dataclass
class ContiguousAssignment:
    """``assignment``: candidate index per demand point (None when no contiguous
    assignment was found); ``objective``: sum weight x cost; ``optimal``: proven optimal
    for these open sites; ``status``: why (``optimal``, ``time limit``, ``infeasible``)."""

    assignment: np.ndarray | None
    objective: float
    optimal: bool
    status: str


def pieces_per_site(edges: np.ndarray, assignment: np.ndarray) -> dict[int, int]:
    """How many connected pieces the points of every site in ``assignment`` form."""
    assignment = np.asarray(assignment, dtype=np.int64)
    n = len(assignment)
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    same = e[assignment[e[:, 0]] == assignment[e[:, 1]]] if len(e) else e
    graph = sp.coo_matrix((np.ones(len(same)), (same[:, 0], same[:, 1])), shape=(n, n))
    _, comp = sp.csgraph.connected_components(graph, directed=False)
    out: dict[int, int] = {}
    for site in np.unique(assignment):
        out[int(site)] = len(np.unique(comp[assignment == site]))
    return out


def contiguous_assignment(
    cost,
    weights,
    sites,
    min_size: int,
    max_size: int,
    edges,
    roots,
    *,
    time_limit: float = 10.0,
    nearest: int | None = None,
    start=None,
    node_limit: int | None = None,
) -> ContiguousAssignment:
    """The cheapest assignment of every demand point to one of the open ``sites`` with
    ``min_size``..``max_size`` points per site and every site's points connected.

    ``cost``: (n x m) costs (``inf``: not allowed); ``sites``: open candidate indices;
    ``edges``: (e, 2) pairs of adjacent demand points; ``roots``: for each open site a
    demand point it must serve (the village it stands in, or its nearest member), all
    different. ``nearest``: each point may only go to its ``nearest`` cheapest sites (a
    smaller model, solved first; the full one when that has no solution). ``start``: the
    assignment to repair (candidate index per point, say the p-median's): a local search
    (:mod:`.contiguous_swaps`) makes it contiguous first, in milliseconds, and the MIP then
    improves on it or proves it optimal in the time left; ``node_limit``: it stops after that
    many branch-and-bound nodes too (counted work: the same result on any machine when the
    nodes, not ``time_limit``, end it). Raises ValueError for
    inconsistent input; an impossible request comes back with ``assignment=None`` and
    status ``infeasible``.
    """
    cost = cost_matrix(cost)
    n = cost.shape[0]
    w = demand_weights(weights, n)
    sites = np.asarray(sites, dtype=np.int64).ravel()
    roots = np.asarray(roots, dtype=np.int64).ravel()
    q = len(sites)
    if q == 0 or len(roots) != q:
        raise ValueError("one root demand point is needed for every open site")
    if len(np.unique(roots)) != q or roots.min() < 0 or roots.max() >= n:
        raise ValueError("roots must be different demand points")
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    if len(e) and (e.min() < 0 or e.max() >= n):
        raise ValueError(f"edges must join demand points 0..{n - 1}")
    if not q * min_size <= n <= q * max_size:
        return ContiguousAssignment(None, np.inf, False, "infeasible")
    sub = cost[:, sites]
    repaired = _local(sub, w, sites, roots, min_size, max_size, e, start)
    # HiGHS can outrun its limit by a second on a large model: with a repair in hand it gets half
    exact = _exact(cost, sub, w, sites, roots, min_size, max_size, e,
                   time_limit if repaired is None else 0.5 * time_limit, nearest, node_limit)
    if repaired is not None and (exact.assignment is None or repaired.objective < exact.objective - 1e-9):
        return repaired
    return exact


def _local(sub, w, sites, roots, min_size, max_size, e, start) -> ContiguousAssignment | None:
    """The local-search repair of ``start``, or None."""
    if start is None:
        return None
    n, q = sub.shape
    where = {int(s): k for k, s in enumerate(sites)}
    labels = np.array([where.get(int(a), -1) for a in np.asarray(start).ravel()], dtype=np.int64)
    if len(labels) != n:
        raise ValueError(f"start must give one site per demand point ({n})")
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for a, b in e:
        nbrs[int(a)].append(int(b))
        nbrs[int(b)].append(int(a))
    lab = contiguous_repair(sub, w, roots, int(min_size), int(max_size), nbrs, labels)
    if lab is None:
        return None
    return ContiguousAssignment(sites[lab], float((w * sub[np.arange(n), lab]).sum()), False, "local search")


def _exact(cost, sub, w, sites, roots, min_size, max_size, e, time_limit, nearest,
           node_limit=None) -> ContiguousAssignment:
    """The flow MIP: on each point's ``nearest`` sites first, on all when that is infeasible."""
    q = len(sites)
    allowed = np.isfinite(sub)
    if nearest is not None and nearest < q:
        deadline = time.perf_counter() + time_limit
        near = np.zeros_like(allowed)
        np.put_along_axis(near, np.argsort(sub, axis=1, kind="stable")[:, :nearest], True, axis=1)
        first = _solve(cost, sub, w, sites, roots, allowed & near, min_size, max_size, e, 0.5 * time_limit,
                       node_limit)
        if first.assignment is not None:
            status = "optimal among the nearest sites" if first.optimal else "time limit"
            return ContiguousAssignment(first.assignment, first.objective, False, status)
        if first.status != "infeasible":  # out of time on the small model: the full one fares no better
            return first
        time_limit = max(0.05, deadline - time.perf_counter())
    return _solve(cost, sub, w, sites, roots, allowed, min_size, max_size, e, time_limit, node_limit)


def _solve(cost, sub, w, sites, roots, allowed, min_size, max_size, e, time_limit,
           node_limit=None) -> ContiguousAssignment:
    """The flow MIP over the allowed (point, site) pairs."""
    n, q = sub.shape
    allowed[roots, :] = False
    allowed[roots, np.arange(q)] = True
    ii, jj = np.nonzero(allowed)  # x variables: point ii serves site jj
    nx = len(ii)
    xcol = np.full((n, q), -1, dtype=np.int64)
    xcol[ii, jj] = np.arange(nx)
    # arcs u -> v in both directions; a flow variable per (site, arc) where both ends may serve it
    arcs = np.vstack([e, e[:, ::-1]]) if len(e) else np.zeros((0, 2), np.int64)
    fj, fa = np.nonzero((xcol[arcs[:, 0]].T >= 0) & (xcol[arcs[:, 1]].T >= 0))
    into_root = arcs[fa, 1] == roots[fj]
    fj, fa = fj[~into_root], fa[~into_root]
    nf = len(fj)
    fcol = nx + np.arange(nf)
    nv = nx + nf
    big = float(max_size - 1)
    rows_a: list[np.ndarray] = []
    cols_a: list[np.ndarray] = []
    vals_a: list[np.ndarray] = []
    lo: list[np.ndarray] = []
    hi: list[np.ndarray] = []
    row = 0

    def block(r, c, v, low, high, count):
        nonlocal row
        rows_a.append(np.asarray(r) + row)
        cols_a.append(np.asarray(c))
        vals_a.append(np.asarray(v, dtype=float))
        lo.append(np.asarray(low, dtype=float))
        hi.append(np.asarray(high, dtype=float))
        row += count

    # every point served once; every site serves min..max points
    block(ii, np.arange(nx), np.ones(nx), np.ones(n), np.ones(n), n)
    block(jj, np.arange(nx), np.ones(nx), np.full(q, float(min_size)), np.full(q, float(max_size)), q)
    # flow balance of site j at every point v other than its root: in - out - x_vj = 0
    bal = np.full((q, n), -1, dtype=np.int64)
    keys = [(j, v) for j in range(q) for v in range(n) if v != roots[j] and xcol[v, j] >= 0]
    for k, (j, v) in enumerate(keys):
        bal[j, v] = k
    head, tail = arcs[fa, 1], arcs[fa, 0]
    r_in, r_out = bal[fj, head], bal[fj, tail]
    ok_in, ok_out = r_in >= 0, r_out >= 0
    kj = np.array([j for j, _ in keys], dtype=np.int64)
    kv = np.array([v for _, v in keys], dtype=np.int64)
    block(np.concatenate([r_in[ok_in], r_out[ok_out], np.arange(len(keys))]),
          np.concatenate([fcol[ok_in], fcol[ok_out], xcol[kv, kj] if len(keys) else np.zeros(0, np.int64)]),
          np.concatenate([np.ones(ok_in.sum()), -np.ones(ok_out.sum()), -np.ones(len(keys))]),
          np.zeros(len(keys)), np.zeros(len(keys)), len(keys))
    # flow leaves a point only when that point serves the site: f_j(u->v) <= (max - 1) x_uj
    block(np.concatenate([np.arange(nf), np.arange(nf)]),
          np.concatenate([fcol, xcol[tail, fj]]),
          np.concatenate([np.ones(nf), -np.full(nf, big)]),
          np.full(nf, -np.inf), np.zeros(nf), nf)
    a = sp.csr_matrix((np.concatenate(vals_a), (np.concatenate(rows_a), np.concatenate(cols_a))),
                      shape=(row, nv))
    c = np.concatenate([w[ii] * sub[ii, jj], np.zeros(nf)])
    lb = np.zeros(nv)
    ub = np.concatenate([np.ones(nx), np.full(nf, big)])
    lb[xcol[roots, np.arange(q)]] = 1.0
    integrality = np.concatenate([np.ones(nx), np.zeros(nf)])
    options = {"time_limit": max(0.05, float(time_limit)), "mip_rel_gap": 1e-7}
    if node_limit is not None:
        options["node_limit"] = int(node_limit)
    res = milp(c, constraints=LinearConstraint(a, np.concatenate(lo), np.concatenate(hi)),
               integrality=integrality, bounds=Bounds(lb, ub), options=options)
    if res.status == 2:
        return ContiguousAssignment(None, np.inf, True, "infeasible")
    if res.x is None:
        return ContiguousAssignment(None, np.inf, False, "time limit")
    local = np.full(n, -1, dtype=np.int64)
    xv = res.x[:nx]
    take = xv > 0.5
    local[ii[take]] = jj[take]
    if (local < 0).any():
        return ContiguousAssignment(None, np.inf, False, "time limit")
    assignment = sites[local]
    objective = float((w * cost[np.arange(n), assignment]).sum())
    return ContiguousAssignment(assignment, objective, res.status == 0,
                                "optimal" if res.status == 0 else "time limit")
