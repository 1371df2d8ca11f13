"""The project file: round trips, atomic saves that survive kills and write failures,
read-only folders, locks, and the metadata table."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from layers import __version__
from layers.errors import ProjectError
from layers.project import METADATA_TABLE, Project
from layers.schema import CRS, LAYERS

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sample_project() -> Project:
    proj = Project.new()
    proj["villages"] = gpd.GeoDataFrame(
        {
            "code": ["411426100201", "411426100202"],
            "name": ["张庄村", "李楼村"],
            "population": [1200, 800],
            "households": [300, 210],
            "area_type": ["rural", "urban"],
            "township": ["城关镇", "城关镇"],
            "station": ["S01", "S01"],
        },
        geometry=[Point(116.1, 34.2), Point(116.2, 34.25)],
        crs=CRS,
    )
    proj["roads"] = gpd.GeoDataFrame(
        {"name": ["G310"], "road_class": ["national"], "speed_kmh": [np.nan], "oneway": [True]},
        geometry=[LineString([(116.0, 34.0), (116.3, 34.3)])],
        crs=CRS,
    )
    proj["boundaries"] = gpd.GeoDataFrame(
        {"code": ["S01"], "name": ["城关派出所"], "level": ["station"]},
        geometry=[box(116.0, 34.0, 116.3, 34.3)],
        crs=CRS,
    )
    proj.set_parameters("site", {"min_villages": 5, "max_villages": 8})
    return proj


def assert_sample(proj: Project) -> None:
    v = proj["villages"]
    assert list(v["name"]) == ["张庄村", "李楼村"]
    assert list(v["population"]) == [1200, 800]
    assert list(v["area_type"]) == ["rural", "urban"]
    assert v.geometry.iloc[1].equals(Point(116.2, 34.25))
    assert v.crs.to_epsg() == 4490
    r = proj["roads"]
    assert bool(r["oneway"].iloc[0]) is True and np.isnan(r["speed_kmh"].iloc[0])
    assert proj["boundaries"].geometry.iloc[0].area == pytest.approx(0.09)
    assert '"max_villages": 8' in proj.metadata["params.site"]
    assert set(proj.layers) == set(LAYERS)
    assert proj.problems == []


def test_save_open_round_trip_and_save_as(tmp_path):
    a = tmp_path / "a.gpkg"
    proj = sample_project()
    assert proj.dirty
    proj.save(a)
    assert not proj.dirty and proj.path == a.resolve()
    opened = Project.open(a)
    assert_sample(opened)

    b = tmp_path / "b.gpkg"
    before = digest(a)
    opened.save(b)  # save as: a new file, the old one untouched
    assert digest(a) == before
    assert_sample(Project.open(b))
    assert opened.path == b.resolve()


def test_incremental_save_keeps_the_untouched_layers(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    proj = Project.open(path)
    villages = proj["villages"].copy()
    villages.loc[0, "population"] = 1500
    proj["villages"] = villages
    proj.save()
    again = Project.open(path)
    assert list(again["villages"]["population"]) == [1500, 800]
    assert list(again["roads"]["name"]) == ["G310"]
    assert len(again["boundaries"]) == 1
    assert not any(p.name.startswith(".p.saving") for p in tmp_path.iterdir())


def test_metadata_table_records_the_app_version(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    con = sqlite3.connect(path)
    try:
        meta = dict(con.execute(f"SELECT key, value FROM {METADATA_TABLE}").fetchall())
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    finally:
        con.close()
    assert meta["app_version"] == __version__
    assert "saved_at" in meta
    assert set(LAYERS) <= tables  # every layer is in the GeoPackage, readable by QGIS
    assert Project.open(path).metadata["app_version"] == __version__


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_os_write_failure_leaves_the_old_file_intact(tmp_path, monkeypatch, failing):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    before = digest(path)
    proj = Project.open(path)
    proj["villages"] = proj["villages"].iloc[:1]

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(ProjectError) as info:
        proj.save()
    monkeypatch.undo()
    assert info.value.code == "write_failed" and "No space left" in info.value.line()
    assert digest(path) == before
    assert_sample(Project.open(path))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["p.gpkg"]


_BIG_SAVE = textwrap.dedent(
    """
    import sys
    import geopandas as gpd
    import numpy as np
    from shapely import points
    from layers.project import Project
    from layers.schema import CRS

    n = int(sys.argv[2])
    proj = Project.open(sys.argv[1])
    rng = np.random.default_rng(1)
    xs, ys = rng.uniform(115, 117, n), rng.uniform(33.5, 35, n)
    proj["villages"] = gpd.GeoDataFrame(
        {"code": [f"V{i}" for i in range(n)], "name": ["村"] * n, "population": np.full(n, 1000),
         "households": np.full(n, 300), "area_type": ["rural"] * n},
        geometry=points(xs, ys), crs=CRS)
    print("saving", flush=True)
    proj.save()
    print("saved", flush=True)
    """
)


def test_save_killed_part_way_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    before = digest(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", _BIG_SAVE, str(path), "250000"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout.readline().strip() == "saving"
        deadline = time.monotonic() + 60
        temp = []
        while time.monotonic() < deadline and not temp:
            temp = [p for p in tmp_path.iterdir() if ".saving-" in p.name and p.stat().st_size > 0]
            time.sleep(0.005)
        assert temp, "the save never started writing its temporary file"
        time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert "saved" not in proc.stdout.read()  # killed while writing, not after
    assert digest(path) == before  # not a byte changed
    assert_sample(Project.open(path))
    # the kernel released the dead writer's lock: saving works again
    proj = Project.open(path)
    proj.mark_dirty("villages")
    proj.save()
    assert_sample(Project.open(path))


def test_locked_project_cannot_be_saved_by_another_process(tmp_path):
    path = tmp_path / "p.gpkg"
    sample_project().save(path)
    before = digest(path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from layers.locking import ProjectLock\n"
         "lock = ProjectLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); time.sleep(60)",
         str(path.resolve())],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        proj = Project.open(path)
        proj.mark_dirty("villages")
        with pytest.raises(ProjectError) as info:
            proj.save()
        assert info.value.code == "locked" and str(holder.pid) in info.value.line()
        assert digest(path) == before
    finally:
        holder.kill()
        holder.wait(timeout=30)


_AS_NOBODY = textwrap.dedent(
    """
    import os, sys
    from layers.errors import ProjectError
    from layers.project import Project
    proj = Project.new()
    os.setgid(65534)
    os.setuid(65534)
    try:
        proj.save(sys.argv[1])
        print("saved")
    except ProjectError as exc:
        print(exc.code)
    """
)


def test_read_only_folder_gives_project_error(tmp_path):
    base = Path(tempfile.mkdtemp(prefix="gisdesk-ro-"))  # under /tmp, reachable by any user
    base.chmod(0o755)
    folder = base / "readonly"
    folder.mkdir()
    try:
        sample_project().save(folder / "p.gpkg")
        before = digest(folder / "p.gpkg")
        folder.chmod(0o555)
        if os.geteuid() != 0:
            with pytest.raises(ProjectError) as info:
                sample_project().save(folder / "new.gpkg")
            assert info.value.code == "not_writable"
        else:  # root ignores permissions: save as an ordinary user instead
            out = subprocess.run(
                [sys.executable, "-c", _AS_NOBODY, str(folder / "new.gpkg")],
                cwd=ROOT, capture_output=True, text=True, timeout=120,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert out.stdout.strip() == "not_writable", out.stderr
        assert not (folder / "new.gpkg").exists()
        assert digest(folder / "p.gpkg") == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


def test_opening_what_is_not_a_project(tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("hello")
    with pytest.raises(ProjectError) as info:
        Project.open(text)
    assert info.value.code == "not_geopackage"
    good = tmp_path / "p.gpkg"
    sample_project().save(good)
    cut = tmp_path / "cut.gpkg"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ProjectError):
        Project.open(cut)
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path / "missing.gpkg")
    assert info.value.code == "not_found"


def test_project_without_a_path_cannot_be_saved_in_place():
    with pytest.raises(ProjectError) as info:
        Project.new().save()
    assert info.value.code == "no_path"


def test_a_project_from_before_the_roster_opens_without_problems(tmp_path):
    """officers and assignments missing (a file written before them): empty, no problem, created on save."""
    import pyogrio

    path = tmp_path / "old.gpkg"
    Project.new().save(path)
    con = sqlite3.connect(path)
    for table in ("officers", "assignments"):
        con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
        con.execute("DELETE FROM gpkg_ogr_contents WHERE table_name = ?", (table,))
    con.commit()
    con.close()
    assert not {"officers", "assignments"} & {n for n, _ in pyogrio.list_layers(path)}
    project = Project.open(path)
    assert project.problems == [] and len(project["officers"]) == 0
    project.save()
    assert {"officers", "assignments"} <= {n for n, _ in pyogrio.list_layers(path)}
