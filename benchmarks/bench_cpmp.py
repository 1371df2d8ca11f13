"""Capacitated p-median benchmark: Osman-Christofides cpmp01-20 and Lorena-Senne SJC.

Runs ``bounded_p_median`` (sizes = demand, min_size = 0, capacity = max_size, unit
weights: the CPMP objective is the plain sum of distances) and compares with the
literature's optimal values. Prints a Markdown table and writes benchmarks/results/cpmp.md.

    .venv/bin/python benchmarks/bench_cpmp.py [--oc-limit 3] [--sjc-limit 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from algorithms.location import bounded_p_median  # noqa: E402
from benchmarks._cpmp import best_known, lorena_senne_sjc, osman_christofides  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "cpmp.md"


def run(instances, limit: float, known) -> list[dict]:
    rows = []
    for inst in instances:
        n = len(inst.demand)
        t = time.perf_counter()
        sol = bounded_p_median(inst.cost, np.ones(n), 0, float(inst.capacity[0]),
                               sizes=inst.demand, p=inst.p, time_limit=limit)
        secs = time.perf_counter() - t
        bk = known[inst.name][0]
        rows.append({"name": inst.name, "n": n, "p": inst.p, "best": bk,
                     "ours": sol.objective, "gap": 100 * (sol.objective - bk) / bk,
                     "lb": sol.lower_bound, "secs": secs})
        print(f"  {inst.name}: {sol.objective:.2f} (best {bk:.2f}) lb {sol.lower_bound:.2f} "
              f"{secs:.1f}s", file=sys.stderr, flush=True)
    return rows


def table(title: str, rows: list[dict], hit_tol: float) -> str:
    out = [f"### {title}", "",
           "| instance | n | p | best known | ours | gap % | our lower bound | seconds |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['name']} | {r['n']} | {r['p']} | {r['best']:.2f} | {r['ours']:.2f} | "
                   f"{r['gap']:.2f} | {r['lb']:.2f} | {r['secs']:.1f} |")
    hits = sum(r["gap"] <= hit_tol for r in rows)
    out += ["", f"Optimum reached on **{hits} of {len(rows)}**; mean gap "
            f"**{statistics.mean(r['gap'] for r in rows):.3f} %**; median time "
            f"{statistics.median(r['secs'] for r in rows):.1f} s, max "
            f"{max(r['secs'] for r in rows):.1f} s.", ""]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--oc-limit", type=float, default=3.0)
    ap.add_argument("--sjc-limit", type=float, default=30.0)
    args = ap.parse_args()
    known = best_known()
    oc = run(osman_christofides(), args.oc_limit, known)
    sjc = run(lorena_senne_sjc(), args.sjc_limit, known)
    text = "\n".join([
        "## Capacitated p-median (bounded_p_median with sizes = demand, min_size = 0)", "",
        f"Time limit {args.oc_limit:g} s (Osman-Christofides, distances floored) and "
        f"{args.sjc_limit:g} s (Lorena-Senne SJC, real distances); 2-core machine.", "",
        table("Osman-Christofides cpmp01-20", oc, 1e-6),
        table("Lorena-Senne SJC", sjc, 0.005),
    ])
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n")


if __name__ == "__main__":
    main()
