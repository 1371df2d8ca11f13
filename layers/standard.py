"""The bureau's staffing and siting standard (DOMAIN.md): one home for its numbers.

Grid drawing, the grid editor, the standards check, the maps and the reports all read the
same :class:`Standard`; :meth:`Standard.officers_required` is the one formula of the
officers a grid or village needs and :meth:`Standard.deviation` the one measure of how far
a grid lies from its target. The values are checked when a ``Standard`` is made: a bad
one raises :class:`InputError` whose ``field`` names the parameter, so the command line
can name its option and a panel its input box. Importing it is cheap (numpy and pandas
load only when a frame is measured): the command line reads its defaults at start-up.

>>> s = Standard(urban_people=2500)
>>> s.officers_required(3001, 500, "urban")
2
>>> s.deviations(project["grids"])      # numpy array, 0.0 = on target, NaN = no target
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING

from layers.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class Standard:
    """The numbers of the standard; the defaults are the bureau's.

    Staffing per grid: an urban grid needs one officer per ``urban_people`` residents or per
    ``urban_households`` households, whichever gives more; a rural grid (a village) needs
    one officer, or one per ``rural_people`` residents when that gives more. Siting: a rural
    office serves ``min_villages`` to ``max_villages`` villages; a remote station with few
    officers (地处偏远、警力较少, the station post's ``remote``) still has at least
    ``min_offices`` offices, and with ``min_offices_all_stations`` every station does. The two 40% ratios: station
    officers at least ``station_share`` of the county bureau's officers, community officers
    at least ``community_share`` of a station's officers.
    """

    urban_people: int = 3000
    urban_households: int = 1000
    rural_people: int = 5000
    min_villages: int = 5
    max_villages: int = 8
    min_offices: int = 2
    min_offices_all_stations: bool = False
    station_share: float = 0.40
    community_share: float = 0.40

    def __post_init__(self) -> None:
        for name in ("urban_people", "urban_households", "rural_people", "min_villages", "max_villages", "min_offices"):
            _whole_positive(name, getattr(self, name))
        if self.max_villages < self.min_villages:
            raise InputError("bad_parameter", f"{self.max_villages} is below the minimum of {self.min_villages} villages",
                             field="max_villages")
        for name in ("station_share", "community_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= float(value) <= 1:
                raise InputError("bad_parameter", f"must be a share between 0 and 1, got {value!r}", field=name)

    def as_dict(self) -> dict:
        return asdict(self)

    def station_min_offices(self, remote: bool) -> int:
        """The fewest offices the rule asks of a station: ``min_offices`` for a remote one
        (or every one, with ``min_offices_all_stations``), else 1."""
        return self.min_offices if remote or self.min_offices_all_stations else 1

    @classmethod
    def recorded(cls, metadata: Mapping[str, str]) -> Standard:
        """The Standard with the staffing numbers a project's grids were last drawn with
        (``params.grids`` in its metadata), the bureau's defaults for the rest or when
        nothing usable is recorded."""
        import json

        try:
            params = json.loads(metadata.get("params.grids") or "{}")
            def number(key: str, default: int) -> int:
                value = params.get(key)
                return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else default

            base = cls()
            return cls(urban_people=number("urban_people", base.urban_people),
                       urban_households=number("urban_households", base.urban_households),
                       rural_people=number("rural_people", base.rural_people))
        except (ValueError, TypeError, AttributeError, InputError):
            return cls()

    # ------------------------------------------------------------------ staffing
    def officers_required(self, population, households, area_type: str) -> int:
        """Officers (民警 or 辅警) a grid or village needs; at least 1.

        Unknown counts (None or NaN) add nothing: an urban grid with unknown households is
        staffed by its residents alone.
        """
        pop, hh = _known(population), _known(households)
        if area_type == "urban":
            return max(1, math.ceil(pop / self.urban_people), math.ceil(hh / self.urban_households))
        return max(1, math.ceil(pop / self.rural_people))

    def deviation(self, population, households, officers, area_type: str) -> float:
        """How far a grid lies from what its ``officers`` may serve: 0.0 on target, +0.2 =
        20% more load than they may serve, -0.2 = 20% spare; NaN when there is no target
        (no officers) or nothing is known of the grid.

        Urban: the larger of residents / (officers × ``urban_people``) and households /
        (officers × ``urban_households``), minus 1 (the same "whichever gives more" as
        :meth:`officers_required`). Rural: a village grid meets the standard unless it holds
        more than ``rural_people`` residents per officer, so only the excess shows.
        """
        return float(self._deviations([_known(population, math.nan)], [_known(households, math.nan)],
                                      [_known(officers, math.nan)], [area_type])[0])

    def deviations(self, grids: pd.DataFrame) -> np.ndarray:
        """:meth:`deviation` of every row of a grids frame (``population``, ``households``,
        ``officers_required``, ``area_type``), as a float array."""
        import numpy as np

        n = len(grids)
        if n == 0:
            return np.zeros(0)
        area = grids["area_type"].to_numpy() if "area_type" in grids.columns else np.full(n, "urban")
        return self._deviations(_column(grids, "population", n), _column(grids, "households", n),
                                _column(grids, "officers_required", n), area)

    def _deviations(self, pop, hh, officers, area) -> np.ndarray:
        import numpy as np

        pop, hh, officers = (np.asarray(a, dtype=float) for a in (pop, hh, officers))
        urban = np.asarray(area) != "rural"
        with np.errstate(divide="ignore", invalid="ignore"):
            by_people = pop / (np.where(urban, self.urban_people, self.rural_people) * officers)
            by_households = np.where(urban, hh / (self.urban_households * officers), np.nan)
            load = np.fmax(by_people, by_households)
        dev = load - 1.0
        dev = np.where(urban, dev, np.maximum(dev, 0.0))
        return np.where((officers > 0) & np.isfinite(dev), dev, np.nan)


def _whole_positive(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, Integral) or value <= 0:
        raise InputError("bad_parameter", f"must be a positive whole number, got {value!r}", field=name)


def _known(value, unknown: float = 0.0) -> float:
    """A count as a float, or ``unknown`` when it is not known (None, NA, NaN, not a number)."""
    if value is None:
        return unknown
    try:
        number = float(value)
    except (TypeError, ValueError):
        return unknown
    return number if math.isfinite(number) else unknown


def _column(frame: pd.DataFrame, name: str, n: int) -> np.ndarray:
    import numpy as np
    import pandas as pd

    if name not in frame.columns:
        return np.full(n, np.nan)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


__all__ = ["Standard"]
