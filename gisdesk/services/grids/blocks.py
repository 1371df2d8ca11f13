"""Blocks derived from the roads, for urban communities that have no building units.

A bureau often has a community's boundary and its population but no map of its
buildings. Its grids are then cut from blocks: the community polygon cut by the roads
inside it (the road centre lines noded where they cross with
:func:`algorithms.network.node_lines`, with the boundary, and polygonized). A block much
larger than a grid's share is cut further by a square lattice, so that a balanced cut
stays possible. The community's population and households are spread over the blocks by
area (largest remainders: the blocks add up to the community exactly) and the blocks are
marked ``estimated`` in the units layer: they are not counted people, and every redraw
derives them again from the roads and the community's current counts. A community whose
population is not known gets blocks of unknown population. A community that gets real
units (imported) no longer uses its derived blocks.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from algorithms.network import node_lines
from layers.standard import Standard

PIECES_PER_GRID = 8
"""A block larger than 1/PIECES_PER_GRID of a grid's area is cut by a lattice."""

MIN_BLOCK_M2 = 50.0
"""Slivers smaller than this (m²) between nearly parallel roads join their neighbour."""


def road_blocks(shape: BaseGeometry, roads: np.ndarray, max_area: float | None = None) -> np.ndarray:
    """The polygons ``shape`` is cut into by the lines ``roads`` (metric CRS).

    The pieces cover ``shape`` exactly once (what polygonizing misses, such as the area
    beyond a dead-end road, stays in the piece around it). ``max_area``: larger pieces are
    cut by a square lattice of that cell area.
    """
    shape = shapely.make_valid(shape)
    clipped = shapely.intersection(roads, shape) if len(roads) else np.zeros(0, dtype=object)
    lines = [np.asarray(part.coords)[:, :2] for part in shapely.get_parts(clipped)
             if part.geom_type == "LineString" and part.length > 0.01]
    rings = [np.asarray(r.coords)[:, :2] for r in shapely.get_parts(shapely.boundary(shape))
             if r.geom_type == "LineString"]
    pieces, _ = node_lines(lines + rings, np.ones(len(lines) + len(rings), dtype=bool))
    faces = shapely.get_parts(shapely.polygonize([shapely.LineString(c) for c in pieces]))
    faces = faces[shapely.contains(shape, shapely.point_on_surface(faces))] if len(faces) else faces
    faces = shapely.intersection(faces, shape, grid_size=0.01) if len(faces) else faces
    blocks = [g for f in faces for g in shapely.get_parts(f) if g.geom_type == "Polygon" and g.area > 0]
    rest = shapely.difference(shape, shapely.union_all(blocks, grid_size=0.01), grid_size=0.01) if blocks else shape
    blocks += [g for g in shapely.get_parts(rest) if g.geom_type == "Polygon" and g.area > 1.0]
    out = np.array(blocks, dtype=object)
    if max_area:
        out = _lattice(out, max_area)
    return _merge_slivers(out)


def derive_units(villages: gpd.GeoDataFrame, units: gpd.GeoDataFrame, roads: gpd.GeoDataFrame,
                 community_shapes: dict, standard: Standard) -> tuple[gpd.GeoDataFrame, list[dict]]:
    """Estimated units for every urban community (metric frames) without real units.

    Returns the units (the units layer's columns plus ``estimated`` = True, in the frames'
    CRS) and one note per community: {station, community, name, blocks, population,
    households, reason} -- the reason says it is an estimate, or why no block could be
    made (no boundary polygon)."""
    columns = ["code", "name", "population", "households", "community", "station", "estimated", "geometry"]
    crs = villages.crs
    empty = gpd.GeoDataFrame({c: [] for c in columns[:-1]}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    if len(villages) == 0:
        return empty, []
    real = set(units.loc[~_estimated(units), "community"]) if len(units) else set()
    urban = villages[(villages["area_type"] == "urban") & ~villages["code"].isin(real)]
    road_geoms = np.asarray(roads.geometry.values) if len(roads) else np.zeros(0, dtype=object)
    tree = shapely.STRtree(road_geoms) if len(road_geoms) else None
    rows: list[dict] = []
    notes: list[dict] = []
    for v in urban.itertuples():
        shape = community_shapes.get(v.code)
        if shape is None and v.geometry is not None and v.geometry.geom_type in ("Polygon", "MultiPolygon"):
            shape = v.geometry
        note = {"station": v.station, "community": v.code, "name": v.name, "blocks": 0,
                "population": _known(v.population), "households": _known(v.households)}
        if shape is None or shape.is_empty:
            notes.append({**note, "reason": "no building units and no community boundary: no grid"})
            continue
        k = standard.officers_required(note["population"], note["households"], "urban")
        near = road_geoms[tree.query(shape, predicate="intersects")] if tree is not None else road_geoms
        blocks = road_blocks(shape, near, shape.area / (k * PIECES_PER_GRID) if k > 1 else None)
        areas = shapely.area(blocks)
        pops, hhs = _spread(note["population"], areas), _spread(note["households"], areas)
        for i, block in enumerate(blocks):
            rows.append({"code": f"{v.code}-B{i + 1:03d}", "name": f"{v.name}街区{i + 1}", "population": pops[i],
                         "households": hhs[i], "community": v.code, "station": v.station, "estimated": True,
                         "geometry": block})
        spread = ("population unknown: one grid of unknown population" if note["population"] is None else
                  f"population {note['population']} spread by area (an estimate)")
        notes.append({**note, "blocks": len(blocks),
                      "reason": f"no building units: {len(blocks)} blocks from the roads, {spread}"})
    if not rows:
        return empty, notes
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=crs), notes


def _estimated(units: pd.DataFrame) -> pd.Series:
    if "estimated" not in units.columns:
        return pd.Series(False, index=units.index)
    return units["estimated"].fillna(False).astype(bool)


def _spread(total: int | None, areas: np.ndarray) -> list:
    """``total`` shared by area in whole numbers adding up to it; unknown stays unknown."""
    if total is None:
        return [pd.NA] * len(areas)
    share = total * areas / areas.sum() if areas.sum() > 0 else np.full(len(areas), total / max(len(areas), 1))
    whole = np.floor(share).astype(int)
    left = int(total - whole.sum())
    whole[np.argsort(-(share - whole), kind="stable")[:left]] += 1
    return [int(x) for x in whole]


def _known(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _lattice(blocks: np.ndarray, max_area: float) -> np.ndarray:
    """Blocks above ``max_area`` cut by squares of that area (aligned on the block's box)."""
    side = float(np.sqrt(max_area))
    out = []
    for b in blocks:
        if b.area <= max_area:
            out.append(b)
            continue
        x0, y0, x1, y1 = b.bounds
        nx, ny = max(1, int(np.ceil((x1 - x0) / side))), max(1, int(np.ceil((y1 - y0) / side)))
        xs, ys = np.linspace(x0, x1, nx + 1), np.linspace(y0, y1, ny + 1)
        cells = shapely.box(*np.meshgrid(xs[:-1], ys[:-1]), *np.meshgrid(xs[1:], ys[1:]))
        cut = shapely.intersection(cells.ravel(), b, grid_size=0.01)
        out.extend(g for c in cut for g in shapely.get_parts(c) if g.geom_type == "Polygon" and g.area > 0)
    return np.array(out, dtype=object)


def _merge_slivers(blocks: np.ndarray) -> np.ndarray:
    """Pieces under :data:`MIN_BLOCK_M2` joined to the neighbour they share most boundary with."""
    pieces = list(blocks)
    while len(pieces) > 1:
        areas = shapely.area(np.array(pieces, dtype=object))
        small = int(np.argmin(areas))
        if areas[small] >= MIN_BLOCK_M2:
            break
        others = [i for i in range(len(pieces)) if i != small]
        shared = shapely.length(shapely.intersection(shapely.boundary(pieces[small]),
                                                     shapely.boundary(np.array([pieces[i] for i in others], dtype=object))))
        if shared.max() <= 0:
            pieces.pop(small)  # alone and tiny: nothing to join it to, and nothing lives there
            continue
        j = others[int(np.argmax(shared))]
        merged = shapely.union(pieces[j], pieces[small], grid_size=0.01)
        pieces[j] = merged if merged.geom_type == "Polygon" else max(shapely.get_parts(merged), key=lambda g: g.area)
        pieces.pop(small)
    return np.array(pieces, dtype=object)
