"""User settings (QSettings, an INI file per user): language, recent files, autosave, basemap,
worker processes.

Tests point QSettings at a temporary folder with ``QSettings.setPath`` before a window
is made, so they never read or write the user's real settings.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 8
LANGUAGES = ("zh_CN", "en")


class _Text:
    """A text setting under ``key``: empty when unset, stored without surrounding spaces."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, settings: Settings | None, owner: type | None = None):
        if settings is None:
            return self
        return str(settings.q.value(self.key, "") or "")

    def __set__(self, settings: Settings, text: str) -> None:
        settings.q.setValue(self.key, text.strip())


class _Count:
    """A whole-number setting under ``key``, at least 0: ``default`` when unset or unreadable."""

    def __init__(self, key: str, default: int) -> None:
        self.key, self.default = key, default

    def __get__(self, settings: Settings | None, owner: type | None = None):
        if settings is None:
            return self
        try:
            return max(0, int(settings.q.value(self.key, self.default)))
        except (TypeError, ValueError):
            return self.default

    def __set__(self, settings: Settings, count: int) -> None:
        settings.q.setValue(self.key, max(0, int(count)))


class Settings:
    """Typed access to the few settings the application keeps."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gisdesk", "gisdesk")

    # language ---------------------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self.q.value("ui/language", "zh_CN"))
        return value if value in LANGUAGES else "zh_CN"

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("ui/language", value if value in LANGUAGES else "zh_CN")

    # recent files -----------------------------------------------------------------
    @property
    def recent(self) -> list[str]:
        value = self.q.value("files/recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent if p != path]
        self.q.setValue("files/recent", items[:MAX_RECENT])
        return items[:MAX_RECENT]

    def remove_recent(self, path: str) -> None:
        self.q.setValue("files/recent", [p for p in self.recent if p != path])

    autosave_minutes = _Count("files/autosave_minutes", 5)
    basemap_url = _Text("map/basemap_url")
    basemap_mbtiles = _Text("map/basemap_mbtiles")
    workers = _Count("jobs/workers", 0)
    """Worker processes for siting and grids: 0 means every core."""

    def job_workers(self):
        """The :class:`gisdesk.services.workers.Workers` the siting and grids jobs use."""
        from gisdesk.services.workers import Workers

        return Workers(self.workers or None)

    def sync(self) -> None:
        self.q.sync()


def data_dir() -> Path:
    """Per-user folder for autosaves of untitled projects and the tile cache."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base or Path.home() / ".gisdesk")
    path.mkdir(parents=True, exist_ok=True)
    return path
