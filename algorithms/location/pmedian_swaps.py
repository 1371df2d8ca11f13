"""Fast interchange local search for the p-median problem (Whitaker 1983; Resende & Werneck 2004).

For every demand point the nearest and second-nearest open sites are kept. From them three
tables give the exact profit of every swap (insert site ``i``, remove open site ``r``):

    gain[i]      = sum_u max(0, d1_u - d_ui)                       (opening i alone)
    loss[r]      = sum_{u: phi1_u = r} (d2_u - d1_u)                (closing r alone)
    extra[r, i]  = sum_{u: phi1_u = r} max(0, d2_u - max(d_ui, d1_u))  (correction)
    profit(i, r) = gain[i] - loss[r] + extra[r, i]

After a swap only the demand points whose nearest or second-nearest site changes are
re-evaluated, and their old contributions are subtracted from the tables before their new
ones are added, so an iteration costs O(p m + |affected| m) instead of O(n m).
The same machinery drives path relinking (moving one solution towards another by the best
restricted swaps). ``d`` is the weighted cost matrix with finite entries.
"""

from __future__ import annotations

import numpy as np

from algorithms.location.pmedian_lagrangian import count_below, prefix_entries


class SwapSearch:
    """Incremental swap evaluator over a fixed weighted cost matrix ``d`` (n x m), p >= 2."""

    def __init__(self, d: np.ndarray, p: int) -> None:
        self.d = d
        self.dt = np.ascontiguousarray(d.T)  # column access for a site's distances
        self.n, self.m = d.shape
        self.p = p
        self.locked = np.zeros(self.m, dtype=bool)  # sites that may not be removed
        self.set_allowed(np.ones(self.m, dtype=bool))

    def set_allowed(self, allowed: np.ndarray) -> None:
        """Restrict insertions to ``allowed`` sites; the swap tables only keep those columns,
        which makes every operation proportional to the surviving candidates."""
        self.allowed = np.asarray(allowed, dtype=bool).copy()
        self.cols = np.flatnonzero(self.allowed)
        # Rows sorted ascending: a user's non-zero table entries (sites closer than its
        # second-nearest open site) form a prefix of its sorted row. The full sort is done
        # once; a restriction filters it, keeping the order.
        if not hasattr(self, "_order"):
            self._order = np.argsort(self.d, axis=1, kind="stable")
        local = np.full(self.m, -1, dtype=np.intp)
        local[self.cols] = np.arange(self.cols.size)
        if self.cols.size == self.m:
            self.sidx = self._order
        else:
            keep = self.allowed[self._order]
            self.sidx = local[self._order[keep].reshape(self.n, self.cols.size)]
        self.sval = np.take_along_axis(self.d[:, self.cols], self.sidx, axis=1)

    # ----- evaluation -------------------------------------------------------------------
    def objective(self, facilities: np.ndarray) -> float:
        return float(self.d[:, facilities].min(axis=1).sum())

    def _two_nearest(self, rows: np.ndarray | slice) -> tuple[np.ndarray, ...]:
        sub = self.d[:, self.open] if isinstance(rows, slice) else self.d[np.ix_(rows, self.open)]
        two = np.argpartition(sub, 1, axis=1)[:, :2]
        a = np.take_along_axis(sub, two, axis=1)
        flip = a[:, 0] > a[:, 1]
        two[flip] = two[flip][:, ::-1]
        a[flip] = a[flip][:, ::-1]
        return self.open[two[:, 0]], self.open[two[:, 1]], a[:, 0], a[:, 1]

    def _contribute(self, users: np.ndarray, sign: float) -> None:
        if users.size == 0:
            return
        c = self.cols.size
        d1, d2, f1 = self.d1[users], self.d2[users], self.f1[users]
        local, flat = prefix_entries(count_below(self.sval, d2, users), c)
        flat += (users * c - np.arange(users.size) * c)[local]  # row of the full table
        v = self.sval.ravel()[flat]
        j = self.sidx.ravel()[flat]
        d1l = d1[local]
        g = d1l - v
        pos = g > 0
        self.gain += sign * np.bincount(j[pos], weights=g[pos], minlength=c)
        np.add.at(self.loss, f1, sign * (d2 - d1))
        e = d2[local] - np.maximum(v, d1l)
        np.add.at(self.extra.reshape(-1), self.slot[f1][local] * c + j, sign * e)

    def load(self, facilities: np.ndarray) -> None:
        """Make ``facilities`` the current solution and build the tables from scratch."""
        self.open = np.array(facilities, dtype=np.intp)
        self.slot = np.full(self.m, -1, dtype=np.intp)
        self.slot[self.open] = np.arange(self.p)
        self.f1, self.f2, self.d1, self.d2 = self._two_nearest(slice(None))
        self.gain = np.zeros(self.cols.size)
        self.loss = np.zeros(self.m)
        self.extra = np.zeros((self.p, self.cols.size))
        self._contribute(np.arange(self.n), 1.0)
        self.value = float(self.d1.sum())

    def swap(self, insert: int, remove: int) -> None:
        """Open ``insert`` in place of the open site ``remove``, updating the tables."""
        users = np.flatnonzero(
            (self.f1 == remove) | (self.f2 == remove) | (self.dt[insert] < self.d2)
        )
        self._contribute(users, -1.0)
        k = self.slot[remove]
        self.extra[k] = 0.0
        self.open[k] = insert
        self.slot[remove] = -1
        self.slot[insert] = k
        if users.size:
            f1, f2, d1, d2 = self._two_nearest(users)
            self.f1[users], self.f2[users], self.d1[users], self.d2[users] = f1, f2, d1, d2
        self._contribute(users, 1.0)
        self.value = float(self.d1.sum())

    def profits(self, insert_mask: np.ndarray, remove_mask: np.ndarray) -> np.ndarray:
        """Profit of every (open slot, allowed column) swap; -inf where not permitted.
        ``insert_mask`` and ``remove_mask`` are over all m sites."""
        prof = self.extra + self.gain[None, :] - self.loss[self.open][:, None]
        prof[:, ~insert_mask[self.cols]] = -np.inf
        prof[~remove_mask[self.open], :] = -np.inf
        return prof

    def _best(self, insert_mask: np.ndarray, remove_mask: np.ndarray) -> tuple[float, int, int]:
        prof = self.profits(insert_mask, remove_mask)
        k = int(np.argmax(prof))
        slot, col = divmod(k, self.cols.size)
        return float(prof[slot, col]), int(self.cols[col]), int(self.open[slot])

    # ----- local search and path relinking ----------------------------------------------
    def local_search(
        self, facilities: np.ndarray, max_moves: int = 100000
    ) -> tuple[np.ndarray, float]:
        """Best-improvement swaps until no swap improves; returns ``(sorted sites, value)``."""
        self.load(facilities)
        remove_ok = ~self.locked
        for _ in range(max_moves):
            insert_ok = self.allowed.copy()
            insert_ok[self.open] = False
            if not insert_ok.any():
                break
            profit, site, out = self._best(insert_ok, remove_ok)
            if not profit > 1e-9 * (abs(self.value) + 1.0):
                break
            before = self.value
            self.swap(site, out)
            if self.value >= before - 1e-12 * (abs(before) + 1.0):  # numerical drift: rebuild
                self.load(self.open)
                if self.value >= before - 1e-12 * (abs(before) + 1.0):
                    break
        return np.sort(self.open), self.value

    def path_relink(self, start: np.ndarray, guide: np.ndarray) -> tuple[np.ndarray, float] | None:
        """Walk from ``start`` to ``guide`` by best restricted swaps; return the best
        intermediate solution (None when the two differ in fewer than two sites)."""
        target = np.zeros(self.m, dtype=bool)
        target[guide] = True
        self.load(start)
        best: tuple[np.ndarray, float] | None = None
        while True:
            current = np.zeros(self.m, dtype=bool)
            current[self.open] = True
            insert_ok = target & ~current & self.allowed
            remove_ok = current & ~target & ~self.locked
            if (
                insert_ok.sum() <= 1 or not remove_ok.any()
            ):  # one step left would reach the guide itself
                break
            _, site, out = self._best(insert_ok, remove_ok)
            self.swap(site, out)
            if best is None or self.value < best[1]:
                best = (np.sort(self.open), self.value)
        return best

    # ----- constructions -------------------------------------------------------------------
    def greedy(
        self, rng: np.random.Generator | None = None, sample: int | None = None
    ) -> np.ndarray:
        """Greedy addition; with ``sample`` only that many random candidates are tried per
        step (the 'sample' construction of Resende & Werneck), giving diverse starts."""
        d1 = np.full(self.n, np.inf)
        chosen: list[int] = []
        available = self.allowed.copy()
        available[np.flatnonzero(self.locked)] = False
        for j in np.flatnonzero(self.locked):
            chosen.append(int(j))
            d1 = np.minimum(d1, self.dt[j])
        while len(chosen) < self.p:
            cand = np.flatnonzero(available)
            if cand.size == 0:
                cand = np.setdiff1d(np.arange(self.m), chosen)
            if sample is not None and rng is not None and cand.size > sample:
                cand = rng.choice(cand, size=sample, replace=False)
            if np.isinf(d1).any():
                totals = np.minimum(d1[None, :], self.dt[cand]).sum(axis=1)
            else:
                totals = -np.maximum(0.0, d1[None, :] - self.dt[cand]).sum(axis=1)
            site = int(cand[int(np.argmin(totals))])
            chosen.append(site)
            available[site] = False
            d1 = np.minimum(d1, self.dt[site])
        return np.sort(np.array(chosen, dtype=np.intp))
