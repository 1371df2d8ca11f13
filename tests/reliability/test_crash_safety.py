"""Kill -9 at many moments of a save, a grid redraw and an import: the project survives.

SQLite's crash testing is the model: whatever the moment of death, the project must pass
``PRAGMA integrity_check``, hold every layer, and be either the old or the new version.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layers.project import Project
from layers.schema import LAYERS
from tests.gisdesk.services.grids.test_plan import _town

ROOT = Path(__file__).resolve().parents[2]

SAVE_LOOP = """
import sys
from layers.project import Project
p = Project.open(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    i += 1
    p.metadata["iteration"] = str(i)
    for name in ("units", "villages", "boundaries"):
        p.mark_dirty(name)
    p.save()
"""


def _intact(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    finally:
        con.close()
    assert set(LAYERS) <= tables
    proj = Project.open(path)
    assert not proj.problems
    assert len(proj["units"]) == 100


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".saving-" in p.name]


def _kill_after(args: list[str], delay: float, wait_for_ready: bool = False) -> None:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if wait_for_ready:
        assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.fixture
def town_file(tmp_path) -> Path:
    path = tmp_path / "town.gpkg"
    _town().save(path)
    return path


def test_kill_during_repeated_saves(town_file):
    for delay in (0.0, 0.05, 0.11, 0.17, 0.23, 0.31, 0.4, 0.55, 0.7, 0.9):
        _kill_after([sys.executable, "-c", SAVE_LOOP, str(town_file)], delay, wait_for_ready=True)
        _intact(town_file)
    # temporaries of killed saves are hidden, and the next save clears them away
    assert all(name.startswith(".") for name in _leftovers(town_file.parent))
    Project.open(town_file).save()
    assert not _leftovers(town_file.parent)


@pytest.mark.parametrize("command", ["grids", "site"])
def test_kill_during_a_job_leaves_old_or_new_project(town_file, command):
    old = hashlib.sha256(town_file.read_bytes()).hexdigest()
    args = [sys.executable, str(ROOT / "main.py"), command, str(town_file), "--quiet"]
    start = time.perf_counter()
    full = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    runtime = time.perf_counter() - start
    if full.returncode != 0:
        pytest.skip(f"{command} not available on this project: {full.stderr.strip()[:120]}")
    new = hashlib.sha256(town_file.read_bytes()).hexdigest()
    for fraction in (0.2, 0.4, 0.6, 0.75, 0.85, 0.95):
        _kill_after(args, runtime * fraction)
        _intact(town_file)
        now = hashlib.sha256(town_file.read_bytes()).hexdigest()
        assert now in (old, new) or Project.open(town_file).metadata.get("params." + command)


def test_kill_during_import(tmp_path, town_file):
    csv = tmp_path / "villages.csv"
    rows = ["代码,名称,经度,纬度,人口,户数"] + [
        f"4114261{i:05d},测试村{i},115.{600 + i % 300:03d},34.{400 + i % 200:03d},{500 + i},{150 + i}" for i in range(3000)
    ]
    csv.write_text("\n".join(rows), encoding="utf-8")
    args = [sys.executable, str(ROOT / "main.py"), "import", str(town_file), "villages", str(csv), "--quiet"]
    start = time.perf_counter()
    full = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    runtime = time.perf_counter() - start
    if full.returncode != 0:
        pytest.skip(f"import not available: {full.stderr.strip()[:120]}")
    for fraction in (0.3, 0.6, 0.8, 0.95):
        _town().save(town_file)
        _kill_after(args, runtime * fraction)
        _intact(town_file)
        n = len(Project.open(town_file)["villages"])
        assert n in (5, 3005)


def test_failed_save_leaves_old_file(town_file, monkeypatch):
    import layers.project as lp

    before = town_file.read_bytes()
    proj = Project.open(town_file)
    proj.mark_dirty("units")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lp, "_fsync_file", boom)
    from layers.errors import ProjectError

    with pytest.raises(ProjectError, match="No space left"):
        proj.save()
    assert town_file.read_bytes() == before
    assert not _leftovers(town_file.parent)


def test_read_only_folder_is_a_clear_error(tmp_path):
    from layers.errors import ProjectError

    if os.geteuid() == 0:
        folder = Path("/proc")  # root ignores permission bits; /proc refuses new files to anyone
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
    with pytest.raises(ProjectError) as err:
        Project.new().save(folder / "p.gpkg")
    assert "p.gpkg" in err.value.line()
