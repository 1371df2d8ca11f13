"""Parameters and results of siting (``site``) and of evaluating a new post (``evaluate``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING

from gisdesk.services.siting.road_model import RoadModel
from layers.errors import InputError
from layers.standard import Standard
from layers.vocabulary import CATEGORIES

if TYPE_CHECKING:
    import geopandas as gpd

PREFERRED_CATEGORIES = (
    "village_office",
    "service_center",
    "culture_square",
    "residential_compound",
    "school",
    "hospital",
)
"""Key-site categories an office may use, best first (村室 before 便民服务中心 ...)."""

STANDARD_OPTIONS = {
    "min_villages": "min_villages",
    "max_villages": "max_villages",
    "min_offices_per_station": "min_offices",
    "min_offices_all_stations": "min_offices_all_stations",
}
"""Siting's options that are numbers of the bureau's :class:`Standard` (option: its field):
the command line's, the siting panel's and those recorded with a plan (``params.site``)."""


@dataclass(frozen=True)
class SitingParams:
    """What ``site`` is asked for; the defaults are the bureau's rules.

    ``standard`` holds the rules siting keeps: a rural office serves ``min_villages`` to
    ``max_villages`` villages, and a remote station (the station post's ``remote``:
    地处偏远、警力较少) gets at least ``min_offices`` offices, every station with
    ``min_offices_all_stations``. :meth:`from_options` makes the parameters from the flat
    options (:data:`STANDARD_OPTIONS`) and :meth:`as_dict` gives them back.

    ``categories`` filters the key sites an office may use and orders them: each step down
    the list adds ``category_step_km`` to every distance to that site, a small penalty
    that breaks near-ties in favour of the village committee room. A village with no usable
    key site may host an office at its own point, at a penalty of ``village_point_km``
    (a last resort). ``offices`` is the total (urban included).
    """

    standard: Standard = field(default_factory=Standard)
    offices: int | None = None
    keep_existing: bool = False
    max_km: float | None = None
    cover_minutes: float | None = None
    time_limit: float | None = None
    categories: tuple[str, ...] = PREFERRED_CATEGORIES
    category_step_km: float = 0.05
    village_point_km: float = 0.5
    near_km: float = 2.0
    roads: RoadModel = field(default_factory=RoadModel)
    seed: int = 0
    tradeoff: bool = True

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise :class:`InputError` whose ``field`` names the parameter that is not usable.

        The one check of siting's options: a SitingParams that exists is a usable one. The
        villages-per-office band and the offices per station are the bureau's
        :class:`Standard`, checked when it is made (:meth:`from_options` names the option);
        the command line names the option (``named_options``), the siting panel its input box.
        """
        if self.offices is not None and self.offices < 1:
            raise InputError("bad_parameter", f"must be at least 1, got {self.offices!r}", field="offices")
        if self.max_km is not None and not self.max_km > 0:
            raise InputError("bad_parameter", f"must be a positive number of km, got {self.max_km!r}", field="max_km")
        if self.cover_minutes is not None and not self.cover_minutes > 0:
            raise InputError("bad_parameter", f"must be a positive number of minutes, got {self.cover_minutes!r}",
                             field="cover_minutes")
        if self.cover_minutes is not None and self.offices is not None:
            raise InputError("bad_parameter", "give either --offices or --cover-minutes (the fewest offices "
                             "within the minutes), not both", field="cover_minutes")
        if self.time_limit is not None and not self.time_limit > 0:
            raise InputError("bad_parameter", f"must be a positive number of seconds, got {self.time_limit!r}",
                             field="time_limit")
        unknown = [c for c in self.categories if c not in CATEGORIES]
        if unknown or not self.categories:
            raise InputError("bad_parameter", f"unknown category {', '.join(unknown) or '(none)'}; use {', '.join(CATEGORIES)}",
                             field="categories")

    @classmethod
    def from_options(cls, **options) -> SitingParams:
        """The parameters from flat options: those of :data:`STANDARD_OPTIONS` make the
        :class:`Standard` (the bureau's numbers for the others), the rest are fields. A bad
        number raises :class:`InputError` whose ``field`` is its option."""
        rules = {STANDARD_OPTIONS[k]: options.pop(k) for k in list(options) if k in STANDARD_OPTIONS}
        roads = RoadModel(**{f.name: options.pop(f.name) for f in fields(RoadModel) if f.name in options})
        try:
            standard = Standard(**rules)
        except InputError as exc:
            option = next((k for k, v in STANDARD_OPTIONS.items() if v == exc.field), exc.field)
            raise InputError(exc.code, exc.message, field=option) from exc
        return cls(standard=standard, roads=roads, **options)

    def as_dict(self) -> dict:
        """The flat options (:meth:`from_options` reads them back), as ``site`` records them."""
        d: dict = {option: getattr(self.standard, name) for option, name in STANDARD_OPTIONS.items()}
        d.update({f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("standard", "roads")})
        d.update(asdict(self.roads))
        d["categories"] = list(self.categories)
        return d


@dataclass
class SitingException:
    """A rule the plan could not keep, or a data problem it worked around. ``rule`` names
    the check's rule it excuses (``office_size``, ``office_key_site``, ``max_km``,
    ``office_contiguous``): ``site``
    records the exceptions with the plan, and ``check`` shows such a breach as a warning
    quoting the reason."""

    station: str
    reason: str
    village: str = ""
    rule: str = ""

    def as_dict(self) -> dict:
        d = {"station": self.station, "reason": self.reason}
        if self.village:
            d["village"] = self.village
        if self.rule:
            d["rule"] = self.rule
        return d


@dataclass
class SitingResult:
    """A proposal: the three plan layers (EPSG:4490) and the numbers behind them.

    Nothing is written until the command of :func:`gisdesk.services.siting.siting_command`
    goes on the project's edit stack.
    ``objective`` and ``lower_bound`` are population x km of the model solved (distances
    plus the small category penalties; a village of unknown population weighs 1);
    ``mean_km`` / ``max_km`` are pure road distances of rural villages to their office.
    ``mean_km`` is weighted by population over the villages whose population is known
    (None when none is), ``mean_km_plain`` counts every rural village once, and
    ``unknown_population`` says how many rural villages had no population (NULL).
    """

    offices: gpd.GeoDataFrame
    workstations: gpd.GeoDataFrame
    assignment: gpd.GeoDataFrame
    params: SitingParams
    villages: int = 0
    mean_km: float | None = 0.0
    max_km: float = 0.0
    mean_km_plain: float = 0.0
    unknown_population: int = 0
    objective: float = 0.0
    lower_bound: float = 0.0
    distance_model: str = "road"
    exceptions: list[SitingException] = field(default_factory=list)
    tradeoff: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    covered_minutes: dict = field(default_factory=dict)
    """Share of villages and of population within 10/15/20 minutes of their office."""
    uncovered: list[dict] = field(default_factory=list)
    """With ``cover_minutes``: the villages the plan leaves farther than that (by name)."""
    cover_proven: bool = False
    """With ``cover_minutes``: every station's office count proven the fewest (HiGHS)."""

    @property
    def gap(self) -> float:
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.lower_bound) / self.objective)

    def summary(self) -> dict:
        """The JSON summary of ``site`` (CONTRACT.md section 4)."""
        return {
            "offices": int(len(self.offices)),
            "workstations": int(len(self.workstations)),
            "villages": int(self.villages),
            "mean_km": None if self.mean_km is None else round(float(self.mean_km), 3),
            "mean_km_plain": round(float(self.mean_km_plain), 3),
            "unknown_population": int(self.unknown_population),
            "max_km": round(float(self.max_km), 3),
            "objective": round(float(self.objective), 3),
            "lower_bound": round(float(self.lower_bound), 3),
            "gap": round(float(self.gap), 6),
            "exceptions": [e.as_dict() for e in self.exceptions],
            "seconds": round(float(self.seconds), 3),
            "distance_model": self.distance_model,
            "tradeoff": self.tradeoff,
            "existing_kept": int(self.offices["existing"].sum()) if len(self.offices) else 0,
            "covered_minutes": self.covered_minutes,
            **({"cover_minutes": self.params.cover_minutes, "uncovered": self.uncovered,
                "cover_proven": self.cover_proven} if self.params.cover_minutes is not None else {}),
        }


@dataclass
class EvaluationResult:
    """What a new office at one point would change (``evaluate``)."""

    lon: float
    lat: float
    station: str
    source: str
    within_km: float
    villages_moved: list[str]
    mean_km_before: float
    mean_km_after: float
    max_km_before: float
    max_km_after: float
    covered_before: dict
    covered_after: dict
    load_before: dict[str, dict]
    load_after: dict[str, dict]
    new_office_km: dict[str, float]
    distance_model: str
    snapped_m: float
    seconds: float
    timing: dict = field(default_factory=dict)
    resolved: dict | None = None
    """The station re-solved under the 5-8 rule with the candidate as an office (``.resolve``),
    or ``{"error": why}`` when the rule cannot be kept with it; None when not asked for."""
    station_plan: object = None
    """That re-solved station (a :class:`.resolve.ResolvedStation`), for taking it into the plan."""

    def summary(self) -> dict:
        """The JSON summary of ``evaluate`` (CONTRACT.md section 4): the nearest-post moves
        under the contract's keys, and the re-solved station under ``resolved``."""
        r = lambda v: round(float(v), 3)  # noqa: E731
        return {
            "villages_moved": list(self.villages_moved),
            "mean_km_before": r(self.mean_km_before),
            "mean_km_after": r(self.mean_km_after),
            "max_km_before": r(self.max_km_before),
            "max_km_after": r(self.max_km_after),
            "within_km": r(self.within_km),
            "covered_before": self.covered_before,
            "covered_after": self.covered_after,
            "load_before": self.load_before,
            "load_after": self.load_after,
            "station": self.station,
            "compared_with": self.source,
            "distance_model": self.distance_model,
            "off_road_m": r(self.snapped_m),
            "seconds": r(self.seconds),
            **self.timing,
            "resolved": self.resolved,
        }


def office_sizes(offices: gpd.GeoDataFrame, assignment: gpd.GeoDataFrame, villages: gpd.GeoDataFrame) -> tuple[dict[int, int], int]:
    """Rural offices by villages served ``{villages: offices}``, and the count of urban
    community offices apart: those serve one community each by design, so they are not
    measured against the villages-per-office rule. An office counts as urban when every
    village assigned to it is urban (``area_type``)."""
    from collections import Counter

    if len(offices) == 0:
        return {}, 0
    urban_codes = set(villages.loc[villages["area_type"] == "urban", "code"].astype(str))
    urban: set[str] = set()
    if len(assignment):
        served = assignment["village"].astype(str).isin(urban_codes).groupby(assignment["office"].astype(str)).all()
        urban = set(served.index[served.to_numpy(bool)])
    is_urban = offices["code"].astype(str).isin(urban).to_numpy(bool)
    rural = Counter(int(n) for n in offices["villages"].to_numpy()[~is_urban])
    return dict(sorted(rural.items())), int(is_urban.sum())
