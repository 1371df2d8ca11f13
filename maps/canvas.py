"""The map canvas widget: background rendering, smooth pan/zoom, tools.

:class:`MapCanvas` draws a :class:`~maps.scene.MapScene` with :func:`maps.render.render`
in a worker thread (its own pool of two Python threads) into a cached QImage. While the
user pans or zooms, the cached image is shown moved/scaled at once; a fresh render starts a moment
later and is swapped in when done. Each new render cancels the previous one; results of
stale renders are dropped. Interaction never waits for a render.

API (signals in brackets)::

    canvas = MapCanvas()
    canvas.set_scene(scene, styles=None)        # zooms to the full extent the first time
    canvas.set_styles(styles); canvas.set_layer_style("villages", labels=False)
    canvas.refresh()                            # re-render (after scene.update_layer(...))
    canvas.update_layer("posts", project["posts"])   # update scene + re-render
    canvas.viewport / canvas.set_viewport(vp)   # [extent_changed(tuple), scale_changed(float)]
    canvas.scale() / canvas.set_scale(25000)    # 1:N at the screen's logical dpi
    canvas.zoom_in(); canvas.zoom_out(); canvas.zoom_by(f, anchor=(sx, sy))
    canvas.zoom_full(); canvas.zoom_to_layer("grids"); canvas.zoom_to_selection()
    canvas.zoom_to_extent(bounds); canvas.zoom_to_features("villages", [3, 7])
    canvas.selection / canvas.set_selection({"villages": [1, 2]})   # [selection_changed(dict)]
    canvas.set_highlight({"villages": [...]}); canvas.set_faded_outside(geom)
    canvas.set_tool(SelectTool()); canvas.tool   # see maps.tools; None = pan
    canvas.set_basemap(basemap)                 # see maps.basemap; None = no basemap
    canvas.show_scale_bar = False               # the scale bar overlay (on by default)
    canvas.image                                # the last finished render (QImage) or None
    canvas.wait_idle()                          # block until running renders ended (tests)
    canvas.shutdown()                           # cancel + join render threads (closeEvent does it)
    # cursor_moved(x, y, lon, lat); features_clicked(list[Hit]) on a plain left click with the
    # pan tool; render_started(); render_finished(RenderStats)

Mouse: wheel zooms about the cursor, left-drag pans (pan tool), middle-drag always pans.
Keys: arrows pan, +/= and - zoom, Home shows the full extent, Esc goes to the tool.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait

from PyQt6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QColor, QImage, QPainter
from PyQt6.QtWidgets import QSizePolicy, QWidget

from maps.fonts import ensure_fonts
from maps.overlays import draw_scale_bar
from maps.render import RenderStats, render
from maps.scene import Hit, MapScene
from maps.symbology import BACKGROUND, LayerStyle, default_styles
from maps.tools import MapTool, ToolEvent
from maps.viewport import Viewport

CLICK_TOLERANCE_PX = 5.0
DRAG_THRESHOLD_PX = 4.0
RENDER_DELAY_MS = 40


class _RenderSignals(QObject):
    done = pyqtSignal(int, object, object, object)  # generation, QImage, Viewport, RenderStats


class _RenderJob:
    """One render of the scene into a QImage, run on the canvas's worker threads.

    The workers are Python threads (not QThreadPool): libraries keeping per-thread state
    in ``threading.local`` (pyproj) misbehave in threads Python did not create.
    """

    def __init__(self, generation: int, scene: MapScene, vp: Viewport, styles, options: dict,
                 dpr: float, cancel: threading.Event, signals: _RenderSignals):
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


class MapCanvas(QWidget):
    """An interactive map of a :class:`MapScene`; see the module docstring."""

    extent_changed = pyqtSignal(object)
    scale_changed = pyqtSignal(float)
    cursor_moved = pyqtSignal(float, float, float, float)
    features_clicked = pyqtSignal(object)
    selection_changed = pyqtSignal(object)
    render_started = pyqtSignal()
    render_finished = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        ensure_fonts()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._scene: MapScene | None = None
        self._styles: dict[str, LayerStyle] = default_styles()
        self._vp = Viewport(0.0, 0.0, 10.0, max(self.width(), 1), max(self.height(), 1))
        self._fitted = False
        self._selection: dict[str, set[int]] = {}
        self._highlight: dict[str, set[int]] | None = None
        self._faded = None
        self._basemap = None
        self._tool: MapTool | None = None
        self._image: QImage | None = None
        self._image_vp: Viewport | None = None
        self._generation = 0
        self._cancel: threading.Event | None = None
        # no parent: render threads may still hold it if the canvas is deleted unclosed
        self._signals = _RenderSignals()
        self._signals.done.connect(self._render_done)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="map-render")
        self._futures: set[Future] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_render)
        self._drag_origin: QPointF | None = None
        self._drag_vp: Viewport | None = None
        self._dragging = False
        self._rendering = False
        self._last_scale = 0.0
        self._closed = False
        self.show_scale_bar = True
        """Draw a scale bar with the scale 1:N in the bottom-left corner."""

    # ------------------------------------------------------------------ scene and styles
    @property
    def scene(self) -> MapScene | None:
        return self._scene

    def set_scene(self, scene: MapScene | None, styles: Mapping[str, LayerStyle] | None = None,
                  *, zoom_full: bool | None = None) -> None:
        """Show ``scene``; zooms to its full extent when first set (or when ``zoom_full``)."""
        if scene is not self._scene:
            self._image, self._image_vp = None, None  # another project: no stale picture
        self._scene = scene
        if styles is not None:
            self._styles = dict(styles)
        self._selection = {}
        self._highlight = None
        if zoom_full or (zoom_full is None and not self._fitted):
            self.zoom_full()
        self.refresh()  # also when the viewport did not change

    @property
    def styles(self) -> dict[str, LayerStyle]:
        return self._styles

    def set_styles(self, styles: Mapping[str, LayerStyle]) -> None:
        self._styles = dict(styles)
        self.refresh()

    def set_layer_style(self, name: str, **changes) -> LayerStyle:
        """Change fields of one layer's style (visible, opacity, labels, fill, stroke)."""
        style = copy.copy(self._styles.get(name) or LayerStyle())
        for k, v in changes.items():
            if not hasattr(style, k):
                raise AttributeError(f"LayerStyle has no field {k}")
            setattr(style, k, v)
        self._styles[name] = style
        self.refresh()
        return style

    def update_layer(self, name: str, frame) -> None:
        """After an edit: rebuild one layer of the scene (frame in EPSG:4490) and re-render."""
        if self._scene is not None:
            self._scene.update_layer(name, frame)
            self.refresh()

    def set_basemap(self, basemap) -> None:
        if self._basemap is not None and hasattr(self._basemap, "tile_ready"):
            try:
                self._basemap.tile_ready.disconnect(self.refresh)
            except TypeError:
                pass
        self._basemap = basemap
        if basemap is not None and hasattr(basemap, "tile_ready"):
            basemap.tile_ready.connect(self.refresh)
        self.refresh()

    @property
    def basemap(self):
        return self._basemap

    # ------------------------------------------------------------------ viewport
    @property
    def viewport(self) -> Viewport:
        return self._vp

    def dpi(self) -> float:
        return float(self.logicalDpiX()) or 96.0

    def scale(self) -> float:
        """The current map scale denominator (1:N) at the screen's logical dpi."""
        return self._vp.scale_denominator(self.dpi())

    def set_scale(self, denominator: float) -> None:
        self.set_viewport(self._vp.with_scale(denominator, self.dpi()))

    def set_viewport(self, vp: Viewport) -> None:
        vp = vp.resized(max(self.width(), 1), max(self.height(), 1))
        if vp == self._vp:
            return
        self._vp = vp
        self.extent_changed.emit(vp.extent)
        s = self.scale()
        if abs(s - self._last_scale) > 1e-9 * max(s, 1.0):
            self._last_scale = s
            self.scale_changed.emit(s)
        self.update()
        self.refresh()

    def zoom_by(self, factor: float, anchor: tuple[float, float] | None = None) -> None:
        """Zoom in by ``factor`` (<1 zooms out) keeping the widget point ``anchor`` fixed."""
        self.set_viewport(self._vp.zoomed(factor, anchor))

    def zoom_in(self, factor: float = 2.0) -> None:
        self.zoom_by(factor)

    def zoom_out(self, factor: float = 2.0) -> None:
        self.zoom_by(1.0 / factor)

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the map content by ``(dx, dy)`` widget pixels."""
        self.set_viewport(self._vp.panned(dx, dy))

    def zoom_to_extent(self, bounds, margin: float = 0.05, min_span: float = 200.0) -> None:
        """Show the world rectangle ``bounds`` (at least ``min_span`` metres across)."""
        if bounds is None:
            return
        x0, y0, x1, y1 = bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = max(x1 - x0, min_span) / 2, max(y1 - y0, min_span) / 2
        self._fitted = True
        self.set_viewport(Viewport.fit((cx - hw, cy - hh, cx + hw, cy + hh), self.width(), self.height(), margin))

    def zoom_full(self) -> None:
        if self._scene is not None and self._scene.full_extent() is not None:
            self.zoom_to_extent(self._scene.full_extent(), 0.03)
        else:
            self.refresh()

    def zoom_to_layer(self, name: str) -> None:
        if self._scene is not None:
            self.zoom_to_extent(self._scene.layer_extent(name))

    def zoom_to_features(self, layer: str, indices: Iterable[int]) -> None:
        if self._scene is not None:
            self.zoom_to_extent(self._scene.selection_extent({layer: list(indices)}), 0.15)

    def zoom_to_selection(self) -> None:
        if self._scene is not None and self._selection:
            self.zoom_to_extent(self._scene.selection_extent(self._selection), 0.15)

    def world_at(self, sx: float, sy: float) -> tuple[float, float]:
        """World metres under the widget point ``(sx, sy)``."""
        return self._vp.screen_to_world(sx, sy)

    def tolerance(self, pixels: float = CLICK_TOLERANCE_PX) -> float:
        """``pixels`` of the screen in metres at the current scale."""
        return pixels * self._vp.mpp

    # ------------------------------------------------------------------ selection & overlays
    @property
    def selection(self) -> dict[str, set[int]]:
        return {k: set(v) for k, v in self._selection.items()}

    def set_selection(self, selection: Mapping[str, Iterable[int]] | None, *, emit: bool = True) -> None:
        """Replace the selection ``{layer: indices}`` (empty layers are dropped)."""
        new = {k: {int(i) for i in v} for k, v in (selection or {}).items()}
        new = {k: v for k, v in new.items() if v}
        if new == self._selection:
            return
        self._selection = new
        self.refresh()
        if emit:
            self.selection_changed.emit(self.selection)

    def clear_selection(self) -> None:
        self.set_selection({})

    def set_highlight(self, highlight: Mapping[str, Iterable[int]] | None) -> None:
        self._highlight = {k: {int(i) for i in v} for k, v in highlight.items()} if highlight else None
        self.refresh()

    def set_faded_outside(self, geom) -> None:
        """Veil everything outside ``geom`` (shapely, scene metres); None removes the veil."""
        self._faded = geom
        self.refresh()

    # ------------------------------------------------------------------ tools
    @property
    def tool(self) -> MapTool | None:
        return self._tool

    def set_tool(self, tool: MapTool | None) -> MapTool | None:
        """Make ``tool`` active (None: pan). Returns it."""
        if self._tool is not None:
            self._tool.deactivate()
        self._tool = tool
        if tool is not None:
            tool.activate(self)
            self.setCursor(tool.cursor)
        else:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.update()
        return tool

    # ------------------------------------------------------------------ rendering
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
        job = _RenderJob(self._generation, self._scene, self._vp, styles, options,
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

    # ------------------------------------------------------------------ Qt events
    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        old = self._vp
        self._vp = old.resized(self.width(), self.height())
        if not self._fitted and self._scene is not None:
            self.zoom_full()
        else:
            self.extent_changed.emit(self._vp.extent)
            self.refresh()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(BACKGROUND))
        if self._image is not None and self._image_vp is not None:
            src, cur = self._image_vp, self._vp
            k = src.mpp / cur.mpp
            x0, y0 = cur.world_to_screen(*src.screen_to_world(0.0, 0.0))
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, abs(k - 1.0) > 1e-6)
            p.drawImage(QRectF(x0, y0, src.width * k, src.height * k), self._image)
        if self.show_scale_bar and self._scene is not None:
            draw_scale_bar(p, self._vp, self.dpi())
        if self._tool is not None:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._tool.draw(p)
        p.end()

    def _event(self, ev) -> ToolEvent:
        pos = ev.position()
        x, y = self._vp.screen_to_world(pos.x(), pos.y())
        return ToolEvent(pos.x(), pos.y(), x, y, ev.button(), ev.buttons(), ev.modifiers())

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.setFocus()
        te = self._event(ev)
        pan = ev.button() == Qt.MouseButton.MiddleButton or (
            ev.button() == Qt.MouseButton.LeftButton and (self._tool is None or self._tool.pans)
        )
        if pan:
            self._drag_origin, self._drag_vp, self._dragging = ev.position(), self._vp, False
            self._pan_button = ev.button()
            if self._tool is None or ev.button() == Qt.MouseButton.MiddleButton:
                return
        if self._tool is not None:
            self._tool.press(te)

    def mouseMoveEvent(self, ev) -> None:  # noqa: N802
        te = self._event(ev)
        if self._scene is not None:
            lon, lat = self._scene.to_lonlat(te.x, te.y)
            self.cursor_moved.emit(te.x, te.y, float(lon), float(lat))
        if self._drag_origin is not None:
            d = ev.position() - self._drag_origin
            if self._dragging or abs(d.x()) + abs(d.y()) >= DRAG_THRESHOLD_PX:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.set_viewport(self._drag_vp.panned(d.x(), d.y()))
                return
        if self._tool is not None:
            self._tool.move(te)

    def mouseReleaseEvent(self, ev) -> None:  # noqa: N802
        te = self._event(ev)
        if self._drag_origin is not None and ev.button() == self._pan_button:
            dragged = self._dragging
            self._drag_origin, self._drag_vp, self._dragging = None, None, False
            self.setCursor(self._tool.cursor if self._tool else Qt.CursorShape.OpenHandCursor)
            if dragged:
                return
            if ev.button() == Qt.MouseButton.LeftButton:
                self._click(te)
            if self._tool is None or ev.button() == Qt.MouseButton.MiddleButton:
                return
        if self._tool is not None:
            self._tool.release(te)

    def _click(self, te: ToolEvent) -> None:
        if self._scene is None:
            return
        hits: list[Hit] = self._scene.features_at(te.x, te.y, self.tolerance(), self._visible_layers())
        self.features_clicked.emit(hits)

    def _visible_layers(self) -> list[str]:
        if self._scene is None:
            return []
        return [n for n in reversed(self._scene.ordered()) if (self._styles.get(n) or LayerStyle()).visible]

    def visible_layers(self) -> list[str]:
        """Layers currently drawn, topmost first (what hit-testing tools look at)."""
        return self._visible_layers()

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802
        if self._tool is not None:
            self._tool.double_click(self._event(ev))

    def wheelEvent(self, ev) -> None:  # noqa: N802
        steps = ev.angleDelta().y() / 120.0
        if steps == 0:
            return
        pos = ev.position()
        self.zoom_by(1.25 ** steps, (pos.x(), pos.y()))

    def keyPressEvent(self, ev) -> None:  # noqa: N802
        if self._tool is not None and self._tool.key(ev):
            return
        key = ev.key()
        step_x, step_y = self.width() / 4.0, self.height() / 4.0
        moves = {
            Qt.Key.Key_Left: (step_x, 0), Qt.Key.Key_Right: (-step_x, 0),
            Qt.Key.Key_Up: (0, step_y), Qt.Key.Key_Down: (0, -step_y),
        }
        if key in moves:
            self.pan_pixels(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.zoom_full()
        else:
            super().keyPressEvent(ev)
