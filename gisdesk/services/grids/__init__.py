"""Patrol grids (警格): redraw them from units and villages, and measure them.

``compute_grids(project, params) -> GridResult`` is pure with respect to the project (the
window runs it in a worker); ``grids_command(result, params)`` is the undoable command that
writes the two layers (push it on a project's command stack).

The names are imported from :mod:`.plan` when first used, so that a worker process that
only partitions communities (:mod:`.balance`) does not load the project's data stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gisdesk.services.grids.plan import GridParams, GridResult, compute_grids, grids_command

__all__ = ["GridParams", "GridResult", "compute_grids", "grids_command"]


def __getattr__(name: str):
    if name in __all__:
        from gisdesk.services.grids import plan

        return getattr(plan, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
