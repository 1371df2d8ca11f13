"""Beat-map furniture drawn with QPainter: scale bar, north arrow, officer card, tables.

All sizes are in millimetres on paper; :class:`Paper` converts them to device units of
the paint device (a QPdfWriter at 300 dpi, or a QImage for PNG pages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from maps.style.fonts import map_font

INK = QColor("#1d2733")
MUTED = QColor("#5b6673")
RULE = QColor("#9aa5b1")
ACCENT = QColor("#1f4e79")
BAND = QColor("#e8eef5")


@dataclass(frozen=True)
class Paper:
    """Millimetre to device-unit conversion for one paint device."""

    dpi: float

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    def font(self, pt: float, bold: bool = False) -> QFont:
        font = map_font(1, bold=bold)
        font.setPixelSize(max(1, round(pt / 72 * self.dpi)))
        return font

    def pen(self, colour: QColor, width_mm: float, style=Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(colour, self.mm(width_mm), style)
        pen.setCosmetic(False)
        return pen


def nice_length(max_m: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above ``max_m``."""
    if max_m <= 0:
        return 0.0
    k = math.floor(math.log10(max_m))
    for step in (5, 2, 1):
        if step * 10**k <= max_m:
            return step * 10**k
    return 10 ** (k - 1) * 5


def scale_bar(p: QPainter, paper: Paper, x: float, y: float, max_w: float, mpp_device: float) -> None:
    """A four-part alternating bar at (x, y) mm whose total length is a round number."""
    metres_per_mm = mpp_device * paper.mm(1)
    total = nice_length(max_w * metres_per_mm)
    if total <= 0:
        return
    w = total / metres_per_mm
    h = 1.6
    p.save()
    p.setPen(paper.pen(INK, 0.2))
    for i in range(4):
        p.setBrush(QBrush(INK if i % 2 == 0 else QColor("white")))
        p.drawRect(paper.rect(x + i * w / 4, y, w / 4, h))
    p.setFont(paper.font(7))
    label = f"{total / 1000:g} 公里" if total >= 1000 else f"{total:g} 米"
    p.setPen(INK)
    p.drawText(paper.rect(x - 5, y - 4.2, 10, 4), Qt.AlignmentFlag.AlignCenter, "0")
    p.drawText(paper.rect(x + w - 12, y - 4.2, 24, 4), Qt.AlignmentFlag.AlignCenter, label)
    p.restore()


def north_arrow(p: QPainter, paper: Paper, cx: float, cy: float, size: float = 11.0) -> None:
    """A two-tone arrow with N above it, centred at (cx, cy) mm."""
    s = paper.mm(size)
    c = QPointF(paper.mm(cx), paper.mm(cy))
    tip = QPointF(c.x(), c.y() - s / 2)
    base_l = QPointF(c.x() - s * 0.28, c.y() + s / 2)
    base_r = QPointF(c.x() + s * 0.28, c.y() + s / 2)
    notch = QPointF(c.x(), c.y() + s * 0.28)
    p.save()
    p.setPen(paper.pen(INK, 0.25))
    p.setBrush(QBrush(INK))
    p.drawPolygon(QPolygonF([tip, base_l, notch]))
    p.setBrush(QBrush(QColor("white")))
    p.drawPolygon(QPolygonF([tip, base_r, notch]))
    p.setFont(paper.font(9, bold=True))
    p.setPen(INK)
    p.drawText(QRectF(c.x() - s, c.y() - s / 2 - paper.mm(5), 2 * s, paper.mm(4.5)), Qt.AlignmentFlag.AlignCenter, "N")
    p.restore()


def boxed_title(p: QPainter, paper: Paper, rect: QRectF, title: str) -> QRectF:
    """A section header band; returns the rect below it."""
    band_h = paper.mm(6)
    p.save()
    p.fillRect(QRectF(rect.x(), rect.y(), rect.width(), band_h), ACCENT)
    p.setPen(QColor("white"))
    p.setFont(paper.font(9, bold=True))
    p.drawText(QRectF(rect.x() + paper.mm(2), rect.y(), rect.width() - paper.mm(4), band_h),
               Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
    p.setPen(paper.pen(RULE, 0.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    p.restore()
    return QRectF(rect.x(), rect.y() + band_h, rect.width(), rect.height() - band_h)


def key_values(p: QPainter, paper: Paper, rect: QRectF, rows: list[tuple[str, str]], pt: float = 9,
               columns: int = 1) -> None:
    """Label: value lines, elided to fit; ``columns`` > 1 fills the columns side by side."""
    if columns > 1:
        per = -(-len(rows) // columns)
        w = rect.width() / columns
        for k in range(columns):
            part = QRectF(rect.x() + k * w, rect.y(), w, rect.height())
            key_values(p, paper, part, rows[k * per:(k + 1) * per], pt)
        return
    p.save()
    line_h = paper.mm(pt * 0.62)
    y = rect.y() + paper.mm(2)
    label_w = rect.width() * 0.36
    for label, value in rows:
        if y + line_h > rect.bottom():
            break
        p.setFont(paper.font(pt))
        p.setPen(MUTED)
        p.drawText(QRectF(rect.x() + paper.mm(2), y, label_w, line_h), Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(INK)
        font = paper.font(pt, bold=True)
        p.setFont(font)
        w = rect.width() - label_w - paper.mm(4)
        text = QFontMetricsF(font).elidedText(value or "＿＿＿＿＿＿", Qt.TextElideMode.ElideRight, w)
        p.drawText(QRectF(rect.x() + label_w + paper.mm(2), y, w, line_h), Qt.AlignmentFlag.AlignVCenter, text)
        y += line_h
    p.restore()


def _table_geometry(paper: Paper, rect: QRectF, frame: pd.DataFrame, pt: float):
    font = paper.font(pt)
    fm = QFontMetricsF(font)
    row_h = fm.height() * 1.22
    cols = list(frame.columns)
    widths = [max(fm.horizontalAdvance(str(c)), *(fm.horizontalAdvance(_fmt(v)) for v in frame[c].head(400))) + paper.mm(2.4)
              if len(frame) else fm.horizontalAdvance(str(c)) + paper.mm(2.4) for c in cols]
    block_w = sum(widths) + paper.mm(2)
    blocks = max(1, int((rect.width() + paper.mm(2)) // block_w))
    rows_per_block = max(1, int((rect.height() - row_h) // row_h))
    return font, row_h, widths, blocks, rows_per_block


def table_capacity(paper: Paper, rect: QRectF, frame: pd.DataFrame, pt: float = 7.5, note: bool = False) -> int:
    """How many rows of ``frame`` :func:`table` shows in ``rect`` (one line less with a note)."""
    _, _, _, blocks, rows = _table_geometry(paper, rect, frame, pt)
    return max(1, blocks * rows - (1 if note else 0))


def table(p: QPainter, paper: Paper, rect: QRectF, frame: pd.DataFrame, pt: float = 7.5, note: str = "") -> int:
    """Rows of ``frame`` in as many column blocks as fit; ``note`` (e.g. where the list
    continues) on the last line. Returns the rows not shown."""
    p.save()
    font, row_h, widths, blocks, rows_per_block = _table_geometry(paper, rect, frame, pt)
    bold = paper.font(pt, bold=True)
    cols = list(frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in cols]
    capacity = table_capacity(paper, rect, frame, pt, note=bool(note))
    shown = frame.head(capacity)
    for b in range(blocks):
        part = shown.iloc[b * rows_per_block:(b + 1) * rows_per_block]
        if b > 0 and part.empty:
            break
        x = rect.x() + b * (rect.width() / blocks)
        y = rect.y()
        p.setFont(bold)
        p.setPen(INK)
        p.fillRect(QRectF(x, y, sum(widths), row_h), BAND)
        cx = x
        for c, w, num in zip(cols, widths, numeric, strict=False):
            align = Qt.AlignmentFlag.AlignRight if num else Qt.AlignmentFlag.AlignLeft
            p.drawText(QRectF(cx + paper.mm(1), y, w - paper.mm(2), row_h), align | Qt.AlignmentFlag.AlignVCenter, str(c))
            cx += w
        p.setFont(font)
        for i, rec in enumerate(part.itertuples(index=False)):
            y += row_h
            if i % 2:
                p.fillRect(QRectF(x, y, sum(widths), row_h), QColor("#f6f8fa"))
            cx = x
            for v, w, num in zip(rec, widths, numeric, strict=False):
                align = Qt.AlignmentFlag.AlignRight if num else Qt.AlignmentFlag.AlignLeft
                p.drawText(QRectF(cx + paper.mm(1), y, w - paper.mm(2), row_h), align | Qt.AlignmentFlag.AlignVCenter, _fmt(v))
                cx += w
    if note:
        p.setFont(font)
        p.setPen(MUTED)
        p.drawText(QRectF(rect.x(), rect.bottom() - row_h, rect.width() - paper.mm(2), row_h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, note)
    p.restore()
    return max(0, len(frame) - len(shown))


def code_box_size(paper: Paper, text: str, pt: float = 10) -> tuple[float, float]:
    """Width and height (mm) of :func:`code_box` for ``text``."""
    fm = QFontMetricsF(paper.font(pt, bold=True))
    return (fm.horizontalAdvance(text) + paper.mm(4)) / paper.mm(1), (fm.height() + paper.mm(2)) / paper.mm(1)


def code_box(p: QPainter, paper: Paper, x: float, y: float, text: str, pt: float = 10) -> None:
    """The page's grid, office or station code, boxed on the map at (x, y) mm."""
    if not text:
        return
    p.save()
    font = paper.font(pt, bold=True)
    w, h = code_box_size(paper, text, pt)
    box = paper.rect(x, y, w, h)
    p.fillRect(box, QColor(255, 255, 255, 235))
    p.setPen(paper.pen(ACCENT, 0.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(box)
    p.setFont(font)
    p.setPen(ACCENT)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()


def credits_strip(p: QPainter, paper: Paper, rect: QRectF, cells: list[tuple[str, str]], right: str) -> None:
    """制图单位 / 制图日期 / 审核 ... in ruled cells along the foot of the page; ``right``
    (the page number) in the last cell."""
    p.save()
    p.setPen(paper.pen(RULE, 0.25))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    weights = [{"制图单位": 1.45, "审核": 0.9, "坐标系": 1.45}.get(label, 1.2) for label, _ in cells] + [0.85]
    unit = rect.width() / sum(weights)
    x = rect.x()
    for k, (label, value) in enumerate([*cells, ("", right)]):
        w = unit * weights[k]
        if k:
            p.setPen(paper.pen(RULE, 0.25))
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        inner = QRectF(x + paper.mm(2), rect.y(), w - paper.mm(3), rect.height())
        if label:
            p.setFont(paper.font(7.5))
            p.setPen(MUTED)
            p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{label}：")
            lw = QFontMetricsF(paper.font(7.5)).horizontalAdvance(f"{label}：")
            font = paper.font(8, bold=True)
            p.setFont(font)
            p.setPen(INK)
            text = QFontMetricsF(font).elidedText(value or "＿＿＿＿＿＿", Qt.TextElideMode.ElideRight, inner.width() - lw)
            p.drawText(inner.adjusted(lw, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        else:
            p.setFont(paper.font(7.5))
            p.setPen(INK)
            p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, value)
        x += w
    p.restore()


def locator(p: QPainter, paper: Paper, rect: QRectF, whole, part, context=()) -> None:
    """位置示意: ``whole`` (the station or county, metric) in grey, ``context`` areas outlined,
    ``part`` (the page's area) in red -- where this sheet lies."""
    x0, y0, x1, y1 = whole.bounds
    if x1 <= x0 or y1 <= y0:
        return
    band = paper.mm(4)
    inner = rect.adjusted(paper.mm(1.5), band + paper.mm(1), -paper.mm(1.5), -paper.mm(1.5))
    s = min(inner.width() / (x1 - x0), inner.height() / (y1 - y0))
    ox = inner.x() + (inner.width() - (x1 - x0) * s) / 2
    oy = inner.y() + (inner.height() - (y1 - y0) * s) / 2

    def path(geom) -> QPainterPath:
        out = QPainterPath()
        for poly in shapely.get_parts(shapely.make_valid(geom)):
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                xy = shapely.get_coordinates(ring)
                pts = QPolygonF([QPointF(ox + (x - x0) * s, oy + (y1 - y) * s) for x, y in np.asarray(xy).tolist()])
                out.addPolygon(pts)
                out.closeSubpath()
        return out

    p.save()
    p.fillRect(rect, QColor(255, 255, 255, 240))
    p.setPen(paper.pen(INK, 0.3))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    p.setFont(paper.font(6.5, bold=True))
    p.setPen(MUTED)
    p.drawText(QRectF(rect.x() + paper.mm(1.5), rect.y(), rect.width(), band), Qt.AlignmentFlag.AlignVCenter, "位置示意")
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillPath(path(whole), QColor("#eceae4"))
    for geom in context:
        p.strokePath(path(geom), paper.pen(QColor("#b9b4aa"), 0.12))
    p.strokePath(path(whole), paper.pen(INK, 0.35))
    mark = path(part)
    p.fillPath(mark, QColor(192, 57, 43, 200))
    p.strokePath(mark, paper.pen(QColor("#c0392b"), 0.3))
    c = part.centroid
    if mark.boundingRect().width() < paper.mm(2.5):  # too small to see: ring it
        r = paper.mm(2.2)
        p.setPen(paper.pen(QColor("#c0392b"), 0.4))
        p.drawEllipse(QPointF(ox + (c.x - x0) * s, oy + (y1 - c.y) * s), r, r)
    p.restore()


def _fmt(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):  # unknown: empty, never 0 or "<NA>"
        return ""
    if isinstance(v, (int,)) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"
    return str(v)
