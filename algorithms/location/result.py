"""Result types of the location models, and the one meaning of "proven optimal".

A result is proven optimal when its proven bound meets its objective within a relative
tolerance of 1e-9 (:func:`proven`); every model in this family uses that one test.
"""

from __future__ import annotations

import time
from dataclasses import KW_ONLY, dataclass, field

import numpy as np

__all__ = ["CoverageResult", "Effort", "GroupResult", "Solution", "proven", "stop_reason", "tolerance"]


def tolerance(value: float) -> float:
    """The slack allowed when comparing a bound with ``value``: 1e-9 relative, at least 1e-9."""
    return 1e-9 * max(1.0, abs(value))


def proven(upper: float, lower: float) -> bool:
    """True when the proven lower bound ``lower`` meets the upper value ``upper``."""
    return bool(upper - lower <= tolerance(upper))


def stop_reason(*, settled: bool, clock: bool, deadline: float, timed: bool) -> str:
    """Why a group's search ended, as ``info["stopped"]`` says it: ``proven`` (the plan meets
    its bound within the asked gap), ``time limit`` (the clock ended it: a search without
    counted work, the deadline passed, or a MIP stopped by its time limit, ``clock``), else
    ``work`` (its counted work ran out: the same plan on any machine)."""
    if settled:
        return "proven"
    if timed or clock or time.perf_counter() >= deadline:
        return "time limit"
    return "work"


@dataclass(frozen=True)
class Effort:
    """Counted work that ends a search whose plan is not proven first.

    Given to :func:`algorithms.location.bounded_p_median` (``effort=``), every step stops on
    work it counts, never on the clock: the swap search runs to its local optimum, the
    Lagrangian for its iterations, the iterated search for ``search_rounds`` perturbations,
    and each HiGHS MIP until proven (within the asked gap) or after ``mip_nodes``
    branch-and-bound nodes. The result is then the same on any machine and under any load
    (deterministic per seed); the time limit stays an outer safety ceiling only, and a
    search stopped by it says so (``info["stopped"] == "time limit"``). Without an effort
    the steps share the time limit (a search that uses all the time it is given).
    """

    mip_nodes: int = 200
    search_rounds: int = 300


@dataclass
class _Result:
    """What every location result ends with, by keyword: ``seconds`` (wall time spent) and
    ``info`` (the solver's notes); and the one reading of "proven optimal": its proven
    ``lower_bound`` meets its upper value (:func:`proven`)."""

    _: KW_ONLY
    seconds: float
    info: dict = field(default_factory=dict)

    @property
    def _upper(self) -> float:
        raise NotImplementedError

    @property
    def proven_optimal(self) -> bool:
        return proven(self._upper, self.lower_bound)  # type: ignore[attr-defined]


@dataclass
class Solution(_Result):
    """A location-allocation result.

    ``facilities``: sorted candidate indices that are open.
    ``assignment``: for every demand point the candidate index serving it (-1 if unserved).
    ``objective``: sum of weight x cost of the assignment.
    ``lower_bound``: a proven lower bound on the optimum (== objective when proven optimal).
    ``seconds``, ``info`` (keywords): wall time spent, the solver's notes.
    """

    facilities: np.ndarray
    assignment: np.ndarray
    objective: float
    lower_bound: float

    @property
    def _upper(self) -> float:
        return self.objective

    @property
    def gap(self) -> float:
        """Relative optimality gap (objective - bound) / objective, 0 when proven optimal."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / self.objective)


@dataclass
class GroupResult:
    """The result of one group (one police station) of the size-bounded p-median.

    Indices are local to the group. ``bound`` is a proven lower bound; ``optimal`` is
    ``proven(objective, bound)`` as the solver established it. ``bound_for_p`` holds valid
    bounds for other numbers of open sites (used to bound a split of p over groups).
    """

    sites: np.ndarray  # local candidate indices, sorted
    assignment: np.ndarray  # local candidate index per local point (-1 if none found)
    objective: float
    bound: float
    optimal: bool
    bound_for_p: dict[int, float] = field(default_factory=dict)
    info: dict = field(default_factory=dict)


@dataclass
class CoverageResult(_Result):
    """Result of a coverage model.

    ``facilities``: sorted open candidate indices (fixed sites included).
    ``covered``: bool per demand point. ``covered_weight``: their total weight.
    ``objective``: covered weight (MCLP) or number of open sites (LSCP).
    ``lower_bound`` / ``upper_bound``: proven bounds on the optimal objective; they both
    equal ``objective`` when it is proven optimal.
    """

    facilities: np.ndarray
    covered: np.ndarray
    covered_weight: float
    objective: float
    lower_bound: float
    upper_bound: float

    @property
    def _upper(self) -> float:
        return self.upper_bound
