"""The README's "your own county" walk-through, command for command, on real data: Xiayi's
real outline and village names, the real Krems OpenStreetMap extract (Geofabrik layout)
moved rigidly into Xiayi, and an Excel village list without coordinates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from gisdesk.cli import main
from layers.project import Project
from tests.layers.henan_osm import own_county_files

ROOT = Path(__file__).resolve().parents[2]

WALKTHROUGH = [
    "new 夏邑.gpkg",
    "import 夏邑.gpkg boundaries 夏邑县界.geojson --crs gcj02 --set code=411426 --set name=夏邑县 --set level=county",
    "import 夏邑.gpkg roads gis_osm_roads_free_1.shp --clip county",
    "import 夏邑.gpkg key_sites gis_osm_pois_free_1.shp --clip county",
    "import 夏邑.gpkg posts gis_osm_pois_free_1.shp --clip county",
    "import 夏邑.gpkg villages 行政村.xlsx --match gis_osm_places_free_1.shp",
    "site 夏邑.gpkg",
    "grids 夏邑.gpkg",
    "print 夏邑.gpkg --out 警务区图.pdf",
]


def test_own_county_walkthrough(tmp_path, monkeypatch, capsys):
    facts = own_county_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    summaries = {}
    for command in WALKTHROUGH:
        words = command.split()
        key = f"import {words[2]}" if words[0] == "import" else words[0]
        if words[0] == "print":  # drawing runs in a process of its own, as the user runs it
            run = subprocess.run([sys.executable, str(ROOT / "main.py"), *words, "--json", "--quiet"],
                                 capture_output=True, text=True, cwd=tmp_path, timeout=600)
            assert run.returncode == 0, (command, run.stderr)
            summaries[key] = json.loads(run.stdout.strip().splitlines()[-1])
            continue
        assert main([*words, "--json", "--quiet"]) == 0, (command, capsys.readouterr().err)
        summaries[key] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    villages = summaries["import villages"]
    assert villages["matched"] == facts["named_on_map"] and villages["unmatched_count"] == 2
    assert {u["name"] for u in villages["unmatched"]} == set(facts["villages"][18:])
    assert summaries["import roads"]["not_for_vehicles"]["footway"] == 97
    project = Project.open(tmp_path / "夏邑.gpkg")
    assert len(project["villages"]) == 18 and set(project["villages"]["station"]) == set(project["posts"]["code"])
    assert not pd.isna(project["villages"]["population"]).any()
    assert summaries["site"]["offices"] >= 1
    assert summaries["grids"]["grids"] == 18
    assert summaries["print"]["pages"] > 18  # a page per grid and a station overview each
    assert (tmp_path / "警务区图.pdf").stat().st_size > 10000
