"""Merging good plans of one large group exactly: HiGHS on the sites the plans use.

Independent swap searches of one group (different seeds) end in different plans that share
most of their open sites. The best plan that keeps the sites all of them open, opens the
others only among the sites some of them use, and serves each village from one of its
``MERGE_NEAR`` nearest such sites (or a site one of the plans gives it) is a small MIP: on
300 synthetic clustered villages (38 offices, three plans, 54 sites, 25 common) HiGHS
solves it in 0.3-0.6 s and it is 0.7 % better than the best of the three; on 500 such
villages 2 % (path relinking by MIP, as in the matheuristics for the capacitated p-median).
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator
from algorithms.location.pairs_mip import mip_work, solve_pairs
from algorithms.location.result import Effort

MERGE_NEAR = 3  # each village may use its nearest this many of the plans' sites

Plan = tuple[np.ndarray, float, np.ndarray]  # open sites (sorted), objective, site per point


def merge_plans(
    model: GroupModel,
    ev: Evaluator,
    plans: list[Plan],
    *,
    time_limit: float,
    effort: Effort | None = None,
    near: int = MERGE_NEAR,
) -> Plan | None:
    """The best plan over the plans' sites (see the module; each village may use its
    ``near`` nearest of them), assigned exactly to its sites over all pairs; None when the
    plans open the same sites or HiGHS finds no plan in time. ``effort``: HiGHS stops on its
    counted nodes."""
    site_sets = [np.asarray(pl[0], dtype=np.int64) for pl in plans]
    union = np.unique(np.concatenate(site_sets))
    common = reduce(np.intersect1d, site_sets)
    if len(union) == len(common) or time_limit <= 0.05:
        return None
    n = model.wcost.shape[0]
    near = min(near, len(union))
    nearest = union[np.argsort(model.wcost[:, union], axis=1, kind="stable")[:, :near]]
    ii = np.concatenate([np.repeat(np.arange(n), near)] + [np.arange(n)] * len(plans))
    jj = np.concatenate([nearest.ravel()] + [np.asarray(pl[2], dtype=np.int64) for pl in plans])
    pairs = np.unique(np.c_[ii, jj], axis=0)
    must_open = np.union1d(common, np.asarray(model.fixed, dtype=np.int64))
    res = solve_pairs(model, pairs[:, 0], pairs[:, 1], must_open=must_open,
                      time_limit=time_limit, **mip_work(effort))
    if res.sites is None or len(res.sites) != model.p:
        return None
    obj, assign = ev(res.sites)
    if not np.isfinite(obj):
        return None
    return np.sort(res.sites), float(obj), assign
