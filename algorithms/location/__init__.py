"""Location models: where to open offices, and which demand each serves (CONTRACT.md section 3).

- :func:`bounded_p_median` -- size-bounded p-median (an office for every 5-8 villages; with
  ``sizes`` = demand and ``min_size`` = 0 the classical capacitated p-median), split by
  station, with a proven lower bound. The application's siting plans with this one.
- :func:`p_median` -- the uncapacitated p-median with a proven bound (the OR-Library benchmark).
- :func:`max_covering`, :func:`set_covering` -- coverage models; :func:`bounded_set_covering`
  -- the fewest sites of ``min_size``-``max_size`` points each with the most points within a
  radius of their own site (``site --cover-minutes``: every village within M minutes).
- :func:`assign_officers` -- people to grid slots (一村一警): a min-cost maximum flow,
  exact; :class:`Staffing` its result (``staffing``).
- :func:`contiguous_assignment` -- re-assign the demand of given open sites so that every
  site's area is one connected piece (5-8 kept; exact MIP with flows); :func:`pieces_per_site`
  counts the pieces of an assignment (``contiguous``).
- :class:`Solution`, :class:`CoverageResult` -- their results; ``proven_optimal`` means one
  thing everywhere (:func:`algorithms.location.result.proven`).

Inside, one prefix per model and one suffix per role:
``pmedian_*``, ``bounded_*`` (size-bounded, split by station), ``capacitated_*`` (integral
sizes, no lower bound); ``*_lagrangian`` is the model's Lagrangian lower bound, ``*_swaps``
its swap local search, ``*_station`` the solve of one station, ``bounded_large`` the solve
of one large group (hundreds of villages: a county without station boundaries),
``bounded_model`` one group's instance as the solvers pass it. Shared: ``pairs_mip`` (the
exact MIP on the pairs a bound leaves open), ``subgradient`` (the ascent of both Lagrangian
bounds), ``assignment``, ``inputs``, ``result``.
"""

from algorithms.location.bounded import bounded_p_median
from algorithms.location.contiguous import (
    ContiguousAssignment,
    contiguous_assignment,
    pieces_per_site,
)
from algorithms.location.coverage import max_covering, set_covering
from algorithms.location.coverage_bounded import BoundedCover, bounded_set_covering
from algorithms.location.pmedian import p_median
from algorithms.location.result import CoverageResult, Effort, Solution
from algorithms.location.staffing import Staffing, assign_officers

__all__ = [
    "BoundedCover",
    "ContiguousAssignment",
    "CoverageResult",
    "Effort",
    "Solution",
    "Staffing",
    "assign_officers",
    "bounded_p_median",
    "bounded_set_covering",
    "contiguous_assignment",
    "max_covering",
    "p_median",
    "pieces_per_site",
    "set_covering",
]
