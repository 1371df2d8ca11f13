"""The map canvas widget: background rendering, smooth pan/zoom, tools.

:class:`MapCanvas` draws a :class:`~maps.render.scene.MapScene` with :func:`maps.render.renderer.render`
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
    canvas.set_basemap(basemap)                 # see maps.render.basemap; None = no basemap
    canvas.show_scale_bar = False               # the scale bar overlay (on by default)
    canvas.image                                # the last finished render (QImage) or None
    canvas.wait_idle()                          # block until running renders ended (tests)
    canvas.shutdown()                           # cancel + join render threads (closeEvent does it)
    # cursor_moved(x, y, lon, lat); features_clicked(list[Hit]) on a plain left click with the
    # pan tool; render_started(); render_finished(RenderStats)

Mouse: wheel zooms about the cursor, left-drag pans (pan tool), middle-drag always pans.
Keys: arrows pan, +/= and - zoom, Home shows the full extent, Esc goes to the tool.

The widget is assembled from parts, each in its own module: :mod:`maps.canvas.rendering`
(background render job and scheduling), :mod:`maps.canvas.navigation` (viewport, scale,
zoom) and :mod:`maps.canvas.input` (mouse and keys). This module holds the widget itself:
scene, styles, selection, highlight, tool and painting.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QPainter
from PyQt6.QtWidgets import QSizePolicy, QWidget

from maps.canvas.input import CanvasInput
from maps.canvas.navigation import CanvasNavigation
from maps.canvas.rendering import CanvasRendering
from maps.canvas.scale_bar import draw_scale_bar
from maps.render.scene import MapScene
from maps.style.fonts import ensure_fonts
from maps.style.symbology import BACKGROUND, LayerStyle, default_styles
from maps.tools.base import MapTool
from maps.viewport import Viewport

OVERLAY = "overlay:"
"""Scene layers named with this prefix are drawn but never hit or selected: temporary
overlays the window adds and removes (a comparison's differences)."""


class MapCanvas(CanvasRendering, CanvasNavigation, CanvasInput, QWidget):
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
        self._init_rendering()
        self._drag_origin: QPointF | None = None
        self._drag_vp: Viewport | None = None
        self._dragging = False
        self._last_scale = 0.0
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

    def _visible_layers(self) -> list[str]:
        if self._scene is None:
            return []
        return [n for n in reversed(self._scene.ordered())
                if not n.startswith(OVERLAY) and (self._styles.get(n) or LayerStyle()).visible]

    def visible_layers(self) -> list[str]:
        """Layers currently drawn, topmost first (what hit-testing tools look at)."""
        return self._visible_layers()
