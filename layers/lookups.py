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


def remote_stations(project) -> set[str]:
    """Codes of the stations whose station post is marked ``remote`` (地处偏远、警力较少)."""
    posts = project["posts"]
    if "remote" not in posts.columns:
        return set()
    seats = posts[(posts["tier"] == "station") & posts["remote"].fillna(False).astype(bool)]
    return {c for c in seats["station"] if c}
