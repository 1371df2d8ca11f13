"""File menu work for the main window: new, open, save, save as, import, recent, recovery.

The window holds the lock of the open project (:class:`layers.locking.ProjectLock`) for
as long as it is open, so no other program writes it meanwhile. Opening runs in the task
runner (the map scene is built there too); saving is atomic (:meth:`Project.save`).
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gisdesk.refusals import reason
from gisdesk.ui.autosave import recovery_for, side_path, snapshot
from layers.errors import GisdeskError, ProjectError
from layers.locking import ProjectLock
from layers.project import Project, write_atomically

FILTER = "GeoPackage (*.gpkg)"


class FileController(QObject):
    """Owns the project file of a :class:`MainWindow` (its path, lock and autosave)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.lock: ProjectLock | None = None

    # ------------------------------------------------------------------ questions
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on."""
        w = self.window
        if not w.is_modified():
            return True
        answer = QMessageBox.question(
            w, self.tr("Unsaved changes"),
            self.tr("The project has changes that are not saved. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save(background=False)
        if answer == QMessageBox.StandardButton.Discard:
            w.autosaver.discard(w.project.path)
            return True
        return False

    # ------------------------------------------------------------------ new / open
    def new(self) -> bool:
        """File → New: ask where the project goes, write it there empty, ready for File → Import."""
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("New project"), self._folder(), FILTER)
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        self.window.load(Project.new(), None)
        self._hold(None)
        if not self.save_to(path, background=False):
            return False
        self.window.show_message(self.tr("Empty project {name} created: add your data with File → Import data…").format(
            name=Path(path).name), 0)
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open project"), self._folder(), FILTER)
        return self.open(path, ask=False) if path else False

    def open(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path`` in the background (True when started)."""
        from gisdesk.ui.layer_panel import OrderedScene

        if ask and not self.maybe_save():
            return False
        path = Path(path).resolve()
        same = self.lock is not None and Path(self.lock.project).resolve() == path
        lock = self.lock if same else ProjectLock(path)
        try:
            if path.exists() and not same:
                lock.acquire()
        except ProjectError as exc:
            self.window.show_error(exc.line())
            return False

        def work(progress, cancel):
            progress(0.1, "reading")
            try:
                project = Project.open(path)
            except ProjectError as exc:
                if exc.code == "damaged":
                    return ("damaged", exc.line(), None)
                raise
            progress(0.7, "preparing the map")
            return ("ok", project, OrderedScene.from_project(project))

        def failed(message: str) -> None:
            if not same:
                lock.release()
            self.window.settings.remove_recent(str(path))
            self.window.show_error(message)

        return self.window.runner.start(
            "open", self.tr("Opening {name}").format(name=path.name), work,
            lambda out: self._opened(path, lock, *out), failed)

    def _opened(self, path: Path, lock: ProjectLock, status: str, project, scene) -> None:
        w = self.window
        if status == "damaged":
            if lock is not self.lock:
                lock.release()
            answer = QMessageBox.question(
                w, self.tr("Damaged project"),
                self.tr("{message}\n\nOpen what can still be read? The damaged file is not changed; "
                        "you will be asked for a new file name when saving.").format(message=project))
            if answer == QMessageBox.StandardButton.Yes:
                salvaged = Project.open(path, salvage=True)
                w.load(salvaged, None)
                self._hold(None)
                w.stack.set_modified()
                self._report_problems(salvaged)
            return
        self._hold(lock)
        side = recovery_for(path)
        recovered = False
        if side is not None:
            answer = QMessageBox.question(
                w, self.tr("Recover unsaved work"),
                self.tr("Work on this project was not saved when the program last ended (autosave of {time}). "
                        "Recover it?").format(time=_mtime(side)))
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    project = self.read_autosave(side, path)
                    scene = None
                    recovered = True
                except GisdeskError as exc:
                    w.show_error(exc.line())
            else:
                side.unlink(missing_ok=True)
        w.load(project, scene)
        if recovered:
            w.stack.set_modified()
            w.show_message(self.tr("Recovered from the autosave; save to keep it."))
        w.settings.add_recent(path)
        w.update_recent_menu()
        self._report_problems(project)

    @staticmethod
    def read_autosave(side: Path, path: Path | None) -> Project:
        project = Project.open(side)
        project.path = path
        project.metadata.pop("autosave_of", None)
        for name in project.layers:
            project.mark_dirty(name)
        return project

    def recover_untitled(self) -> bool:
        """At start-up: offer the autosave of an untitled project left by a crash."""
        side = side_path(None)
        if not side.exists():
            return False
        answer = QMessageBox.question(
            self.window, self.tr("Recover unsaved work"),
            self.tr("An unsaved new project was autosaved at {time} before the program ended. Recover it?").format(
                time=_mtime(side)))
        if answer != QMessageBox.StandardButton.Yes:
            side.unlink(missing_ok=True)
            return False
        try:
            project = self.read_autosave(side, None)
        except GisdeskError as exc:
            self.window.show_error(exc.line())
            return False
        self.window.load(project, None)
        self.window.stack.set_modified()
        return True

    def _report_problems(self, project: Project) -> None:
        parts = []
        if project.problems:
            lines = [f"{p.layer or '-'}: {p.message}" for p in project.problems[:8]]
            parts.append(self.tr("Some layers could not be read:") + "\n" + "\n".join(lines))
        errors = [p for p in project.value_problems if p.severity == "error"]
        if errors:
            lines = [self.tr("{layer} row {n}: {text}").format(layer=p.layer, n=p.row, text=reason(p.message))
                     for p in errors[:8]]
            more = [self.tr("... and {n} more").format(n=len(errors) - 8)] if len(errors) > 8 else []
            parts.append(self.tr("Number columns holding something that is not a number (each line says how it "
                                 "is read; fix them before planning):")
                         + "\n" + "\n".join(lines + more))
        if parts:
            QMessageBox.warning(self.window, self.tr("Problems in the project"), "\n\n".join(parts))

    # ------------------------------------------------------------------ save
    def save(self, background: bool = True) -> bool:
        if self.window.project.path is None:
            return self.save_as(background)
        return self.save_to(self.window.project.path, background)

    def save_as(self, background: bool = True) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save project as"), self._folder(), FILTER)
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return self.save_to(path, background)

    def save_to(self, path: str | Path, background: bool = True) -> bool:
        """Save atomically to ``path`` (taking its lock if it is a new file).

        In the background (the window stays usable; edits made meanwhile stay unsaved)
        unless ``background`` is False or another task is running; then right here.
        """
        w = self.window
        path = Path(path).resolve()
        same = self.lock is not None and Path(self.lock.project).resolve() == path
        lock = self.lock if same else ProjectLock(path)
        try:
            if not same:
                lock.acquire()
        except GisdeskError as exc:
            w.show_error(exc.line())
            return False
        snap = snapshot(w.project)
        snap._dirty = set(w.project._dirty)
        revision = w.stack.revision

        def work(progress, cancel):
            progress(0.1, "writing")
            with ProjectLock(path):
                write_atomically(snap, path)
            return path

        if background and not w.runner.busy:
            return w.runner.start("save", self.tr("Saving {name}").format(name=path.name), work,
                                  lambda _: self._saved(path, lock, snap, revision),
                                  lambda message: None if same else lock.release())
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            work(lambda *a: None, None)
        except GisdeskError as exc:
            if not same:
                lock.release()
            w.show_error(exc.line())
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._saved(path, lock, snap, revision)
        return True

    def _saved(self, path: Path, lock: ProjectLock, snap: Project, revision: int) -> None:
        w = self.window
        old = w.project.path
        w.project.path = path
        for name in snap._dirty:  # layers edited while saving stay dirty
            if w.project.layers.get(name) is snap.layers.get(name):
                w.project._dirty.discard(name)
        self._hold(lock)
        w.autosaver.discard(old)
        w.autosaver.discard(path)
        w.stack.set_clean(revision)
        w.settings.add_recent(path)
        w.update_recent_menu()
        w.show_message(self.tr("Saved {path}").format(path=path))

    # ------------------------------------------------------------------ helpers
    def _hold(self, lock: ProjectLock | None) -> None:
        """Hold ``lock`` from now on and let go of the previous one."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    def release(self) -> None:
        self._hold(None)

    def _folder(self) -> str:
        p = self.window.project.path
        return str(p.parent) if p is not None else str(Path.home())

    def import_data(self, path: str | None = None) -> bool:
        from gisdesk.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.window, path)
        accepted = dialog.exec() == ImportDialog.DialogCode.Accepted
        if accepted and dialog.result is not None:
            self.report_import(dialog.result)
        return accepted

    def report_import(self, result) -> None:
        """What the import decided on the user's behalf; for villages it could not place by
        name, the offer to place them by clicking."""
        from gisdesk.import_report import fact_lines

        lines = fact_lines(result, rows=12)
        if result.unplaced is not None:
            self.offer_placing(result, lines)
        elif lines:
            QMessageBox.information(self.window, self.tr("Import report"), "\n".join(lines))

    def offer_placing(self, result, lines: list[str] | None = None) -> bool:
        """Villages the import could not place by name: offer to place them by clicking on the map."""
        from gisdesk.ui.place_villages import PlaceVillages

        n = len(result.unplaced)
        answer = QMessageBox.question(
            self.window, self.tr("Villages without a location"),
            "\n".join(lines or []) + "\n\n" + self.tr(
                "{n} villages could not be placed by their names (ambiguous or not found) and were not "
                "imported. Place them now by clicking on the map, one after another?").format(n=n))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        PlaceVillages(self.window, result.unplaced).start()
        return True


def _mtime(path: Path) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
