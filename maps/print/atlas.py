"""The beat-map atlas: one page per grid, office or station, with county and station overviews.

Pages are drawn with the same renderer as the canvas (vector PDF through QPdfWriter, the
bundled CJK font embedded) or into PNG images. Each page's subject is labelled first
(``render(focus=)``), its code is boxed on the map, a locator inset shows where it lies in
its station, and the sign-off block (:mod:`maps.print.credits`) closes the page. A member
list longer than its box continues on the next sheet(s), never "see elsewhere". The PDF
is written beside its target and renamed when complete, so a crash or Cancel never
leaves half an atlas; a feature that cannot be drawn is reported and its page skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
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
from maps.print.credits import Credits
from maps.print.layout import PAPERS, PageLayout, page_layout
from maps.print.pages import ROLE_LABELS, PagePlanner, PageSpec, Selection
from maps.render.frame import is_cancelled
from maps.render.qtarrays import polygonf
from maps.render.renderer import render
from maps.render.scene import MapScene
from maps.style.fonts import ensure_fonts
from maps.style.legend_rows import draw_swatch, legend_entries
from maps.style.symbology import CATEGORY_SYMBOLS, default_styles
from maps.viewport import Viewport

__all__ = ["PAPERS", "AtlasResult", "Sheet", "draw_page", "plan_sheets", "preview_image", "write_atlas"]

TABLE_PT = 7.2
CARD_PEOPLE = 2
"""People named on a card (an office's grids may have more: the card counts them)."""
CARD_PTS = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
"""Type sizes the card may shrink to before it names fewer people."""
SMALL_PT = 6.2
"""Member tables a few rows too long for their box are set this size instead of continuing."""
BASEMAP_SEE_THROUGH = {"grids": 0.45, "units": 0.6}
"""Opacity of the area layers over a printed basemap (grids cover the whole land)."""


@dataclass
class AtlasResult:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    out: str = ""
    png: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class Sheet:
    """One printed sheet: a page spec, or the continuation of its member table."""

    spec: PageSpec
    rows: tuple[int, int]
    """The rows of ``spec.table`` this sheet lists."""
    part: int = 0
    """0 for the page itself, 1, 2, ... for its continuation sheets."""
    note: str = ""
    pt: float = 7.2
    """Type size of the member table."""


def _inner(paper: F.Paper, rect_mm) -> QRectF:
    """The table area inside a boxed section of ``rect_mm`` (below its 6 mm band)."""
    x, y, w, h = rect_mm
    return QRectF(paper.mm(x) + paper.mm(1.5), paper.mm(y + 6) + paper.mm(1.5),
                  paper.mm(w) - paper.mm(3), paper.mm(h - 6) - paper.mm(2.5))


def _table_rect(layout: PageLayout, spec: PageSpec):
    """The member table's box (mm): with the side box too when the page has no side list."""
    if spec.side_title:
        return layout.table
    (x0, y0, w0, h0), (x1, y1, w1, h1) = layout.table, layout.sites
    x, y = min(x0, x1), min(y0, y1)
    return (x, y, max(x0 + w0, x1 + w1) - x, max(y0 + h0, y1 + h1) - y)


def plan_sheets(specs: list[PageSpec], layout: PageLayout, paper: F.Paper) -> list[Sheet]:
    """Sheets for the specs: a page each, plus continuation sheets for long member tables."""
    sheets: list[Sheet] = []
    for spec in specs:
        n = len(spec.table)
        box = _inner(paper, _table_rect(layout, spec))
        first = F.table_capacity(paper, box, spec.table, TABLE_PT)
        if n <= first:
            sheets.append(Sheet(spec, (0, n)))
            continue
        if n <= F.table_capacity(paper, box, spec.table, SMALL_PT):  # a few rows over: smaller type, one sheet
            sheets.append(Sheet(spec, (0, n), pt=SMALL_PT))
            continue
        first = F.table_capacity(paper, box, spec.table, TABLE_PT, note=True)
        more = F.table_capacity(paper, _inner(paper, layout.content), spec.table, TABLE_PT, note=True)
        sheets.append(Sheet(spec, (0, first)))
        start, part = first, 1
        while start < n:
            end = n if n - start <= more + 1 else start + more
            sheets.append(Sheet(spec, (start, end), part))
            start, part = end, part + 1
    for k, sheet in enumerate(sheets):  # "continued on page N" once pages are numbered
        nxt = sheets[k + 1] if k + 1 < len(sheets) else None
        if nxt is not None and nxt.spec is sheet.spec and nxt.part == sheet.part + 1:
            rest = len(sheet.spec.table) - sheet.rows[1]
            sheet.note = f"续表见第 {k + 2} 页（另 {rest} 项）"
    return sheets


def _viewport(spec: PageSpec, frame: QRectF) -> Viewport:
    """The page's area fitted into ``frame`` (device units) with a margin."""
    b = spec.area.bounds
    pad = 0.08 * max(b[2] - b[0], b[3] - b[1], 200.0)
    return Viewport.fit((b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad), int(frame.width()), int(frame.height()))


def _draw_map(painter: QPainter, scene: MapScene, spec: PageSpec, frame: QRectF, vp: Viewport, dpi: float,
              basemap=None, keep_clear=()) -> None:
    """The map of the page's area in ``frame``; neighbours veiled, no label under ``keep_clear``."""
    painter.save()
    painter.translate(frame.topLeft())
    painter.setClipRect(QRectF(0, 0, frame.width(), frame.height()))
    styles = None
    if basemap is not None:
        basemap.load_visible(vp, scene, dpi / 96.0)
        styles = default_styles()
        for name in BASEMAP_SEE_THROUGH:  # area fills that would hide the basemap
            if name in styles:
                styles[name].opacity = min(styles[name].opacity, BASEMAP_SEE_THROUGH[name])
    clear = [r.translated(-frame.x(), -frame.y()) for r in keep_clear]
    render(painter, scene, vp, styles, dpi_scale=dpi / 96.0, faded_outside=spec.area, highlight=spec.highlight or None,
           focus=spec.subject or None, basemap=basemap, keep_clear=clear)
    _outline(painter, vp, spec, dpi)
    painter.restore()


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


def _title(painter: QPainter, paper: F.Paper, layout: PageLayout, text: str, code: str) -> None:
    x, y, w, h = layout.title
    painter.setPen(F.ACCENT)
    painter.setFont(paper.font(layout.title_pt, bold=True))
    painter.drawText(paper.rect(x, y - 1, w, h - 1), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    if code:
        painter.setPen(F.MUTED)
        painter.setFont(paper.font(9))
        painter.drawText(paper.rect(x, y - 1, w, h - 1), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, code)
    painter.setPen(paper.pen(F.ACCENT, 0.6))
    line = paper.rect(x, y + h + 0.5, w, 0)
    painter.drawLine(line.topLeft(), line.topRight())


def _furniture(paper: F.Paper, layout: PageLayout, spec: PageSpec, vp: Viewport) -> dict[str, tuple]:
    """Where the map's furniture goes (mm): north arrow, code box, scale bar, locator inset."""
    x, y, w, h = layout.map
    pt = 11 if layout.size[0] > 250 else 10
    cw, ch = F.code_box_size(paper, spec.code_label, pt) if spec.code_label else (0.0, 0.0)
    out = {"north": (x + w - 16, y + 2, 14, 17), "code": (x + 3, y + 3, cw, ch), "scale": (x + 2, y + h - 9, 64, 7)}
    if spec.locator is not None and not spec.locator.is_empty:
        lx0, ly0, lx1, ly1 = spec.locator.bounds
        aspect = (ly1 - ly0) / max(lx1 - lx0, 1.0)
        lw = min(w * 0.27, 62.0)
        lh = min(lw * aspect + 6, h * 0.36)
        lw = min(lw, (lh - 6) / max(aspect, 1e-6))
        corners = [(x + w - lw - 2, y + h - lh - 2), (x + w - lw - 2, y + 24), (x + 2, y + h - lh - 11), (x + 2, y + 5 + ch)]
        out["locator"] = (*_clearest(corners, lw, lh, paper, layout, vp, spec.area), lw, lh)
    return out


def _map_furniture(painter: QPainter, paper: F.Paper, layout: PageLayout, spec: PageSpec, vp: Viewport,
                   places: dict[str, tuple]) -> None:
    x, y, w, h = layout.map
    F.north_arrow(painter, paper, x + w - 9, y + 11)
    F.code_box(painter, paper, x + 3, y + 3, spec.code_label, 11 if layout.size[0] > 250 else 10)
    painter.fillRect(paper.rect(*places["scale"]), QColor(255, 255, 255, 215))
    F.scale_bar(painter, paper, x + 5, y + h - 5, 50, vp.mpp)
    painter.setPen(F.MUTED)
    painter.setFont(paper.font(6.5))
    painter.drawText(paper.rect(x + 42, y + h - 8.6, 24, 3), Qt.AlignmentFlag.AlignRight,
                     f"1:{vp.scale_denominator(paper.dpi):,.0f}")
    if "locator" in places:
        F.locator(painter, paper, paper.rect(*places["locator"]), spec.locator, spec.area, spec.context)


def _clearest(corners, w: float, h: float, paper: F.Paper, layout: PageLayout, vp: Viewport, area) -> tuple[float, float]:
    """The corner (mm) where an inset of ``w`` x ``h`` mm hides least of the page's area."""
    def hidden(corner) -> float:
        sx = np.array([corner[0], corner[0] + w]) - layout.map[0]
        sy = np.array([corner[1], corner[1] + h]) - layout.map[1]
        wx, wy = vp.screen_to_world(paper.mm(sx), paper.mm(sy))
        return shapely.box(wx.min(), wy.min(), wx.max(), wy.max()).intersection(area).area

    scores = [hidden(c) for c in corners]
    return corners[int(np.argmin(np.asarray(scores) - 1e-9 * np.arange(len(corners))[::-1]))]


def _sites_table(spec: PageSpec) -> pd.DataFrame:
    sites = spec.sites.copy()
    if len(sites):
        sites["类别"] = [CATEGORY_SYMBOLS[c].label if c in CATEGORY_SYMBOLS else str(c) for c in sites["类别"]]
        sites = sites.rename(columns={"类别": "类别" if spec.side_title == "重点部位" else "状态"})
    return sites


def _card_rows(spec: PageSpec, vp: Viewport | None, dpi: float, room_mm: float = 40.0) -> tuple[list[tuple[str, str]], float]:
    """The card's lines and type size. People responsible (role: name (警号), the phone under
    it) are as many as fit ``room_mm`` at 6.5 pt or more, up to :data:`CARD_PEOPLE`; the
    rest are counted, and the last line (the office or station) always shows."""
    if spec.card is None:  # the county page: what the sheet shows
        scale = f"1:{vp.scale_denominator(dpi):,.0f}" if vp is not None else ""
        return [("图幅", "全域总图"), ("比例尺", scale), ("红线", "辖区范围"), ("分页", "各派出所总图及警格图")], 9.0
    card = spec.card
    if not card.people:
        who = [("责任人", card.counts)] if card.counts else [("责任民警", card.officer), ("联系电话", card.phone)]
        return [("警务站点", card.post), *who, (card.parent, card.address)], 9.0
    wanted = min(len(card.people), CARD_PEOPLE)
    k, pt = 0, CARD_PTS[-1]
    for size in CARD_PTS:  # the most people, then the largest type
        fit = int((room_mm - 2.0) // (size * 0.62))  # F.key_values' lines
        most = next((n for n in range(wanted, 0, -1) if 2 * n + 1 + (n < len(card.people)) <= fit), 1)
        if most > k:
            k, pt = most, size
    rows = []
    for p in card.people[:k]:  # the page's title names the grid or office: the people come first
        rows += [(ROLE_LABELS.get(p.role, p.role), f"{p.name}（{p.code}）"), ("联系电话", p.phone)]
    if len(card.people) > k:
        rows.append(("另有", f"{len(card.people) - k} 人"))
    return [*rows, (card.parent, card.address)], pt


def draw_page(painter: QPainter, paper: F.Paper, layout: PageLayout, scene: MapScene, sheet: Sheet | PageSpec,
              number: int, total: int, credits: Credits | None = None, basemap=None) -> None:
    """One complete sheet: title, map and its furniture, the lower panels, the sign-off strip;
    a continuation sheet is the title and the rest of the member table."""
    if isinstance(sheet, PageSpec):
        sheet = Sheet(sheet, (0, len(sheet.table)))
    spec = sheet.spec
    w, h = layout.size
    painter.fillRect(paper.rect(0, 0, w, h), QColor("white"))
    credits = credits or Credits()
    F.credits_strip(painter, paper, paper.rect(*layout.credits),
                    [*credits.cells(), ("坐标系", f"CGCS2000 / EPSG:{scene.epsg}")], f"第 {number} 页 / 共 {total} 页")
    rows = spec.table.iloc[sheet.rows[0]:sheet.rows[1]]
    if sheet.part:
        _title(painter, paper, layout, f"{spec.title}（续{sheet.part}）", spec.code_label)
        F.boxed_title(painter, paper, paper.rect(*layout.content),
                      f"{spec.table_title}（续，第 {sheet.rows[0] + 1}–{sheet.rows[1]} 项，共 {len(spec.table)} 项）")
        F.table(painter, paper, _inner(paper, layout.content), rows, TABLE_PT, note=sheet.note)
        return
    _title(painter, paper, layout, spec.title, spec.code_label)
    frame = paper.rect(*layout.map)
    vp = _viewport(spec, frame)
    places = _furniture(paper, layout, spec, vp)
    _draw_map(painter, scene, spec, frame, vp, paper.dpi, basemap, [paper.rect(*r) for r in places.values()])
    painter.setPen(paper.pen(F.INK, 0.35))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame)
    _map_furniture(painter, paper, layout, spec, vp, places)
    legend_rect = F.boxed_title(painter, paper, paper.rect(*layout.legend), "图例")
    draw_legend(painter, legend_rect.adjusted(paper.mm(2), paper.mm(1.5), -paper.mm(1), -paper.mm(1)), paper, scene, vp.extent)
    card_rect = F.boxed_title(painter, paper, paper.rect(*layout.card), "警民联系卡" if spec.card else "图幅说明")
    card_rows, card_pt = _card_rows(spec, vp, paper.dpi, card_rect.height() / paper.mm(1.0))
    F.key_values(painter, paper, card_rect, card_rows, pt=card_pt)
    facts_rect = F.boxed_title(painter, paper, paper.rect(*layout.facts), "基本情况")
    F.key_values(painter, paper, facts_rect, spec.facts, pt=8.5 if len(spec.facts) > 5 else 9,
                 columns=layout.facts_columns)
    title = f"{spec.table_title}（共 {len(spec.table)} 项）"
    F.boxed_title(painter, paper, paper.rect(*_table_rect(layout, spec)), title)
    F.table(painter, paper, _inner(paper, _table_rect(layout, spec)), rows, sheet.pt, note=sheet.note)
    if not spec.side_title:
        return
    sites = _sites_table(spec)
    F.boxed_title(painter, paper, paper.rect(*layout.sites), f"{spec.side_title}（{len(sites)} 处）")
    inner = _inner(paper, layout.sites)
    if len(sites):
        fits = F.table_capacity(paper, inner, sites, 7.0)
        note = f"……另有 {len(sites) - fits + 1} 处，见地图" if len(sites) > fits else ""
        F.table(painter, paper, inner, sites, 7.0, note=note)
    else:
        painter.setPen(F.MUTED)
        painter.setFont(paper.font(7.5))
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"本区域无登记的{spec.side_title}")


def _planned(project: Project, scene: MapScene, by: str, selection: Selection | None, overview: bool,
             personal: bool) -> tuple[PagePlanner, list[PageSpec]]:
    planner = PagePlanner(project, scene.epsg, personal=personal)
    bad = planner.unknown(selection or Selection())
    if bad:
        kind, code = bad[0]
        raise ValueError(f"no {kind} {code} in the project")
    return planner, list(planner.pages(by, overview=overview, selection=selection))


def write_atlas(project: Project, out: Path, *, by: str = "grid", paper_name: str = "A4", orientation: str | None = None,
                personal: bool = True, png_dir: Path | None = None, dpi: int = 300,
                progress: Callable[[float, str], None] | None = None, scene: MapScene | None = None,
                selection: Selection | None = None, overview: bool = True, basemap=None, cancel=None) -> AtlasResult:
    """Write the atlas PDF atomically (and PNG pages when ``png_dir`` is given).

    ``selection`` limits it to a station, grids or offices (ValueError naming a code the
    project does not hold); ``basemap`` (a :class:`maps.render.basemap.Basemap`) is drawn
    under each map, its tiles fetched first; ``cancel`` (a CancelToken, Event or callable)
    stops between pages with nothing written (``result.cancelled``).
    """
    ensure_fonts()
    layout = page_layout(paper_name, orientation)
    scene = scene or MapScene.from_project(project)
    planner, specs = _planned(project, scene, by, selection, overview, personal)
    paper = F.Paper(dpi)
    sheets = plan_sheets(specs, layout, paper)
    credits = Credits.from_metadata(project.metadata)
    result = AtlasResult(skipped=list(planner.errors))
    tmp = out.with_name(f".{out.stem}.saving-{os.getpid()}.pdf")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(dpi)
    short, long = PAPERS[paper_name]
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(short, long), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Landscape if layout.landscape else QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{out.stem} 警务区图")
    writer.setCreator("gisdesk")
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {out}")
        total = len(sheets)
        for i, sheet in enumerate(sheets, start=1):
            if is_cancelled(cancel):
                result.cancelled = True
                return result
            if i > 1:
                writer.newPage()
            try:
                draw_page(painter, paper, layout, scene, sheet, i, total, credits, basemap)
            except Exception as exc:  # report and leave the page blank but numbered
                result.skipped.append(f"{sheet.spec.code}: {type(exc).__name__}: {exc}")
            if png_dir is not None:
                result.png.append(str(_png_page(png_dir, i, sheet, layout, scene, total, credits, basemap)))
            result.pages += 1
            if progress:
                progress(i / max(total, 1), sheet.spec.title)
        painter.end()
        del writer
        os.replace(tmp, out)
    finally:
        if painter.isActive():
            painter.end()
        tmp.unlink(missing_ok=True)
    result.out = str(out)
    return result


def preview_image(scene: MapScene, sheet: Sheet | PageSpec, layout: PageLayout, *, number: int = 1, total: int = 1,
                  credits: Credits | None = None, dpi: float = 40, basemap=None) -> QImage:
    """One sheet as an image (the print dialog's preview, PNG pages)."""
    ensure_fonts()
    paper = F.Paper(dpi)
    w, h = layout.size
    img = QImage(int(paper.mm(w)), int(paper.mm(h)), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        draw_page(p, paper, layout, scene, sheet, number, total, credits, basemap)
    finally:
        p.end()
    return img


def _png_page(folder: Path, number: int, sheet: Sheet, layout: PageLayout, scene, total, credits, basemap,
              dpi: int = 120) -> Path:
    img = preview_image(scene, sheet, layout, number=number, total=total, credits=credits, dpi=dpi, basemap=basemap)
    suffix = f"_{sheet.part}" if sheet.part else ""
    path = folder / f"{number:03d}_{sheet.spec.code or 'county'}{suffix}.png"
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

