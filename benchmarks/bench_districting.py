"""Benchmark of ``algorithms.districting.balanced_partition`` on published instances.

Instances (files in ``../shared/bench/districting``):
- Validi & Buchanan county dual graphs at +-0.5 % (1 % total deviation), published optimum
  cut edges: NM k=3 17, OK k=5 40, IA k=4 33, KS k=4 32; target: optimum (+1) in <= 10 s;
- NM census tracts k=3 at +-0.5 %: target <= 44 cut edges in <= 30 s;
- Arkansas 2020 block groups (GerryChain tutorial graph) into 100 districts at +-2 % in <= 60 s;
- a synthetic 100 x 100 lattice with random populations 30-400 into 100 grids at +-5 % in <= 20 s;
- fl25 into 3 at +-1 %: the plan must be one of the 8 enumerated plans within 1 %.

Prints a Markdown table (medians over seeds) and writes ``benchmarks/results/districting.md``.
Usage: ``python benchmarks/bench_districting.py [--quick] [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from algorithms.districting import balanced_partition, is_contiguous  # noqa: E402
from algorithms.districting.graph import adjacency_matrix, neighbour_lists  # noqa: E402
from algorithms.districting.recom import dfs_order, induced_edges, random_spanning_tree  # noqa: E402
from algorithms.districting.tree_seed import recursive_seed  # noqa: E402

DATA = ROOT / ".." / "shared" / "bench" / "districting"
RESULTS = ROOT / "benchmarks" / "results" / "districting.md"


@dataclass
class Instance:
    name: str
    load: object  # () -> (edges, population, extra)
    k: int
    tolerance: float
    target: str
    time_limit: float | None
    seeds: tuple[int, ...]
    check: object = None  # (labels, extra) -> str  (an extra verdict)
    anchor: bool = True  # also run the ReCom short-bursts reference (seed 0, same limit)


def load_nx_json(path: Path, pop_key: str) -> tuple[np.ndarray, np.ndarray, None]:
    """A networkx adjacency-JSON dual graph: (edges, population)."""
    data = json.loads(path.read_text())
    index = {node["id"]: i for i, node in enumerate(data["nodes"])}
    pop = np.array([float(node[pop_key]) for node in data["nodes"]])
    edges = {
        (min(i, index[nb["id"]]), max(i, index[nb["id"]]))
        for i, nbs in enumerate(data["adjacency"])
        for nb in nbs
        if index[nb["id"]] != i
    }
    return np.array(sorted(edges), dtype=np.int64), pop, None


def load_lattice(size: int = 100, seed: int = 7):
    idx = np.arange(size * size).reshape(size, size)
    edges = np.vstack([
        np.c_[idx[:, :-1].ravel(), idx[:, 1:].ravel()],
        np.c_[idx[:-1, :].ravel(), idx[1:, :].ravel()],
    ])
    pop = np.random.default_rng(seed).integers(30, 401, size * size).astype(float)
    return edges, pop, None


def load_fl25():
    adj = json.loads((DATA / "redist_fl25_adj.json").read_text())
    edges = np.array([(i, j) for i, nb in enumerate(adj) for j in nb if i < j], dtype=np.int64)
    con = sqlite3.connect(f"file:{DATA / 'redist_fl25_precincts.gpkg'}?mode=ro", uri=True)
    try:
        pop = np.array([r[0] for r in con.execute("SELECT pop FROM fl25 ORDER BY fid")], float)
    finally:
        con.close()
    enum = np.load(DATA / "redist_fl25_enum_all_3district_plans.npz")
    plans, dev = enum["plans"], enum["pop_dev"]
    good = {_canonical(plans[:, i]) for i in np.flatnonzero(dev <= 0.01)}
    return edges, pop, good


def _canonical(labels: np.ndarray) -> frozenset:
    return frozenset(frozenset(np.flatnonzero(labels == d).tolist()) for d in np.unique(labels))


def fl25_check(labels: np.ndarray, good: set) -> str:
    return "one of the 8" if _canonical(labels) in good else "NOT one of the 8"


def anchor_recom_short_bursts(
    edges: np.ndarray, pop: np.ndarray, k: int, tol: float, seed: int, time_limit: float,
    burst: int = 10,
) -> tuple[int | None, float]:
    """The reference method, re-implemented: GerryChain-style recursive spanning-tree seed
    (retried until balanced), then ReCom short bursts (Cannon et al. 2020): bursts of
    ``burst`` unbiased ReCom steps (one random spanning tree of the merged pair, a uniformly
    chosen balanced cut edge), each burst restarting from the best plan so far.
    Returns (best cut edges or None when no balanced seed was found, seconds to best)."""
    t0 = time.perf_counter()
    n = len(pop)
    rng = np.random.default_rng(seed)
    ideal = pop.sum() / k
    lo, hi = ideal * (1 - tol), ideal * (1 + tol)
    adj, nbrs = adjacency_matrix(edges, n), neighbour_lists(edges, n)
    free = np.full(n, -1, dtype=np.int64)

    def balanced(lab: np.ndarray) -> bool:
        p = np.bincount(lab, weights=pop, minlength=k)
        return bool(np.all((p >= lo) & (p <= hi)))

    def cut(lab: np.ndarray) -> int:
        return int(np.count_nonzero(lab[edges[:, 0]] != lab[edges[:, 1]]))

    lab = None
    while time.perf_counter() - t0 < time_limit:
        cand = recursive_seed(adj, pop, [(np.arange(n), k)], k, lo, hi, free, rng, tries=1000)
        if balanced(cand):
            lab = cand
            break
    if lab is None:
        return None, time.perf_counter() - t0
    best, best_cut, best_t = lab.copy(), cut(lab), time.perf_counter() - t0
    while time.perf_counter() - t0 < time_limit:
        cur = best.copy()
        for _ in range(burst):
            cut_ids = np.flatnonzero(cur[edges[:, 0]] != cur[edges[:, 1]])
            u, w = edges[cut_ids[rng.integers(len(cut_ids))]]
            a, b = int(cur[u]), int(cur[w])
            nodes = np.flatnonzero((cur == a) | (cur == b))
            rows, cols = induced_edges(nodes, nbrs)
            sub_pop = pop[nodes].tolist()
            total = sum(sub_pop)
            for _try in range(20):
                tree = random_spanning_tree(len(nodes), rows, cols, rng.permutation(len(rows)).tolist())
                order, pred = dfs_order(tree, int(rng.integers(len(nodes))))
                spop, size = list(sub_pop), [1] * len(nodes)
                for v in reversed(order[1:]):
                    spop[pred[v]] += spop[v]
                    size[pred[v]] += size[v]
                ok = [v for v in order[1:] if lo <= spop[v] <= hi and lo <= total - spop[v] <= hi]
                if ok:
                    v = ok[int(rng.integers(len(ok)))]
                    pos = {x: i for i, x in enumerate(order)}
                    inside = order[pos[v] : pos[v] + size[v]]
                    cur[nodes] = b
                    cur[nodes[inside]] = a
                    break
            c = cut(cur)
            if c < best_cut:
                best, best_cut, best_t = cur.copy(), c, time.perf_counter() - t0
    return best_cut, best_t


def instances(quick: bool) -> list[Instance]:
    county = 4.0 if quick else 10.0
    seeds3 = (0, 1, 2)
    vb = "vb_{}_{}_2010_dualgraph.json"
    return [
        Instance("NM counties", lambda: load_nx_json(DATA / vb.format("NM", "county"), "TOTPOP"),
                 3, 0.005, "17 (optimum)", county, seeds3),
        Instance("OK counties", lambda: load_nx_json(DATA / vb.format("OK", "county"), "TOTPOP"),
                 5, 0.005, "40 (optimum)", county, seeds3),
        Instance("IA counties", lambda: load_nx_json(DATA / vb.format("IA", "county"), "TOTPOP"),
                 4, 0.005, "33 (optimum)", county, seeds3),
        Instance("KS counties", lambda: load_nx_json(DATA / vb.format("KS", "county"), "TOTPOP"),
                 4, 0.005, "32 (optimum)", county, seeds3),
        Instance("NM tracts", lambda: load_nx_json(DATA / vb.format("NM", "tract"), "TOTPOP"),
                 3, 0.005, "<= 44 (opt. 43)", 10.0 if quick else 30.0, seeds3),
        Instance("AR block groups", lambda: load_nx_json(DATA / "AR_bg2020_graph.json", "tot_pop_20"),
                 100, 0.02, "feasible", 20.0 if quick else 60.0, (0,)),
        Instance("lattice 100x100", load_lattice, 100, 0.05, "feasible", 10.0 if quick else 20.0,
                 (0,) if quick else seeds3),
        Instance("fl25", load_fl25, 3, 0.01, "one of 8 plans", None, seeds3, fl25_check,
                 anchor=False),
    ]


def run(inst: Instance) -> dict:
    edges, pop, extra = inst.load()
    rows = []
    for seed in inst.seeds:
        t, cpu0 = time.perf_counter(), time.process_time()
        part = balanced_partition(edges, pop, inst.k, inst.tolerance, seed=seed,
                                  time_limit=inst.time_limit)
        wall = time.perf_counter() - t
        part.info["cpu"] = time.process_time() - cpu0
        assert is_contiguous(edges, part.labels, inst.k), f"{inst.name}: non-contiguous plan"
        verdict = inst.check(part.labels, extra) if inst.check else ""
        rows.append((part, wall, verdict))
        print(f"  {inst.name} seed {seed}: cut {part.cut_edges}, dev {100 * part.max_deviation:.3f} %, "
              f"ok {part.within_tolerance}, {wall:.1f} s (CPU {part.info['cpu']:.1f} s), best at "
              f"{part.info.get('seconds_to_best', 0):.1f} s {verdict}", file=sys.stderr)
    anchor = ("-", "-")
    if inst.anchor and inst.time_limit:
        a_cut, a_t = anchor_recom_short_bursts(edges, pop, inst.k, inst.tolerance, 0, inst.time_limit)
        anchor = ("no balanced seed" if a_cut is None else str(a_cut), f"{a_t:.1f}")
        print(f"  {inst.name} anchor: {anchor[0]} (best at {anchor[1]} s)", file=sys.stderr)
    cuts = [p.cut_edges for p, _, _ in rows]
    med = int(statistics.median_low(cuts))
    chosen = next(r for r in rows if r[0].cut_edges == med)
    return {
        "instance": inst.name, "n": len(pop), "k": inst.k, "tolerance": inst.tolerance,
        "target": inst.target, "ours": med, "per_seed": cuts,
        "dev": 100 * chosen[0].max_deviation,
        "within": all(p.within_tolerance for p, _, _ in rows),
        "seconds": statistics.median(w for _, w, _ in rows),
        "cpu": statistics.median(p.info["cpu"] for p, _, _ in rows),
        "to_best": statistics.median(p.info.get("seconds_to_best", 0.0) for p, _, _ in rows),
        "verdict": "; ".join(sorted({v for _, _, v in rows if v})),
        "anchor": anchor,
    }


def table(results: list[dict]) -> str:
    head = ("| instance | n | k | tolerance | target | ours (cut edges, median) | per seed | "
            "max deviation % | within tolerance | seconds (limit used) | CPU seconds | seconds to best | "
            "anchor: ReCom short bursts (cut edges, seed 0, same limit) | note |")
    lines = [head, "|" + "---|" * 14]
    for r in results:
        lines.append(
            f"| {r['instance']} | {r['n']} | {r['k']} | ±{100 * r['tolerance']:g} % | {r['target']} | "
            f"{r['ours']} | {', '.join(map(str, r['per_seed']))} | {r['dev']:.3f} | "
            f"{'yes' if r['within'] else 'NO'} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['to_best']:.1f} | "
            f"{r['anchor'][0]} | {r['verdict']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter time limits, fewer seeds")
    parser.add_argument("--only", nargs="*", help="instance names (substring match)")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found: {DATA}")
    chosen = [i for i in instances(args.quick)
              if not args.only or any(o.lower() in i.name.lower() for o in args.only)]
    results = [run(i) for i in chosen]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = "\n".join([
        "# Districting benchmark (`benchmarks/bench_districting.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores "
        f"(1-minute load average at the end {load:.1f}; "
        f"{'the machine was shared' if load > 1.5 else 'nothing else running'}). "
        "`balanced_partition(edges, population, k, tolerance, seed=s, time_limit=L)`, seeds "
        "0-2 (one seed on Arkansas); the wall time is the limit `L` because the search uses "
        "its whole budget; 'CPU seconds' is the process time of one run (median; below the "
        "wall time when other jobs shared the cores); 'seconds to best' is when the returned "
        "plan was first reached. "
        "fl25 runs with the default (deterministic, count-based) budget. The anchor column "
        "is GerryChain's method re-implemented here (recursive spanning-tree seed, then ReCom "
        "short bursts of 10 steps; GerryChain itself is not a dependency), run once with the "
        "same time limit.",
        "",
        table(results),
        "",
    ])
    print(text)
    if not args.only:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)


if __name__ == "__main__":
    main()
