"""``new PROJECT.gpkg``: create an empty project, every layer of the contract present and empty."""

from __future__ import annotations

import argparse

from gisdesk.messages import tr
from layers.errors import InputError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="the project GeoPackage to create (must not exist)")


def create_project(path) -> list[str]:
    """Write an empty project at ``path``; InputError when the file exists. Returns its layers."""
    from pathlib import Path

    from layers.project import Project

    target = Path(path)
    if target.exists():
        raise InputError("exists", "the project already exists; import into it or choose another name",
                         file=str(target))
    if target.suffix.lower() != ".gpkg":
        raise InputError("bad_option", "a project file ends in .gpkg", file=str(target))
    project = Project.new()
    project.save(target)
    return list(project.layers)


def run(args: argparse.Namespace, ctx) -> dict:
    layers = create_project(args.project)
    if not ctx.json:
        ctx.info(tr("created the empty project {path}; import data with main.py import", path=args.project))
    return {"project": str(args.project), "created": True, "layers": layers}
