"""Numbers as they are stored, before GDAL reads them.

A GeoPackage edited by another program can hold text or nothing in a numeric column
(SQLite does not enforce column types). GDAL reads such a cell as 0 without a word, and a
village of '很多' people would then be planned as empty. This reads the cells' storage
types straight from SQLite so that those values are reported with their rows.

An empty population or household count is not a problem here: it is the schema's way of
saying "not known" (a nullable column, read as NULL), which the commands handle and
``check`` lists. Text or binary data in such a column is still bad.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from layers.schema import LAYERS
from layers.sql import identifier
from layers.validation import WARNING, Problem, parse_number


def raw_value_problems(path: str | Path, name: str) -> list[Problem]:
    """Cells of layer ``name`` whose stored value is not a number, with 1-based rows.

    Rows are numbered in feature-id order, the order in which the layer is read.
    Column names come from the schema, never from the file.
    """
    numeric = [c for c in LAYERS[name].columns if c.kind in ("int", "float")]
    if not numeric:
        return []
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        table = identifier(name)
        present = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
        code = identifier("code") if "code" in present else "''"
        problems: list[Problem] = []
        for c in numeric:
            if c.name not in present:
                continue
            column = identifier(c.name)
            kinds = "('text', 'blob', 'null')" if c.required and not c.nullable else "('text', 'blob')"
            query = (
                f"SELECT rn, code, value, kind FROM (SELECT ROW_NUMBER() OVER (ORDER BY rowid) AS rn, "
                f"{code} AS code, {column} AS value, typeof({column}) AS kind FROM {table}) WHERE kind IN {kinds}"
            )
            for rn, _code, value, kind in con.execute(query):
                problems.append(_problem(name, c.name, int(rn), value, kind))
        return sorted(problems, key=lambda p: (p.row or 0, p.field or ""))
    finally:
        con.close()


def _problem(layer: str, column: str, row: int, value, kind: str) -> Problem:
    """The problem of one cell; the caller names the row and its code."""
    if kind == "null":
        return Problem("missing_value", layer, row, column, f"{column} is empty (taken as 0)", WARNING)
    if kind == "blob":
        return Problem("wrong_type", layer, row, column, f"{column} holds binary data, not a number")
    try:
        number = parse_number(value)
    except ValueError:
        number = None
    shown = str(value)[:40]
    if number is None:
        return Problem("wrong_type", layer, row, column, f"{column} is {shown!r}, not a number")
    return Problem("wrong_type", layer, row, column, f"{column} is stored as text {shown!r}")
