"""An office serves the village it stands in.

The size-bounded p-median does not know which village a site stands in, so under a tight
5-8 band it may give an office's own village to a neighbouring office (seen in the demo
city, where a station's villages are two groups on the map and its areas could not be
repaired into one piece). :func:`keep_hosts` puts such a village back with its office by a
swap that keeps every office's size: the office's member that costs least to move goes to
where the village was.
"""

from __future__ import annotations

import numpy as np

from algorithms.location import Solution


def keep_hosts(hosts: np.ndarray, weights: np.ndarray, cost: np.ndarray, sol: Solution) -> Solution:
    """``sol`` with each open site serving the village it stands in.

    ``hosts``: per site (column of ``cost``), the village (row) it stands in, -1 if none.
    The sizes stay, so the band holds; the bound stays the solver's (it bounds this
    more constrained problem too), so the gap stays honest.
    """
    assignment = sol.assignment.copy()
    own = {int(hosts[f]): int(f) for f in sol.facilities if hosts[f] >= 0}
    changed = False
    for village, site in own.items():
        elsewhere = int(assignment[village])
        if elsewhere == site:
            continue
        members = [int(v) for v in np.flatnonzero(assignment == site) if int(v) not in own]
        moves = [cost[v, elsewhere] - cost[v, site] for v in members]
        if not members or not np.isfinite(min(moves)):
            continue
        swapped = members[int(np.argmin(moves))]
        assignment[village], assignment[swapped] = site, elsewhere
        changed = True
    if not changed:
        return sol
    objective = float((weights * cost[np.arange(len(assignment)), assignment]).sum())
    return Solution(sol.facilities, assignment, objective, min(sol.lower_bound, objective), seconds=sol.seconds,
                    info=dict(sol.info, hosts_kept=True))
