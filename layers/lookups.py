"""Names the planners read instead of codes, looked up across layers."""

from __future__ import annotations


def station_names(project) -> dict[str, str]:
    """Station code -> name, from station posts, overridden by station boundaries."""
    names: dict[str, str] = {}
    posts = project["posts"]
    seats = posts[posts["tier"] == "station"]
    names.update({c: n for c, n in zip(seats["station"], seats["name"], strict=False) if c})
    bounds = project["boundaries"]
    st = bounds[bounds["level"] == "station"]
    names.update({c: n for c, n in zip(st["code"], st["name"], strict=False) if c})
    return names
