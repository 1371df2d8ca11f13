"""The grids panel: grids against the staffing band, redraw, and hand editing.

The table colours each grid by its deviation from the target (the map's diverging
palette). Redraw runs :func:`gisdesk.services.grids.compute_grids` in the background and
pushes the service's command (:func:`gisdesk.services.grids.grids_command`). Hand edits go
through :class:`gisdesk.services.grids.editor.GridEditor`, whose commands share the window's
stack: paint units into the active grid, draw a polygon for a new grid, split, merge, lock,
rebalance. The staffing inputs make one :class:`layers.standard.Standard`, which checks them;
the table, its summary and the map's grid colours measure deviation with that Standard
(:meth:`Standard.deviations`), and the summary's band is the panel's tolerance. The inputs
start from what the project recorded (``params.grids``) and are recorded there when changed,
so print, web map and workbook follow them too.
"""

from __future__ import annotations

import json
import math
from functools import partial

import numpy as np
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from gisdesk.ui.autosave import snapshot
from gisdesk.ui.widgets import WindowPanel, button_grid, spin_box, stack
from layers.errors import InputError
from layers.standard import Standard
from maps.style.symbology import DEVIATION

COLUMNS = ("name", "population", "households", "officers_required", "deviation", "code")
DEVIATION_COLUMN = COLUMNS.index("deviation")


class GridsPanel(WindowPanel):
    """Table of grids, redraw parameters, editing buttons."""

    def build(self, window) -> None:
        self.editor = None
        self._project = None
        bureau = Standard()
        self.people = spin_box(500, 50000, bureau.urban_people, "gridsPeople", step=100)
        self.households = spin_box(100, 20000, bureau.urban_households, "gridsHouseholds", step=100)
        self.rural = spin_box(500, 50000, bureau.rural_people, "gridsRural", step=100)
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0.01, 0.5)
        self.tolerance.setSingleStep(0.01)
        self.tolerance.setValue(0.10)
        self.labels = {
            "urban_people": self.tr("Residents per urban officer"),
            "urban_households": self.tr("Households per urban officer"),
            "rural_people": self.tr("Residents per rural officer"),
            "tolerance": self.tr("Balance tolerance"),
        }
        form = QFormLayout()
        for name, box in zip(self.labels, (self.people, self.households, self.rural, self.tolerance), strict=True):
            form.addRow(self.labels[name], box)
            box.valueChanged.connect(self._inputs_changed)
        self.redraw_button = QPushButton(self.tr("Redraw grids"), objectName="gridsRedraw", clicked=self.redraw)
        self.redraw_button.setProperty("primary", True)
        params = QGroupBox(self.tr("Standard"))
        stack(params, form, self.redraw_button)
        self.summary = QLabel(objectName="gridsSummary", wordWrap=True)
        self.table = QTableWidget(0, len(COLUMNS), objectName="gridsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Population"), self.tr("Households"),
            self.tr("Officers"), self.tr("Deviation"), self.tr("Code")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.paint_button = QPushButton(self.tr("Paint units"), objectName="gridsPaint",
                                        clicked=lambda: window.activate_tool("paint"))
        self.polygon_button = QPushButton(self.tr("New grid by polygon"), objectName="gridsPolygon",
                                          clicked=lambda: window.activate_tool("polygon"))
        self.split_button = QPushButton(self.tr("Split"), objectName="gridsSplit", clicked=self.split)
        self.merge_button = QPushButton(self.tr("Merge"), objectName="gridsMerge", clicked=self.merge)
        self.lock_button = QPushButton(self.tr("Lock / unlock"), objectName="gridsLock", clicked=self.toggle_lock)
        self.rebalance_button = QPushButton(self.tr("Rebalance"), objectName="gridsRebalance", clicked=self.rebalance)
        edit = QGroupBox(self.tr("Edit by hand"))
        button_grid((self.paint_button, self.polygon_button, self.split_button, self.merge_button,
                     self.lock_button, self.rebalance_button), into=edit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(params)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(edit)
        self.refresh()

    # ------------------------------------------------------------------ table
    def refresh(self) -> None:
        """Fill the table from the project's grids (after any change to them)."""
        project = self.window.project
        if project is not self._project:
            self._project = project
            self._load_inputs(project.metadata)
        grids = project["grids"]
        dev = self.standard().deviations(grids)
        locked = self.get_editor(create=False).locked if self.editor is not None else set()
        keep = [c for c in self.selected_codes() if c in set(grids["code"])]
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(grids))
        classes = DEVIATION.classify(dev)
        lo, hi = -self.tolerance.value(), self.tolerance.value()
        for r in range(len(grids)):
            row = grids.iloc[r]
            d = float(dev[r])
            name = (str(row["name"]) or str(row["code"])) + (" 🔒" if row["code"] in locked else "")
            values = [name, _known(row["population"]), _known(row["households"]), int(row["officers_required"]), d,
                      str(row["code"])]
            for c, v in enumerate(values):
                item = QTableWidgetItem()
                if c == DEVIATION_COLUMN:
                    item.setData(Qt.ItemDataRole.DisplayRole, "" if math.isnan(v) else f"{v:+.0%}")
                    if classes[r] >= 0:
                        item.setBackground(QColor(DEVIATION.colors[classes[r]]))
                    if not math.isnan(v) and not lo <= v <= hi:
                        item.setForeground(QColor("#8a1c1c"))
                elif isinstance(v, int):
                    item.setData(Qt.ItemDataRole.DisplayRole, v)
                elif v is None:
                    item.setText("")  # not known: empty, never 0
                else:
                    item.setText(v)
                item.setData(Qt.ItemDataRole.UserRole, str(row["code"]))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setResizeContentsPrecision(60)  # not every row of a city
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 110))
        for c in range(1, 5):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 64))
        self.table.clearSelection()
        for code in keep:
            self._select(code, add=True)
        self.table.blockSignals(False)
        within = int(np.sum((dev >= lo) & (dev <= hi))) if len(dev) else 0
        known = int(np.isfinite(dev).sum())
        self.summary.setText(self.tr("{n} grids, {ok} of {known} within the band {lo:+.0%} … {hi:+.0%}.").format(
            n=len(grids), ok=within, known=known, lo=lo, hi=hi))

    def standard(self) -> Standard:
        """The Standard of the staffing inputs (the bureau's while they are refused)."""
        try:
            return Standard(urban_people=self.people.value(), urban_households=self.households.value(),
                            rural_people=self.rural.value())
        except InputError:
            return Standard()

    def _load_inputs(self, metadata) -> None:
        recorded = Standard.recorded(metadata)
        try:
            tolerance = float(json.loads(metadata.get("params.grids") or "{}").get("tolerance", 0.10))
        except (ValueError, TypeError, AttributeError):
            tolerance = 0.10
        boxes = (self.people, self.households, self.rural, self.tolerance)
        for box in boxes:
            box.blockSignals(True)
        self.people.setValue(recorded.urban_people)
        self.households.setValue(recorded.urban_households)
        self.rural.setValue(recorded.rural_people)
        self.tolerance.setValue(tolerance if 0 < tolerance < 1 else 0.10)
        for box in boxes:
            box.blockSignals(False)

    def _inputs_changed(self) -> None:
        """Record the inputs as the project's grid parameters; re-measure table and map."""
        project = self.window.project
        try:
            params = json.loads(project.metadata.get("params.grids") or "{}")
        except ValueError:
            params = {}
        s = self.standard()
        params = params if isinstance(params, dict) else {}
        params.update(urban_people=s.urban_people, urban_households=s.urban_households, rural_people=s.rural_people,
                      tolerance=round(self.tolerance.value(), 4))
        project.metadata["params.grids"] = json.dumps(params)
        scene = getattr(self.window.canvas, "scene", None)
        scene = scene() if callable(scene) else scene
        if scene is not None and hasattr(scene, "set_standard"):
            scene.set_standard(s)
            self.window.canvas.refresh()
        self.refresh()

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def select_code(self, code: str) -> None:
        self._select(code, add=False)

    def _select(self, code: str, add: bool) -> None:
        from PyQt6.QtCore import QItemSelectionModel

        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect)
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == code:
                self.table.selectionModel().select(self.table.model().index(r, 0), flags)
                return

    def _selection_changed(self) -> None:
        codes = self.selected_codes()
        grids = self.window.project["grids"]
        rows = np.flatnonzero(grids["code"].isin(codes).to_numpy()).tolist()
        self.window.canvas.set_selection({"grids": rows} if rows else {})

    @property
    def active_grid(self) -> str | None:
        codes = self.selected_codes()
        return codes[0] if codes else None

    # ------------------------------------------------------------------ editing
    def get_editor(self, create: bool = True):
        from gisdesk.services.grids.editor import GridEditor

        if self.editor is None and create:
            params = self.params()
            self.editor = GridEditor(self.window.project, params.standard if params else None)
        return self.editor

    def forget_editor(self) -> None:
        """The grids were changed outside the editor (redraw, undo of a redraw, new project)."""
        self.editor = None

    def _push(self, command) -> None:
        self.window.stack.push(command)

    def paint(self, unit_rows: list[int]) -> None:
        """Move units (rows of the units layer) into the active grid."""
        grid = self.active_grid
        if grid is None:
            self.window.show_message(self.tr("Select the grid to paint into first."))
            return
        editor = self.get_editor()
        codes = self.window.project["units"]["code"].to_numpy()
        changes = {str(codes[r]): grid for r in unit_rows if editor.grid_of(str(codes[r])) != grid}
        if changes:
            self._push(editor.assign(changes, self.tr("Paint units into {grid}").format(grid=grid)))

    def new_grid_from_polygon(self, points_metric) -> None:
        from shapely.geometry import Polygon

        editor = self.get_editor()
        units = editor.units_in(Polygon(points_metric))
        if not units:
            self.window.show_message(self.tr("The polygon covers no units."))
            return
        like = editor.grid_of(units[0]) or "G"
        code = editor.new_code(like)
        self._push(editor.assign({u: code for u in units}, self.tr("New grid {code}").format(code=code)))
        self.select_code(code)

    def merge(self) -> None:
        codes = self.selected_codes()
        if len(codes) != 2:
            self.window.show_message(self.tr("Select two grids to merge."))
            return
        try:
            self._push(self.get_editor().merge(codes[0], codes[1]))
        except Exception as exc:
            self.window.show_error(str(exc))

    def toggle_lock(self) -> None:
        codes = self.selected_codes()
        if not codes:
            return
        editor = self.get_editor()
        self._push(editor.lock(codes, locked=codes[0] not in editor.locked))

    def split(self) -> None:
        self._compute("split")

    def rebalance(self) -> None:
        self._compute("rebalance")

    def _compute(self, what: str) -> None:
        from gisdesk.services.grids.editing import rebalance_changes, split_changes

        grid = self.active_grid
        if grid is None:
            self.window.show_message(self.tr("Select a grid first."))
            return
        editor = self.get_editor()
        fn = split_changes if what == "split" else rebalance_changes
        tol = self.tolerance.value()
        text = (self.tr("Split grid {grid}") if what == "split" else self.tr("Rebalance around {grid}")).format(grid=grid)
        self.window.runner.start(
            what, text, lambda progress, cancel: fn(editor, grid, tolerance=tol),
            lambda changes: changes and self._push(editor.assign(changes, text)))

    # ------------------------------------------------------------------ redraw
    def params(self):
        """The redraw parameters from the inputs, or None after showing why they are refused
        (the parameter types' one message, named by the input's label)."""
        from gisdesk.services.grids import GridParams

        try:
            standard = Standard(urban_people=self.people.value(), urban_households=self.households.value(),
                                rural_people=self.rural.value())
            return GridParams(standard, tolerance=self.tolerance.value())
        except InputError as exc:
            self.window.show_error(f"{self.labels.get(exc.field or '', exc.field)}: {exc.message}")
            return None

    def redraw(self) -> bool:
        from gisdesk.services.grids import compute_grids

        params = self.params()
        if params is None or not self.window.stored_values_ok(("units", "villages")):
            return False
        snap = snapshot(self.window.project)
        workers = self.window.settings.job_workers()
        # the districting search is pure Python: it runs in worker processes (a pool of
        # them, fed from a thread of the window; or one job process) so the window stays quick
        pooled = workers.processes > 1
        return self.window.runner.start(
            "grids", self.tr("Redrawing grids"), partial(compute_grids, workers=workers) if pooled else compute_grids,
            lambda result: self.accept_redraw(result, params), args=(snap, params), in_process=not pooled)

    def accept_redraw(self, result, params) -> None:
        from gisdesk.services.grids import grids_command

        command = grids_command(result, params, text=self.tr("Redraw grids"))
        self._push(command)
        s = result.summary
        text = self.tr("{n} grids drawn, largest deviation {dev:.1%}.").format(
            n=s.get("grids", len(result.grids)), dev=float(s.get("max_deviation", 0.0)))
        removed = command.removed
        if removed is not None and len(removed):
            text += " " + self.tr("{n} assignments to removed grids were taken off: assign again, keeping "
                                  "the existing ones, to give those officers grids.").format(n=len(removed))
        self.window.show_message(text)


def _known(value) -> int | None:
    """A grid's count as an int, None when it is not known (NULL)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else int(number)

