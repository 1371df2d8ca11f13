"""Beat maps carry the people of the assignments: the 警民联系卡 of a grid's page names
its responsible people (name, role, 警号, phone), an office's page the people of its
grids, a station's overview lists who covers each grid; ``--no-personal`` leaves every
name and phone out. Read back from the PDF with pdftotext, through ``main.py print``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layers.project import Project
from maps.print.pages import PagePlanner, Selection

ROOT = Path(__file__).resolve().parents[4]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _print(gpkg: Path, out: Path, *args: str) -> str:
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "print", str(gpkg), "--out", str(out), *args],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout


def _people_of(project: Project, grid: str):
    a, o = project["assignments"], project["officers"].set_index("code")
    return [o.loc[c] for c in a.loc[a["grid"] == grid, "officer"]]


def test_a_grid_page_names_its_people_and_no_personal_leaves_them_out(demo_file, tmp_path):
    project = Project.open(demo_file)
    counts = project["assignments"].groupby("grid").size()
    grid = str(counts[counts == 2].index[0])  # a grid two people cover
    people = _people_of(project, grid)
    text = _print(demo_file, tmp_path / "grid.pdf", "--by", "grid", "--grid", grid)
    assert "警民联系卡" in text
    for person in people:
        assert person["name"] in text and person["phone"] in text and person.name in text
        assert person["phone"].startswith(("1380000", "1390000"))  # clearly fictitious
    assert ("辅警" if people[0]["role"] == "auxiliary" else "民警") in text
    bare = _print(demo_file, tmp_path / "bare.pdf", "--by", "grid", "--grid", grid, "--no-personal")
    assert "警民联系卡" in bare
    for person in people:
        assert person["name"] not in bare and person["phone"] not in bare
    assert "人" in bare.split("警民联系卡", 1)[1]  # the card counts them instead


def test_an_office_page_names_the_people_of_its_grids(demo_file, tmp_path):
    project = Project.open(demo_file)
    planner = PagePlanner(project, 4548)
    office = str(planner.offices["code"].iloc[0])
    page = planner.office_page(office)
    assert page.card.people, "an office of the assigned demo has people on its grids"
    first = page.card.people[0]
    text = _print(demo_file, tmp_path / "office.pdf", "--by", "office", "--office", office)
    assert first.name in text and first.phone in text and first.code in text


def test_a_station_overview_lists_who_covers_each_grid(demo_file):
    project = Project.open(demo_file)
    planner = PagePlanner(project, 4548)
    station = planner.stations()[0]
    page = next(planner.pages("grid", selection=Selection(stations=(station,))))
    assert page.kind == "overview"
    assert list(page.table.columns[-2:]) == ["责任人", "联系电话"]
    a, o = project["assignments"], project["officers"].set_index("code")
    row = page.table.iloc[0]
    for code in a.loc[a["grid"] == row["代码"], "officer"]:
        assert o.loc[code, "name"] in row["责任人"] and code in row["责任人"]
        assert o.loc[code, "phone"] in row["联系电话"]
    bare = next(PagePlanner(project, 4548, personal=False).pages("grid", selection=Selection(stations=(station,))))
    assert "联系电话" not in bare.table.columns
    assert all(not any(n in str(v) for n in o["name"]) for v in bare.table["责任人"])
    assert set(bare.table["责任人"]) <= {"民警 1 人", "辅警 1 人", "民警 1 人、辅警 1 人", "民警 2 人", "辅警 2 人", "未分配"}
