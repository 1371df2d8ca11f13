"""Map rendering at city scale: 50,000 villages + 200,000 road segments + 5,000 grid
polygons (plus 6,136 posts, 10,000 key sites, 300 boundaries), full redraw of a
1600 x 1000 map into a QImage, as the canvas's worker thread does it. Target <= 300 ms.

Prints a Markdown table and writes it to benchmarks/results/render.md.
Usage: python benchmarks/bench_render.py [--png DIR]   (--png also saves each view)
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from PyQt6.QtGui import QGuiApplication  # noqa: E402
from synthetic_city import EPSG, synthetic_frames  # noqa: E402

from maps.render import MapScene, render_image  # noqa: E402
from maps.style.symbology import default_styles  # noqa: E402
from maps.viewport import Viewport  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "render.md"
WIDTH, HEIGHT = 1600, 1000
TARGET_MS = 300.0
RUNS = 5


def views(scene: MapScene) -> list[tuple[str, Viewport]]:
    full = Viewport.fit(scene.full_extent(), WIDTH, HEIGHT, margin=0.02)
    core = full.centred(*scene.layer_extent("grids")[:2]).centred(
        (scene.layer_extent("grids")[0] + scene.layer_extent("grids")[2]) / 2,
        (scene.layer_extent("grids")[1] + scene.layer_extent("grids")[3]) / 2,
    )
    return [
        ("full extent", full),
        ("district 1:100,000", core.with_scale(100_000)),
        ("town 1:50,000 (rural)", full.panned(500, -250).with_scale(50_000)),
        ("zoomed-in 1:25,000 (urban grids)", core.with_scale(25_000)),
        ("zoomed-in 1:25,000 (rural)", full.panned(500, -250).with_scale(25_000)),
        ("street 1:8,000", core.with_scale(8_000)),
    ]


def main(argv: list[str]) -> None:
    app = QGuiApplication.instance() or QGuiApplication([])
    png_dir = Path(argv[argv.index("--png") + 1]) if "--png" in argv else None
    t0 = time.perf_counter()
    frames = synthetic_frames()
    t1 = time.perf_counter()
    scene = MapScene.from_frames(frames, EPSG, metric=True)
    t2 = time.perf_counter()
    styles = default_styles()
    rows = []
    for name, vp in views(scene):
        render_image(scene, vp, styles)  # warm caches (sprites, glyphs, derived arrays)
        times, cpu, stats = [], [], None
        for _ in range(RUNS):
            c0 = time.process_time()
            img, stats = render_image(scene, vp, styles)
            cpu.append((time.process_time() - c0) * 1000.0)
            times.append(stats.ms)
        rows.append((name, f"1:{vp.scale_denominator():,.0f}", stats.features, stats.labels,
                     statistics.median(times), max(times), statistics.median(cpu)))
        if png_dir:
            png_dir.mkdir(parents=True, exist_ok=True)
            img.save(str(png_dir / f"render_{len(rows)}.png"))
    lines = [
        "# Map rendering benchmark",
        "",
        f"Synthetic city: {len(frames['villages']):,} villages, {len(scene['roads'].seg):,} road segments, "
        f"{len(frames['grids']):,} grid polygons, {len(frames['posts']):,} posts, {len(frames['key_sites']):,} key sites. "
        f"Map {WIDTH} x {HEIGHT} px, median of {RUNS} full redraws (background, all layers, labels) "
        f"into a QImage. Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        f"Scene build (projection, STRtree, drawing arrays): {t2 - t1:.2f} s "
        f"(once per project; synthetic data generation {t1 - t0:.2f} s).",
        "",
        f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. "
        "CPU ms is the render's own processor time (what it costs on an idle core); wall ms",
        "includes waiting for a core. The target is judged on CPU ms when the load average exceeds the",
        "core count, on wall ms otherwise.",
        "",
        "| view | scale | features drawn | labels | median wall ms | max wall ms | median CPU ms | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    busy = os.getloadavg()[0] > (os.cpu_count() or 1)
    for name, scale, feats, labels, med, worst, cpu_ms in rows:
        ok = "ok" if (cpu_ms if busy else med) <= TARGET_MS else "OVER"
        lines.append(f"| {name} | {scale} | {feats:,} | {labels} | {med:.0f} | {worst:.0f} | {cpu_ms:.0f} "
                     f"| <= {TARGET_MS:.0f} ms {ok} |")
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    del app


if __name__ == "__main__":
    main(sys.argv[1:])
