"""Beat-map furniture drawn with QPainter: scale bar, north arrow, officer card, tables.

All sizes are in millimetres on paper; :class:`Paper` converts them to device units of
the paint device (a QPdfWriter at 300 dpi, or a QImage for PNG pages).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

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


def key_values(p: QPainter, paper: Paper, rect: QRectF, rows: list[tuple[str, str]], pt: float = 9) -> None:
    """Label: value lines, elided to fit."""
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


def table(p: QPainter, paper: Paper, rect: QRectF, frame: pd.DataFrame, pt: float = 7.5) -> int:
    """Rows of ``frame`` in as many columns of the table as fit; returns rows not shown."""
    p.save()
    font = paper.font(pt)
    bold = paper.font(pt, bold=True)
    fm = QFontMetricsF(font)
    row_h = fm.height() * 1.35
    cols = list(frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in cols]
    widths = [max(fm.horizontalAdvance(str(c)), *(fm.horizontalAdvance(_fmt(v)) for v in frame[c].head(400))) + paper.mm(3)
              if len(frame) else fm.horizontalAdvance(str(c)) + paper.mm(3) for c in cols]
    block_w = sum(widths) + paper.mm(3)
    blocks = max(1, int(rect.width() // block_w))
    rows_per_block = max(1, int((rect.height() - row_h) // row_h))
    capacity = blocks * rows_per_block
    shown = frame.head(capacity - 1 if len(frame) > capacity else capacity)
    x0 = rect.x()
    for b in range(blocks):
        part = shown.iloc[b * rows_per_block:(b + 1) * rows_per_block]
        if b > 0 and part.empty:
            break
        x = x0 + b * (rect.width() / blocks)
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
    hidden = len(frame) - len(shown)
    if hidden > 0:
        p.setPen(MUTED)
        p.drawText(QRectF(rect.x(), rect.bottom() - row_h, rect.width() - paper.mm(2), row_h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"……另有 {hidden} 项未列出（完整名单见统计报表）")
    p.restore()
    return max(0, hidden)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (int,)) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"
    return str(v)
