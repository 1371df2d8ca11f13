"""The siting service: rules of the plan on a small hand-made project and on the demo county."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gisdesk.services.siting import SitingContext, SitingParams, propose_sites, siting_command
from layers.edits import CommandStack
from layers.errors import InputError
from layers.lookups import remote_stations
from layers.project import Project
from layers.schema import PLAN_LAYERS
from layers.standard import Standard
from tests.gisdesk.services.siting.test_costs import (
    add_office,
    demo_county_path,
    island_project,
    small_project,
)


def _host_villages(project: Project, offices) -> set[str]:
    """Villages with an office in them: at one of their key sites, or at their own point."""
    ks = project["key_sites"].set_index("code")["village"].to_dict()
    hosts = {ks.get(k, "") for k in offices["key_site"]} - {""}
    villages = project["villages"]
    at_point = offices[(offices["key_site"] == "") & ~offices["existing"]]
    points = shapely.points(shapely.get_coordinates(villages.geometry.representative_point().to_numpy()))
    for geom in at_point.geometry:
        d = shapely.distance(points, geom)  # degrees: only "the same point" is asked
        if d.min() < 1e-7:
            hosts.add(villages["code"].iloc[int(d.argmin())])
    return hosts


def _check_plan(project: Project, result, params: SitingParams) -> None:
    """The bureau's rules, checked on the plan layers themselves."""
    villages = project["villages"]
    offices, ws, assign = result.offices, result.workstations, result.assignment
    # every village is assigned to exactly one office, and that office exists
    assert sorted(assign["village"]) == sorted(villages["code"])
    assert set(assign["office"]) <= set(offices["code"])
    # every rural village has an office in it or a workstation
    rural = set(villages.loc[villages["area_type"] == "rural", "code"])
    with_ws = set(ws["village"])
    hosts = _host_villages(project, offices)
    existing_hosts = {a for a, o in zip(assign["village"], assign["office"], strict=True) if o in set(offices.loc[offices["existing"], "code"]) and a in rural}
    unserved = rural - with_ws - hosts - existing_hosts
    assert not unserved
    assert not (with_ws & hosts)  # a village with an office has no workstation
    # 5-8 villages per rural office, except where a station's exception says why
    excused = {e.station for e in result.exceptions}
    urban = set(villages.loc[villages["area_type"] == "urban", "code"])
    counts = assign[~assign["village"].isin(urban)].groupby("office").size()
    for code, n in counts.items():
        station = offices.set_index("code").loc[code, "station"]
        if station not in excused:
            assert params.standard.min_villages <= n <= params.standard.max_villages, (code, n)
    assert (offices.set_index("code").loc[counts.index, "villages"] == counts).all()
    # every remote station with rural villages (every station, when asked) keeps at least 2 offices
    rural_offices = offices[~offices["code"].isin(assign.loc[assign["village"].isin(urban), "office"])]
    per_station = rural_offices.groupby("station").size()
    remote = remote_stations(project)
    for station in villages.loc[villages["area_type"] == "rural", "station"].unique():
        n_rural = int(((villages["station"] == station) & (villages["area_type"] == "rural")).sum())
        at_least = params.standard.station_min_offices(station in remote)
        assert per_station.get(station, 0) >= min(at_least, n_rural)
    # the bound
    assert 0 <= result.lower_bound <= result.objective + 1e-6
    assert 0 <= result.gap <= 1
    # summary numbers agree with the layers
    s = result.summary()
    assert s["offices"] == len(offices) and s["workstations"] == len(ws)
    rural_km = assign.loc[assign["village"].isin(rural), "road_km"]
    assert s["max_km"] == pytest.approx(rural_km.max(), abs=1e-3)


# ------------------------------------------------------------------ small project
def test_small_project_plan_keeps_the_rules():
    p = small_project()
    params = SitingParams()
    r = propose_sites(p, params)
    _check_plan(p, r, params)
    assert r.distance_model == "road"
    # S2 has 7 rural villages and is not remote: one office of 7, not 3 + 4
    assert (r.offices["station"] == "S2").sum() == 2  # its rural office and the community's
    assert not [e for e in r.exceptions if e.station == "S2" and e.rule == "office_size"]
    urban = r.offices[r.offices["name"] == "城东社区警务室"]
    assert len(urban) == 1 and urban["villages"].iloc[0] == 1


def test_keep_existing_keeps_the_existing_office():
    p = small_project()
    r = propose_sites(p, SitingParams(keep_existing=True))
    assert "P-O1" in set(r.offices["code"])
    assert bool(r.offices.set_index("code").loc["P-O1", "existing"])
    assert r.summary()["existing_kept"] == 1
    plain = propose_sites(p, SitingParams())
    assert "P-O1" in set(plain.offices["code"]) or plain.objective <= r.objective + 1e-6


def test_existing_office_that_cannot_be_kept_is_named():
    p = small_project()
    add_office(p, "P-X", "远处警务室", "S9", 30.0, 30.0)
    r = propose_sites(p, SitingParams(keep_existing=True))
    assert "P-O1" in set(r.offices["code"]) and "P-X" not in set(r.offices["code"])
    assert any("P-X" in e.reason and e.station == "S9" for e in r.exceptions)


def test_max_km_names_the_villages_beyond_it():
    p = small_project()
    r = propose_sites(p, SitingParams(max_km=3.0))
    far = r.assignment[(r.assignment["road_km"] > 3.0)]
    named = {e.village for e in r.exceptions if "--max-km" in e.reason}
    assert set(far["village"]) == named
    assert named  # 7 villages in a 12 km row with two offices: some must be beyond 3 km
    loose = propose_sites(p, SitingParams(max_km=50.0))
    assert not any("--max-km" in e.reason for e in loose.exceptions)


def test_offices_total_is_honoured_or_refused():
    p = small_project()
    r = propose_sites(p, SitingParams(Standard(min_villages=4), offices=5))  # 4 or 5 allowed: S1 takes 3 of 4
    assert len(r.offices) == 5
    with pytest.raises(ValueError, match="--offices 40"):
        propose_sites(p, SitingParams(offices=40))
    with pytest.raises(InputError, match="below the minimum of 9") as refused:
        propose_sites(p, SitingParams(Standard(min_villages=9)))
    assert refused.value.field == "max_villages"


def test_without_roads_the_output_says_straight_line():
    p = small_project(roads=False)
    r = propose_sites(p, SitingParams())
    assert r.summary()["distance_model"] == "straight-line x 1.3"
    assert any("no roads" in e.reason for e in r.exceptions)


def test_unreachable_village_is_an_exception_not_infinity():
    p = island_project()
    r = propose_sites(p, SitingParams())
    assert any(e.village == "V19" and "cannot reach any candidate" in e.reason for e in r.exceptions)
    assert any("disconnected" in e.reason for e in r.exceptions)
    assert np.isfinite(r.assignment["road_km"]).all()
    assert "V19" in set(r.assignment["village"])


def test_the_accepted_plan_is_saved_readable_with_its_parameters(tmp_path):
    p = small_project()
    ctx = SitingContext(p)
    r = propose_sites(p, SitingParams(max_km=9.0), context=ctx)
    CommandStack(p).push(siting_command(r))
    path = p.save(tmp_path / "small.gpkg")
    back = Project.open(path)
    assert not back.problems
    assert len(back["plan_offices"]) == len(r.offices)
    assert list(back["plan_workstations"]["office"]) == list(r.workstations["office"])
    assert back["plan_assignment"].geometry.geom_type.eq("LineString").all()
    assert back["plan_assignment"]["minutes"].notna().all()
    assert '"max_km": 9.0' in back.metadata["params.site"]


def test_the_siting_command_is_undoable_as_one_step():
    p = small_project()
    first = propose_sites(p, SitingParams())
    stack = CommandStack(p)
    stack.push(siting_command(first))
    before = {n: p[n].copy() for n in PLAN_LAYERS}
    params_before = p.metadata["params.site"]
    second = propose_sites(p, SitingParams(Standard(min_villages=3), offices=7))
    assert len(second.offices) != len(first.offices)
    stack.push(siting_command(second, text="Accept siting proposal"))
    assert stack.undo_text == "Accept siting proposal" and len(stack) == 2
    assert len(p["plan_offices"]) == len(second.offices)
    assert '"min_villages": 3' in p.metadata["params.site"]
    stack.undo()  # the plan layers and the parameters as they were, in one step
    for n in PLAN_LAYERS:
        assert p[n].drop(columns="geometry").equals(before[n].drop(columns="geometry")), n
        assert p[n].geometry.geom_equals(before[n].geometry).all(), n
    assert p.metadata["params.site"] == params_before
    stack.redo()
    assert list(p["plan_offices"]["code"]) == list(second.offices["code"])
    assert list(p["plan_assignment"]["office"]) == list(second.assignment["office"])
    assert '"min_villages": 3' in p.metadata["params.site"]
    stack.undo()
    stack.undo()  # back to a project without a plan: no parameters either
    assert all(len(p[n]) == 0 for n in PLAN_LAYERS) and "params.site" not in p.metadata


@pytest.mark.parametrize(
    "options, field",
    [
        ({"min_villages": 0}, "min_villages"),
        ({"min_villages": 9, "max_villages": 8}, "max_villages"),
        ({"offices": 0}, "offices"),
        ({"max_km": float("nan")}, "max_km"),
        ({"time_limit": -1.0}, "time_limit"),
        ({"min_offices_per_station": 0}, "min_offices_per_station"),
        ({"categories": ("village_office", "castle")}, "categories"),
        ({"categories": ()}, "categories"),
    ],
)
def test_options_are_checked_once_when_the_parameters_are_made(options, field):
    with pytest.raises(InputError) as refused:
        SitingParams.from_options(**options)
    assert refused.value.field == field and "\n" not in refused.value.message
    assert SitingParams().standard == Standard()  # the defaults are the bureau's


def test_assignment_lines_follow_the_roads():
    from layers.metric_zone import to_metric

    p = small_project()
    r = propose_sites(p, SitingParams())
    epsg = p.metric_epsg()
    lines = to_metric(r.assignment, epsg).geometry
    roads = to_metric(p["roads"], epsg).geometry.union_all()
    turns = 0
    for km, line in zip(r.assignment["road_km"], lines, strict=True):
        assert line.length / 1000 == pytest.approx(km, abs=0.02)  # drawn where it was measured
        inner = shapely.get_coordinates(line)[1:-1]
        assert shapely.distance(shapely.points(inner), roads).max(initial=0.0) < 0.5
        turns += len(inner) >= 1
    assert turns >= 3  # some paths turn a corner of the grid: not straight lines
    ends = shapely.get_coordinates(r.assignment.geometry.iloc[0])[[0, -1]]
    village = p["villages"].set_index("code").geometry[r.assignment["village"].iloc[0]]
    assert tuple(ends[0]) == pytest.approx((village.x, village.y))


def test_assignment_lines_are_straight_without_a_road_path():
    r = propose_sites(small_project(roads=False), SitingParams())
    assert (shapely.get_num_coordinates(r.assignment.geometry.to_numpy()) == 2).all()
    island = propose_sites(island_project(), SitingParams())
    row = island.assignment[island.assignment["village"] == "V19"]
    assert shapely.get_num_coordinates(row.geometry.to_numpy())[0] == 2


def test_office_sizes_count_urban_community_offices_apart():
    from gisdesk.services.siting.results import office_sizes

    p = small_project()
    r = propose_sites(p, SitingParams())
    rural, urban = office_sizes(r.offices, r.assignment, p["villages"])
    assert urban == 1  # U01's office, one community by design
    assert sum(rural.values()) == len(r.offices) - 1
    assert sum(k * n for k, n in rural.items()) == 19  # the 19 rural villages, each counted once
    assert office_sizes(r.offices.iloc[:0], r.assignment, p["villages"]) == ({}, 0)
    # without the lines (an older plan) every office is measured against the rule
    everything, none = office_sizes(r.offices, r.assignment.iloc[:0], p["villages"])
    assert none == 0 and sum(everything.values()) == len(r.offices)


def test_tradeoff_curve_is_monotone_in_offices():
    p = small_project()
    r = propose_sites(p, SitingParams(Standard(min_villages=3, max_villages=8)))
    curve = r.tradeoff
    assert [c["offices"] for c in curve] == list(range(curve[0]["offices"], curve[-1]["offices"] + 1))
    assert len(curve) >= 3
    for before, row in zip(curve, curve[1:], strict=False):  # more offices: no longer trips, or said why
        worse = row["mean_km"] > before["mean_km"] or row["max_km"] > before["max_km"]
        assert worse == row.get("worse_than_fewer", False)
    assert not any(row.get("worse_than_fewer") for row in curve)
    assert curve[0]["offices"] == len(r.offices)


def test_siting_stops_when_the_plan_is_proven_not_at_the_time_limit():
    """Every count of the small project is proven within a second: a 60 s limit is a ceiling."""
    import time

    t0 = time.perf_counter()
    r = propose_sites(small_project(), SitingParams(Standard(min_villages=3, max_villages=8), time_limit=60))
    assert time.perf_counter() - t0 < 20
    assert r.gap == 0.0 and len(r.tradeoff) >= 3


# ------------------------------------------------------------------ the demo county
@pytest.fixture(scope="module")
def county():
    project = Project.open(demo_county_path())
    ctx = SitingContext(project)
    return project, ctx


@pytest.fixture(scope="module")
def county_plan(county):
    project, ctx = county
    params = SitingParams(time_limit=8)
    return params, propose_sites(project, params, context=ctx)


def test_demo_county_plan_keeps_the_rules(county, county_plan):
    project, _ = county
    params, r = county_plan
    _check_plan(project, r, params)
    assert r.distance_model == "road"
    assert r.gap < 0.05
    assert 0 < r.mean_km < r.max_km < 30
    assert r.tradeoff and r.tradeoff[0]["offices"] == len(r.offices)


def test_demo_county_service_areas_are_one_piece_and_the_gap_stays_honest(county, county_plan):
    """The demo county's plain p-median splits some areas in two; the plan repairs them."""
    from gisdesk.services.siting.contiguity import office_pieces

    project, _ = county
    _, r = county_plan
    assert office_pieces(project, r.assignment) == {}
    assert not [e for e in r.exceptions if "pieces" in e.reason]
    # the bound is still the relaxation's: no more than the plan's objective, and the gap says the rest
    assert r.lower_bound <= r.objective + 1e-6
    assert r.gap == pytest.approx((r.objective - r.lower_bound) / r.objective)


def test_demo_county_keep_existing(county):
    project, ctx = county
    posts = project["posts"]
    existing = set(posts.loc[posts["tier"] == "office", "code"])
    assert existing
    params = SitingParams(keep_existing=True, time_limit=5, tradeoff=False)
    r = propose_sites(project, params, context=ctx)
    kept = set(r.offices.loc[r.offices["existing"], "code"])
    assert existing <= kept
    _check_plan(project, r, params)


def test_demo_county_max_km_exceptions(county, county_plan):
    project, ctx = county
    _, plain = county_plan
    limit = float(np.percentile(plain.assignment["road_km"], 90))
    r = propose_sites(project, SitingParams(max_km=limit, time_limit=5, tradeoff=False), context=ctx)
    beyond = set(r.assignment.loc[r.assignment["road_km"] > limit, "village"])
    named = {e.village for e in r.exceptions if "--max-km" in e.reason}
    assert beyond == named
    assert r.max_km <= plain.max_km + 1e-6 or named


def test_cancel_stops_the_proposal_and_changes_nothing():
    from algorithms.progress import Cancelled, CancelToken

    p = small_project()
    token = CancelToken()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.5:
            token.cancel()

    with pytest.raises(Cancelled):
        propose_sites(p, SitingParams(), progress=progress, cancel=token)
    assert len(p["plan_offices"]) == 0
    assert seen == sorted(seen)


def test_categories_filter_the_sites_offices_may_use():
    p = small_project()
    r = propose_sites(p, SitingParams(Standard(min_villages=3), categories=("culture_square",)))
    cats = p["key_sites"].set_index("code")["category"]
    used = [k for k in r.offices["key_site"] if k]
    assert used and all(cats[k] == "culture_square" for k in used)
    # the village committee rooms still carry the workstations
    assert all(cats[k] == "village_office" for k in r.workstations["key_site"] if k)


def test_demo_county_total_offices_follows_the_tradeoff(county, county_plan):
    project, ctx = county
    _, plain = county_plan
    target = plain.tradeoff[3]
    r = propose_sites(project, SitingParams(offices=target["offices"], time_limit=5, tradeoff=False), context=ctx)
    assert len(r.offices) == target["offices"]
    assert r.mean_km <= plain.mean_km + 1e-9  # more offices, no longer trips
    _check_plan(project, r, SitingParams(offices=target["offices"]))


def test_polygon_villages_without_stations_are_one_group():
    p = small_project()
    v = p["villages"].copy()
    v["geometry"] = shapely.buffer(v.geometry.to_numpy(), 0.003)  # village areas, not points
    v["station"] = ""
    p["villages"] = v
    params = SitingParams()
    r = propose_sites(p, params)
    assert set(r.offices["station"]) == {""}
    assert sorted(r.assignment["village"]) == sorted(v["code"])
    rural = r.assignment[r.assignment["village"].str.startswith("V")]
    counts = rural.groupby("office").size()
    assert counts.between(5, 8).all()
    assert len(counts) == 3  # 19 rural villages: the fewest offices of 5-8 that can hold them


# ------------------------------------------------------------------ unknown population
def _unknown_population(project: Project, codes) -> None:
    import pandas as pd

    v = project["villages"].copy()
    v["population"] = v["population"].astype("Int64")
    v.loc[v["code"].isin(list(codes)), "population"] = pd.NA
    project["villages"] = v


def test_villages_of_unknown_population_are_planned_and_both_means_given():
    p = small_project()
    _unknown_population(p, ["V01", "V05", "V13"])
    r = propose_sites(p, SitingParams())
    _check_plan(p, r, SitingParams())
    assert {"V01", "V05", "V13"} <= set(r.assignment["village"])
    assert r.unknown_population == 3
    named = " ".join(e.reason for e in r.exceptions if "population unknown" in e.reason)
    assert all(c in named for c in ("V01", "V05", "V13"))
    rural = r.assignment[r.assignment["village"].str.startswith("V")]
    km = dict(zip(rural["village"], rural["road_km"], strict=True))
    pop = p["villages"].set_index("code")["population"]
    known = [c for c in km if c not in {"V01", "V05", "V13"}]
    weighted = sum(float(pop[c]) * km[c] for c in known) / sum(float(pop[c]) for c in known)
    assert r.mean_km == pytest.approx(weighted, abs=2e-3)
    assert r.mean_km_plain == pytest.approx(np.mean(list(km.values())), abs=2e-3)
    s = r.summary()
    assert s["unknown_population"] == 3 and s["mean_km_plain"] == pytest.approx(r.mean_km_plain, abs=1e-3)
    assert all(row["mean_km"] is not None and row["mean_km_plain"] > 0 for row in s["tradeoff"])


def test_without_any_known_population_there_is_no_weighted_mean():
    p = small_project()
    _unknown_population(p, p["villages"]["code"])
    r = propose_sites(p, SitingParams(tradeoff=False))
    assert r.summary()["mean_km"] is None
    assert r.mean_km_plain > 0 and r.unknown_population == 19


# ------------------------------------------------------------------ contiguity that cannot be had
def _split_station_project() -> Project:
    """Station S: villages at 0, 2, 4 km and at 14, 16 km along a road; station T's five
    villages lie between them (6-12 km, and one at 9 km north). S's five villages make one
    office of 5, whose area must then be in two pieces."""
    import geopandas as gpd

    from layers.schema import CRS
    from tests.gisdesk.services.siting.test_costs import ll

    rows = [(f"S{k}", "S", (x, 0.0)) for k, x in enumerate((0, 2, 4, 14, 16))]
    rows += [(f"T{k}", "T", xy) for k, xy in enumerate(((6, 0.0), (8, 0.0), (10, 0.0), (12, 0.0), (9, 3.0)))]
    p = Project.new()
    p["villages"] = gpd.GeoDataFrame(
        {"code": [r[0] for r in rows], "name": [f"{r[0]}村" for r in rows], "population": [1000] * len(rows),
         "households": [300] * len(rows), "area_type": ["rural"] * len(rows), "township": ["X"] * len(rows),
         "station": [r[1] for r in rows]},
        geometry=[shapely.Point(ll(*r[2])) for r in rows], crs=CRS)
    p["key_sites"] = gpd.GeoDataFrame(
        {"code": [f"K{r[0]}" for r in rows], "name": [f"{r[0]}村委会" for r in rows],
         "category": ["village_office"] * len(rows), "village": [r[0] for r in rows]},
        geometry=[shapely.Point(ll(r[2][0] + 0.1, r[2][1])) for r in rows], crs=CRS)
    p["roads"] = gpd.GeoDataFrame(
        {"name": ["R0", "R1"], "road_class": ["county", "village"], "speed_kmh": [np.nan, np.nan],
         "oneway": [False, False]},
        geometry=[shapely.LineString([ll(-1, 0), ll(17, 0)]), shapely.LineString([ll(9, 0), ll(9, 3)])], crs=CRS)
    return p


def test_an_area_that_cannot_be_one_piece_is_named():
    from gisdesk.services.siting.contiguity import office_pieces

    p = _split_station_project()
    r = propose_sites(p, SitingParams(Standard(min_offices=1), tradeoff=False))
    split = office_pieces(p, r.assignment)
    assert list(split.values()) == [2]
    office = r.offices.set_index("code").loc[next(iter(split))]
    assert office["station"] == "S"
    named = [e for e in r.exceptions if e.station == "S" and "2 pieces" in e.reason]
    assert len(named) == 1 and "separate groups" in named[0].reason and "(3, 2 villages)" in named[0].reason
    assert all(f"S{k}村" in named[0].reason for k in range(5))
    assert not [e for e in r.exceptions if e.station == "T" and "pieces" in e.reason]
