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

    # autosave ---------------------------------------------------------------------
    @property
    def autosave_minutes(self) -> int:
        try:
            return max(0, int(self.q.value("files/autosave_minutes", 5)))
        except (TypeError, ValueError):
            return 5

    @autosave_minutes.setter
    def autosave_minutes(self, minutes: int) -> None:
        self.q.setValue("files/autosave_minutes", max(0, int(minutes)))

    # basemap ----------------------------------------------------------------------
    @property
    def basemap_url(self) -> str:
        return str(self.q.value("map/basemap_url", "") or "")

    @basemap_url.setter
    def basemap_url(self, url: str) -> None:
        self.q.setValue("map/basemap_url", url.strip())

    @property
    def basemap_mbtiles(self) -> str:
        return str(self.q.value("map/basemap_mbtiles", "") or "")

    @basemap_mbtiles.setter
    def basemap_mbtiles(self, path: str) -> None:
        self.q.setValue("map/basemap_mbtiles", path.strip())

    # worker processes ---------------------------------------------------------------
    @property
    def workers(self) -> int:
        """Worker processes for siting and grids: 0 means every core."""
        try:
            return max(0, int(self.q.value("jobs/workers", 0)))
        except (TypeError, ValueError):
            return 0

    @workers.setter
    def workers(self, count: int) -> None:
        self.q.setValue("jobs/workers", max(0, int(count)))

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
