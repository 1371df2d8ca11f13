"""GUI test set-up: one QApplication (Chinese, bundled font, style), private settings,
windows over small real projects, and a guard that no thread outlives a test."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PyQt6.QtCore import QPoint, QSettings, Qt
from PyQt6.QtWidgets import QMessageBox

from gisdesk.ui.config import Settings
from layers.project import Project


@pytest.fixture(scope="session")
def gui_app(qapp, tmp_path_factory):
    """The test QApplication set up as ``run_app`` sets it up; settings in a temp folder."""
    from PyQt6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)  # data (untitled autosaves) goes to ~/.qttest
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    from gisdesk.ui.app import make_application

    make_application(language="zh_CN")
    return qapp


@pytest.fixture
def settings(gui_app, tmp_path) -> Settings:
    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.autosave_minutes = 0
    return s


class Modals:
    """Records QMessageBox calls; ``answers`` are popped in order for questions."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answers: list[QMessageBox.StandardButton] = []

    def question(self, parent, title, text, *args, **kw):
        self.calls.append(("question", title, text))
        if not self.answers:
            raise AssertionError(f"unexpected question: {text}")
        return self.answers.pop(0)

    def warning(self, parent, title, text, *args, **kw):
        self.calls.append(("warning", title, text))
        return QMessageBox.StandardButton.Ok

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _, t in self.calls if kind is None or k == kind]


@pytest.fixture(autouse=True)
def no_thread_left(qtbot):
    """Every Python thread a test starts (render workers, tile loaders) has ended after it."""
    before = set(threading.enumerate())
    yield
    def settled() -> bool:
        return not [t for t in threading.enumerate() if t not in before and t.is_alive()
                    and not isinstance(t, threading._DummyThread)]
    qtbot.waitUntil(settled, timeout=10000)


@pytest.fixture(autouse=True)
def modals(monkeypatch) -> Modals:
    """No real modal box ever opens in a test (it would block); what was asked is recorded."""
    m = Modals()
    monkeypatch.setattr(QMessageBox, "question", m.question)
    monkeypatch.setattr(QMessageBox, "warning", m.warning)
    monkeypatch.setattr(QMessageBox, "critical", m.warning)
    monkeypatch.setattr(QMessageBox, "information", m.warning)
    return m


def make_window(qtbot, settings, project: Project | None = None, path: Path | None = None):
    from gisdesk.ui.main_window import MainWindow

    w = MainWindow(settings)
    # not qtbot.addWidget: pytest-qt would close it before close_window marks it clean
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    if path is not None:
        assert w.files.open(path, ask=False)
        qtbot.waitUntil(lambda: not w.runner.busy and w.project.path is not None, timeout=20000)
    elif project is not None:
        w.load(project)
    wait_render(qtbot, w.canvas)
    return w


def close_window(w) -> None:
    """Tear down: no pending work, every thread joined, the lock let go."""
    w.runner.shutdown()
    w.stack.set_clean()
    w.shutdown()
    assert not w.runner.busy and w.autosaver.wait(0)
    w.close()


def wait_render(qtbot, canvas) -> None:
    canvas.render_now()
    qtbot.waitUntil(lambda: not canvas.is_rendering and canvas.image is not None, timeout=15000)


def wait_idle(qtbot, window, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=timeout)


def by_worker_count(qtbot, settings, project, press, read, counts=(2, 1)) -> list:
    """For each count of worker processes: a window on ``project()``, a click on the button
    ``press(window)``, the job waited for, then ``read(window)`` kept (in the order of ``counts``)."""
    results = []
    for count in counts:
        settings.workers = count
        w = make_window(qtbot, settings, project=project())
        try:
            qtbot.mouseClick(press(w), Qt.MouseButton.LeftButton)
            wait_idle(qtbot, w)
            results.append(read(w))
        finally:
            close_window(w)
    return results


def screen_of(canvas, layer: str, row: int) -> QPoint:
    """Widget pixel of a feature's anchor (point, point on surface, middle of a line)."""
    x, y = canvas.scene[layer].anchors[row]
    sx, sy = canvas.viewport.world_to_screen(float(x), float(y))
    return QPoint(round(sx), round(sy))


def pixel(canvas, point: QPoint):
    return canvas.grab().toImage().pixelColor(point)


def homonym_project(**village_columns) -> Project:
    """The maps' small project whose first two villages share a name (朱庄村) in two
    townships, with ``village_columns`` set on the villages as well."""
    from tests.maps.conftest import small_project

    p = small_project()
    p["villages"] = p["villages"].assign(name=["朱庄村", "朱庄村", "王寨村", "刘集村"],
                                         township=["城关镇", "王集乡", "城关镇", "城关镇"], **village_columns)
    return p


@pytest.fixture(scope="session")
def small_saved(tmp_path_factory) -> Path:
    from tests.maps.conftest import small_project

    return small_project().save(tmp_path_factory.mktemp("small") / "small.gpkg")


@pytest.fixture
def small(small_saved, tmp_path) -> Path:
    """The maps' small project (villages, posts, roads, grids, a key site), a fresh copy."""
    target = tmp_path / "small.gpkg"
    shutil.copyfile(small_saved, target)
    return target


@pytest.fixture
def window(qtbot, settings, small):
    w = make_window(qtbot, settings, path=small)
    yield w
    close_window(w)
