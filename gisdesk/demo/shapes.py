"""Geometry helpers for the demo generator: outlines, point lattices, cells, region growing.

Everything is in metres (a Gauss-Krüger zone) and driven by a numpy ``Generator``.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra


def blob(rng: np.random.Generator, centre: tuple[float, float], area_m2: float, *, roughness: float = 0.16,
         harmonics: int = 7, vertices: int = 240) -> shapely.Polygon:
    """An irregular star-shaped outline of the given area around ``centre``."""
    t = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, harmonics + 2):
        amp = roughness * rng.uniform(0.3, 1.0) / k**0.9
        r += amp * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    noise = rng.standard_normal(len(t) + 8)
    r += 0.02 * np.convolve(noise, np.ones(9) / 3.0, mode="valid")[: len(t)]  # raggedness of real boundaries
    r = np.clip(r, 0.45, None)
    xy = np.column_stack([np.cos(t) * r, np.sin(t) * r])
    poly = shapely.Polygon(xy)
    scale = np.sqrt(area_m2 / poly.area)
    return shapely.Polygon(xy * scale + np.asarray(centre))


def hex_points(rng: np.random.Generator, poly, spacing: float, jitter: float = 0.3) -> np.ndarray:
    """A jittered hexagonal lattice of points inside ``poly`` (spacing in metres)."""
    x0, y0, x1, y1 = poly.bounds
    dy = spacing * np.sqrt(3) / 2
    ys = np.arange(y0 - dy, y1 + dy, dy)
    xs = np.arange(x0 - spacing, x1 + spacing, spacing)
    gx, gy = np.meshgrid(xs, ys)
    gx = gx + (np.arange(len(ys))[:, None] % 2) * spacing / 2
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    pts += rng.uniform(-jitter, jitter, pts.shape) * spacing
    inside = shapely.contains_xy(poly, pts[:, 0], pts[:, 1])
    return pts[inside]


def cell_edges(cells: np.ndarray) -> np.ndarray:
    """(i, j) pairs, i < j, of cells sharing a stretch of boundary (not just a corner)."""
    tree = shapely.STRtree(cells)
    a, b = tree.query(cells, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(shapely.intersection(shapely.boundary(cells[a]), shapely.boundary(cells[b])))
    ok = shared > 1.0
    return np.column_stack([a[ok], b[ok]])


def grow_regions(rng: np.random.Generator, points: np.ndarray, edges: np.ndarray, sources: list[np.ndarray],
                 spread: float = 0.35, head_start: list[float] | None = None) -> np.ndarray:
    """Label every point with the source group that reaches it first over ``edges``.

    Edge lengths get a random factor so boundaries wander; shortest-path regions over
    the cells' adjacency are always contiguous. ``head_start[g]`` (metres, may be
    negative: a handicap) is subtracted from group g's distances, through a virtual
    start node joined to the group's points.
    """
    e = edges
    w = np.hypot(*(points[e[:, 0]] - points[e[:, 1]]).T) * rng.uniform(1 - spread, 1 + spread, len(e))
    n = len(points)
    k = len(sources)
    base = float(max(0.0, *(head_start or [0.0]))) + 1.0
    starts = [np.full(len(s), n + g) for g, s in enumerate(sources)]
    lift = [base - (head_start[g] if head_start else 0.0) for g in range(k)]
    ve = np.column_stack([np.concatenate(starts), np.concatenate(sources)])
    vw = np.concatenate([np.full(len(s), lift[g]) for g, s in enumerate(sources)])
    rows = np.concatenate([e[:, 0], e[:, 1], ve[:, 0]])
    cols = np.concatenate([e[:, 1], e[:, 0], ve[:, 1]])
    g = coo_matrix((np.concatenate([w, w, vw]), (rows, cols)), shape=(n + k, n + k)).tocsr()
    _, _, origin = dijkstra(g, indices=np.arange(n, n + k), min_only=True, return_predecessors=True)
    label = origin[:n] - n
    return np.where((label >= 0) & (label < k), label, 0).astype(int)


def kmeans(rng: np.random.Generator, pts: np.ndarray, k: int, iterations: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Plain Lloyd k-means with farthest-point start: (centres, labels)."""
    first = int(rng.integers(len(pts)))
    chosen = [first]
    d = np.hypot(*(pts - pts[first]).T)
    for _ in range(k - 1):
        nxt = int(np.argmax(d))
        chosen.append(nxt)
        d = np.minimum(d, np.hypot(*(pts - pts[nxt]).T))
    centres = pts[chosen].astype(float)
    labels = np.zeros(len(pts), int)
    for _ in range(iterations):
        dist = ((pts[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = dist.argmin(axis=1)
        for c in range(k):
            sel = labels == c
            if sel.any():
                centres[c] = pts[sel].mean(axis=0)
    return centres, labels


def wiggle_line(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, step: float, amp: float,
                waves: float = 2.0) -> np.ndarray:
    """A polyline from ``a`` to ``b`` meandering sideways by up to ``amp`` metres."""
    length = float(np.hypot(*(b - a)))
    n = max(2, int(np.ceil(length / step)) + 1)
    t = np.linspace(0, 1, n)
    off = np.zeros(n)
    for k in range(1, 4):
        off += rng.uniform(-1, 1) * np.sin(np.pi * t * k * waves / 2) / k
    off *= amp / max(np.abs(off).max(), 1e-9)
    normal = np.array([-(b - a)[1], (b - a)[0]]) / max(length, 1e-9)
    out = a + np.outer(t, b - a) + np.outer(off, normal)
    out[0], out[-1] = a, b  # exact ends: they are junctions shared with other roads
    return out


def wiggle_many(rng: np.random.Generator, a: np.ndarray, b: np.ndarray, n: int, amp: np.ndarray) -> np.ndarray:
    """Many short meandering lines at once: (m, n, 2) from ``a[i]`` to ``b[i]`` (exact ends)."""
    m = len(a)
    t = np.linspace(0, 1, n)
    coef = rng.uniform(-1, 1, (m, 2))
    off = coef[:, :1] * np.sin(np.pi * t)[None, :] + coef[:, 1:] * np.sin(2 * np.pi * t)[None, :] / 2
    off *= (np.asarray(amp, float) / np.maximum(np.abs(off).max(axis=1), 1e-9))[:, None]
    d = b - a
    length = np.maximum(np.hypot(*d.T), 1e-9)
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / length[:, None]
    out = a[:, None, :] + t[None, :, None] * d[:, None, :] + off[:, :, None] * normal[:, None, :]
    out[:, 0], out[:, -1] = a, b
    return out


def rotate(xy: np.ndarray, angle: float, origin: np.ndarray) -> np.ndarray:
    """``xy`` rotated by ``angle`` radians about ``origin``."""
    c, s = np.cos(angle), np.sin(angle)
    d = xy - origin
    return np.column_stack([c * d[:, 0] - s * d[:, 1], s * d[:, 0] + c * d[:, 1]]) + origin
