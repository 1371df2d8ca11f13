"""Balanced contiguous districting (patrol grids) and editing an existing plan.

- :func:`balanced_partition` / :class:`Partition` -- k contiguous districts within a
  population tolerance, fewest cut edges (CONTRACT.md section 3; method in ``balanced``).
- :func:`rebalance`, :func:`split_district` -- hand editing: move units among unlocked
  districts, split one district into two balanced halves; :class:`EditRun` says how their
  search runs (``edit``).
- Plan measures: :func:`cut_edge_count`, :func:`is_contiguous`, :func:`district_pieces`,
  :func:`district_populations`, :func:`max_relative_deviation` (``graph``).
- Graph and geometry helpers, one argument order (edges first, then the unit count):
  :func:`components`, :func:`neighbour_lists` (``graph``); :func:`voronoi_cells`,
  :func:`polsby_popper` (``geometry``).

Inside: ``checks`` (input validation, impossibility proofs), ``tree_seed`` and ``cut_seed``
(starting plans), ``recom`` (merge-split moves), ``flips`` (single-unit annealing),
``schedule`` (how they alternate), ``result``.
"""

from algorithms.districting.balanced import balanced_partition
from algorithms.districting.edit import EditRun, rebalance, split_district
from algorithms.districting.geometry import polsby_popper, voronoi_cells
from algorithms.districting.graph import (
    components,
    cut_edge_count,
    district_pieces,
    district_populations,
    is_contiguous,
    max_relative_deviation,
    neighbour_lists,
)
from algorithms.districting.result import Partition

__all__ = [
    "EditRun",
    "Partition",
    "balanced_partition",
    "components",
    "cut_edge_count",
    "district_pieces",
    "district_populations",
    "is_contiguous",
    "max_relative_deviation",
    "neighbour_lists",
    "polsby_popper",
    "rebalance",
    "split_district",
    "voronoi_cells",
]
