"""Where each part of a beat-map page goes, in millimetres, for each paper and orientation.

Portrait: the title, the map across the page, then the lower part in two rows -- legend,
officer card and facts; the member table and the area's key sites -- and the sign-off
strip at the foot. Landscape (the A3 default, for the wall): the map fills the left and
a side column holds card, facts, legend, table and key sites, so A3 is laid out for A3,
not A4 enlarged: type keeps its size and the map gains the space.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")
DEFAULT_ORIENTATION = {"A4": "portrait", "A3": "landscape"}

Rect = tuple[float, float, float, float]  # x, y, width, height in mm


@dataclass(frozen=True)
class PageLayout:
    """The rectangles of one page (mm)."""

    size: tuple[float, float]
    title: Rect
    map: Rect
    legend: Rect
    card: Rect
    facts: Rect
    table: Rect
    sites: Rect
    credits: Rect
    content: Rect
    """Everything between title and credits: a continuation page's table."""
    title_pt: float
    facts_columns: int = 1

    @property
    def landscape(self) -> bool:
        return self.size[0] > self.size[1]


def page_layout(paper: str = "A4", orientation: str | None = None) -> PageLayout:
    """The layout of ``paper`` (A4/A3) in ``orientation`` (its default when None)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}")
    orientation = orientation or DEFAULT_ORIENTATION[paper]
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be portrait or landscape, got {orientation!r}")
    short, long = PAPERS[paper]
    w, h = (short, long) if orientation == "portrait" else (long, short)
    m, gap, big = 10.0, 3.0, paper == "A3"
    inner_w = w - 2 * m
    title = (m, m, inner_w, 12.0)
    top = m + 14.0
    credits = (m, h - m - 9.0, inner_w, 9.0)
    bottom = credits[1] - gap
    content = (m, top, inner_w, bottom - top)
    if orientation == "portrait":
        map_h = (h - 2 * m) * (0.56 if big else 0.52)
        map_rect = (m, top, inner_w, map_h)
        row1 = top + map_h + gap
        row1_h = 48.0 if big else 40.0
        col = (inner_w - 2 * gap) / 3
        legend = (m, row1, col, row1_h)
        card = (m + col + gap, row1, col, row1_h)
        facts = (m + 2 * (col + gap), row1, col, row1_h)
        row2 = row1 + row1_h + gap
        table_w = inner_w * 0.68
        table = (m, row2, table_w, bottom - row2)
        sites = (m + table_w + gap, row2, inner_w - table_w - gap, bottom - row2)
    else:
        side = 128.0 if big else 100.0
        map_rect = (m, top, inner_w - side - gap, bottom - top)
        x = m + inner_w - side
        heights = {"card": 34.0 if big else 31.0, "facts": 27.0, "legend": 46.0 if big else 36.0}
        y = top
        rects = {}
        for name, hh in heights.items():
            rects[name] = (x, y, side, hh)
            y += hh + gap
        rest = bottom - y
        sites_h = rest * (0.34 if big else 0.36)
        table = (x, y, side, rest - sites_h - gap)
        sites = (x, y + rest - sites_h, side, sites_h)
        legend, card, facts = rects["legend"], rects["card"], rects["facts"]
    return PageLayout((w, h), title, map_rect, legend, card, facts, table, sites, credits, content,
                      22.0 if big else 17.0, 1 if orientation == "portrait" else 2)
