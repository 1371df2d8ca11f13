"""Grids: when the counted search stops, and what its stopping rule costs in quality.

Part 1 (the partition alone). The communities a redraw cuts into several grids
(:func:`gisdesk.services.grids.plan.community_tasks` on the county and city demos) are
partitioned by :func:`gisdesk.services.grids.balance.balance_community` under four rules:

- ``stall`` (the default): counted work; restarts stop when the plan meets its proven lower
  bound on cut edges or when ``stall_rounds`` restarts in a row found nothing better;
- ``all restarts + polish``: the same counted work without the stall rule (every restart the graph's
  size allows, then the polish);
- ``old clock``: the budget the grids had before counted work, 0.1 s plus 4 ms per unit of
  wall clock for each community (``time_limit``), always spent;
- ``10x work``: ten times the proposals and seed attempts of every phase, every restart, and
  the polish (on the scales of ``--long-scales``: the county by default; on the city it would
  take about 600 CPU seconds, hours of wall clock on the shared machine).

Quality is the sum of cut edges between the grids (what the search minimises), the largest
population deviation, and how many communities end with more cut edges than under the
longest rule measured on that demo (``10x work`` where measured, else ``all restarts``). Time is the sum over the communities of each call's wall clock and CPU time, so it
does not depend on how many run at once (``--jobs`` spreads the calls over processes).

Part 2 (end to end). ``python main.py grids COPY --workers N --json`` on a fresh copy of each
demo, as a user runs it, with 1 and 2 workers: wall seconds, the JSON's quality (max
deviation, mean Polsby-Popper, cut edges, communities proven) and whether the two plans
are the same. The load average before each run is printed and goes into the table header.

    python benchmarks/bench_grids.py                    # county and city, both parts
    python benchmarks/bench_grids.py --scales county --jobs 2
    python benchmarks/bench_grids.py --stall 1,2,3      # other stall counts, for choosing it
    python benchmarks/bench_grids.py --stall 1 --only-stall --rows rows.json
                                      # add the stall-1 rows to a table kept in rows.json
    python benchmarks/bench_grids.py --scales city --rows rows.json
                                      # keep the rows in rows.json: a later run of another scale adds to it
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "results" / "grids.md"
LONG = {"recom_scale": 10.0, "flip_scale": 10.0, "pool_count": 120, "stall_rounds": 99, "polish": True}
SAME_KEYS = ("grids", "urban_grids", "rural_grids", "max_deviation", "mean_polsby_popper", "cut_edges",
             "communities_proven", "exceptions")


def load() -> float:
    return os.getloadavg()[0]


def _setup(tuning: dict) -> None:
    from algorithms.districting import schedule

    schedule.TUNING.update(tuning)


def _one(args: tuple, old_clock: bool) -> tuple[int, float, bool, float, float]:
    """(cut edges, max deviation, proven, wall s, CPU s) of one community's partition."""
    import numpy as np

    from gisdesk.services.grids.balance import balance_community

    edges, pop, k, tol, seed, _, codes = args
    limit = 0.1 + 0.004 * len(pop) if old_clock else None
    t0, c0 = time.perf_counter(), time.process_time()
    labels, _, facts = balance_community(edges, pop, k, tol, seed, limit, codes)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    pops = np.bincount(labels, weights=pop, minlength=k)
    ideal = pop.sum() / k
    dev = float(np.max(np.abs(pops - ideal)) / ideal) if ideal else 0.0
    cut = int(np.count_nonzero(labels[edges[:, 0]] != labels[edges[:, 1]])) if len(edges) else 0
    return cut, dev, bool(facts["proven"]), wall, cpu


def run_rule(tasks: list[tuple], tuning: dict, old_clock: bool, jobs: int) -> list[tuple]:
    if jobs <= 1:
        from algorithms.districting import schedule

        saved = dict(schedule.TUNING)
        _setup(tuning)
        try:
            return [_one(t, old_clock) for t in tasks]
        finally:
            schedule.TUNING.clear()
            schedule.TUNING.update(saved)
    with ProcessPoolExecutor(jobs, initializer=_setup, initargs=(tuning,)) as pool:
        return list(pool.map(_one, tasks, [old_clock] * len(tasks), chunksize=4))


def demo(scale: str, folder: Path) -> Path:
    path = folder / f"{scale}.gpkg"
    if not path.exists():
        subprocess.run([sys.executable, "main.py", "demo", str(path), "--scale", scale, "--quiet"],
                       cwd=ROOT, check=True, capture_output=True)
    return path


def part1(scale: str, path: Path, stalls: list[int], jobs: int, long: bool, only_stall: bool = False) -> list[dict]:
    from gisdesk.services.grids.plan import community_tasks
    from layers.project import Project

    tasks = community_tasks(Project.open(path))
    rules = [(f"stall {s}" + (" (default)" if s == _default_stall() else ""), {"stall_rounds": s}, False)
             for s in stalls]
    rules.append(("all restarts + polish", {"stall_rounds": 99, "polish": True}, False))
    if not only_stall:
        rules.append(("old clock 0.1 s + 4 ms/unit", {}, True))
    if long and not only_stall:
        rules.append(("10x work", LONG, False))
    measured = {}
    for name, tuning, clock in rules:
        at = load()
        measured[name] = (run_rule(tasks, tuning, clock, jobs), at)
        print(f"{scale:7} {name:28} load {at:5.1f}  cut {sum(r[0] for r in measured[name][0])}", file=sys.stderr)
    reference = "10x work" if "10x work" in measured else "all restarts + polish"
    ref = [r[0] for r in measured[reference][0]]
    rows = []
    for name, (res, at) in measured.items():
        if only_stall and not name.startswith("stall"):
            continue
        worse = [r[0] - c for r, c in zip(res, ref, strict=True) if r[0] > c]
        rows.append({"scale": scale, "rule": name, "communities": len(tasks), "units": int(sum(len(t[1]) for t in tasks)),
                     "cut": sum(r[0] for r in res), "max_dev": max(r[1] for r in res),
                     "proven": sum(r[2] for r in res), "worse": len(worse), "extra": sum(worse),
                     "better": sum(1 for r, c in zip(res, ref, strict=True) if r[0] < c),
                     "wall": sum(r[3] for r in res), "cpu": sum(r[4] for r in res), "load": at,
                     "reference": reference})
    return rows


SCALE_ORDER = ("county", "city", "province")


def _rule_rank(rule: str) -> tuple[int, int]:
    if rule.startswith("stall "):
        return 0, int(rule.split()[1])
    return 1, ["all restarts + polish", "old clock 0.1 s + 4 ms/unit", "10x work"].index(rule)


def _default_stall() -> int:
    from algorithms.districting.schedule import TUNING

    return int(TUNING["stall_rounds"])


def part2(scale: str, path: Path, folder: Path) -> list[dict]:
    rows = []
    for workers in (1, 2):
        copy = folder / f"{scale}-w{workers}.gpkg"
        shutil.copyfile(path, copy)
        at = load()
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "main.py", "grids", str(copy), "--workers", str(workers), "--json",
                              "--quiet"], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        summary = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {}
        rows.append({"scale": scale, "workers": workers, "seconds": seconds, "load": at, "summary": summary,
                     "code": out.returncode})
        print(f"{scale:7} grids --workers {workers}: {seconds:.1f} s at load {at:.1f}", file=sys.stderr)
    return rows


def table(part1_rows: list[dict], part2_rows: list[dict], jobs: int) -> str:
    loads = [r["load"] for r in part1_rows] + [r["load"] for r in part2_rows]
    lo, hi = (min(loads), max(loads)) if loads else (0.0, 0.0)
    lines = [
        "# Grids: stopping rule",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} with {os.cpu_count()} cores "
        f"**at load averages of {lo:.1f} to {hi:.1f}** (other jobs shared the machine; the CPU seconds are "
        "what the search itself used, the wall seconds stretch with the load). `bench_grids.py`.",
        "",
        "The partition of every community cut into several grids, one call per community "
        f"({'in ' + str(jobs) + ' processes, ' if jobs > 1 else ''}seconds summed over the calls). "
        "Cut edges: between a community's grids, summed (what the search minimises). Worse / better: "
        "communities with more / fewer cut edges than under the reference rule (the longest measured on "
        "that demo; extra: the cut edges more in all).",
        "",
        "| demo | communities (units) | rule | cut edges | worse (extra) | better | reference | proven "
        "| max deviation | CPU s | wall s | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in part1_rows:
        lines.append(f"| {r['scale']} | {r['communities']} ({r['units']:,}) | {r['rule']} | {r['cut']} | "
                     f"{r['worse']} ({r['extra']}) | {r['better']} | {r['reference']} | {r['proven']} | "
                     f"{r['max_dev']:.1%} | "
                     f"{r['cpu']:.1f} | {r['wall']:.1f} | {r['load']:.1f} |")
    if part2_rows:
        lines += ["", "`python main.py grids DEMO --workers N --json`, end to end on a fresh copy (default rule):", "",
                  "| demo | workers | seconds | grids | max deviation | mean Polsby-Popper | cut edges | "
                  "communities proven | same plan as 1 worker | load |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        first: dict[str, dict] = {}
        for r in part2_rows:
            s = r["summary"]
            if r["code"] != 0:
                lines.append(f"| {r['scale']} | {r['workers']} | failed (exit {r['code']}) | | | | | | | |")
                continue
            key = {k: s.get(k) for k in SAME_KEYS}
            same = "" if r["workers"] == 1 else ("yes" if key == first.get(r["scale"]) else "NO")
            first.setdefault(r["scale"], key)
            lines.append(f"| {r['scale']} | {r['workers']} | {r['seconds']:.1f} | {s['grids']} | "
                         f"{s['max_deviation']:.1%} | {s['mean_polsby_popper']:.3f} | {s['cut_edges']} | "
                         f"{s['communities_proven']} / {s['communities_split']} | {same} | {r['load']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="county,city")
    ap.add_argument("--stall", default=None, help="stall counts to measure (default: the default one)")
    ap.add_argument("--long-scales", default="county", help="scales that also get the 10x work rule")
    ap.add_argument("--jobs", type=int, default=1, help="processes for part 1 (sums do not change)")
    ap.add_argument("--projects", type=Path, default=None, help="folder holding or receiving {scale}.gpkg")
    ap.add_argument("--skip-end-to-end", action="store_true")
    ap.add_argument("--only-stall", action="store_true",
                    help="measure only the --stall rules (against all restarts + polish) and no end to end; "
                         "with --rows the other rows stay")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--rows", type=Path, default=None,
                    help="JSON file of measured rows: rows of other scales found there stay in the table")
    args = ap.parse_args()
    stalls = [int(s) for s in args.stall.split(",")] if args.stall else [_default_stall()]
    rows1, rows2 = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.projects or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for scale in args.scales.split(","):
            path = demo(scale, folder)
            rows1 += part1(scale, path, stalls, args.jobs, scale in args.long_scales.split(","), args.only_stall)
            if not (args.skip_end_to_end or args.only_stall):
                rows2 += part2(scale, path, Path(tmp))
    if args.rows is not None:
        kept = json.loads(args.rows.read_text()) if args.rows.exists() else {"part1": [], "part2": []}
        new = {(r["scale"], r["rule"].removesuffix(" (default)")) for r in rows1}
        rows1 = [r for r in kept["part1"] if (r["scale"], r["rule"].removesuffix(" (default)")) not in new] + rows1
        rerun = {r["scale"] for r in rows2}
        rows2 = [r for r in kept["part2"] if r["scale"] not in rerun] + rows2
        rows1.sort(key=lambda r: (SCALE_ORDER.index(r["scale"]), _rule_rank(r["rule"])))
        rows2.sort(key=lambda r: (SCALE_ORDER.index(r["scale"]), r["workers"]))
        args.rows.write_text(json.dumps({"part1": rows1, "part2": rows2}))
    text = table(rows1, rows2, args.jobs)
    print(text)
    if not args.no_write:
        OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
