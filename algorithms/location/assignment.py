"""Assigning demand points to a given set of open sites under size bounds.

With every size equal to 1 the problem (each open site serves between ``min_size`` and
``max_size`` demand points, each point goes to one site) is a transportation problem with
lower and upper bounds, which is totally unimodular: we solve it EXACTLY as a square
linear assignment over "slots" (``min_size`` mandatory and ``max_size - min_size``
optional slots per site; dummy rows soak up the unused optional slots).

With general sizes it is a generalized assignment problem (NP-hard); we use a
regret-greedy construction followed by shift and swap improvement, which is what a local
search needs (fast, usually within a fraction of a percent). The exact answer comes from
the MIP polish in :mod:`algorithms.location.pairs_mip`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

INFEASIBLE = float("inf")


def assign_unit(
    wcost: np.ndarray, open_sites: np.ndarray, min_size: int, max_size: int
) -> tuple[float, np.ndarray]:
    """Optimal assignment with unit sizes; returns (objective, site per point) or (inf, -1s).

    ``wcost``: (n, m) weighted costs (inf = not allowed); ``open_sites``: candidate indices.
    """
    n = wcost.shape[0]
    open_sites = np.asarray(open_sites, dtype=np.int64)
    p = len(open_sites)
    fail = (INFEASIBLE, np.full(n, -1, dtype=np.int64))
    if p == 0 or n < p * min_size or n > p * max_size:
        return fail
    sub = wcost[:, open_sites]
    finite = np.isfinite(sub)
    if not finite.any(axis=1).all():
        return fail
    scale = float(np.abs(sub[finite]).max()) if finite.any() else 1.0
    big = (scale + 1.0) * (n + 1) * 10.0
    sub = np.where(finite, sub, big)
    slots = p * max_size
    site_of_slot = np.repeat(np.arange(p), max_size)
    mandatory = np.tile(np.arange(max_size) < min_size, p)
    mat = np.empty((slots, slots))
    mat[:n] = sub[:, site_of_slot]
    mat[n:] = np.where(mandatory, big, 0.0)[None, :]
    rows, cols = linear_sum_assignment(mat)
    if mat[rows, cols].max() >= big:
        return fail
    real = rows < n
    assign = np.empty(n, dtype=np.int64)
    assign[rows[real]] = open_sites[site_of_slot[cols[real]]]
    return float(wcost[np.arange(n), assign].sum()), assign


def assign_general(
    wcost: np.ndarray,
    sizes: np.ndarray,
    open_sites: np.ndarray,
    min_size: float,
    max_size: float,
    *,
    improve: bool = True,
) -> tuple[float, np.ndarray]:
    """Heuristic single-source assignment with general sizes (regret greedy + shifts/swaps).

    Returns (objective, site per point), or (inf, -1s) when no feasible assignment was found
    (this does not prove that none exists).
    """
    n = wcost.shape[0]
    open_sites = np.asarray(open_sites, dtype=np.int64)
    p = len(open_sites)
    fail = (INFEASIBLE, np.full(n, -1, dtype=np.int64))
    if p == 0:
        return fail
    sub = wcost[:, open_sites]
    load = np.zeros(p)
    local = np.full(n, -1, dtype=np.int64)
    # Regret order: points with the largest gap between their two best sites go first.
    order_cost = np.sort(np.where(np.isfinite(sub), sub, np.inf), axis=1)
    second = order_cost[:, 1] if p > 1 else np.full(n, np.inf)
    regret = np.where(np.isfinite(second), second - order_cost[:, 0], 1e300)
    regret = regret + sizes * 1e-9  # big items first among ties
    overloaded = False
    for i in np.argsort(-regret, kind="stable"):
        room = load + sizes[i] <= max_size + 1e-9
        row = np.where(room, sub[i], np.inf)
        k = int(np.argmin(row))
        if not np.isfinite(row[k]):
            # no room left: take the reachable site that overflows least, repair below
            reach = np.isfinite(sub[i])
            if not reach.any():
                return fail
            k = int(np.argmin(np.where(reach, load, np.inf)))
            overloaded = True
        local[i] = k
        load[k] += sizes[i]
    if overloaded and not _repair_overload(sub, sizes, local, load, max_size):
        return fail
    if improve:
        _improve(sub, sizes, local, load, max_size)
    if min_size > 0 and (load < min_size - 1e-9).any():
        if not _fill_minimum(sub, sizes, local, load, min_size, max_size):
            return fail
    assign = open_sites[local]
    return float(sub[np.arange(n), local].sum()), assign


def _improve(sub: np.ndarray, sizes: np.ndarray, local: np.ndarray, load: np.ndarray,
             max_size: float, rounds: int = 4) -> None:
    """First-improvement shifts (move one point) and swaps (exchange two points)."""
    n, p = sub.shape
    idx = np.arange(n)
    for _ in range(rounds):
        improved = False
        for i in range(n):
            cur = local[i]
            room = load + sizes[i] <= max_size + 1e-9
            room[cur] = True
            row = np.where(room, sub[i], np.inf)
            k = int(np.argmin(row))
            if row[k] < sub[i, cur] - 1e-12:
                load[cur] -= sizes[i]
                load[k] += sizes[i]
                local[i] = k
                improved = True
        # swaps between points of different sites
        cur_cost = sub[idx, local]
        for i in range(n):
            a = local[i]
            # gain of moving i to the site of every j, and j to a
            b = local
            delta = (sub[i, b] + sub[idx, a]) - (cur_cost[i] + cur_cost)
            ok = (b != a) & np.isfinite(delta)
            ok &= load[a] - sizes[i] + sizes <= max_size + 1e-9
            ok &= load[b] - sizes + sizes[i] <= max_size + 1e-9
            delta = np.where(ok, delta, np.inf)
            j = int(np.argmin(delta))
            if delta[j] < -1e-12:
                bj = local[j]
                load[a] += sizes[j] - sizes[i]
                load[bj] += sizes[i] - sizes[j]
                local[i], local[j] = bj, a
                cur_cost[i] = sub[i, bj]
                cur_cost[j] = sub[j, a]
                improved = True
        if not improved:
            break


def _repair_overload(sub: np.ndarray, sizes: np.ndarray, local: np.ndarray, load: np.ndarray,
                     max_size: float) -> bool:
    """Shift points out of over-full sites (cheapest extra cost first); False on failure."""
    n = sub.shape[0]
    for _ in range(4 * n):
        over = np.flatnonzero(load > max_size + 1e-9)
        if len(over) == 0:
            return True
        k = int(over[np.argmax(load[over])])
        members = np.flatnonzero(local == k)
        fits = load[None, :] + sizes[members, None] <= max_size + 1e-9
        extra = np.where(fits, sub[members] - sub[members, k][:, None], np.inf)
        extra[:, k] = np.inf
        if not np.isfinite(extra).any():
            # move the smallest point anywhere it is reachable, to the least loaded site
            cand = sub[members].copy()
            cand[:, k] = np.inf
            ok = np.isfinite(cand)
            if not ok.any():
                return False
            r = int(np.argmin(np.where(ok.any(axis=1), sizes[members], np.inf)))
            t = int(np.argmin(np.where(ok[r], load, np.inf)))
        else:
            r, t = (int(v) for v in np.unravel_index(int(np.argmin(extra)), extra.shape))
        i = int(members[r])
        load[k] -= sizes[i]
        load[t] += sizes[i]
        local[i] = t
    return bool((load <= max_size + 1e-9).all())


def _fill_minimum(sub: np.ndarray, sizes: np.ndarray, local: np.ndarray, load: np.ndarray,
                  min_size: float, max_size: float) -> bool:
    """Move the cheapest points into under-filled sites; False when that fails."""
    n, p = sub.shape
    for _ in range(n * 2):
        under = np.flatnonzero(load < min_size - 1e-9)
        if len(under) == 0:
            return True
        k = int(under[0])
        donors = (local != k) & (load[local] - sizes >= min_size - 1e-9)
        donors &= load[k] + sizes <= max_size + 1e-9
        donors &= np.isfinite(sub[:, k])
        if not donors.any():
            return False
        extra = np.where(donors, sub[:, k] - sub[np.arange(n), local], np.inf)
        i = int(np.argmin(extra))
        load[local[i]] -= sizes[i]
        load[k] += sizes[i]
        local[i] = k
    return bool((load >= min_size - 1e-9).all())
