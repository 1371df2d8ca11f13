"""One group's size-bounded p-median instance, as its solvers pass it to each other.

The bound (:mod:`algorithms.location.bounded_lagrangian`), the exact pairs MIP
(:mod:`algorithms.location.pairs_mip`) and the large-group search
(:mod:`algorithms.location.bounded_large`) all work on the same six facts; this holds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GroupModel:
    """``wcost``: weighted costs (points x candidates, ``np.inf`` = not allowed); ``sizes``
    per point; every open site's load lies in [``min_size``, ``max_size``]; exactly ``p``
    sites open, the ``fixed`` ones (candidate indices) among them."""

    wcost: np.ndarray
    sizes: np.ndarray
    min_size: float
    max_size: float
    p: int
    fixed: np.ndarray

    @property
    def unit(self) -> bool:
        """Every point has size 1 ("5 to 8 villages")."""
        return bool(np.all(self.sizes == 1))
