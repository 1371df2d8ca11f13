"""What the window hands to other people: beat maps, the workbook, the web map, the check.

Each menu entry asks where (a file dialog, or the print dialog), then runs the work as
one background job on the window's runner (progress and Cancel in the status bar) over a
snapshot of the project; the result is opened with the desktop's viewer. The check fills
the findings dock instead. Project properties (title and the beat maps' sign-off block)
are one undoable command.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, Qt, QUrl
from PyQt6.QtGui import QDesktopServices
from PyQt6.QtWidgets import QFileDialog

from gisdesk.ui.autosave import snapshot
from gisdesk.ui.print_dialog import PrintDialog, PrintRequest

translate = QCoreApplication.translate


def _folder(w) -> Path:
    return w.project.path.parent if w.project.path is not None else Path.home()


def _stem(w) -> str:
    return w.project.path.stem if w.project.path is not None else translate("MainWindow", "Untitled project")


def _title(w) -> str:
    return str(w.project.metadata.get("title") or _stem(w))


def open_result(path: str | Path) -> None:
    """Show a finished deliverable in the desktop's viewer (PDF reader, Excel, browser)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _save_path(w, title: str, default_name: str, file_filter: str, suffix: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(w, title, str(_folder(w) / default_name), file_filter)
    if not path:
        return None
    out = Path(path)
    return out if out.suffix.lower() == suffix else out.with_name(out.name + suffix)


def _busy(w) -> bool:
    if w.runner.busy:
        w.show_message(translate("MainWindow", "“{task}” is still running.").format(task=w.runner.title))
        return True
    return False


# ---------------------------------------------------------------------- beat maps
def print_beat_maps(w) -> PrintDialog | None:
    """File > Print beat maps…: the dialog (window-modal); Print starts the job."""
    if _busy(w):
        return None
    if w.canvas.scene is None or not len(w.project["villages"]) + len(w.project["grids"]):
        w.show_message(translate("MainWindow", "Nothing to print yet: open or import a project first."))
        return None
    dialog = PrintDialog(w, _folder(w) / f"{_stem(w)}_警务区图.pdf")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: start_print(w, dialog.request()))
    w.print_dialog = dialog
    dialog.open()
    return dialog


def _print_job(project, request: PrintRequest, basemap_source: tuple[str, str], *, progress, cancel):
    from maps.print import write_atlas
    from maps.render.basemap import Basemap, MBTilesSource, XYZSource

    basemap = None
    if request.basemap:
        mbtiles, url = basemap_source
        if mbtiles:
            basemap = Basemap(MBTilesSource(mbtiles))
        elif url:
            from gisdesk.ui.config import data_dir

            basemap = Basemap(XYZSource(url, data_dir() / "tiles"))
    try:
        return write_atlas(project, request.out, by=request.by, paper_name=request.paper,
                           orientation=request.orientation, personal=request.personal, progress=progress,
                           selection=request.selection, basemap=basemap, cancel=cancel)
    finally:
        if basemap is not None:
            basemap.shutdown()


def start_print(w, request: PrintRequest) -> bool:
    """Run the atlas for ``request`` as a job; open the PDF when it is written."""
    def done(result) -> None:
        w.show_message(translate("MainWindow", "Wrote {n} pages to {path}").format(n=result.pages, path=result.out), 0)
        if result.skipped:
            w.show_error(translate("MainWindow", "{n} pages could not be drawn, first: {text}").format(
                n=len(result.skipped), text=result.skipped[0]))
        open_result(result.out)

    s = w.settings
    return w.runner.start("print", translate("MainWindow", "Printing beat maps"), _print_job, done,
                          args=(snapshot(w.project), request, (s.basemap_mbtiles, s.basemap_url)))


# ---------------------------------------------------------------------- workbook, web map
def _report_job(project, out: Path, title: str, *, progress, cancel):
    from gisdesk.services.workbook import write_report

    steps = {"checking the standards": translate("MainWindow", "Checking the standards"),
             "writing the workbook": translate("MainWindow", "Writing the workbook")}
    write_report(project, out, title=title, progress=lambda f, m: progress(f, steps.get(m, m)))
    return out


def _to_file(w, name: str, title: str, job, ask: tuple[str, str, str, str], *args) -> bool:
    """Ask where (``ask``: dialog title, default name, filter, suffix), then run
    ``job(snapshot, out, *args)`` as a background job and open ``out`` when written."""
    if _busy(w):
        return False
    out = _save_path(w, *ask)
    if out is None:
        return False

    def done(path) -> None:
        w.show_message(translate("MainWindow", "Wrote {path}").format(path=path), 0)
        open_result(path)

    return w.runner.start(name, title, job, done, args=(snapshot(w.project), out, *args))


def report(w) -> bool:
    """File > Report…: the staffing and siting workbook."""
    ask = (translate("MainWindow", "Save the report as"), f"{_stem(w)}_统计报表.xlsx",
           translate("MainWindow", "Excel workbook (*.xlsx)"), ".xlsx")
    return _to_file(w, "report", translate("MainWindow", "Writing the report"), _report_job, ask,
                    f"{_title(w)} 警务室/工作站/警格 统计")


def _web_job(project, out: Path, title: str, *, progress, cancel):
    from maps.web import export_web

    progress(0.2, translate("MainWindow", "Building the web map"))
    export_web(project, out, title=title, subtitle=f"制图日期 {_dt.date.today():%Y年%m月%d日}")
    return out


def export_web_map(w) -> bool:
    """File > Export web map…: one HTML file that works offline."""
    ask = (translate("MainWindow", "Export the web map as"), f"{_stem(w)}_警务区划图.html",
           translate("MainWindow", "Web page (*.html)"), ".html")
    return _to_file(w, "export_web", translate("MainWindow", "Exporting the web map"), _web_job, ask,
                    f"{_title(w)} 警务区划图")


# ---------------------------------------------------------------------- check
def _check_job(project, *, progress, cancel):
    from gisdesk.services.check import check_project, rule_titles

    progress(0.1, translate("MainWindow", "Checking the standards"))
    return check_project(project), rule_titles()


def run_check(w) -> bool:
    """Planning > Check: the project against the standards, findings in their dock."""
    if _busy(w):
        return False
    dock = findings_dock(w)

    def done(result) -> None:
        checked, titles = result
        dock.widget().show_report(checked, titles)
        dock.show()
        dock.raise_()

    return w.runner.start("check", translate("MainWindow", "Checking the standards"), _check_job, done,
                          args=(snapshot(w.project),))


def findings_dock(w):
    """The findings dock (made on first use, beside the attribute table)."""
    dock = getattr(w, "findings_dock", None)
    if dock is None:
        from gisdesk.ui.findings_panel import FindingsPanel

        panel = FindingsPanel(w)
        dock = w._dock(translate("MainWindow", "Check findings"), "findingsDock", panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        w.tabifyDockWidget(w.table_dock, dock)
        w.findings_dock = dock
    return dock


# ---------------------------------------------------------------------- project properties
def project_properties(w) -> None:
    """File > Project properties…: title and the sign-off block, one undoable command."""
    from gisdesk.ui.project_dialog import ProjectDialog

    dialog = ProjectDialog(w.project.metadata, w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: apply_properties(w, dialog.values()))
    w.project_dialog = dialog
    dialog.open()


def apply_properties(w, values: dict[str, str]) -> None:
    from layers.edits import ReplaceLayers

    changed = {k: v for k, v in values.items() if w.project.metadata.get(k, "") != v}
    if changed:
        w.stack.push(ReplaceLayers({}, text=translate("MainWindow", "Project properties"), metadata=changed))
