"""Copy the latest benchmark tables (benchmarks/results/*.md) into the README."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["site", "scaling", "pmed", "cpmp", "bounded", "bounded_proof", "districting", "grids", "assign", "grid_edit", "render", "memory",
         "window_load", "osm_clip"]
TITLES = {
    "site": "Siting end to end (`bench_site.py`)",
    "pmed": "p-median, OR-Library pmed1-40 (`bench_pmed.py`)",
    "cpmp": "Capacitated p-median (`bench_cpmp.py`)",
    "bounded": "Size-bounded p-median against HiGHS (`bench_bounded.py`)",
    "bounded_proof": "Single groups to the proof, against HiGHS (`bench_bounded.py --proof`)",
    "districting": "Districting (`bench_districting.py`)",
    "grids": "Grids: when the search stops, and what that costs (`bench_grids.py`)",
    "grid_edit": "Grid editing latency (`bench_grid_edit.py`)",
    "render": "Map rendering at city scale (`bench_render.py`)",
    "memory": "Peak memory (`bench_memory.py`)",
    "window_load": "The window while the city demo is planned in the background (`bench_window_load.py`)",
    "scaling": "Scaling: every core, county to province (`bench_scaling.py`)",
    "assign": "Assigning officers to grids (`bench_assign.py`)",
    "osm_clip": "Importing from a large OpenStreetMap file (`bench_osm_clip.py`)",
}


def main() -> None:
    results = ROOT / "benchmarks" / "results"
    parts = []
    for name in ORDER:
        path = results / f"{name}.md"
        if not path.exists():
            continue
        body = path.read_text(encoding="utf-8").strip()
        body = re.sub(r"^#+ .*\n+", "", body)  # the README gives its own heading
        parts.append(f"### {TITLES[name]}\n\n{body}\n")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = "<!-- bench:start -->\n" + "\n".join(parts) + "<!-- bench:end -->"
    text = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _m: block, text, flags=re.S)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
