"""The disk cache of the siting context that ``evaluate`` reuses between runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from gisdesk.cli import main as cli_main
from gisdesk.services.siting import SitingContext
from gisdesk.services.siting.context_store import (
    cache_file,
    cached_context,
    fingerprint,
    load_context,
    remember,
    save_context,
)
from layers.project import Project
from tests.gisdesk.services.siting.test_costs import ll, small_project


@pytest.fixture(autouse=True)
def _cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _evaluate(path, capsys, *extra) -> dict:
    lon, lat = ll(0.0, 0.0)
    code = cli_main(["evaluate", str(path), "--at", f"{lon},{lat}", "--json", "--quiet", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    summary.pop("seconds")
    summary["resolved"].pop("seconds")  # the re-solved station's own time
    return summary


def _saved(tmp_path, roads: bool = True) -> Project:
    p = small_project(roads)
    p.save(tmp_path / "p.gpkg")
    return Project.open(tmp_path / "p.gpkg")


def test_second_evaluate_reads_the_cache_and_prints_the_same(tmp_path, capsys):
    p = _saved(tmp_path)
    before = p.path.read_bytes()
    first = _evaluate(p.path, capsys)
    cached = cache_file(p.path)
    assert cached.is_file() and cached.parent.parent.parent == tmp_path / "cache"
    assert load_context(p, cached, fingerprint(p)) is not None
    second = _evaluate(p.path, capsys)
    assert second == first
    assert second == _evaluate(p.path, capsys, "--no-cache")
    assert p.path.read_bytes() == before  # the project itself is never written
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]  # nothing beside it


@pytest.mark.parametrize("roads", [True, False])
def test_restored_context_gives_the_same_distances(tmp_path, roads):
    p = _saved(tmp_path, roads)
    built = SitingContext(p)
    key = fingerprint(p)
    assert save_context(built, cache_file(p.path), key)
    restored = load_context(p, cache_file(p.path), key)
    assert restored is not None and restored.distance_model == built.distance_model
    assert restored.notes == built.notes
    assert SitingContext.for_project(p, restored) is restored
    rows, cols = np.arange(len(built.villages)), np.arange(len(built.sites))
    np.testing.assert_array_equal(restored.km(rows, cols), built.km(rows, cols))
    np.testing.assert_array_equal(restored.minutes(rows, cols), built.minutes(rows, cols))
    for name in ("station", "population", "area_type", "township"):
        assert restored.villages.attrs[name].tolist() == built.villages.attrs[name].tolist()
    assert restored.sites.code.tolist() == built.sites.code.tolist()
    km_a, _, off_a = built.point_km((1500.0, 2000.0))
    km_b, _, off_b = restored.point_km((1500.0, 2000.0))
    np.testing.assert_array_equal(km_a, km_b)
    assert off_a == off_b


def test_a_changed_road_invalidates_the_cache(tmp_path, capsys):
    p = _saved(tmp_path)
    first = _evaluate(p.path, capsys)
    old_key = fingerprint(p)
    roads = p["roads"].copy()
    # cut the road along row y=0 short: V01 now reaches the rest only by the x=0 road
    roads.loc[0, "geometry"] = shapely.LineString([ll(-1, 0.0), ll(0.5, 0.0)])
    p["roads"] = roads
    p.save()
    assert fingerprint(p) != old_key
    assert load_context(p, cache_file(p.path), fingerprint(p)) is None  # the old file is stale
    after = _evaluate(p.path, capsys)
    assert after == _evaluate(p.path, capsys, "--no-cache")
    assert after != first
    assert load_context(Project.open(p.path), cache_file(p.path), fingerprint(p)) is not None  # rebuilt


def test_a_changed_attribute_or_parameter_changes_the_key(tmp_path):
    p = _saved(tmp_path)
    key = fingerprint(p)
    assert fingerprint(p, detour=1.5) != key
    villages = p["villages"].copy()
    villages.loc[3, "station"] = "S2"
    p["villages"] = villages
    assert fingerprint(p) != key


@pytest.mark.parametrize("damage", [b"", b"not a zip file at all", "truncate"])
def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path, capsys, damage):
    p = _saved(tmp_path)
    first = _evaluate(p.path, capsys)
    cached = cache_file(p.path)
    data = cached.read_bytes()
    cached.write_bytes(data[: len(data) // 2] if damage == "truncate" else damage)
    assert load_context(p, cached, fingerprint(p)) is None
    assert _evaluate(p.path, capsys) == first
    assert load_context(p, cached, fingerprint(p)) is not None


def test_a_cache_holding_pickled_objects_is_refused(tmp_path):
    p = _saved(tmp_path)
    key = fingerprint(p)
    cached = cache_file(p.path)
    cached.parent.mkdir(parents=True)
    meta = np.frombuffer(json.dumps({"format": 1, "key": key}).encode(), np.uint8)
    np.savez(cached, meta=meta, evil=np.array([object()], dtype=object))
    assert load_context(p, cached, key) is None


def test_unwritable_cache_folder_still_evaluates(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    p = _saved(tmp_path)
    ctx = cached_context(p)
    assert ctx.distance_model == "road"
    assert not remember(ctx)
    assert not save_context(ctx, cache_file(p.path), "k")


def test_the_cache_keeps_the_distance_blocks_a_run_computed(tmp_path, capsys):
    p = _saved(tmp_path)  # no plan: evaluate compares with the existing offices' distances
    first = _evaluate(p.path, capsys)
    ctx = load_context(p, cache_file(p.path), fingerprint(p))
    assert ctx._cache and ctx.network._graphs  # blocks and road graphs came back
    built = SitingContext(p)
    for (kind, rows, cols), block in ctx._cache.items():
        rows, cols = np.frombuffer(rows, int), np.frombuffer(cols, int)
        fresh = built.km(rows, cols) if kind == "km" else built.minutes(rows, cols)
        np.testing.assert_array_equal(block, fresh)
    assert not remember(cached_context(p))  # loaded and unused: nothing new to write
    stat = cache_file(p.path).stat()
    assert _evaluate(p.path, capsys) == first
    assert cache_file(p.path).stat().st_ino == stat.st_ino  # not rewritten (a write replaces the file)


def test_least_recently_used_projects_are_pruned(tmp_path, monkeypatch):
    import os

    from gisdesk.services.siting import context_store

    monkeypatch.setattr(context_store, "KEEP_FILES", 2)
    p = _saved(tmp_path)
    ctx = SitingContext(p)
    paths = [tmp_path / f"p{k}.gpkg" for k in range(4)]
    for k, path in enumerate(paths):
        assert save_context(ctx, cache_file(path), "key")
        os.utime(cache_file(path), (1000 + k, 1000 + k))  # p0 oldest
    left = sorted(f.name for f in cache_file(paths[0]).parent.glob("*.npz"))
    assert left == sorted(cache_file(p).name for p in paths[2:])
    assert load_context(p, cache_file(paths[2]), "key") is not None  # used: now the newest
    assert save_context(ctx, cache_file(paths[0]), "key")
    assert cache_file(paths[2]).exists() and not cache_file(paths[3]).exists()
