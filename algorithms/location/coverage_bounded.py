"""Size-bounded set covering: the fewest sites, each serving ``min_size``-``max_size``
points, such that the most points lie within ``radius`` of the site that serves them.

Response time (``site --cover-minutes``): every village within M minutes of its own office,
with the 5-8 villages rule kept. Plain set covering (:func:`set_covering`) ignores the band:
its optimum is only a lower bound here, because a site may cover a village that a full
site cannot take. So the band is a constraint of one HiGHS MIP, with a lexicographic
objective: first the fewest points served from beyond ``radius`` (points no site reaches
within it are served anyway, from anywhere, and counted), then the fewest sites.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from algorithms.location.coverage import set_covering
from algorithms.location.inputs import cost_matrix


@dataclass
class BoundedCover:
    """``sites``: open site indices; ``assignment``: site of each point (-1: no plan found);
    ``covered``: bool per point, served within ``radius``; ``uncoverable``: points no site
    reaches within it; ``lower_sites``: a proven lower bound on the sites needed to cover
    every coverable point (set covering, ``ceil(n / max_size)``, ``at_least``);
    ``proven``: the MIP proved this the fewest uncovered points, then the fewest sites."""

    sites: np.ndarray
    assignment: np.ndarray
    covered: np.ndarray
    uncoverable: np.ndarray
    lower_sites: int
    proven: bool
    seconds: float
    status: str


def bounded_set_covering(
    cost: np.ndarray,
    radius: float,
    min_size: int,
    max_size: int,
    *,
    at_least: int = 1,
    fixed=(),
    time_limit: float = 30.0,
) -> BoundedCover:
    """Solve the size-bounded set covering for ``cost`` (points x sites) and ``radius``.

    Unit sizes: every point counts one towards its site's ``min_size``-``max_size``;
    ``at_least`` sites are opened at the fewest, ``fixed`` ones always. Raises
    ``ValueError`` when the band cannot be kept at all (too few points or sites).
    """
    t0 = time.perf_counter()
    cost = cost_matrix(cost)
    n, m = cost.shape
    if not np.isfinite(radius) or radius < 0:
        raise ValueError(f"radius must be a finite non-negative number, got {radius!r}")
    if min_size < 0 or max_size < max(1, min_size):
        raise ValueError(f"size bounds must be 0 <= min_size <= max_size, got {min_size} and {max_size}")
    fixed_arr = np.unique(np.asarray(list(fixed), dtype=np.int64))
    within = cost <= radius
    coverable = within.any(axis=1)
    lscp = set_covering(cost, radius, fixed=fixed_arr, time_limit=max(0.1, 0.2 * time_limit))
    lower = max(int(lscp.lower_bound), math.ceil(n / max_size), int(at_least), len(fixed_arr))
    most = m if min_size == 0 else min(m, n // min_size)
    if max(math.ceil(n / max_size), int(at_least), len(fixed_arr)) > most:
        raise ValueError(f"{n} points cannot be split into sites of {min_size} to {max_size}")

    ii, jj = np.nonzero(within)
    e = len(ii)
    # columns: x (the pairs within radius), u (point served from beyond), f (beyond-served
    # points a site takes: any site may serve them, so only their number per site matters), y
    big = m + 1.0  # one point more within radius outweighs every site
    nv = e + n + 2 * m
    u0, f0, y0 = e, e + n, e + n + m
    c = np.concatenate([np.zeros(e), np.full(n, big), np.zeros(m), np.ones(m)])
    rows = np.arange(e)
    one = sparse.csr_matrix((np.r_[np.ones(e), np.ones(n)], (np.r_[ii, np.arange(n)], np.r_[rows, u0 + np.arange(n)])),
                            shape=(n, nv))
    link = sparse.csr_matrix((np.r_[np.ones(e), -np.ones(e)], (np.r_[rows, rows], np.r_[rows, y0 + jj])), shape=(e, nv))
    sites_m = np.arange(m)
    load_r = np.r_[jj, sites_m]
    load_c = np.r_[rows, f0 + sites_m]
    upper = sparse.csr_matrix((np.r_[np.ones(e + m), np.full(m, -float(max_size))], (np.r_[load_r, sites_m], np.r_[load_c, y0 + sites_m])),
                              shape=(m, nv))
    lower_load = sparse.csr_matrix((np.r_[np.ones(e + m), np.full(m, -float(min_size))], (np.r_[load_r, sites_m], np.r_[load_c, y0 + sites_m])),
                                   shape=(m, nv))
    balance = sparse.csr_matrix((np.r_[np.ones(n), -np.ones(m)], (np.zeros(n + m, int), np.r_[u0 + np.arange(n), f0 + sites_m])),
                                shape=(1, nv))
    count = sparse.csr_matrix((np.ones(m), (np.zeros(m, int), y0 + sites_m)), shape=(1, nv))
    lb = np.zeros(nv)
    ub = np.ones(nv)
    ub[f0:y0] = float(max_size)
    lb[y0 + fixed_arr] = 1.0
    res = milp(
        c,
        integrality=np.ones(nv),
        bounds=Bounds(lb, ub),
        constraints=[
            LinearConstraint(one, 1.0, 1.0),
            LinearConstraint(link, -np.inf, 0.0),
            LinearConstraint(upper, -np.inf, 0.0),
            LinearConstraint(lower_load, 0.0, np.inf),
            LinearConstraint(balance, 0.0, 0.0),
            LinearConstraint(count, float(max(at_least, len(fixed_arr))), np.inf),
        ],
        options={"disp": False, "time_limit": max(0.1, time_limit - (time.perf_counter() - t0))},
    )
    status = {0: "optimal", 1: "time limit", 2: "infeasible"}.get(res.status, str(res.status))
    if res.x is None:
        return BoundedCover(np.zeros(0, np.int64), np.full(n, -1, np.int64), np.zeros(n, bool),
                            np.flatnonzero(~coverable), lower, False, time.perf_counter() - t0, status)
    x = res.x[:e] > 0.5
    assignment = np.full(n, -1, np.int64)
    assignment[ii[x]] = jj[x]
    slots = np.round(res.x[f0:y0]).astype(np.int64)
    for i in np.flatnonzero(assignment < 0):  # beyond radius: the nearest site with room
        free = np.flatnonzero(slots > 0)
        j = int(free[np.argmin(cost[i, free])])
        assignment[i] = j
        slots[j] -= 1
    sites = np.flatnonzero(np.round(res.x[y0:]) > 0)
    covered = np.zeros(n, bool)
    ok = assignment >= 0
    covered[ok] = within[np.flatnonzero(ok), assignment[ok]]
    return BoundedCover(sites, assignment, covered, np.flatnonzero(~coverable), lower,
                        bool(res.status == 0), time.perf_counter() - t0, status)
