"""The road model's parameters and a travel matrix still to compute: what a station's task
carries to the worker that solves it.

Kept apart from :mod:`.costs` (the project adapter, which reads layers through geopandas)
so that a worker process unpickling a task imports numpy and :mod:`algorithms.network`,
not the project's data stack.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algorithms.network import CostSearch
from algorithms.progress import CancelToken


@dataclass(frozen=True)
class RoadModel:
    """How a point reaches the roads and what a distance is without them: a point is joined
    to its nearest road at ``connector_kmh``; one farther than ``far_from_road_m`` is noted;
    without a roads layer a distance is the straight line times ``detour``."""

    connector_kmh: float = 15.0
    detour: float = 1.3
    far_from_road_m: float = 1000.0



@dataclass(frozen=True)
class RoadMatrix:
    """A travel matrix to compute: a road search (``search``, run in whichever process
    solves) whose costs are divided by ``scale``, or, without a road network, the
    straight-line matrix itself (``done``)."""

    search: CostSearch | None
    done: np.ndarray | None
    scale: float

    def matrix(self, cancel: CancelToken | None = None) -> np.ndarray:
        """The matrix; ``inf`` where the roads have no path."""
        if self.search is None:
            assert self.done is not None
            return self.done
        return self.search.run(cancel=cancel) / self.scale
