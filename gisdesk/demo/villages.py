"""Village-level rows: administrative villages (行政村) and urban communities (社区), and units.

Codes follow the 12-digit statistical division code: township code + a 3-digit serial,
2xx for village committees and 0xx for the town's residents' committees. Every row
keeps its metric location (``xy``) for placing key sites and posts.
"""

from __future__ import annotations

import numpy as np
import shapely

from gisdesk.demo.geography import County
from gisdesk.demo.names import NameBook, short


def village_rows(rng: np.random.Generator, names: NameBook, county: County) -> list[dict]:
    """One row per rural village: code, name, population, households, township, station, xy."""
    xy = county.village_xy
    n = len(xy)
    pop = np.exp(rng.normal(np.log(1500.0), 0.42, n))
    pop = np.clip(pop, 500, 4000)
    seats = county.township_seat[county.township_seat >= 0]
    pop[seats] = rng.uniform(3000, 4800, len(seats))
    big = rng.choice(seats, size=min(len(seats), int(rng.integers(3, 6))), replace=False)
    pop[big] = rng.uniform(5100, 7200, len(big))
    pop = np.round(pop).astype(int)
    hh = np.maximum(1, np.round(pop / rng.uniform(3.0, 3.45, n))).astype(int)
    rows: list[dict] = [{} for _ in range(n)]
    for t, tcode in enumerate(county.township_codes):
        members = np.flatnonzero(county.village_township == t)
        order = members[np.lexsort((xy[members, 0], -np.round(xy[members, 1] / 2500.0)))]
        taken: set[str] = set()
        for k, i in enumerate(order, start=1):
            station = county.stations[county.village_station[i]]
            rows[i] = {
                "code": f"{tcode}{200 + k:03d}",
                "name": names.village(taken),
                "population": int(pop[i]),
                "households": int(hh[i]),
                "area_type": "rural",
                "township": county.township_names[t],
                "station": station.code,
                "xy": xy[i],
            }
    return rows


def community_rows(county: County) -> list[dict]:
    """One village-level row per urban community, located at its representative point."""
    town = county.town
    seat_code = county.township_codes[0]
    pts = shapely.get_coordinates(shapely.point_on_surface(town.community_geoms))
    rows = []
    for c, nm in enumerate(town.community_names):
        sel = town.block_comm == c
        rows.append({
            "code": f"{seat_code}{c + 1:03d}",
            "name": nm,
            "population": int(town.block_pop[sel].sum()),
            "households": int(town.block_hh[sel].sum()),
            "area_type": "urban",
            "township": county.township_names[0],
            "station": county.stations[county.community_station[c]].code,
            "xy": pts[c],
        })
    return rows


def unit_rows(names: NameBook, county: County, communities: list[dict], compound_blocks: dict[int, str]) -> list[dict]:
    """One row per building block: code, name, population, households, community, station, geometry."""
    town = county.town
    rows = []
    counter = np.zeros(town.n_communities, int)
    for b in range(len(town.block_geoms)):
        c = int(town.block_comm[b])
        counter[c] += 1
        comm = communities[c]
        label = compound_blocks.get(b) or f"{short(comm['name'])}第{counter[c]:02d}片区"
        rows.append({
            "code": f"{comm['code']}{counter[c]:03d}",
            "name": label,
            "population": int(town.block_pop[b]),
            "households": int(town.block_hh[b]),
            "community": comm["code"],
            "station": comm["station"],
            "geometry": town.block_geoms[b],
        })
    return rows
