"""The siting panel: the parameters of ``site``, Run/Cancel, the proposal, Accept.

The proposal is computed by :func:`gisdesk.services.siting.propose_sites` in the task
runner on a snapshot of the project; it is previewed on the map (offices, workstations,
village -> office lines) and written only when the planner accepts it: the service's
:func:`~gisdesk.services.siting.siting_command` goes on the window's command stack.
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from gisdesk.messages import tr
from gisdesk.services.siting.response_times import share_text
from gisdesk.ui.autosave import snapshot
from gisdesk.ui.charts import Histogram, TradeoffChart
from gisdesk.ui.widgets import WindowPanel, scrolling, spin_box
from layers.errors import InputError
from layers.lookups import DisplayNames
from layers.schema import PLAN_LAYERS, SITING_INPUTS
from layers.standard import Standard


class SitingPanel(WindowPanel):
    """Set the rules, run, look, accept or discard."""

    result_ready = pyqtSignal(object)

    def build(self, window) -> None:
        self.result = None
        bureau = Standard()
        self.min_villages = spin_box(1, 50, bureau.min_villages, "sitingMin")
        self.max_villages = spin_box(1, 50, bureau.max_villages, "sitingMax")
        self.offices = spin_box(0, 5000, 0, "sitingOffices")
        self.offices.setSpecialValueText(self.tr("fewest allowed"))
        self.per_station = spin_box(1, 20, bureau.min_offices, "sitingPerStation")
        self.keep = QCheckBox(self.tr("Keep existing offices"), objectName="sitingKeep")
        self.max_km = QDoubleSpinBox(objectName="sitingMaxKm")
        self.max_km.setRange(0, 500)
        self.max_km.setSuffix(" km")
        self.max_km.setSpecialValueText(self.tr("no limit"))
        self.cover_minutes = QDoubleSpinBox(objectName="sitingCoverMinutes")
        self.cover_minutes.setRange(0, 240)
        self.cover_minutes.setSingleStep(5)
        self.cover_minutes.setSpecialValueText(self.tr("no limit"))
        self.cover_minutes.setToolTip(self.tr(
            "The fewest offices (villages per office kept) so that every village is within this many "
            "minutes of its office by road; the villages that cannot be are listed by name"))
        self.time_limit = spin_box(0, 3600, 0, "sitingTime")
        self.time_limit.setSuffix(" s")
        self.time_limit.setSpecialValueText(self.tr("automatic"))
        self.time_limit.setToolTip(self.tr(
            "Automatic: each station stops when its plan is proven or after a fixed amount of work, so "
            "the plan is the same on any computer. Seconds: a ceiling for each station and office count"))
        self.labels = {
            "min_villages": self.tr("Villages per office, at least"),
            "max_villages": self.tr("Villages per office, at most"),
            "offices": self.tr("Offices in total"),
            "min_offices_per_station": self.tr("Offices per remote station, at least"),
            "max_km": self.tr("Farthest village"),
            "cover_minutes": self.tr("Response time (minutes)"),
            "time_limit": self.tr("Solver time"),
        }
        """The input box of each SitingParams field, to name it when the rules are refused."""
        form = QFormLayout()
        for name, box in (("min_villages", self.min_villages), ("max_villages", self.max_villages),
                          ("offices", self.offices), ("min_offices_per_station", self.per_station),
                          ("max_km", self.max_km), ("cover_minutes", self.cover_minutes),
                          ("time_limit", self.time_limit)):
            form.addRow(self.labels[name], box)
        form.addRow("", self.keep)
        self.run_button = QPushButton(self.tr("Run"), objectName="sitingRun", clicked=self.run)
        self.run_button.setProperty("primary", True)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="sitingCancel", enabled=False,
                                         clicked=lambda: self.window.runner.cancel())
        runs = QHBoxLayout()
        runs.addWidget(self.run_button)
        runs.addWidget(self.cancel_button)
        self.summary = QLabel(self.tr("No proposal yet."), objectName="sitingSummary", wordWrap=True)
        self.exceptions = QListWidget(objectName="sitingExceptions", maximumHeight=90)
        self.histogram = Histogram()
        self.histogram.setObjectName("sitingHistogram")
        self.tradeoff = TradeoffChart()
        self.tradeoff.setObjectName("sitingTradeoff")
        self.accept_button = QPushButton(self.tr("Accept"), objectName="sitingAccept", clicked=self.accept)
        self.accept_button.setProperty("primary", True)
        self.discard_button = QPushButton(self.tr("Discard"), objectName="sitingDiscard", clicked=self.discard)
        decide = QHBoxLayout()
        decide.addWidget(self.accept_button)
        decide.addWidget(self.discard_button)
        box = QGroupBox(self.tr("Rules"))
        box.setLayout(form)
        out = QGroupBox(self.tr("Proposal"))
        out_lay = QVBoxLayout(out)
        out_lay.addWidget(self.summary)
        out_lay.addWidget(self.exceptions)
        out_lay.addWidget(self.histogram)
        out_lay.addWidget(self.tradeoff)
        out_lay.addLayout(decide)
        scrolling(self, box, runs, out)
        self._set_decided()

    def params(self):
        """The rules as :class:`SitingParams`; InputError whose ``field`` names the input that is wrong."""
        from gisdesk.services.siting import SitingParams

        return SitingParams.from_options(
            min_villages=self.min_villages.value(),
            max_villages=self.max_villages.value(),
            offices=self.offices.value() or None,
            keep_existing=self.keep.isChecked(),
            max_km=self.max_km.value() or None,
            cover_minutes=self.cover_minutes.value() or None,
            time_limit=float(self.time_limit.value()) or None,
            min_offices_per_station=self.per_station.value(),
        )

    def run(self) -> bool:
        """Start the proposal in the background (False when another task is running)."""
        from gisdesk.services.siting import propose_sites

        try:
            params = self.params()
        except InputError as exc:  # SitingParams' one check, named by the input's label
            self.window.show_error(f"{self.labels.get(exc.field or '', exc.field)}: {exc.message}")
            return False
        if not self.window.stored_values_ok(SITING_INPUTS):
            return False
        snap = snapshot(self.window.project)

        workers = self.window.settings.job_workers()  # the stations on that many processes

        def work(progress, cancel):
            return propose_sites(snap, params, progress=progress, cancel=cancel, workers=workers)

        started = self.window.runner.start("site", self.tr("Siting offices"), work, self.show_result)
        if started:
            self.run_button.setEnabled(False)
            self.cancel_button.setEnabled(True)
            self.window.runner.idle.connect(self._idle)
        return started

    def _idle(self) -> None:
        self.window.runner.idle.disconnect(self._idle)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def show_result(self, result) -> None:
        """Show the proposal and preview it on the map (the project is not changed)."""
        self.result = result
        s = result.summary()
        gap = self.tr("proven optimal") if s["gap"] <= 1e-9 else self.tr("within {gap:.2%} of the optimum").format(gap=s["gap"])
        weighted = s["mean_km"] if s["mean_km"] is not None else s["mean_km_plain"]
        self.summary.setText(self.tr(
            "<b>{offices}</b> offices, <b>{ws}</b> workstations for {villages} villages.<br>"
            "Road distance to the office: mean <b>{mean:.2f} km</b>, max <b>{max:.2f} km</b>.<br>"
            "Objective {obj:,.0f}, proven bound {bound:,.0f}: {gap}. {seconds:.1f} s."
        ).format(offices=s["offices"], ws=s["workstations"], villages=s["villages"], mean=weighted,
                 max=s["max_km"], obj=s["objective"], bound=s["lower_bound"], gap=gap, seconds=s["seconds"]))
        if s["unknown_population"]:
            self.summary.setText(self.summary.text() + "<br>" + self.tr(
                "Mean per village {plain:.2f} km; {n} villages of unknown population count as one person each."
            ).format(plain=s["mean_km_plain"], n=s["unknown_population"]))
        cover = s.get("covered_minutes") or {}
        if cover:
            self.summary.setText(self.summary.text() + "<br>" + self.tr(
                "Villages (population) within 10 / 15 / 20 minutes: {shares}").format(
                shares=" / ".join(share_text(cover.get(m)) for m in ("10", "15", "20"))))
        if "cover_minutes" in s:
            proven = self.tr("proven the fewest") if s["cover_proven"] else self.tr("not proven the fewest")
            self.summary.setText(self.summary.text() + "<br>" + self.tr(
                "Response time {m:g} min: {n} villages cannot be reached within it ({proven}).").format(
                m=s["cover_minutes"], n=len(s["uncovered"]), proven=proven))
        self.exceptions.clear()
        names = DisplayNames(self.window.project)
        for u in s.get("uncovered", []):
            mins = "-" if u["minutes"] is None else f"{u['minutes']:.1f}"
            self.exceptions.addItem(self.tr("{name} ({township}, {code}): {minutes} min, beyond {m:g} min").format(
                name=u["name"], township=u["township"] or "-", code=u["village"], minutes=mins, m=s["cover_minutes"]))
        for e in result.exceptions:
            self.exceptions.addItem(f"{names.station(e.station) or '-'}: {tr(e.reason)}")
        self.exceptions.setVisible(self.exceptions.count() > 0)
        self._show_sizes(result.offices, result.assignment, (result.params.standard.min_villages, result.params.standard.max_villages))
        rows = [dict(r, mean_km=r["mean_km"] if r["mean_km"] is not None else r["mean_km_plain"]) for r in result.tradeoff]
        self.tradeoff.set_data(rows, s["offices"], self.tr("Offices vs travel (km)"),
                               (self.tr("mean"), self.tr("max")))
        head = self.tr("offices: mean km, max km; villages (population) within 10 / 15 / 20 min")
        self.tradeoff.setToolTip("\n".join([head] + [
            f"{r['offices']}: {r['mean_km']:.2f}, {r['max_km']:.2f}; "
            + " / ".join(share_text((r.get("covered_minutes") or {}).get(m)) for m in ("10", "15", "20"))
            for r in rows]))
        canvas = self.window.canvas
        for name, frame in zip(PLAN_LAYERS, (result.offices, result.workstations, result.assignment), strict=True):
            canvas.update_layer(name, frame)
        self.window.legend.refresh()
        self._set_decided(pending=True)
        self.result_ready.emit(result)

    def show_existing(self) -> None:
        """Summarise the plan already in the project (after opening it)."""
        import json

        project = self.window.project
        offices = project["plan_offices"]
        if not len(offices):
            self.summary.setText(self.tr("No proposal yet. Set the rules and press Run."))
            self.histogram.set_data({}, None, "")
            self.tradeoff.set_data([], None, "", ("", ""))
            self.exceptions.hide()
            return
        try:
            params = json.loads(project.metadata.get("params.site", "{}"))
        except ValueError:
            params = {}
        self.summary.setText(self.tr(
            "Plan in the project: <b>{offices}</b> offices ({kept} kept), <b>{ws}</b> workstations.<br>"
            "Mean of the offices' mean road distance {mean:.2f} km; farthest village {max:.2f} km."
        ).format(offices=len(offices), kept=int(offices["existing"].sum()), ws=len(project["plan_workstations"]),
                 mean=float(offices["mean_km"].mean()), max=float(offices["max_km"].max())))
        bureau = Standard()
        band = (int(params.get("min_villages", bureau.min_villages)), int(params.get("max_villages", bureau.max_villages)))
        self._show_sizes(offices, project["plan_assignment"], band)
        self.tradeoff.set_data([], None, self.tr("Offices vs travel (km): press Run"), ("", ""))
        self.exceptions.hide()

    def _show_sizes(self, offices, assignment, band: tuple[int, int]) -> None:
        """The histogram: rural offices against the villages-per-office rule, urban
        community offices (one community each, by design) in a bar of their own."""
        from gisdesk.services.siting.results import office_sizes

        rural, urban = office_sizes(offices, assignment, self.window.project["villages"])
        self.histogram.set_data(rural, band, self.tr("Villages per office"), (self.tr("urban"), urban))
        self.histogram.setToolTip(self.tr(
            "Rural offices against the rule of {a}-{b} villages each; urban community offices "
            "serve one community each and are counted apart."
        ).format(a=band[0], b=band[1]))

    def accept(self) -> None:
        """Write the proposal into the project as one undoable step."""
        from gisdesk.services.siting import siting_command

        if self.result is None:
            return
        self.window.stack.push(siting_command(self.result, text=self.tr("Accept siting proposal")))
        self.result = None
        self._set_decided()

    def discard(self) -> None:
        self.result = None
        for n in PLAN_LAYERS:
            self.window.canvas.update_layer(n, self.window.project[n])
        self.window.legend.refresh()
        self.summary.setText(self.tr("Proposal discarded."))
        self._set_decided()

    def _set_decided(self, pending: bool = False) -> None:
        self.accept_button.setEnabled(pending)
        self.discard_button.setEnabled(pending)

