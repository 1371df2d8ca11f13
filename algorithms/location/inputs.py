"""Checking the inputs shared by the location models: the cost matrix and the demand weights."""

from __future__ import annotations

import numpy as np


def cost_matrix(cost: np.ndarray) -> np.ndarray:
    """``cost`` as a float (demand x candidates) array; ValueError when empty, NaN or negative."""
    cost = np.asarray(cost, dtype=float)
    if cost.ndim != 2 or cost.shape[0] == 0 or cost.shape[1] == 0:
        raise ValueError(
            f"cost must be a non-empty 2-D array (demand x candidates), got shape {cost.shape}"
        )
    if np.isnan(cost).any():
        raise ValueError("cost contains NaN")
    if (cost < 0).any():
        raise ValueError("cost contains negative values")
    return cost


def demand_weights(weights: np.ndarray | None, n: int) -> np.ndarray:
    """``n`` demand weights (ones when None); ValueError when the count is wrong, or any is
    infinite, NaN or negative."""
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != n:
        raise ValueError(f"weights has {w.shape[0]} entries but cost has {n} demand rows")
    if not np.isfinite(w).all():
        raise ValueError("weights must be finite")
    if (w < 0).any():
        raise ValueError("weights must not be negative")
    return w
