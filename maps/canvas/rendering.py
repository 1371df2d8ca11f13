"""Rendering for :class:`maps.canvas.MapCanvas`: the background render job and its scheduling.

A render draws the scene with :func:`maps.render.renderer.render` into a QImage on one of the
canvas's two worker threads. :class:`CanvasRendering` (a part of ``MapCanvas``) coalesces
bursts of changes with a short timer, gives every render a generation number, cancels the
previous render when a new one starts and drops results of stale generations, so the
user's interaction never waits for a render.
"""

from __future__ import annotations

import copy
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from PyQt6.QtCore import QObject, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QImage, QPainter

from maps.render.renderer import RenderStats, render
from maps.render.scene import MapScene
from maps.style.symbology import BACKGROUND
from maps.viewport import Viewport

RENDER_DELAY_MS = 40


class RenderSignals(QObject):
    done = pyqtSignal(int, object, object, object)  # generation, QImage, Viewport, RenderStats


class RenderJob:
    """One render of the scene into a QImage, run on the canvas's worker threads.

    The workers are Python threads (not QThreadPool): libraries keeping per-thread state
    in ``threading.local`` (pyproj) misbehave in threads Python did not create.
    """

    def __init__(self, generation: int, scene: MapScene, vp: Viewport, styles, options: dict,
                 dpr: float, cancel: threading.Event, signals: RenderSignals):
        self.generation, self.scene, self.vp, self.styles = generation, scene, vp, styles
        self.options, self.dpr, self.cancel, self.signals = options, dpr, cancel, signals

    def run(self) -> None:
        if self.cancel.is_set():
            return
        device_vp = self.vp.scaled_device(self.dpr) if self.dpr != 1.0 else self.vp
        img = QImage(device_vp.width, device_vp.height, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(QColor(BACKGROUND))
        painter = QPainter(img)
        try:
            stats = render(painter, self.scene, device_vp, self.styles, cancel=self.cancel,
                           dpi_scale=self.dpr, **self.options)
        except Exception as exc:  # a render bug must not kill the thread pool silently
            stats = RenderStats(cancelled=True, error=repr(exc))
        finally:
            painter.end()
        img.setDevicePixelRatio(self.dpr)
        if not self.cancel.is_set():
            try:
                self.signals.done.emit(self.generation, img, self.vp, stats)
            except RuntimeError:  # the canvas went away meanwhile
                pass


class CanvasRendering:
    """The rendering part of :class:`maps.canvas.MapCanvas` (a mixin of the widget).

    Owns the render state set up by :meth:`_init_rendering`: the last image and the
    viewport it was drawn for, the worker pool, the generation counter and cancel flag.
    Reads the canvas's scene, viewport, styles, selection, highlight, veil and basemap.
    """

    def _init_rendering(self) -> None:
        self._image: QImage | None = None
        self._image_vp: Viewport | None = None
        self._generation = 0
        self._cancel: threading.Event | None = None
        # no parent: render threads may still hold it if the canvas is deleted unclosed
        self._signals = RenderSignals()
        self._signals.done.connect(self._render_done)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="map-render")
        self._futures: set[Future] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_render)
        self._rendering = False
        self._closed = False

    @property
    def is_rendering(self) -> bool:
        return self._rendering

    @property
    def image(self) -> QImage | None:
        """The last finished render (None before the first)."""
        return self._image

    def refresh(self, delay_ms: int = RENDER_DELAY_MS) -> None:
        """Schedule a fresh render (coalesces bursts of changes)."""
        if self._closed:
            return
        self._timer.start(max(int(delay_ms), 0))

    def render_now(self) -> None:
        """Start a render immediately."""
        self._timer.stop()
        self._start_render()

    def _start_render(self) -> None:
        if self._closed:
            return
        if self._cancel is not None:
            self._cancel.set()
        self._generation += 1
        self._cancel = threading.Event()
        if self._scene is None:
            self._image, self._image_vp = None, None
            self.update()
            self._rendering = False
            self.render_finished.emit(RenderStats())
            return
        options = {
            "selection": {k: set(v) for k, v in self._selection.items()} or None,
            "highlight": {k: set(v) for k, v in self._highlight.items()} if self._highlight else None,
            "faded_outside": self._faded,
            "basemap": self._basemap,
        }
        styles = {k: copy.copy(v) for k, v in self._styles.items()}
        job = RenderJob(self._generation, self._scene, self._vp, styles, options,
                         float(self.devicePixelRatioF()), self._cancel, self._signals)
        self._rendering = True
        self.render_started.emit()
        future = self._pool.submit(job.run)
        self._futures = {f for f in self._futures if not f.done()} | {future}

    def _render_done(self, generation: int, image: QImage, vp: Viewport, stats: RenderStats) -> None:
        if generation != self._generation or self._closed:
            return
        self._rendering = False
        if not stats.cancelled:
            self._image, self._image_vp = image, vp
            self.update()
        self.render_finished.emit(stats)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every submitted render job has ended (tests, screenshots)."""
        done, pending = wait(list(self._futures), timeout=timeout)
        self._futures -= done
        return not pending

    def threads_alive(self) -> int:
        """Render worker threads still alive (0 after :meth:`shutdown`)."""
        return sum(t.is_alive() for t in getattr(self._pool, "_threads", ()))

    def shutdown(self) -> None:
        """Cancel renders and wait for the worker threads (safe to call twice)."""
        self._closed = True
        self._timer.stop()
        if self._cancel is not None:
            self._cancel.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._basemap is not None and hasattr(self._basemap, "shutdown"):
            self._basemap.shutdown()
