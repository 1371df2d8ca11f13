"""The identify panel: the attributes of the features under a click, topmost first."""

from __future__ import annotations

import math

from PyQt6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from gisdesk.ui.names import column_title, layer_title, value_title
from layers.lookups import REFERENCE_KINDS, DisplayNames, labelled
from layers.schema import LAYERS


class IdentifyPanel(QWidget):
    """Shows ``[(layer, row)]`` of the project as a tree: feature, then attribute = value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hint = QLabel(self.tr("Click on the map with the identify tool."))
        self.hint.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("identifyTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Attribute"), self.tr("Value")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.hint)
        lay.addWidget(self.tree, 1)

    def show_features(self, project, hits, lonlat: tuple[float, float] | None = None) -> None:
        self.tree.clear()
        if lonlat is not None:
            self.hint.setText(self.tr("At {lon:.5f}°E {lat:.5f}°N: {n} features").format(
                lon=lonlat[0], lat=lonlat[1], n=len(hits)))
        names = DisplayNames(project)
        for layer, row in hits:
            frame = project[layer]
            if row >= len(frame):
                continue
            name = str(frame["name"].iloc[row]) if "name" in frame.columns else ""
            code = str(frame["code"].iloc[row]) if "code" in frame.columns else str(row + 1)
            if layer == "villages":
                name = names.name("village", code) or name
            top = QTreeWidgetItem([layer_title(layer), labelled(name, code)])
            for col in LAYERS[layer].column_names:
                v = frame[col].iloc[row]
                shown = (names.reference(col, v) if col in REFERENCE_KINDS and layer != "boundaries"
                         else _show(v, LAYERS[layer].column(col).choices, col))
                top.addChild(QTreeWidgetItem([column_title(col), shown]))
            self.tree.addTopLevelItem(top)
        if self.tree.topLevelItemCount():
            self.tree.expandItem(self.tree.topLevelItem(0))

    def values(self) -> dict[str, str]:
        """The attributes of the first feature shown (for tests and copying)."""
        if not self.tree.topLevelItemCount():
            return {}
        top = self.tree.topLevelItem(0)
        return {top.child(i).text(0): top.child(i).text(1) for i in range(top.childCount())}


def _show(v, choices, column: str) -> str:
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:,.2f}"
    if choices:
        return value_title(str(v), column)
    return str(v)
