"""The county town (县城): an irregular street grid cut into blocks and communities.

Blocks are the quadrilaterals of a jittered, slightly rotated street lattice, so the
blocks of a community tile it exactly (shared corners, no gaps or overlaps) and the
streets are the blocks' edges, noded at every crossing. Communities (社区) are groups of
blocks between arterial roads, merged until the wanted number remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy import ndimage

from gisdesk.demo.names import NameBook
from gisdesk.demo.shapes import blob, rotate


@dataclass
class Street:
    """One street segment between two lattice nodes."""

    coords: np.ndarray
    name: str
    arterial: bool
    oneway: bool
    speed: float


@dataclass
class Town:
    """A town: blocks (units), communities, streets and the nodes where roads leave it."""

    centre: np.ndarray
    shape: shapely.Geometry
    block_geoms: np.ndarray
    block_pop: np.ndarray
    block_hh: np.ndarray
    block_comm: np.ndarray
    block_centres: np.ndarray
    community_names: list[str]
    community_geoms: np.ndarray
    streets: list[Street] = field(default_factory=list)
    gates: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    arterial_nodes: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    @property
    def n_communities(self) -> int:
        return len(self.community_names)


def _spacings(rng: np.random.Generator, half: float, lo: float, hi: float) -> np.ndarray:
    n = int(np.ceil(half / lo)) + 2
    right = np.cumsum(rng.uniform(lo, hi, n))
    left = -np.cumsum(rng.uniform(lo, hi, n))[::-1]
    return np.concatenate([left, [0.0], right]) + rng.uniform(-lo / 2, lo / 2)


def _arterial_breaks(rng: np.random.Generator, n: int, gap: float) -> np.ndarray:
    """Indices of lattice lines that are arterials, about ``gap`` lines apart."""
    out, i = [], int(rng.integers(1, max(2, int(gap))))
    while i < n:
        out.append(i)
        i += max(2, int(round(gap * rng.uniform(0.75, 1.3))))
    return np.asarray(out, int)


def build_town(rng: np.random.Generator, names: NameBook, centre: np.ndarray, n_communities: int,
               angle: float) -> Town:
    """A town of about ``n_communities`` communities around ``centre`` (metres)."""
    blocks_per_comm = 36.0
    block_area = 150.0 * 135.0
    area = n_communities * blocks_per_comm * block_area
    radius = np.sqrt(area / np.pi)
    shape = blob(rng, tuple(centre), area * 1.05, roughness=0.12, harmonics=5)
    us = _spacings(rng, radius * 1.5, 120.0, 185.0)
    vs = _spacings(rng, radius * 1.5, 105.0, 165.0)
    nu, nv = len(us), len(vs)
    gu, gv = np.meshgrid(us, vs, indexing="ij")
    gu = gu + rng.uniform(-8, 8, gu.shape)
    gv = gv + rng.uniform(-8, 8, gv.shape)
    local = np.column_stack([gu.ravel(), gv.ravel()]) + centre
    nodes = rotate(local, angle, centre).reshape(nu, nv, 2)

    # blocks (i, j) between nodes i..i+1, j..j+1, kept when their centre lies in the outline
    cen = (nodes[:-1, :-1] + nodes[1:, :-1] + nodes[1:, 1:] + nodes[:-1, 1:]) / 4.0
    keep = shapely.contains_xy(shape, cen[..., 0].ravel(), cen[..., 1].ravel()).reshape(nu - 1, nv - 1)
    lab, n = ndimage.label(keep)
    if n > 1:
        sizes = ndimage.sum(keep, lab, index=np.arange(1, n + 1))
        keep = lab == (1 + int(np.argmax(sizes)))

    # communities: superblocks between arterials, split into connected pieces, then merged
    n_blocks = int(keep.sum())
    gap = max(3.0, np.sqrt(n_blocks / (n_communities * 1.3)))
    art_u = _arterial_breaks(rng, nu - 1, gap)
    art_v = _arterial_breaks(rng, nv - 1, gap)
    su = np.searchsorted(art_u, np.arange(nu - 1), side="right")
    sv = np.searchsorted(art_v, np.arange(nv - 1), side="right")
    super_id = su[:, None] * (len(art_v) + 1) + sv[None, :]
    labels = np.full(keep.shape, -1, int)
    nxt = 0
    for sid in np.unique(super_id[keep]):
        pieces, k = ndimage.label(keep & (super_id == sid))
        for p in range(1, k + 1):
            labels[pieces == p] = nxt
            nxt += 1
    labels = _merge_groups(labels, n_communities, min_blocks=12)

    # population: denser towards the centre, a few institutional blocks
    r = np.hypot(*(cen - centre).transpose(2, 0, 1)) / radius
    pop = np.exp(rng.normal(np.log(250.0) - 0.75 * r, 0.45))
    pop = np.where(rng.random(pop.shape) < 0.06, rng.uniform(30, 70, pop.shape), pop)
    pop = np.clip(np.round(pop), 30, 400).astype(int)

    ii, jj = np.nonzero(keep)
    order = np.lexsort((ii, -jj))  # codes run north-west to south-east inside a community
    ii, jj = ii[order], jj[order]
    quads = np.stack([nodes[ii, jj], nodes[ii + 1, jj], nodes[ii + 1, jj + 1], nodes[ii, jj + 1]], axis=1)
    geoms = shapely.polygons(quads)
    comm = labels[ii, jj]
    bpop = pop[ii, jj]
    hh = np.maximum(1, np.round(bpop / rng.uniform(2.7, 3.3, len(bpop)))).astype(int)

    # communities numbered from the north-west, like the statistics bureau's lists
    n_c = int(comm.max()) + 1
    cc = np.array([cen[ii[comm == c], jj[comm == c]].mean(axis=0) for c in range(n_c)])
    rank = np.lexsort((cc[:, 0], -np.round(cc[:, 1] / 1500.0)))
    renumber = np.empty(n_c, int)
    renumber[rank] = np.arange(n_c)
    comm = renumber[comm]
    comm_geoms = np.array([shapely.union_all(geoms[comm == c]) for c in range(n_c)], dtype=object)
    town = Town(
        centre=np.asarray(centre, float), shape=shapely.union_all(comm_geoms), block_geoms=geoms,
        block_pop=bpop, block_hh=hh, block_comm=comm, block_centres=cen[ii, jj],
        community_names=names.communities(n_c), community_geoms=comm_geoms,
    )
    _streets(rng, names, town, nodes, keep, set(art_u.tolist()), set(art_v.tolist()))
    return town


def _merge_groups(labels: np.ndarray, target: int, min_blocks: int) -> np.ndarray:
    """Merge the smallest group into its smallest neighbour until few and large enough."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels[labels >= 0], return_counts=True)
        if len(ids) <= 1:
            break
        small = int(np.argmin(counts))
        if len(ids) <= target and counts[small] >= min_blocks:
            break
        g = ids[small]
        mask = labels == g
        grown = ndimage.binary_dilation(mask, structure=[[0, 1, 0], [1, 1, 1], [0, 1, 0]])
        neigh = np.unique(labels[grown & ~mask & (labels >= 0)])
        if len(neigh) == 0:
            break
        sizes = {int(h): int((labels == h).sum()) for h in neigh}
        into = min(sizes, key=lambda h: (sizes[h], h))
        labels[mask] = into
    ids = np.unique(labels[labels >= 0])
    remap = np.full(labels.max() + 1, -1)
    remap[ids] = np.arange(len(ids))
    return np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)


def _streets(rng, names: NameBook, town: Town, nodes: np.ndarray, keep: np.ndarray, art_u: set, art_v: set) -> None:
    """Every block edge as a street segment, named per lattice line; a few one-way."""
    nu, nv = nodes.shape[:2]
    pad = np.zeros((nu + 1, nv + 1), bool)
    pad[1:-1, 1:-1] = keep
    used = pad[:-1, :-1] | pad[1:, :-1] | pad[:-1, 1:] | pad[1:, 1:]  # node touches a kept block
    stems = names.streets(nu + nv)
    line_name, line_art, line_oneway, line_speed = {}, {}, {}, {}
    for k in range(nu):  # lines of constant i run along v
        key = ("i", k)
        art = k in art_u
        line_art[key] = art
        line_name[key] = stems[k] + ("大道" if art and rng.random() < 0.3 else "路") if art or rng.random() < 0.55 else (
            stems[k] + "街" if rng.random() < 0.6 else "")
        line_oneway[key] = (not art) and rng.random() < 0.14
        line_speed[key] = 40.0 if art and rng.random() < 0.3 else np.nan
    for k in range(nv):
        key = ("j", k)
        art = k in art_v
        line_art[key] = art
        line_name[key] = stems[nu + k] + "路" if art or rng.random() < 0.55 else (
            stems[nu + k] + "街" if rng.random() < 0.6 else "")
        line_oneway[key] = (not art) and rng.random() < 0.14
        line_speed[key] = 40.0 if art and rng.random() < 0.3 else np.nan
    streets: list[Street] = []
    # segment along v at column i between rows j, j+1: bounds blocks (i-1, j) and (i, j)
    for i in range(nu):
        for j in range(nv - 1):
            if pad[i, j + 1] or pad[i + 1, j + 1]:
                a, b = nodes[i, j], nodes[i, j + 1]
                key = ("i", i)
                if line_oneway[key] and i % 2:
                    a, b = b, a
                streets.append(Street(np.array([a, b]), line_name[key], line_art[key], line_oneway[key], line_speed[key]))
    for j in range(nv):
        for i in range(nu - 1):
            if pad[i + 1, j] or pad[i + 1, j + 1]:
                a, b = nodes[i, j], nodes[i + 1, j]
                key = ("j", j)
                if line_oneway[key] and j % 2:
                    a, b = b, a
                streets.append(Street(np.array([a, b]), line_name[key], line_art[key], line_oneway[key], line_speed[key]))
    town.streets = streets
    # gates: nodes on the town's edge (touching 1-3 kept blocks)
    count = pad[:-1, :-1].astype(int) + pad[1:, :-1] + pad[:-1, 1:] + pad[1:, 1:]
    edge = used & (count < 4)
    town.gates = nodes[edge]
    arterial = np.zeros((nu, nv), bool)
    arterial[sorted(art_u), :] = True
    arterial[:, sorted(art_v)] = True
    town.arterial_nodes = nodes[edge & arterial]
