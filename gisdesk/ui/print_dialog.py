"""File > Print beat maps…: what to print, by what, on which paper, with a page preview.

The dialog only decides (a :class:`PrintRequest`); :mod:`gisdesk.ui.deliverables` runs the
atlas as a background job. The preview draws one page of the choice with the atlas's own
page drawing (:func:`maps.print.atlas.preview_image`) over a scene of the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gisdesk.ui.widgets import browse_row, ok_cancel
from maps.print.atlas import preview_image
from maps.print.credits import Credits
from maps.print.layout import DEFAULT_ORIENTATION, page_layout
from maps.print.pages import PagePlanner, Selection
from maps.render.scene import MapScene

PREVIEW_DPI = 32


@dataclass(frozen=True)
class PrintRequest:
    """What the planner asked for in the dialog."""

    out: Path
    by: str
    paper: str
    orientation: str
    selection: Selection
    personal: bool = True
    basemap: bool = False


def selected_codes(project, selection: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Grid and office codes among the map's selection ``{layer: rows}`` (offices from the
    plan or the office posts)."""
    grids = tuple(str(project["grids"]["code"].iloc[i]) for i in sorted(selection.get("grids", ())))
    offices = [str(project["plan_offices"]["code"].iloc[i]) for i in sorted(selection.get("plan_offices", ()))]
    posts = project["posts"]
    offices += [str(posts["code"].iloc[i]) for i in sorted(selection.get("posts", ())) if posts["tier"].iloc[i] == "office"]
    return grids, tuple(offices)


class PrintDialog(QDialog):
    """Choose and preview a beat-map printout; ``request()`` once accepted."""

    def __init__(self, window, default_out: Path) -> None:
        super().__init__(window)
        self.setObjectName("printDialog")
        self.setWindowTitle(self.tr("Print beat maps"))
        self.project = window.project
        # a scene of its own: the canvas's is being drawn on its render threads meanwhile
        self.scene = MapScene.from_project(self.project)
        self.planner = PagePlanner(self.project, self.scene.epsg)
        self.credits = Credits.from_metadata(self.project.metadata)
        self.grids, self.offices = selected_codes(self.project, window.canvas.selection)
        self._preview_timer = QTimer(self, singleShot=True, interval=150)
        self._preview_timer.timeout.connect(self.refresh_preview)

        self.everything = QRadioButton(self.tr("The whole atlas"))
        self.one_station = QRadioButton(self.tr("One station"))
        self.chosen = QRadioButton(self.tr("The selected grids and offices ({grids} grids, {offices} offices)")
                                   .format(grids=len(self.grids), offices=len(self.offices)))
        self.chosen.setEnabled(bool(self.grids or self.offices))
        self.what = QButtonGroup(self)
        for k, b in enumerate((self.everything, self.one_station, self.chosen)):
            self.what.addButton(b, k)
        self.station = QComboBox()
        for code in self.planner.stations():
            self.station.addItem(f"{self.planner.names.get(code, code)}（{code}）", code)
        self.by = QComboBox()
        for text, key in ((self.tr("One page per grid"), "grid"), (self.tr("One page per office"), "office"),
                          (self.tr("One page per station"), "station")):
            self.by.addItem(text, key)
        self.paper = QComboBox()
        self.paper.addItems(["A4", "A3"])
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("Portrait"), "portrait")
        self.orientation.addItem(self.tr("Landscape"), "landscape")
        self.personal = QCheckBox(self.tr("Officer names and phones on the pages"))
        self.personal.setChecked(True)
        self.basemap = QCheckBox(self.tr("Basemap under the maps"))
        has_basemap = bool(window.settings.basemap_mbtiles or window.settings.basemap_url)
        self.basemap.setEnabled(has_basemap)
        if not has_basemap:
            self.basemap.setToolTip(self.tr("Set a basemap in Settings first"))
        self.out = QLineEdit(str(default_out))

        form = QFormLayout()
        what_box = QVBoxLayout()
        what_box.addWidget(self.everything)
        station_row = QHBoxLayout()
        station_row.addWidget(self.one_station)
        station_row.addWidget(self.station, 1)
        what_box.addLayout(station_row)
        what_box.addWidget(self.chosen)
        form.addRow(self.tr("Print"), what_box)
        form.addRow(self.tr("Pages"), self.by)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Orientation"), self.orientation)
        form.addRow("", self.personal)
        form.addRow("", self.basemap)
        form.addRow(self.tr("Save as"), browse_row(self.out, self.tr("Browse…"), self._browse))

        self.preview = QLabel()
        self.preview.setObjectName("printPreview")
        self.preview.setMinimumSize(300, 380)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #8a8f96;")
        self.page = QSpinBox()
        self.page.setMinimum(1)
        self.pages_label = QLabel()
        page_row = QHBoxLayout()
        page_row.addWidget(QLabel(self.tr("Preview page")))
        page_row.addWidget(self.page)
        page_row.addWidget(self.pages_label, 1)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addLayout(page_row)

        left = QWidget()
        left.setLayout(form)
        body = QHBoxLayout()
        body.addWidget(left, 1)
        body.addLayout(right, 1)
        root = QVBoxLayout(self)
        root.addLayout(body, 1)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b03a2e;")
        root.addWidget(self.message)
        root.addWidget(ok_cancel(self, self.tr("Print"), self._accept))

        (self.chosen if self.chosen.isEnabled() else self.everything).setChecked(True)
        self._pick_station(window)
        self.what.idToggled.connect(lambda *_: self._changed())
        for combo in (self.station, self.by, self.orientation):
            combo.currentIndexChanged.connect(lambda *_: self._changed())
        self.paper.currentIndexChanged.connect(lambda *_: self._paper_changed())
        self.page.valueChanged.connect(lambda *_: self._preview_timer.start())
        self.personal.toggled.connect(lambda *_: self._preview_timer.start())
        self._paper_changed()

    # ------------------------------------------------------------------ choices
    def _pick_station(self, window) -> None:
        """The station of the first selected feature, else the one at the map's centre."""
        code = ""
        for layer, rows in window.canvas.selection.items():
            frame = self.project[layer]
            if "station" in frame.columns and rows:
                code = str(frame["station"].iloc[min(rows)])
                break
        if not code:
            bounds = self.planner.bounds
            stations = bounds[bounds["level"] == "station"]
            if len(stations):
                import shapely

                cx, cy = window.canvas.viewport.cx, window.canvas.viewport.cy
                inside = stations[shapely.contains_xy(stations.geometry.values, cx, cy)]
                code = str(inside["code"].iloc[0]) if len(inside) else ""
        k = self.station.findData(code)
        if k >= 0:
            self.station.setCurrentIndex(k)

    def selection(self) -> Selection:
        if self.chosen.isChecked():
            return Selection(grids=self.grids, offices=self.offices)
        if self.one_station.isChecked() and self.station.currentData():
            return Selection(stations=(self.station.currentData(),))
        return Selection()

    def request(self) -> PrintRequest:
        return PrintRequest(Path(self.out.text().strip()), self.by.currentData(), self.paper.currentText(),
                            self.orientation.currentData(), self.selection(), self.personal.isChecked(),
                            self.basemap.isChecked() and self.basemap.isEnabled())

    def _paper_changed(self) -> None:
        k = self.orientation.findData(DEFAULT_ORIENTATION[self.paper.currentText()])
        self.orientation.blockSignals(True)
        self.orientation.setCurrentIndex(k)
        self.orientation.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self.by.setEnabled(not self.chosen.isChecked())
        self.station.setEnabled(self.one_station.isChecked())
        total = self.planner.count(self.by.currentData(), selection=self.selection())
        self.page.setMaximum(max(total, 1))
        self.pages_label.setText(self.tr("of {n} pages (long lists add continuation pages)").format(n=total))
        self._preview_timer.start()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save beat maps as"), self.out.text(),
                                              self.tr("PDF (*.pdf)"))
        if path:
            self.out.setText(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def _accept(self) -> None:
        out = Path(self.out.text().strip())
        if out.suffix.lower() != ".pdf" or not out.parent.is_dir():
            self.message.setText(self.tr("Choose a .pdf file in an existing folder."))
            return
        bad = self.planner.unknown(self.selection())
        if bad:
            self.message.setText(self.tr("{code} is not in the plan: choose grids or the plan's offices.").format(
                code=bad[0][1]))
            return
        if self.planner.count(self.by.currentData(), selection=self.selection()) == 0:
            self.message.setText(self.tr("Nothing to print: the choice has no pages."))
            return
        self.accept()

    # ------------------------------------------------------------------ preview
    def refresh_preview(self) -> None:
        """Draw the chosen page of the current choice into the preview."""
        request = self.request()
        self.planner.personal = request.personal
        k = self.page.value() - 1
        spec = next(islice(self.planner.pages(request.by, selection=request.selection), k, None), None)
        if spec is None:
            self.preview.setText(self.tr("No page to preview"))
            return
        layout = page_layout(request.paper, request.orientation)
        fit = min(self.preview.width() / layout.size[0], self.preview.height() / layout.size[1]) * 25.4
        image = preview_image(self.scene, spec, layout, number=k + 1, total=self.page.maximum(),
                              credits=self.credits, dpi=max(PREVIEW_DPI, fit))
        self.preview_image = image
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
