"""Exact MIP (HiGHS via ``scipy.optimize.milp``) on a sparse size-bounded p-median model.

Only the listed (point, site) pairs get a variable; the caller chooses them (all pairs
that the Lagrangian penalties cannot rule out, or the nearest ones). The strong
formulation (x_ij <= y_j) keeps the LP relaxation tight.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from algorithms.location.bounded_model import GroupModel
from algorithms.location.result import Effort

BUILD_SECONDS_PER_PAIR = 6e-6  # building the model, which HiGHS's time limit does not count
ROOT_SECONDS_PER_PAIR = 2.6e-5  # HiGHS's root LP on the pairs MIP, whatever its time limit


def overhead_seconds(pairs: int) -> float:
    """What a pairs MIP of ``pairs`` variables takes beyond HiGHS's time limit at most:
    building it and the root LP (measured: 0.5 s for 20,000 pairs, 1.3 s for 50,000)."""
    return (BUILD_SECONDS_PER_PAIR + ROOT_SECONDS_PER_PAIR) * pairs


@dataclass
class MipResult:
    assignment: np.ndarray | None  # site per point, None when no solution was found
    sites: np.ndarray | None  # open sites of that solution
    objective: float
    bound: float  # proven lower bound for the restricted model
    optimal: bool
    status: int
    outcome: str = ""  # how HiGHS ended: optimal, time limit, node limit, infeasible



def solve_pairs(
    model: GroupModel,
    ii: np.ndarray,
    jj: np.ndarray,
    *,
    must_open: np.ndarray | None = None,
    time_limit: float,
    rel_gap: float = 1e-7,
    presolve: bool = False,
    node_limit: int | None = None,
    sub_mips: bool = True,
) -> MipResult:
    """Solve the model restricted to pairs (ii[k], jj[k]) (finite costs only).

    HiGHS presolve is off by default: on these small, tight models it costs more than it
    saves (about 3x slower on 40-village stations in our measurements). ``node_limit``:
    at most this many branch-and-bound nodes (counted work: HiGHS then stops at the same
    point on any machine). ``sub_mips=False`` turns HiGHS's RINS and RENS sub-MIP
    heuristics off: on the demo stations they took most of the root's time (2-2.5x) and
    found nothing the search had not.
    """
    wcost, sizes, min_size, max_size = model.wcost, model.sizes, model.min_size, model.max_size
    p, fixed = model.p, model.fixed
    n, m = wcost.shape
    keep = np.isfinite(wcost[ii, jj])
    ii, jj = ii[keep], jj[keep]
    sites, jcol = np.unique(jj, return_inverse=True)
    fixed = np.asarray(fixed, dtype=np.int64)
    if not np.isin(fixed, sites).all() or len(sites) < p:
        extra = np.setdiff1d(fixed, sites)
        sites = np.concatenate([sites, extra])
    q, e = len(sites), len(ii)
    nv = e + q
    ex = np.arange(e)
    ycol = e + jcol
    c = np.concatenate([wcost[ii, jj], np.zeros(q)])
    blocks = []
    lo, hi = [], []
    # every point served once
    blocks.append(sp.csr_matrix((np.ones(e), (ii, ex)), shape=(n, nv)))
    lo.append(np.ones(n))
    hi.append(np.ones(n))
    # min_size * y_j <= sum_i s_i x_ij <= max_size * y_j
    rows = np.concatenate([jcol, np.arange(q)])
    colsz = np.concatenate([ex, e + np.arange(q)])
    load_hi = sp.csr_matrix((np.concatenate([sizes[ii], -np.full(q, max_size)]), (rows, colsz)),
                            shape=(q, nv))
    blocks.append(load_hi)
    lo.append(np.full(q, -np.inf))
    hi.append(np.zeros(q))
    if min_size > 0:
        load_lo = sp.csr_matrix(
            (np.concatenate([sizes[ii], -np.full(q, float(min_size))]), (rows, colsz)),
            shape=(q, nv))
        blocks.append(load_lo)
        lo.append(np.zeros(q))
        hi.append(np.full(q, np.inf))
    # x_ij <= y_j
    blocks.append(sp.csr_matrix((np.concatenate([np.ones(e), -np.ones(e)]),
                                 (np.concatenate([ex, ex]), np.concatenate([ex, ycol]))),
                                shape=(e, nv)))
    lo.append(np.full(e, -np.inf))
    hi.append(np.zeros(e))
    # exactly p open
    blocks.append(sp.csr_matrix((np.ones(q), (np.zeros(q, dtype=np.int64), e + np.arange(q))),
                                shape=(1, nv)))
    lo.append(np.array([p]))
    hi.append(np.array([p]))
    A = sp.vstack(blocks).tocsr()
    lb = np.zeros(nv)
    lb[e + np.flatnonzero(np.isin(sites, fixed))] = 1.0
    if must_open is not None:
        lb[e + np.flatnonzero(np.isin(sites, must_open))] = 1.0
    integrality = np.ones(nv)
    if np.all(sizes[ii] == 1) and float(min_size).is_integer() and float(max_size).is_integer():
        # For fixed open sites the unit-size assignment is a transportation problem (totally
        # unimodular): only the site variables need to be integral.
        integrality[:e] = 0
    options = {"time_limit": max(0.05, float(time_limit)), "mip_rel_gap": rel_gap, "presolve": presolve}
    if node_limit is not None:
        options["node_limit"] = int(node_limit)
    if not sub_mips:
        options.update(mip_heuristic_run_rins=False, mip_heuristic_run_rens=False)
    with warnings.catch_warnings():  # scipy warns that it passes HiGHS's own option names verbatim
        warnings.simplefilter("ignore", RuntimeWarning)
        res = milp(c, constraints=LinearConstraint(A, np.concatenate(lo), np.concatenate(hi)),
                   integrality=integrality, bounds=Bounds(lb, np.ones(nv)), options=options)
    outcome = _outcome(res)
    bound = getattr(res, "mip_dual_bound", None)
    bound = -np.inf if bound is None or not np.isfinite(bound) else float(bound)
    if res.status == 2:  # infeasible restricted model: no solution among these pairs
        return MipResult(None, None, np.inf, np.inf, True, 2, outcome)
    if res.x is None:
        return MipResult(None, None, np.inf, bound, False, int(res.status), outcome)
    assign = _round_assignment(res.x[:e], ii, jj, n)
    if (assign < 0).any():
        return MipResult(None, None, np.inf, bound, False, int(res.status), outcome)
    obj = float(wcost[np.arange(n), assign].sum())
    optimal = res.status == 0 and rel_gap <= 1e-7
    if optimal:  # proven optimal: the bound is the objective (not when stopped at a looser gap)
        bound = max(bound, obj)
    open_sites = sites[res.x[e:] > 0.5]
    return MipResult(assign, np.sort(open_sites), obj, min(bound, obj), optimal, int(res.status),
                     outcome)


def _outcome(res) -> str:
    """scipy's status in words: it gives HiGHS's node limit (kSolutionLimit, 16) no code of
    its own (status 4, "other"), only in its message."""
    if res.status == 4 and "HiGHS Status 16:" in str(res.message):
        return "node limit"
    return {0: "optimal", 1: "time limit", 2: "infeasible"}.get(int(res.status), str(res.status))


def mip_work(effort: Effort | None) -> dict:
    """solve_pairs's counted limits under ``effort`` (none without one)."""
    return {} if effort is None else {"node_limit": effort.mip_nodes, "sub_mips": False}


def _round_assignment(xval: np.ndarray, ii: np.ndarray, jj: np.ndarray, n: int) -> np.ndarray:
    """Site per point from x values (the largest x of each point; integral at a vertex)."""
    assign = np.full(n, -1, dtype=np.int64)
    best = np.full(n, 0.5)
    for k in np.flatnonzero(xval > 0.5):
        if xval[k] > best[ii[k]]:
            best[ii[k]] = xval[k]
            assign[ii[k]] = jj[k]
    return assign
