"""Grid editing latency: one reassignment plus the statistics of the touched grids,
for a station of about 3,000 units (target: under 100 ms). Prints a Markdown table."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gisdesk.services.grids import GridParams, compute_grids, grids_command  # noqa: E402
from gisdesk.services.grids.editor import GridEditor  # noqa: E402
from layers.project import Project  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "grid_edit.md"


def station(n: int = 55, seed: int = 1) -> Project:
    rng = np.random.default_rng(seed)
    step = 0.0015
    cells, rows = [], []
    for i in range(n):
        for j in range(n):
            cells.append(box(115.6 + i * step, 34.4 + j * step, 115.6 + (i + 1) * step, 34.4 + (j + 1) * step))
            pop = int(rng.integers(30, 400))
            rows.append({"code": f"U{i:03d}{j:03d}", "population": pop, "households": pop // 3,
                         "community": f"C{i // 11}{j // 11}", "station": "S01"})
    p = Project.new()
    p["units"] = gpd.GeoDataFrame(rows, geometry=cells, crs=4490)
    return p


def main() -> None:
    p = station()
    t0 = time.perf_counter()
    grids_command(compute_grids(p, GridParams(seed=1))).do(p)
    redraw = time.perf_counter() - t0
    t0 = time.perf_counter()
    ed = GridEditor(p)
    load = time.perf_counter() - t0
    times = []
    grids = ed.grid_codes()
    for g in grids[:25]:
        nb = ed.neighbours_of(g)
        if not nb:
            continue
        unit = next(ed.codes[i] for i in np.flatnonzero(ed.assignment == g)
                    if any(ed.assignment[j] == nb[0] for j in ed.neighbours[i]))
        t0 = time.perf_counter()
        cmd = ed.assign({unit: nb[0]})
        cmd.do(p)
        ed.stats(g), ed.stats(nb[0])
        times.append(time.perf_counter() - t0)
        cmd.undo(p)
    lines = [
        "| case | units | grids | median ms | max ms | target |",
        "|---|---|---|---|---|---|",
        f"| reassign one unit + stats of the two grids | {len(ed.codes)} | {len(grids)} | "
        f"{statistics.median(times) * 1000:.1f} | {max(times) * 1000:.1f} | < 100 ms |",
        f"| open the editor (adjacency) | {len(ed.codes)} | {len(grids)} | {load * 1000:.0f} | | once |",
        f"| full redraw of the station's grids | {len(ed.codes)} | {len(grids)} | {redraw * 1000:.0f} | | |",
    ]
    text = "\n".join(lines)
    print(text)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text + "\n")


if __name__ == "__main__":
    main()
