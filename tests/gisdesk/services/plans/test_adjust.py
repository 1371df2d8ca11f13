"""Hand adjustment commands on a real (small) siting plan: counts follow the membership,
unknown distances stay NULL, the workstation moves with the office, undo restores all."""

from __future__ import annotations

import numpy as np
import pytest

from gisdesk.services.check import check_project
from gisdesk.services.plans import move_office_command, reassign_command
from gisdesk.services.siting import SitingParams, propose_sites, siting_command
from layers.edits import CommandStack
from layers.errors import InputError
from layers.schema import PLAN_LAYERS
from tests.gisdesk.services.siting.test_costs import small_project


@pytest.fixture
def planned():
    p = small_project()
    stack = CommandStack(p)
    stack.push(siting_command(propose_sites(p, SitingParams(time_limit=5, tradeoff=False))))
    return p, stack


def _sizes(p) -> dict[str, int]:
    return p["plan_assignment"].groupby("office")["village"].nunique().to_dict()


def test_reassign_recounts_both_offices_and_undo_restores_the_plan(planned):
    p, stack = planned
    before = {n: p[n].copy() for n in PLAN_LAYERS}
    offices = p["plan_offices"]
    s1 = list(offices.loc[offices["station"] == "S1", "code"])
    sizes = _sizes(p)
    small, large = sorted(s1, key=lambda c: sizes[c])
    village = p["plan_workstations"].loc[p["plan_workstations"]["office"] == small, "village"].iloc[0]
    stack.push(reassign_command(p, village, large))
    row = p["plan_assignment"][p["plan_assignment"]["village"] == village].iloc[0]
    assert row["office"] == large and np.isnan(row["road_km"])  # not measured: NULL, not 0
    stored = p["plan_offices"].set_index("code")["villages"].to_dict()
    assert stored[small] == _sizes(p)[small] == sizes[small] - 1
    assert stored[large] == _sizes(p)[large] == sizes[large] + 1
    ws = p["plan_workstations"]
    assert ws.loc[ws["village"] == village, "office"].iloc[0] == large
    if sizes[small] - 1 < 5:
        assert any(f.severity == "violation" and small in f.codes for f in check_project(p).findings)
    stack.undo()
    for n in PLAN_LAYERS:
        assert p[n].drop(columns="geometry").equals(before[n].drop(columns="geometry"))


def test_refusals_name_what_is_wrong(planned):
    p, _stack = planned
    office = p["plan_offices"]["code"].iloc[0]
    hosts = sorted(set(p["plan_assignment"]["village"]) - set(p["plan_workstations"]["village"]))
    with pytest.raises(InputError, match="hosts its office"):
        reassign_command(p, hosts[0], office)
    with pytest.raises(InputError, match="NOPE"):
        reassign_command(p, "V01", "NOPE")
    with pytest.raises(InputError, match="not in the plan"):
        reassign_command(p, "V99", office)
    with pytest.raises(InputError, match="no key site"):
        move_office_command(p, office, "K999")


def test_move_an_office_to_a_key_site_of_another_of_its_villages(planned):
    p, stack = planned
    offices = p["plan_offices"]
    office = offices.loc[offices["station"] == "S1", "code"].iloc[0]
    served = p["plan_workstations"].loc[p["plan_workstations"]["office"] == office, "village"]
    target = served.iloc[0]
    sites = p["key_sites"]
    site = sites.loc[(sites["village"] == target) & (sites["category"] == "village_office"), "code"].iloc[0]
    old_host = sorted(set(p["plan_assignment"].loc[p["plan_assignment"]["office"] == office, "village"])
                      - set(p["plan_workstations"]["village"]))
    n_ws = len(p["plan_workstations"])
    stack.push(move_office_command(p, office, site))
    moved = p["plan_offices"].set_index("code").loc[office]
    assert moved["key_site"] == site
    assert moved.geometry.equals(sites.loc[sites["code"] == site].geometry.iloc[0])
    ws = p["plan_workstations"]
    assert target not in set(ws["village"])  # the office stands there now
    assert set(old_host) <= set(ws["village"])  # the village it left gets a workstation
    assert len(ws) == n_ws
    lines = p["plan_assignment"][p["plan_assignment"]["office"] == office]
    assert lines["road_km"].isna().all() and len(lines) == moved["villages"]
    findings = check_project(p).findings
    assert not any(f.rule == "office_key_site" and office in f.codes for f in findings)
    served_twice = [f for f in findings if f.severity == "violation" and (target in f.codes or office in f.codes)
                    and f.rule != "office_size"]
    assert not served_twice, served_twice  # every village still served by exactly one post
    stack.undo()
    assert p["plan_offices"].set_index("code").loc[office, "key_site"] != site
    assert len(p["plan_workstations"]) == n_ws and target in set(p["plan_workstations"]["village"])
