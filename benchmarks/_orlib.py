"""Reader for the OR-Library uncapacitated p-median instances pmed1..pmed40 (Beasley 1985).

The files list undirected edges ``i j c`` (1-based). Duplicate edge lines occur in every
file and the LAST occurrence wins (that is the rule under which the published optima hold).
The cost matrix is the all-pairs shortest-path distance; every vertex is both a demand
point (weight 1) and a candidate site.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path

PMED_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "pmed"


def read_pmed(path: str | Path) -> tuple[np.ndarray, int]:
    """Return ``(distance matrix n x n, p)`` of one pmed file."""
    tokens = np.array(Path(path).read_text().split(), dtype=np.int64)
    n, m, p = (int(t) for t in tokens[:3])
    edges = tokens[3 : 3 + 3 * m].reshape(m, 3)
    i, j, c = edges[:, 0] - 1, edges[:, 1] - 1, edges[:, 2].astype(float)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    key = lo * n + hi
    # np.unique on the reversed list finds each edge's LAST line in the file.
    _, first_in_reversed = np.unique(key[::-1], return_index=True)
    last = m - 1 - first_in_reversed
    lo, hi, c = lo[last], hi[last], c[last]
    keep = lo != hi
    if np.any(c[keep] <= 0):
        raise ValueError(f"{path}: non-positive edge cost not supported")
    graph = csr_matrix((c[keep], (lo[keep], hi[keep])), shape=(n, n))
    dist = shortest_path(graph, method="D", directed=False)
    return dist, p


def read_optima(path: str | Path | None = None) -> dict[str, float]:
    """``{"pmed1": 5819.0, ...}`` from ``pmedopt.txt``."""
    path = Path(path) if path else PMED_DIR / "pmedopt.txt"
    optima: dict[str, float] = {}
    for line in Path(path).read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2:
            optima[parts[0]] = float(parts[1])
    return optima
