"""Autosave to a side file every few minutes, and the offer to recover after a crash.

The side file of ``city.gpkg`` is ``.city.autosave.gpkg`` in the same folder (for an
untitled project, ``untitled.autosave.gpkg`` in the user's data folder). It is written
atomically in a worker thread from a snapshot of the layers (commands replace frames
and never edit them in place, so the snapshot cannot change under the writer). Saving
the project or closing it normally deletes the side file; one still there when a project
is opened means the last session died, and the window offers to recover it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from gisdesk.ui.config import data_dir
from layers.project import Project, write_atomically

AUTOSAVE_OF = "autosave_of"


def side_path(project_path: str | Path | None) -> Path:
    """Where the autosave of ``project_path`` (None: an untitled project) is written."""
    if project_path is None:
        return data_dir() / "untitled.autosave.gpkg"
    p = Path(project_path)
    return p.with_name(f".{p.stem}.autosave.gpkg")


def recovery_for(project_path: str | Path | None) -> Path | None:
    """The side file to offer for recovery: it exists and is newer than the project."""
    side = side_path(project_path)
    if not side.exists():
        return None
    if project_path is not None and Path(project_path).exists():
        if side.stat().st_mtime < Path(project_path).stat().st_mtime:
            return None
    return side


def snapshot(project: Project) -> Project:
    """A shallow copy sharing the (immutable-by-convention) layer frames."""
    return Project(path=project.path, layers=dict(project.layers), metadata=dict(project.metadata))


def write_side_file(snap: Project, target: Path) -> Path:
    """Write every layer of ``snap`` to ``target`` atomically (never the project itself)."""
    snap.metadata[AUTOSAVE_OF] = str(snap.path or "")
    copy = Project(path=None, layers=snap.layers, metadata=snap.metadata)
    write_atomically(copy, target)
    return target


class _Signals(QObject):
    done = pyqtSignal(str, str)  # path, error ("" when fine)


class _Write:
    def __init__(self, snap: Project, target: Path, signals: _Signals):
        self.snap, self.target, self.signals = snap, target, signals

    def run(self) -> None:
        try:
            write_side_file(self.snap, self.target)
        except Exception as exc:  # a failed autosave must never disturb the user's work
            self.signals.done.emit(str(self.target), str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(str(self.target), "")


class Autosaver(QObject):
    """Writes the window's project to its side file on a timer while it has changes."""

    saved = pyqtSignal(str)
    failed = pyqtSignal(str)

    def __init__(self, get_project, is_modified, minutes: int = 5, parent: QObject | None = None):
        super().__init__(parent)
        self._get_project = get_project
        self._is_modified = is_modified
        self._thread: threading.Thread | None = None
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._writing = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        self.set_interval(minutes)

    def set_interval(self, minutes: float) -> None:
        """Autosave every ``minutes`` (0: never)."""
        if minutes > 0:
            self.timer.start(int(minutes * 60_000))
        else:
            self.timer.stop()

    def save_now(self) -> bool:
        """Start writing the side file (False when nothing to save or a write is running)."""
        project = self._get_project()
        if project is None or self._writing or not self._is_modified():
            return False
        self._writing = True
        job = _Write(snapshot(project), side_path(project.path), self._signals)
        self._thread = threading.Thread(target=job.run, name="gisdesk-autosave", daemon=True)
        self._thread.start()
        return True

    def _done(self, path: str, error: str) -> None:
        self._writing = False
        if error:
            self.failed.emit(error)
        else:
            self.saved.emit(path)

    def discard(self, project_path: str | Path | None) -> None:
        """Delete the side file (after a save or a normal close)."""
        self.wait()
        side_path(project_path).unlink(missing_ok=True)

    def wait(self, msecs: int = 30000) -> bool:
        if self._thread is not None:
            self._thread.join(msecs / 1000.0)
            return not self._thread.is_alive()
        return True

    def shutdown(self) -> None:
        self.timer.stop()
        self.wait()
