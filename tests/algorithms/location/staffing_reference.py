"""An independent reference for assign_officers: the same priorities as mixed-integer
programs solved by HiGHS (scipy.optimize.milp), for the tests of the solver and the service."""

from __future__ import annotations

import numpy as np


def highs_least_cost(cost, need, capacity) -> float:
    """The least total cost among the assignments that fill the most slots, then cover the
    most grids: the three priorities solved one after the other with HiGHS (scipy milp)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    n_p, n_g = cost.shape
    ok = np.isfinite(cost)
    idx = np.argwhere(ok)
    n = len(idx)
    # variables: x (pairs), then y (grid covered)
    a_cap = np.zeros((n_p, n + n_g))
    a_need = np.zeros((n_g, n + n_g))
    a_cov = np.zeros((n_g, n + n_g))
    for k, (p, g) in enumerate(idx):
        a_cap[p, k] = 1
        a_need[g, k] = 1
        a_cov[g, k] = -1
    for g in range(n_g):
        a_cov[g, n + g] = 1  # y_g <= sum of x on g
    base = [LinearConstraint(a_cap, -np.inf, capacity), LinearConstraint(a_need, -np.inf, need),
            LinearConstraint(a_cov, -np.inf, 0)]
    integ = np.ones(n + n_g)
    bounds = Bounds(0, 1)
    slots_obj = np.concatenate([-np.ones(n), np.zeros(n_g)])
    r1 = milp(slots_obj, constraints=base, integrality=integ, bounds=bounds)
    slots = -r1.fun
    base.append(LinearConstraint(-slots_obj[None, :], slots - 1e-6, np.inf))
    cov_obj = np.concatenate([np.zeros(n), -np.ones(n_g)])
    r2 = milp(cov_obj, constraints=base, integrality=integ, bounds=bounds)
    base.append(LinearConstraint(-cov_obj[None, :], -r2.fun - 1e-6, np.inf))
    cost_obj = np.concatenate([cost[ok], np.zeros(n_g)])
    r3 = milp(cost_obj, constraints=base, integrality=integ, bounds=bounds)
    return r3.fun
