"""Split and rebalance for hand editing: the algorithms compute, the editor applies.

Both work on one community (grids never cross a community boundary) and return a
``{unit: grid}`` change set for :meth:`gisdesk.services.grids.editor.GridEditor.assign`, so the
result is one undoable command.
"""

from __future__ import annotations

import numpy as np

from algorithms.districting import EditRun, rebalance, split_district
from gisdesk.services.grids.editor import GridEditor
from layers.errors import InputError


def _community_view(editor: GridEditor, grid: str):
    members = editor.members_of(grid)
    if len(members) == 0:
        raise InputError("empty_grid", f"grid {grid} has no units", layer="grids")
    community = editor.community[editor.index[members[0]]]
    idx = np.flatnonzero((editor.community == community) & (editor.assignment != ""))
    local = {int(i): k for k, i in enumerate(idx)}
    edges = np.array(
        [(local[a], local[b]) for a, b in editor.edges if int(a) in local and int(b) in local], dtype=np.int64
    ).reshape(-1, 2)
    codes = sorted({editor.assignment[i] for i in idx})
    number = {c: k for k, c in enumerate(codes)}
    labels = np.array([number[editor.assignment[i]] for i in idx], dtype=np.int64)
    return idx, edges, codes, number, labels


def split_changes(editor: GridEditor, grid: str, tolerance: float = 0.05, seed: int = 1) -> dict[str, str]:
    """Cut ``grid`` into two balanced contiguous halves; the second half gets a new code."""
    if grid in editor.locked:
        raise InputError("locked", f"grid {grid} is locked", layer="grids")
    idx, edges, codes, number, labels = _community_view(editor, grid)
    try:
        part = split_district(edges, editor.population[idx], labels, number[grid], tolerance, run=EditRun(seed))
    except ValueError as exc:
        raise InputError("cannot_split", f"grid {grid}: {exc}", layer="grids") from exc
    new_code = editor.new_code(grid)
    new_label = len(codes)
    out = np.asarray(part.labels)
    return {editor.codes[idx[k]]: new_code for k in np.flatnonzero(out == new_label)}


def rebalance_changes(editor: GridEditor, grid: str, tolerance: float = 0.05, seed: int = 1) -> dict[str, str]:
    """Move units among ``grid`` and its unlocked neighbours to even out their populations."""
    idx, edges, codes, number, labels = _community_view(editor, grid)
    movable = [g for g in [grid, *editor.neighbours_of(grid)] if g not in editor.locked]
    if len(movable) < 2:
        raise InputError("nothing_to_rebalance", f"grid {grid} has no unlocked neighbour", layer="grids")
    part = rebalance(edges, editor.population[idx], labels, [number[g] for g in movable], tolerance,
                     run=EditRun(seed))
    out = np.asarray(part.labels)
    return {
        editor.codes[idx[k]]: codes[out[k]] for k in range(len(idx)) if out[k] != labels[k]
    }
