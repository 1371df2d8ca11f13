"""Local search for contiguous service areas: a fast repair before (or instead of) the MIP.

Each open site keeps the connected piece of its points that holds its root; the points cut
off are handed, cheapest first, to a neighbouring area with room. When every neighbouring
area is full, room is moved towards the point along a chain of areas (each area hands
one boundary point, never its root, to the next, and stays connected); an area below the
minimum pulls points the same way. Then boundary points move where they cost less while
every area stays connected and within the size band. Deterministic; small areas (5-8
points) keep every connectivity test a few steps long.
"""

from __future__ import annotations

from collections import deque

import numpy as np

__all__ = ["contiguous_repair"]


def contiguous_repair(
    sub: np.ndarray, w: np.ndarray, roots: np.ndarray, lo: int, hi: int, nbrs: list[list[int]], labels: np.ndarray
) -> np.ndarray | None:
    """Labels (area per point, 0..q-1) with every area connected and within ``lo``..``hi``,
    starting from ``labels``; None when the repair got stuck. ``sub``: (n, q) costs."""
    n, q = sub.shape
    ok = np.isfinite(sub)
    lab = np.asarray(labels, dtype=np.int64).copy()
    lab[(lab < 0) | (lab >= q)] = -1
    lab[roots] = np.arange(q)
    for j in range(q):
        keep = _piece(lab, nbrs, int(roots[j]), j)
        lab[(lab == j) & ~keep] = -1
    for _ in range(20 * n + 20):
        size = np.bincount(lab[lab >= 0], minlength=q)
        loose = np.flatnonzero(lab < 0)
        if len(loose):
            if _grow(lab, size, loose, sub, w, ok, nbrs, hi):
                continue
            if not _make_room(lab, size, loose, sub, w, ok, nbrs, roots, lo, hi):
                return None
            continue
        over = np.flatnonzero(size > hi)
        if len(over):
            if not _shed(lab, size, int(over[0]), sub, w, ok, nbrs, roots, lo, hi):
                return None
            continue
        short = np.flatnonzero(size < lo)
        if len(short) == 0:
            break
        if not _fill(lab, size, int(short[0]), sub, w, ok, nbrs, roots, lo, hi):
            return None
    else:
        return None
    size = np.bincount(lab, minlength=q)
    if (lab < 0).any() or size.min() < lo or size.max() > hi:
        return None
    _improve(lab, size, sub, w, ok, nbrs, roots, lo, hi)
    return lab


def _piece(lab: np.ndarray, nbrs: list[list[int]], root: int, j: int, without: int = -1) -> np.ndarray:
    """Points of area ``j`` connected to ``root`` (``without`` taken out)."""
    seen = np.zeros(len(lab), dtype=bool)
    seen[root] = True
    todo = [root]
    while todo:
        u = todo.pop()
        for x in nbrs[u]:
            if not seen[x] and lab[x] == j and x != without:
                seen[x] = True
                todo.append(x)
    return seen


def _can_leave(lab: np.ndarray, nbrs, roots, u: int) -> bool:
    """Point ``u`` may leave its area: not its root, and the rest stays in one piece."""
    k = int(lab[u])
    if k < 0 or u == roots[k]:
        return k < 0
    rest = int((lab == k).sum()) - 1
    return int(_piece(lab, nbrs, int(roots[k]), k, without=u).sum()) == rest


def _grow(lab, size, loose, sub, w, ok, nbrs, hi) -> bool:
    """Hand the cheapest loose point next to an area with room to that area."""
    best, pick = np.inf, None
    for v in loose:
        for x in nbrs[v]:
            j = lab[x]
            if j >= 0 and size[j] < hi and ok[v, j] and w[v] * sub[v, j] < best:
                best, pick = w[v] * sub[v, j], (int(v), int(j))
    if pick is None:
        return False
    lab[pick[0]] = pick[1]
    return True


def _transfers(lab, sub, w, ok, nbrs, roots) -> dict[tuple[int, int], tuple[float, int]]:
    """(giver, taker) -> (extra cost, point) of the cheapest boundary point a giver can hand over."""
    out: dict[tuple[int, int], tuple[float, int]] = {}
    for u in np.flatnonzero(lab >= 0):
        k = int(lab[u])
        takers = {int(lab[x]) for x in nbrs[u] if lab[x] >= 0 and lab[x] != k}
        takers = {j for j in takers if ok[u, j]}
        if not takers or not _can_leave(lab, nbrs, roots, int(u)):
            continue
        for j in takers:
            extra = float(w[u] * (sub[u, j] - sub[u, k]))
            if (k, j) not in out or extra < out[(k, j)][0]:
                out[(k, j)] = (extra, int(u))
    return out


def _make_room(lab, size, loose, sub, w, ok, nbrs, roots, lo, hi) -> bool:
    """Move one point along the shortest chain of full areas from a loose point towards an
    area with room (the last link of the chain; the next rounds bring the room closer)."""
    starts = sorted({int(lab[x]) for v in loose for x in nbrs[v] if lab[x] >= 0 and ok[v, lab[x]]})
    return _move_one(lab, size, starts, lambda j: size[j] < hi, True, sub, w, ok, nbrs, roots, lo, hi)


def _shed(lab, size, full: int, sub, w, ok, nbrs, roots, lo, hi) -> bool:
    """Move one point one link from the area ``full`` (above the maximum) towards room."""
    return _move_one(lab, size, [full], lambda j: size[j] < hi, True, sub, w, ok, nbrs, roots, lo, hi)


def _fill(lab, size, short: int, sub, w, ok, nbrs, roots, lo, hi) -> bool:
    """Bring one point one link closer to the area ``short`` that is below the minimum."""
    return _move_one(lab, size, [short], lambda j: size[j] > lo, False, sub, w, ok, nbrs, roots, lo, hi)


def _move_one(lab, size, starts, goal, forward: bool, sub, w, ok, nbrs, roots, lo, hi) -> bool:
    """Move one point over the link of the shortest chain of areas between ``starts`` and an
    area meeting ``goal`` (:func:`_chain`) that it takes; False when there is no such chain."""
    moves = _transfers(lab, sub, w, ok, nbrs, roots)
    step = _chain(starts, moves, goal, forward=forward, lo=lo, hi=hi, size=size)
    if step is None:
        return False
    giver, taker = step
    lab[moves[(giver, taker)][1]] = taker
    return True


def _chain(starts, moves, goal, *, forward: bool, lo: int, hi: int, size) -> tuple[int, int] | None:
    """Breadth-first over the areas along possible hand-overs, from ``starts`` to an area
    meeting ``goal``; returns the hand-over (giver, taker) at the goal end of the chain."""
    out_of: dict[int, list[int]] = {}
    for (k, j) in sorted(moves):
        if forward:
            out_of.setdefault(k, []).append(j)  # room travels from j back to k
        else:
            out_of.setdefault(j, []).append(k)  # a point travels from k towards j
    seen = set(starts)
    queue = deque(starts)
    while queue:
        a = queue.popleft()
        for b in out_of.get(a, []):
            if b in seen:
                continue
            if forward and goal(b):
                return a, b  # a (full) hands a point to b (with room)
            if not forward and goal(b):
                return b, a  # b (above the minimum) hands a point to a
            seen.add(b)
            queue.append(b)
    return None


def _improve(lab, size, sub, w, ok, nbrs, roots, lo, hi, rounds: int = 50) -> None:
    """Boundary points move to a neighbouring area where they cost less (both areas stay
    connected and within the band), best move first."""
    for _ in range(rounds):
        moves = _transfers(lab, sub, w, ok, nbrs, roots)
        good = sorted((extra, k, j, u) for (k, j), (extra, u) in moves.items()
                      if extra < -1e-12 and size[k] > lo and size[j] < hi)
        if not good:
            return
        _, k, j, u = good[0]
        lab[u] = j
        size[k] -= 1
        size[j] += 1
