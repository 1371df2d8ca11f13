"""Size-bounded p-median benchmark: offices for 5-8 villages, certified by a full HiGHS MIP.

Synthetic counties: villages scattered around station seats (15-45 villages per
station, about 30 on average as in the city: ~4,800 villages / ~180 stations), candidates = every village plus
extra key sites, road-like costs = Euclidean km x detour noise 1.15-1.6, weights = village
populations 500-4000. Each instance is solved by ``bounded_p_median`` and by HiGHS on the
full MIP (every same-station pair, exact). Prints a Markdown table and writes
benchmarks/results/bounded.md.

    .venv/bin/python benchmarks/bench_bounded.py [--highs-limit 240] [--recompute]

HiGHS certificates (objective, bound, status, seconds) are cached in
benchmarks/results/bounded_highs.json keyed by the instance parameters (n, seed, p mode,
p, HiGHS limit), so reruns only time our solver; ``--recompute`` solves them again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from algorithms.location import bounded_p_median  # noqa: E402
from algorithms.location.pairs_mip import solve_pairs  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "bounded.md"
CACHE = Path(__file__).resolve().parent / "results" / "bounded_highs.json"
REPEATS = 5  # our solver is timed as the median of this many runs (instances are small)


def county(n: int, seed: int):
    """(cost, weights, groups, candidate_groups) of a synthetic county with n villages."""
    rng = np.random.default_rng(seed)
    counts = []
    while sum(counts) < n:  # stations of 15-45 villages, the last one topped up
        counts.append(int(rng.integers(15, 46)))
    counts[-1] -= sum(counts) - n
    if len(counts) > 1 and counts[-1] < 15:
        last = counts.pop()
        counts[-1] += last
    stations = len(counts)
    seats = rng.uniform(0, 8 * np.sqrt(n), size=(stations, 2))
    grp = np.repeat(np.arange(stations), counts)
    xy = seats[grp] + rng.normal(0, 4, size=(n, 2))
    extra = n // 3
    cgrp = np.concatenate([grp, rng.integers(0, stations, extra)])
    cxy = np.concatenate([xy, seats[cgrp[n:]] + rng.normal(0, 4, size=(extra, 2))])
    km = np.linalg.norm(xy[:, None] - cxy[None], axis=2) * rng.uniform(1.15, 1.6, (n, n + extra))
    km[grp[:, None] != cgrp[None, :]] = np.inf
    pop = rng.integers(500, 4001, n).astype(float)
    return km, pop, grp, cgrp


def highs_full(cost, weights, p, limit):
    w = np.where(np.isfinite(cost), cost * weights[:, None], np.inf)
    ii, jj = np.nonzero(np.isfinite(w))
    t = time.perf_counter()
    res = solve_pairs(w, np.ones(len(weights)), 5, 8, p, np.array([], np.int64), ii, jj,
                      time_limit=limit, rel_gap=1e-9, presolve=True)
    return res, time.perf_counter() - t


def certified(cache: dict, key: str, cost, pop, p: int, limit: float, recompute: bool):
    """HiGHS's result for the full MIP, from the cache unless missing or recomputing."""
    if recompute or key not in cache:
        res, secs = highs_full(cost, pop, p, limit)
        cache[key] = {"objective": res.objective, "bound": res.bound, "optimal": res.optimal,
                      "seconds": secs}
        CACHE.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n")
    return cache[key]


def timed(cost, pop, p, grp, cgrp):
    """(solution, median seconds, median CPU seconds) over REPEATS runs."""
    walls, cpus, sol = [], [], None
    for _ in range(REPEATS):
        t, c = time.perf_counter(), time.process_time()
        sol = bounded_p_median(cost, pop, 5, 8, p=p, groups=grp, candidate_groups=cgrp)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return sol, statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--highs-limit", type=float, default=240.0)
    ap.add_argument("--recompute", action="store_true", help="solve the HiGHS MIPs again")
    ap.add_argument("--sizes", default="40,80,150,300")
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    rows = []
    for n in [int(v) for v in args.sizes.split(",")]:
        for seed in [int(v) for v in args.seeds.split(",")]:
            cost, pop, grp, cgrp = county(n, seed)
            for mode in ("p=None", "p given"):
                if mode == "p given" and seed != 1:
                    continue
                p = None
                if mode == "p given":
                    base = bounded_p_median(cost, pop, 5, 8, groups=grp, candidate_groups=cgrp,
                                            time_limit=1)
                    p = len(base.facilities) + max(1, len(set(grp.tolist())) // 2)
                sol, ours, cpu = timed(cost, pop, p, grp, cgrp)
                q = len(sol.facilities)
                key = f"n={n} seed={seed} {mode} p={q} limit={args.highs_limit:g}"
                res = certified(cache, key, cost, pop, q, args.highs_limit, args.recompute)
                ref, hs = res["objective"], res["seconds"]
                rows.append({
                    "n": n, "seed": seed, "mode": mode, "groups": len(set(grp.tolist())),
                    "p": q, "ours": sol.objective, "lb": sol.lower_bound,
                    "proven": sol.info["proven_optimal"], "highs": ref,
                    "highs_opt": res["optimal"], "highs_lb": res["bound"],
                    "gap": 100 * (sol.objective - ref) / ref, "secs": ours, "cpu": cpu,
                    "hsecs": hs,
                })
                r = rows[-1]
                print(f"  n={n} seed={seed} {mode}: ours {r['ours']:.0f} ({ours:.3f}s, cpu "
                      f"{cpu:.3f}s) HiGHS {ref:.0f} ({hs:.1f}s, optimal={res['optimal']})",
                      file=sys.stderr, flush=True)
    lines = [
        "## Size-bounded p-median (5-8 villages per office)", "",
        "Synthetic counties, 15-45 villages per station, weights = populations 500-4000, "
        "costs = km x detour 1.15-1.6. HiGHS = full MIP over all same-station pairs "
        f"(limit {args.highs_limit:g} s; 'HiGHS optimum' is its best solution, marked * when "
        "not proven). Our runs use the default settings; 'our s' is the median wall time of "
        f"{REPEATS} runs (CPU = process time). HiGHS times come from "
        "benchmarks/results/bounded_highs.json (measured once, 2026-11-29, while other jobs "
        "shared the 2-core machine; --recompute measures them again). Our runs: load average "
        f"{os.getloadavg()[0]:.1f}.", "",
        "| n | seed | p mode | stations | offices | ours | our lower bound | proven | "
        "HiGHS optimum | gap % | our s | our CPU s | HiGHS s | speed-up |",
        "|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        star = "" if r["highs_opt"] else "*"
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['mode']} | {r['groups']} | {r['p']} | "
            f"{r['ours']:.0f} | {r['lb']:.0f} | {'yes' if r['proven'] else 'no'} | "
            f"{r['highs']:.0f}{star} | {r['gap']:.3f} | {r['secs']:.3f} | {r['cpu']:.3f} | "
            f"{r['hsecs']:.1f} | "
            f"{r['hsecs'] / max(r['secs'], 1e-9):.0f}x |")
    speed = [r["hsecs"] / max(r["secs"], 1e-9) for r in rows]
    lines += ["", f"Median gap to HiGHS **{statistics.median(r['gap'] for r in rows):.3f} %** "
              f"(max {max(r['gap'] for r in rows):.3f} %); proven optimal "
              f"{sum(r['proven'] for r in rows)} of {len(rows)}; median speed-up "
              f"**{statistics.median(speed):.0f}x** (min {min(speed):.0f}x).", ""]
    text = "\n".join(lines)
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n")


if __name__ == "__main__":
    main()
