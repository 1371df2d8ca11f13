"""How long one annealing run may go on: a count of proposals, or seconds of wall clock.

The merge-split search (:mod:`.recom`) and the flip search (:mod:`.flips`) both cool their
temperature over the share of their budget already used; this is that share, in one place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """``count`` proposals or ``seconds`` of wall clock (both given: whichever ends first)."""

    count: int | None = None
    seconds: float | None = None

    def used(self, done: int, t0: float) -> float:
        """The share of the budget used after ``done`` proposals of a run started at ``t0``
        (``time.perf_counter``); 1 or more means the run is over."""
        if self.seconds is not None:
            frac = (time.perf_counter() - t0) / self.seconds if self.seconds > 0 else 1.0
        else:
            frac = done / self.count if self.count else 1.0
        if self.count is not None:
            frac = max(frac, done / self.count if self.count else 1.0)
        return frac

    @classmethod
    def of(cls, seconds: float | None, count: float) -> Budget:
        """``seconds`` when a clock decides, else ``count`` proposals (rounded down)."""
        return cls(seconds=seconds) if seconds is not None else cls(count=int(count))
