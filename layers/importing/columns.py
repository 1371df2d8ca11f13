"""Turning a source's columns into a layer's columns: filters, spellings, codes, types.

Values stay as the user wrote them where they cannot be read (``"about 800"``), so
validation can quote them; :func:`finish` converts checked rows to the schema's types.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.importing import fields as F
from layers.importing.source import Source
from layers.schema import LAYERS, coerce, to_bool
from layers.validation import is_blank, parse_number


def apply_where(source: Source, where: list[str]) -> tuple[Source, int]:
    """Keep rows whose column equals one of the given values (``COLUMN=V1,V2``)."""
    if not where:
        return source, 0
    keep = np.ones(len(source.table), dtype=bool)
    for spec in where:
        col_spec, sep, values = str(spec).partition("=")
        if not sep or not col_spec.strip():
            raise InputError("bad_option", f"--where: expected COLUMN=VALUE, got {spec!r}")
        col = F.resolve_source(col_spec.strip(), source.columns, "--where")
        wanted = {F.norm(v) for v in values.replace("，", ",").split(",")}
        cells = source.table[col].map(lambda v: F.norm(text_of(v) or ""))
        keep &= cells.isin(wanted).to_numpy()
    return source.take(keep), int((~keep).sum())


def text_of(v) -> str | None:
    """A cell as text (``4114.0`` from a spreadsheet becomes ``"4114"``); None when empty."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = str(v).strip()
    return text or None


def _column_values(layer: str, target: str, raw: list, from_ur_code: bool) -> list:
    column = LAYERS[layer].column(target)
    out: list[object] = []
    for v in raw:
        if is_blank(v):
            out.append(None)
            continue
        if column.kind == "str":
            text = text_of(v)
            if column.choices and text is not None:
                if target == "area_type":
                    ur = F.area_type_from_ur_code(text)
                    if ur is not None:
                        out.append(ur)
                        continue
                    if from_ur_code:
                        out.append(text)
                        continue
                text = F.choice_value(target, text, column.choices)
            out.append(text)
        elif column.kind in ("int", "float"):
            try:
                out.append(parse_number(v))
            except ValueError:
                out.append(v)  # validation reports it with the original spelling
        else:
            out.append(v)
    return out


def _adcode_area_types(source: Source, values: list) -> tuple[list, int]:
    """For adcode rows without a class code: 街道 (sub-district) urban, 乡/镇 rural."""
    if source.layout != "adcode" or "name" not in source.table.columns:
        return values, 0
    inferred = 0
    out = list(values)
    levels = source.table["level"].tolist() if "level" in source.table.columns else [None] * len(out)
    for i, (v, name, level) in enumerate(zip(out, source.table["name"].tolist(), levels, strict=True)):
        if v is None and level == "town" and isinstance(name, str):
            out[i] = "urban" if name.endswith(("街道", "街道办事处", "办事处")) else "rural"
            inferred += 1
    return out, inferred


def build_frame(layer: str, source: Source, mapping: F.Mapping, values: dict[str, str]):
    """The layer's columns from the source (raw values, mapped spellings): (frame, labels, notes)."""
    schema = LAYERS[layer]
    data: dict[str, list] = {}
    labels: dict[str, str] = {}
    notes: list[str] = []
    n = len(source.table)
    for column in schema.columns:
        t = column.name
        if t in values:
            data[t] = _column_values(layer, t, [values[t]] * n, False)
            labels[t] = f"--set {t}"
            continue
        src = mapping.source_of(t)
        if src is None:
            continue
        from_ur = t == "area_type" and "area_type" not in mapping.columns
        data[t] = _column_values(layer, t, source.table[src].tolist(), from_ur)
        labels[t] = src
        if t == "area_type":
            data[t], inferred = _adcode_area_types(source, data[t])
            if inferred:
                notes.append(f"area_type of {inferred} township rows taken from their names (街道 urban, 乡/镇 rural)")
    frame = pd.DataFrame(data, index=range(n), dtype=object)
    return frame, labels, notes


def codes_for_names(layer: str, frame: pd.DataFrame, project) -> list[str]:
    """Station and village columns hold codes; planners' lists often hold names instead.

    A value that is not a known code but is the name of exactly one station (posts of
    tier station, station boundaries) or village of the project is replaced by its code.
    """
    if layer == "officers":
        from layers.importing.roster import resolve_references

        return resolve_references(frame, project)
    if project is None:
        return []
    lookups: dict[str, list[tuple[pd.DataFrame, str, str]]] = {
        "station": [(project["posts"], "tier", "station"), (project["boundaries"], "level", "station")],
        "village": [(project["villages"], "", "")],
    }
    notes = []
    for column, sources in lookups.items():
        if column not in frame.columns or column not in LAYERS[layer].column_names:
            continue
        codes: set[str] = set()
        by_name: dict[str, set[str]] = {}
        for table, kind_col, kind in sources:
            if table is None or len(table) == 0 or "code" not in table.columns or "name" not in table.columns:
                continue
            rows = table[table[kind_col] == kind] if kind_col else table
            for code, name in zip(rows["code"].astype(str), rows["name"].astype(str), strict=True):
                codes.add(code)
                by_name.setdefault(name, set()).add(code)
        if not by_name:
            continue
        changed = 0
        values = frame[column].tolist()
        for i, v in enumerate(values):
            if isinstance(v, str) and v not in codes and len(by_name.get(v, ())) == 1:
                values[i] = next(iter(by_name[v]))
                changed += 1
        if changed:
            frame[column] = values
            notes.append(f"{changed} {column} names replaced by their codes")
    return notes


def finish(layer: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Checked rows as the layer's typed columns (raw spellings converted)."""
    schema = LAYERS[layer]
    out = frame.copy()
    for c in schema.columns:
        if c.name not in out.columns:
            continue
        values = out[c.name].tolist()
        if c.kind == "int" and c.nullable:
            numbers = [parse_number(v) for v in values]
            out[c.name] = pd.array([None if n is None else int(round(n)) for n in numbers], dtype="Int64")
        elif c.kind == "int":
            empty = 0 if c.default is None else c.default
            out[c.name] = [empty if parse_number(v) is None else int(round(parse_number(v) or 0)) for v in values]
        elif c.kind == "float":
            out[c.name] = [np.nan if parse_number(v) is None else parse_number(v) for v in values]
        elif c.kind == "bool":
            out[c.name] = [bool(c.default) if c.default is not None and is_blank(v) else to_bool(v) for v in values]
        else:
            out[c.name] = ["" if is_blank(v) else (text_of(v) or "") for v in values]
    return coerce(layer, out.reset_index(drop=True))

