"""A real browser engine for the web map tests: Chromium (QtWebEngine), off screen, no network.

``browser_page(html_path)`` loads an exported page in a QWebEngineView and returns a
:class:`BrowserPage`: the console messages the page wrote, every request it tried to make
beyond the page itself (all refused: the map must work with no internet), the load time,
``js(expression)`` to evaluate JavaScript in the page and ``wait_for(expression)``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Chromium refuses to run as root with its sandbox, and there is no GPU off screen.
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu --disable-logging")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PyQt6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, QUrl  # noqa: E402

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PyQt6.QtWebEngineCore import (  # noqa: E402
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PyQt6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

ERROR = QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel


class _Page(QWebEnginePage):
    def __init__(self, profile, messages: list) -> None:
        super().__init__(profile)
        self.messages = messages

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:  # noqa: N802 (Qt's name)
        self.messages.append((level, message, line))


class _Offline(QWebEngineUrlRequestInterceptor):
    """Refuses every request but the page file itself, and remembers what was asked for."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.refused: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 (Qt's name)
        url = info.requestUrl().toString()
        if url != self.page_url and not url.startswith(("data:", "blob:")):
            self.refused.append(url)
            info.block(True)


def _spin(done, timeout: float) -> bool:
    """Run the event loop until ``done()`` or ``timeout`` seconds."""
    end = time.monotonic() + timeout
    loop = QEventLoop()
    while not done():
        if time.monotonic() > end:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


@dataclass
class BrowserPage:
    view: QWebEngineView
    messages: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    load_seconds: float = 0.0
    allow_errors: bool = False
    keep: tuple = field(default=(), repr=False)  # profile, interceptor, page: alive while the view is

    @property
    def errors(self) -> list[str]:
        return [f"line {line}: {text}" for level, text, line in self.messages if level == ERROR]

    def js(self, expression: str, timeout: float = 10.0):
        """The value of a JavaScript expression (JSON-serialisable), evaluated in the page."""
        box: list = []
        script = f"JSON.stringify((function(){{ return ({expression}); }})())"
        self.view.page().runJavaScript(script, 0, box.append)
        assert _spin(lambda: box, timeout), f"no answer from the page within {timeout} s: {expression}"
        return None if box[0] in (None, "undefined") else json.loads(box[0])

    def wait_for(self, expression: str, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.js(expression):
                return True
            _spin(lambda: False, 0.05)
        return False

    def grab(self, path: Path) -> Path:
        _spin(lambda: False, 0.5)  # let the last frame reach the widget
        assert self.view.grab().save(str(path)), f"could not write {path}"
        return path


@pytest.fixture
def browser_page(qapp):
    """``browser_page(html_path, size=(1280, 860))`` -> :class:`BrowserPage`, the map ready.

    The test fails when any page it loaded wrote an error to the console (unless loaded with
    ``allow_errors=True``) or asked for anything over the network."""
    opened: list[BrowserPage] = []

    def load(html_path: Path, size=(1280, 860), ready: str = "window.gisdesk && window.gisdesk.ready",
             timeout: float = 60.0, allow_errors: bool = False) -> BrowserPage:
        url = QUrl.fromLocalFile(str(Path(html_path).resolve()))
        profile = QWebEngineProfile(qapp)  # off the record: no cache, nothing kept between tests
        interceptor = _Offline(url.toString())
        profile.setUrlRequestInterceptor(interceptor)
        result = BrowserPage(QWebEngineView(), allow_errors=allow_errors)
        page = _Page(profile, result.messages)
        result.keep = (profile, interceptor, page)
        opened.append(result)
        # as a browser opening a saved file would: a local page may ask for remote things (Qt's
        # default forbids it, which would hide such requests from the interceptor)
        page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        result.view.setPage(page)
        result.view.resize(*size)
        result.view.show()
        finished: list[bool] = []
        page.loadFinished.connect(finished.append)
        start = time.monotonic()
        result.view.load(url)
        assert _spin(lambda: finished, timeout), f"{html_path} did not load within {timeout} s"
        assert finished[0], f"{html_path} failed to load"
        result.wait_for(ready, timeout)
        result.load_seconds = time.monotonic() - start
        result.refused = interceptor.refused
        return result

    yield load
    errors = [f"{r.view.url().toString()}: {e}" for r in opened if not r.allow_errors for e in r.errors]
    requests = [url for r in opened for url in r.refused]
    for result in opened:
        profile, _interceptor, page = result.keep
        result.view.close()
        page.deleteLater()  # a page goes before its profile
        _spin(lambda: False, 0.1)
        result.view.deleteLater()
        profile.deleteLater()
    _spin(lambda: False, 0.1)
    assert not errors, f"console errors: {errors}"
    assert not requests, f"the page asked the network for: {requests}"
