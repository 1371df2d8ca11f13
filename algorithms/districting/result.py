"""The result type of the districting functions."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algorithms.districting.graph import (
    cut_edge_count,
    district_populations,
    max_relative_deviation,
)


@dataclass
class Partition:
    """A districting plan.

    ``labels``: district (0..k-1) per unit. ``populations``: population per district.
    ``max_deviation``: max |pop - ideal| / ideal. ``cut_edges``: edges joining different
    districts. ``within_tolerance``: every district within ideal x (1 +- tolerance).
    ``seconds``: wall time. ``ideal`` and ``tolerance`` are the targets used; ``info`` holds
    diagnostics (iterations, restarts, seconds_to_best).
    """

    labels: np.ndarray
    populations: np.ndarray
    max_deviation: float
    cut_edges: int
    within_tolerance: bool
    seconds: float
    ideal: float = 0.0
    tolerance: float = 0.0
    info: dict = field(default_factory=dict)

    @property
    def k(self) -> int:
        return len(self.populations)


def make_partition(
    edges: np.ndarray,
    pop: np.ndarray,
    labels: np.ndarray,
    k: int,
    tolerance: float,
    started: float,
    *,
    ideal: float | None = None,
    judged: np.ndarray | None = None,
    info: dict | None = None,
) -> Partition:
    """Measure ``labels`` and wrap them. ``judged``: districts the deviation is taken over
    (all by default); ``ideal`` defaults to total / k."""
    pops = district_populations(labels, pop, k)
    if ideal is None:
        ideal = float(pop.sum()) / k
    sel = pops if judged is None else pops[judged]
    dev = max_relative_deviation(sel, ideal)
    return Partition(
        labels=labels.astype(np.int64),
        populations=pops,
        max_deviation=dev,
        cut_edges=cut_edge_count(edges, labels),
        within_tolerance=bool(dev <= tolerance * (1 + 1e-9) + 1e-12),
        seconds=time.perf_counter() - started,
        ideal=float(ideal),
        tolerance=float(tolerance),
        info=dict(info or {}),
    )
