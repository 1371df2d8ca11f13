"""Location models: where to open offices, and which demand each serves (CONTRACT.md section 3).

- :func:`bounded_p_median` -- size-bounded p-median (an office for every 5-8 villages; with
  ``sizes`` = demand and ``min_size`` = 0 the classical capacitated p-median), split by
  station, with a proven lower bound. The application's siting plans with this one.
- :func:`p_median` -- the uncapacitated p-median with a proven bound (the OR-Library benchmark).
- :func:`max_covering`, :func:`set_covering` -- coverage models (response time, issue #16).
- :class:`Solution`, :class:`CoverageResult` -- their results; ``proven_optimal`` means one
  thing everywhere (:func:`algorithms.location.result.proven`).

Inside: ``pmedian*`` (bound, swaps, branching, schedule), ``bounded*`` (the size-bounded
model: per-station solve, its Lagrangian bound, swap search), ``capacitated*`` (integral
sizes without a lower bound: exact-knapsack bound, fix-and-optimize), ``pairs_mip`` (the
exact MIP on the pairs a bound leaves), ``assignment``, ``inputs``, ``result``.
"""

from algorithms.location.bounded import bounded_p_median
from algorithms.location.coverage import max_covering, set_covering
from algorithms.location.pmedian import p_median
from algorithms.location.result import CoverageResult, Solution

__all__ = ["CoverageResult", "Solution", "bounded_p_median", "max_covering", "p_median", "set_covering"]
