"""Evaluating a new office location, and the ``site`` / ``evaluate`` commands."""

from __future__ import annotations

import json

import pytest

from gisdesk.cli import main as cli_main
from gisdesk.services.siting import (
    SitingContext,
    SitingParams,
    evaluate_point,
    propose_sites,
    siting_command,
)
from layers.project import Project
from tests.gisdesk.services.siting.test_costs import demo_county_path, ll, small_project


@pytest.fixture(autouse=True)
def _cache_home(tmp_path, monkeypatch):
    """``evaluate`` caches its road network per user: keep the tests' cache in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _consistent(e) -> None:
    s = e.summary()
    assert s["mean_km_after"] <= s["mean_km_before"] + 1e-9
    assert s["max_km_after"] <= s["max_km_before"] + 1e-9
    assert s["covered_after"]["villages"] >= s["covered_before"]["villages"]
    assert s["covered_after"]["population"] >= s["covered_before"]["population"]
    # load moves between offices, it is not created
    before = sum(v["villages"] for v in s["load_before"].values())
    after = sum(v["villages"] for v in s["load_after"].values())
    assert before == after
    assert s["load_after"]["NEW"]["villages"] == len(s["villages_moved"])
    assert s["load_before"]["NEW"]["villages"] == 0


def test_small_point_next_to_far_village_moves_it():
    p = small_project()
    siting_command(propose_sites(p, SitingParams())).do(p)
    assign = p["plan_assignment"]
    rural = assign[assign["village"].str.startswith("V")]
    far = rural.sort_values("road_km").iloc[-1]
    village = p["villages"].set_index("code").geometry[far["village"]]
    e = evaluate_point(p, village.x, village.y, within_km=1.0)
    assert far["village"] in e.villages_moved
    assert e.new_office_km[far["village"]] < 0.2
    assert e.source == "plan"
    _consistent(e)
    assert e.max_km_after < far["road_km"] or e.max_km_before > far["road_km"]


def test_without_plan_compares_with_existing_offices():
    p = small_project()
    lon, lat = ll(0.0, 0.0)  # V01, 6+ km from the only existing office of S1
    e = evaluate_point(p, lon, lat)
    assert e.source == "posts"
    assert "V01" in e.villages_moved
    assert e.station == "S1"
    _consistent(e)
    assert set(e.load_before) == {"P-O1", "NEW"}


def test_coverage_within_minutes_with_plan_and_with_posts():
    for planned in (True, False):
        p = small_project()
        if planned:
            siting_command(propose_sites(p, SitingParams())).do(p)
        e = evaluate_point(p, *ll(0.0, 0.0), within_minutes=6.0)
        s = e.summary()
        before, after = s["covered_minutes_before"], s["covered_minutes_after"]
        assert s["within_minutes"] == 6.0
        assert after["villages"] >= before["villages"]
        assert after["villages"] > before["villages"] or not s["villages_moved"]
        # V01 itself is at the new office: within any time
        assert "V01" in s["villages_moved"] or planned
    plain = evaluate_point(small_project(), *ll(0.0, 0.0)).summary()
    assert "within_minutes" not in plain
    # coverage within 10/15/20 minutes is always there; a new office never lowers it
    cover = plain["covered_minutes"]
    assert set(cover) == {"10", "15", "20"}
    for m in ("10", "15", "20"):
        assert cover[m]["after"]["villages"] >= cover[m]["before"]["villages"]
    assert cover["10"]["before"]["villages"] <= cover["20"]["before"]["villages"] <= 1.0


def test_point_far_from_everything_is_a_clear_error():
    p = small_project()
    with pytest.raises(ValueError, match="within-km"):
        evaluate_point(p, *ll(1, 1), within_km=0)
    with pytest.raises(ValueError, match="longitude"):
        evaluate_point(p, 500.0, 34.0)


# ------------------------------------------------------------------ the demo county
@pytest.fixture(scope="module")
def county_with_plan():
    project = Project.open(demo_county_path())
    ctx = SitingContext(project)
    siting_command(propose_sites(project, SitingParams(time_limit=5, tradeoff=False), context=ctx)).do(project)
    return project, ctx


def test_demo_point_next_to_the_farthest_village(county_with_plan):
    project, ctx = county_with_plan
    assign = project["plan_assignment"]
    villages = project["villages"].set_index("code")
    rural = assign[assign["village"].map(villages["area_type"]) == "rural"]
    far = rural.sort_values("road_km").iloc[-1]
    pt = villages.geometry[far["village"]].representative_point()
    e = evaluate_point(project, pt.x, pt.y, context=ctx)
    assert far["village"] in e.villages_moved
    _consistent(e)
    assert e.mean_km_after < e.mean_km_before
    # moved villages are of one station and now nearer than before
    km_before = assign.set_index("village")["road_km"]
    for code in e.villages_moved:
        assert villages.loc[code, "station"] == e.station
        assert e.new_office_km[code] < km_before[code]


def test_demo_point_at_an_office_moves_few(county_with_plan):
    project, ctx = county_with_plan
    office = project["plan_offices"].iloc[0]
    e = evaluate_point(project, office.geometry.x, office.geometry.y, context=ctx)
    # a second office on top of an existing one wins at most ties broken by snapping
    assert len(e.villages_moved) <= office["villages"]
    _consistent(e)


# ------------------------------------------------------------------ under the 5-8 rule
def _far_point(project):
    assign = project["plan_assignment"]
    villages = project["villages"].set_index("code")
    rural = assign[assign["village"].map(villages["area_type"]) == "rural"]
    far = rural.sort_values("road_km").iloc[-1]
    return villages.geometry[far["village"]].representative_point()


def test_demo_resolved_station_keeps_five_to_eight_and_holds_the_candidate(county_with_plan):
    project, ctx = county_with_plan
    pt = _far_point(project)
    e = evaluate_point(project, pt.x + 0.002, pt.y, context=ctx)
    r = e.summary()["resolved"]
    assert r["station"] == e.station and "error" not in r
    assert all(5 <= n <= 8 for n in r["office_sizes"]) and sum(r["office_sizes"]) == len(e.station_plan.problem.villages)
    assert 5 <= len(r["new_office_villages"]) <= 8  # the candidate is one of the offices
    plan = e.station_plan
    assert plan.new_column in set(plan.option.local.tolist())
    assert r["contiguous"] and r["lower_bound"] <= r["objective"] + 1e-6
    villages = project["villages"].set_index("code")
    assert set(villages.loc[r["new_office_villages"], "station"]) == {e.station}
    # the offices the station had: the count is kept
    station_offices = project["plan_offices"][project["plan_offices"]["station"] == e.station]
    rural_codes = set(villages.index[(villages["station"] == e.station) & (villages["area_type"] == "rural")])
    assign = project["plan_assignment"]
    had = assign.loc[assign["village"].isin(rural_codes), "office"].nunique()
    assert r["offices"] == had and len(station_offices) >= had
    assert r["seconds"] < 30


def test_demo_apply_changes_only_that_station_and_undo_restores(county_with_plan):
    from gisdesk.services.siting.resolve import NEW_NAME, resolved_command
    from layers.edits import CommandStack

    project, ctx = county_with_plan
    pt = _far_point(project)
    e = evaluate_point(project, pt.x + 0.002, pt.y, context=ctx)
    before = {name: project[name].copy() for name in ("plan_offices", "plan_workstations", "plan_assignment")}
    villages = project["villages"].set_index("code")
    mine = set(villages.index[(villages["station"] == e.station) & (villages["area_type"] == "rural")])
    stack = CommandStack(project)
    stack.push(resolved_command(project, ctx, e.station_plan))
    try:
        assign, old = project["plan_assignment"], before["plan_assignment"]
        assert sorted(assign["village"]) == sorted(old["village"])  # every village once, still
        other = lambda f: f[~f["village"].isin(mine)].sort_values("village").reset_index(drop=True)  # noqa: E731
        assert other(assign).drop(columns="geometry").equals(other(old).drop(columns="geometry"))
        ws, old_ws = project["plan_workstations"], before["plan_workstations"]
        assert other(ws).drop(columns="geometry").equals(other(old_ws).drop(columns="geometry"))
        offices = project["plan_offices"]
        changed = set(offices["code"]) ^ set(before["plan_offices"]["code"])
        assert set(offices.loc[offices["code"].isin(changed), "station"]) <= {e.station}
        new = offices[offices["name"] == NEW_NAME]
        assert len(new) == 1 and new["station"].iloc[0] == e.station
        served = assign[assign["office"] == new["code"].iloc[0]]
        assert sorted(served["village"]) == sorted(e.resolved["new_office_villages"])
        sizes = assign[assign["village"].isin(mine)].groupby("office").size()
        assert sizes.between(5, 8).all()
        assert (offices.set_index("code").loc[sizes.index, "villages"] == sizes).all()
    finally:
        stack.undo()
    for name, frame in before.items():
        assert project[name].equals(frame), name


def test_cli_evaluate_apply_takes_the_station_into_the_plan(tmp_path, capsys):
    from gisdesk.services.siting.resolve import NEW_NAME

    path = small_project().save(tmp_path / "p.gpkg")
    assert _run(["site", str(path), "--quiet", "--min-villages", "3"], capsys)[0] == 0
    kept = Project.open(path)["plan_assignment"]
    lon, lat = ll(0.0, 0.3)
    code, out, _ = _run(["evaluate", str(path), "--at", f"{lon},{lat}", "--apply", "--json", "--quiet"], capsys)
    assert code == 0, out
    e = json.loads(out.strip().splitlines()[-1])
    assert e["applied"] and e["resolved"]["station"] == "S1" and "V01" in e["resolved"]["new_office_villages"]
    back = Project.open(path)
    offices = back["plan_offices"]
    assert (offices["name"] == NEW_NAME).sum() == 1
    s2 = lambda f: f[f["village"].isin([f"V{k:02d}" for k in range(13, 20)] + ["U01"])].sort_values("village")  # noqa: E731
    assert list(s2(back["plan_assignment"])["office"]) == list(s2(kept)["office"])  # the other station is untouched


def test_cli_evaluate_apply_without_a_plan_exits_2_and_changes_nothing(tmp_path, capsys):
    path = small_project().save(tmp_path / "p.gpkg")
    before = path.read_bytes()
    lon, lat = ll(0.0, 0.3)
    code, _, err = _run(["evaluate", str(path), "--at", f"{lon},{lat}", "--apply"], capsys)
    assert code == 2 and "--apply" in err and "site" in err
    assert path.read_bytes() == before


# ------------------------------------------------------------------ command line
def _run(argv, capsys):
    code = cli_main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_site_and_evaluate_on_small_project(tmp_path, capsys):
    path = small_project().save(tmp_path / "p.gpkg")
    code, out, _ = _run(["site", str(path), "--json", "--quiet"], capsys)
    assert code == 0
    s = json.loads(out.strip().splitlines()[-1])
    for key in ("offices", "workstations", "villages", "mean_km", "max_km", "objective", "lower_bound", "gap", "exceptions", "seconds", "distance_model", "tradeoff"):
        assert key in s
    assert s["distance_model"] == "road"
    back = Project.open(path)
    assert len(back["plan_offices"]) == s["offices"]
    lon, lat = ll(0.0, 10.0)
    code, out, _ = _run(["evaluate", str(path), "--at", f"{lon},{lat}", "--json", "--quiet"], capsys)
    assert code == 0
    e = json.loads(out.strip().splitlines()[-1])
    for key in ("villages_moved", "mean_km_before", "mean_km_after", "max_km_before", "max_km_after", "within_km", "covered_before", "covered_after"):
        assert key in e
    assert e["compared_with"] == "plan"


def test_cli_evaluate_accepts_gcj02(tmp_path, capsys):
    from layers.importing.chinacoords import wgs84_to_gcj02

    path = small_project().save(tmp_path / "p.gpkg")
    lon, lat = ll(0.0, 0.0)
    glon, glat = wgs84_to_gcj02(lon, lat)
    code, out, _ = _run(["evaluate", str(path), "--at", f"{glon},{glat}", "--crs", "gcj02", "--json"], capsys)
    assert code == 0
    e = json.loads(out.strip().splitlines()[-1])
    assert "V01" in e["villages_moved"]
    assert e["off_road_m"] < 50  # converted back onto the village, not 500 m off


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["site", "{p}", "--min-villages", "9", "--max-villages", "8"], "--max-villages"),
        (["site", "{p}", "--max-km", "-1"], "--max-km"),
        (["site", "{p}", "--offices", "400"], "--offices 400"),
        (["site", "{p}", "--categories", "village_office,castle"], "--categories"),
        (["evaluate", "{p}", "--at", "east"], "--at"),
        (["evaluate", "{p}", "--at", "115.6,34.4", "--within-minutes", "0"], "--within-minutes"),
        (["evaluate", "{p}", "--at", "115.6,34.4", "--crs", "nonsense"], "--crs"),
        (["site", "{missing}"], "项目不存在"),  # the refusal in the default language
    ],
)
def test_cli_bad_input_exits_2_with_one_line_and_leaves_project(tmp_path, capsys, argv, needle):
    path = small_project().save(tmp_path / "p.gpkg")
    before = path.read_bytes()
    argv = [a.format(p=path, missing=tmp_path / "nope.gpkg") for a in argv]
    code, out, err = _run(argv, capsys)
    assert code == 2
    lines = [x for x in err.splitlines() if x.strip() and not x.startswith("[")]
    assert len(lines) == 1 and needle in lines[0]
    assert path.read_bytes() == before


@pytest.mark.slow
def test_cli_site_then_evaluate_on_the_demo_county(tmp_path, capsys):
    import shutil

    path = tmp_path / "county.gpkg"
    shutil.copy(demo_county_path(), path)
    code, out, _ = _run(["site", str(path), "--keep-existing", "--time-limit", "5", "--no-tradeoff", "--json", "--quiet"], capsys)
    assert code == 0
    s = json.loads(out.strip().splitlines()[-1])
    back = Project.open(path)
    assert s["offices"] == len(back["plan_offices"]) and s["workstations"] == len(back["plan_workstations"])
    assert s["villages"] == len(back["villages"]) == len(back["plan_assignment"])
    far = back["plan_assignment"].sort_values("road_km").iloc[-1]
    pt = back["villages"].set_index("code").geometry[far["village"]].representative_point()
    code, out, _ = _run(["evaluate", str(path), "--at", f"{pt.x},{pt.y}", "--json"], capsys)
    assert code == 0
    e = json.loads(out.strip().splitlines()[-1])
    assert far["village"] in e["villages_moved"]
    assert e["max_km_after"] <= e["max_km_before"]
    # the share within 20 minutes before the new office is the plan's own, from its minutes column
    rural = set(back["villages"].loc[back["villages"]["area_type"] == "rural", "code"])
    mins = back["plan_assignment"].set_index("village")["minutes"].loc[sorted(rural)]
    assert e["covered_minutes"]["20"]["before"]["villages"] == pytest.approx(float((mins <= 20).mean()), abs=1e-4)
    assert s["covered_minutes"]["20"]["villages"] == pytest.approx(float((back["plan_assignment"]["minutes"] <= 20).mean()), abs=1e-4)
