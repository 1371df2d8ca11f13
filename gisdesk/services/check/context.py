"""What every rule of the check reads, computed once from the project's membership and
geometry (never from the counts the plan layers store).

The plan layers are checked when the project has one; otherwise the existing posts are
(closed posts left out): a post stands in the village it was built in (the village polygon
holding it, the village of a key site it stands on, or the nearest village point of its
station within ``OWN_VILLAGE_KM``), and a rural village belongs to the nearest office of
its own station, as the bureau's existing network is run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from layers.lookups import labelled, remote_stations, station_names, village_names
from layers.project import Project
from layers.schema import PLAN_LAYERS
from layers.standard import Standard

AT_SITE_M = 100.0
"""An office this close to a key site stands at it."""
OWN_VILLAGE_KM = 1.0
"""An existing post that stands in no village polygon and at no key site belongs to the
nearest village point of its station this close."""


@dataclass
class CheckContext:
    """The project under check and the standard it is checked against; read-only."""

    project: Project
    standard: Standard

    # ------------------------------------------------------------------ names
    @cached_property
    def station_names(self) -> dict[str, str]:
        return station_names(self.project)

    @cached_property
    def village_names(self) -> dict[str, str]:
        """Village names told apart by township where several share one."""
        return village_names(self.project)

    @cached_property
    def villages(self) -> pd.DataFrame:
        """The villages by code: ``name``, ``station``, ``area_type``, ``population``, ``households``."""
        v = self.project["villages"]
        return pd.DataFrame(v.drop(columns="geometry")).set_index("code", drop=False)

    def where_station(self, code: str) -> str:
        return _pair(code, self.station_names.get(code, "")) if code else "(无派出所)"

    def where_village(self, code: str) -> str:
        v = self.villages
        if code in v.index:
            return f"{self.where_station(v.at[code, 'station'])} / {_pair(code, self.village_names.get(code, ''))}"
        return _pair(code, "")

    def where_post(self, code: str) -> str:
        o = self.offices
        if code in o.index:
            return f"{self.where_station(o.at[code, 'station'])} / {_pair(code, o.at[code, 'name'])}"
        return _pair(code, "")

    def where_grid(self, code: str) -> str:
        if code in self._grid_names:
            station, name = self._grid_names[code]
            return f"{self.where_station(station)} / {_pair(code, name)}"
        return _pair(code, "")

    @cached_property
    def _grid_names(self) -> dict[str, tuple[str, str]]:
        g = self.project["grids"]
        return {c: (s, n) for c, s, n in zip(g["code"], g["station"], g["name"], strict=True)}

    # ------------------------------------------------------------------ what is checked
    @cached_property
    def source(self) -> str:
        """``"plan"`` when the project has plan layers, else ``"posts"``."""
        return "plan" if any(len(self.project[n]) for n in PLAN_LAYERS) else "posts"

    @cached_property
    def site_params(self) -> dict:
        """The parameters and exceptions ``site`` recorded with the plan (``params.site``)."""
        if self.source != "plan":
            return {}
        try:
            params = json.loads(self.project.metadata.get("params.site", "{}") or "{}")
        except json.JSONDecodeError:
            return {}
        return params if isinstance(params, dict) else {}

    def recorded_reason(self, rule: str, station: str, village: str = "") -> str | None:
        """The reason ``site`` recorded for breaking ``rule`` at this station (or village)."""
        for e in self.site_params.get("exceptions", []) or []:
            if not isinstance(e, dict) or e.get("rule") != rule or e.get("station", "") != station:
                continue
            if village and e.get("village") and e.get("village") != village:
                continue
            reason = str(e.get("reason", "")).strip()
            if reason:
                return reason
        return None

    @cached_property
    def stations(self) -> list[str]:
        """Every station code the project names (villages and station posts), sorted."""
        posts = self.project["posts"]
        seats = posts.loc[posts["tier"] == "station", "station"]
        return sorted({c for c in set(self.villages["station"]) | set(seats) | set(self.station_names) if c})

    @cached_property
    def remote_stations(self) -> set[str]:
        """Stations whose station post is marked ``remote`` (地处偏远、警力较少)."""
        return remote_stations(self.project)

    def min_offices(self, station: str) -> int:
        """The fewest offices the standard asks of a station (1 unless remote or applied to all)."""
        return self.standard.station_min_offices(station in self.remote_stations)

    # ------------------------------------------------------------------ geometry
    @cached_property
    def epsg(self) -> int:
        return self.project.metric_epsg()

    def metric_xy(self, frame) -> np.ndarray:
        if len(frame) == 0:
            return np.zeros((0, 2))
        pts = frame.geometry.to_crs(epsg=self.epsg).representative_point()
        return np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])

    @cached_property
    def village_xy(self) -> dict[str, np.ndarray]:
        v = self.project["villages"]
        return dict(zip(v["code"], self.metric_xy(v), strict=True))

    @cached_property
    def key_sites_xy(self) -> tuple[pd.DataFrame, np.ndarray]:
        ks = self.project["key_sites"]
        return pd.DataFrame(ks.drop(columns="geometry")).reset_index(drop=True), self.metric_xy(ks)

    def key_site_near(self, xy: np.ndarray) -> pd.Series | None:
        """The nearest key site within ``AT_SITE_M`` of a metric point, or None."""
        sites, sxy = self.key_sites_xy
        if len(sites) == 0:
            return None
        d = np.hypot(*(sxy - xy).T)
        j = int(np.argmin(d))
        return sites.iloc[j] if d[j] <= AT_SITE_M else None

    def own_village(self, geometry, xy: np.ndarray, station: str) -> str:
        """The village a post stands in: the village polygon holding it, the village of a key
        site it stands on, or the nearest village point of its station within OWN_VILLAGE_KM."""
        v = self.project["villages"]
        if len(v) == 0:
            return ""
        polygons = v[v.geom_type.isin(["Polygon", "MultiPolygon"])]
        if len(polygons):
            inside = polygons[polygons.contains(geometry)]
            if len(inside):
                return str(inside["code"].iloc[0])
        site = self.key_site_near(xy)
        if site is not None and site.get("village"):
            return str(site["village"])
        codes = [c for c, s in zip(v["code"], v["station"], strict=True) if s == station or not station]
        if not codes:
            return ""
        d = np.array([np.hypot(*(self.village_xy[c] - xy)) for c in codes])
        j = int(np.argmin(d))
        return codes[j] if d[j] <= OWN_VILLAGE_KM * 1000.0 else ""

    # ------------------------------------------------------------------ posts and membership
    @cached_property
    def offices(self) -> pd.DataFrame:
        """The offices checked, by code: ``name``, ``station``, ``key_site`` (plan only),
        ``existing``, ``own_village`` (the village it stands in), ``x``, ``y`` (metric)."""
        if self.source == "plan":
            frame = self.project["plan_offices"]
            sites = self.key_sites_xy[0].set_index("code")["village"] if len(self.key_sites_xy[0]) else pd.Series(dtype=object)
            key_site = frame["key_site"].fillna("").astype(str)
            existing = frame["existing"].fillna(False).astype(bool)
        else:
            posts = self.project["posts"]
            frame = posts[(posts["tier"] == "office") & _open(posts)]
            sites = pd.Series(dtype=object)
            key_site = pd.Series([""] * len(frame), index=frame.index)
            existing = pd.Series([True] * len(frame), index=frame.index)
        xy = self.metric_xy(frame)
        own = []
        for ks, geom, pt, station in zip(key_site, frame.geometry, xy, frame["station"], strict=True):
            named = sites.get(ks, "") if ks else ""
            own.append(str(named) if isinstance(named, str) and named else self.own_village(geom, pt, station))
        out = pd.DataFrame({
            "code": frame["code"].to_numpy(), "name": frame["name"].to_numpy(),
            "station": frame["station"].fillna("").to_numpy(), "key_site": key_site.to_numpy(),
            "existing": existing.to_numpy(), "own_village": own,
            "x": xy[:, 0] if len(xy) else [], "y": xy[:, 1] if len(xy) else [],
        })
        return out.drop_duplicates("code").set_index("code", drop=False)

    @cached_property
    def workstations(self) -> pd.DataFrame:
        """The workstations checked: ``code``, ``village`` (the one it serves), ``station``,
        ``office`` (plan only)."""
        if self.source == "plan":
            w = self.project["plan_workstations"]
            villages = w["village"].fillna("").astype(str)
            return pd.DataFrame({
                "code": w["code"].to_numpy(), "village": villages.to_numpy(),
                "station": [self.villages["station"].get(c, "") for c in villages],
                "office": w["office"].fillna("").to_numpy(), "key_site": w["key_site"].fillna("").to_numpy(),
            })
        posts = self.project["posts"]
        w = posts[(posts["tier"] == "workstation") & _open(posts)]
        xy = self.metric_xy(w)
        own = [self.own_village(g, pt, s) for g, pt, s in zip(w.geometry, xy, w["station"], strict=True)]
        return pd.DataFrame({"code": w["code"].to_numpy(), "village": own, "station": w["station"].fillna("").to_numpy(),
                             "office": "", "key_site": "", "name": w["name"].to_numpy()})

    @cached_property
    def membership(self) -> pd.DataFrame:
        """One row per (village, office) a village is served by: the plan's ``plan_assignment``
        rows as they are (a village may have none or several); for existing posts, the office
        standing in the village, else the nearest office of its station (rural villages)."""
        if self.source == "plan":
            a = self.project["plan_assignment"]
            return pd.DataFrame({"village": a["village"].fillna("").astype(str).to_numpy(),
                                 "office": a["office"].fillna("").astype(str).to_numpy()})
        offices = self.offices
        rows = []
        own = dict(zip(offices["own_village"], offices["code"], strict=True))
        for code, station, kind in zip(self.villages["code"], self.villages["station"], self.villages["area_type"],
                                       strict=True):
            if code in own:
                rows.append((code, own[code]))
                continue
            if kind == "urban":
                continue
            mine = offices[offices["station"] == station] if station else offices
            if len(mine) == 0:
                continue
            d = np.hypot(mine["x"].to_numpy() - self.village_xy[code][0], mine["y"].to_numpy() - self.village_xy[code][1])
            rows.append((code, mine["code"].iloc[int(np.argmin(d))]))
        return pd.DataFrame(rows, columns=["village", "office"])

    # ------------------------------------------------------------------ grids
    @cached_property
    def grid_needs(self) -> pd.DataFrame:
        """Per grid, its people recomputed from ``grid_members`` (units of an urban grid,
        villages of a rural one): ``code``, ``station``, ``area_type``, ``members``,
        ``population``, ``households`` (sums of the known counts), ``unknown`` (members whose
        population is NULL), ``missing`` (member codes found nowhere), ``needed``
        (:meth:`Standard.officers_required`), ``stored_population``, ``stored_households``,
        ``officers_required`` (stored). A grid without members is measured by its stored counts."""
        grids = self.project["grids"]
        members = self.project["grid_members"]
        counts = pd.concat([
            pd.DataFrame(self.project["units"].drop(columns="geometry"))[["code", "population", "households"]],
            self.villages[["code", "population", "households"]].reset_index(drop=True),
        ]).drop_duplicates("code").set_index("code")
        joined = pd.DataFrame({"grid": members["grid"].to_numpy(), "member": members["member"].to_numpy()})
        found = joined["member"].isin(counts.index)
        joined["population"] = pd.to_numeric(joined["member"].map(counts["population"]), errors="coerce").astype(float)
        joined["households"] = pd.to_numeric(joined["member"].map(counts["households"]), errors="coerce").astype(float)
        joined["unknown"] = found & joined["population"].isna()
        per_grid = joined.groupby("grid")
        sizes = per_grid.size().to_dict()
        # min_count=1: no member known is unknown (NaN), not 0
        pops = per_grid["population"].sum(min_count=1).to_dict()
        hhs = per_grid["households"].sum(min_count=1).to_dict()
        unknowns = per_grid["unknown"].sum().to_dict()
        missing = joined[~found].groupby("grid")["member"].apply(list).to_dict()
        rows = []
        for g in grids.itertuples():
            n = int(sizes.get(g.code, 0))
            if n:
                population, households = float(pops[g.code]), float(hhs[g.code])
                unknown = int(unknowns[g.code])
            else:
                population, households = _number(g.population), _number(g.households)
                unknown = 0
            rows.append({
                "code": g.code, "name": g.name, "station": g.station, "community": g.community,
                "area_type": g.area_type, "members": n, "population": population, "households": households,
                "unknown": unknown, "missing": missing.get(g.code, []),
                "needed": self.standard.officers_required(population, households, g.area_type),
                "stored_population": _number(g.population), "stored_households": _number(g.households),
                "officers_required": _number(g.officers_required),
                "officer_name": g.officer_name, "officer_phone": g.officer_phone,
            })
        return pd.DataFrame(rows, columns=[
            "code", "name", "station", "community", "area_type", "members", "population", "households", "unknown",
            "missing", "needed", "stored_population", "stored_households", "officers_required", "officer_name",
            "officer_phone"])


def _pair(code: str, name: str) -> str:
    """A place as people read it: the name with its code beside it."""
    return labelled(name, code)


def _number(value) -> float:
    """A stored count as a float; NaN when not known (NULL or not a number)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return np.nan
    return number


def _open(posts: pd.DataFrame) -> pd.Series:
    """Posts not marked closed (a plan adopted closes posts instead of deleting them)."""
    if "status" not in posts.columns:
        return pd.Series(True, index=posts.index)
    return posts["status"].fillna("").astype(str) != "closed"
