"""``site`` and ``check`` agree on "at least 2 offices": for remote stations only (or every
station, asked for); a station that breaks 5-8 for it carries the reason ``site`` recorded,
and ``check`` quotes it as a warning."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import shapely

from gisdesk.services.check import check_project
from gisdesk.services.siting import SitingParams, propose_sites, siting_command
from layers.edits import CommandStack
from layers.project import Project
from layers.standard import Standard
from tests.gisdesk.services.siting.test_costs import small_project


def _site(project: Project, params: SitingParams) -> dict[str, int]:
    """Run site into the project; rural offices per station."""
    CommandStack(project).push(siting_command(propose_sites(project, params)))
    offices = project["plan_offices"]
    urban = set(project["villages"].query("area_type == 'urban'")["code"])
    a = project["plan_assignment"]
    rural = offices[~offices["code"].isin(a.loc[a["village"].isin(urban), "office"])]
    return rural.groupby("station").size().to_dict()


def _mark_remote(project: Project, station: str) -> None:
    """The station's post (added where the project has none) marked remote."""
    posts = project["posts"]
    seat = gpd.GeoDataFrame({"code": [f"P-{station}"], "name": [f"{station}派出所"], "tier": ["station"],
                             "station": [station], "remote": [True]},
                            geometry=[shapely.Point(115.6, 34.5)], crs=posts.crs)
    project["posts"] = gpd.GeoDataFrame(pd.concat([posts[posts["code"] != f"P-{station}"], seat], ignore_index=True),
                                        crs=posts.crs)


def test_a_station_of_7_villages_gets_one_office_unless_remote():
    project = small_project()  # S2: 7 rural villages and a community
    per_station = _site(project, SitingParams(tradeoff=False))
    assert per_station["S2"] == 1
    report = check_project(project)
    assert not [f for f in report.findings if f.rule in ("office_size", "station_offices")]


def test_a_remote_station_gets_two_offices_and_check_quotes_the_reason():
    project = small_project()
    _mark_remote(project, "S2")
    per_station = _site(project, SitingParams(tradeoff=False))
    assert per_station["S2"] == 2  # 3 + 4: below 5, so site records why
    recorded = json.loads(project.metadata["params.site"])["exceptions"]
    reasons = [e for e in recorded if e["station"] == "S2" and e.get("rule") == "office_size"]
    assert reasons
    report = check_project(project)
    sizes = [f for f in report.findings if f.rule == "office_size"]
    assert len(sizes) == 2 and all(f.severity == "warning" and reasons[0]["reason"] in f.detail for f in sizes)
    assert not [f for f in report.findings if f.rule == "station_offices"]


def test_every_station_when_asked():
    project = small_project()
    per_station = _site(project, SitingParams(Standard(min_offices_all_stations=True), tradeoff=False))
    assert per_station["S2"] == 2
