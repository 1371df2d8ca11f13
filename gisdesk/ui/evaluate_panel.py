"""The what-if panel: an office at a clicked place or key site, numbers before and after.

The first evaluation builds the road network (:class:`SitingContext`) in the background,
or reads it from the per-user disk cache the ``evaluate`` command shares
(:mod:`gisdesk.services.siting.context_store`); later clicks reuse it, so each answer
takes one shortest-path search.

Besides the nearest-post moves, the panel shows the candidate's station solved again under
the 5-8 rule with the candidate fixed as an office; Accept puts that station into the plan
as one command on the window's stack (the command ``evaluate --apply`` pushes).
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from gisdesk.ui.autosave import snapshot
from gisdesk.ui.widgets import WindowPanel
from layers.lookups import DisplayNames


class EvaluatePanel(WindowPanel):
    """Shows an :class:`EvaluationResult`; the window calls :meth:`evaluate_at`."""

    def build(self, window) -> None:
        self.context = None
        self.result = None
        self.hint = QLabel(self.tr("Choose the evaluate tool and click a place or a key site on the map."))
        self.hint.setWordWrap(True)
        self.hint.setObjectName("evaluateHint")
        self.pick = QPushButton(self.tr("Pick a location"))
        self.pick.setObjectName("evaluatePick")
        self.within = QDoubleSpinBox()
        self.within.setObjectName("evaluateWithin")
        self.within.setRange(0.5, 100)
        self.within.setValue(5.0)
        self.within.setSuffix(" km")
        form = QFormLayout()
        form.addRow(self.tr("Covered within"), self.within)
        self.table = QTableWidget(4, 3)
        self.table.setObjectName("evaluateTable")
        self.table.setHorizontalHeaderLabels([self.tr("Before"), self.tr("After"), self.tr("Change")])
        self.table.setVerticalHeaderLabels([self.tr("Mean km"), self.tr("Max km"),
                                            self.tr("Villages covered"), self.tr("Population covered")])
        self.table.setMaximumHeight(150)
        self.moved = QListWidget()
        self.moved.setObjectName("evaluateMoved")
        self.resolved = QLabel("")
        self.resolved.setObjectName("evaluateResolved")
        self.resolved.setWordWrap(True)
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("evaluateAccept")
        self.accept_button.setToolTip(self.tr("Take the station re-solved with this office into the plan (undoable)"))
        self.accept_button.setEnabled(False)
        self.accept_button.clicked.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.hint)
        lay.addWidget(self.pick)
        lay.addLayout(form)
        lay.addWidget(self.table)
        lay.addWidget(QLabel(self.tr("Villages that would move to the new office")))
        lay.addWidget(self.moved, 1)
        lay.addWidget(self.resolved)
        lay.addWidget(self.accept_button)

    def evaluate_at(self, lon: float, lat: float, title: str = "") -> bool:
        """Evaluate an office at (lon, lat) in the background."""
        from gisdesk.services.siting import evaluate_point
        from gisdesk.services.siting.context_store import cached_context, remember

        snap = snapshot(self.window.project)
        cached, within = self.context, self.within.value()

        def work(progress, cancel):
            progress(0.1, "road network")
            ctx = cached_context(snap, cached, cancel=cancel)
            progress(0.8, "evaluating")
            result = evaluate_point(snap, lon, lat, within_km=within, context=ctx)
            remember(ctx)
            return ctx, result

        self.hint.setText(self.tr("Evaluating {where}…").format(where=title or f"{lon:.5f}, {lat:.5f}"))
        return self.window.runner.start("evaluate", self.tr("Evaluating a new office"), work,
                                        lambda out: self.show_result(*out, title=title))

    def show_result(self, context, result, title: str = "") -> None:
        self.context, self.result = context, result
        names = DisplayNames(self.window.project)
        self.hint.setText(self.tr("A new office at {where} (station {station}): {n} villages would move to it.").format(
            where=title or f"{result.lon:.5f}°E {result.lat:.5f}°N", station=names.station(result.station),
            n=len(result.villages_moved)))
        new = result.load_after.get("NEW")
        if new:
            self.hint.setText(self.hint.text() + " " + self.tr("It would serve {v} villages, {p:,} residents.").format(
                v=new["villages"], p=new["population"]))
        rows = [
            (result.mean_km_before, result.mean_km_after, "{:.2f}"),
            (result.max_km_before, result.max_km_after, "{:.2f}"),
            (result.covered_before["villages"], result.covered_after["villages"], "{:,.0f}"),
            (result.covered_before["population"], result.covered_after["population"], "{:,.0f}"),
        ]
        for r, (a, b, fmt) in enumerate(rows):
            for c, v in enumerate((a, b, b - a)):
                text = fmt.format(v)
                if c == 2 and v > 0:
                    text = "+" + text
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.moved.clear()
        villages = self.window.project["villages"]
        for code in result.villages_moved:
            km = result.new_office_km.get(code)
            self.moved.addItem(names.village(code) + (f"  {km:.2f} km" if km is not None else ""))
        rows_moved = np.flatnonzero(villages["code"].isin(result.villages_moved).to_numpy())
        self.window.canvas.set_highlight({"villages": rows_moved.tolist()} if len(rows_moved) else None)
        self._show_resolved(result, names)

    def _show_resolved(self, result, names: DisplayNames | None = None) -> None:
        names = names or DisplayNames(self.window.project)
        r = result.resolved or {}
        has_plan = len(self.window.project["plan_offices"]) > 0
        if "error" in r:
            self.resolved.setText(self.tr("Under the villages-per-office rule: not possible ({why}).").format(why=r["error"]))
        elif r:
            self.resolved.setText(self.tr(
                "Under the rule of {lo}-{hi} villages per office, station {station} re-solved with this office ({offices} offices, sizes {sizes}): "
                "it serves {n} villages; {moved} villages change office; station mean {mb:.2f} → {ma:.2f} km, "
                "max {xb:.2f} → {xa:.2f} km."
            ).format(lo=r["min_villages"], hi=r["max_villages"], station=names.station(r["station"]), offices=r["offices"], sizes=", ".join(str(s) for s in r["office_sizes"]),
                     n=len(r["new_office_villages"]), moved=len(r["villages_moved"]), mb=r["mean_km_before"],
                     ma=r["mean_km_after"], xb=r["max_km_before"], xa=r["max_km_after"]))
        else:
            self.resolved.setText("")
        self.accept_button.setEnabled(result.station_plan is not None and has_plan)

    def accept(self) -> bool:
        """Put the re-solved station into the plan: one undoable command on the window's stack."""
        from gisdesk.services.siting.resolve import resolved_command

        if self.result is None or self.result.station_plan is None or self.context is None:
            return False
        try:
            command = resolved_command(self.window.project, self.context, self.result.station_plan,
                                       text=self.tr("Accept evaluated office"))
        except ValueError as exc:
            self.resolved.setText(str(exc))
            return False
        self.window.stack.push(command)
        self.accept_button.setEnabled(False)
        return True

    def clear(self) -> None:
        self.result = None
        self.context = None
        self.moved.clear()
        self.table.clearContents()
        self.resolved.setText("")
        self.accept_button.setEnabled(False)
        self.window.canvas.set_highlight(None)
