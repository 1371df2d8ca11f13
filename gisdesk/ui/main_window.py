"""The main window: the map in the middle, panels around it, one project, one undo stack.

Widgets hold no business logic: edits become commands on :class:`layers.edits.CommandStack`
(one observer here redraws exactly the layers a command touched), long work runs in
:class:`gisdesk.ui.tasks.TaskRunner`, file work lives in :class:`gisdesk.ui.files.FileController`
and map gestures come from :mod:`maps.tools`.
"""

from __future__ import annotations

import geopandas as gpd
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from gisdesk.refusals import reason
from gisdesk.ui import actions
from gisdesk.ui.attribute_table import AttributeTable
from gisdesk.ui.autosave import Autosaver
from gisdesk.ui.config import Settings
from gisdesk.ui.evaluate_panel import EvaluatePanel
from gisdesk.ui.files import FileController
from gisdesk.ui.grids_panel import GridsPanel
from gisdesk.ui.identify_panel import IdentifyPanel
from gisdesk.ui.layer_panel import LayerPanel, OrderedScene
from gisdesk.ui.legend_panel import LegendPanel
from gisdesk.ui.officers_panel import OfficersPanel
from gisdesk.ui.plans_panel import PlansPanel
from gisdesk.ui.siting_panel import SitingPanel
from gisdesk.ui.statusbar import StatusBar
from gisdesk.ui.tasks import TaskRunner
from layers.edits import CommandStack, touched_layers
from layers.project import Project
from layers.schema import LAYERS, PLAN_LAYERS, PLAN_VERSION_LAYERS
from maps.canvas import MapCanvas

GRID_LAYERS = {"grids", "grid_members", "units"}
OFFICER_LAYERS = {"officers", "assignments", "grids", "posts"}
LEGEND_CLASSES = {"posts", "key_sites", "roads", "boundaries", *PLAN_LAYERS}
"""Layers whose legend rows depend on the classes present (tiers, categories, road classes)."""


class MainWindow(QMainWindow):
    """One project at a time; see the module docstring."""

    def __init__(self, settings: Settings | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.project = Project.new()
        self.stack = CommandStack(self.project)
        self.stack.subscribe(self._on_stack)
        self.runner = TaskRunner(self)
        self.canvas = MapCanvas(self)
        self.canvas.setObjectName("mapCanvas")
        self.setCentralWidget(self.canvas)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.files = FileController(self)
        self.autosaver = Autosaver(lambda: self.project, self.is_modified, self.settings.autosave_minutes, self)
        self.autosaver.failed.connect(lambda m: self.show_message(self.tr("Autosave failed: {m}").format(m=m)))
        self._make_docks()
        self.tools = actions.build(self)
        self._connect()
        self.load(self.project, None)
        self.resize(1500, 940)

    # ------------------------------------------------------------------ layout
    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> None:
        left, right, bottom = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        self.layer_panel = LayerPanel(self.canvas)
        self.identify_panel = IdentifyPanel()
        self.table = AttributeTable(self.stack)
        self.siting_panel = SitingPanel(self)
        self.evaluate_panel = EvaluatePanel(self)
        self.grids_panel = GridsPanel(self)
        self.plans_panel = PlansPanel(self)
        self.layers_dock = self._dock(self.tr("Layers"), "layersDock", self.layer_panel, left)
        self.identify_dock = self._dock(self.tr("Identify"), "identifyDock", self.identify_panel, left)
        self.legend = LegendPanel(self.canvas)
        self.legend_dock = self._dock(self.tr("Legend"), "legendDock", self.legend, left)
        self.siting_dock = self._dock(self.tr("Site offices"), "sitingDock", self.siting_panel, right)
        self.evaluate_dock = self._dock(self.tr("Evaluate a location"), "evaluateDock", self.evaluate_panel, right)
        self.grids_dock = self._dock(self.tr("Patrol grids"), "gridsDock", self.grids_panel, right)
        self.plans_dock = self._dock(self.tr("Plan versions"), "plansDock", self.plans_panel, right)
        self.officers_panel = OfficersPanel(self)
        self.officers_dock = self._dock(self.tr("Officers"), "officersDock", self.officers_panel, right)
        self.table_dock = self._dock(self.tr("Attribute table"), "tableDock", self.table, bottom)
        self.tabifyDockWidget(self.siting_dock, self.evaluate_dock)
        self.tabifyDockWidget(self.evaluate_dock, self.grids_dock)
        self.tabifyDockWidget(self.grids_dock, self.plans_dock)
        self.tabifyDockWidget(self.plans_dock, self.officers_dock)
        self.siting_dock.raise_()
        self.splitDockWidget(self.layers_dock, self.identify_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.identify_dock, self.legend_dock)
        self.legend_dock.raise_()
        self.resizeDocks([self.layers_dock, self.siting_dock], [270, 390], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [210], Qt.Orientation.Vertical)
        self.resizeDocks([self.layers_dock, self.identify_dock], [420, 240], Qt.Orientation.Vertical)

    def _connect(self) -> None:
        c, s = self.canvas, self.status
        c.cursor_moved.connect(s.show_position)
        c.scale_changed.connect(s.show_scale)
        c.selection_changed.connect(self._map_selection_changed)
        s.scale_entered.connect(c.set_scale)
        s.cancel_clicked.connect(self.runner.cancel)
        self.table.rows_selected.connect(self._table_selection_changed)
        self.layer_panel.styles_changed.connect(self.legend.refresh)
        self.table.message.connect(self.show_message)
        self.runner.started.connect(lambda name, title: s.set_running(title))
        self.runner.progressed.connect(s.set_progress)
        self.runner.idle.connect(lambda: s.set_running(None))
        self.runner.failed.connect(lambda name, message: self.show_error(message))
        self.runner.cancelled.connect(lambda name: self.show_message(self.tr("Cancelled; nothing was changed.")))
        self.evaluate_panel.pick.clicked.connect(lambda: self.activate_tool("evaluate"))

    # ------------------------------------------------------------------ project
    def load(self, project: Project, scene: OrderedScene | None = None) -> None:
        """Show ``project`` (a fresh history; ``scene`` when built in the background)."""
        self.project = project
        self.stack.clear(project)
        scene = scene or OrderedScene.from_project(project)
        scene.order = list(self.layer_panel.order)
        self.canvas.set_scene(scene, zoom_full=True)
        self.siting_panel.result = None
        self.siting_panel._set_decided()
        self.evaluate_panel.clear()
        self.grids_panel.forget_editor()
        self.grids_panel.refresh()
        self.officers_panel.refresh()
        self.table.set_stack(self.stack)
        self.layer_panel.fill()
        self._shown = {n for n in LAYERS if len(project[n])}
        self.legend.refresh()
        self.identify_panel.tree.clear()
        self.status.show_crs(scene.epsg if len(scene.layers) and scene.full_extent() else None)
        self._update_title()
        self.show_message(self.tr("{villages:,} villages, {posts:,} posts, {grids:,} grids, {roads:,} road segments.").format(
            villages=len(project["villages"]), posts=len(project["posts"]), grids=len(project["grids"]),
            roads=len(project["roads"])), 0)

    def is_modified(self) -> bool:
        return not self.stack.is_clean

    def _on_stack(self, event: str, command) -> None:
        if command is not None:
            names = [n for n in touched_layers(command) if n in LAYERS]
            for name in names:
                frame = self.project[name]
                if isinstance(frame, gpd.GeoDataFrame) and name not in PLAN_VERSION_LAYERS:
                    self.canvas.update_layer(name, frame)
            if self.table.layer in names:
                self.table.reload()
            if GRID_LAYERS & set(names):
                if type(command).__module__ != "gisdesk.services.grids.editor":
                    self.grids_panel.forget_editor()
                self.grids_panel.refresh()
            if OFFICER_LAYERS & set(names):
                self.officers_panel.refresh()
            self.layer_panel.fill()
            shown = {n for n in LAYERS if len(self.project[n])}
            if set(names) & LEGEND_CLASSES or shown != self._shown:
                self._shown = shown
                self.legend.refresh()
            if event != "do":
                self.show_message((self.tr("Undone: {text}") if event == "undo" else self.tr("Redone: {text}"))
                                  .format(text=command.text))
        self._update_title()

    def _update_title(self) -> None:
        name = self.project.path.name if self.project.path is not None else self.tr("Untitled project")
        self.setWindowTitle(self.tr("{name}[*] — gisdesk police post planning").format(name=name))
        self.setWindowModified(self.is_modified())
        a = self.tools.actions
        a["undo"].setEnabled(self.stack.can_undo)
        a["redo"].setEnabled(self.stack.can_redo)
        a["undo"].setText(self.tr("Undo {text}").format(text=self.stack.undo_text) if self.stack.can_undo
                          else self.tr("Undo"))
        a["redo"].setText(self.tr("Redo {text}").format(text=self.stack.redo_text) if self.stack.can_redo
                          else self.tr("Redo"))
        a["save"].setEnabled(True)

    # ------------------------------------------------------------------ selection
    def _map_selection_changed(self, selection: dict) -> None:
        layer = self.table.layer
        if layer not in selection and len(selection) == 1:
            layer = next(iter(selection))
            self.table.show_layer(layer)
        self.table.select_rows(sorted(selection.get(layer, ())))
        self.tools.actions["delete"].setEnabled(bool(selection.get("posts")))

    def _table_selection_changed(self, layer: str, rows: list) -> None:
        self.canvas.set_selection({layer: rows} if rows else {}, emit=False)
        self.tools.actions["delete"].setEnabled(layer == "posts" and bool(rows))

    # ------------------------------------------------------------------ tools
    def activate_tool(self, name: str) -> None:
        self.tools.activate(name)

    # ------------------------------------------------------------------ messages
    def show_message(self, text: str, msecs: int = 8000) -> None:
        self.status.showMessage(text, msecs)

    def show_error(self, text: str) -> None:
        """One clear line in a dialog (and in the status bar)."""
        self.status.showMessage(text, 15000)
        QMessageBox.warning(self, self.tr("gisdesk"), text)

    def stored_values_ok(self, layers: tuple[str, ...]) -> bool:
        """True unless number columns of these layers hold something that is not a number
        (read as unknown, or as 0 where a count is required); then the planner decides, once,
        whether to plan with them anyway."""
        project = self.project
        found = [p for p in project.value_problems if p.layer in layers and p.severity == "error"]
        if not found:
            return True
        first = found[0]
        answer = QMessageBox.question(
            self, self.tr("Values that are not numbers"),
            self.tr("{n} cells of number columns hold something that is not a number (read as unknown, "
                    "or as 0 where a count is required), first {layer} row {row}: {text}. "
                    "Plan with them anyway?").format(
                n=len(found), layer=first.layer, row=first.row, text=reason(first.message)))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        project.value_problems = [p for p in project.value_problems if p not in found]
        return True

    def update_recent_menu(self) -> None:
        self.tools.fill_recent()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:  # noqa: N802
        if self.runner.busy:
            answer = QMessageBox.question(self, self.tr("Work in progress"),
                                          self.tr("“{task}” is still running. Stop it and quit?").format(
                                              task=self.runner.title))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.runner.shutdown()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every thread and let go of the project (safe to call twice)."""
        self.runner.shutdown()
        self.autosaver.shutdown()
        if not self.is_modified():
            self.autosaver.discard(self.project.path)
        self.canvas.shutdown()
        self.files.release()
