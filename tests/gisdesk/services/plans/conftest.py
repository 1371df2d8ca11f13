"""Two real ``site`` runs of the county demo (different ``--offices``), kept as versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gisdesk.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, dict]:
    """``main.py ARGV --json`` in-process: (exit code, the JSON summary or {})."""
    capsys.readouterr()
    code = main([*map(str, argv), "--json", "--quiet"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, (json.loads(out[-1]) if out else {})


@pytest.fixture(scope="package")
def two_runs(tmp_path_factory) -> dict[str, Path]:
    """``demo``; ``site`` (the fewest offices) copied to ``fewest.gpkg``; ``site --offices``
    12 more, copied to ``more.gpkg``; the project keeps the second plan as current and
    both as versions ``fewest`` and ``more``."""
    folder = tmp_path_factory.mktemp("plans")
    path = folder / "county.gpkg"
    assert main(["demo", str(path), "--quiet"]) == 0
    assert main(["site", str(path), "--no-tradeoff", "--time-limit", "10", "--quiet"]) == 0
    shutil.copyfile(path, folder / "fewest.gpkg")
    assert main(["plan", "save", str(path), "fewest", "--note", "最少警务室", "--quiet"]) == 0
    from layers.project import Project

    offices = len(Project.open(path)["plan_offices"])
    assert main(["site", str(path), "--no-tradeoff", "--time-limit", "10", "--offices", str(offices + 12),
                 "--quiet"]) == 0
    shutil.copyfile(path, folder / "more.gpkg")
    assert main(["plan", "save", str(path), "more", "--quiet"]) == 0
    return {"project": path, "fewest": folder / "fewest.gpkg", "more": folder / "more.gpkg"}


@pytest.fixture
def project_copy(two_runs, tmp_path) -> Path:
    target = tmp_path / "copy.gpkg"
    shutil.copyfile(two_runs["project"], target)
    return target
