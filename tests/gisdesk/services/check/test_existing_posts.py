"""Without a plan, ``check`` checks the existing posts: a village is served by a post that
stands in it, never by one that merely lies within some radius."""

from __future__ import annotations

import numpy as np
import pytest

from gisdesk.cli import main
from layers.project import Project
from tests.gisdesk.services.check.conftest import run_cli


@pytest.fixture(scope="module")
def county_posts(tmp_path_factory):
    path = tmp_path_factory.mktemp("posts") / "county.gpkg"
    assert main(["demo", str(path), "--quiet"]) == 0
    return path


def _stands_in(project: Project, posts) -> list[str]:
    """The village each post was built in (the demo puts it at the village's committee room
    or its own point): the village of the key site or village point at the same place."""
    epsg = project.metric_epsg()
    sites = project["key_sites"].to_crs(epsg)
    villages = project["villages"].to_crs(epsg)
    out = []
    for p in posts.to_crs(epsg).geometry:
        d = sites.distance(p).to_numpy()
        if d.min() < 1.0:
            out.append(sites["village"].iloc[int(np.argmin(d))])
        else:
            out.append(villages["code"].iloc[int(np.argmin(villages.distance(p).to_numpy()))])
    return out


def test_40_workstations_deleted_every_village_they_served_is_flagged(county_posts, tmp_path, capsys):
    code, before = run_cli(capsys, "check", str(county_posts))
    assert code == 1 and before["source"] == "posts"  # the demo's network is only partly built
    flagged_before = {f["codes"][1] for f in before["findings"] if f["rule"] == "village_without_post"}
    project = Project.open(county_posts)
    posts = project["posts"]
    gone = posts[posts["tier"] == "workstation"].iloc[::4].head(40)
    assert len(gone) == 40
    served = set(_stands_in(project, gone))
    assert len(served) == 40 and not served & flagged_before
    project["posts"] = posts.drop(gone.index)
    path = project.save(tmp_path / "fewer.gpkg")
    code, after = run_cli(capsys, "check", str(path))
    flagged_after = {f["codes"][1] for f in after["findings"] if f["rule"] == "village_without_post"}
    assert flagged_after - flagged_before == served
    assert code == 1
