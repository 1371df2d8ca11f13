"""Where the solver's plan puts what it does not solve for: urban offices and workstations."""

from __future__ import annotations

import numpy as np

from gisdesk.services.siting import SitingContext, SitingParams
from gisdesk.services.siting.candidates import CandidatePool
from gisdesk.services.siting.placement import urban_office_site, workstation_sites
from tests.gisdesk.services.siting.test_costs import add_office, small_project


def _pool(project, params: SitingParams) -> tuple[SitingContext, CandidatePool]:
    ctx = SitingContext(project)
    return ctx, CandidatePool(ctx, params)


def _village(ctx: SitingContext, code: str) -> int:
    return int(np.flatnonzero(ctx.villages.code == code)[0])


def test_an_urban_office_keeps_the_community_office_only_when_asked():
    p = small_project()
    add_office(p, "P-U1", "城东警务室", "S2", 14.0, 10.05)
    for keep, expected in ((False, "K019"), (True, "P-U1")):  # K019: U01's committee room
        ctx, pool = _pool(p, SitingParams(keep_existing=keep))
        site = urban_office_site(pool, _village(ctx, "U01"), SitingParams(keep_existing=keep))
        assert ctx.sites.code[site] == expected


def test_workstations_go_to_every_rural_village_without_an_office():
    p = small_project()
    ks = p["key_sites"]
    p["key_sites"] = ks[ks["village"] != "V02"].reset_index(drop=True)  # V02 loses its committee room
    ctx, pool = _pool(p, SitingParams())
    rural = np.array([_village(ctx, f"V{k:02d}") for k in range(1, 8)])
    host = pool.best_in_village(_village(ctx, "V01"))  # an office in V01
    placed = dict(workstation_sites(pool, rural, np.array([host])))
    assert set(placed) == set(rural[1:].tolist())  # V01 has the office, no workstation
    v02 = _village(ctx, "V02")
    assert placed[v02] == pool.village_point(v02)  # no committee room: the village's own point
    for vi in rural[2:]:
        assert ctx.sites.attrs["category"][placed[vi]] == "village_office"
        assert pool.village_idx[placed[vi]] == vi
