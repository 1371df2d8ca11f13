"""The status bar: what is running (progress + Cancel), cursor position, scale, CRS."""

from __future__ import annotations

import re

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QComboBox, QLabel, QProgressBar, QStatusBar, QToolButton

SCALES = (1000, 2000, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000)


def parse_scale(text: str) -> float | None:
    """``"1:25,000"``, ``"25000"`` or ``"1:2.5万"`` -> 25000; None when unreadable."""
    t = text.replace(",", "").replace("，", "").replace(" ", "").replace("：", ":")
    if ":" in t:
        t = t.split(":", 1)[1]
    scale = 1.0
    if t.endswith("万"):
        scale, t = 1e4, t[:-1]
    if not re.fullmatch(r"\d+(\.\d+)?", t):
        return None
    value = float(t) * scale
    return value if value >= 1 else None


class StatusBar(QStatusBar):
    """Status widgets; ``scale_entered(float)`` when the user types or picks a scale."""

    scale_entered = pyqtSignal(float)
    cancel_clicked = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.task = QLabel()
        self.task.setObjectName("statusTask")
        self.progress = QProgressBar()
        self.progress.setObjectName("statusProgress")
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setObjectName("statusCancel")
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.clicked.connect(self.cancel_clicked)
        self.lonlat = QLabel()
        self.lonlat.setObjectName("statusLonLat")
        self.lonlat.setMinimumWidth(190)
        self.gk = QLabel()
        self.gk.setObjectName("statusGk")
        self.gk.setMinimumWidth(200)
        self.scale = QComboBox()
        self.scale.setObjectName("statusScale")
        self.scale.setEditable(True)
        self.scale.setMinimumWidth(120)
        for s in SCALES:
            self.scale.addItem(f"1:{s:,}")
        self.scale.lineEdit().returnPressed.connect(self._scale_typed)
        self.scale.activated.connect(self._scale_typed)
        self.crs = QLabel()
        self.crs.setObjectName("statusCrs")
        for w in (self.task, self.progress, self.cancel):
            self.addPermanentWidget(w)
        self.addPermanentWidget(self.lonlat)
        self.addPermanentWidget(self.gk)
        self.addPermanentWidget(QLabel(self.tr("Scale")))
        self.addPermanentWidget(self.scale)
        self.addPermanentWidget(self.crs)
        self.set_running(None)

    def set_running(self, title: str | None) -> None:
        for w in (self.task, self.progress, self.cancel):
            w.setVisible(title is not None)
        if title is not None:
            self.task.setText(title)
            self.progress.setValue(0)

    def set_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setToolTip(message)

    def show_position(self, x: float, y: float, lon: float, lat: float) -> None:
        self.lonlat.setText(f"{lon:.5f}°E  {lat:.5f}°N")
        self.gk.setText(f"GK  X {x:,.1f}  Y {y:,.1f} m")

    def show_scale(self, denominator: float) -> None:
        self.scale.blockSignals(True)
        self.scale.setEditText(f"1:{round(denominator):,}")
        self.scale.blockSignals(False)

    def show_crs(self, epsg: int | None) -> None:
        text = "CGCS2000 EPSG:4490"
        if epsg:
            text += self.tr("  ·  GK zone EPSG:{epsg}").format(epsg=epsg)
        self.crs.setText(text)

    def _scale_typed(self, *args) -> None:
        value = parse_scale(self.scale.currentText())
        if value is not None:
            self.scale_entered.emit(value)
