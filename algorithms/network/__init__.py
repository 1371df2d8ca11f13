"""Road networks: noding centre lines, snapping points on, travel-cost matrices, routes.

- :func:`build_network` / :class:`RoadNetwork` -- the routable graph (``roads``).
- :func:`travel_costs`, :func:`straight_costs` -- cost matrices for the location models.
- :func:`route_lines` -- shortest paths as polylines (``paths``).
- :func:`node_lines` -- split polylines where they cross (``noding``).
"""

from algorithms.network.noding import node_lines
from algorithms.network.paths import route_lines
from algorithms.network.roads import (
    CostSearch,
    RoadNetwork,
    build_network,
    straight_costs,
    travel_costs,
)

__all__ = ["CostSearch", "RoadNetwork", "build_network", "node_lines", "route_lines", "straight_costs", "travel_costs"]
