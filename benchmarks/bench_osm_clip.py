"""Does ``import ... --clip`` stream a large OpenStreetMap file, or load it whole?

A "province" is built by tiling the real Krems extract (../shared/data/osm/krems) N x N
times side by side (every copy moved by whole extents, ids renumbered) into one raw .osm
XML file in a temporary folder. Then, each in a fresh process, roads are imported from it
with ``--clip`` to one tile and without a clip, and the table prints the file size, the
rows imported, the wall time and the process's peak memory (ru_maxrss).

    python benchmarks/bench_osm_clip.py [--tiles 6]
"""

from __future__ import annotations

import argparse
import gzip
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KREMS = ROOT / ".." / "shared" / "data" / "osm" / "krems" / "krems.osm.gz"
ID_STEP = 10_000_000_000  # larger than any id in the extract: each tile's ids stay apart


def build(target: Path, tiles: int) -> tuple[float, float, float, float]:
    """Write the tiled file (moved into Henan); returns the first tile's box (lon/lat)."""
    with gzip.open(KREMS, "rb") as fh:
        root = ET.parse(fh).getroot()
    nodes = list(root.iter("node"))
    lons = [float(n.get("lon")) for n in nodes]
    lats = [float(n.get("lat")) for n in nodes]
    minx, maxx, miny, maxy = min(lons), max(lons), min(lats), max(lats)
    width, height = maxx - minx + 0.001, maxy - miny + 0.001
    east, north = 116.0 - minx, 34.0 - miny  # into Henan (a shift in degrees is enough for timing)
    with open(target, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n')
        for kind in ("node", "way", "relation"):
            for t in range(tiles * tiles):
                dx, dy, shift = east + (t % tiles) * width, north + (t // tiles) * height, t * ID_STEP
                for el in root.iter(kind):
                    el = _copy(el, shift)
                    if kind == "node":
                        el.set("lon", f"{float(el.get('lon')) + dx:.7f}")
                        el.set("lat", f"{float(el.get('lat')) + dy:.7f}")
                    out.write(ET.tostring(el, encoding="unicode"))
        out.write("</osm>\n")
    return minx + east, miny + north, maxx + east, maxy + north


def _copy(el: ET.Element, shift: int) -> ET.Element:
    new = ET.fromstring(ET.tostring(el))
    new.set("id", str(int(new.get("id")) + shift))
    for ref in new.iter():
        if ref.tag == "nd" or ref.tag == "member":
            ref.set("ref", str(int(ref.get("ref")) + shift))
    return new


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from layers.importing import ImportOptions, import_file
t = time.perf_counter()
r = import_file(sys.argv[1], "roads", options=ImportOptions(clip=sys.argv[2] or None))
print(json.dumps({{"rows": r.imported, "seconds": time.perf_counter() - t,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(path: Path, clip: str) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), clip],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr.strip().splitlines()[-1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "province.osm"
        started = time.perf_counter()
        minx, miny, maxx, maxy = build(path, args.tiles)
        size = path.stat().st_size / 1e6
        print(f"built {args.tiles}x{args.tiles} tiles of Krems: {size:.0f} MB OSM XML in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        one = f"{minx},{miny},{maxx},{maxy}"
        print("| file | clip | roads imported | seconds | peak memory MB |\n|---|---|---:|---:|---:|")
        for label, clip in (("one tile", one), ("none (whole file)", "")):
            r = run(path, clip)
            print(f"| {size:.0f} MB .osm | {label} | {r['rows']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
