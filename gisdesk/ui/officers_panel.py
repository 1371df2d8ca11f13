"""The officers panel (一村(格)一警): the roster by station, who covers a grid, assignment by hand.

The table lists a station's people (name, 警号, 民警/辅警, phone, post, most grids,
at work, grids assigned). Drag people from it onto a grid on the map or onto a grid row of
the attribute table to make them responsible for it; click a grid to select the people who
cover it; 取消分配 takes the selected people off the selected grids (off all their grids
when none is selected). Every change is one undoable command of
:func:`gisdesk.services.officers.edit_assignments_command`. 自动分配 runs
:func:`gisdesk.services.officers.propose_assignments` on the window's runner (progress and
Cancel) and pushes :func:`gisdesk.services.officers.assignment_command` of its result.
"""

from __future__ import annotations

import pandas as pd
from PyQt6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from gisdesk.failures import describe_failure
from gisdesk.ui.attribute_table import UNASSIGNED_ROLES
from gisdesk.ui.autosave import snapshot
from gisdesk.ui.officer_drops import OFFICERS_MIME, GridDropTarget, officer_codes
from gisdesk.ui.widgets import WindowPanel
from layers.errors import GisdeskError
from layers.lookups import labelled, station_names

ALL = ""


class RosterModel(QAbstractTableModel):
    """The roster rows of one station (or all), draggable as :data:`OFFICERS_MIME`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = pd.DataFrame(columns=["code", "name", "role", "phone", "post", "max_grids", "active", "grids"])

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("ID"), self.tr("Role"), self.tr("Phone"), self.tr("Post"),
                self.tr("Most grids"), self.tr("At work"), self.tr("Grids")]

    def set_rows(self, rows: pd.DataFrame) -> None:
        self.beginResetModel()
        self.rows = rows.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 8

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows.iloc[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return str(row["code"])
        if role == Qt.ItemDataRole.BackgroundRole and c == 7 and not row["grids"] and bool(row["active"]) \
                and int(row["max_grids"]) > 0:
            return UNASSIGNED_ROLES[Qt.ItemDataRole.BackgroundRole]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if c == 0:
            return str(row["name"])
        if c == 1:
            return str(row["code"])
        if c == 2:
            return self.tr("Officer") if row["role"] == "officer" else self.tr("Auxiliary")
        if c == 3:
            return str(row["phone"] or "")
        if c == 4:
            return str(row["post"] or "")
        if c == 5:
            return str(int(row["max_grids"]))
        if c == 6:
            return self.tr("yes") if bool(row["active"]) else self.tr("no")
        grids = row["grids"]
        return f"{len(grids)}：{'、'.join(grids)}" if grids else "0"

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [OFFICERS_MIME]

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        """The dragged people: their codes (one a line) as :data:`OFFICERS_MIME`, names as text."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        codes = [str(self.rows["code"].iat[r]) for r in rows]
        mime = QMimeData()
        mime.setData(OFFICERS_MIME, "\n".join(codes).encode("utf-8"))
        mime.setText("、".join(str(self.rows["name"].iat[r]) for r in rows))
        return mime


class OfficersPanel(WindowPanel):
    """Roster by station, hand assignment by drag and drop, auto-assign; see the module docstring."""

    def build(self, window) -> None:
        self.station = QComboBox(objectName="officersStation", currentIndexChanged=self._fill_table)
        self.model = RosterModel(self)
        self.view = QTableView()
        self.view.setObjectName("officersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(objectName="officersSummary", wordWrap=True)
        self.hint = QLabel(wordWrap=True)
        self.keep = QCheckBox(objectName="officersKeep")
        self.colour = QCheckBox(objectName="officersColour", toggled=self.colour_by_officer)
        self.auto_button = QPushButton(objectName="officersAuto", clicked=self.auto_assign)
        self.auto_button.setProperty("primary", True)
        self.remove_button = QPushButton(objectName="officersRemove", clicked=self.remove_selected)
        self.cancel_button = QPushButton(objectName="officersCancel", clicked=window.runner.cancel, enabled=False)
        self.progress = QProgressBar(objectName="officersProgress", minimum=0, maximum=100, visible=False)
        top = QHBoxLayout()
        self.station_label = QLabel()
        top.addWidget(self.station_label)
        top.addWidget(self.station, 1)
        buttons = QGridLayout()
        buttons.addWidget(self.auto_button, 0, 0)
        buttons.addWidget(self.keep, 0, 1)
        buttons.addWidget(self.remove_button, 1, 0)
        buttons.addWidget(self.cancel_button, 1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.colour)
        lay.addLayout(buttons)
        lay.addWidget(self.progress)
        self.drops = GridDropTarget(window, self.assign, self)
        window.canvas.features_clicked.connect(self._grids_clicked)
        window.canvas.selection_changed.connect(self._map_selection)
        window.table.rows_selected.connect(lambda layer, rows: layer == "grids" and self.show_covering(
            [str(window.project["grids"]["code"].iat[r]) for r in rows]))
        runner = window.runner
        runner.progressed.connect(self._progressed)
        runner.idle.connect(self._job_ended)
        self._job = False
        self._project = None
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        """Set the panel's fixed texts (again after a language switch)."""
        self.station_label.setText(self.tr("Station"))
        self.keep.setText(self.tr("Keep existing"))
        self.colour.setText(self.tr("Colour grids by who covers them (grey: no one)"))
        self.auto_button.setText(self.tr("Auto-assign"))
        self.remove_button.setText(self.tr("Remove assignment"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.hint.setText(self.tr("Drag people onto a grid on the map or in the grids table to assign them; "
                                  "click a grid to see who covers it."))

    # ------------------------------------------------------------------ contents
    def refresh(self) -> None:
        """Fill the station list and the table from the project (after any change)."""
        self.retranslate()
        project = self.window.project
        names = station_names(project)
        codes = sorted((set(project["officers"]["station"]) | set(project["grids"]["station"])) - {""})
        keep = self.station.currentData()
        self.station.blockSignals(True)
        self.station.clear()
        self.station.addItem(self.tr("All stations"), ALL)
        for code in codes:
            self.station.addItem(labelled(names.get(code, ""), code), code)
        fresh = project is not self._project
        self._project = project
        k = 1 if fresh and codes else self.station.findData(keep)  # a new project: its first station
        self.station.setCurrentIndex(max(k, 0))
        self.station.blockSignals(False)
        style = self.window.canvas.styles.get("grids")
        self.colour.blockSignals(True)
        self.colour.setChecked(style is not None and style.classify == "officer")
        self.colour.blockSignals(False)
        self._fill_table()

    def colour_by_officer(self, on: bool) -> None:
        """The map's grids coloured one colour per person responsible (unassigned grey), or
        back to their deviation from the standard."""
        self.window.layer_panel.set_classify("grids", "officer" if on else "deviation")
        self.window.layer_panel.fill()

    def _fill_table(self) -> None:
        project = self.window.project
        officers = project["officers"]
        station = self.station.currentData() or ALL
        rows = officers if station == ALL else officers[officers["station"] == station]
        a = project["assignments"]
        held = a.groupby("officer")["grid"].apply(lambda g: sorted(g)).to_dict() if len(a) else {}
        posts = dict(zip(project["posts"]["code"], project["posts"]["name"], strict=False))
        keep = self.selected_codes()
        out = pd.DataFrame({
            "code": rows["code"].astype(str).to_numpy(), "name": rows["name"].astype(str).to_numpy(),
            "role": rows["role"].to_numpy(), "phone": rows["phone"].fillna("").astype(str).to_numpy(),
            "post": [labelled(posts.get(p, ""), p) if p else "" for p in rows["post"].fillna("")],
            "max_grids": rows["max_grids"].fillna(1).astype(int).to_numpy(),
            "active": rows["active"].fillna(True).astype(bool).to_numpy(),
            "grids": [held.get(c, []) for c in rows["code"]],
        })
        self.model.set_rows(out)
        self.view.resizeColumnsToContents()
        self.select_people(keep)
        g = project["grids"] if station == ALL else project["grids"][project["grids"]["station"] == station]
        covered = int(g["code"].isin(set(a["grid"])).sum()) if len(a) else 0
        self.summary.setText(self.tr("{people} people ({officers} officers, {auxiliaries} auxiliaries); "
                                     "{covered} of {grids} grids have someone responsible.").format(
            people=len(out), officers=int((out["role"] == "officer").sum()),
            auxiliaries=int((out["role"] == "auxiliary").sum()), covered=covered, grids=len(g)))

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [str(self.model.rows["code"].iat[r]) for r in rows if r < len(self.model.rows)]

    def select_people(self, codes) -> None:
        from PyQt6.QtCore import QItemSelection, QItemSelectionModel

        wanted = set(codes)
        sel = QItemSelection()
        for r, code in enumerate(self.model.rows["code"]):
            if code in wanted:
                sel.select(self.model.index(r, 0), self.model.index(r, self.model.columnCount() - 1))
        self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
        if sel.indexes():
            self.view.scrollTo(sel.indexes()[0])

    # ------------------------------------------------------------------ who covers a grid
    def _grids_clicked(self, hits) -> None:
        codes = self.window.project["grids"]["code"]
        found = [str(codes.iat[h.index]) for h in hits if h.layer == "grids"]
        if found:
            self.show_covering(found[:1])

    def _map_selection(self, selection: dict) -> None:
        rows = sorted(selection.get("grids", ()))
        if rows:
            codes = self.window.project["grids"]["code"]
            self.show_covering([str(codes.iat[r]) for r in rows])

    def show_covering(self, grids: list[str]) -> list[str]:
        """Select the people responsible for ``grids`` (the station's list when needed);
        their codes."""
        from gisdesk.services.officers import covering

        project = self.window.project
        people: list[str] = []
        for grid in grids:
            people += [c for c in covering(project, grid)["code"] if c not in people]
        stations = set(project["grids"].loc[project["grids"]["code"].isin(grids), "station"])
        current = self.station.currentData() or ALL
        if current != ALL and len(stations) == 1 and current not in stations:
            k = self.station.findData(next(iter(stations)))
            if k >= 0:
                self.station.setCurrentIndex(k)
        self.select_people(people)
        self._grids = list(grids)
        return people

    # ------------------------------------------------------------------ editing
    def assign(self, officers: list[str], grid: str) -> bool:
        """Make ``officers`` responsible for ``grid``: one undoable command (refusals shown)."""
        from gisdesk.services.officers import edit_assignments_command

        project = self.window.project
        try:
            command = edit_assignments_command(project, add=[(o, grid) for o in officers],
                                               text=self.tr("Assign {names} to grid {grid}").format(
                                                   names="、".join(self._names(officers)), grid=grid))
        except GisdeskError as exc:
            self.window.show_error(describe_failure(exc).line)
            return False
        self.window.stack.push(command)
        self.window.show_message(self.tr("{names} now responsible for grid {grid}.").format(
            names="、".join(self._names(officers)), grid=grid))
        return True

    def remove_selected(self) -> bool:
        """Take the selected people off the grids selected on the map (all their grids when
        none is), as one undoable command."""
        from gisdesk.services.officers import edit_assignments_command

        people = self.selected_codes()
        if not people:
            self.window.show_message(self.tr("Select the people to take off first."))
            return False
        project = self.window.project
        codes = project["grids"]["code"]
        grids = {str(codes.iat[r]) for r in self.window.canvas.selection.get("grids", ())}
        a = project["assignments"]
        pairs = [(o, g) for o, g in zip(a["officer"], a["grid"], strict=True)
                 if o in people and (not grids or g in grids)]
        if not pairs:
            self.window.show_message(self.tr("The selected people cover none of these grids."))
            return False
        self.window.stack.push(edit_assignments_command(
            project, remove=pairs, text=self.tr("Remove {n} assignments").format(n=len(pairs))))
        return True

    def _names(self, codes: list[str]) -> list[str]:
        o = self.window.project["officers"]
        names = dict(zip(o["code"], o["name"], strict=False))
        return [str(names.get(c, c)) for c in codes]

    # ------------------------------------------------------------------ auto-assign
    def auto_assign(self) -> bool:
        """Run the assign service in the background; its result becomes one undoable command."""
        from gisdesk.services.officers import AssignParams, propose_assignments

        project = self.window.project
        if not len(project["officers"]) or not len(project["grids"]):
            self.window.show_message(self.tr("Import the roster and draw the grids first."))
            return False
        params = AssignParams(keep_existing=self.keep.isChecked())
        started = self.window.runner.start("assign", self.tr("Assigning officers to grids"), propose_assignments,
                                           self._accept, args=(snapshot(project), params))
        if started:
            self._job = True
            self.progress.setValue(0)
            self.progress.show()
            self.cancel_button.setEnabled(True)
            self.auto_button.setEnabled(False)
        return started

    def _accept(self, result) -> None:
        from gisdesk.services.officers import assignment_command

        self.window.stack.push(assignment_command(result, text=self.tr("Auto-assign officers")))
        self.colour.setChecked(True)
        s = result.summary()
        self.window.show_message(self.tr("{assigned} assignments, {unassigned} grids without anyone, "
                                         "{km:.1f} km in all{optimal}.").format(
            assigned=s["assigned"], unassigned=len(s["unassigned"]), km=s["total_km"],
            optimal=self.tr(", optimal") if s["optimal"] else ""))

    def _progressed(self, fraction: float, message: str) -> None:
        if self._job:
            self.progress.setValue(int(round(100 * fraction)))
            self.progress.setFormat(f"%p% {message}")

    def _job_ended(self) -> None:
        if self._job:
            self._job = False
            self.progress.hide()
            self.cancel_button.setEnabled(False)
            self.auto_button.setEnabled(True)


__all__ = ["OFFICERS_MIME", "OfficersPanel", "RosterModel", "officer_codes"]
