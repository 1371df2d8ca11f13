"""The core MIP: HiGHS on the (village, site) pairs the bound finds cheapest.

The Lagrangian bound (:mod:`algorithms.location.bounded_lagrangian`) prices every pair: its
penalty is how much the bound rises if that village goes to that site. In an optimal plan
nearly every village uses a pair of small penalty, because the bound is within a few tenths
of a percent of the optimum on these models (a known property of the strong formulation).
So HiGHS, given only the few pairs per village with the smallest penalties (and the
incumbent's, so that the incumbent stays feasible), solves a far smaller MIP whose optimum
is usually the full model's or very near it: on one group of 1,000 villages with 154 offices
it found the optimum (clustered) or came within 0.001 % of it (the demo city's) in 4-10 s,
where the swap and region searches were still 0.5-0.8 % above after 20 s. When the core is
solved to optimality with time left, a core twice as large is tried from the better plan.
This is the classical "core problem" idea; presolve is on here (off, the same MIPs returned
plans 20-50 % worse in the same time).
"""

from __future__ import annotations

import threading
import time

import numpy as np

from algorithms.location.bounded_lagrangian import LagrangeResult
from algorithms.location.bounded_merge import Plan
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_swaps import Evaluator
from algorithms.location.pairs_mip import mip_work, overhead_seconds, solve_pairs
from algorithms.location.result import Effort, tolerance
from algorithms.progress import CancelToken, check

FIRST_PAIRS_PER_POINT = 4  # the first core: this many pairs per village, cheapest first
SECONDS_PER_PAIR = 2.5e-4  # a core smaller than what this leaves time for is not tried


def core_search(
    model: GroupModel,
    lag: LagrangeResult,
    ev: Evaluator,
    start: Plan,
    *,
    deadline: float,
    proof_deadline: float | None = None,
    cancel: CancelToken | None = None,
    effort: Effort | None = None,
    info: dict | None = None,
) -> tuple[Plan, bool]:
    """The best of ``start`` and HiGHS's plans on growing cores, until a core is not solved
    to optimality or the deadline comes; returns (plan, proven). A core never takes pairs
    the bound rules out below the incumbent, so once it holds all the others and is solved
    to optimality, its plan is proven optimal; that last core may run to ``proof_deadline``
    (later than ``deadline``), less a margin for HiGHS's model building and root LP."""
    n = model.wcost.shape[0]
    order = np.argsort(lag.penalty, axis=None, kind="stable")  # disallowed pairs: inf, last
    ranked = lag.penalty.ravel()[order]
    best = start
    per = FIRST_PAIRS_PER_POINT
    while True:
        check(cancel)
        limit = best[1] - tolerance(best[1]) - lag.bound
        open_pairs = int(np.searchsorted(ranked, limit, side="left"))
        count = min(open_pairs, per * n)
        left = deadline - time.perf_counter()
        if count >= open_pairs and proof_deadline is not None:
            left = max(left, proof_deadline - time.perf_counter() - overhead_seconds(count) - 0.1)
        if effort is None and left < SECONDS_PER_PAIR * count:
            return best, False
        need = np.zeros(model.wcost.shape, dtype=bool)
        need.flat[order[:count]] = True
        need[np.arange(n), best[2]] = True
        ii, jj = np.nonzero(need)
        res = solve_pairs(model, ii, jj, time_limit=left, presolve=True, **mip_work(effort))
        if info is not None:
            info.setdefault("core", []).append((len(ii), res.outcome))
        if res.sites is not None and len(res.sites) == model.p:
            obj, assign = ev(res.sites)
            if obj < best[1] - tolerance(best[1]):
                best = (res.sites, float(obj), assign)
        if not res.optimal:
            return best, False
        if count >= open_pairs:
            return best, True
        per *= 2


class CoreRun:
    """:func:`core_search` in a thread beside the swap and region searches (HiGHS releases
    the GIL, so the two use two cores); ``take`` hands over its plan once, when it is done.

    The thread is a daemon: a cancelled search does not wait for HiGHS's time limit."""

    def __init__(self, model: GroupModel, lag: LagrangeResult, start: Plan, *,
                 deadline: float, proof_deadline: float, cancel: CancelToken | None,
                 effort: Effort | None):
        self.info: dict = {}
        self.proven = False
        self._plan: Plan | None = None
        self._error: BaseException | None = None
        self._taken = False
        ev = Evaluator(model.wcost, model.sizes, model.min_size, model.max_size)

        def run() -> None:
            try:
                self._plan, self.proven = core_search(
                    model, lag, ev, start, deadline=deadline, proof_deadline=proof_deadline,
                    cancel=cancel, effort=effort, info=self.info)
            except BaseException as exc:  # noqa: BLE001 (re-raised in the caller's thread)
                self._error = exc

        self._thread = threading.Thread(target=run, name="core MIP", daemon=True)
        self._thread.start()

    @property
    def proven_objective(self) -> float:
        """The objective of the core's plan (meaningful once the thread ended)."""
        return np.inf if self._plan is None else float(self._plan[1])

    def take(self, *, wait: bool = False) -> tuple[Plan, bool] | None:
        """(the core's plan, whether it is proven optimal) the first time it is asked for
        after the thread ended (waiting for it when ``wait``); None before that and after."""
        if wait:
            self._thread.join()
        if self._taken or self._thread.is_alive():
            return None
        self._taken = True
        if self._error is not None:
            raise self._error
        assert self._plan is not None
        return self._plan, self.proven
