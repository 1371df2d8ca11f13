"""The demo county with grids and its roster assigned, built once for the officer tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gisdesk.demo.build import build_demo
from gisdesk.services.grids import GridParams, compute_grids, grids_command
from gisdesk.services.officers import assignment_command, propose_assignments
from layers.edits import CommandStack
from layers.project import Project


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo county (seed 1) with grids drawn and the roster assigned, saved."""
    path = tmp_path_factory.mktemp("officers") / "demo.gpkg"
    project = build_demo(1, "county")
    stack = CommandStack(project)
    stack.push(grids_command(compute_grids(project, GridParams()), GridParams()))
    project.save(path)
    stack.push(assignment_command(propose_assignments(project)))
    project.save(path)
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> Path:
    """A copy of the assigned demo that a test may break."""
    out = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_file, out)
    return out


@pytest.fixture
def demo(demo_copy) -> Project:
    return Project.open(demo_copy)
