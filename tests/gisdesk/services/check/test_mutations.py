"""Each rule of ``check`` broken on purpose in a copy of the county demo plan: ``check``
names the place with the right severity and exit code; the clean plan passes."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from gisdesk.cli import main
from layers.project import Project
from tests.gisdesk.services.check.conftest import run_cli


def _findings(summary: dict, rule: str, severity: str | None = None) -> list[dict]:
    return [f for f in summary["findings"] if f["rule"] == rule and (severity is None or f["severity"] == severity)]


def _rural_sizes(project: Project) -> pd.Series:
    """Office code -> rural villages assigned to it (the plan's membership)."""
    v = project["villages"].set_index("code")
    a = project["plan_assignment"]
    rural = a[a["village"].map(v["area_type"]) == "rural"]
    return rural.groupby("office").size()


def _reassign(project: Project, villages: list[str], office: str) -> None:
    """Move villages to another office in the assignment and their workstations' ``office``;
    the stored ``plan_offices.villages`` counts are left as they were (stale)."""
    a = project["plan_assignment"].copy()
    a.loc[a["village"].isin(villages), "office"] = office
    project["plan_assignment"] = a
    w = project["plan_workstations"].copy()
    w.loc[w["village"].isin(villages), "office"] = office
    project["plan_workstations"] = w


def _own_villages(project: Project, office: str) -> set[str]:
    o = project["plan_offices"].set_index("code")
    ks = project["key_sites"].set_index("code")
    site = o.at[office, "key_site"]
    return {ks.at[site, "village"]} if site in ks.index else set()


def _record_site_exception(project: Project, **exception) -> None:
    params = json.loads(project.metadata["params.site"])
    params.setdefault("exceptions", []).append(exception)
    project.metadata["params.site"] = json.dumps(params, ensure_ascii=False, sort_keys=True)


def test_the_clean_demo_plan_passes(county_plan, capsys):
    code, summary = run_cli(capsys, "check", str(county_plan))
    assert summary["passed"] is True, [f for f in summary["findings"] if f["severity"] == "violation"][:5]
    assert code == 0
    assert summary["source"] == "plan"
    assert not _findings(summary, "", "violation")
    project = Project.open(county_plan)
    sizes = _rural_sizes(project)
    assert sizes.between(5, 8).all()  # what check counted, counted independently


def test_text_output_is_chinese(county_plan, capsys):
    capsys.readouterr()
    assert main(["check", str(county_plan), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "通过" in out and "未通过" not in out and "PASSED" not in out


def test_an_urban_community_without_its_office(copy, capsys):
    project = Project.open(copy)
    v = project["villages"]
    community = v[v["area_type"] == "urban"].iloc[0]
    a = project["plan_assignment"]
    office = a.loc[a["village"] == community["code"], "office"].iloc[0]
    offices = project["plan_offices"]
    project["plan_offices"] = offices[offices["code"] != office]
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1 and summary["passed"] is False
    found = _findings(summary, "urban_community_office", "violation")
    assert [f["codes"][1] for f in found] == [community["code"]]
    assert community["code"] in found[0]["where"] and community["name"] in found[0]["where"]


def test_one_office_serving_13_villages(copy, capsys):
    project = Project.open(copy)
    sizes = _rural_sizes(project)
    station_of = project["plan_offices"].set_index("code")["station"]
    per_station = sizes.groupby(station_of).sum()
    station = per_station[per_station >= 13].index[0]
    mine = sizes[station_of[sizes.index] == station]
    office = mine.index[0]
    a = project["plan_assignment"]
    others = a[(a["office"].isin(mine.index[1:])) & ~a["village"].isin(_own_villages(project, str(mine.index[1])))]
    moved = list(others["village"])[: 13 - int(mine.iloc[0])]
    _reassign(project, moved, office)
    stored = int(project["plan_offices"].set_index("code").at[office, "villages"])
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = [f for f in _findings(summary, "office_size", "violation") if office in f["codes"]]
    assert len(found) == 1 and "13" in found[0]["detail"], found
    assert stored != 13  # the stored count was not what check read


def test_40_workstations_deleted_every_village_flagged(copy, capsys):
    project = Project.open(copy)
    w = project["plan_workstations"]
    gone = w.iloc[::12].head(40)
    assert len(gone) == 40
    project["plan_workstations"] = w.drop(gone.index)
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    flagged = {f["codes"][1] for f in _findings(summary, "village_without_post", "violation")}
    assert flagged == set(gone["village"])


def _contiguous_moves(project: Project, small: str, big: str, count: int) -> list[str] | None:
    """``count`` villages of ``small`` (never the one it stands in) that can go to ``big`` one
    by one, each touching ``big``'s area and leaving ``small``'s in one piece; None if none."""
    import networkx as nx

    from gisdesk.services.siting.contiguity import village_adjacency

    v = project["villages"]
    codes = v["code"].to_numpy()
    graph = nx.Graph([(codes[a], codes[b]) for a, b in village_adjacency(v, project.metric_epsg())])
    a = project["plan_assignment"]
    office = dict(zip(a["village"], a["office"], strict=True))
    keep = _own_villages(project, small)
    moved: list[str] = []
    for _ in range(count):
        mine = [c for c in office if office[c] == small]
        options = [c for c in sorted(mine) if c not in keep and c in graph
                   and any(office.get(n) == big for n in graph[c])
                   and nx.is_connected(graph.subgraph([m for m in mine if m != c]))]
        if not options:
            return None
        office[options[0]] = big
        moved.append(options[0])
    return moved


def test_offices_below_5_villages_are_violations(copy, capsys):
    project = Project.open(copy)
    sizes = _rural_sizes(project)
    station_of = project["plan_offices"].set_index("code")["station"]
    pairs = [(a, b) for a in sizes.index for b in sizes.index if a != b and station_of[a] == station_of[b]
             and sizes[a] <= 6 and sizes[b] <= 6]
    # both areas stay one piece (an area in two pieces is a rule of its own, office_contiguous)
    small, big, moved = next((a, b, m) for a, b in pairs
                             if (m := _contiguous_moves(project, a, b, int(sizes[a]) - 3)) is not None)
    _reassign(project, moved, big)
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = [f for f in _findings(summary, "office_size") if small in f["codes"]]
    assert len(found) == 1 and found[0]["severity"] == "violation" and "3个村" in found[0]["detail"]

    # the same plan with the station's exception and reason recorded by site: a warning quoting it
    project = Project.open(copy)
    reason = "该所村庄分散，只能设3村警务室"
    _record_site_exception(project, station=str(station_of[small]), rule="office_size", reason=reason)
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    found = [f for f in _findings(summary, "office_size") if small in f["codes"]]
    assert found[0]["severity"] == "warning" and reason in found[0]["detail"]
    assert code == 0 and summary["passed"] is True


def test_a_grid_over_the_standard_with_stale_officers_required(copy, capsys):
    project = Project.open(copy)
    grids = project["grids"]
    grid = grids[(grids["area_type"] == "urban") & (grids["officers_required"] == 1)].iloc[0]
    members = project["grid_members"]
    units = project["units"].copy()
    mine = units["code"].isin(members.loc[members["grid"] == grid["code"], "member"])
    units.loc[mine, "population"] = 4000  # each member now 4,000 residents: the grid needs more than 1
    project["units"] = units
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = _findings(summary, "grid_over_standard", "violation")
    assert [f["codes"][1] for f in found] == [grid["code"]]
    assert "只配1名" in found[0]["detail"] and grid["name"] in found[0]["where"]


def _one_office(project: Project, station: str) -> None:
    """All the station's rural villages to its first rural office; its other offices deleted."""
    offices = project["plan_offices"]
    rural = [c for c in _rural_sizes(project).index if c in set(offices.loc[offices["station"] == station, "code"])]
    a = project["plan_assignment"]
    _reassign(project, list(a.loc[a["office"].isin(rural[1:]), "village"]), rural[0])
    project["plan_offices"] = offices[~offices["code"].isin(rural[1:])]


def test_a_remote_station_with_one_office(copy, capsys):
    project = Project.open(copy)
    posts = project["posts"]
    seats = posts[posts["tier"] == "station"]
    remote = seats.loc[seats["remote"], "station"].iloc[0]
    other = seats.loc[~seats["remote"] & seats["station"].isin(project["plan_offices"]["station"]), "station"].iloc[-1]
    _one_office(project, remote)
    _one_office(project, other)
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = _findings(summary, "station_offices")
    assert [f["codes"] for f in found] == [[remote]]
    assert found[0]["severity"] == "violation" and "偏远" in found[0]["detail"]
    # the standard can still ask every station for 2
    code, summary = run_cli(capsys, "check", str(copy), "--min-offices-all-stations")
    assert {f["codes"][0] for f in _findings(summary, "station_offices", "violation")} == {remote, other}


def test_an_office_off_a_key_site_without_a_reason(copy, capsys):
    project = Project.open(copy)
    offices = project["plan_offices"].copy()
    row = offices[(offices["key_site"] != "") & ~offices["existing"]].index[0]
    office = offices.at[row, "code"]
    offices.at[row, "key_site"] = ""
    sites = project["key_sites"].to_crs(project.metric_epsg())
    point = offices.loc[[row]].to_crs(project.metric_epsg()).geometry.iloc[0]
    for step in range(1, 40):  # walk east until no key site is within 300 m
        moved = shapely.affinity.translate(point, xoff=100.0 * step)
        if sites.distance(moved).min() > 300:
            break
    offices.loc[[row], "geometry"] = gpd_series(moved, project)
    project["plan_offices"] = offices
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = [f for f in _findings(summary, "office_key_site", "violation") if office in f["codes"]]
    assert len(found) == 1


def gpd_series(point, project: Project):
    import geopandas as gpd

    return gpd.GeoSeries([point], crs=project.metric_epsg()).to_crs(4490).to_numpy()


def test_a_plan_beyond_its_recorded_max_km(copy, capsys):
    project = Project.open(copy)
    params = json.loads(project.metadata["params.site"])
    params["max_km"] = 3.0
    project.metadata["params.site"] = json.dumps(params, ensure_ascii=False, sort_keys=True)
    a = project["plan_assignment"]
    far = set(a.loc[a["road_km"] > 3.0, "village"])
    assert far
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = _findings(summary, "max_km", "violation")
    assert {f["codes"][1] for f in found} == far

    # lowering the stored road km does not hide it: never less than the straight line
    project = Project.open(copy)
    a = project["plan_assignment"].copy()
    a["road_km"] = 0.1
    project["plan_assignment"] = a
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1 and _findings(summary, "max_km", "violation")


def test_unknown_population_is_listed(copy, capsys):
    project = Project.open(copy)
    v = project["villages"].copy()
    v["population"] = v["population"].astype("Int64")
    v.loc[3, "population"] = pd.NA
    project["villages"] = v
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    found = _findings(summary, "unknown_population")
    assert [f["codes"][1] for f in found] == [v.at[3, "code"]]
    assert found[0]["severity"] == "warning" and v.at[3, "name"] in found[0]["where"]
    assert code == 0


def test_an_empty_project_does_not_pass(tmp_path, capsys):
    path = tmp_path / "empty.gpkg"
    assert run_cli(capsys, "new", str(path))[0] == 0
    code, summary = run_cli(capsys, "check", str(path))
    assert code == 1 and summary["passed"] is False
    assert [f["rule"] for f in summary["findings"] if f["severity"] == "violation"] == ["nothing_to_check"]
    capsys.readouterr()
    assert main(["check", str(path), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "未通过" in out and "[违规]" in out and "无可检查的数据" in out


@pytest.mark.parametrize("argv", [["missing.gpkg"], ["{copy}", "--min-villages", "0"]])
def test_bad_input_exits_2(copy, capsys, argv):
    argv = [a.replace("{copy}", str(copy)) for a in argv]
    before = copy.read_bytes()
    assert run_cli(capsys, "check", *argv)[0] == 2
    assert copy.read_bytes() == before
