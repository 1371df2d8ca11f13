"""The layer panel: visibility, drawing order, opacity, colour and labels per layer.

Layers are listed in groups (规划方案, 警务站点, 警格, 基础: a group's check box shows or
hides all its layers); each layer's labels can show another column (``label_field``) and
the grids can be coloured by deviation or by the officer assigned (``classify``).

The order is kept here and handed to the map through :class:`OrderedScene`, a
:class:`maps.render.scene.MapScene` whose drawing order can be changed.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
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

from gisdesk.ui.names import column_title, layer_title
from layers.schema import LAYER_ORDER, LAYERS
from maps.render import MapScene
from maps.style.symbology import CLASSIFY, LABEL_FIELDS, LayerStyle

DRAWN = tuple(n for n in LAYER_ORDER if LAYERS[n].geometry is not None)
GROUPS = (
    ("plan", ("plan_offices", "plan_workstations", "plan_assignment")),
    ("posts", ("posts", "key_sites")),
    ("grids", ("grids", "units")),
    ("base", ("villages", "roads", "boundaries")),
)
"""The layer panel's groups, top first; a layer in none is listed under 基础."""
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.up = QToolButton(text="▲", objectName="layerUp", toolTip=self.tr("Draw above"),
                              clicked=lambda: self.move_current(+1))
        self.down = QToolButton(text="▼", objectName="layerDown", toolTip=self.tr("Draw below"),
                                clicked=lambda: self.move_current(-1))
        self.zoom = QPushButton(self.tr("Zoom to layer"),
                                clicked=lambda: self.current() and canvas.zoom_to_layer(self.current()))
        self.opacity = QSlider(Qt.Orientation.Horizontal, objectName="layerOpacity", minimum=0, maximum=100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.labels = QCheckBox(self.tr("Show labels"), objectName="layerLabels", toggled=self._labels_toggled)
        self.label_field = QComboBox(objectName="layerLabelField", currentIndexChanged=self._label_field_changed)
        self.classify = QComboBox(objectName="layerClassify", currentIndexChanged=self._classify_changed)
        self.colour = QPushButton(self.tr("Colour…"), objectName="layerColour", clicked=self.pick_colour)
        self.reset = QPushButton(self.tr("Default style"), clicked=self._reset_style)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        buttons.addWidget(self.zoom)
        form = QFormLayout()
        form.addRow(self.tr("Opacity"), self.opacity)
        form.addRow("", self.labels)
        form.addRow(self.tr("Label field"), self.label_field)
        form.addRow(self.tr("Colour by"), self.classify)
        self.form = form
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
        top_first = list(reversed(self.order))
        for group, members in _groups(top_first):
            head = QListWidgetItem(self.group_title(group))
            head.setData(GROUP_ROLE, group)
            head.setFlags((head.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsDragEnabled
                          & ~Qt.ItemFlag.ItemIsSelectable)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            shown = [self.layer_style(n).visible for n in members]
            head.setCheckState(Qt.CheckState.Checked if all(shown) else
                               Qt.CheckState.PartiallyChecked if any(shown) else Qt.CheckState.Unchecked)
            self.list.addItem(head)
            for name in members:
                n = len(scene[name]) if scene is not None and name in scene else 0
                item = QListWidgetItem(f"    {layer_title(name)}  ({n:,})")
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setCheckState(Qt.CheckState.Checked if self.layer_style(name).visible else Qt.CheckState.Unchecked)
                item.setIcon(self._swatch(name))
                self.list.addItem(item)
        self._filling = False
        self.select(current or self.order[-1])

    def group_title(self, group: str) -> str:
        return {"plan": self.tr("Plan"), "posts": self.tr("Police posts and key sites"), "grids": self.tr("Grids"),
                "base": self.tr("Base data")}.get(group, group)

    def group_item(self, group: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(GROUP_ROLE) == group:
                return self.list.item(i)
        return None

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
        group = item.data(GROUP_ROLE)
        if group is not None:  # a group's box shows or hides all its layers
            if item.checkState() == Qt.CheckState.PartiallyChecked:
                return
            on = item.checkState() == Qt.CheckState.Checked
            members = dict(_groups(list(reversed(self.order)))).get(group, [])
            for name in members:
                if self.layer_style(name).visible != on:
                    self.canvas.set_layer_style(name, visible=on)
            self.styles_changed.emit()
            self.fill()
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        visible = item.checkState() == Qt.CheckState.Checked
        if self.layer_style(name).visible != visible:
            self.canvas.set_layer_style(name, visible=visible)
            self.styles_changed.emit()
            self._update_group_boxes()

    def _update_group_boxes(self) -> None:
        self._filling = True
        for group, members in _groups(list(reversed(self.order))):
            head = self.group_item(group)
            if head is not None:
                shown = [self.layer_style(n).visible for n in members]
                head.setCheckState(Qt.CheckState.Checked if all(shown) else
                                   Qt.CheckState.PartiallyChecked if any(shown) else Qt.CheckState.Unchecked)
        self._filling = False

    def _current_changed(self, *args) -> None:
        name = self.current()
        if name is None:
            return
        st = self.layer_style(name)
        self._filling = True
        self.opacity.setValue(round(st.opacity * 100))
        self.labels.setChecked(st.labels)
        self.label_field.clear()
        for field in LABEL_FIELDS.get(name, ("name",)):
            self.label_field.addItem(column_title(field), field)
        self.label_field.setCurrentIndex(max(0, self.label_field.findData(st.label_field)))
        self.label_field.setEnabled(self.label_field.count() > 1)
        self.classify.clear()
        for way in CLASSIFY.get(name, ()):
            self.classify.addItem(self.classify_title(way), way)
        self.classify.setCurrentIndex(max(0, self.classify.findData(st.classify)))
        self.classify.setEnabled(self.classify.count() > 1)
        self.form.setRowVisible(self.classify, self.classify.count() > 0)  # only layers coloured by a choice
        self._filling = False

    def classify_title(self, way: str) -> str:
        return {"deviation": self.tr("Deviation from the standard"), "officer": self.tr("Officer assigned")}.get(way, way)

    def set_label_field(self, name: str, field: str) -> None:
        self.canvas.set_layer_style(name, label_field=field)
        self.styles_changed.emit()

    def set_classify(self, name: str, way: str) -> None:
        self.canvas.set_layer_style(name, classify=way)
        self.styles_changed.emit()

    def _label_field_changed(self, index: int) -> None:
        if not self._filling and self.current() and index >= 0:
            self.set_label_field(self.current(), self.label_field.itemData(index))

    def _classify_changed(self, index: int) -> None:
        if not self._filling and self.current() and index >= 0:
            self.set_classify(self.current(), self.classify.itemData(index))

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
        QTimer.singleShot(0, self.fill)  # regroup after the view has finished the move
        self.select(name)

    def _rows_moved(self, *args) -> None:
        shown = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.order = [n for n in shown if n is not None][::-1]
        self._apply_order()
        QTimer.singleShot(0, self.fill)  # regroup after the view has finished the move

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


def _groups(top_first: list[str]) -> list[tuple[str, list[str]]]:
    """The layers (top first) under their groups, groups in :data:`GROUPS` order, empty ones left out."""
    placed = {n: g for g, members in GROUPS for n in members}
    out = []
    for group, _ in GROUPS:
        members = [n for n in top_first if placed.get(n, "base") == group]
        if members:
            out.append((group, members))
    return out
