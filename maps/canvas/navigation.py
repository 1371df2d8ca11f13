"""Navigation for :class:`maps.canvas.MapCanvas`: the viewport, the map scale and zooming."""

from __future__ import annotations

from collections.abc import Iterable

from maps.viewport import Viewport

CLICK_TOLERANCE_PX = 5.0


class CanvasNavigation:
    """The viewport part of :class:`maps.canvas.MapCanvas` (a mixin of the widget).

    Changes ``_vp`` (emitting ``extent_changed`` and ``scale_changed``) and asks for a
    fresh render; ``_fitted`` records that the map was zoomed to something at least once.
    """

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
