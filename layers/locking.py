"""An advisory lock beside a project file, so two processes never write it at once.

``fcntl.flock`` is released by the kernel when the holder exits or is killed, so a crash
never leaves a project locked for ever; the lock file itself is harmless if left behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from layers.errors import ProjectError


def lock_path(project: Path) -> Path:
    project = Path(project).resolve()
    return project.with_name(f".{project.name}.lock")


class ProjectLock:
    """Context manager (or long-lived handle) holding the exclusive lock of a project."""

    def __init__(self, project: Path) -> None:
        self.project = Path(project)
        self._fd: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        if self._fd is not None:
            self._depth += 1
            return
        path = lock_path(self.project)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            raise ProjectError("not_writable", "cannot write in this folder", file=str(self.project)) from exc
        except FileNotFoundError as exc:
            raise ProjectError("no_folder", "folder does not exist", file=str(self.project)) from exc
        except OSError as exc:
            raise ProjectError("not_writable", f"cannot write in this folder ({exc.strerror or exc})", file=str(self.project)) from exc
        if _held_here(path):
            os.close(fd)
            self._depth += 1
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder else ""
            raise ProjectError("locked", f"the project is open for writing in another program{who}", file=str(self.project)) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        _HELD.add(str(path))
        self._depth = 1

    def release(self) -> None:
        if self._depth > 1 or (self._depth == 1 and self._fd is None):
            self._depth -= 1
            return
        if self._fd is None:
            return
        path = lock_path(self.project)
        _HELD.discard(str(path))
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        self._depth = 0

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


_HELD: set[str] = set()


def _held_here(path: Path) -> bool:
    """True when this very process already holds the lock (the window saving its own file)."""
    return str(path) in _HELD
