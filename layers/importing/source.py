"""What every reader returns: the file's attribute table, its geometries and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from layers.importing.source_crs import SourceCRS


@dataclass
class Source:
    """One file's rows, as read, before any mapping onto a layer.

    ``table`` has the file's columns (object dtype, names as in the file or ``"1"``,
    ``"2"`` ... without a header); ``rows`` holds the row number the user sees in their
    program for each record (spreadsheet row for CSV/XLSX, feature number otherwise).
    """

    file: str
    table: pd.DataFrame
    rows: list[int]
    geometry: gpd.GeoSeries | None = None
    crs: SourceCRS | None = None
    encoding: str | None = None
    layout: str | None = None
    default_crs: SourceCRS | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.table.columns]

    def take(self, mask) -> Source:
        """The rows where ``mask`` is true (a boolean sequence)."""
        keep = [bool(m) for m in mask]
        table = self.table[keep].reset_index(drop=True)
        rows = [r for r, k in zip(self.rows, keep, strict=True) if k]
        geometry = None
        if self.geometry is not None:
            geometry = self.geometry[keep].reset_index(drop=True)
        return Source(
            self.file, table, rows, geometry, self.crs, self.encoding, self.layout,
            self.default_crs, list(self.warnings),
        )
