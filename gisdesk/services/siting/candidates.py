"""Which sites may host a station's offices, and how much each is preferred.

A station's rural offices may stand at the key sites of its rural villages (or, for key
sites with no village, within ``near_km`` of one of them), at its existing office posts,
and, for a village that has no usable key site at all, at the village's own point. The
key-site category order in :class:`SitingParams` becomes a small per-km penalty.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.results import SitingParams


class CandidatePool:
    """Per-site facts used to pick every station's candidates."""

    def __init__(self, ctx: SitingContext, params: SitingParams) -> None:
        self.ctx = ctx
        self.params = params
        s = ctx.sites
        v = ctx.villages
        self.rank = {c: i for i, c in enumerate(params.categories)}
        self.kind = s.attrs["kind"]
        self.category = s.attrs["category"]
        village = s.attrs["village"].astype(str)
        # the village a site belongs to: its own column, else the nearest village nearby
        index_of = {c: i for i, c in enumerate(v.code)}
        self.village_idx = np.array([index_of.get(c, -1) for c in village], int)
        loose = np.flatnonzero(self.village_idx < 0)
        if len(loose) and len(v):
            d, i = cKDTree(v.xy).query(s.xy[loose])
            near = d <= params.near_km * 1000.0
            self.village_idx[loose[near]] = i[near]
        self.station = np.where(self.village_idx >= 0, v.attrs["station"][np.maximum(self.village_idx, 0)], "")
        posts = self.kind == "post"
        own = s.attrs["station"].astype(str)
        self.station[posts & (own != "")] = own[posts & (own != "")]
        allowed = np.array([c in self.rank for c in self.category], bool)
        self.usable_key_site = (self.kind == "key_site") & allowed
        has_key = np.zeros(len(v), bool)
        has_key[self.village_idx[self.usable_key_site & (self.village_idx >= 0)]] = True
        self.village_has_key_site = has_key
        step = params.category_step_km
        last = len(params.categories)
        self.penalty = np.array(
            [step * self.rank.get(c, last) if k == "key_site" else (params.village_point_km if k == "village" else 0.0)
             for c, k in zip(self.category, self.kind, strict=True)],
            float,
        )
        order = np.argsort(self.village_idx, kind="stable")  # each village's sites, in index order
        self._by_village = order
        self._village_start = np.searchsorted(self.village_idx[order], np.arange(len(v) + 1))

    def for_station(self, station: str, villages: np.ndarray) -> np.ndarray:
        """Candidate site indices for the rural ``villages`` (indices) of ``station``."""
        in_station = np.zeros(len(self.ctx.villages), bool)
        in_station[villages] = True
        vi = np.maximum(self.village_idx, 0)
        belongs = (self.village_idx >= 0) & in_station[vi]
        key = self.usable_key_site & belongs
        posts = (self.kind == "post") & (belongs | ((self.station == station) & (self.village_idx < 0)))
        bare = (self.kind == "village") & belongs & ~self.village_has_key_site[vi]
        return np.flatnonzero(key | posts | bare)

    def best_in_village(
        self, village: int, *, kinds: tuple[str, ...] = ("key_site",), categories: tuple[str, ...] | None = None
    ) -> int:
        """The preferred site of one village (category order, then nearest); -1 if none.

        Key sites must be of an allowed category, or of ``categories`` when given.
        """
        if not 0 <= village < len(self._village_start) - 1:
            return -1
        mine = self._by_village[self._village_start[village] : self._village_start[village + 1]]
        mine = mine[np.isin(self.kind[mine], kinds)]
        if "key_site" in kinds:
            ok = np.isin(self.category[mine], categories) if categories is not None else self.usable_key_site[mine]
            mine = mine[ok | (self.kind[mine] != "key_site")]
        if len(mine) == 0:
            return -1
        d = np.hypot(*(self.ctx.sites.xy[mine] - self.ctx.villages.xy[village]).T)
        order = np.lexsort((d, self.penalty[mine]))
        return int(mine[order[0]])

    def village_point(self, village: int) -> int:
        """The pool index of a village's own point."""
        return self.ctx.n_key_sites + self.ctx.n_posts + village
