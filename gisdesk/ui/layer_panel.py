"""The layer panel: visibility, drawing order, opacity, colour and labels per layer.

The order is kept here and handed to the map through :class:`OrderedScene`, a
:class:`maps.render.scene.MapScene` whose drawing order can be changed.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gisdesk.ui.names import layer_title
from layers.schema import LAYER_ORDER, LAYERS
from maps.render import MapScene
from maps.style.symbology import LayerStyle

DRAWN = tuple(n for n in LAYER_ORDER if LAYERS[n].geometry is not None)


class OrderedScene(MapScene):
    """A scene drawn in ``order`` (bottom first) instead of the fixed default order."""

    order: list[str] | None = None

    def ordered(self) -> list[str]:
        base = super().ordered()
        if not self.order:
            return base
        ordered = [n for n in self.order if n in self.layers]
        return ordered + [n for n in base if n not in ordered]


class LayerPanel(QWidget):
    """Topmost layer first; check to show, drag the sliders, pick a colour."""

    order_changed = pyqtSignal(list)
    styles_changed = pyqtSignal()

    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.canvas = canvas
        self.order: list[str] = list(DRAWN)  # bottom first
        self.list = QListWidget()
        self.list.setObjectName("layerList")
        self.list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item: canvas.zoom_to_layer(item.data(Qt.ItemDataRole.UserRole)))
        self.up = QToolButton(text="▲")
        self.up.setObjectName("layerUp")
        self.up.setToolTip(self.tr("Draw above"))
        self.down = QToolButton(text="▼")
        self.down.setObjectName("layerDown")
        self.down.setToolTip(self.tr("Draw below"))
        self.zoom = QPushButton(self.tr("Zoom to layer"))
        self.up.clicked.connect(lambda: self.move_current(+1))
        self.down.clicked.connect(lambda: self.move_current(-1))
        self.zoom.clicked.connect(lambda: self.current() and canvas.zoom_to_layer(self.current()))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setObjectName("layerOpacity")
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.labels = QCheckBox(self.tr("Show labels"))
        self.labels.setObjectName("layerLabels")
        self.labels.toggled.connect(self._labels_toggled)
        self.colour = QPushButton(self.tr("Colour…"))
        self.colour.setObjectName("layerColour")
        self.colour.clicked.connect(self.pick_colour)
        self.reset = QPushButton(self.tr("Default style"))
        self.reset.clicked.connect(self._reset_style)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        buttons.addWidget(self.zoom)
        form = QFormLayout()
        form.addRow(self.tr("Opacity"), self.opacity)
        form.addRow("", self.labels)
        row = QHBoxLayout()
        row.addWidget(self.colour)
        row.addWidget(self.reset)
        form.addRow(self.tr("Style"), row)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        lay.addLayout(form)
        self._filling = False
        self.fill()

    # ------------------------------------------------------------------ contents
    def layer_style(self, name: str) -> LayerStyle:
        return self.canvas.styles.get(name) or LayerStyle()

    def fill(self) -> None:
        """Rebuild the list from the order and the canvas styles (counts from the scene)."""
        self._filling = True
        current = self.current()
        self.list.clear()
        scene = self.canvas.scene
        for name in reversed(self.order):
            n = len(scene[name]) if scene is not None and name in scene else 0
            item = QListWidgetItem(f"{layer_title(name)}  ({n:,})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if self.layer_style(name).visible else Qt.CheckState.Unchecked)
            item.setIcon(self._swatch(name))
            self.list.addItem(item)
        self._filling = False
        self.select(current or self.order[-1])

    def _swatch(self, name: str) -> QIcon:
        pm = QPixmap(14, 14)
        pm.fill(QColor(self.layer_style(name).fill or _DEFAULT_COLOURS.get(name, "#888888")))
        return QIcon(pm)

    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def item(self, name: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                return self.list.item(i)
        return None

    def select(self, name: str) -> None:
        item = self.item(name)
        if item is not None:
            self.list.setCurrentItem(item)

    # ------------------------------------------------------------------ changes
    def set_visible(self, name: str, visible: bool) -> None:
        self.item(name).setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        visible = item.checkState() == Qt.CheckState.Checked
        if self.layer_style(name).visible != visible:
            self.canvas.set_layer_style(name, visible=visible)
            self.styles_changed.emit()

    def _current_changed(self, *args) -> None:
        name = self.current()
        if name is None:
            return
        st = self.layer_style(name)
        self._filling = True
        self.opacity.setValue(round(st.opacity * 100))
        self.labels.setChecked(st.labels)
        self._filling = False

    def _opacity_changed(self, value: int) -> None:
        if not self._filling and self.current():
            self.canvas.set_layer_style(self.current(), opacity=value / 100.0)

    def _labels_toggled(self, on: bool) -> None:
        if not self._filling and self.current():
            self.canvas.set_layer_style(self.current(), labels=on)

    def pick_colour(self) -> None:
        name = self.current()
        if not name:
            return
        colour = QColorDialog.getColor(QColor(self.layer_style(name).fill or "#888888"), self, self.tr("Layer colour"))
        if colour.isValid():
            self.set_colour(name, colour.name())

    def set_colour(self, name: str, hex_colour: str | None) -> None:
        self.canvas.set_layer_style(name, fill=hex_colour, stroke=hex_colour)
        self.styles_changed.emit()
        item = self.item(name)
        if item is not None:
            item.setIcon(self._swatch(name))

    def _reset_style(self) -> None:
        name = self.current()
        if name:
            self.canvas.set_layer_style(name, fill=None, stroke=None, opacity=1.0)
            self._current_changed()
            self.item(name).setIcon(self._swatch(name))

    def move_current(self, step: int) -> None:
        """Move the current layer ``step`` places up (+1: drawn later, on top)."""
        name = self.current()
        if name is None:
            return
        k = self.order.index(name)
        j = min(max(k + step, 0), len(self.order) - 1)
        if j == k:
            return
        self.order.insert(j, self.order.pop(k))
        self._apply_order()
        self.fill()
        self.select(name)

    def _rows_moved(self, *args) -> None:
        self.order = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())][::-1]
        self._apply_order()

    def _apply_order(self) -> None:
        scene = self.canvas.scene
        if isinstance(scene, OrderedScene):
            scene.order = list(self.order)
        self.canvas.refresh()
        self.order_changed.emit(list(self.order))


_DEFAULT_COLOURS = {
    "boundaries": "#6b6257",
    "grids": "#9ecae1",
    "units": "#d9cfc1",
    "roads": "#e39b3b",
    "villages": "#7a9a5a",
    "key_sites": "#8c6bb1",
    "plan_assignment": "#b0b0b0",
    "posts": "#1f4e9c",
    "plan_workstations": "#2a9d8f",
    "plan_offices": "#d62828",
}
