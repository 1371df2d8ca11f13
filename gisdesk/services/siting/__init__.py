"""Siting police offices and workstations over the road network, and evaluating a new post.

``propose_sites(project, SitingParams(...)) -> SitingResult`` computes (Qt-free, with
progress and cancel, safe in a worker thread); ``siting_command(result)`` is the one
undoable command that writes the plan layers. ``evaluate_point(project, lon, lat)``
answers "what if an office stood here". A :class:`SitingContext` caches the road network and distances between calls;
:mod:`.context_store` keeps it on disk (per user) for the ``evaluate`` command and the
what-if panel, and :mod:`.routes` draws the village -> office lines along the roads.
"""

from gisdesk.services.siting.costs import SitingContext
from gisdesk.services.siting.evaluate import evaluate_point
from gisdesk.services.siting.plan import propose_sites, siting_command
from gisdesk.services.siting.results import (
    EvaluationResult,
    SitingException,
    SitingParams,
    SitingResult,
)

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
