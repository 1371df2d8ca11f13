"""The plans panel: saved plan versions, two plans side by side, the differences on the map,
and hand adjustment of the current plan with the check re-run as you edit (its findings in
the window's findings dock, :func:`gisdesk.ui.deliverables.findings_dock`).

Every change is a command of :mod:`gisdesk.services.plans` pushed on the window's stack
(save, load, delete, adopt, a village to another office, an office to another key site),
so each is one undo step. Comparing and the live check run in the task runner on a
snapshot; the differences are temporary map overlays (:data:`maps.canvas.widget.OVERLAY`).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from gisdesk.services import plans
from gisdesk.ui.autosave import snapshot
from gisdesk.ui.deliverables import findings_dock
from gisdesk.ui.widgets import WindowPanel, button_grid, scrolling, stack
from layers.errors import GisdeskError
from layers.schema import PLAN_LAYERS, PLAN_VERSION_LAYERS
from maps.canvas.widget import OVERLAY
from maps.tools import DragLinkTool

CURRENT_WORD = "当前"
DIFF_LAYERS = {f"{OVERLAY}villages_changed": "#f28e2b", f"{OVERLAY}offices_added": "#2ca02c",
               f"{OVERLAY}offices_removed": "#d62728"}
"""The comparison's overlays and their colours: villages that change office, offices added, removed."""
CHECKED_LAYERS = {*PLAN_LAYERS, "posts", "villages", "key_sites", "grids", "grid_members"}
"""A change to any of these re-runs the live check."""
LIVE_CHECK_DELAY_MS = 250


def _check_job(project, *, progress, cancel):
    from gisdesk.services.check import check_project

    progress(0.1, "check")
    return check_project(project)


def _compare_job(project, a: str, b: str, *, progress, cancel):
    progress(0.1, "compare")
    return plans.compare_plans(project, a, b)


class PlansPanel(WindowPanel):
    """See the module docstring; ``window`` is the main window."""

    def build(self, window) -> None:
        self.comparison = None
        self.report = None
        self._check_pending = False
        self.versions = QTableWidget(0, 5)
        self.versions.setObjectName("plansVersions")
        self.versions.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Saved"), self.tr("Offices"),
                                                 self.tr("Adopted"), self.tr("Note")])
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.verticalHeader().setVisible(False)
        self.versions.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.versions.setMinimumHeight(96)
        self.versions.setMaximumHeight(140)
        self.save_button = QPushButton(self.tr("Save current as…"), objectName="plansSave",
                                       clicked=lambda: self.save_current())
        self.load_button = QPushButton(self.tr("Load"), objectName="plansLoad",
                                       clicked=lambda: self.load_version(self.selected()))
        self.delete_button = QPushButton(self.tr("Delete"), objectName="plansDelete",
                                         clicked=lambda: self.delete_version(self.selected()))
        self.adopt_button = QPushButton(self.tr("Adopt…"), objectName="plansAdopt",
                                        clicked=lambda: self.adopt_version(self.selected()))
        box = QGroupBox(self.tr("Plan versions"))
        stack(box, self.versions,
              button_grid((self.save_button, self.load_button, self.delete_button, self.adopt_button)))

        self.a_box, self.b_box = QComboBox(objectName="plansA"), QComboBox(objectName="plansB")
        self.compare_button = QPushButton(self.tr("Compare"), objectName="plansCompare", clicked=lambda: self.compare())
        self.clear_button = QPushButton(self.tr("Clear map"), objectName="plansClearDiff", clicked=self.clear_diff)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("A"))
        pick.addWidget(self.a_box, 1)
        pick.addWidget(QLabel("B"))
        pick.addWidget(self.b_box, 1)
        self.rows = [("offices", self.tr("Offices")), ("workstations", self.tr("Workstations")),
                     ("mean_km", self.tr("Mean km")), ("max_km", self.tr("Max km")),
                     ("violations", self.tr("Violations")), ("changed", self.tr("Villages changing office"))]
        self.table = QTableWidget(len(self.rows), 2)
        self.table.setObjectName("plansComparison")
        self.table.setHorizontalHeaderLabels(["A", "B"])
        self.table.setVerticalHeaderLabels([t for _, t in self.rows])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(len(self.rows) * 30 + 36)
        self.diff_note = QLabel(self.tr("On the map: orange, villages that change office; green, offices "
                                        "added; red, offices removed."))
        self.diff_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.clear_button)
        cbox = QGroupBox(self.tr("Compare two plans"))
        clay = QVBoxLayout(cbox)
        clay.addLayout(pick)
        clay.addLayout(buttons)
        clay.addWidget(self.table)
        clay.addWidget(self.diff_note)

        self.adjust_button = QPushButton(self.tr("Adjust by hand"))
        self.adjust_button.setObjectName("plansAdjust")
        self.adjust_button.setCheckable(True)
        self.adjust_button.setToolTip(self.tr("Drag a village onto another office, or an office onto another key site"))
        self.adjust_button.toggled.connect(self._adjust_toggled)
        self.live = QCheckBox(self.tr("Check as I edit"))
        self.live.setObjectName("plansLiveCheck")
        self.live.setChecked(True)
        self.check_summary = QLabel(self.tr("Not checked yet."))
        self.check_summary.setObjectName("plansCheckSummary")
        self.check_summary.setWordWrap(True)
        abox = QGroupBox(self.tr("Adjust the current plan"))
        alay = QVBoxLayout(abox)
        how = QLabel(self.tr("Drag a village onto another office, or an office onto another key site. "
                             "Each move is one undo step."))
        how.setWordWrap(True)
        alay.addWidget(how)
        top = QHBoxLayout()
        top.addWidget(self.adjust_button)
        top.addWidget(self.live)
        alay.addLayout(top)
        alay.addWidget(self.check_summary)

        scrolling(self, box, cbox, abox, margins=4, frame=False)

        self.tool = DragLinkTool({"villages": ["plan_offices"], "plan_offices": ["key_sites"]}, self)
        self.tool.linked.connect(self._linked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LIVE_CHECK_DELAY_MS)
        self._timer.timeout.connect(self.run_check)
        window.stack.subscribe(self._on_stack)
        self.refresh()

    # ------------------------------------------------------------------ versions
    @property
    def project(self):
        return self.window.project

    def refresh(self) -> None:
        """Fill the versions list and the A/B choices from the project."""
        versions = plans.list_versions(self.project)
        keep = self.selected()
        self.versions.setRowCount(len(versions))
        for r, v in enumerate(versions):
            adopted = v.adopted_at[:10] if v.adopted else ""
            for c, text in enumerate((v.name, v.created[:16].replace("T", " "), str(v.offices), adopted, v.note)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.versions.setItem(r, c, item)
            if v.name == keep:
                self.versions.selectRow(r)
        names = [CURRENT_WORD] + [v.name for v in versions]
        for box, default in ((self.a_box, 1), (self.b_box, 0)):
            chosen = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            kept = chosen in names and (chosen != CURRENT_WORD or default == 0)
            box.setCurrentIndex(names.index(chosen) if kept else min(default, len(names) - 1))
            box.blockSignals(False)
        has = bool(versions)
        for b in (self.load_button, self.delete_button, self.adopt_button):
            b.setEnabled(has)

    def selected(self) -> str:
        rows = self.versions.selectionModel().selectedRows() if self.versions.selectionModel() else []
        if rows:
            item = self.versions.item(rows[0].row(), 0)
            return item.text() if item else ""
        return ""

    def _push(self, make) -> bool:
        """Push the command ``make()`` builds; a refusal is shown, not raised."""
        try:
            command = make()
        except GisdeskError as exc:
            self.window.show_error(exc.line())
            return False
        self.window.stack.push(command)
        return True

    def save_current(self, name: str | None = None, note: str = "") -> bool:
        """Save the current plan as a version (asks for the name when not given)."""
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Save plan version"), self.tr("Name of this version:"))
            if not ok or not name.strip():
                return False
            note, _ok = QInputDialog.getText(self, self.tr("Save plan version"), self.tr("Note (optional):"))
        return self._push(lambda: plans.save_command(self.project, name, note))

    def load_version(self, name: str) -> bool:
        if not name:
            self.window.show_message(self.tr("Choose a version first."))
            return False
        return self._push(lambda: plans.load_command(self.project, name))

    def delete_version(self, name: str) -> bool:
        if not name:
            self.window.show_message(self.tr("Choose a version first."))
            return False
        return self._push(lambda: plans.delete_command(self.project, name))

    def adopt_version(self, name: str) -> bool:
        """Adopt a version after the planner confirms: its posts open, the posts it drops close."""
        if not name:
            self.window.show_message(self.tr("Choose a version first."))
            return False
        try:
            adoption = plans.adopt(self.project, name)
        except GisdeskError as exc:
            self.window.show_error(exc.line())
            return False
        answer = QMessageBox.question(
            self, self.tr("Adopt plan version"),
            self.tr("Adopt “{name}”? {opened} new posts are created and {closed} posts are marked closed "
                    "(not deleted). You can undo it.").format(name=name, opened=len(adoption.opened),
                                                              closed=len(adoption.closed)))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.window.stack.push(adoption.command)
        self.window.show_message(self.tr("Adopted “{name}”: {opened} posts opened, {closed} closed.").format(
            name=name, opened=len(adoption.opened), closed=len(adoption.closed)))
        return True

    # ------------------------------------------------------------------ comparing
    def _name(self, box: QComboBox) -> str:
        text = box.currentText()
        return "current" if text == CURRENT_WORD else text

    def compare(self, a: str | None = None, b: str | None = None) -> bool:
        """Compare two plans in the background; the table and the map show the result."""
        a = a or self._name(self.a_box)
        b = b or self._name(self.b_box)
        return self.window.runner.start("compare_plans", self.tr("Comparing plans"), _compare_job,
                                        self.show_comparison, args=(snapshot(self.project), a, b))

    def show_comparison(self, comparison) -> None:
        self.comparison = comparison
        a, b = comparison.a, comparison.b
        word = lambda n: CURRENT_WORD if plans.is_current(n) else n  # noqa: E731
        self.table.setHorizontalHeaderLabels([f"A {word(a.name)}", f"B {word(b.name)}"])
        km = lambda v: "—" if v is None else f"{v:.2f}"  # noqa: E731
        values = {"offices": (a.offices, b.offices), "workstations": (a.workstations, b.workstations),
                  "mean_km": (km(a.mean_km), km(b.mean_km)), "max_km": (km(a.max_km), km(b.max_km)),
                  "violations": (a.violations, b.violations),
                  "changed": (len(comparison.villages_changed), self.tr("+{added} / −{removed} offices").format(
                      added=len(comparison.offices_added), removed=len(comparison.offices_removed)))}
        for r, (key, _title) in enumerate(self.rows):
            for c, v in enumerate(values[key]):
                self.table.setItem(r, c, QTableWidgetItem(str(v)))
        self.show_diff(comparison)

    def show_diff(self, comparison) -> None:
        """The differences as overlays: villages that change office, offices added and removed."""
        villages = self.project["villages"]
        changed = {c["village"] for c in comparison.villages_changed}
        mask = villages["code"].isin(changed).to_numpy()
        points = villages.loc[mask, ["code", "name"]].copy()
        moved = gpd.GeoDataFrame(points, geometry=villages.geometry[mask].representative_point(), crs=villages.crs)
        added = comparison.offices_b[comparison.offices_b["code"].isin(comparison.offices_added)]
        removed = comparison.offices_a[comparison.offices_a["code"].isin(comparison.offices_removed)]
        canvas = self.window.canvas
        for (name, colour), frame in zip(DIFF_LAYERS.items(), (moved, added, removed), strict=True):
            canvas.set_layer_style(name, fill=colour, labels=False)
            canvas.update_layer(name, gpd.GeoDataFrame(pd.DataFrame(frame), geometry="geometry", crs=villages.crs))
        canvas.set_highlight({"villages": mask.nonzero()[0].tolist()} if mask.any() else None)

    def clear_diff(self) -> None:
        scene = self.window.canvas.scene
        if scene is not None:
            for name in DIFF_LAYERS:
                scene.remove_layer(name)
        self.window.canvas.set_highlight(None)

    # ------------------------------------------------------------------ hand adjustment
    def _adjust_toggled(self, on: bool) -> None:
        if on:
            self.window.canvas.set_tool(self.tool)
            self.window.show_message(self.tr("Drag a village onto another office, or an office onto another key site."))
            self.schedule_check()
        elif self.window.canvas.tool is self.tool:
            self.window.activate_tool("pan")

    def _linked(self, from_layer: str, from_row: int, to_layer: str, to_row: int) -> None:
        p = self.project
        source = str(p[from_layer]["code"].iloc[from_row])
        target = str(p[to_layer]["code"].iloc[to_row])
        if from_layer == "villages":
            self.reassign(source, target)
        else:
            self.move_office(source, target)

    def reassign(self, village: str, office: str) -> bool:
        """Village ``village`` to office ``office``: one undo step."""
        return self._push(lambda: plans.reassign_command(self.project, village, office))

    def move_office(self, office: str, key_site: str) -> bool:
        """Office ``office`` to key site ``key_site``: one undo step."""
        return self._push(lambda: plans.move_office_command(self.project, office, key_site))

    # ------------------------------------------------------------------ live check
    def _on_stack(self, event: str, command) -> None:
        if event == "clear":
            self.comparison = None
            self.table.clearContents()
            self.report = None
            self.check_summary.setText(self.tr("Not checked yet."))
        if event in ("do", "undo", "redo", "clear"):
            touched = set(getattr(command, "layers", ()) or ()) if command is not None else set()
            if event == "clear" or touched & set(PLAN_VERSION_LAYERS) or touched & set(PLAN_LAYERS):
                self.refresh()
            if event != "clear" and touched & CHECKED_LAYERS:
                self.schedule_check()

    def schedule_check(self) -> None:
        """Re-run the check shortly (edits in quick succession are checked once), while the
        planner adjusts by hand: at other times the runner stays free for their own jobs."""
        if self.live.isChecked() and self.adjust_button.isChecked() and self.window.canvas.tool is self.tool:
            self._timer.start()

    def run_check(self) -> bool:
        """Check the current project in the background; the findings update when done."""
        runner = self.window.runner
        if self.window.canvas.tool is not self.tool:
            self.adjust_button.setChecked(False)  # another tool was chosen: adjusting ended
            return False
        if runner.busy:
            if runner.name != "live_check":
                self._timer.start()  # try again when the other job is done
            else:
                self._check_pending = True
            return False
        return runner.start("live_check", self.tr("Checking the plan"), _check_job, self.show_report,
                            args=(snapshot(self.project),))

    def show_report(self, report) -> None:
        from gisdesk.services.check import rule_titles

        self.report = report
        titles = rule_titles()
        verdict = self.tr("passed") if report.passed else self.tr("not passed")
        self.check_summary.setText(self.tr("Check: {verdict} — {v} violations, {w} warnings.").format(
            verdict=verdict, v=report.count("violation"), w=report.count("warning")))
        first = getattr(self.window, "findings_dock", None) is None
        dock = findings_dock(self.window)
        dock.widget().show_report(report, titles)
        if first or not dock.isVisible():
            dock.show()
            dock.raise_()
        if self._check_pending:
            self._check_pending = False
            self._timer.start()

