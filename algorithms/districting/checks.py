"""Input validation for districting and proofs that a request is impossible.

Each check raises ``ValueError`` with a sentence naming the unit, district or part of the
graph at fault, so the service layer can show it to the planner.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.sparse.csgraph import connected_components

from algorithms.districting.graph import adjacency_matrix
from algorithms.districting.tree_seed import allocate_components


def fmt_number(x: float) -> str:
    """A population for a message: integral values without decimals."""
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.2f}"


def population_array(population: object) -> np.ndarray:
    """Populations as a float array; negative or non-finite values are refused."""
    pop = np.asarray(population, dtype=float).ravel()
    bad = ~np.isfinite(pop) | (pop < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"unit {i} has population {pop[i]}; populations must be finite and >= 0")
    return pop


def fixed_label_array(fixed: Mapping[int, int] | None, n: int, k: int) -> np.ndarray:
    """``fixed`` as an array: the fixed district per unit, -1 where free."""
    out = np.full(n, -1, dtype=np.int64)
    for unit, d in (fixed or {}).items():
        u, dd = int(unit), int(d)
        if not 0 <= u < n:
            raise ValueError(f"fixed unit {u} is outside the units 0..{n - 1}")
        if not 0 <= dd < k:
            raise ValueError(f"fixed unit {u} has district {dd}, outside the districts 0..{k - 1}")
        out[u] = dd
    return out


def allocate_pieces(
    pop: np.ndarray, comp: np.ndarray, count: int, k: int, lo: float, hi: float,
    fixed_labels: np.ndarray,
) -> list[tuple[np.ndarray, int]]:
    """Connected components with the number of districts each must hold.

    Raises ``ValueError`` when the components cannot be fitted with ``k`` districts within
    the bounds, or a fixed district's units lie in different components.
    """
    groups = [np.flatnonzero(comp == c) for c in range(count)]
    if count > k:
        raise ValueError(
            f"the units form {count} separate connected parts, more than the {k} districts "
            "(a district must be contiguous)"
        )
    need = []
    owner: dict[int, int] = {}
    for c, nodes in enumerate(groups):
        labels = np.unique(fixed_labels[nodes][fixed_labels[nodes] >= 0])
        for d in labels.tolist():
            if d in owner:
                raise ValueError(
                    f"district {d} has fixed units in separate connected parts of the graph"
                )
            owner[d] = c
        need.append(len(labels))
    pops = [float(pop[nodes].sum()) for nodes in groups]
    if count == 1:
        return [(groups[0], k)]
    alloc = allocate_components(pops, [len(g) for g in groups], need, k, lo, hi)
    if alloc is None:
        shown = ", ".join(fmt_number(p) for p in pops[:8]) + (", ..." if count > 8 else "")
        raise ValueError(
            f"the units form {count} separate connected parts with populations {shown}; they "
            f"cannot each hold a whole number of the {k} districts of "
            f"{fmt_number(lo)}-{fmt_number(hi)}"
        )
    return list(zip(groups, alloc, strict=True))


def check_fixed_joinable(edges: np.ndarray, n: int, fixed_labels: np.ndarray) -> None:
    """Each fixed district's units must be joinable without crossing other fixed districts."""
    for d in np.unique(fixed_labels[fixed_labels >= 0]).tolist():
        units = np.flatnonzero(fixed_labels == d)
        if len(units) < 2:
            continue
        allowed = (fixed_labels < 0) | (fixed_labels == d)
        keep = allowed[edges[:, 0]] & allowed[edges[:, 1]] if len(edges) else np.zeros(0, bool)
        _, comp = connected_components(adjacency_matrix(edges[keep], n), directed=False)
        if len(np.unique(comp[units])) > 1:
            raise ValueError(
                f"the fixed units of district {d} cannot be joined into one contiguous "
                "district without crossing units fixed to other districts"
            )
