"""The edit command stack: every change a planner makes is one undoable command.

Qt-free, in the spirit of glue's command stack. A command has ``text`` (what the Edit
menu shows), ``do(project)`` and ``undo(project)``, and optionally ``layers`` (the layer
names it touches, so the window redraws just those). :class:`CommandStack` runs commands
on a project and keeps undo/redo history, a clean mark (the state last saved) and
observers called after every change.

Commands here never edit a layer frame in place: they build a new frame and assign it
with ``project[name] = frame``. A reader holding the old frame (an autosave writer in a
worker thread, a map scene) therefore never sees a half-made change.

Generic commands: :class:`SetCells` (validated attribute edits), :class:`AddFeatures`,
:class:`DeleteFeatures`, :class:`MoveFeature` (new geometry) and :class:`ReplaceLayers`
(several layers at once: "accept the siting result", "redraw grids", "import a file").
The grid editor's commands (:mod:`gisdesk.services.grids.editor`) have the same shape and go on
the same stack.

>>> stack = CommandStack(project)
>>> stack.push(SetCells("villages", {(3, "population"): 1200}))
>>> stack.undo(); stack.redo(); stack.set_clean(); stack.is_clean
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd

from layers.errors import InputError
from layers.schema import LAYERS, to_bool
from layers.validation import parse_number

DEFAULT_LAYERS = ("grids", "grid_members")
"""What a command without a ``layers`` attribute is assumed to touch (the grid editor's)."""


class Command(Protocol):
    """What the stack accepts: any object with ``text``, ``do`` and ``undo``."""

    text: str

    def do(self, project) -> None: ...

    def undo(self, project) -> None: ...


def touched_layers(command) -> tuple[str, ...]:
    """The layers a command changes (``command.layers``, else the grid layers)."""
    return tuple(getattr(command, "layers", None) or DEFAULT_LAYERS)


class CommandStack:
    """Undo/redo history over one project, with a clean mark and observers.

    Observers are ``callable(event, command)`` with ``event`` one of ``"do"``, ``"undo"``,
    ``"redo"``, ``"clean"`` or ``"clear"``; they run after the project changed.
    A command whose ``do`` raises is not recorded and leaves the stack unchanged.
    """

    def __init__(self, project, limit: int = 200) -> None:
        self.project = project
        self.limit = limit
        self._done: list = []
        self._undone: list = []
        self._clean: int | None = 0
        self._dropped = 0
        self._observers: list[Callable[[str, object], None]] = []

    # ------------------------------------------------------------------ observers
    def subscribe(self, observer: Callable[[str, object], None]) -> None:
        self._observers.append(observer)

    def _notify(self, event: str, command) -> None:
        for obs in list(self._observers):
            obs(event, command)

    # ------------------------------------------------------------------ history
    def push(self, command) -> None:
        """Do ``command`` and record it (drops the redo history)."""
        command.do(self.project)
        self._mark(command)
        self._done.append(command)
        if self._clean is not None and self._clean > self._position() - 1 and self._undone:
            self._clean = None  # the saved state lay in the discarded redo history
        self._undone.clear()
        if len(self._done) > self.limit:
            self._done.pop(0)
            self._dropped += 1
        self._notify("do", command)

    def undo(self) -> None:
        self._step(self._done, self._undone, "undo")

    def redo(self) -> None:
        self._step(self._undone, self._done, "redo")

    def _step(self, source: list, target: list, kind: str) -> None:
        """Undo (``kind`` "undo": the last done command onto the redo history) or redo (back)."""
        if not source:
            return
        command = source.pop()
        (command.undo if kind == "undo" else command.do)(self.project)
        target.append(command)
        self._mark(command)
        self._notify(kind, command)

    def _mark(self, command) -> None:
        for name in touched_layers(command):
            if name in LAYERS:
                self.project.mark_dirty(name)

    def _position(self) -> int:
        return self._dropped + len(self._done)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    def __len__(self) -> int:
        return len(self._done) + len(self._undone)

    # ------------------------------------------------------------------ clean state
    @property
    def is_clean(self) -> bool:
        """True when the project is as last saved (or opened) through this stack."""
        return self._clean == self._position()

    @property
    def revision(self) -> int:
        """A number that changes with every do/undo/redo (the position in the history)."""
        return self._position()

    def set_clean(self, revision: int | None = None) -> None:
        """Mark the current state (or the state at ``revision``, e.g. when a background
        save started) as the saved one."""
        self._clean = self._position() if revision is None else revision
        self._notify("clean", None)

    def set_modified(self) -> None:
        """Mark the current state as unsaved (e.g. recovered from an autosave)."""
        self._clean = None
        self._notify("clean", None)

    def clear(self, project=None) -> None:
        """Forget the history (a new project was opened); the new state is clean."""
        if project is not None:
            self.project = project
        self._done.clear()
        self._undone.clear()
        self._dropped = 0
        self._clean = 0
        self._notify("clear", None)


# ---------------------------------------------------------------------- validation
def validate_value(layer: str, column: str, value, frame: pd.DataFrame | None = None, row: int | None = None):
    """``value`` (text from a table cell, or a Python value) converted for ``layer.column``.

    Raises :class:`InputError` naming the column and what is wrong: a number that is not
    one, a negative count, a value outside the column's choices, a duplicate code. An empty
    population or household count is ``pd.NA`` (not known), not 0.
    """
    schema = LAYERS[layer]
    col = schema.column(column)
    where: dict[str, Any] = {"layer": layer, "field": column, "row": None if row is None else row + 1}
    text = "" if value is None else str(value).strip()
    if col.kind == "str":
        if col.choices:
            if text not in col.choices:
                raise InputError("bad_choice", f"{column}: {text!r} is not one of {', '.join(col.choices)}", **where)
        elif col.required and not text:
            raise InputError("missing_value", f"{column} may not be empty", **where)
        if col.unique and frame is not None and text:
            others = frame[column].drop(frame.index[row]) if row is not None else frame[column]
            if (others == text).any():
                raise InputError("duplicate_code", f"{column} {text!r} is already used", **where)
        return text
    if col.kind == "bool":
        try:
            return to_bool(value)
        except ValueError as exc:
            raise InputError("wrong_type", f"{column}: {text!r} is not yes or no", **where) from exc
    try:
        number = parse_number(value) if text else None
    except ValueError:
        number = None
    if number is None:
        if not text and col.nullable:
            return pd.NA  # a count cleared in the table is not known: NULL, never 0
        if not text and not col.required:
            if col.kind == "float":
                return float("nan")
            return 0 if col.default is None else col.default  # as on import (posts' officers: 0)
        raise InputError("wrong_type", f"{column}: {text!r} is not a number", **where)
    if col.nonnegative and number < 0:
        raise InputError("negative_value", f"{column} may not be negative", **where)
    if col.kind == "int":
        if number != int(number):
            raise InputError("wrong_type", f"{column}: {text!r} is not a whole number", **where)
        return int(number)
    return float(number)


# ---------------------------------------------------------------------- commands
@dataclass
class SetCells:
    """Set attribute values ``{(row, column): value}`` of one layer (validated on creation)."""

    layer: str
    values: Mapping[tuple[int, str], object]
    text: str = "Edit attributes"
    project: Any = None
    _old: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        frame = self.project[self.layer] if self.project is not None else None
        self.values = {
            (int(r), c): validate_value(self.layer, c, v, frame, int(r)) for (r, c), v in self.values.items()
        }
        self.project = None  # validation only; the stack passes the project to do/undo

    @property
    def layers(self) -> tuple[str, ...]:
        return (self.layer,)

    def do(self, project) -> None:
        frame = project[self.layer].copy()
        self._old = {}
        for (r, c), v in self.values.items():
            pos = frame.columns.get_loc(c)
            self._old[(r, c)] = frame.iat[r, pos]
            frame.iat[r, pos] = v
        _put(project, self.layer, frame)

    def undo(self, project) -> None:
        frame = project[self.layer].copy()
        for (r, c), v in self._old.items():
            frame.iat[r, frame.columns.get_loc(c)] = v
        _put(project, self.layer, frame)


@dataclass
class AddFeatures:
    """Append rows (a frame of the layer's schema, EPSG:4490) to a layer."""

    layer: str
    rows: pd.DataFrame
    text: str = "Add features"
    _count: int = 0

    @property
    def layers(self) -> tuple[str, ...]:
        return (self.layer,)

    def do(self, project) -> None:
        current = project[self.layer]
        self._count = len(current)
        project[self.layer] = _concat(current, self.rows)

    def undo(self, project) -> None:
        _put(project, self.layer, project[self.layer].iloc[: self._count])


@dataclass
class DeleteFeatures:
    """Delete rows (positional row numbers) of a layer; undo puts them back in place."""

    layer: str
    rows: Iterable[int]
    text: str = "Delete features"
    _before: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        self.rows = sorted({int(r) for r in self.rows})

    @property
    def layers(self) -> tuple[str, ...]:
        return (self.layer,)

    def do(self, project) -> None:
        frame = project[self.layer]
        self._before = frame
        gone = set(self.rows)
        keep = [i for i in range(len(frame)) if i not in gone]
        _put(project, self.layer, frame.iloc[keep].reset_index(drop=True))

    def undo(self, project) -> None:
        _put(project, self.layer, self._before)


@dataclass
class MoveFeature:
    """Give one feature a new geometry (a shapely geometry in EPSG:4490)."""

    layer: str
    row: int
    geometry: object
    text: str = "Move feature"
    _old: object = None

    @property
    def layers(self) -> tuple[str, ...]:
        return (self.layer,)

    def do(self, project) -> None:
        frame = project[self.layer].copy()
        pos = frame.columns.get_loc(frame.geometry.name)
        self._old = frame.iat[self.row, pos]
        frame.iat[self.row, pos] = self.geometry
        _put(project, self.layer, frame)

    def undo(self, project) -> None:
        frame = project[self.layer].copy()
        frame.iat[self.row, frame.columns.get_loc(frame.geometry.name)] = self._old
        _put(project, self.layer, frame)


@dataclass
class ReplaceLayers:
    """Replace several layers at once, e.g. accepting a siting result: one undo step.

    ``metadata`` entries are set too (and restored on undo): the parameters of a job.
    """

    frames: Mapping[str, pd.DataFrame]
    text: str = "Replace layers"
    metadata: Mapping[str, str] = field(default_factory=dict)
    _old: dict = field(default_factory=dict)
    _old_meta: dict = field(default_factory=dict)

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(self.frames)

    def do(self, project) -> None:
        self._old = {name: project[name] for name in self.frames}
        self._old_meta = {k: project.metadata.get(k) for k in self.metadata}
        for name, frame in self.frames.items():
            project[name] = frame
        project.metadata.update(self.metadata)

    def undo(self, project) -> None:
        for name, frame in self._old.items():
            _put(project, name, frame)
        for k, v in self._old_meta.items():
            if v is None:
                project.metadata.pop(k, None)
            else:
                project.metadata[k] = v


def _put(project, name: str, frame: pd.DataFrame) -> None:
    """Put back a frame that already has the layer's schema (an edited copy of the layer,
    or the layer as it was), without the full conversion of ``project[name] = frame``:
    an edit on a city's 50,000 villages stays instant."""
    project.layers[name] = frame
    project.mark_dirty(name)


def _concat(current: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    if not len(current):
        return rows
    out = pd.concat([current, rows], ignore_index=True)
    if isinstance(current, gpd.GeoDataFrame):
        out = gpd.GeoDataFrame(out, geometry=current.geometry.name, crs=current.crs)
    return out


def next_code(frame: pd.DataFrame, prefix: str) -> str:
    """A code ``prefix`` + number not used in ``frame['code']`` (new features get one)."""
    used = set(frame["code"].astype(str)) if "code" in frame.columns else set()
    k = len(used) + 1
    while f"{prefix}{k}" in used:
        k += 1
    return f"{prefix}{k}"


__all__ = [
    "AddFeatures",
    "Command",
    "CommandStack",
    "DeleteFeatures",
    "MoveFeature",
    "ReplaceLayers",
    "SetCells",
    "next_code",
    "touched_layers",
    "validate_value",
]
