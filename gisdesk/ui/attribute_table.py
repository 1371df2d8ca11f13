"""The attribute table dock: one layer's rows, sortable, filterable, editable, synced.

:class:`LayerTableModel` reads the project's frame (schema columns only) and turns an
edit into a :class:`layers.edits.SetCells` command on the window's stack; a value the
schema refuses is not applied and ``edit_rejected`` says why. Selecting rows selects the
features on the map and the other way round (row numbers are feature ids).
"""

from __future__ import annotations

import math

import pandas as pd
from PyQt6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QSize,
    QSortFilterProxyModel,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gisdesk.ui.names import column_title, layer_title, value_title
from layers.edits import SetCells
from layers.errors import InputError
from layers.lookups import REFERENCE_KINDS, DisplayNames
from layers.schema import LAYERS

RAW_ROLE = Qt.ItemDataRole.UserRole + 1
UNASSIGNED_ROLES = {Qt.ItemDataRole.DisplayRole: None, Qt.ItemDataRole.BackgroundRole: QColor("#f6d5d5"),
                    Qt.ItemDataRole.ForegroundRole: QColor("#8a1c1c")}
"""A grid no one covers: its responsible-person cell says so, in red on pink."""


# Columns are fitted to the header and the first rows, measured here in one pass: Qt's own
# fitting calls back into Python for every cell and header, and while a job computes in
# the background each callback waits for the interpreter (0.5 s per layer on a city).
RESIZE_ROWS = 60
MAX_COLUMN_PX = 320


class RowNumbers(QHeaderView):
    """The row-number header, sized from the largest number instead of asking every row."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setDefaultSectionSize(24)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def sizeHint(self) -> QSize:  # noqa: N802
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        width = self.fontMetrics().horizontalAdvance("9" * len(str(max(rows, 1)))) + 16
        return QSize(width, self.defaultSectionSize())


class LayerTableModel(QAbstractTableModel):
    """A table over ``project[layer]`` whose edits go through the command stack."""

    edit_rejected = pyqtSignal(str)

    def __init__(self, stack, layer: str, parent=None):
        super().__init__(parent)
        self.stack = stack
        self.layer = layer
        self.columns = LAYERS[layer].column_names
        self._names: DisplayNames | None = None

    @property
    def frame(self):
        return self.stack.project[self.layer]

    def names(self) -> DisplayNames:
        """The names shown beside codes, read again after every change of the project."""
        if self._names is None or self._names.project is not self.stack.project:
            self._names = DisplayNames(self.stack.project)
        return self._names

    def set_layer(self, layer: str) -> None:
        self.beginResetModel()
        self.layer = layer
        self.columns = LAYERS[layer].column_names
        self._names = None
        self.endResetModel()

    def reload(self) -> None:
        self.beginResetModel()
        self._names = None
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.frame)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_title(self.columns[section])
        return str(section + 1)

    def _value(self, row: int, col: int):
        v = self.frame.iat[row, self.frame.columns.get_loc(self.columns[col])]
        return v.item() if hasattr(v, "item") else v

    _VALUE_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole,
                              RAW_ROLE})

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = LAYERS[self.layer].column(self.columns[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("int", "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self.layer == "grids" and column.name == "officer_name" and role in UNASSIGNED_ROLES \
                and not self._value(index.row(), index.column()):
            return self.tr("Unassigned") if role == Qt.ItemDataRole.DisplayRole else UNASSIGNED_ROLES[role]
        if role not in self._VALUE_ROLES:  # Qt asks for fonts, colours, ... of every cell it sizes
            return None
        v = self._value(index.row(), index.column())
        if v is None or v is pd.NA:  # an unknown count (NULL), shown empty, never as 0
            return ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if isinstance(v, float):
                return "" if math.isnan(v) else f"{v:,.2f}"
            if isinstance(v, bool):
                return self.tr("yes") if v else self.tr("no")
            if column.kind == "int":
                return f"{int(v):,}"
            if column.choices:
                return value_title(str(v), column.name)
            if column.name in REFERENCE_KINDS and self.layer != "boundaries":
                return self.names().reference(column.name, v)  # 城关派出所 (411426S13); edits take the code
            return str(v)
        if role == Qt.ItemDataRole.EditRole:  # text, so every edit is parsed by the schema
            if isinstance(v, float):
                return "" if math.isnan(v) else f"{v:g}"
            if isinstance(v, bool):
                return "1" if v else "0"
            return str(v)
        if role == RAW_ROLE:
            if isinstance(v, float) and math.isnan(v):
                return -math.inf
            return v
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if str(value) == str(self.data(index, Qt.ItemDataRole.EditRole)):
            return False
        try:
            command = SetCells(self.layer, {(index.row(), column): value}, project=self.stack.project,
                               text=self.tr("Edit {column} of {layer}").format(
                                   column=column_title(column), layer=layer_title(self.layer)))
            self.stack.push(command)
        except InputError as exc:
            self.edit_rejected.emit(self.tr("Not changed: {reason}").format(reason=self.reason(exc, column, value)))
            return False
        return True

    def reason(self, exc: InputError, column: str, value) -> str:
        """The schema's refusal in the interface language."""
        title = column_title(column)
        reasons = {
            "wrong_type": self.tr("{column}: “{value}” is not a valid number"),
            "negative_value": self.tr("{column} may not be negative"),
            "bad_choice": self.tr("{column}: “{value}” is not one of the allowed values"),
            "duplicate_code": self.tr("{column} “{value}” is already used"),
            "missing_value": self.tr("{column} may not be empty"),
        }
        template = reasons.get(exc.code)
        return template.format(column=title, value=value) if template else exc.message


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of the column's choices (tier, category, road class ...)."""

    def createEditor(self, parent, option, index):  # noqa: N802
        model = index.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        column = LAYERS[source.layer].column(source.columns[index.column()])
        if not column.choices:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        for c in column.choices:
            box.addItem(value_title(c, column.name), c)
        return box

    def setEditorData(self, editor, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class AttributeTable(QWidget):
    """Layer chooser, filter box, the table; ``rows_selected(layer, rows)`` to the map."""

    rows_selected = pyqtSignal(str, object)
    message = pyqtSignal(str)

    def __init__(self, stack, parent=None):
        super().__init__(parent)
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("attributeLayer")
        for name in LAYERS:
            self.layer_box.addItem(layer_title(name), name)
        self.filter = QLineEdit()
        self.filter.setObjectName("attributeFilter")
        self.filter.setPlaceholderText(self.tr("Filter rows…"))
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("attributeCount")
        self.model = LayerTableModel(stack, "villages", self)
        self.model.edit_rejected.connect(self.message)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(RAW_ROLE)
        self.view = QTableView()
        self.view.setObjectName("attributeView")
        self.view.setVerticalHeader(RowNumbers(self.view))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Layer")))
        top.addWidget(self.layer_box)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.view)
        self.layer_box.currentIndexChanged.connect(self._layer_changed)
        self.filter.textChanged.connect(self._filter_changed)
        self._syncing = False
        self._update_count()

    @property
    def layer(self) -> str:
        return self.model.layer

    def set_stack(self, stack) -> None:
        self.model.stack = stack
        self.reload()

    def show_layer(self, layer: str) -> None:
        self.layer_box.setCurrentIndex(self.layer_box.findData(layer))

    def _layer_changed(self) -> None:
        self.model.set_layer(self.layer_box.currentData())
        self.fit_columns()
        self._update_count()

    def fit_columns(self) -> None:
        """Each column as wide as its title and its widest value among the first rows."""
        model, header = self.model, self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        bold = header.fontMetrics()
        rows = min(model.rowCount(), RESIZE_ROWS)
        for c in range(model.columnCount()):
            texts = [str(model.data(model.index(r, c)) or "") for r in range(rows)]
            width = max([metrics.horizontalAdvance(t) for t in texts] + [0]) + 14
            title = bold.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal))) + 22
            header.resizeSection(c, min(max(width, title, 40), MAX_COLUMN_PX))

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.tr("{shown} of {total} rows").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def reload(self) -> None:
        """The layer changed (an edit, undo, a new project): show it again, keep the selection."""
        rows = self.selected_rows()
        self._syncing = True
        self.model.reload()
        self._syncing = False
        self.select_rows([r for r in rows if r < self.model.rowCount()])
        self._update_count()

    def selected_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return sorted(rows)

    def select_rows(self, rows) -> None:
        """Select these layer rows (from the map) without echoing back to the map."""
        self._syncing = True
        try:
            sel = QItemSelection()
            for r in rows:
                idx = self.proxy.mapFromSource(self.model.index(int(r), 0))
                if idx.isValid():
                    sel.select(idx, idx)
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.selectionModel().select(sel, flags)
            if rows:
                first = self.proxy.mapFromSource(self.model.index(int(min(rows)), 0))
                if first.isValid():
                    self.view.scrollTo(first)
        finally:
            self._syncing = False

    def _selection_changed(self, *args) -> None:
        if not self._syncing:
            self.rows_selected.emit(self.layer, self.selected_rows())
