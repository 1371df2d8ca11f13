"""One community's grids: the balanced, contiguous partition of its units.

The one task of a redraw that takes time, run for every community on its own (by
:func:`gisdesk.services.workers.run_tasks`: in this process or on a worker). It gets only
the community's arrays and returns the labels, so a worker never holds the project.
Without a time limit the search's work is counted, not timed: it stops when the plan
meets its proven lower bound on cut edges or when its restarts stall (the rule measured
by ``benchmarks/bench_grids.py``), and the same seed gives the same grids whatever the
machine's load and the number of workers.
"""

from __future__ import annotations

import re

import numpy as np

from algorithms.districting import balanced_partition
from algorithms.progress import CancelToken

FALLBACK_TOLERANCES = (0.2, 0.35, 0.6)
"""Looser balances tried, in order, when the asked one is impossible (then reported)."""


def balance_community(
    edges: np.ndarray,
    pop: np.ndarray,
    k: int,
    tolerance: float,
    seed: int,
    time_limit: float | None,
    codes: np.ndarray,
    *,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, list[str], dict]:
    """(district label per unit, why the balance fell short: empty when it did not, facts:
    ``cut_edges`` between the grids and whether that count is ``proven`` the least).

    A community that no tolerance can cut into ``k`` grids comes back as one grid, with
    the reason naming the unit at fault by its code."""
    last_error: ValueError | None = None
    for tol in (tolerance, *FALLBACK_TOLERANCES):
        try:
            part = balanced_partition(edges, pop, k, tolerance=tol, seed=seed, time_limit=time_limit,
                                      cancel=cancel)
        except ValueError as exc:
            last_error = exc
            continue
        notes = []
        if not part.within_tolerance or tol != tolerance:
            notes.append(f"grids balanced within ±{part.max_deviation:.0%} only (target ±{tolerance:.0%})")
        return np.asarray(part.labels), notes, {"cut_edges": part.cut_edges,
                                                "proven": bool(part.info.get("proven", False))}
    reason = re.sub(r"\bunit (\d+)", lambda m: f"unit {codes[int(m.group(1))]}", str(last_error))
    return (np.zeros(len(pop), dtype=int), [f"cannot be cut into {k} balanced grids ({reason})"],
            {"cut_edges": 0, "proven": False})
