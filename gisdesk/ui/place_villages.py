"""Placing by hand the villages an import could not place by name.

The import leaves ambiguous and unmatched villages out and hands them back as rows
without a location (``ImportResult.unplaced``). This controller takes them one after
another: the status bar names the next village, a click on the map adds it there as one
undoable command (:class:`layers.edits.AddFeatures`), and Esc or another tool stops.
Undo removes the last placed village and puts it back at the front of the queue.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from PyQt6.QtCore import QObject
from shapely.geometry import Point

from layers.edits import AddFeatures
from layers.schema import CRS
from maps.tools import PointPickTool


class PlaceVillages(QObject):
    """Click-to-place for ``rows`` (villages-layer rows without geometry) in ``window``."""

    def __init__(self, window, rows: pd.DataFrame):
        super().__init__(window)
        self.window = window
        self.rows = rows.reset_index(drop=True)
        self.placed: list[str] = []
        self.tool = PointPickTool(snap_layers=["key_sites"], parent=self)
        self.tool.picked.connect(self.place)
        window.stack.subscribe(self._stack_changed)

    # ------------------------------------------------------------------ queue
    def pending(self) -> pd.DataFrame:
        """The villages still to place, in list order (undone placements come back)."""
        present = set(self.window.project["villages"]["code"].astype(str))
        return self.rows[~self.rows["code"].astype(str).isin(present)]

    def start(self) -> None:
        self.window.canvas.set_tool(self.tool)
        self.prompt()

    def stop(self) -> None:
        if self.window.canvas.tool is self.tool:
            self.window.canvas.set_tool(None)

    def prompt(self) -> None:
        todo = self.pending()
        if len(todo) == 0:
            self.window.show_message(self.tr("Every village has a location now."), 0)
            self.stop()
            return
        row = todo.iloc[0]
        self.window.show_message(
            self.tr("Click where {name} ({township}) is — {n} villages left; Esc stops, Undo takes a placement back.")
            .format(name=row["name"], township=row.get("township", "") or "?", n=len(todo)), 0)

    def place(self, x: float, y: float, lon: float, lat: float) -> None:
        """Put the next village at (lon, lat): one undoable command."""
        todo = self.pending()
        if len(todo) == 0 or lon != lon or lat != lat:
            return
        row = todo.iloc[[0]].copy()
        frame = gpd.GeoDataFrame(row.drop(columns="geometry", errors="ignore"), geometry=[Point(lon, lat)], crs=CRS)
        name = str(row["name"].iloc[0])
        self.window.stack.push(AddFeatures("villages", frame, text=self.tr("Place village {name}").format(name=name)))
        self.placed.append(str(row["code"].iloc[0]))
        self.prompt()

    def _stack_changed(self, *args) -> None:
        if self.window.canvas.tool is self.tool:
            self.prompt()
