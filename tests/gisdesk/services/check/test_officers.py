"""The roster's rules of ``check`` (gisdesk/services/check/officers.py), each broken on
purpose in a copy of the assigned demo; the clean demo breaks none of them."""

from __future__ import annotations

from layers.project import Project
from tests.gisdesk.services.check.conftest import run_cli

OFFICER_RULES = {"grid_without_officer", "officer_other_station", "officer_over_max", "officer_unknown", "assignment_stale",
                 "inactive_assigned", "station_short", "community_share", "station_share"}


def _found(summary: dict, rule: str) -> list[dict]:
    return [f for f in summary["findings"] if f["rule"] == rule]


def test_the_clean_demo_keeps_the_roster_rules(county_plan, capsys):
    code, summary = run_cli(capsys, "check", str(county_plan))
    mine = [f for f in summary["findings"] if f["rule"] in OFFICER_RULES]
    assert not [f for f in mine if f["severity"] == "violation"]
    # the demo's short stations are reported, and only as warnings
    short = _found(summary, "station_short")
    assert 1 <= len(short) <= 3 and all(f["severity"] == "warning" for f in short)
    assert not _found(summary, "community_share") and not _found(summary, "station_share")


def test_a_grid_without_anyone(copy, capsys):
    p = Project.open(copy)
    a = p["assignments"]
    grid = a["grid"].iat[5]
    p["assignments"] = a[a["grid"] != grid]
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    found = _found(summary, "grid_without_officer")
    assert code == 1 and len(found) == 1 and found[0]["severity"] == "violation"
    assert grid in found[0]["codes"] and grid in found[0]["detail"]


def test_a_person_of_another_station_and_over_their_grids(copy, capsys):
    p = Project.open(copy)
    a = p["assignments"].copy()
    o = p["officers"].set_index("code")
    grids = p["grids"].set_index("code")
    first = a["officer"].iat[0]
    other = next(g for g in grids.index if grids.at[g, "station"] != o.at[first, "station"])
    a.loc[len(a)] = [first, other]
    p["assignments"] = a
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    cross = _found(summary, "officer_other_station")
    assert [f["codes"] for f in cross] == [[first, other]] and cross[0]["severity"] == "violation"
    held = int((a["officer"] == first).sum())
    over = _found(summary, "officer_over_max")
    if held > o.at[first, "max_grids"]:
        assert [f["codes"] for f in over] == [[first]]


def test_over_max_grids(copy, capsys):
    p = Project.open(copy)
    a = p["assignments"]
    counts = a.groupby("officer").size()
    busy = counts[counts >= 2].index[0]
    o = p["officers"].copy()
    o.loc[o["code"] == busy, "max_grids"] = 1
    p["officers"] = o
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    over = _found(summary, "officer_over_max")
    assert code == 1 and [f["codes"] for f in over] == [[busy]] and over[0]["severity"] == "violation"


def test_an_inactive_person_still_assigned(copy, capsys):
    p = Project.open(copy)
    a = p["assignments"]
    counts = a.groupby("grid").size()
    grid = counts[counts == 1].index[0]
    person = a.loc[a["grid"] == grid, "officer"].iat[0]
    o = p["officers"].copy()
    o.loc[o["code"] == person, "active"] = False
    p["officers"] = o
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    inactive = _found(summary, "inactive_assigned")
    assert person in {c for f in inactive for c in f["codes"]} and inactive[0]["severity"] == "violation"
    assert grid in {c for f in _found(summary, "grid_without_officer") for c in f["codes"]}


def test_a_station_short_of_people(copy, capsys):
    p = Project.open(copy)
    o = p["officers"].copy()
    st = "411426S05"
    o.loc[o["station"] == st, "max_grids"] = 0
    p["officers"] = o
    p["assignments"] = p["assignments"][~p["assignments"]["officer"].isin(o.loc[o["station"] == st, "code"])]
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    short = [f for f in _found(summary, "station_short") if f["codes"] == [st]]
    assert len(short) == 1 and short[0]["severity"] == "warning" and "无人可派" in short[0]["detail"]
    assert code == 1  # its grids are left without anyone


def test_both_forty_percent_ratios(copy, capsys):
    p = Project.open(copy)
    o = p["officers"].copy()
    st = "411426S01"
    mine = (o["station"] == st) & (o["role"] == "officer")
    o.loc[mine, "max_grids"] = 0  # every officer of the station at station work ...
    p["officers"] = o
    p["assignments"] = p["assignments"][~p["assignments"]["officer"].isin(o.loc[mine, "code"])]
    n = int(((o["role"] == "officer") & o["active"]).sum())
    p.metadata["bureau.officers"] = str(n * 3)  # ... and the stations hold a third of the bureau's officers
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    community = _found(summary, "community_share")
    assert [f["codes"] for f in community] == [[st]] and community[0]["severity"] == "warning"
    assert "0%" in community[0]["detail"]
    station = _found(summary, "station_share")
    assert len(station) == 1 and station[0]["severity"] == "warning" and "33%" in station[0]["detail"]
    # auxiliaries are counted apart: the station's auxiliaries did not make up the share
    assert any(r == "auxiliary" for r in o.loc[o["station"] == st, "role"])


def test_the_bureau_total_unknown_is_said(copy, capsys):
    p = Project.open(copy)
    p.metadata.pop("bureau.officers", None)
    p.mark_dirty("officers")
    p.save()
    _, summary = run_cli(capsys, "check", str(copy))
    found = _found(summary, "station_share")
    assert len(found) == 1 and found[0]["severity"] == "info"


def test_a_person_not_in_the_roster_and_a_grid_gone(copy, capsys):
    p = Project.open(copy)
    a = p["assignments"].copy()
    grid = a["grid"].iat[0]
    a.loc[len(a)] = ["NOBODY", grid]
    a.loc[len(a)] = [a["officer"].iat[1], "GONE-G01"]
    p["assignments"] = a
    p.save()
    code, summary = run_cli(capsys, "check", str(copy))
    unknown = _found(summary, "officer_unknown")
    assert code == 1 and [f["codes"] for f in unknown] == [["NOBODY", grid]] and unknown[0]["severity"] == "violation"
    stale = _found(summary, "assignment_stale")
    assert [f["codes"] for f in stale] == [["GONE-G01"]] and stale[0]["severity"] == "warning"
