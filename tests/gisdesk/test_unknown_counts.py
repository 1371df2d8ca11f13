"""Unknown is NULL everywhere (issue 12): the county demo with the population and households
of a few villages and units emptied in the GeoPackage, as another program would, goes
through every command. None crashes; the counts stay NULL in the file; the workbook shows
empty cells (never 0) for them; ``check`` lists each of them; ``grids`` names the units."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from gisdesk.cli import main
from layers.project import Project

ROOT = Path(__file__).resolve().parents[2]
RURAL_ROWS = (3, 50, 120, 300)  # fids of rural villages of the county demo, spread over stations


def _sql(path: Path, *statements: tuple[str, tuple]) -> list:
    """Run SQL on the GeoPackage as another program would (R-tree triggers satisfied)."""
    con = sqlite3.connect(path)
    try:
        con.create_function("ST_IsEmpty", 1, lambda g: 1 if g is None else 0)
        for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            con.create_function(name, 1, lambda g: 0.0)
        rows = [con.execute(sql, args).fetchall() for sql, args in statements]
        con.commit()
        return rows
    finally:
        con.close()


@pytest.fixture(scope="module")
def unknown(tmp_path_factory):
    """The demo with NULL counts, then every command run on it: (folder, codes, outcomes)."""
    folder = tmp_path_factory.mktemp("unknown")
    path = folder / "county.gpkg"
    assert main(["demo", str(path), "--quiet"]) == 0
    marks = ",".join("?" * len(RURAL_ROWS))
    rural, [urban], units = _sql(
        path,
        (f"SELECT code, name FROM villages WHERE fid IN ({marks}) AND area_type = 'rural'", RURAL_ROWS),
        ("SELECT code, name FROM villages WHERE area_type = 'urban' ORDER BY fid LIMIT 1", ()),
        ("SELECT code, name, community FROM units ORDER BY fid LIMIT 3", ()))
    villages = [c for c, _ in rural] + [urban[0]]
    assert len(rural) == len(RURAL_ROWS) and units[0][2] != urban[0]
    _sql(path,
         (f"UPDATE villages SET population = NULL, households = NULL WHERE code IN ({','.join('?' * len(villages))})",
          tuple(villages)),
         ("UPDATE units SET population = NULL, households = NULL WHERE code IN (?, ?, ?)",
          tuple(u[0] for u in units)))
    codes = {"villages": villages, "village_names": [n for _, n in rural] + [urban[1]],
             "units": [u[0] for u in units], "unit_names": [u[1] for u in units], "community": units[0][2]}

    outcomes: dict[str, tuple[int, dict, str]] = {}

    def run(*argv: str) -> None:
        out = io.StringIO()
        with redirect_stdout(out):
            code = main([argv[0], str(path), *argv[1:], "--json", "--quiet"])
        lines = out.getvalue().strip().splitlines()
        outcomes[argv[0]] = (code, json.loads(lines[-1]) if lines else {}, "")

    run("site", "--no-tradeoff")
    x, y = Project.open(path)["villages"].set_index("code").loc[villages[0]].geometry.coords[0]
    run("evaluate", "--at", f"{x + 0.01:.5f},{y:.5f}")
    run("grids")
    run("assign")
    run("check")
    run("report", "--out", str(folder / "tables.xlsx"))
    [[(office,)]] = _sql(path, ("SELECT office FROM plan_assignment WHERE village = ?", (villages[0],)))
    # drawing commands run in a process of their own, as a user runs them: a QApplication made
    # here by the command would outlive it and change what later tests' renders measure
    printed = subprocess.run([sys.executable, str(ROOT / "main.py"), "print", str(path), "--out",
                              str(folder / "office.pdf"), "--by", "office", "--office", office, "--json", "--quiet"],
                             capture_output=True, text=True, cwd=ROOT, timeout=300)
    lines = printed.stdout.strip().splitlines()
    outcomes["print"] = (printed.returncode, json.loads(lines[-1]) if lines else {}, printed.stderr)
    run("export-web", "--out", str(folder / "map.html"))
    shot = subprocess.run([sys.executable, str(ROOT / "main.py"), "screenshot", str(path), "--out",
                           str(folder / "shot.png"), "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    outcomes["screenshot"] = (shot.returncode, {}, shot.stderr)
    return folder, path, codes, outcomes


def test_no_command_crashes_on_unknown_counts(unknown):
    _, _, _, outcomes = unknown
    for name, (code, _, err) in outcomes.items():
        assert code in ((0, 1) if name == "check" else (0,)), (name, code, err)
    assert (unknown[0] / "office.pdf").stat().st_size > 0 and (unknown[0] / "shot.png").stat().st_size > 0


def test_the_counts_stay_null_in_the_file(unknown):
    _, path, codes, _ = unknown
    project = Project.open(path)
    villages = project["villages"].set_index("code").loc[codes["villages"]]
    units = project["units"].set_index("code").loc[codes["units"]]
    for frame in (villages, units):
        assert frame["population"].isna().all() and frame["households"].isna().all()
    grids = project["grids"].set_index("code")
    assert grids.loc[[f"{c}-G01" for c in codes["villages"][:-1]], "population"].isna().all()  # rural: one village
    assert (grids["officers_required"] >= 1).all()


def test_site_plans_them_and_grids_name_the_units(unknown):
    _, _, codes, outcomes = unknown
    site = outcomes["site"][1]
    assert site["villages"] == 756 and site["mean_km"] and site["mean_km"] > 0
    reasons = " ".join(e["reason"] for e in outcomes["grids"][1]["exceptions"])
    assert all(u in reasons for u in codes["units"]) and "population unknown" in reasons


def test_the_workbook_shows_empty_cells_not_zero(unknown):
    folder, _, codes, _ = unknown
    book = openpyxl.load_workbook(folder / "tables.xlsx", read_only=True)

    def rows(sheet: str) -> dict[str, dict]:
        it = book[sheet].iter_rows(values_only=True)
        header = next(it)
        return {str(r[0]): dict(zip(header, r, strict=False)) for r in it if r and r[0]}

    villages, units, grids = rows("行政村名单"), rows("楼栋单元名单"), rows("警格")
    for code in codes["villages"]:
        assert villages[code]["人口"] is None and villages[code]["户数"] is None, villages[code]
    for code in codes["units"]:
        assert units[code]["人口"] is None and units[code]["户数"] is None, units[code]
    for code in codes["villages"][:-1]:
        assert grids[f"{code}-G01"]["人口"] is None, grids[f"{code}-G01"]
    assert all(villages[c]["人口"] not in (None, 0) for c in list(villages)[:20] if c not in codes["villages"])


def test_check_lists_every_unknown_count(unknown):
    _, _, codes, outcomes = unknown
    findings = [f for f in outcomes["check"][1]["findings"] if f["rule"] == "unknown_population"]
    text = " ".join(f"{f['where']} {f['detail']}" for f in findings)
    assert all(code in text for code in codes["villages"]), text
    assert all(name in text for name in codes["unit_names"]), text
    assert all(f["severity"] == "warning" for f in findings)
