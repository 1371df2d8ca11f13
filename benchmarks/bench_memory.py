"""Peak memory of the heavy commands, each in its own child process.

Issue 7 ("memory stays bounded"): the city demo's generation, siting and grid redraw, and
the county atlas by office, must each stay within 2 GB of resident memory. Every step is
``python main.py ...`` exactly as a user runs it; its peak RSS is the ``ru_maxrss`` of
that one child (``os.wait4``), its time the wall clock (the machine may be shared: the
seconds are indicative, the memory is not affected by load).

    python benchmarks/bench_memory.py                 # all steps (several minutes)
    python benchmarks/bench_memory.py --only county   # the county steps only (quick check)

Prints a Markdown table and writes it to ``benchmarks/results/memory.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "memory.md"
TARGET_MB = 2048.0


@dataclass
class Step:
    name: str
    scale: str  # "city" or "county": which demo project it works on
    argv: list[str]  # after ``main.py``; "{project}" and "{tmp}" are filled in
    measured: bool = True  # False: set-up only (still reported, without a target)


STEPS = [
    Step("demo --scale city", "city", ["demo", "{project}", "--scale", "city", "--seed", "1"]),
    Step("site (city demo)", "city", ["site", "{project}"]),
    Step("grids (city demo)", "city", ["grids", "{project}"]),
    Step("demo --scale county", "county", ["demo", "{project}", "--scale", "county", "--seed", "1"], measured=False),
    Step("site (county demo)", "county", ["site", "{project}"], measured=False),
    Step("print --by office (county demo)", "county", ["print", "{project}", "--out", "{tmp}/offices.pdf", "--by", "office"]),
]


@dataclass
class Measurement:
    step: Step
    seconds: float
    peak_mb: float
    code: int
    summary: dict
    error: str


def run_step(step: Step, project: Path, tmp: Path) -> Measurement:
    """Run one step in a child process; its own peak RSS from ``wait4``."""
    argv = [a.format(project=project, tmp=tmp) for a in step.argv]
    cmd = [sys.executable, str(ROOT / "main.py"), *argv, "--json", "--quiet"]
    out_path, err_path = tmp / "stdout.txt", tmp / "stderr.txt"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = out_path.read_text(encoding="utf-8").strip().splitlines()
    try:
        summary = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        summary = {}
    error = err_path.read_text(encoding="utf-8").strip().splitlines()
    return Measurement(step, seconds, usage.ru_maxrss / 1024.0, proc.returncode, summary, error[-1] if error else "")


def table(rows: list[Measurement]) -> str:
    lines = [
        "| step | seconds | peak MB | target | result |",
        "|---|---|---|---|---|",
    ]
    for m in rows:
        target = f"<= {TARGET_MB:.0f} MB" if m.step.measured else "(set-up)"
        if m.code != 0:
            verdict = f"FAILED (exit {m.code}: {m.error[:80]})"
        elif not m.step.measured:
            verdict = ""
        else:
            verdict = "ok" if m.peak_mb <= TARGET_MB else "OVER"
        lines.append(f"| {m.step.name} | {m.seconds:.1f} | {m.peak_mb:.0f} | {target} | {verdict} |")
    return "\n".join(lines)


def details(rows: list[Measurement]) -> str:
    """What each step produced, so a reader can see the sizes behind the numbers."""
    out = []
    for m in rows:
        s = m.summary
        keys = [k for k in ("villages", "units", "roads", "offices", "workstations", "grids", "pages") if k in s]
        if keys:
            out.append(f"- {m.step.name}: " + ", ".join(f"{k} {s[k]}" for k in keys))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("city", "county"), help="run the steps of one demo only")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not write results/memory.md")
    args = parser.parse_args(argv)

    steps = [s for s in STEPS if args.only in (None, s.scale)]
    rows: list[Measurement] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for step in steps:
            project = tmp / f"{step.scale}.gpkg"
            print(f"running {step.name} ...", file=sys.stderr, flush=True)
            m = run_step(step, project, tmp)
            print(f"  {m.seconds:.1f} s, {m.peak_mb:.0f} MB, exit {m.code}", file=sys.stderr, flush=True)
            rows.append(m)
            if m.code != 0 and step.argv[0] == "demo":
                break  # nothing to run the other steps on
    text = table(rows)
    extra = details(rows)
    print(text)
    if extra:
        print()
        print(extra)
    if not args.no_write:
        cpu = os.cpu_count()
        header = (
            "# Peak memory (RSS) of the heavy commands\n\n"
            "`python benchmarks/bench_memory.py`: each step is `python main.py ... --json --quiet` in its own "
            "child process; peak MB is that child's `ru_maxrss` (os.wait4), seconds the wall clock.\n"
            f"Machine: {platform.machine()}, {cpu} cores, Python {platform.python_version()} "
            f"(load average {os.getloadavg()[0]:.1f} at the end; seconds are indicative, memory is not affected by load).\n\n"
        )
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(header + text + "\n" + ("\n" + extra + "\n" if extra else ""), encoding="utf-8")
    failed = [m for m in rows if m.code != 0 or (m.step.measured and m.peak_mb > TARGET_MB)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
