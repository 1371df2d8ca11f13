"""Patrol grids (警格): redraw them from units and villages, and measure them.

``compute_grids(project, params) -> GridResult`` is pure with respect to the project (the
window runs it in a worker); ``apply_grids(project, result)`` writes the two layers.
"""

from gisdesk.services.grids.plan import GridParams, GridResult, apply_grids, compute_grids

__all__ = ["GridParams", "GridResult", "apply_grids", "compute_grids"]
