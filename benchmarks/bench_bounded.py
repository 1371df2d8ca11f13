"""Size-bounded p-median benchmark: offices for 5-8 villages, certified by a full HiGHS MIP.

Synthetic counties: villages scattered around station seats (15-45 villages per
station, about 30 on average as in the city: ~4,800 villages / ~180 stations), candidates = every village plus
extra key sites, road-like costs = Euclidean km x detour noise 1.15-1.6, weights = village
populations 500-4000. Each instance is solved by ``bounded_p_median`` and by HiGHS on the
full MIP (every same-station pair, exact). Prints a Markdown table and writes
benchmarks/results/bounded.md.

    .venv/bin/python benchmarks/bench_bounded.py [--highs-limit 900]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from algorithms.bounded import bounded_p_median  # noqa: E402
from algorithms.bounded_mip import solve_pairs  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "bounded.md"


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--highs-limit", type=float, default=900.0)
    ap.add_argument("--sizes", default="40,80,150,300")
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
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
                t = time.perf_counter()
                sol = bounded_p_median(cost, pop, 5, 8, p=p, groups=grp, candidate_groups=cgrp)
                ours = time.perf_counter() - t
                res, hs = highs_full(cost, pop, len(sol.facilities), args.highs_limit)
                ref = res.objective
                rows.append({
                    "n": n, "seed": seed, "mode": mode, "groups": len(set(grp.tolist())),
                    "p": len(sol.facilities), "ours": sol.objective, "lb": sol.lower_bound,
                    "proven": sol.info["proven_optimal"], "highs": ref,
                    "highs_opt": res.optimal, "highs_lb": res.bound,
                    "gap": 100 * (sol.objective - ref) / ref, "secs": ours, "hsecs": hs,
                })
                r = rows[-1]
                print(f"  n={n} seed={seed} {mode}: ours {r['ours']:.0f} ({ours:.2f}s) "
                      f"HiGHS {ref:.0f} ({hs:.1f}s, optimal={res.optimal})",
                      file=sys.stderr, flush=True)
    lines = [
        "## Size-bounded p-median (5-8 villages per office)", "",
        "Synthetic counties, 15-45 villages per station, weights = populations 500-4000, "
        "costs = km x detour 1.15-1.6. HiGHS = full MIP over all same-station pairs "
        f"(limit {args.highs_limit:g} s; 'HiGHS optimum' is its best solution, marked * when "
        "not proven). Our runs use the default settings. 2-core machine.", "",
        "| n | seed | p mode | stations | offices | ours | our lower bound | proven | "
        "HiGHS optimum | gap % | our s | HiGHS s | speed-up |",
        "|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        star = "" if r["highs_opt"] else "*"
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['mode']} | {r['groups']} | {r['p']} | "
            f"{r['ours']:.0f} | {r['lb']:.0f} | {'yes' if r['proven'] else 'no'} | "
            f"{r['highs']:.0f}{star} | {r['gap']:.3f} | {r['secs']:.2f} | {r['hsecs']:.1f} | "
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
