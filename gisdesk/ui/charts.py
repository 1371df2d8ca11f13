"""Two small charts drawn with QPainter: a histogram and the offices/distance trade-off."""

from __future__ import annotations

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

AXIS = QColor("#5b5850")
GRID = QColor("#e4e1da")
BAR = QColor("#3a6ea5")
MEAN = QColor("#3a6ea5")
WORST = QColor("#d1495b")
CHOSEN = QColor("#e8481c")
APART = QColor("#8a8f7a")


class _Chart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = ""

    def sizeHint(self):  # noqa: N802
        from PyQt6.QtCore import QSize

        return QSize(280, 160)

    def _frame(self, p: QPainter) -> QRectF:
        p.fillRect(self.rect(), QColor("#ffffff"))
        f = QFont(self.font())
        f.setPointSizeF(max(7.5, f.pointSizeF() - 1))
        p.setFont(f)
        p.setPen(QColor("#2b2925"))
        p.drawText(QRectF(6, 2, self.width() - 12, 18), Qt.AlignmentFlag.AlignLeft, self.title)
        return QRectF(38, 24, self.width() - 50, self.height() - 46)

    def _axes(self, p: QPainter, r: QRectF, ymax: float, ysteps: int = 4) -> None:
        for k in range(ysteps + 1):
            y = r.bottom() - r.height() * k / ysteps
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(AXIS)
            v = ymax * k / ysteps
            p.drawText(QRectF(0, y - 8, r.left() - 4, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{v:.0f}" if ymax >= 10 else f"{v:.1f}")
        p.setPen(QPen(AXIS, 1))
        p.drawLine(r.bottomLeft(), r.bottomRight())


class Histogram(_Chart):
    """Bars of ``counts`` {value: how many}: villages per office, red outside ``band``.

    ``apart`` (label, how many) is one more bar after a gap, in a neutral colour, for
    what the band does not apply to (urban community offices, one community each).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[int, int] = {}
        self.band: tuple[int, int] | None = None
        self.apart: tuple[str, int] | None = None

    def set_data(
        self, counts: dict[int, int], band: tuple[int, int] | None, title: str, apart: tuple[str, int] | None = None
    ) -> None:
        self.counts, self.band, self.title = dict(counts), band, title
        self.apart = apart if apart and apart[1] > 0 else None
        self.update()

    def bars(self) -> list[tuple[str, int, str]]:
        """What is drawn, left to right: (label, height, "in" / "out" of the band / "apart")."""
        out: list[tuple[str, int, str]] = []
        if self.counts:
            lo, hi = min(self.counts), max(self.counts)
            if self.band:
                lo, hi = min(lo, self.band[0]), max(hi, self.band[1])
            for key in range(lo, hi + 1):
                inside = self.band is None or self.band[0] <= key <= self.band[1]
                out.append((str(key), self.counts.get(key, 0), "in" if inside else "out"))
        if self.apart:
            out.append((self.apart[0], self.apart[1], "apart"))
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self._frame(p)
        bars = self.bars()
        if not bars:
            p.end()
            return
        # the scale is the rule's bars: a city's many urban offices would flatten them, so
        # the apart bar is capped at the top and carries its number
        ruled = [n for _, n, kind in bars if kind != "apart"]
        ymax = max(max(ruled or [n for _, n, _ in bars]), 1)
        self._axes(p, r, ymax, min(4, ymax))
        slots = len(bars) + (1 if self.apart and len(bars) > 1 else 0)  # a gap before the apart bar
        w = r.width() / slots
        colour = {"in": BAR, "out": WORST, "apart": APART}
        for k, (label, n, kind) in enumerate(bars):
            slot = k + 1 if kind == "apart" and k > 0 else k
            x = r.left() + slot * w
            if n:
                h = r.height() * min(n, ymax) / ymax
                bar = QRectF(x + w * 0.12, r.bottom() - h, w * 0.76, h)
                p.fillRect(bar, colour[kind])
                if kind == "apart":
                    p.setPen(QColor("#ffffff"))
                    p.drawText(bar.adjusted(-w, 2, w, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(n))
            p.setPen(AXIS)
            wide = w * 2 if kind == "apart" else w
            p.drawText(QRectF(x + w / 2 - wide / 2, r.bottom() + 2, wide, 16), Qt.AlignmentFlag.AlignCenter, label)
        p.end()


class TradeoffChart(_Chart):
    """Mean and max travel (km) against the number of offices; the chosen count marked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[dict] = []
        self.chosen: int | None = None
        self.legend = ("mean", "max")

    def set_data(self, points: list[dict], chosen: int | None, title: str, legend: tuple[str, str]) -> None:
        self.points = sorted(points, key=lambda d: d["offices"])
        self.chosen, self.title, self.legend = chosen, title, legend
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self._frame(p)
        if not self.points:
            p.end()
            return
        xs = [d["offices"] for d in self.points]
        ymax = max(max(d["max_km"] for d in self.points), 0.1) * 1.1
        x0, x1 = min(xs), max(xs)
        span = max(x1 - x0, 1)
        self._axes(p, r, ymax)

        def at(x: float, y: float) -> QPointF:
            return QPointF(r.left() + r.width() * (x - x0) / span, r.bottom() - r.height() * y / ymax)

        for key, colour in (("mean_km", MEAN), ("max_km", WORST)):
            path = QPainterPath()
            for k, d in enumerate(self.points):
                pt = at(d["offices"], d[key])
                path.moveTo(pt) if k == 0 else path.lineTo(pt)
            p.setPen(QPen(colour, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            for d in self.points:
                p.setBrush(colour)
                p.drawEllipse(at(d["offices"], d[key]), 2.2, 2.2)
        if self.chosen is not None and x0 <= self.chosen <= x1:
            top, bottom = at(self.chosen, ymax), at(self.chosen, 0)
            p.setPen(QPen(CHOSEN, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(top, bottom)
        p.setPen(AXIS)
        for x in sorted({x0, x1, self.chosen or x0}):
            pt = at(x, 0)
            p.drawText(QRectF(pt.x() - 20, r.bottom() + 2, 40, 16), Qt.AlignmentFlag.AlignCenter, str(x))
        lx = r.right() - 110
        for k, (label, colour) in enumerate(zip(self.legend, (MEAN, WORST), strict=True)):
            y = r.top() + 8 + 16 * k
            p.setPen(QPen(colour, 2))
            p.drawLine(QPointF(lx, y), QPointF(lx + 16, y))
            p.setPen(AXIS)
            p.drawText(QRectF(lx + 20, y - 8, 90, 16), Qt.AlignmentFlag.AlignVCenter, label)
        p.end()
