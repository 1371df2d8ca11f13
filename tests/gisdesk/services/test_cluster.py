"""The optional Dask backend: the same per-community and per-station tasks on a cluster
(a LocalCluster of two worker processes here) give the same grids and offices as one
worker in this process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gisdesk.demo import build_demo
from gisdesk.services import workers as pool
from gisdesk.services.grids import compute_grids
from gisdesk.services.workers import Workers, run_tasks
from layers.errors import InputError
from layers.project import Project
from tests.gisdesk.services.pool_tasks import refuse, square_with_pid

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Project:
    """The demo county's first dozen communities and one township's villages (a quick test)."""
    county = build_demo(1, "county")
    units = county["units"]
    keep = sorted(units["community"].unique())[:12]
    villages = county["villages"]
    township = villages.loc[villages["area_type"] == "rural", "township"].iloc[0]
    county["units"] = units[units["community"].isin(keep)]
    county["villages"] = villages[villages["code"].isin(keep) | (villages["township"] == township)]
    path: Path = county.save(tmp_path_factory.mktemp("town") / "town.gpkg")
    return Project.open(path)


def test_tasks_run_on_the_cluster_in_order_and_errors_come_back(cluster):
    out = run_tasks(square_with_pid, [(x,) for x in range(5)], Workers(scheduler=cluster))
    assert [r[0] for r in out] == [0, 1, 4, 9, 16]
    with pytest.raises(ValueError, match="task 3 is impossible"):
        run_tasks(refuse, [(x,) for x in range(5)], Workers(scheduler=cluster))


def test_the_cluster_draws_the_same_grids_as_one_worker(cluster, town):
    here = compute_grids(town, workers=Workers(1))
    there = compute_grids(town, workers=Workers(scheduler=cluster))
    assert here.summary["urban_grids"] >= 24
    pd.testing.assert_frame_equal(here.grids.drop(columns="geometry"), there.grids.drop(columns="geometry"))
    assert list(here.grids.geometry.to_wkb()) == list(there.grids.geometry.to_wkb())
    pd.testing.assert_frame_equal(here.members, there.members)


def test_the_cluster_proposes_the_same_offices_as_one_worker(cluster, town):
    from gisdesk.services.siting import SitingParams, propose_sites

    params = SitingParams(tradeoff=False)
    here = propose_sites(town, params, workers=Workers(1))
    there = propose_sites(town, params, workers=Workers(scheduler=cluster))
    assert len(here.offices) >= 5
    for a, b in ((here.offices, there.offices), (here.assignment, there.assignment)):
        pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
    assert (here.objective, here.lower_bound) == (there.objective, there.lower_bound)


def test_an_unreachable_scheduler_is_refused_naming_the_option(monkeypatch):
    monkeypatch.setattr(pool, "CONNECT_SECONDS", 2.0)
    with pytest.raises(InputError) as err:
        run_tasks(square_with_pid, [(1,), (2,)], Workers(scheduler="tcp://127.0.0.1:9"))
    assert err.value.field == "scheduler" and "127.0.0.1:9" in err.value.message
