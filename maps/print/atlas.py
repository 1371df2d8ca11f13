"""The beat-map atlas: one page per grid, office or station, plus station overviews.

Pages are drawn with the same renderer as the canvas (vector PDF through QPdfWriter, the
bundled CJK font embedded) or into PNG images. The PDF is written beside its target and
renamed when complete, so a crash never leaves half an atlas; a feature that cannot be
drawn is reported and its page skipped. Memory stays flat: one scene for the whole run,
one page painted at a time.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from PyQt6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PyQt6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from layers.project import Project
from maps.print import furniture as F
from maps.print.pages import OfficerCard, PagePlanner, PageSpec
from maps.render.qtarrays import polygonf
from maps.render.renderer import render
from maps.render.scene import MapScene
from maps.style.fonts import ensure_fonts
from maps.style.legend_rows import draw_swatch, legend_entries
from maps.style.symbology import default_styles
from maps.viewport import Viewport

PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}


@dataclass
class AtlasResult:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    out: str = ""
    png: list[str] = field(default_factory=list)


def _draw_map(painter: QPainter, scene: MapScene, spec: PageSpec, frame: QRectF, dpi: float) -> Viewport:
    """Map of the page's area fitted into ``frame`` with a margin; neighbours veiled."""
    b = spec.area.bounds
    pad = 0.08 * max(b[2] - b[0], b[3] - b[1], 200.0)
    vp = Viewport.fit((b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad), int(frame.width()), int(frame.height()))
    painter.save()
    painter.translate(frame.topLeft())
    painter.setClipRect(QRectF(0, 0, frame.width(), frame.height()))
    render(painter, scene, vp, None, dpi_scale=dpi / 96.0, faded_outside=spec.area, highlight=spec.highlight or None)
    _outline(painter, vp, spec, dpi)
    painter.restore()
    return vp


def _outline(painter: QPainter, vp: Viewport, spec: PageSpec, dpi: float) -> None:
    """The page's area outlined in red, as on a hand-drawn beat map."""
    path = QPainterPath()
    for poly in shapely.get_parts(shapely.make_valid(spec.area)):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = shapely.get_coordinates(ring)
            sx, sy = vp.world_to_screen(xy[:, 0], xy[:, 1])
            path.addPolygon(polygonf(np.column_stack([sx, sy])))
            path.closeSubpath()
    pen = QPen(QColor("#c0392b"), 2.2 * dpi / 96.0)
    pen.setDashPattern([6, 2])
    painter.strokePath(path, pen)


def draw_page(painter: QPainter, paper: F.Paper, size_mm: tuple[float, float], scene: MapScene, spec: PageSpec,
              number: int, total: int) -> None:
    """One complete page: title, map, scale bar, north arrow, legend, card, facts, table, footer."""
    w, h = size_mm
    m = 10.0
    painter.fillRect(paper.rect(0, 0, w, h), QColor("white"))
    # title band
    painter.setPen(F.ACCENT)
    painter.setFont(paper.font(17 if w < 250 else 22, bold=True))
    painter.drawText(paper.rect(m, m - 1, w - 2 * m, 10), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, spec.title)
    painter.setPen(paper.pen(F.ACCENT, 0.6))
    painter.drawLine(paper.rect(m, m + 10.5, w - 2 * m, 0).topLeft(), paper.rect(m, m + 10.5, w - 2 * m, 0).topRight())
    # map frame
    map_h = (h - 2 * m) * 0.58
    frame = paper.rect(m, m + 13, w - 2 * m, map_h)
    vp = _draw_map(painter, scene, spec, frame, paper.dpi)
    painter.setPen(paper.pen(F.INK, 0.35))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame)
    F.north_arrow(painter, paper, w - m - 9, m + 13 + 11)
    painter.fillRect(paper.rect(m + 2, m + 13 + map_h - 9, 62, 7), QColor(255, 255, 255, 210))
    F.scale_bar(painter, paper, m + 5, m + 13 + map_h - 5, 50, vp.mpp)
    painter.setPen(F.MUTED)
    painter.setFont(paper.font(6.5))
    painter.drawText(paper.rect(m + 40, m + 13 + map_h - 8.6, 30, 3), Qt.AlignmentFlag.AlignRight,
                     f"1:{vp.scale_denominator(paper.dpi):,.0f}")
    # lower panels
    top = m + 13 + map_h + 4
    col_w = (w - 2 * m - 8) / 3
    panel_h = 42.0
    legend_rect = F.boxed_title(painter, paper, paper.rect(m, top, col_w, panel_h), "图例")
    draw_legend(painter, legend_rect.adjusted(paper.mm(2), paper.mm(1.5), -paper.mm(1), -paper.mm(1)), paper, scene, vp.extent)
    card_rect = F.boxed_title(painter, paper, paper.rect(m + col_w + 4, top, col_w, panel_h), "警民联系卡")
    card = spec.card or OfficerCard()
    F.key_values(painter, paper, card_rect, [("警务站点", card.post), ("责任民警", card.officer), ("联系电话", card.phone),
                                             ("所属警务室", card.address)])
    facts_rect = F.boxed_title(painter, paper, paper.rect(m + 2 * (col_w + 4), top, col_w, panel_h), "基本情况")
    F.key_values(painter, paper, facts_rect, spec.facts)
    table_top = top + panel_h + 4
    table_rect = F.boxed_title(painter, paper, paper.rect(m, table_top, w - 2 * m, h - m - 6 - table_top), spec.table_title)
    inner = table_rect.adjusted(paper.mm(1.5), paper.mm(1.5), -paper.mm(1.5), -paper.mm(1))
    F.table(painter, paper, inner, spec.table)
    # footer
    painter.setPen(F.MUTED)
    painter.setFont(paper.font(7))
    footer = paper.rect(m, h - m - 4, w - 2 * m, 4)
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft, f"制图日期：{_dt.date.today():%Y年%m月%d日}    坐标系：CGCS2000 / 3°高斯-克吕格 EPSG:{scene.epsg}")
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight, f"第 {number} 页 / 共 {total} 页")


def write_atlas(project: Project, out: Path, *, by: str = "grid", paper_name: str = "A4", personal: bool = True,
                png_dir: Path | None = None, dpi: int = 300, progress: Callable[[float, str], None] | None = None,
                scene: MapScene | None = None) -> AtlasResult:
    """Write the atlas PDF atomically (and PNG pages when ``png_dir`` is given)."""
    ensure_fonts()
    size = PAPERS[paper_name]
    scene = scene or MapScene.from_project(project)
    planner = PagePlanner(project, scene.epsg, personal=personal)
    specs = list(planner.pages(by))
    result = AtlasResult(skipped=list(planner.errors))
    tmp = out.with_name(f".{out.stem}.saving-{os.getpid()}.pdf")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(dpi)
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*size), QPageSize.Unit.Millimeter), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{out.stem} 警务区图")
    writer.setCreator("gisdesk")
    paper = F.Paper(dpi)
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {out}")
        total = len(specs)
        for i, spec in enumerate(specs, start=1):
            if i > 1:
                writer.newPage()
            try:
                draw_page(painter, paper, size, scene, spec, i, total)
            except Exception as exc:  # report and leave the page blank but numbered
                result.skipped.append(f"{spec.code}: {type(exc).__name__}: {exc}")
            if png_dir is not None:
                result.png.append(str(_png_page(png_dir, i, spec, size, scene, total)))
            result.pages += 1
            if progress:
                progress(i / max(total, 1), spec.title)
        painter.end()
        del writer
        os.replace(tmp, out)
    finally:
        if painter.isActive():
            painter.end()
        tmp.unlink(missing_ok=True)
    result.out = str(out)
    return result


def _png_page(folder: Path, number: int, spec: PageSpec, size, scene, total, dpi: int = 120) -> Path:
    paper = F.Paper(dpi)
    img = QImage(int(paper.mm(size[0])), int(paper.mm(size[1])), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        draw_page(p, paper, size, scene, spec, number, total)
    finally:
        p.end()
    path = folder / f"{number:03d}_{spec.code}.png"
    img.save(str(path))
    return path


class _PageLayers:
    """The scene seen through a page's extent, so the legend lists only what is on the page."""

    def __init__(self, scene: MapScene, extent) -> None:
        self._scene, self._extent, self._cache = scene, extent, {}

    def get(self, name: str):
        if name not in self._cache:
            layer = self._scene.get(name)
            self._cache[name] = None if layer is None else _Sub(layer.frame.iloc[layer.query(self._extent)])
        return self._cache[name]

    def __getitem__(self, name: str):
        return self.get(name)


@dataclass
class _Sub:
    frame: object

    def __len__(self) -> int:
        return len(self.frame)


def draw_legend(painter: QPainter, rect: QRectF, paper: F.Paper, scene: MapScene, extent) -> None:
    """Two columns of swatches for what the page's map shows."""
    entries = legend_entries(default_styles(), _PageLayers(scene, extent))
    rows = max(1, int(rect.height() // paper.mm(4.2)))
    col_w = rect.width() / 2
    painter.save()
    painter.setFont(paper.font(7))
    for k, entry in enumerate(entries[: 2 * rows]):
        x = rect.x() + (k // rows) * col_w
        y = rect.y() + (k % rows) * paper.mm(4.2)
        draw_swatch(painter, QRectF(x, y, paper.mm(8), paper.mm(4)), entry.swatch, dpi_scale=paper.dpi / 96.0)
        painter.setPen(F.INK)
        painter.drawText(QRectF(x + paper.mm(9), y, col_w - paper.mm(9), paper.mm(4)),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, entry.label)
    painter.restore()
