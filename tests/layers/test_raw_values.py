"""Numbers stored as text or left empty by another program are found with their rows,
instead of being read as 0 without a word, and read as what they mean: the number kept as
text, or unknown (NULL); saving writes that, never a silent 0."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from layers.project import Project
from layers.raw_values import StoredCell, apply_stored, raw_value_problems
from tests.layers.test_project import sample_project


def _edit(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    try:
        # the GeoPackage R-tree triggers call these SpatiaLite functions
        con.create_function("ST_IsEmpty", 1, lambda g: 1 if g is None else 0)
        for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            con.create_function(name, 1, lambda g: 0.0)
        con.execute(sql)
        con.commit()
    finally:
        con.close()


@pytest.fixture
def saved(tmp_path) -> Path:
    return sample_project().save(tmp_path / "p.gpkg")


def test_a_clean_project_has_no_stored_value_problems(saved):
    assert Project.open(saved).value_problems == []


def test_text_in_a_number_column_is_an_error_naming_row_and_value(saved):
    _edit(saved, "UPDATE villages SET population='很多' WHERE code='411426100202'")
    proj = Project.open(saved)
    [p] = proj.value_problems
    assert (p.code, p.layer, p.row, p.field, p.severity) == ("wrong_type", "villages", 2, "population", "error")
    assert "很多" in p.message and "read as unknown" in p.message
    assert proj["villages"]["population"].tolist()[0] == 1200
    assert proj["villages"]["population"].iloc[1] is pd.NA  # unknown, not GDAL's 0


def test_a_number_kept_as_text_is_read_as_that_number(saved):
    _edit(saved, "UPDATE villages SET population='1,234' WHERE code='411426100202'")
    proj = Project.open(saved)
    [p] = proj.value_problems
    assert (p.code, p.field, p.severity) == ("wrong_type", "population", "warning")
    assert "stored as text '1,234' (read as 1234)" in p.message
    assert proj["villages"]["population"].tolist() == [1200, 1234]


def test_a_distance_is_read_as_unknown_and_a_required_count_as_0(saved):
    """Text in a float column is NaN (unknown); a count that cannot be unknown stays 0."""
    _edit(saved, "UPDATE roads SET speed_kmh='快'")
    proj = Project.open(saved)
    [p] = proj.value_problems
    assert p.field == "speed_kmh" and "read as unknown" in p.message
    assert proj["roads"]["speed_kmh"].isna().all()
    frame = pd.DataFrame({"code": ["g1"], "officers_required": [5]})
    assert apply_stored(frame, "grids", [StoredCell(1, "officers_required", None)])["officers_required"].tolist() == [0]


def test_an_empty_count_is_unknown_not_a_problem(saved):
    """NULL is how a project says a count is not known: read as NULL, never as 0."""
    _edit(saved, "UPDATE villages SET population=NULL, households=NULL WHERE code='411426100201'")
    proj = Project.open(saved)
    assert proj.value_problems == []
    row = proj["villages"].set_index("code").loc["411426100201"]
    assert row["population"] is pd.NA and row["households"] is pd.NA


def test_a_count_stored_as_text_is_still_an_error(saved):
    _edit(saved, "UPDATE villages SET households='约1200' WHERE code='411426100201'")
    [p] = Project.open(saved).value_problems
    assert (p.field, p.severity) == ("households", "error") and "约1200" in p.message


def test_binary_data_and_optional_columns(saved):
    _edit(saved, "UPDATE villages SET households=X'00FF' WHERE code='411426100201'")
    _edit(saved, "UPDATE roads SET speed_kmh=NULL")  # optional: empty is fine
    [p] = Project.open(saved).value_problems
    assert p.field == "households" and "binary" in p.message


def test_rows_follow_the_order_the_layer_is_read_in(saved):
    _edit(saved, "UPDATE villages SET population='?' ")
    rows = [p.row for p in raw_value_problems(saved, "villages")]
    codes = Project.open(saved)["villages"]["code"].tolist()
    assert rows == [1, 2] and codes == ["411426100201", "411426100202"]


def test_saving_an_edited_layer_writes_what_the_cells_mean_never_0(saved):
    """The window's save writes every layer the user touched: a count it could not read is
    saved as unknown and a number kept as text as that number, not as GDAL's 0."""
    _edit(saved, "UPDATE villages SET population='很多', households='1,234' WHERE code='411426100202'")
    proj = Project.open(saved)
    villages = proj["villages"].copy()
    villages.loc[0, "name"] = "改名村"
    proj["villages"] = villages
    proj.save()
    again = Project.open(saved)
    assert again.value_problems == []
    row = again["villages"].set_index("code").loc["411426100202"]
    assert row["population"] is pd.NA and row["households"] == 1234


def test_saving_a_layer_the_user_did_not_touch_keeps_its_stored_value(saved):
    _edit(saved, "UPDATE villages SET population='很多' WHERE code='411426100202'")
    proj = Project.open(saved)
    proj["roads"] = proj["roads"]
    proj.save()
    assert [p.field for p in Project.open(saved).value_problems] == ["population"]
