"""The map legend panel: the symbols of the visible layers, drawn by the map's own code
(:func:`maps.style.legend_rows.legend_entries` and ``draw_swatch``), so map and legend agree."""

from __future__ import annotations

from PyQt6.QtCore import QRectF, QSize, Qt
from PyQt6.QtGui import QColor, QFont, QPainter
from PyQt6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from maps.style.legend_rows import draw_swatch, legend_entries

ROW, HEAD, SWATCH = 20, 24, 28


class _LegendCanvas(QWidget):
    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.canvas = canvas
        self.entries = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def refresh(self) -> None:
        self.entries = legend_entries(self.canvas.styles, self.canvas.scene)
        groups = len({e.group for e in self.entries})
        self.setFixedHeight(8 + groups * HEAD + len(self.entries) * ROW)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, self.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        head = QFont(self.font())
        head.setBold(True)
        y, group = 4.0, None
        for e in self.entries:
            if e.group != group:
                group = e.group
                p.setFont(head)
                p.setPen(QColor("#3d6fa8"))
                p.drawText(QRectF(8, y, self.width() - 16, HEAD), Qt.AlignmentFlag.AlignVCenter, group)
                y += HEAD
            draw_swatch(p, QRectF(12, y + 2, SWATCH, ROW - 4), e.swatch)
            p.setFont(self.font())
            p.setPen(QColor("#2b2925"))
            p.drawText(QRectF(16 + SWATCH, y, self.width() - SWATCH - 24, ROW), Qt.AlignmentFlag.AlignVCenter, e.label)
            y += ROW
        p.end()


class LegendPanel(QScrollArea):
    """Scrollable legend; call :meth:`refresh` when layers or styles change."""

    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.inner = _LegendCanvas(canvas)
        self.setWidget(self.inner)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def refresh(self) -> None:
        self.inner.refresh()

    @property
    def entries(self):
        return self.inner.entries
