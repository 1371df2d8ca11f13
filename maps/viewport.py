"""The map viewport: which part of the metric world is shown on a pixel surface.

Pure Python + numpy (no Qt), shared by the canvas, the renderer and print layouts.

A :class:`Viewport` is immutable: ``cx, cy`` is the world point (metres in the project's
Gauss-Krüger zone) at the centre of a surface of ``width x height`` pixels, and ``mpp`` is
the ground distance of one pixel in metres. Screen y grows downwards, world y upwards::

    vp = Viewport.fit((xmin, ymin, xmax, ymax), 800, 600)
    sx, sy = vp.world_to_screen(x, y)          # floats or numpy arrays
    x, y = vp.screen_to_world(sx, sy)
    vp.scale_denominator(dpi=96)              # e.g. 25000.0 for 1:25,000
    vp2 = vp.with_scale(10000).zoomed(2.0, anchor=(100, 50)).panned(30, 0)
    vp.extent                                 # (xmin, ymin, xmax, ymax) in metres
    vp.affine()                               # (s, tx, ty): sx = s*x + tx, sy = -s*y + ty
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

INCH_M = 0.0254
MIN_MPP = 0.01
MAX_MPP = 1.0e5


@dataclass(frozen=True)
class Viewport:
    """Centre (metres), metres per pixel and pixel size of a map surface."""

    cx: float = 0.0
    cy: float = 0.0
    mpp: float = 1.0
    width: int = 1
    height: int = 1

    # ------------------------------------------------------------ constructors
    @classmethod
    def fit(
        cls, bounds: tuple[float, float, float, float], width: int, height: int, margin: float = 0.05
    ) -> Viewport:
        """The viewport showing ``bounds`` whole, centred, with ``margin`` (fraction) around."""
        xmin, ymin, xmax, ymax = (float(b) for b in bounds)
        if not all(np.isfinite([xmin, ymin, xmax, ymax])):
            raise ValueError("bounds are not finite")
        width, height = max(int(width), 1), max(int(height), 1)
        span_x = max(xmax - xmin, 1.0)
        span_y = max(ymax - ymin, 1.0)
        usable = max(1.0 - 2.0 * margin, 0.05)
        mpp = max(span_x / (width * usable), span_y / (height * usable))
        return cls((xmin + xmax) / 2.0, (ymin + ymax) / 2.0, _clamp_mpp(mpp), width, height)

    # ------------------------------------------------------------ transforms
    def world_to_screen(self, x, y):
        """World metres to pixel coordinates (scalars or numpy arrays)."""
        sx = (np.asarray(x, dtype=float) - self.cx) / self.mpp + self.width / 2.0
        sy = self.height / 2.0 - (np.asarray(y, dtype=float) - self.cy) / self.mpp
        if np.ndim(sx) == 0:
            return float(sx), float(sy)
        return sx, sy

    def screen_to_world(self, sx, sy):
        """Pixel coordinates to world metres (scalars or numpy arrays)."""
        x = (np.asarray(sx, dtype=float) - self.width / 2.0) * self.mpp + self.cx
        y = (self.height / 2.0 - np.asarray(sy, dtype=float)) * self.mpp + self.cy
        if np.ndim(x) == 0:
            return float(x), float(y)
        return x, y

    def affine(self) -> tuple[float, float, float]:
        """``(s, tx, ty)`` with screen ``sx = s*x + tx`` and ``sy = -s*y + ty``."""
        s = 1.0 / self.mpp
        return s, self.width / 2.0 - self.cx * s, self.height / 2.0 + self.cy * s

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """World rectangle covered: ``(xmin, ymin, xmax, ymax)``."""
        hw = self.width * self.mpp / 2.0
        hh = self.height * self.mpp / 2.0
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    def scale_denominator(self, dpi: float = 96.0) -> float:
        """The map scale 1:N on a device of ``dpi`` pixels per inch."""
        return self.mpp * dpi / INCH_M

    # ------------------------------------------------------------ derived viewports
    def with_scale(self, denominator: float, dpi: float = 96.0) -> Viewport:
        """Same centre at the scale 1:``denominator`` on a ``dpi`` device."""
        if not denominator > 0:
            raise ValueError("scale denominator must be positive")
        return replace(self, mpp=_clamp_mpp(denominator * INCH_M / dpi))

    def zoomed(self, factor: float, anchor: tuple[float, float] | None = None) -> Viewport:
        """Zoom in by ``factor`` (>1 in, <1 out) keeping the screen point ``anchor`` fixed."""
        mpp = _clamp_mpp(self.mpp / factor)
        if anchor is None:
            return replace(self, mpp=mpp)
        ax, ay = anchor
        wx, wy = self.screen_to_world(ax, ay)
        cx = wx - (ax - self.width / 2.0) * mpp
        cy = wy + (ay - self.height / 2.0) * mpp
        return replace(self, cx=cx, cy=cy, mpp=mpp)

    def panned(self, dx: float, dy: float) -> Viewport:
        """Move the map content by ``(dx, dy)`` pixels (as a drag of the mouse does)."""
        return replace(self, cx=self.cx - dx * self.mpp, cy=self.cy + dy * self.mpp)

    def centred(self, x: float, y: float) -> Viewport:
        return replace(self, cx=float(x), cy=float(y))

    def resized(self, width: int, height: int) -> Viewport:
        """Same centre and scale on a surface of another size."""
        return replace(self, width=max(int(width), 1), height=max(int(height), 1))

    def scaled_device(self, factor: float) -> Viewport:
        """The same ground area on a surface ``factor`` times as many pixels across (print)."""
        return Viewport(
            self.cx, self.cy, self.mpp / factor,
            max(int(round(self.width * factor)), 1), max(int(round(self.height * factor)), 1),
        )


def _clamp_mpp(mpp: float) -> float:
    return float(min(max(mpp, MIN_MPP), MAX_MPP))
