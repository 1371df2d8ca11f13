"""Menus, the toolbar and the map tools of the main window, and what each gesture does.

:func:`build` makes every action (``toolbox.actions[name]``) and the map tools
(``toolbox.tools[name]``); a tool's signal becomes a command on the window's stack or a
panel update here, so the panels and the canvas never know about each other.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from PyQt6.QtCore import QCoreApplication, QObject, QSize
from PyQt6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PyQt6.QtWidgets import QToolBar
from shapely.geometry import Point

from gisdesk.ui.i18n import RESOURCES
from layers.edits import AddFeatures, DeleteFeatures, MoveFeature, next_code
from layers.schema import CRS
from maps.tools import (
    IdentifyTool,
    MeasureTool,
    MovePointTool,
    PaintTool,
    PointPickTool,
    PolygonTool,
    SelectTool,
    format_area,
    format_length,
)

ICONS = RESOURCES / "icons"
translate = QCoreApplication.translate


def icon(name: str) -> QIcon:
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


class Toolbox(QObject):
    """The window's actions and map tools."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.tools: dict[str, object] = {}
        self.group = QActionGroup(self)
        self.group.setExclusive(True)

    def add(self, name: str, text: str, slot=None, shortcut=None, icon_name: str | None = None,
            tip: str | None = None, checkable: bool = False) -> QAction:
        a = QAction(icon(icon_name) if icon_name else QIcon(), text, self.window)
        a.setObjectName(f"action_{name}")
        if isinstance(shortcut, list):
            a.setShortcuts([QKeySequence(k) for k in shortcut])
        elif shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        a.setCheckable(checkable)
        if slot is not None:
            a.triggered.connect(lambda checked=False: slot())
        self.actions[name] = a
        return a

    def tool(self, name: str, text: str, tool, icon_name: str, tip: str, shortcut=None) -> QAction:
        a = self.add(name, text, None, shortcut, icon_name, tip, checkable=True)
        self.group.addAction(a)
        self.tools[name] = tool
        a.toggled.connect(lambda on: on and self.window.canvas.set_tool(tool))
        return a

    def activate(self, name: str) -> None:
        """Make tool ``name`` current (its action checked)."""
        self.actions[name].setChecked(True)
        self.window.canvas.set_tool(self.tools[name])
        self.window.canvas.setFocus()

    def fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.window.settings.recent
        for p in paths:
            a = menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(lambda checked=False, p=p: self.window.files.open(p))
        menu.setEnabled(bool(paths))


def build(w) -> Toolbox:
    """Make the actions, menus, toolbar and tools of window ``w``."""
    t = Toolbox(w)
    f = w.files
    t.add("new", translate("MainWindow", "&New project"), f.new, QKeySequence.StandardKey.New, "new", translate("MainWindow", "Start an empty project"))
    t.add("open", translate("MainWindow", "&Open…"), f.open_dialog, QKeySequence.StandardKey.Open, "open", translate("MainWindow", "Open a project (.gpkg)"))
    t.add("save", translate("MainWindow", "&Save"), f.save, QKeySequence.StandardKey.Save, "save", translate("MainWindow", "Save the project"))
    t.add("save_as", translate("MainWindow", "Save &as…"), f.save_as, QKeySequence.StandardKey.SaveAs)
    t.add("import", translate("MainWindow", "&Import data…"), f.import_data, "Ctrl+I", "import",
          translate("MainWindow", "Import Shapefile, GeoPackage, GeoJSON, CSV or Excel"))
    t.add("settings", translate("MainWindow", "Se&ttings…"), lambda: _settings(w))
    _deliverable_actions(w, t)
    t.add("quit", translate("MainWindow", "&Quit"), w.close, QKeySequence.StandardKey.Quit)
    t.add("undo", translate("MainWindow", "Undo"), w.stack.undo, QKeySequence.StandardKey.Undo, "undo", translate("MainWindow", "Undo the last change"))
    t.add("redo", translate("MainWindow", "Redo"), w.stack.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], "redo", translate("MainWindow", "Redo"))
    t.add("delete", translate("MainWindow", "Delete selected posts"), lambda: delete_selected_posts(w), QKeySequence.StandardKey.Delete,
          "delete", translate("MainWindow", "Delete the selected police posts"))
    t.actions["delete"].setEnabled(False)
    c = w.canvas
    t.add("zoom_in", translate("MainWindow", "Zoom in"), c.zoom_in, None, "zoom_in")
    t.add("zoom_out", translate("MainWindow", "Zoom out"), c.zoom_out, None, "zoom_out")
    t.add("zoom_full", translate("MainWindow", "Full extent"), c.zoom_full, "Ctrl+Shift+F", "zoom_full", translate("MainWindow", "Show the whole project"))
    t.add("zoom_selection", translate("MainWindow", "Zoom to selection"), c.zoom_to_selection, "Ctrl+J", "zoom_selection")

    t.add("pan", translate("MainWindow", "Pan"), None, "P", "pan", translate("MainWindow", "Drag to move the map"), checkable=True)
    t.group.addAction(t.actions["pan"])
    t.tools["pan"] = None
    t.actions["pan"].toggled.connect(lambda on: on and c.set_tool(None))
    select = SelectTool()
    t.tool("select", translate("MainWindow", "Select"), select, "select", translate("MainWindow", "Click or drag a rectangle to select"), "S")
    identify = IdentifyTool()
    t.tool("identify", translate("MainWindow", "Identify"), identify, "identify", translate("MainWindow", "Click a feature to see its attributes"), "I")
    distance = MeasureTool("distance")
    t.tool("measure", translate("MainWindow", "Measure distance"), distance, "measure", translate("MainWindow", "Click points; double-click to finish"), "M")
    area = MeasureTool("area")
    t.tool("measure_area", translate("MainWindow", "Measure area"), area, "measure_area", translate("MainWindow", "Click corners; double-click to finish"))
    add_post = PointPickTool(snap_layers=[])
    t.tool("add_post", translate("MainWindow", "Add office"), add_post, "add_post", translate("MainWindow", "Click to place a new police office"))
    move_post = MovePointTool("posts")
    t.tool("move_post", translate("MainWindow", "Move post"), move_post, "move_post", translate("MainWindow", "Drag a police post to a new place"))
    evaluate = PointPickTool(snap_layers=["key_sites"])
    t.tool("evaluate", translate("MainWindow", "Evaluate location"), evaluate, "evaluate",
           translate("MainWindow", "Click a place or a key site: what would a new office there change?"))
    paint = PaintTool("units")
    t.tool("paint", translate("MainWindow", "Paint units"), paint, "paint", translate("MainWindow", "Drag over units to move them into the selected grid"))
    polygon = PolygonTool()
    t.tool("polygon", translate("MainWindow", "New grid by polygon"), polygon, "polygon",
           translate("MainWindow", "Click corners, double-click: the units inside become a new grid"))
    t.actions["pan"].setChecked(True)

    identify.identified.connect(lambda hits, x, y: _identify(w, hits, x, y))
    distance.measure_changed.connect(lambda total, last: w.show_message(translate("MainWindow", "Distance: {d}").format(d=format_length(total))))
    distance.measured.connect(lambda total, pts: w.show_message(translate("MainWindow", "Distance: {d}").format(d=format_length(total)), 0))
    area.measure_changed.connect(lambda total, last: w.show_message(translate("MainWindow", "Area: {a}").format(a=format_area(total))))
    area.measured.connect(lambda total, pts: w.show_message(translate("MainWindow", "Area: {a}").format(a=format_area(total)), 0))
    add_post.picked.connect(lambda x, y, lon, lat: add_office(w, lon, lat))
    move_post.moved.connect(lambda layer, row, x, y: move_point(w, layer, row, x, y))
    evaluate.picked.connect(lambda x, y, lon, lat: _evaluate(w, x, y, lon, lat))
    paint.stroke_finished.connect(w.grids_panel.paint)
    polygon.polygon_drawn.connect(w.grids_panel.new_grid_from_polygon)

    _menus(w, t)
    _toolbar(w, t)
    t.fill_recent()
    return t


def _deliverable_actions(w, t: Toolbox) -> None:
    """Print, report, web map, check and project properties (:mod:`gisdesk.ui.deliverables`)."""
    from gisdesk.ui import deliverables as d

    t.add("print", translate("MainWindow", "&Print beat maps…"), lambda: d.print_beat_maps(w), QKeySequence.StandardKey.Print,
          "print", translate("MainWindow", "Beat maps for a station, grids or offices, or the whole atlas (PDF)"))
    t.add("report", translate("MainWindow", "R&eport…"), lambda: d.report(w), None, "report",
          translate("MainWindow", "The staffing and siting workbook for leadership (Excel)"))
    t.add("export_web", translate("MainWindow", "Export &web map…"), lambda: d.export_web_map(w), None, "export_web",
          translate("MainWindow", "One HTML file for the intranet that works offline"))
    t.add("check", translate("MainWindow", "&Check"), lambda: d.run_check(w), "F7", "check",
          translate("MainWindow", "Check the project against the staffing and siting standards"))
    t.add("properties", translate("MainWindow", "Pro&ject properties…"), lambda: d.project_properties(w), None, None,
          translate("MainWindow", "The project's title and the sign-off block of its beat maps"))


def _menus(w, t: Toolbox) -> None:
    a, mb = t.actions, w.menuBar()
    m = mb.addMenu(translate("MainWindow", "&File"))
    m.setObjectName("menuFile")
    for k in ("new", "open"):
        m.addAction(a[k])
    t.recent_menu = m.addMenu(translate("MainWindow", "Open &recent"))
    t.recent_menu.setObjectName("menuRecent")
    for k in ("save", "save_as", None, "import", None, "print", "report", "export_web", None, "properties", "settings",
              None, "quit"):
        m.addSeparator() if k is None else m.addAction(a[k])
    m = mb.addMenu(translate("MainWindow", "&Edit"))
    for k in ("undo", "redo", None, "delete"):
        m.addSeparator() if k is None else m.addAction(a[k])
    m = mb.addMenu(translate("MainWindow", "&View"))
    for k in ("zoom_in", "zoom_out", "zoom_full", "zoom_selection"):
        m.addAction(a[k])
    m.addSeparator()
    for dock in (w.layers_dock, w.legend_dock, w.identify_dock, w.table_dock, w.siting_dock, w.evaluate_dock, w.grids_dock,
                 w.officers_dock):
        m.addAction(dock.toggleViewAction())
    m = mb.addMenu(translate("MainWindow", "&Map tools"))
    for k in ("pan", "select", "identify", "measure", "measure_area"):
        m.addAction(a[k])
    m = mb.addMenu(translate("MainWindow", "&Planning"))
    for k in ("add_post", "move_post", "delete", None, "evaluate", None, "paint", "polygon"):
        m.addSeparator() if k is None else m.addAction(a[k])
    m.addSeparator()
    m.addAction(translate("MainWindow", "Site offices…"), lambda: (w.siting_dock.show(), w.siting_dock.raise_()))
    m.addAction(translate("MainWindow", "Patrol grids…"), lambda: (w.grids_dock.show(), w.grids_dock.raise_()))
    m.addSeparator()
    m.addAction(a["check"])
    m = mb.addMenu(translate("MainWindow", "&Help"))
    m.addAction(translate("MainWindow", "About gisdesk"), lambda: _about(w))


def _toolbar(w, t: Toolbox) -> None:
    bar = QToolBar(translate("MainWindow", "Main"), w)
    bar.setObjectName("mainToolbar")
    bar.setIconSize(QSize(22, 22))
    bar.setMovable(False)
    groups = (("new", "open", "save", "import"), ("undo", "redo"),
              ("pan", "select", "identify", "measure", "measure_area"),
              ("zoom_in", "zoom_out", "zoom_full", "zoom_selection"),
              ("add_post", "move_post", "delete", "evaluate", "paint", "polygon"), ("check", "print"))
    for k, group in enumerate(groups):
        if k:
            bar.addSeparator()
        for name in group:
            bar.addAction(t.actions[name])
    from gisdesk.ui.goto_box import GoToBox

    bar.addSeparator()
    w.goto_box = GoToBox(w)
    bar.addWidget(w.goto_box)
    w.addToolBar(bar)


# ---------------------------------------------------------------------- gestures
def _identify(w, hits, x: float, y: float) -> None:
    lonlat = w.canvas.scene.to_lonlat(x, y) if w.canvas.scene is not None else None
    w.identify_panel.show_features(w.project, [(h.layer, h.index) for h in hits], lonlat)
    w.identify_dock.show()
    w.identify_dock.raise_()


def add_office(w, lon: float, lat: float) -> None:
    """A new office post at (lon, lat): one undoable command; its row is then selected."""
    posts = w.project["posts"]
    code = next_code(posts, "P")
    row = gpd.GeoDataFrame(
        {"code": [code], "name": [translate("MainWindow", "New office {code}").format(code=code)], "tier": ["office"],
         "station": [""], "officers": [1], "auxiliaries": [0], "officer_name": [""], "officer_phone": [""]},
        geometry=[Point(lon, lat)], crs=CRS)
    w.stack.push(AddFeatures("posts", row, text=translate("MainWindow", "Add office {code}").format(code=code)))
    w.table.show_layer("posts")
    w.canvas.set_selection({"posts": [len(w.project["posts"]) - 1]})


def move_point(w, layer: str, row: int, x: float, y: float) -> None:
    lon, lat = w.canvas.scene.to_lonlat(x, y)
    name = str(w.project[layer]["name"].iloc[row]) if "name" in w.project[layer].columns else ""
    w.stack.push(MoveFeature(layer, row, Point(float(lon), float(lat)), text=translate("MainWindow", "Move {name}").format(name=name)))


def delete_selected_posts(w) -> None:
    rows = sorted(w.canvas.selection.get("posts", ()))
    if not rows and w.table.layer == "posts":
        rows = w.table.selected_rows()
    if not rows:
        return
    w.canvas.set_selection({}, emit=False)
    w.stack.push(DeleteFeatures("posts", rows, text=translate("MainWindow", "Delete {n} posts").format(n=len(rows))))
    w.tools.actions["delete"].setEnabled(False)


def _evaluate(w, x: float, y: float, lon: float, lat: float) -> None:
    title = ""
    scene = w.canvas.scene
    if scene is not None and "key_sites" in scene:
        hits = scene.features_at(x, y, 1.0, ["key_sites"])
        if hits:
            title = str(w.project["key_sites"]["name"].iloc[hits[0].index])
    w.evaluate_dock.show()
    w.evaluate_dock.raise_()
    w.evaluate_panel.evaluate_at(lon, lat, title)


def _settings(w) -> None:
    from gisdesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(w.settings, w)
    language = w.settings.language
    if dialog.exec() == SettingsDialog.DialogCode.Accepted:
        if w.settings.language != language:  # the new language applies at once
            from gisdesk.ui import i18n

            i18n.switch(w, w.settings.language)
        w.autosaver.set_interval(w.settings.autosave_minutes)
        apply_basemap(w)


def apply_basemap(w) -> None:
    """Use the basemap the settings name (none by default)."""
    from maps.render.basemap import Basemap, MBTilesSource, XYZSource

    s = w.settings
    source = None
    try:
        if s.basemap_mbtiles:
            source = MBTilesSource(s.basemap_mbtiles)
        elif s.basemap_url:
            from gisdesk.ui.config import data_dir

            source = XYZSource(s.basemap_url, data_dir() / "tiles")
    except Exception as exc:  # a wrong path or template: say so, keep working without
        w.show_error(translate("MainWindow", "Basemap not used: {reason}").format(reason=exc))
        source = None
    old = w.canvas.basemap
    w.canvas.set_basemap(Basemap(source) if source is not None else None)
    if old is not None:
        old.shutdown()


def _about(w) -> None:
    from PyQt6.QtWidgets import QMessageBox

    QMessageBox.about(w, translate("MainWindow", "About gisdesk"), translate("MainWindow",
        "gisdesk — planning police offices, workstations and patrol grids for the "
        "“one village, one officer” programme. Works offline."))
