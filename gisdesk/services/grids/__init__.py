"""Patrol grids (警格): redraw them from units and villages, and measure them.

``compute_grids(project, params) -> GridResult`` is pure with respect to the project (the
window runs it in a worker); ``grids_command(result, params)`` is the undoable command that
writes the two layers (push it on a project's command stack).
"""

from gisdesk.services.grids.plan import GridParams, GridResult, compute_grids, grids_command

__all__ = ["GridParams", "GridResult", "compute_grids", "grids_command"]
