"""Numbers as they are stored, before GDAL reads them.

A GeoPackage edited by another program can hold text or nothing in a numeric column
(SQLite does not enforce column types). GDAL reads such a cell as 0 without a word, and a
village of '很多' people would then be planned as empty. This reads the cells' storage
types straight from SQLite so that those values are reported with their rows, and says
what each such cell means (:class:`StoredCell`): a number kept as text (``'1,234'``) is that
number, and text that is no number, or binary data, is unknown (NULL) where the column
can say so; only a required count that cannot be unknown stays 0, said in its message.
Saving the project then writes what the cell means, never a silent 0.

An empty population or household count is not a problem here: it is the schema's way of
saying "not known" (a nullable column, read as NULL), which the commands handle and
``check`` lists. Text or binary data in such a column is still bad.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from layers.schema import LAYERS, Column
from layers.sql import identifier
from layers.validation import WARNING, Problem, parse_number


@dataclass(frozen=True)
class StoredCell:
    """What a badly stored cell means: its 1-based ``row`` and ``column``, and ``value``,
    the number it holds (kept as text) or None when unknown (the read layer gets NULL)."""

    row: int
    column: str
    value: float | None


def raw_value_problems(path: str | Path, name: str) -> list[Problem]:
    """Cells of layer ``name`` whose stored value is not a number, with 1-based rows."""
    return stored_cells(path, name)[0]


def stored_cells(path: str | Path, name: str) -> tuple[list[Problem], list[StoredCell]]:
    """The problems of layer ``name``'s numeric cells (text, binary data, or nothing where a
    count is required), with 1-based rows, and what each text or binary cell means.

    Rows are numbered in feature-id order, the order in which the layer is read.
    Column names come from the schema, never from the file.
    """
    numeric = [c for c in LAYERS[name].columns if c.kind in ("int", "float")]
    if not numeric:
        return [], []
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        table = identifier(name)
        present = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
        code = identifier("code") if "code" in present else "''"
        problems: list[Problem] = []
        cells: list[StoredCell] = []
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
                problem, meaning = _problem(name, c, int(rn), value, kind)
                problems.append(problem)
                if kind != "null":
                    cells.append(StoredCell(int(rn), c.name, meaning))
        return sorted(problems, key=lambda p: (p.row or 0, p.field or "")), cells
    finally:
        con.close()


def apply_stored(frame: pd.DataFrame, name: str, cells: list[StoredCell]) -> pd.DataFrame:
    """``frame`` (layer ``name`` as read) with each cell set to what it means."""
    if not cells:
        return frame
    out = frame.copy()
    schema = {c.name: c for c in LAYERS[name].columns}
    for cell in cells:
        if not 0 < cell.row <= len(out):
            continue
        c = schema[cell.column]
        value = cell.value
        if value is None:
            value = pd.NA if c.nullable else float("nan") if c.kind == "float" else _zero(c)
        elif c.kind == "int":
            value = int(round(value))
        out.loc[out.index[cell.row - 1], cell.column] = value
    return out


def _unknown_allowed(c: Column) -> bool:
    return c.nullable or c.kind == "float"


def _zero(c: Column):
    return 0 if c.default is None else c.default


def _problem(layer: str, c: Column, row: int, value, kind: str) -> tuple[Problem, float | None]:
    """The problem of one cell and what the cell means; the caller names the row and its code."""
    label = c.name
    if kind == "null":
        return Problem("missing_value", layer, row, label, f"{label} is empty (taken as 0)", WARNING), None
    reading = "read as unknown" if _unknown_allowed(c) else f"read as {_zero(c)}"
    if kind == "blob":
        return Problem("wrong_type", layer, row, label, f"{label} holds binary data, not a number ({reading})"), None
    try:
        number = parse_number(value)
    except ValueError:
        number = None
    if number is not None and not math.isfinite(number):
        number = None
    shown = str(value)[:40]
    if number is None:
        return Problem("wrong_type", layer, row, label, f"{label} is {shown!r}, not a number ({reading})"), None
    if c.kind == "int":
        number = float(round(number))
    return Problem("wrong_type", layer, row, label,
                   f"{label} is stored as text {shown!r} (read as {_number(number)})", WARNING), number


def _number(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"
