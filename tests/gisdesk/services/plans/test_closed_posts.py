"""A post an adopted plan closed is history: siting no longer offers it as an existing office."""

from __future__ import annotations

from gisdesk.services.siting import SitingContext
from tests.gisdesk.services.siting.test_costs import small_project


def test_a_closed_office_is_not_an_existing_office_for_siting():
    p = small_project()
    assert list(SitingContext(p).sites.attrs["kind"]).count("post") == 1
    posts = p["posts"].copy()
    posts.loc[posts["code"] == "P-O1", "status"] = "closed"
    p["posts"] = posts
    assert list(SitingContext(p).sites.attrs["kind"]).count("post") == 0
