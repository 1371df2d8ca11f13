"""Exact p-median by HiGHS (``scipy.optimize.milp``) for small instances.

Used only when the Lagrangian bound leaves a gap on a small problem. The candidate list may
be reduced beforehand: sites the Lagrangian reduced-cost test excludes cannot appear in a
solution better than ``upper_bound``, so the MILP over the remaining sites either improves
the incumbent or proves it optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, milp


@dataclass
class ExactResult:
    sites: np.ndarray | None  # candidate indices (original numbering) or None
    value: float
    bound: float  # valid lower bound on any solution better than the incumbent
    optimal: bool


def solve_milp(
    d: np.ndarray,
    p: int,
    *,
    candidates: np.ndarray | None = None,
    upper_bound: float = np.inf,
    time_limit: float | None = None,
) -> ExactResult | None:
    """Solve min sum d_ij x_ij, sum_j x_ij = 1, x_ij <= y_j, sum y = p (y binary).

    Returns None if HiGHS gave no usable answer (e.g. no time)."""
    n, m = d.shape
    cand = np.arange(m) if candidates is None else np.asarray(candidates, dtype=np.intp)
    c = cand.size
    if c < p:  # nothing better than the incumbent exists
        return ExactResult(None, upper_bound, upper_bound, True)
    nx = n * c
    cost = np.concatenate([d[:, cand].reshape(-1), np.zeros(c)])
    rows_i = np.repeat(np.arange(n), c)
    assign = sparse.csr_matrix((np.ones(nx), (rows_i, np.arange(nx))), shape=(n, nx + c))
    link = sparse.hstack(
        [sparse.identity(nx, format="csr"), -sparse.kron(np.ones((n, 1)), sparse.identity(c))],
        format="csr",
    )
    count = sparse.csr_matrix(np.concatenate([np.zeros(nx), np.ones(c)])[None, :])
    constraints = [
        LinearConstraint(assign, 1.0, 1.0),
        LinearConstraint(link, -np.inf, 0.0),
        LinearConstraint(count, p, p),
    ]
    integrality = np.concatenate([np.zeros(nx), np.ones(c)])
    options = {"disp": False}
    if time_limit is not None:
        if time_limit <= 0:
            return None
        options["time_limit"] = float(time_limit)
    res = milp(
        cost, integrality=integrality, bounds=(0, 1), constraints=constraints, options=options
    )
    bound = getattr(res, "mip_dual_bound", None)
    if bound is None or not np.isfinite(bound):
        bound = -np.inf
    if res.x is None:
        return ExactResult(None, np.inf, float(bound), False)
    y = res.x[nx:]
    sites = cand[np.argsort(-y, kind="stable")[:p]]
    value = float(d[:, sites].min(axis=1).sum())
    optimal = res.status == 0
    if optimal:
        bound = max(bound, min(value, float(res.fun)))
    return ExactResult(sites, value, float(bound), optimal)
