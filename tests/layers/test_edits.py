"""The edit command stack and its generic commands, on a real small project."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st
from shapely.geometry import Point

from layers.edits import (
    AddFeatures,
    CommandStack,
    DeleteFeatures,
    MoveFeature,
    ReplaceLayers,
    SetCells,
    next_code,
    validate_value,
)
from layers.errors import InputError
from layers.schema import empty_layer
from tests.maps.conftest import small_project


@pytest.fixture
def proj():
    return small_project()


def test_set_cells_undo_redo_and_clean_mark(proj):
    stack = CommandStack(proj)
    events = []
    stack.subscribe(lambda e, c: events.append(e))
    assert stack.is_clean and not stack.can_undo
    stack.push(SetCells("villages", {(1, "population"): "3,100"}, project=proj))
    assert proj["villages"].loc[1, "population"] == 3100
    assert not stack.is_clean and stack.undo_text == "Edit attributes"
    stack.undo()
    assert proj["villages"].loc[1, "population"] == 2500 and stack.is_clean
    stack.redo()
    assert proj["villages"].loc[1, "population"] == 3100
    stack.set_clean()
    assert stack.is_clean
    assert events == ["do", "undo", "redo", "clean"]


def test_push_after_undo_past_the_saved_state_is_never_clean(proj):
    stack = CommandStack(proj)
    stack.push(SetCells("villages", {(0, "name"): "甲"}, project=proj))
    stack.set_clean()
    stack.undo()
    stack.push(SetCells("villages", {(0, "name"): "乙"}, project=proj))
    assert not stack.is_clean and not stack.can_redo
    stack.undo()
    assert not stack.is_clean  # the saved "甲" state is gone for good


@pytest.mark.parametrize(
    "column,value,code",
    [("population", "many", "wrong_type"), ("population", "-5", "negative_value"),
     ("population", "2.5", "wrong_type"), ("area_type", "suburb", "bad_choice"),
     ("code", "V2", "duplicate_code"), ("name", "  ", "missing_value")],
)
def test_invalid_values_are_refused_and_nothing_changes(proj, column, value, code):
    stack = CommandStack(proj)
    before = proj["villages"].copy()
    with pytest.raises(InputError) as err:
        stack.push(SetCells("villages", {(0, column): value}, project=proj))
    assert err.value.code == code and err.value.field == column
    assert proj["villages"].equals(before) and not stack.can_undo


def test_validate_value_converts_types():
    assert validate_value("roads", "oneway", "是") is True
    assert validate_value("roads", "speed_kmh", "45.5") == 45.5
    assert math.isnan(validate_value("roads", "speed_kmh", ""))
    assert validate_value("posts", "tier", "office") == "office"


def test_add_move_delete_posts_each_undoable(proj):
    stack = CommandStack(proj)
    code = next_code(proj["posts"], "P")
    assert code not in set(proj["posts"]["code"])
    new = gpd.GeoDataFrame({"code": [code], "name": ["新警务室"], "tier": ["office"]},
                           geometry=[Point(113.61, 34.71)], crs="EPSG:4490")
    stack.push(AddFeatures("posts", new))
    assert len(proj["posts"]) == 4 and proj["posts"]["code"].iloc[-1] == code
    stack.push(MoveFeature("posts", 3, Point(113.62, 34.72)))
    assert proj["posts"].geometry.iloc[3].x == pytest.approx(113.62)
    stack.push(DeleteFeatures("posts", [0, 3]))
    assert list(proj["posts"]["code"]) == ["P2", "P3"]
    stack.undo()
    assert list(proj["posts"]["code"]) == ["P1", "P2", "P3", code]
    stack.undo()
    assert proj["posts"].geometry.iloc[3].x == pytest.approx(113.61)
    stack.undo()
    assert len(proj["posts"]) == 3 and stack.is_clean


def test_replace_layers_is_one_step_with_metadata(proj):
    stack = CommandStack(proj)
    offices = proj["posts"][proj["posts"]["tier"] == "office"][["code", "name", "geometry"]]
    stack.push(ReplaceLayers({"plan_offices": offices, "plan_workstations": empty_layer("plan_workstations")},
                             text="Accept siting result", metadata={"params.site": "{}"}))
    assert len(proj["plan_offices"]) == 1 and proj.metadata["params.site"] == "{}"
    stack.undo()
    assert len(proj["plan_offices"]) == 0 and "params.site" not in proj.metadata
    assert proj.dirty


def test_failed_command_is_not_recorded(proj):
    class Boom:
        text = "boom"
        layers = ("posts",)

        def do(self, project):
            raise RuntimeError("no")

        def undo(self, project):
            raise AssertionError

    stack = CommandStack(proj)
    with pytest.raises(RuntimeError):
        stack.push(Boom())
    assert not stack.can_undo and stack.is_clean


def test_commands_never_mutate_frames_in_place(proj):
    stack = CommandStack(proj)
    old = proj["villages"]
    snapshot = old.copy()
    stack.push(SetCells("villages", {(0, "population"): 1}, project=proj))
    assert old.equals(snapshot) and proj["villages"] is not old


def test_history_limit_keeps_the_latest(proj):
    stack = CommandStack(proj, limit=3)
    for k in range(5):
        stack.push(SetCells("villages", {(0, "population"): k}, project=proj))
    undone = 0
    while stack.can_undo:
        stack.undo()
        undone += 1
    assert undone == 3 and proj["villages"].loc[0, "population"] == 1
    assert not stack.is_clean


@settings_(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 99), st.sampled_from(["undo", "redo", "save"])), max_size=30))
def test_random_histories_match_a_reference_model(ops):
    """Any sequence of edits, undos, redos and saves: the layer holds what a plain list
    model says, and the clean mark is true exactly when the layer equals the saved value."""
    proj = small_project()
    stack = CommandStack(proj)
    done, undone = [800], []
    saved = 800
    for op in ops:
        if op == "undo":
            stack.undo()
            if len(done) > 1:
                undone.append(done.pop())
        elif op == "redo":
            stack.redo()
            if undone:
                done.append(undone.pop())
        elif op == "save":
            stack.set_clean()
            saved = done[-1]
        else:
            stack.push(SetCells("villages", {(0, "population"): op}, project=proj))
            done.append(op)
            undone.clear()
        assert proj["villages"]["population"].iloc[0] == done[-1]
        assert stack.can_undo == (len(done) > 1) and stack.can_redo == bool(undone)
        if stack.is_clean:
            assert done[-1] == saved


def test_a_cleared_count_is_unknown_not_zero_and_stays_so_in_the_file(proj, tmp_path):
    import pandas as pd

    from layers.project import Project

    stack = CommandStack(proj)
    stack.push(SetCells("villages", {(1, "population"): "", (1, "households"): " "}, project=proj))
    assert proj["villages"].loc[1, "population"] is pd.NA and proj["villages"].loc[1, "households"] is pd.NA
    path = proj.save(tmp_path / "p.gpkg")
    again = Project.open(path)
    assert again["villages"].loc[1, "population"] is pd.NA and again.value_problems == []
    stack.undo()
    assert proj["villages"].loc[1, "population"] == 2500
    assert validate_value("posts", "officers", "") == 0  # a post's staff left empty: none, as on import
    assert validate_value("officers", "max_grids", "") == 1  # the column's default
