"""Settings: language, autosave interval, basemap (XYZ URL template or MBTiles file), worker processes."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from gisdesk.ui.config import Settings
from gisdesk.ui.widgets import browse_row, ok_cancel, stack


class SettingsDialog(QDialog):
    """Edits a :class:`Settings`; ``apply()`` writes them (OK does)."""

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.autosave = QSpinBox()
        self.autosave.setObjectName("settingsAutosave")
        self.autosave.setRange(0, 120)
        self.autosave.setSuffix(self.tr(" min"))
        self.autosave.setSpecialValueText(self.tr("off"))
        self.autosave.setValue(settings.autosave_minutes)
        self.workers = QSpinBox()
        self.workers.setObjectName("settingsWorkers")
        self.workers.setRange(0, 256)
        self.workers.setSpecialValueText(self.tr("all cores"))
        self.workers.setValue(settings.workers)
        self.workers.setToolTip(self.tr("Processes that site offices and draw grids side by side; "
                                        "the plan is the same for any number."))
        self.url = QLineEdit(settings.basemap_url)
        self.url.setObjectName("settingsUrl")
        self.url.setPlaceholderText("http://tiles.intranet/{z}/{x}/{y}.png")
        self.mbtiles = QLineEdit(settings.basemap_mbtiles)
        self.mbtiles.setObjectName("settingsMbtiles")
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Autosave every"), self.autosave)
        form.addRow(self.tr("Worker processes"), self.workers)
        form.addRow(self.tr("Tile URL"), self.url)
        form.addRow(self.tr("MBTiles file"), browse_row(self.mbtiles, self.tr("Browse…"), self._browse))
        stack(self, form,
              QLabel(self.tr("No basemap is used unless one is set here; nothing is fetched from the internet."),
                     wordWrap=True, objectName="hint"),
              ok_cancel(self))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("MBTiles file"), "", "MBTiles (*.mbtiles)")
        if path:
            self.mbtiles.setText(path)

    def apply(self) -> None:
        s = self.settings
        s.language = self.language.currentData()
        s.autosave_minutes = self.autosave.value()
        s.workers = self.workers.value()
        s.basemap_url = self.url.text()
        s.basemap_mbtiles = self.mbtiles.text()
        s.sync()

    def accept(self) -> None:
        self.apply()
        super().accept()
