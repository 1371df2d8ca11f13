"""The county demo with a plan and grids, built once for the check's tests (CLI in-process)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gisdesk.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, dict]:
    """``main.py ARGV --json`` in-process: (exit code, the JSON summary or {})."""
    capsys.readouterr()
    code = main([*argv, "--json", "--quiet"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {})


@pytest.fixture(scope="package")
def county_plan(tmp_path_factory) -> Path:
    """``demo`` (county), ``site``, ``grids`` and ``assign``: the clean demo plan."""
    path = tmp_path_factory.mktemp("county") / "county.gpkg"
    for argv in (["demo", str(path)], ["site", str(path), "--no-tradeoff"], ["grids", str(path)],
                 ["assign", str(path)]):
        assert main([*argv, "--quiet"]) == 0, argv
    return path


@pytest.fixture
def copy(county_plan, tmp_path) -> Path:
    """A copy of the clean demo plan to break on purpose."""
    target = tmp_path / "broken.gpkg"
    shutil.copyfile(county_plan, target)
    return target
