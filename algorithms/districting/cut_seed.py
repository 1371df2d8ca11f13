"""Low-cut starting plans: recursive bipartition choosing the fewest cut edges.

The plain spanning-tree seed (``partition_seed``) cuts the most even edge of one random
tree, which gives a balanced but ragged plan; with coarse units at a tight tolerance the
later search mostly stays in the basin its seed fell into. Here every split draws
several random spanning trees of the piece, scores every tree edge whose two sides can
hold their districts within the bounds by the number of graph edges it would cut, and
takes one of the best few (chosen at random, so restarts differ). The plan that comes out
is already close to a local optimum, and restarts sample different low-cut basins.

Only used without fixed units (those are handled by ``partition_seed``); returns
``None`` when some piece has no admissible split in the drawn trees.
"""

from __future__ import annotations

import numpy as np

from algorithms.districting.recom import induced_edges, random_spanning_tree, subtree_sums
from algorithms.progress import CancelToken, check


def _split_candidates(
    nodes: np.ndarray,
    nbrs: list[list[int]],
    pop: np.ndarray,
    j: int,
    lo: float,
    hi: float,
    rng: np.random.Generator,
    trees: int,
) -> list[tuple[int, np.ndarray, int]]:
    """Admissible splits of ``nodes`` (holding ``j`` districts) over ``trees`` random
    spanning trees: ``(cut edges, inside local indices, districts inside)`` each."""
    n = len(nodes)
    rows, cols = induced_edges(nodes, nbrs)
    r, c = np.asarray(rows), np.asarray(cols)
    sub_pop = pop[nodes]
    pop_list = sub_pop.tolist()
    total = float(sub_pop.sum())
    options = sorted({(j // 2, j - j // 2), (j - j // 2, j // 2)})
    out: list[tuple[int, np.ndarray, int]] = []
    for _ in range(trees):
        tree = random_spanning_tree(n, rows, cols, rng.permutation(len(rows)).tolist())
        if tree is None:
            return []
        order, cand, sz, sp, pos = subtree_sums(tree, pop_list, int(rng.integers(n)))
        for ja, jb in options:
            ok = (sp >= ja * lo) & (sp <= ja * hi) & (total - sp >= jb * lo) & (total - sp <= jb * hi)
            ok &= (sz >= ja) & (n - sz >= jb)
            if not ok.any():
                continue
            sel = cand[ok]
            start = pos[sel]
            end = start + sz[ok]
            pr, pc = pos[r], pos[c]
            in_r = (pr[None, :] >= start[:, None]) & (pr[None, :] < end[:, None])
            in_c = (pc[None, :] >= start[:, None]) & (pc[None, :] < end[:, None])
            cross = np.count_nonzero(in_r != in_c, axis=1)
            for i in np.argsort(cross, kind="stable")[:3].tolist():
                out.append((int(cross[i]), order[start[i] : end[i]], ja))
    return out


def cut_seed(
    nbrs: list[list[int]],
    pop: np.ndarray,
    pieces: list[tuple[np.ndarray, int]],
    k: int,
    lo: float,
    hi: float,
    rng: np.random.Generator,
    *,
    trees: int = 24,
    choose_among: int = 3,
    retries: int = 3,
    cancel: CancelToken | None = None,
) -> np.ndarray | None:
    """A balanced contiguous plan built by low-cut recursive bipartition, or ``None``.

    Each split takes one of the ``choose_among`` lowest-cut admissible tree edges found in
    ``trees`` random spanning trees; when a side then cannot be split in turn, up to
    ``retries`` other candidates of the same split are tried (a little backtracking:
    at tight tolerances the last split of two districts is often the hard one).
    """
    labels = np.full(len(pop), -1, dtype=np.int64)
    leaves: list[np.ndarray] = []

    def build(nodes: np.ndarray, j: int) -> bool:
        check(cancel)
        if j == 1:
            leaves.append(nodes)
            return True
        found = _split_candidates(nodes, nbrs, pop, j, lo, hi, rng, trees)
        found.sort(key=lambda t: t[0])
        mark = len(leaves)
        for attempt in range(min(retries, len(found))):
            pool = found[: min(choose_among, len(found))]
            _, inside, ja = pool.pop(int(rng.integers(len(pool)))) if attempt == 0 else found[0]
            found = [f for f in found if f[1] is not inside]
            mask = np.zeros(len(nodes), dtype=bool)
            mask[inside] = True
            if build(nodes[mask], ja) and build(nodes[~mask], j - ja):
                return True
            del leaves[mark:]
        return False

    for nodes, j in pieces:
        if not build(nodes, j):
            return None
    for d, nodes in enumerate(leaves):
        labels[nodes] = d
    return labels if len(leaves) == k else None
