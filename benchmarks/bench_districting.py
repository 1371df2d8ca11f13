"""Benchmark of ``algorithms.districting.balanced_partition`` on published instances.

Instances (files in ``../shared/bench/districting``):
- Validi & Buchanan county dual graphs at +-0.5 % (1 % total deviation), published optimum
  cut edges: NM k=3 17, OK k=5 40, IA k=4 33, KS k=4 32; target: optimum (+1) in <= 10 s;
- NM census tracts k=3 at +-0.5 %: target <= 44 cut edges in <= 30 s;
- Arkansas 2020 block groups (GerryChain tutorial graph) into 100 districts at +-2 % in <= 60 s;
- a synthetic 100 x 100 lattice with random populations 30-400 into 100 grids at +-5 % in <= 20 s;
- fl25 into 3 at +-1 %: the plan must be one of the 8 enumerated plans within 1 %.

When ``gerrychain`` is installed (the optional ``bench`` extra), the real GerryChain 1.0 runs on
every instance with a time limit, with the same seeds and limit, in the same run (recursive tree
seed, then ReCom short bursts minimising cut edges); otherwise its column is skipped.
Prints a Markdown table (medians over seeds) and writes ``benchmarks/results/districting.md``.
Usage: ``python benchmarks/bench_districting.py [--quick] [--only NAME ...] [--no-gerrychain]``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from algorithms.districting import balanced_partition, is_contiguous  # noqa: E402

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
    gerrychain: bool = True  # also run the real GerryChain (same seeds, same limit)


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


class _Deadline(BaseException):
    """Raised by the interval timer when GerryChain's time limit is up (BaseException, so no
    ``except Exception`` inside GerryChain swallows it)."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _Deadline


def run_gerrychain(
    edges: np.ndarray, pop: np.ndarray, k: int, tol: float, seed: int, time_limit: float,
    burst: int = 10,
) -> dict:
    """The real GerryChain 1.0, as its optimisation tutorial uses it: a balanced seed from
    ``recursive_tree_part`` at the same tolerance (each bipartition gives up after 1,000
    spanning trees, GerryChain's warning threshold, and the whole seed is drawn again until
    one is balanced; its default of 100,000 trees can spend minutes on one dead end), then
    ``SingleMetricOptimizer.short_bursts`` (bursts of ``burst`` ReCom steps with GerryChain's
    default ``recom``) minimising cut edges, under a population constraint at the same
    tolerance, until ``time_limit`` wall seconds from the start of the seed are up.
    Returns cut edges (None without a balanced seed), wall seconds, CPU seconds, seconds to
    best, and the best plan as labels."""
    import random
    import warnings

    import networkx as nx
    from gerrychain import Graph
    from gerrychain import Partition as GCPartition
    from gerrychain.constraints import within_percent_of_ideal_population
    from gerrychain.optimization import SingleMetricOptimizer
    from gerrychain.partition import recursive_tree_part
    from gerrychain.proposals import recom
    from gerrychain.tree import PopulationBalanceError, bipartition_tree
    from gerrychain.updaters import Tally, cut_edges

    nxg = nx.Graph()
    nxg.add_nodes_from((i, {"population": float(p)}) for i, p in enumerate(pop))
    nxg.add_edges_from(map(tuple, edges.tolist()))
    graph = Graph.from_networkx(nxg).convert_from_nx_to_rx()  # what Partition does; seeds 3x faster
    ideal = float(pop.sum()) / k
    rng = random.Random(seed)
    seeding = partial(bipartition_tree, max_attempts=1000)
    proposal = partial(recom, pop_col="population", pop_target=ideal, epsilon=tol)
    best: dict | None = None
    t0, cpu0 = time.perf_counter(), time.process_time()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            while True:
                try:
                    assignment = recursive_tree_part(graph, range(k), ideal, "population", tol,
                                                     bipartition_tree_fn=seeding, rng=rng)
                    break
                except (RuntimeError, PopulationBalanceError):
                    continue
            start = GCPartition(graph, assignment,
                                {"population": Tally("population"), "cut_edges": cut_edges})
            best = {"part": start, "at": time.perf_counter() - t0}
            optimizer = SingleMetricOptimizer(
                proposal, within_percent_of_ideal_population(start, tol), start,
                lambda p: len(p["cut_edges"]), maximize=False, rng=rng)
            score = len(start["cut_edges"])
            for _ in optimizer.short_bursts(burst, 10**9):
                if optimizer.best_score < score:
                    score = optimizer.best_score
                    best = {"part": optimizer.best_part, "at": time.perf_counter() - t0}
    except _Deadline:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    if best is None:
        return {"cut": None, "seconds": wall, "cpu": cpu, "to_best": None, "labels": None}
    labels = np.empty(len(pop), dtype=np.int64)
    for node, part in best["part"].assignment.items():
        labels[int(graph.original_nx_node_id_for_internal_node_id(node))] = int(part)
    cut = int(np.count_nonzero(labels[edges[:, 0]] != labels[edges[:, 1]]))
    assert cut == len(best["part"]["cut_edges"]), "GerryChain's plan read back wrongly"
    return {"cut": cut, "seconds": wall, "cpu": cpu, "to_best": best["at"], "labels": labels}


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
                 gerrychain=False),
    ]


def run(inst: Instance, with_gerrychain: bool) -> dict:
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
    gc_rows = []
    if with_gerrychain and inst.gerrychain and inst.time_limit:
        ideal = pop.sum() / inst.k
        for seed in inst.seeds:
            g = run_gerrychain(edges, pop, inst.k, inst.tolerance, seed, inst.time_limit)
            if g["labels"] is not None:
                dist_pop = np.bincount(g["labels"], weights=pop, minlength=inst.k)
                assert is_contiguous(edges, g["labels"], inst.k), f"{inst.name}: GerryChain plan not contiguous"
                assert np.all(np.abs(dist_pop - ideal) <= inst.tolerance * ideal + 1e-9), \
                    f"{inst.name}: GerryChain plan out of tolerance"
            gc_rows.append(g)
            print(f"  {inst.name} GerryChain seed {seed}: cut {g['cut']}, {g['seconds']:.1f} s "
                  f"(CPU {g['cpu']:.1f} s), best at {g['to_best']} s", file=sys.stderr)
    cuts = [p.cut_edges for p, _, _ in rows]
    med = int(statistics.median_low(cuts))
    chosen = next(r for r in rows if r[0].cut_edges == med)
    gc_cuts = [g["cut"] for g in gc_rows if g["cut"] is not None]
    return {
        "instance": inst.name, "n": len(pop), "k": inst.k, "tolerance": inst.tolerance,
        "target": inst.target, "ours": med, "per_seed": cuts,
        "dev": 100 * chosen[0].max_deviation,
        "within": all(p.within_tolerance for p, _, _ in rows),
        "limit": inst.time_limit,
        "seconds": statistics.median(w for _, w, _ in rows),
        "cpu": statistics.median(p.info["cpu"] for p, _, _ in rows),
        "to_best": statistics.median(p.info.get("seconds_to_best", 0.0) for p, _, _ in rows),
        "verdict": "; ".join(sorted({v for _, _, v in rows if v})),
        "gc": gc_rows,
        "gc_median": int(statistics.median_low(gc_cuts)) if gc_cuts else None,
    }


def _gc_cells(r: dict) -> list[str]:
    """GerryChain's cells: median cut edges, per seed, wall and CPU seconds, seconds to best, ratio."""
    if not r["gc"]:
        return ["-"] * 6
    per_seed = ", ".join("no balanced seed" if g["cut"] is None else str(g["cut"]) for g in r["gc"])
    found = [g["to_best"] for g in r["gc"] if g["to_best"] is not None]
    med = r["gc_median"]
    return [
        "no balanced seed" if med is None else str(med),
        per_seed,
        f"{statistics.median(g['seconds'] for g in r['gc']):.1f}",
        f"{statistics.median(g['cpu'] for g in r['gc']):.1f}",
        f"{statistics.median(found):.1f}" if found else "-",
        "-" if med is None else f"{med / r['ours']:.2f}",
    ]


def table(results: list[dict]) -> str:
    head = ("| instance | n | k | tolerance | target | time limit (s) | ours: cut edges (median) | ours per seed | "
            "ours max deviation % | ours within tolerance | ours wall seconds used | ours CPU seconds | "
            "ours seconds to best | GerryChain 1.0: cut edges (median) | GerryChain per seed | "
            "GerryChain wall seconds | GerryChain CPU seconds | GerryChain seconds to best | GerryChain / ours (cut edges) | note |")
    rows = [head, "|" + "---|" * 20]
    for r in results:
        limit = "default budget" if r["limit"] is None else f"{r['limit']:g}"
        cells = [
            r["instance"], str(r["n"]), str(r["k"]), f"±{100 * r['tolerance']:g} %", r["target"], limit,
            str(r["ours"]), ", ".join(map(str, r["per_seed"])), f"{r['dev']:.3f}",
            "yes" if r["within"] else "NO", f"{r['seconds']:.1f}", f"{r['cpu']:.1f}", f"{r['to_best']:.1f}",
            *_gc_cells(r), r["verdict"],
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def gerrychain_version() -> str | None:
    """The installed GerryChain's version, or None when it is not installed (the optional
    ``bench`` extra: ``pip install -e '.[bench]'``)."""
    try:
        from importlib.metadata import version

        import gerrychain  # noqa: F401
    except ImportError:
        return None
    return version("gerrychain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter time limits, fewer seeds")
    parser.add_argument("--only", nargs="*", help="instance names (substring match)")
    parser.add_argument("--no-gerrychain", action="store_true", help="skip the GerryChain column")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found: {DATA}")
    gc_version = None if args.no_gerrychain else gerrychain_version()
    if gc_version is None:
        print("GerryChain column skipped: " + ("--no-gerrychain" if args.no_gerrychain else
              "gerrychain is not installed (pip install -e '.[bench]')"), file=sys.stderr)
    chosen = [i for i in instances(args.quick)
              if not args.only or any(o.lower() in i.name.lower() for o in args.only)]
    load_start = os.getloadavg()[0]
    results = [run(i, gc_version is not None) for i in chosen]
    load = os.getloadavg()[0]
    baseline = (
        f"GerryChain {gc_version} itself (the optional `bench` extra), run in the same process right "
        "after ours on every instance with a time limit, with the same seeds and the same limit: "
        "`recursive_tree_part` for a balanced seed at the same tolerance (each bipartition gives up "
        "after 1,000 spanning trees and the seed is drawn again until balanced; GerryChain's default "
        "100,000 can spend minutes on one dead end), then `SingleMetricOptimizer.short_bursts` with "
        "bursts of 10 default `recom` steps minimising cut edges under "
        "`within_percent_of_ideal_population` at the same tolerance, until the limit (its clock starts "
        "once its graph is built, networkx converted to rustworkx as `Partition` does, like ours "
        "after loading). Its plans are checked here: "
        "contiguous and within tolerance. 'GerryChain / ours' is the ratio of the medians (above 1: "
        "GerryChain's plans cut more edges). fl25 has no time limit and no GerryChain run."
        if gc_version else "GerryChain was not installed for this run, so it has no column."
    )
    text = "\n".join([
        "# Districting benchmark (`benchmarks/bench_districting.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, "
        f"1-minute load average {load_start:.1f} at the start and {load:.1f} at the end "
        f"({'the machine was shared with other jobs' if max(load, load_start) > 1.5 else 'nothing else running'}). "
        "Ours: `balanced_partition(edges, population, k, tolerance, seed=s, time_limit=L)`, seeds "
        "0-2 (one seed on Arkansas and on the quick lattice); 'wall seconds used' is the median wall "
        "time of one run (below `L` when the search stopped early, when stalled or proven); "
        "'CPU seconds' is its process time (below the wall time when other jobs shared the cores); "
        "'seconds to best' is when the returned plan was first reached. fl25 runs with the default "
        "(deterministic, count-based) budget. " + baseline,
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
