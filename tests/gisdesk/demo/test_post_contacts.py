"""The demo's posts name a person of the roster as their contact (警民联系卡 of an office
page): the phone is the roster's clearly fictitious one, the same for the same seed."""

from __future__ import annotations

import re

from gisdesk.demo.build import build_demo


def test_every_post_contact_is_a_person_seated_there():
    county = build_demo(1, "county")
    posts, o = county["posts"], county["officers"]
    assert (posts["officer_name"] != "").all()
    assert all(re.fullmatch(r"13[89]0000\d{4}", p) for p in posts["officer_phone"])
    assert posts["officer_phone"].is_unique
    people = o.set_index("phone")
    for post in posts.itertuples():
        person = people.loc[post.officer_phone]
        assert person["name"] == post.officer_name and person["post"] == post.code
        if ((o["post"] == post.code) & (o["role"] == "officer") & o["active"]).any():
            assert person["role"] == "officer" and person["active"]
    again = build_demo(1, "county")["posts"]
    assert again[["officer_name", "officer_phone"]].equals(posts[["officer_name", "officer_phone"]])
