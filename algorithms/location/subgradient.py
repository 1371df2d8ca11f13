"""The subgradient ascent shared by the Lagrangian bounds of the location models.

Both bounds (:mod:`algorithms.location.bounded_lagrangian`, unit and fractional knapsacks;
:mod:`algorithms.location.capacitated_lagrangian`, exact knapsack DP) relax "every point is
served once" and climb the same way: a Polyak step towards a target, the best value and its
multipliers kept, the step factor halved after ``patience`` iterations without progress.
"""

from __future__ import annotations

import numpy as np


class Ascent:
    """Best value so far, its multipliers, and the step factor ``mu`` with its stall count."""

    def __init__(self, lam: np.ndarray, mu: float, patience: int):
        self.best = -np.inf
        self.best_lam = lam.copy()
        self.mu = mu
        self.patience = patience
        self.stall = 0

    def record(self, value: float, lam: np.ndarray, slack: float) -> None:
        """Keep ``value`` if it beats the best by more than ``slack``; else count a stall."""
        if not np.isfinite(self.best) or value > self.best + slack:
            self.best, self.best_lam, self.stall = value, lam.copy(), 0
        else:
            self.stall += 1
            if self.stall >= self.patience:
                self.mu, self.stall = self.mu / 2.0, 0


def violation(x: np.ndarray, sites: np.ndarray) -> tuple[np.ndarray, float]:
    """The subgradient 1 - (times each point is served by the chosen sites) and its squared
    norm."""
    g = 1.0 - x[:, sites].sum(axis=1)
    return g, float(g @ g)
