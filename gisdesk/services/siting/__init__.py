"""Siting police offices and workstations over the road network, and evaluating a new post.

``propose_sites(project, SitingParams(...)) -> SitingResult`` computes (Qt-free, with
progress and cancel, safe in a worker thread); ``siting_command(result)`` is the one
undoable command that writes the plan layers. ``evaluate_point(project, lon, lat)``
answers "what if an office stood here". A :class:`SitingContext` caches the road network and distances between calls;
:mod:`.context_store` keeps it on disk (per user) for the ``evaluate`` command and the
what-if panel, and :mod:`.routes` draws the village -> office lines along the roads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gisdesk.services.siting.costs import SitingContext
    from gisdesk.services.siting.evaluate import evaluate_point
    from gisdesk.services.siting.plan import propose_sites, siting_command
    from gisdesk.services.siting.results import (
        EvaluationResult,
        SitingException,
        SitingParams,
        SitingResult,
    )

_HOMES = {
    "SitingContext": "costs",
    "evaluate_point": "evaluate",
    "propose_sites": "plan",
    "siting_command": "plan",
    "EvaluationResult": "results",
    "SitingException": "results",
    "SitingParams": "results",
    "SitingResult": "results",
}


def __getattr__(name: str):
    """The package's names, imported on first use (PEP 562): a worker process that imports
    one of its modules to solve a station does not load the project's data stack."""
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EvaluationResult",
    "SitingContext",
    "SitingException",
    "SitingParams",
    "SitingResult",
    "evaluate_point",
    "propose_sites",
    "siting_command",
]
