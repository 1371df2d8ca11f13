"""The import dialog: pick a file and a layer, see the first rows, map the columns.

Reading for the preview uses :func:`layers.importing.read_source`; the import itself
(:func:`layers.importing.import_file`, which checks every row) runs in the task runner,
and the rows join the layer as one undoable command. A refusal is shown in the dialog
as one line naming the file, row and column; the project is not changed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisdesk.ui.autosave import snapshot
from gisdesk.ui.names import column_title, layer_title
from gisdesk.ui.widgets import browse_row, ok_cancel, stack
from layers.edits import ReplaceLayers
from layers.errors import GisdeskError
from layers.schema import CRS, LAYERS, PLAN_VERSION_LAYERS

PREVIEW_ROWS = 30
FILTER = "*.shp *.gpkg *.geojson *.json *.csv *.txt *.xlsx *.osm *.pbf *.osm.gz"
COORDINATE_TITLES = {"lon": "lon", "lat": "lat", "wkt": "wkt"}


class ImportDialog(QDialog):
    """Modal dialog; on success ``result`` holds the :class:`ImportResult` applied."""

    def __init__(self, window, path: str | None = None, layer: str = "villages", parent=None):
        super().__init__(parent or window)
        self.window = window
        self.source = None
        self.result = None
        self.setWindowTitle(self.tr("Import data"))
        self.resize(900, 620)
        self.path = QLineEdit(objectName="importPath")
        self.layer = QComboBox(objectName="importLayer")
        for name in LAYERS:
            if name not in PLAN_VERSION_LAYERS:
                self.layer.addItem(layer_title(name), name)
        self.layer.setCurrentIndex(self.layer.findData(layer))
        self.encoding = QComboBox(objectName="importEncoding")
        self.encoding.addItem(self.tr("detect"), "")
        for enc in ("utf-8", "gbk", "gb18030"):
            self.encoding.addItem(enc, enc)
        self.crs = QComboBox(objectName="importCrs", editable=True)
        self.crs.addItem(self.tr("from the file"), "")
        for code, label in (("4490", "CGCS2000 (EPSG:4490)"), ("4326", "WGS-84 (EPSG:4326)"),
                            ("gcj02", self.tr("GCJ-02 (Amap, Tencent)")), ("bd09", self.tr("BD-09 (Baidu)")),
                            ("4527", "CGCS2000 GK 39 (EPSG:4527)"), ("4548", "CGCS2000 GK 117E (EPSG:4548)")):
            self.crs.addItem(label, code)
        self.replace = QCheckBox(self.tr("Replace the layer's rows (otherwise append)"), objectName="importReplace")
        self.skip = QCheckBox(self.tr("Skip invalid rows and list them"), objectName="importSkip")
        self.clip = QCheckBox(self.tr("Only what lies in the project's county boundary (for province-size files)"),
                              objectName="importClip")
        self.match = QLineEdit(objectName="importMatch", placeholderText=self.tr(
            "optional: OSM places or POI file to place villages without coordinates"))
        form = QFormLayout()
        form.addRow(self.tr("File"), browse_row(self.path, self.tr("Browse…"), self.browse))
        form.addRow(self.tr("Into layer"), self.layer)
        form.addRow(self.tr("Encoding"), self.encoding)
        form.addRow(self.tr("Coordinates"), self.crs)
        form.addRow("", self.replace)
        form.addRow("", self.skip)
        form.addRow("", self.clip)
        form.addRow(self.tr("Place by name"), browse_row(self.match, self.tr("Browse…"), self.browse_match))
        self.preview = QTableWidget(objectName="importPreview")
        self.mapping = QTableWidget(0, 2, objectName="importMapping")
        self.mapping.setHorizontalHeaderLabels([self.tr("Layer column"), self.tr("From file column")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        split = QSplitter()
        for title, table in ((self.tr("First rows of the file"), self.preview), (self.tr("Field mapping"), self.mapping)):
            side = QWidget()
            stack(side, QLabel(title), table).setContentsMargins(0, 0, 0, 0)
            split.addWidget(side)
        split.setSizes([560, 340])
        self.error = QLabel(objectName="importError", wordWrap=True, styleSheet="color: #b3261e;")
        self.buttons = ok_cancel(self, self.tr("Import"), self.start_import)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.path.editingFinished.connect(self.load_preview)
        self.layer.currentIndexChanged.connect(self.fill_mapping)
        self.encoding.currentIndexChanged.connect(self.load_preview)
        if path:
            self.path.setText(str(path))
            self.load_preview()

    # ------------------------------------------------------------------ preview
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import data"), "", self.tr("Data files") + f" ({FILTER})")
        if path:
            self.path.setText(path)
            self.load_preview()

    def browse_match(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import data"), "",
                                              self.tr("Data files") + f" ({FILTER})")
        if path:
            self.match.setText(path)

    def options(self):
        from layers.importing import ImportOptions

        text = self.crs.currentText().strip()
        k = self.crs.findText(text)
        crs = self.crs.itemData(k) if k >= 0 else text
        return ImportOptions(
            encoding=self.encoding.currentData() or None,
            crs=crs or None,
            fields=self.fields(),
            skip_invalid=self.skip.isChecked(),
            replace=self.replace.isChecked(),
            clip="county" if self.clip.isChecked() else None,
            match=self.match.text().strip() or None,
        )

    def load_preview(self) -> None:
        from layers.importing import ImportOptions, read_source

        self.error.clear()
        text = self.path.text().strip()
        if not text:
            return
        try:
            self.source = read_source(text, ImportOptions(encoding=self.encoding.currentData() or None))
        except GisdeskError as exc:
            self.source = None
            self.error.setText(exc.line())
            self.preview.clear()
            self.preview.setRowCount(0)
            self.fill_mapping()
            return
        table = self.source.table
        self.preview.clear()
        self.preview.setColumnCount(len(table.columns))
        self.preview.setHorizontalHeaderLabels([str(c) for c in table.columns])
        n = min(PREVIEW_ROWS, len(table))
        self.preview.setRowCount(n)
        for r in range(n):
            for c in range(len(table.columns)):
                v = table.iat[r, c]
                self.preview.setItem(r, c, QTableWidgetItem("" if v is None or (isinstance(v, float) and v != v) else str(v)))
        self.preview.resizeColumnsToContents()
        self.fill_mapping()

    def fill_mapping(self) -> None:
        from layers.importing.fields import match_columns, targets_for

        layer = self.layer.currentData()
        targets = targets_for(layer)
        columns = self._layer_columns(layer)
        auto = match_columns(layer, columns).columns if columns else {}
        self.mapping.setRowCount(len(targets))
        for r, t in enumerate(targets):
            title = QTableWidgetItem(f"{column_title(t)} ({t})" if t not in COORDINATE_TITLES else self._coord_title(t))
            title.setData(256, t)
            self.mapping.setItem(r, 0, title)
            box = QComboBox()
            box.addItem("—", "")
            for c in columns:
                box.addItem(c, c)
            box.setCurrentIndex(max(0, box.findData(auto.get(t, ""))))
            self.mapping.setCellWidget(r, 1, box)

    def _layer_columns(self, layer: str) -> list[str]:
        """The file's columns as the import sees them: OpenStreetMap and Amap layouts are first
        turned into the layer's own columns, so the mapping shows (and passes) those."""
        from layers.importing import osm, read_source
        from layers.importing.pipeline import adapt_layout

        if self.source is None:
            return []
        path = Path(self.path.text().strip())
        try:
            source = read_source(path, layer=layer) if osm.is_raw_osm(path) else self.source
            adapted, _facts = adapt_layout(source, layer, path)
        except GisdeskError as exc:
            self.error.setText(exc.line())
            return []
        return adapted.columns

    def _coord_title(self, t: str) -> str:
        return {"lon": self.tr("Longitude (lon)"), "lat": self.tr("Latitude (lat)"),
                "wkt": self.tr("Geometry as WKT (wkt)")}[t]

    def fields(self) -> dict[str, str]:
        """The mapping chosen in the dialog: ``{target: source column}``."""
        out = {}
        for r in range(self.mapping.rowCount()):
            box = self.mapping.cellWidget(r, 1)
            if box is not None and box.currentData():
                out[self.mapping.item(r, 0).data(256)] = box.currentData()
        return out

    def set_field(self, target: str, source: str) -> None:
        for r in range(self.mapping.rowCount()):
            if self.mapping.item(r, 0).data(256) == target:
                box = self.mapping.cellWidget(r, 1)
                box.setCurrentIndex(box.findData(source))

    # ------------------------------------------------------------------ import
    def start_import(self) -> bool:
        from layers.importing import import_file

        if self.source is None:
            self.load_preview()
            if self.source is None:
                if not self.error.text():
                    self.error.setText(self.tr("Choose a file to import."))
                return False
        path, layer, options = self.path.text().strip(), self.layer.currentData(), self.options()
        snap = snapshot(self.window.project)
        self.error.setText(self.tr("Importing…"))
        self.buttons.setEnabled(False)
        return self.window.runner.start(
            "import", self.tr("Importing {file}").format(file=Path(path).name),
            lambda progress, cancel: import_file(path, layer, snap, options),
            lambda result: self.apply(result, options), self._failed)

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(message)

    def apply(self, result, options) -> None:
        layer = result.layer
        current = self.window.project[layer]
        if result.replaced and len(current):  # OSM places that matched villages of the list
            current = current[~current["code"].isin(result.replaced)]
        if options.replace or not len(current):
            combined = result.frame
        else:
            combined = pd.concat([current, result.frame], ignore_index=True)
            if isinstance(result.frame, gpd.GeoDataFrame):
                combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=CRS)
        self.window.stack.push(ReplaceLayers({layer: combined}, text=self.tr("Import {n} rows into {layer}").format(
            n=result.imported, layer=layer_title(layer))))
        self.result = result
        self.buttons.setEnabled(True)
        skipped = len(result.skipped) + len(result.unmatched)
        self.window.show_message(self.tr("{n} rows imported into {layer}, {skipped} skipped.").format(
            n=result.imported, layer=layer_title(layer), skipped=skipped))
        self.accept()
