"""Result types of the location models."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Solution:
    """A location-allocation result.

    ``facilities``: sorted candidate indices that are open.
    ``assignment``: for every demand point the candidate index serving it (-1 if unserved).
    ``objective``: sum of weight x cost of the assignment.
    ``lower_bound``: a proven lower bound on the optimum (== objective when proven optimal).
    ``seconds``: wall time spent.
    """

    facilities: np.ndarray
    assignment: np.ndarray
    objective: float
    lower_bound: float
    seconds: float
    info: dict = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative optimality gap (objective - bound) / objective, 0 when proven optimal."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / self.objective)

    @property
    def proven_optimal(self) -> bool:
        return self.gap <= 1e-9
