"""What goes on each beat-map page: the area, its title, its table and its officer card.

Qt-free: builds :class:`PageSpec` objects from a project (metric geometry from the map
scene's zone) in the bureau's order -- station, then code -- with an overview page at
the head of each station. The atlas draws them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from layers.lookups import station_names
from layers.project import Project

BY_CHOICES = ("grid", "office", "station")


@dataclass
class OfficerCard:
    """警民联系卡: who to call for this area."""

    post: str = ""
    officer: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class PageSpec:
    """One page of the atlas."""

    kind: str  # "overview", "grid", "office" or "station"
    station: str
    code: str
    title: str
    area: BaseGeometry  # metric polygon (the area the page is about)
    table_title: str
    table: pd.DataFrame  # columns: 名称, 代码, 人口, 户数 (and more for overviews)
    card: OfficerCard | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    highlight: dict[str, list[int]] = field(default_factory=dict)


class PagePlanner:
    """Builds page specs for one project in one metric CRS."""

    def __init__(self, project: Project, epsg: int, *, personal: bool = True) -> None:
        self.project = project
        self.epsg = epsg
        self.personal = personal
        self.names = station_names(project)
        self.villages = self._metric("villages")
        self.units = self._metric("units")
        self.grids = self._metric("grids")
        self.posts = self._metric("posts")
        self.bounds = self._metric("boundaries")
        self.plan = self._metric("plan_offices")
        self.members = project["grid_members"]
        self.errors: list[str] = []

    def _metric(self, name: str) -> gpd.GeoDataFrame:
        frame = self.project[name]
        return frame.to_crs(epsg=self.epsg) if len(frame) else frame

    # ------------------------------------------------------------------ iteration
    def pages(self, by: str, overview: bool = True) -> Iterator[PageSpec]:
        """Every page in order; a page whose feature is broken is reported and skipped."""
        if by not in BY_CHOICES:
            raise ValueError(f"--by must be one of {', '.join(BY_CHOICES)}")
        for station in self.stations():
            if overview and by != "station":
                yield from self._safe(self.overview_page, station, station)
            if by == "grid":
                for code in sorted(self.grids.loc[self.grids["station"] == station, "code"]):
                    yield from self._safe(self.grid_page, code, code)
            elif by == "office":
                for code in sorted(self._offices(station)["code"]):
                    yield from self._safe(self.office_page, code, code)
            else:
                yield from self._safe(self.station_page, station, station)

    def _safe(self, fn, arg, label) -> Iterator[PageSpec]:
        try:
            page = fn(arg)
        except Exception as exc:  # one bad feature must not stop an atlas of hundreds of pages
            self.errors.append(f"{label}: {type(exc).__name__}: {exc}")
            return
        if page is not None:
            yield page

    def stations(self) -> list[str]:
        codes = set(self.villages["station"]) | set(self.grids["station"]) | set(self.posts["station"])
        codes.discard("")
        return sorted(codes)

    def _offices(self, station: str) -> pd.DataFrame:
        if len(self.plan):
            return self.plan[self.plan["station"] == station]
        return self.posts[(self.posts["tier"] == "office") & (self.posts["station"] == station)]

    # ------------------------------------------------------------------ areas
    def station_area(self, station: str) -> BaseGeometry:
        sb = self.bounds[(self.bounds["level"] == "station") & (self.bounds["code"] == station)]
        if len(sb):
            return shapely.union_all(sb.geometry.values)
        g = self.grids[self.grids["station"] == station]
        if len(g):
            return shapely.union_all(g.geometry.values)
        v = self.villages[self.villages["station"] == station]
        return shapely.convex_hull(shapely.union_all(v.geometry.values)).buffer(800)

    def _title(self, station: str, *parts: str) -> str:
        return " ".join(p for p in (self.names.get(station, station), *parts, "警务区图") if p)

    def _card(self, post_row, fallback_post: str = "") -> OfficerCard:
        if post_row is None:
            return OfficerCard(post=fallback_post)
        name = post_row.get("officer_name", "") if self.personal else ""
        phone = post_row.get("officer_phone", "") if self.personal else ""
        return OfficerCard(post=post_row.get("name", fallback_post), officer=name or "", phone=phone or "",
                           address=post_row.get("address", "") or "")

    # ------------------------------------------------------------------ page kinds
    def overview_page(self, station: str) -> PageSpec:
        area = self.station_area(station)
        g = self.grids[self.grids["station"] == station]
        table = pd.DataFrame({"名称": g["name"], "代码": g["code"], "人口": g["population"], "户数": g["households"],
                              "配警": g["officers_required"]}).sort_values("代码")
        v = self.villages[self.villages["station"] == station]
        seat = self.posts[(self.posts["tier"] == "station") & (self.posts["station"] == station)]
        card = self._card(seat.iloc[0].to_dict() if len(seat) else None, self.names.get(station, station))
        facts = [("行政村", str(int((v["area_type"] == "rural").sum()))), ("社区", str(int((v["area_type"] == "urban").sum()))),
                 ("人口", f"{int(v['population'].sum()):,}"), ("警格", str(len(g))),
                 ("警务室", str(len(self._offices(station))))]
        return PageSpec("overview", station, station, self._title(station, "辖区总图"), area, "警格一览", table, card, facts)

    def grid_page(self, code: str) -> PageSpec:
        row = self.grids[self.grids["code"] == code].iloc[0]
        area = row.geometry
        if area is None or area.is_empty:
            raise ValueError("grid has no geometry")
        members = set(self.members.loc[self.members["grid"] == code, "member"])
        units = self.units[self.units["code"].isin(members)]
        villages = self.villages[self.villages["code"].isin(members)]
        parts = [
            pd.DataFrame({"名称": f["name"], "代码": f["code"], "人口": f["population"], "户数": f["households"]})
            for f in (villages, units) if len(f)
        ]
        table = pd.concat(parts).sort_values("代码") if parts else pd.DataFrame(columns=["名称", "代码", "人口", "户数"])
        card = OfficerCard(post=row["name"] or code,
                           officer=row["officer_name"] if self.personal else "",
                           phone=row["officer_phone"] if self.personal else "")
        office = self._nearest_office(area)
        if office is not None:
            card.address = office
        facts = [("人口", f"{int(row['population']):,}"), ("户数", f"{int(row['households']):,}"),
                 ("配警", str(int(row["officers_required"]))),
                 ("类型", "城区" if row["area_type"] == "urban" else "农村")]
        return PageSpec("grid", row["station"], code, self._title(row["station"], row["name"] or code), area,
                        "网格内村/楼栋", table, card, facts,
                        )

    def office_page(self, code: str) -> PageSpec:
        offices = self.plan if len(self.plan) else self.posts
        row = offices[offices["code"] == code].iloc[0]
        served = self._served_villages(code, row)
        v = self.villages[self.villages["code"].isin(served)]
        g = self.grids[self.grids["code"].isin(self.members.loc[self.members["member"].isin(served), "grid"])]
        if len(g):
            area = shapely.union_all(g.geometry.values)
        elif len(v):
            area = shapely.convex_hull(shapely.union_all([*v.geometry.values, row.geometry])).buffer(600)
        else:
            area = row.geometry.buffer(1500)
        table = pd.DataFrame({"名称": v["name"], "代码": v["code"], "人口": v["population"], "户数": v["households"]}).sort_values("代码")
        post = self.posts[self.posts["code"] == code]
        card = self._card(post.iloc[0].to_dict() if len(post) else None, row["name"])
        facts = [("辖村", str(len(v))), ("人口", f"{int(v['population'].sum()):,}"), ("户数", f"{int(v['households'].sum()):,}")]
        if "mean_km" in row and pd.notna(row.get("mean_km")):
            facts.append(("平均路程", f"{row['mean_km']:.1f} km"))
            facts.append(("最远路程", f"{row['max_km']:.1f} km"))
        return PageSpec("office", row["station"], code, self._title(row["station"], row["name"]), area,
                        "服务村庄", table, card, facts)

    def station_page(self, station: str) -> PageSpec:
        page = self.overview_page(station)
        offices = self._offices(station)
        page.kind, page.table_title = "station", "警务室一览"
        page.title = self._title(station)
        page.table = pd.DataFrame({"名称": offices["name"], "代码": offices["code"],
                                   "辖村": offices["villages"] if "villages" in offices else np.nan}).sort_values("代码")
        return page

    # ------------------------------------------------------------------ helpers
    def _served_villages(self, code: str, row) -> list[str]:
        assign = self.project["plan_assignment"]
        if len(self.plan) and len(assign):
            return list(assign.loc[assign["office"] == code, "village"])
        v = self.villages[(self.villages["station"] == row["station"]) & (self.villages["area_type"] == "rural")]
        offices = self._offices(row["station"])
        if not len(v) or not len(offices):
            return []
        oxy = shapely.get_coordinates(offices.geometry.values)
        vxy = shapely.get_coordinates(v.geometry.representative_point().values)
        nearest = ((vxy[:, None, :] - oxy[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        return list(v["code"].to_numpy()[offices["code"].to_numpy()[nearest] == code])

    def _nearest_office(self, area: BaseGeometry) -> str | None:
        offices = self.plan if len(self.plan) else self.posts[self.posts["tier"] == "office"]
        if not len(offices):
            return None
        d = shapely.distance(offices.geometry.values, area)
        return f"{offices['name'].iloc[int(np.argmin(d))]}"
