"""Size-bounded p-median benchmark: offices for 5-8 villages, certified by a full HiGHS MIP.

Synthetic counties: villages scattered around station seats (15-45 villages per
station, about 30 on average as in the city: ~4,800 villages / ~180 stations), candidates = every village plus
extra key sites, road-like costs = Euclidean km x detour noise 1.15-1.6, weights = village
populations 500-4000. Each instance is solved by ``bounded_p_median`` and, in the same run,
by HiGHS per station (the same decomposition: one full MIP per station, times summed), the
speed-up column's baseline. Single groups (one station of 300, 500, 1,000 villages: clustered
synthetic ones, and the demo city's own villages with station boundaries ignored) are solved
by ours with a 20 s limit and by HiGHS with a time limit, both in this run. Prints Markdown tables (with the load average) and writes benchmarks/results/bounded.md.

    .venv/bin/python benchmarks/bench_bounded.py [--station-limit 60] [--single-highs-limit 120]
    .venv/bin/python benchmarks/bench_bounded.py --single-only   # re-run the single groups only,
                                                                  # keeping the per-station table
    .venv/bin/python benchmarks/bench_bounded.py --proof   # single groups with offices to spare
                                                            # (p = n/6.5), ours and HiGHS to the
                                                            # proof: results/bounded_proof.md

The second, labelled baseline is HiGHS on the whole county as one MIP; its certificates
(objective, bound, status, seconds) are cached in benchmarks/results/bounded_highs.json keyed
by the instance parameters (n, seed, p mode, p, HiGHS limit) and reported as cached;
``--recompute`` solves them again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from algorithms.location import bounded_p_median  # noqa: E402
from algorithms.location.bounded_model import GroupModel  # noqa: E402
from algorithms.location.pairs_mip import solve_pairs  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "bounded.md"
CACHE = Path(__file__).resolve().parent / "results" / "bounded_highs.json"
REPEATS = 3  # our solver is timed as the median of this many runs (instances are small)


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
    model = GroupModel(w, np.ones(len(weights)), 5, 8, p, np.array([], np.int64))
    res = solve_pairs(model, ii, jj,
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


def highs_per_station(cost, pop, sol, grp, cgrp, limit):
    """HiGHS on the same decomposition: one full MIP per station, with the office count our
    plan gives that station; (objective, seconds summed, all proven)."""
    obj, secs, proven = 0.0, 0.0, True
    for g in sol.info["groups"]:
        pts, sites = np.flatnonzero(grp == g["group"]), np.flatnonzero(cgrp == g["group"])
        res, t = highs_full(cost[np.ix_(pts, sites)], pop[pts], int(g["p"]), limit)
        obj += res.objective
        secs += t
        proven = proven and res.optimal
    return obj, secs, proven


def single_group(n: int, seed: int):
    """One station of n villages in clusters of about 25 (a county without station
    boundaries): (cost, weights); candidates = every village plus n/3 key sites."""
    rng = np.random.default_rng(seed)
    k = max(2, n // 25)
    centres = rng.uniform(0, 3 * np.sqrt(n), size=(k, 2))
    xy = centres[rng.integers(0, k, n)] + rng.normal(0, 1.5, size=(n, 2))
    extra = n // 3
    cxy = np.concatenate([xy, centres[rng.integers(0, k, extra)] + rng.normal(0, 1.5, size=(extra, 2))])
    km = np.linalg.norm(xy[:, None] - cxy[None], axis=2) * rng.uniform(1.15, 1.6, (n, n + extra))
    return km, rng.integers(500, 4001, n).astype(float)


def demo_group(n: int, seed: int, city: Path):
    """The n rural villages of the demo city nearest to a random one, as one station (a
    county redrawn without station boundaries): (cost, weights); candidates = those
    villages plus n/3 key sites among them; costs = km x detour 1.15-1.6."""
    import geopandas as gpd

    villages = gpd.read_file(city, layer="villages")
    villages = villages[villages["area_type"] == "rural"]
    crs = villages.estimate_utm_crs()
    villages = villages.to_crs(crs)
    sites = gpd.read_file(city, layer="key_sites").to_crs(crs)
    xy = np.c_[villages.geometry.x, villages.geometry.y]
    rng = np.random.default_rng(seed)
    centre = xy[rng.integers(len(xy))]
    near = np.argsort(np.hypot(*(xy - centre).T))[:n]
    vxy = xy[near]
    kxy = np.c_[sites.geometry.x, sites.geometry.y]
    kxy = kxy[np.hypot(*(kxy - centre).T) <= np.hypot(*(vxy - centre).T).max()]
    kxy = kxy[rng.permutation(len(kxy))[: n // 3]]
    cxy = np.concatenate([vxy, kxy])
    km = np.linalg.norm(vxy[:, None] - cxy[None], axis=2) / 1000.0 * rng.uniform(1.15, 1.6, (n, len(cxy)))
    pop = villages["population"].to_numpy(float)[near]
    return km, np.where(np.isfinite(pop), pop, 1.0)


def _demo_city(folder: Path) -> Path:
    path = folder / "city.gpkg"
    subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "main.py"), "demo", str(path),
                    "--scale", "city", "--quiet"], check=True)
    return path


def timed(cost, pop, p, grp, cgrp, repeats=3, time_limit=None):
    """(solution, median seconds, median CPU seconds) over ``repeats`` runs."""
    walls, cpus, sol = [], [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        sol = bounded_p_median(cost, pop, 5, 8, p=p, groups=grp, candidate_groups=cgrp, time_limit=time_limit)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return sol, statistics.median(walls), statistics.median(cpus)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--highs-limit", type=float, default=240.0, help="the cached whole-MIP's limit (its key)")
    ap.add_argument("--station-limit", type=float, default=60.0, help="HiGHS seconds per station MIP")
    ap.add_argument("--recompute", action="store_true", help="solve the whole-county HiGHS MIPs again")
    ap.add_argument("--sizes", default="40,80,150,300")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--single", default="300,500,1000", help="single-group sizes ('' for none)")
    ap.add_argument("--single-limit", type=float, default=20.0, help="our seconds on a single group")
    ap.add_argument("--single-seeds", default="0,1,2", help="our seeds on each single group (the median is reported)")
    ap.add_argument("--single-highs-limit", type=float, default=120.0, help="HiGHS seconds on a single group")
    ap.add_argument("--single-kinds", default="clustered,demo",
                    help="single-group instances: clustered (synthetic), demo (the demo city's villages)")
    ap.add_argument("--city", type=Path, default=None, help="a demo city project to take villages from "
                    "(default: written to a temporary folder)")
    ap.add_argument("--single-only", action="store_true",
                    help="run only the single groups; the per-station table is kept from the results file")
    ap.add_argument("--proof", action="store_true",
                    help="run only the single groups with offices to spare (p = n/6.5), ours and HiGHS "
                         "to the proof, into results/bounded_proof.md")
    ap.add_argument("--proof-sizes", default="300,500,1000", help="their sizes")
    ap.add_argument("--proof-limit", type=float, default=300.0,
                    help="seconds ours (one run, seed 0) and HiGHS each get to prove the optimum")
    args = ap.parse_args()
    if args.proof:
        proof_table(args)
        return
    if args.single_only:
        args.sizes = ""

    load_start = _load()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    rows = []
    for n in [int(v) for v in args.sizes.split(",") if v]:
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
                sol, ours, cpu = timed(cost, pop, p, grp, cgrp, REPEATS)
                q = len(sol.facilities)
                st_obj, st_secs, st_opt = highs_per_station(cost, pop, sol, grp, cgrp, args.station_limit)
                key = f"n={n} seed={seed} {mode} p={q} limit={args.highs_limit:g}"
                res = certified(cache, key, cost, pop, q, args.highs_limit, args.recompute)
                rows.append({
                    "n": n, "seed": seed, "mode": mode, "groups": len(set(grp.tolist())),
                    "p": q, "ours": sol.objective, "lb": sol.lower_bound,
                    "proven": sol.info["proven_optimal"], "st": st_obj, "st_opt": st_opt,
                    "st_secs": st_secs, "highs": res["objective"], "highs_opt": res["optimal"],
                    "gap": 100 * (sol.objective - st_obj) / st_obj, "secs": ours, "cpu": cpu,
                    "hsecs": res["seconds"],
                })
                r = rows[-1]
                print(f"  n={n} seed={seed} {mode}: ours {r['ours']:.0f} ({ours:.3f}s) HiGHS per station "
                      f"{st_obj:.0f} ({st_secs:.2f}s, proven={st_opt}); load {_load()}", file=sys.stderr, flush=True)
    singles = []
    kinds = [k for k in args.single_kinds.split(",") if k]
    with tempfile.TemporaryDirectory() as tmp:
        city = args.city or (_demo_city(Path(tmp)) if "demo" in kinds and args.single else None)
        for kind in kinds:
            for n in [int(v) for v in args.single.split(",") if v]:
                cost, pop = single_group(n, 1) if kind == "clustered" else demo_group(n, 1, city)
                runs, obj_med, sol = over_seeds(cost, pop, None, args)
                ours = max(r[1] for r in runs)
                res, hs = highs_full(cost, pop, len(sol.facilities), args.single_highs_limit)
                singles.append({"kind": kind, "n": n, "p": len(sol.facilities), "ours": obj_med,
                                "ours_lo": runs[0][0], "ours_hi": runs[-1][0],
                                "lb": sol.lower_bound, "secs": ours, "highs": res.objective,
                                "highs_lb": res.bound, "highs_opt": res.optimal, "hsecs": hs,
                                "known": KNOWN_OPTIMA.get((kind, n))})
                print(f"  single group {kind} n={n}: ours {obj_med:.0f} ({runs[0][0]:.0f}-{runs[-1][0]:.0f}) "
                      f"bound {sol.lower_bound:.0f} ({ours:.1f}s) HiGHS {res.objective:.0f} bound {res.bound:.0f} ({hs:.1f}s, "
                      f"proven={res.optimal}); load {_load()}", file=sys.stderr, flush=True)
    text = report(rows, singles, args, started, load_start)
    if args.single_only and RESULTS.exists():
        kept = RESULTS.read_text().split(SINGLE_HEADING)[0].rstrip()
        text = kept + "\n\n" + text.lstrip()
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n")


SINGLE_HEADING = "### Single groups"
PROOF_RESULTS = RESULTS.parent / "bounded_proof.md"
SPARE_VILLAGES_PER_OFFICE = 6.5  # the middle of 5-8: offices to spare, as when a bureau builds more


def over_seeds(cost, pop, p, args):
    """Ours on one single group with each of ``--single-seeds`` and ``--single-limit``:
    (runs as (objective, seconds, solution) best first, the median objective, its solution)."""
    runs = []
    for sd in [int(v) for v in args.single_seeds.split(",")]:
        t = time.perf_counter()
        one = bounded_p_median(cost, pop, 5, 8, p=p, time_limit=args.single_limit, seed=sd)
        runs.append((one.objective, time.perf_counter() - t, one))
    runs.sort(key=lambda r: r[0])
    obj_med, _, sol = runs[(len(runs) - 1) // 2]
    return runs, obj_med, sol


def proof_table(args) -> None:
    """Single groups (both kinds of villages) with p = n/6.5 offices, where proofs are within
    reach: ours with 20 s (seeds 0-2), ours once with ``--proof-limit`` (it stops when
    proven), then HiGHS on the full MIP with the same limit, one after the other."""
    load_start = _load()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = []
    kinds = [k for k in args.single_kinds.split(",") if k]
    with tempfile.TemporaryDirectory() as tmp:
        city = args.city or (_demo_city(Path(tmp)) if "demo" in kinds else None)
        cases = [(kind, n, single_group(n, 1) if kind == "clustered" else demo_group(n, 1, city))
                 for kind in kinds for n in [int(v) for v in args.proof_sizes.split(",") if v]]
    for kind, n, (cost, pop) in cases:
        p = int(round(n / SPARE_VILLAGES_PER_OFFICE))
        runs, obj_med, sol = over_seeds(cost, pop, p, args)
        t = time.perf_counter()
        long = bounded_p_median(cost, pop, 5, 8, p=p, time_limit=args.proof_limit, seed=0)
        long_secs = time.perf_counter() - t
        res, hs = highs_full(cost, pop, p, args.proof_limit)
        proven = [v for v, ok in ((long.objective, long.info["proven_optimal"]),
                                  (res.objective, res.optimal)) if ok]
        if len(proven) == 2 and abs(proven[0] - proven[1]) > 1e-6 * proven[0]:
            raise SystemExit(f"n={n}: the two proofs disagree: ours {proven[0]:.2f}, HiGHS {proven[1]:.2f}")
        out.append({"kind": kind, "n": n, "p": p, "ours": obj_med, "lo": runs[0][0], "hi": runs[-1][0],
                    "lb": sol.lower_bound, "secs": max(r[1] for r in runs),
                    "proven20": sum(r[2].info["proven_optimal"] for r in runs), "seeds": len(runs),
                    "long": long.objective, "long_lb": long.lower_bound,
                    "long_opt": long.info["proven_optimal"], "long_secs": long_secs,
                    "highs": res.objective, "highs_lb": res.bound, "highs_opt": res.optimal,
                    "hsecs": hs, "optimum": proven[0] if proven else None})
        r = out[-1]
        print(f"  spare {kind} n={n} p={p}: ours 20 s {obj_med:.0f} bound {sol.lower_bound:.0f}; ours to the proof "
              f"{long.objective:.0f} ({long_secs:.1f}s, proven={r['long_opt']}); HiGHS {res.objective:.0f} "
              f"bound {res.bound:.0f} ({hs:.1f}s, proven={res.optimal}); load {_load()}",
              file=sys.stderr, flush=True)
    lim = args.proof_limit
    lines = [
        "## Single groups to the proof (offices to spare)", "",
        f"Run {started}. Load average at the start {load_start}; at the end {_load()}. One station of n "
        "villages (the same two kinds as in the single-group table above) with **p = n / 6.5 offices** (the middle "
        "of 5-8: offices to spare, as when a bureau builds more than the fewest), where proofs are "
        "within reach. Ours: `bounded_p_median(..., p=p)`; '20 s' = time_limit 20 s, seeds "
        f"{args.single_seeds} (median plan, its bound, the longest run, how many runs proved the plan); "
        f"'to the proof' = one run (seed 0) with time_limit {lim:g} s, which stops as soon as the plan is "
        "proven. Ours uses two threads: beside the swap and region searches HiGHS solves the core MIP (the "
        "pairs the Lagrangian bound prices cheapest, 4 per village, doubled while solved to optimality; the "
        "last core holds every pair the bound leaves open below the plan, so solving it proves the plan). "
        f"HiGHS: the full MIP (scipy.optimize.milp, presolve on, gap 1e-9, one thread), limit "
        f"{lim:g} s, in this run after ours. 'optimum' = the objective proven by either (when both prove "
        "it they agree, or the script stops). 'speed-up to the proof' = HiGHS's seconds / ours; '>' when "
        "only ours proved it (HiGHS's limit / ours).", "",
        "| villages | n | offices | ours 20 s (median) | over the seeds | above the optimum % | our bound gap % | "
        "20 s runs proven | our s (max) | ours to the proof | our s to the proof | HiGHS best | HiGHS bound | "
        "HiGHS s | optimum | speed-up to the proof |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in out:
        opt = r["optimum"]
        above = f"{100 * (r['ours'] - opt) / opt:.3f}" if opt else "-"
        gap = 100 * (r["ours"] - r["lb"]) / r["ours"]
        mine = (f"{r['long_secs']:.1f}" if r["long_opt"]
                else f"not proven in {lim:g} (bound gap {100 * (r['long'] - r['long_lb']) / r['long']:.2f} %)")
        theirs = f"{r['hsecs']:.1f}" if r["highs_opt"] else f"not proven in {lim:g}"
        if r["long_opt"] and r["highs_opt"]:
            speed = f"{r['hsecs'] / r['long_secs']:.1f}x"
        elif r["long_opt"]:
            speed = f">{lim / r['long_secs']:.1f}x"
        else:
            speed = "-"
        best = f"{r['highs']:.0f}" if np.isfinite(r["highs"]) else "none found"
        hlb = f"{r['highs_lb']:.0f}" if np.isfinite(r["highs_lb"]) and r["highs_lb"] > 0 else "-"
        lines.append(
            f"| {'demo city' if r['kind'] == 'demo' else 'clustered'} | {r['n']} | {r['p']} | {r['ours']:.0f} | {r['lo']:.0f}-{r['hi']:.0f} | {above} | {gap:.3f} | "
            f"{r['proven20']} of {r['seeds']} | {r['secs']:.1f} | {r['long']:.0f} | {mine} | {best} | {hlb} | "
            f"{theirs} | {f'{opt:.0f}' if opt else 'unknown'} | {speed} |")
    text = "\n".join(lines)
    print(text)
    PROOF_RESULTS.write_text(text + "\n")
# Optima proven outside the table's time limits: HiGHS on the full MIP, left to run, proved the
# demo city's n = 300 group (the deterministic `demo --scale city`, instance seed 1) in 1,407 s
# on 2026-12-03.
KNOWN_OPTIMA = {("demo", 300): 951768.396822631}


def report(rows, singles, args, started, load_start) -> str:
    """The Markdown tables (only the single groups' with --single-only)."""
    if not rows:
        lines: list[str] = []
    else:
        lines = [
            "## Size-bounded p-median (5-8 villages per office)", "",
            f"Run {started}. Load average at the start {load_start}; at the end {_load()}: other jobs "
            "shared the machine, so every time here (ours and HiGHS alike) is inflated by them; both "
            "solvers ran in this one run, one after the other, on the same instances.", "",
            "Synthetic counties, 15-45 villages per station, weights = populations 500-4000, "
            "costs = km x detour 1.15-1.6. **Baseline of the speed-up column: HiGHS per station** "
            "(scipy.optimize.milp, presolve on, gap 1e-9): the same decomposition as ours, one full "
            "MIP per station with the office count our plan gives that station, times summed, "
            f"limit {args.station_limit:g} s per station, measured in this run. 'our s' is the median "
            f"wall time of {REPEATS} runs with the default settings. Second, labelled baseline: HiGHS "
            "on the whole county as one MIP, **cached** in benchmarks/results/bounded_highs.json "
            f"(measured once, 2026-11-29, on the loaded machine; limit {args.highs_limit:g} s; * = not "
            "proven), not measured again in this run.", "",
            "| n | seed | p mode | stations | offices | ours | our lower bound | proven | "
            "HiGHS per station | gap % | our s | HiGHS per station s | speed-up vs per station | "
            "whole MIP (cached) | whole MIP s (cached) | speed-up vs whole MIP |",
            "|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        star = "" if r["highs_opt"] else "*"
        st_star = "" if r["st_opt"] else "*"
        lines.append(
            f"| {r['n']} | {r['seed']} | {r['mode']} | {r['groups']} | {r['p']} | "
            f"{r['ours']:.0f} | {r['lb']:.0f} | {'yes' if r['proven'] else 'no'} | "
            f"{r['st']:.0f}{st_star} | {r['gap']:.3f} | {r['secs']:.3f} | {r['st_secs']:.2f} | "
            f"{r['st_secs'] / max(r['secs'], 1e-9):.1f}x | {r['highs']:.0f}{star} | {r['hsecs']:.1f} | "
            f"{r['hsecs'] / max(r['secs'], 1e-9):.0f}x |")
    speed = [r["st_secs"] / max(r["secs"], 1e-9) for r in rows]
    whole = [r["hsecs"] / max(r["secs"], 1e-9) for r in rows]
    if rows:
        lines += ["", f"Median gap to HiGHS per station **{statistics.median(r['gap'] for r in rows):.3f} %** "
                  f"(max {max(r['gap'] for r in rows):.3f} %); proven optimal "
                  f"{sum(r['proven'] for r in rows)} of {len(rows)}; median speed-up against HiGHS per "
                  f"station **{statistics.median(speed):.1f}x** (min {min(speed):.1f}x, max {max(speed):.1f}x); "
                  f"against the cached whole-county MIP {statistics.median(whole):.0f}x (min {min(whole):.0f}x)."]
    if singles:
        lines += [
            "", SINGLE_HEADING + " (one station of hundreds of villages)", "",
            f"Run {started}. Load average at the start {load_start}; at the end {_load()}. One station of "
            "n villages (a county without station boundaries); p = the fewest offices (ceil(n/8)), as "
            "`site` plans. Two kinds of villages: **clustered**, synthetic clusters of about 25 villages "
            "15 km apart (candidates = every village plus n/3 key sites near the clusters), and **demo "
            "city**, the n rural villages of the demo city (`demo --scale city`) nearest to one of them, "
            "station boundaries ignored (candidates = those villages plus n/3 of the key sites among them); "
            "costs = km x detour 1.15-1.6, weights = populations. Ours: `bounded_p_median` with "
            f"time_limit {args.single_limit:g} s, one run per seed ({args.single_seeds}): the table gives the "
            "median run's plan and bound, the range of the plans over the seeds and the longest run's "
            "seconds (large groups take `bounded_large`: Lagrangian bound; three streams of ranked swaps "
            "with exact re-assignment whose plans HiGHS merges, or one stream where a stream would get "
            "under 30 perturbations; then HiGHS re-solves regions of 4-9 neighbouring offices exactly, "
            "the swaps going on with the time left; meanwhile, in a second thread, HiGHS solves the core "
            "MIP, the pairs the bound prices cheapest; HiGHS on the pairs the bound leaves). With the "
            "fewest offices the core rarely helps: HiGHS finds no plan in it in the time. 'above the optimum' where an optimum is known from a longer HiGHS run (the demo "
            "city's n = 300: 951,768, proven in 1,407 s). HiGHS: "
            "the full MIP of the instance with the same p (presolve on, gap 1e-9), limit "
            f"{args.single_highs_limit:g} s, in this run, after ours. 'our bound gap' = (ours - our "
            "lower bound) / ours; 'above HiGHS' = (ours - HiGHS best) / HiGHS best (negative: ours is "
            "better); 'above HiGHS bound' = (ours - HiGHS's bound) / ours, at most how far ours can be "
            "from the optimum by HiGHS's proof. Our bound is the Lagrangian bound, which for unit sizes "
            "equals the LP bound of the strong formulation: on clustered villages the LP's gap is large "
            "(cluster sizes do not split into full offices), on the demo city's villages it is far "
            "smaller; where HiGHS reports a bound after 120 s, it is hardly higher than ours.",
            "",
            "| villages | n | offices | ours (median) | ours over the seeds | above the optimum % | "
            "our lower bound | our bound gap % | our s (max) | HiGHS best | HiGHS bound | HiGHS | "
            "HiGHS s | above HiGHS % | above HiGHS bound % |",
            "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
        for r in singles:
            gap = 100 * (r["ours"] - r["lb"]) / r["ours"] if r["ours"] > 0 else 0.0
            hs = (f"proven optimal in {r['hsecs']:.1f} s" if r["highs_opt"]
                  else f"not proven in {args.single_highs_limit:g} s")
            best = f"{r['highs']:.0f}" if np.isfinite(r["highs"]) else "none found"
            above = f"{100 * (r['ours'] - r['highs']) / r['highs']:.3f}" if np.isfinite(r["highs"]) else "-"
            useful = np.isfinite(r["highs_lb"]) and r["highs_lb"] > 0
            lb = f"{r['highs_lb']:.0f}" if useful else "-"
            above_lb = f"{100 * (r['ours'] - r['highs_lb']) / r['ours']:.3f}" if useful else "-"
            kind = "demo city" if r.get("kind") == "demo" else "clustered"
            known = f"{100 * (r['ours'] - r['known']) / r['known']:.3f}" if r.get("known") else "-"
            spread = f"{r['ours_lo']:.0f}-{r['ours_hi']:.0f}" if "ours_lo" in r else "-"
            lines.append(f"| {kind} | {r['n']} | {r['p']} | {r['ours']:.0f} | {spread} | {known} | "
                         f"{r['lb']:.0f} | {gap:.3f} | "
                         f"{r['secs']:.1f} | {best} | {lb} | {hs} | {r['hsecs']:.1f} | {above} | {above_lb} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
