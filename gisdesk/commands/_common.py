"""Small helpers shared by the sub-commands."""

from __future__ import annotations

from pathlib import Path

from layers.errors import InputError


def existing_file(path: str, what: str = "file") -> Path:
    """``path`` as a Path, or an InputError naming it when it does not exist."""
    p = Path(path)
    if not p.exists():
        raise InputError("not_found", f"{what} not found", file=str(p))
    if p.is_dir():
        raise InputError("is_folder", f"{what} is a folder", file=str(p))
    return p


def open_project(path: str):
    """Open a project for a command; errors name the file."""
    from layers.project import Project

    return Project.open(existing_file(path, "project"))


def parse_lonlat(text: str, option: str = "--at") -> tuple[float, float]:
    """``"115.65,34.41"`` -> (lon, lat); InputError naming the option otherwise."""
    try:
        lon_s, lat_s = text.replace("，", ",").split(",")
        return float(lon_s), float(lat_s)
    except ValueError as exc:
        raise InputError("bad_option", f"{option}: expected LON,LAT, got {text!r}") from exc
