"""The check's findings in a dock: severity, rule, where, detail; a click zooms to the place.

A finding names its places by code (``Finding.codes``); :func:`locate` finds them in the
project's layers (a grid, an office, a village, a station...) so the map can select and
show them.
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisdesk.finding_words import finding_text as words
from gisdesk.messages import tr

LOOKUP_ORDER = ("grids", "plan_offices", "boundaries", "posts", "villages", "units", "key_sites")
"""Where a finding's code is looked for: a station is shown by its area, not its seat."""
COLOURS = {"violation": "#b03a2e", "warning": "#b9770e", "info": "#5b6673"}


def locate(project, codes) -> dict[str, list[int]]:
    """``{layer: rows}`` of the first layer holding each code (a station without an area: its seat)."""
    found: dict[str, list[int]] = {}
    for code in codes:
        code = str(code)
        for layer in LOOKUP_ORDER:
            frame = project[layer]
            if not len(frame) or "code" not in frame.columns:
                continue
            rows = [int(i) for i in (frame["code"].astype(str) == code).to_numpy().nonzero()[0]]
            if layer == "posts" and not rows:
                rows = [int(i) for i in ((frame["station"].astype(str) == code)
                                          & (frame["tier"] == "station")).to_numpy().nonzero()[0]]
            if rows:
                found.setdefault(layer, []).extend(rows)
                break
    return found


class FindingsPanel(QWidget):
    """A table of findings; clicking one selects and zooms to its places on the map."""

    located = pyqtSignal(dict)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.main = window
        self.findings: list = []
        self.summary = QLabel(self.tr("Run Planning > Check to list what breaks the standards."))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("findingsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Severity"), self.tr("Rule"), self.tr("Where"), self.tr("Detail")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(lambda row, _col: self.zoom_to(row))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def severity_word(self, severity: str) -> str:
        return {"violation": self.tr("Violation"), "warning": self.tr("Warning"), "info": self.tr("Info")}.get(
            severity, severity)

    def show_report(self, report, titles: dict[str, str]) -> None:
        """List the findings of a :class:`gisdesk.services.check.CheckReport`."""
        order = {"violation": 0, "warning": 1, "info": 2}
        self.findings = sorted(report.findings, key=lambda f: order.get(f.severity, 3))
        checked = self.tr("the proposed plan") if report.source == "plan" else self.tr("the existing posts")
        verdict = self.tr("passed") if report.passed else self.tr("not passed")
        self.summary.setText(self.tr("Checked {checked}: {verdict} — {v} violations, {w} warnings, {i} notes.").format(
            checked=checked, verdict=verdict, v=report.count("violation"), w=report.count("warning"),
            i=report.count("info")))
        self.table.setRowCount(len(self.findings))
        for row, f in enumerate(self.findings):
            cells = [self.severity_word(f.severity), words(titles.get(f.rule, f.rule)), words(f.where),
                     words(f.shown(tr))]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(str(text))
                if col == 0:
                    item.setForeground(QColor(COLOURS.get(f.severity, "#1d2733")))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def zoom_to(self, row: int) -> dict[str, list[int]]:
        """Select the places of finding ``row`` on the map and show them."""
        if not 0 <= row < len(self.findings):
            return {}
        w = self.main
        places = locate(w.project, self.findings[row].codes)
        if places:
            w.canvas.set_selection(places)
            w.canvas.zoom_to_selection()
        else:
            w.show_message(self.tr("This finding has no place on the map."))
        self.located.emit(places)
        return places

