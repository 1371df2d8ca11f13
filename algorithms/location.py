"""The location models' public API (see CONTRACT.md section 3).

``p_median`` and ``bounded_p_median`` solve the classical and the size-bounded p-median
problems with a proven lower bound; ``max_covering`` and ``set_covering`` are the coverage
models used to evaluate a proposal within a distance or time.
"""

from algorithms.bounded import bounded_p_median
from algorithms.coverage import max_covering, set_covering
from algorithms.pmedian import p_median
from algorithms.solution import Solution

__all__ = ["Solution", "bounded_p_median", "max_covering", "p_median", "set_covering"]
