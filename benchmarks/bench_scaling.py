"""Time and memory of ``site`` and ``grids`` on the county, city and province demos, with one
worker and with every core, and how time grows with the villages.

Every run is ``python main.py site|grids PROJECT --workers N --json --quiet`` on a fresh
copy of the demo project, exactly as a user runs it, in its own child process:

- seconds: the wall clock of that child;
- main MB: the child's own peak RSS (``ru_maxrss`` from ``os.wait4``, as bench_memory.py);
- all MB: the peak of the RSS summed over the child and its worker processes, sampled from
  /proc every 0.1 s (the workers are separate processes; this is what must fit in 4 GB);
- speed-up: the one-worker seconds over these seconds (same command, same project);
- same plan: the JSON summary (offices, objective, bound / grids, deviation, Polsby-Popper,
  exceptions) equals the one-worker run's.

The exponent of time against villages is the slope of a least-squares line through
(log villages, log seconds) over the scales measured. The machine's load average is
printed before every run: when it exceeds the core count, other processes competed for
the cores and the seconds (and the speed-ups above all) understate what a quiet machine
does; the table header says so.

    python benchmarks/bench_scaling.py                        # all (the province takes long)
    python benchmarks/bench_scaling.py --scales county,city   # quicker
    python benchmarks/bench_scaling.py --scales county,city --repeat 3   # medians of 3 runs each
    python benchmarks/bench_scaling.py --projects DIR         # reuse DIR/{county,city,province}.gpkg
    python benchmarks/bench_scaling.py --scales province --single-scales none --record runs.jsonl
                                                              # the province with all workers only, kept in
                                                              # runs.jsonl; a later run with --record adds to it
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALES = ("county", "city", "province")
COMMANDS = ("site", "grids")
SAME_KEYS = {
    "site": ("offices", "workstations", "villages", "objective", "lower_bound", "mean_km", "max_km", "exceptions"),
    "grids": ("grids", "urban_grids", "rural_grids", "max_deviation", "mean_polsby_popper", "contiguous", "exceptions"),
}


@dataclass
class Run:
    scale: str
    command: str
    workers: int
    villages: int
    seconds: float
    main_mb: float
    all_mb: float
    load: float
    code: int
    summary: dict = field(default_factory=dict)
    error: str = ""
    times: list[float] = field(default_factory=list)  # every repetition's seconds (``seconds`` is their median)
    plans_agree: bool = True  # every repetition gave the same summary


def combined(reps: list[Run]) -> Run:
    """One row from repetitions of the same run: the median seconds, the highest memory and
    load, the first summary; ``plans_agree`` says whether every repetition's plan was equal."""
    first = reps[0]
    keys = SAME_KEYS[first.command]
    agree = all(all(r.summary.get(k) == first.summary.get(k) for k in keys) for r in reps)
    bad = [r for r in reps if r.code]
    return Run(first.scale, first.command, first.workers, first.villages, statistics.median(r.seconds for r in reps),
               max(r.main_mb for r in reps), max(r.all_mb for r in reps), max(r.load for r in reps),
               bad[0].code if bad else 0, first.summary, bad[0].error if bad else "",
               [round(r.seconds, 1) for r in reps], agree)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _tree_rss_mb(root: int) -> float:
    """RSS summed over ``root`` and its descendants (from /proc), in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, family = 0, {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                changed = True
    for pid in family:
        total += rss.get(pid, 0)
    return total / 2**20


def run(scale: str, command: str, workers: int, source: Path, villages: int, tmp: Path) -> Run:
    project = tmp / f"{scale}-{command}-{workers}.gpkg"
    shutil.copyfile(source, project)
    cmd = [sys.executable, str(ROOT / "main.py"), command, str(project), "--workers", str(workers), "--json", "--quiet"]
    load = os.getloadavg()[0]
    peak = [0.0]
    with open(tmp / "out.txt", "w") as out, open(tmp / "err.txt", "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
    code = os.waitstatus_to_exitcode(status)
    lines = (tmp / "out.txt").read_text(encoding="utf-8").strip().splitlines()
    try:
        summary = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        summary = {}
    errors = (tmp / "err.txt").read_text(encoding="utf-8").strip().splitlines()
    project.unlink(missing_ok=True)
    return Run(scale, command, workers, villages, seconds, usage.ru_maxrss / 1024.0, peak[0], load, code, summary,
               errors[-1] if errors else "")


def _village_count(path: Path) -> int:
    import pyogrio

    return int(pyogrio.read_info(path, layer="villages")["features"])


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Slope of log seconds against log villages (least squares); None under two scales."""
    if len(points) < 2:
        return None
    xs = [math.log(v) for v, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else None


def same_plan(a: Run, b: Run) -> str:
    if a.code or b.code:
        return "-"
    keys = SAME_KEYS[a.command]
    return "yes" if all(a.summary.get(k) == b.summary.get(k) for k in keys) else "NO"


def table(runs: list[Run], n_cores: int) -> str:
    lines = ["| scale | villages | command | workers | seconds | runs (s) | main MB | all MB | speed-up | same plan | "
             "load at start |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    base = {(r.scale, r.command): r for r in runs if r.workers == 1}
    for r in runs:
        one = base.get((r.scale, r.command))
        if r.code:
            lines.append(f"| {r.scale} | {r.villages:,} | {r.command} | {r.workers} | FAILED (exit {r.code}: "
                         f"{r.error[:80]}) | | {r.main_mb:.0f} | {r.all_mb:.0f} | | | {r.load:.1f} |")
            continue
        speed = f"{one.seconds / r.seconds:.2f}x" if one is not None and not one.code else ""
        same = same_plan(one, r) if one is not None and r.workers != 1 else ""
        if not r.plans_agree:
            same = "NO (repetitions differ)"
        runs_text = " / ".join(f"{t:.1f}" for t in r.times) if len(r.times) > 1 else ""
        lines.append(f"| {r.scale} | {r.villages:,} | {r.command} | {r.workers} | {r.seconds:.1f} | {runs_text} | "
                     f"{r.main_mb:.0f} | {r.all_mb:.0f} | {speed} | {same} | {r.load:.1f} |")
    lines += ["", "| command | workers | exponent of seconds against villages | scales |", "|---|---|---|---|"]
    for command in COMMANDS:
        for w in sorted({r.workers for r in runs}):
            pts = [(r.villages, r.seconds) for r in runs if r.command == command and r.workers == w and not r.code]
            e = exponent(pts)
            if e is not None:
                scales = ", ".join(r.scale for r in runs if r.command == command and r.workers == w and not r.code)
                lines.append(f"| {command} | {w} | {e:.2f} | {scales} |")
    return "\n".join(lines)


def header(runs: list[Run], n_cores: int, loads: list[float]) -> str:
    top = max(loads) if loads else 0.0
    text = (f"# Scaling: site and grids with 1 and {n_cores} workers\n\n"
            f"`python benchmarks/bench_scaling.py` on {platform.machine()}, {n_cores} cores, Python "
            f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n")
    if top > n_cores:
        text += (f"**The machine was shared: the load average reached {top:.1f} on {n_cores} cores** "
                 "(other processes competed for the cores), so the seconds, and the speed-ups above all, "
                 "understate a quiet machine. Memory is not affected by load.\n")
    else:
        text += f"Load average at most {top:.1f} on {n_cores} cores.\n"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES), help="comma separated, of county, city, province")
    parser.add_argument("--commands", default=",".join(COMMANDS), help="comma separated, of site, grids")
    parser.add_argument("--workers", type=int, default=cores(), help="the many-worker count (default: every core)")
    parser.add_argument("--projects", type=Path, default=None,
                        help="folder holding (or receiving) county.gpkg, city.gpkg, province.gpkg demo projects")
    parser.add_argument("--single-scales", default=",".join(SCALES),
                        help="the scales that also get a one-worker run (comma separated, or none)")
    parser.add_argument("--record", type=Path, default=None,
                        help="JSON lines file: runs recorded there before are part of the table, new ones are added")
    parser.add_argument("--out", type=Path, default=None, help="also write the table to this file")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each row, the worker counts alternating; the table gives their median")
    args = parser.parse_args(argv)
    scales = [s for s in args.scales.split(",") if s]
    commands = [c for c in args.commands.split(",") if c]
    single = [s for s in args.single_scales.split(",") if s]
    runs: list[Run] = []
    loads: list[float] = []
    if args.record is not None and args.record.exists():
        for line in args.record.read_text(encoding="utf-8").splitlines():
            if line.strip():
                runs.append(Run(**json.loads(line)))
                loads.append(runs[-1].load)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = args.projects or tmp
        store.mkdir(parents=True, exist_ok=True)
        for scale in scales:
            source = store / f"{scale}.gpkg"
            if not source.exists():
                print(f"writing the {scale} demo ...", file=sys.stderr, flush=True)
                subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(source), "--scale", scale,
                                "--quiet"], cwd=ROOT, check=True)
            villages = _village_count(source)
            for command in commands:
                counts = sorted({1, args.workers} if scale in single else {args.workers})
                reps: dict[int, list[Run]] = {w: [] for w in counts}
                for rep in range(args.repeat):
                    for w in counts:
                        print(f"{scale} {command} --workers {w} run {rep + 1}/{args.repeat} "
                              f"(load {os.getloadavg()[0]:.1f}) ...", file=sys.stderr, flush=True)
                        r = run(scale, command, w, source, villages, tmp)
                        loads.append(max(r.load, os.getloadavg()[0]))
                        print(f"  {r.seconds:.1f} s, main {r.main_mb:.0f} MB, all {r.all_mb:.0f} MB, exit {r.code}",
                              file=sys.stderr, flush=True)
                        reps[w].append(r)
                for w in counts:
                    r = combined(reps[w])
                    runs = [x for x in runs if (x.scale, x.command, x.workers) != (scale, command, w)] + [r]
                    if args.record is not None:
                        with open(args.record, "a", encoding="utf-8") as f:
                            f.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
    order = {s: k for k, s in enumerate(SCALES)}
    runs.sort(key=lambda r: (order.get(r.scale, 9), COMMANDS.index(r.command), r.workers))
    text = header(runs, args.workers, loads) + "\n" + table(runs, args.workers) + "\n"
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 1 if any(r.code for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
