"""How long does ``assign`` take, and what does HiGHS gain over networkx's network simplex?

Builds the demo (county by default; ``--scale city`` for nine counties), draws its grids,
then assigns its roster: the whole service once (road network from the cache included),
and the solver alone station by station with each backend on the same cost matrices,
checking that both reach the same total. Prints a table; ``--write`` also stores it in
benchmarks/results/assign.md.

    python benchmarks/bench_assign.py [--scale county|city] [--write]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import algorithms.location.staffing as staffing
from algorithms.location import assign_officers
from gisdesk.demo import build_demo
from gisdesk.services.grids import GridParams, compute_grids, grids_command
from gisdesk.services.officers import propose_assignments
from gisdesk.services.officers.distances import seat_grid
from gisdesk.services.officers.roster import can_carry, grid_needs, seats
from gisdesk.services.siting import SitingContext
from layers.edits import CommandStack

ROOT = Path(__file__).resolve().parents[1]


def solver_seconds(problems, backend: str) -> tuple[float, float]:
    """Total solver seconds and total km over the stations with one backend."""
    original = staffing._solve_lp
    if backend == "networkx":
        staffing._solve_lp = lambda *a, **k: None  # the fallback path: the network simplex
    try:
        t0 = time.perf_counter()
        km = sum(assign_officers(c, n, k).objective for c, n, k in problems)
        return time.perf_counter() - t0, km
    finally:
        staffing._solve_lp = original


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="county", choices=("county", "city"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    project = build_demo(1, args.scale)
    CommandStack(project).push(grids_command(compute_grids(project, GridParams()), GridParams()))
    t0 = time.perf_counter()
    result = propose_assignments(project)
    service = time.perf_counter() - t0
    ctx = SitingContext(project)
    places = seat_grid(project, ctx)
    officers, grids = project["officers"], project["grids"]
    carry = can_carry(officers)
    capacity = np.where(carry, officers["max_grids"].to_numpy(int), 0)
    need, seat = grid_needs(project), seats(project).to_numpy()
    problems = []
    for st in sorted(set(grids["station"]) - {""}):
        g = np.flatnonzero(grids["station"].to_numpy() == st)
        p = np.flatnonzero((officers["station"].to_numpy() == st) & carry)
        problems.append((places.km([str(s) for s in seat[p]], g), need[g], capacity[p]))
    highs_s, highs_km = solver_seconds(problems, "highs")
    nx_s, nx_km = solver_seconds(problems, "networkx")
    assert abs(highs_km - nx_km) < 1e-6 * max(1.0, nx_km), (highs_km, nx_km)
    sizes = [c.shape for c, _, _ in problems]
    lines = [
        f"demo {args.scale}: {len(grids)} grids, {len(officers)} people, {len(problems)} stations "
        f"(largest {max(s[0] for s in sizes)} people x {max(s[1] for s in sizes)} grids)",
        "",
        "| what | seconds | total km |",
        "|---|---:|---:|",
        f"| assign service (network from cache or built, all stations) | {service:.2f} | {result.total_km:.1f} |",
        f"| solver only, HiGHS dual simplex (LP) | {highs_s:.2f} | {highs_km:.1f} |",
        f"| solver only, networkx max_flow_min_cost | {nx_s:.2f} | {nx_km:.1f} |",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        out = ROOT / "benchmarks" / "results" / "assign.md"
        out.write_text(f"# assign ({time.strftime('%Y-%m-%d')}, shared 2-core machine)\n\n{text}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
