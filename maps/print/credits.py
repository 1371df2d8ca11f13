"""The sign-off block of a beat map (制图单位 / 制图日期 / 审核), kept in the project.

The values live in the project's metadata under :data:`KEYS`, so every printout of a
project carries the same block; the window edits them in its project properties and the
command line prints what the project holds. An empty date means the day of printing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass

KEYS = {"unit": "print.unit", "date": "print.date", "reviewer": "print.reviewer"}
"""Project metadata keys of the block's fields."""


@dataclass(frozen=True)
class Credits:
    """Who made the map, when, and who checked it."""

    unit: str = ""
    date: str = ""
    reviewer: str = ""

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, str]) -> Credits:
        return cls(**{f: str(metadata.get(k, "") or "").strip() for f, k in KEYS.items()})

    def as_metadata(self) -> dict[str, str]:
        return {k: getattr(self, f) for f, k in KEYS.items()}

    def cells(self) -> list[tuple[str, str]]:
        """The block as printed: an unset date is today, an unset name a line to sign on."""
        return [("制图单位", self.unit), ("制图日期", self.date or f"{_dt.date.today():%Y年%m月%d日}"),
                ("审核", self.reviewer)]
