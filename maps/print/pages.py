"""What goes on each beat-map page: the area, its subject, its tables and its officer card.

Qt-free: builds :class:`PageSpec` objects from a project (metric geometry from the map
scene's zone) in the bureau's order -- a county overview, then per station its overview
and its pages by code. A :class:`Selection` limits the atlas to one station, some grids or
some offices; :meth:`PagePlanner.unknown` names the codes of a selection the project
does not hold. The atlas draws the specs (and adds continuation pages for long tables).
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
MEMBER_COLUMNS = ["名称", "所属", "代码", "人口", "户数"]


@dataclass(frozen=True)
class Selection:
    """Which pages to print: everything (empty), one or more stations, grids or offices."""

    stations: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return not (self.stations or self.grids or self.offices)


@dataclass(frozen=True)
class Person:
    """Someone responsible for an area, as the card prints them (role 民警 or 辅警)."""

    name: str
    role: str
    code: str
    phone: str


@dataclass
class OfficerCard:
    """警民联系卡: who to call for this area."""

    post: str = ""
    officer: str = ""
    phone: str = ""
    address: str = ""
    parent: str = "所属警务室"
    """What ``address`` names: the office a grid belongs to, the station of an office."""
    people: list[Person] = field(default_factory=list)
    """The people responsible for the area's grids (the ``assignments``), officers first;
    empty without personal data (``personal=False``) or when no one is assigned."""
    counts: str = ""
    """How many are responsible (民警 1 人、辅警 1 人): what the card says instead of names
    when personal data is left out."""


@dataclass
class PageSpec:
    """One page of the atlas."""

    kind: str  # "county", "overview", "grid", "office" or "station"
    station: str
    code: str
    title: str
    area: BaseGeometry  # metric polygon (the area the page is about)
    table_title: str
    table: pd.DataFrame  # columns: 名称, 所属, 代码, 人口, 户数 (others on overviews)
    card: OfficerCard | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    highlight: dict[str, list[int]] = field(default_factory=dict)
    subject: dict[str, list[int]] = field(default_factory=dict)
    """Rows of the scene's layers this page is about: labelled first and always."""
    code_label: str = ""
    """The grid, office or station code shown on the map (``警格 C1-G01``)."""
    locator: BaseGeometry | None = None
    """The larger area the locator inset shows (the station; the county for a station)."""
    context: list[BaseGeometry] = field(default_factory=list)
    """Neighbouring areas outlined in the locator (the station's other grids or stations)."""
    sites: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["名称", "类别"]))
    """The area's key sites (category codes; the atlas shows their names)."""
    side_title: str = "重点部位"
    """The title of the ``sites`` box (an overview lists its offices there instead)."""


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
        self.sites = self._metric("key_sites")
        self.members = project["grid_members"]
        self.roster = _roster(project)
        community = self.bounds[self.bounds["level"] == "community"]
        self.communities = dict(zip(community["code"], community["name"], strict=False))
        self.errors: list[str] = []

    def _metric(self, name: str) -> gpd.GeoDataFrame:
        frame = self.project[name].reset_index(drop=True)
        return frame.to_crs(epsg=self.epsg) if len(frame) else frame

    @property
    def offices(self) -> gpd.GeoDataFrame:
        """The offices pages are made for: the plan's when there is one, else the posts'."""
        return self.plan if len(self.plan) else self.posts[self.posts["tier"] == "office"]

    # ------------------------------------------------------------------ iteration
    def unknown(self, selection: Selection) -> list[tuple[str, str]]:
        """``(option, code)`` for each code of the selection that the project does not hold."""
        out = [("station", c) for c in selection.stations if c not in self.stations()]
        out += [("grid", c) for c in selection.grids if c not in set(self.grids["code"])]
        out += [("office", c) for c in selection.offices if c not in set(self.offices["code"])]
        return out

    def pages(self, by: str, overview: bool = True, selection: Selection | None = None) -> Iterator[PageSpec]:
        """Every page in order; a page whose feature is broken is reported and skipped.

        The whole atlas opens with a county overview (more than one station) and each
        station with its own; a station selection keeps its overview; grids and offices
        chosen one by one print just their pages.
        """
        for fn, arg, label in self.plan_pages(by, overview, selection):
            yield from self._safe(fn, arg, label)

    def count(self, by: str, overview: bool = True, selection: Selection | None = None) -> int:
        """How many pages :meth:`pages` makes (before continuation sheets), without making them."""
        return len(self.plan_pages(by, overview, selection))

    def plan_pages(self, by: str, overview: bool = True, selection: Selection | None = None) -> list[tuple]:
        """``(make_page, code, label)`` for each page, in order."""
        if by not in BY_CHOICES:
            raise ValueError(f"--by must be one of {', '.join(BY_CHOICES)}")
        sel = selection or Selection()
        if sel.grids or sel.offices:
            return ([(self.grid_page, c, c) for c in sorted(sel.grids)]
                    + [(self.office_page, c, c) for c in sorted(sel.offices)])
        stations = [s for s in self.stations() if sel.everything or s in sel.stations]
        out: list[tuple] = []
        if overview and sel.everything and len(stations) > 1:
            out.append((self.county_page, "", "county"))
        for station in stations:
            if overview and by != "station":
                out.append((self.overview_page, station, station))
            if by == "grid":
                out += [(self.grid_page, c, c) for c in sorted(self.grids.loc[self.grids["station"] == station, "code"])]
            elif by == "office":
                out += [(self.office_page, c, c) for c in sorted(self._offices(station)["code"])]
            else:
                out.append((self.station_page, station, station))
        return out

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
        return sorted(c for c in codes if isinstance(c, str))

    def _offices(self, station: str) -> pd.DataFrame:
        offices = self.offices
        return offices[offices["station"] == station]

    # ------------------------------------------------------------------ areas
    def station_area(self, station: str) -> BaseGeometry:
        sb = self.bounds[(self.bounds["level"] == "station") & (self.bounds["code"] == station)]
        if len(sb):
            return shapely.union_all(sb.geometry.values)
        g = self.grids[self.grids["station"] == station]
        if len(g):
            return shapely.union_all(g.geometry.values)
        v = self.villages[self.villages["station"] == station]
        seat = self.posts[(self.posts["station"] == station) & (self.posts["tier"] == "station")]
        return shapely.convex_hull(shapely.union_all([*v.geometry.values, *seat.geometry.values])).buffer(800)

    def county_area(self) -> BaseGeometry:
        county = self.bounds[self.bounds["level"] == "county"]
        if len(county):
            return shapely.union_all(county.geometry.values)
        return shapely.union_all([self.station_area(s) for s in self.stations()])

    def _title(self, station: str, *parts: str) -> str:
        return " ".join(p for p in (self.names.get(station, station), *parts, "警务区图") if p)

    def _card(self, post_row, fallback_post: str = "") -> OfficerCard:
        if post_row is None:
            return OfficerCard(post=fallback_post)
        name = post_row.get("officer_name", "") if self.personal else ""
        phone = post_row.get("officer_phone", "") if self.personal else ""
        return OfficerCard(post=post_row.get("name", fallback_post), officer=name or "", phone=phone or "",
                           address=post_row.get("address", "") or "")

    def _station_context(self, station: str, but: str) -> list[BaseGeometry]:
        g = self.grids[(self.grids["station"] == station) & (self.grids["code"] != but)]
        return [geom for geom in g.geometry.values if geom is not None and not geom.is_empty]

    def _sites_in(self, area: BaseGeometry) -> tuple[pd.DataFrame, list[int]]:
        if not len(self.sites):
            return pd.DataFrame(columns=["名称", "类别"]), []
        shapely.prepare(area)
        inside = np.flatnonzero(shapely.contains(area, self.sites.geometry.values))
        rows = self.sites.iloc[inside]
        return pd.DataFrame({"名称": rows["name"].to_numpy(), "类别": rows["category"].to_numpy()}), inside.tolist()

    # ------------------------------------------------------------------ page kinds
    def county_page(self, _unused: str = "") -> PageSpec:
        rows = []
        for station in self.stations():
            g = self.grids[self.grids["station"] == station]
            v = self.villages[self.villages["station"] == station]
            rows.append({"名称": self.names.get(station, station), "代码": station, "警格": len(g),
                         "警务室": len(self._offices(station)), "行政村": int((v["area_type"] == "rural").sum()),
                         "人口": _total(v["population"])})
        table = pd.DataFrame(rows, columns=["名称", "代码", "警格", "警务室", "行政村", "人口"])
        v = self.villages
        facts = [("派出所", str(len(rows))), ("行政村", str(int((v["area_type"] == "rural").sum()))),
                 ("人口", _number(_total(v["population"]))), ("警格", str(len(self.grids))),
                 ("警务室", str(len(self.offices)))]
        title = str(self.project.metadata.get("title", "")).removeprefix("演示项目：") or "辖区"
        seats = np.flatnonzero((self.posts["tier"] == "station").to_numpy()).tolist()
        return PageSpec("county", "", "", f"{title} 警务区总图", self.county_area(), "派出所一览", table,
                        None, facts, subject={"posts": seats}, code_label="全域总图", side_title="")

    def overview_page(self, station: str) -> PageSpec:
        area = self.station_area(station)
        g = self.grids[self.grids["station"] == station]
        table = pd.DataFrame({"名称": g["name"], "代码": g["code"], "人口": g["population"], "户数": g["households"],
                              "配警": g["officers_required"]}).sort_values("代码")
        if len(self.roster):
            table = self._with_people(table)
        v = self.villages[self.villages["station"] == station]
        is_seat = ((self.posts["tier"] == "station") & (self.posts["station"] == station)).to_numpy()
        seat = self.posts[is_seat]
        card = self._card(seat.iloc[0].to_dict() if len(seat) else None, self.names.get(station, station))
        card.parent, card.address = "警务室", f"{len(self._offices(station))} 个"
        facts = [("行政村", str(int((v["area_type"] == "rural").sum()))), ("社区", str(int((v["area_type"] == "urban").sum()))),
                 ("人口", _number(_total(v["population"]))), ("警格", str(len(g))),
                 ("警务室", str(len(self._offices(station))))]
        others = [self.station_area(s) for s in self.stations() if s != station]
        offices = self._offices(station).sort_values("code")
        status = (np.where(offices["existing"].astype(bool), "保留", "新设") if "existing" in offices else "现有")
        side = pd.DataFrame({"名称": offices["name"].to_numpy(), "类别": status})
        return PageSpec("overview", station, station, self._title(station, "辖区总图"), area, "警格一览", table, card, facts,
                        subject={"posts": np.flatnonzero(is_seat).tolist()}, code_label=f"派出所 {station}",
                        locator=self.county_area() if len(self.stations()) > 1 else None, context=others,
                        sites=side, side_title="警务室")

    def grid_page(self, code: str) -> PageSpec:
        hit = np.flatnonzero((self.grids["code"] == code).to_numpy())
        row = self.grids.iloc[hit[0]]
        area = row.geometry
        if area is None or area.is_empty:
            raise ValueError("grid has no geometry")
        members = set(self.members.loc[self.members["grid"] == code, "member"])
        vmask = self.villages["code"].isin(members).to_numpy()
        umask = self.units["code"].isin(members).to_numpy()
        table = self._member_table(self.villages[vmask], self.units[umask])
        card = self._people_card(OfficerCard(post=row["name"] or code,
                                             officer=row["officer_name"] if self.personal else "",
                                             phone=row["officer_phone"] if self.personal else ""), [code])
        office = self._serving_office(members) or self._nearest_office(area)
        if office is not None:
            card.address = office
        required = row["officers_required"]
        facts = [("人口", _number(row["population"])), ("户数", _number(row["households"])),
                 ("配警", "" if pd.isna(required) else str(int(required)))]
        if row["area_type"] == "urban":
            facts += [("类型", "城区"), ("社区", self.communities.get(row["community"], "") or str(row["community"] or ""))]
        else:
            towns = sorted({str(t) for t in self.villages.loc[vmask, "township"] if t})
            facts += [("类型", "农村"), ("乡镇", "、".join(towns))]
        sites, _ = self._sites_in(area)
        subject = {"grids": [int(hit[0])], "villages": np.flatnonzero(vmask).tolist()}
        return PageSpec("grid", row["station"], code, self._title(row["station"], row["name"] or code), area,
                        "网格内村/小区", table, card, facts, subject=subject, code_label=f"警格 {code}",
                        locator=self.station_area(row["station"]), context=self._station_context(row["station"], code),
                        sites=sites, highlight={})

    def office_page(self, code: str) -> PageSpec:
        from_plan = bool(len(self.plan))
        offices = self.offices
        hit = np.flatnonzero((offices["code"] == code).to_numpy())
        row = offices.iloc[hit[0]]
        served = self._served_villages(code, row)
        vmask = self.villages["code"].isin(served).to_numpy()
        v = self.villages[vmask]
        g = self.grids[self.grids["code"].isin(self.members.loc[self.members["member"].isin(served), "grid"])]
        if len(g):
            area = shapely.union_all(g.geometry.values)
        elif len(v):
            area = shapely.convex_hull(shapely.union_all([*v.geometry.values, row.geometry])).buffer(600)
        else:
            area = row.geometry.buffer(1500)
        table = self._member_table(v, self.units.iloc[0:0])
        post = self.posts[self.posts["code"] == code]
        card = self._people_card(self._card(post.iloc[0].to_dict() if len(post) else None, row["name"]),
                                 list(g["code"]))
        card.parent, card.address = "所属派出所", self.names.get(row["station"], row["station"])
        facts = [("辖村", str(len(v))), ("人口", _number(_total(v["population"]))), ("户数", _number(_total(v["households"])))]
        if "mean_km" in row and pd.notna(row.get("mean_km")):
            facts.append(("平均路程", f"{row['mean_km']:.1f} km"))
            facts.append(("最远路程", f"{row['max_km']:.1f} km"))
        if from_plan:
            facts.append(("状态", "保留" if bool(row.get("existing", False)) else "新设"))
        own = int(offices.index[hit[0]])  # the office's row in the layer drawn for it
        subject = {"plan_offices" if from_plan else "posts": [own], "villages": np.flatnonzero(vmask).tolist()}
        sites, _ = self._sites_in(area)
        context = self._station_context(row["station"], "")
        return PageSpec("office", row["station"], code, self._title(row["station"], row["name"]), area,
                        "服务村庄", table, card, facts, subject=subject, code_label=f"警务室 {code}",
                        locator=self.station_area(row["station"]), context=context, sites=sites)

    def station_page(self, station: str) -> PageSpec:
        page = self.overview_page(station)
        offices = self._offices(station)
        page.kind, page.table_title = "station", "警务室一览"
        page.title = self._title(station)
        page.table = pd.DataFrame({"名称": offices["name"], "代码": offices["code"],
                                   "辖村": offices["villages"] if "villages" in offices else np.nan}).sort_values("代码")
        layer = "plan_offices" if len(self.plan) else "posts"
        page.subject[layer] = page.subject.get(layer, []) + [int(i) for i in offices.index]
        page.sites, _ = self._sites_in(page.area)
        page.side_title = "重点部位"
        return page

    # ------------------------------------------------------------------ people
    def _people(self, grids: list[str]) -> list[Person]:
        """The people assigned to ``grids``, officers first, each once."""
        r = self.roster
        if not len(r):
            return []
        rows = r[r["grid"].isin(grids)].drop_duplicates("code")
        return [Person(str(x.name), str(x.role), str(x.code), str(x.phone)) for x in rows.itertuples()]

    def _people_card(self, card: OfficerCard, grids: list[str]) -> OfficerCard:
        """The card with the people responsible for ``grids`` (names only with personal data)."""
        people = self._people(grids)
        if not people:
            return card
        if self.personal:
            card.people = people
            card.officer, card.phone = people[0].name, people[0].phone
        else:
            card.officer = card.phone = ""
            card.counts = _counts(people)
        return card

    def _with_people(self, table: pd.DataFrame) -> pd.DataFrame:
        """The overview's grid table with the station's roster beside each grid: who covers it,
        their role and 警号, their phone (names and phones only with personal data)."""
        people = {c: self._people([c]) for c in table["代码"]}
        if self.personal:
            table["责任人"] = ["、".join(f"{p.name}（{ROLE_LABELS.get(p.role, p.role)} {p.code}）" for p in people[c])
                            or "未分配" for c in table["代码"]]
            table["联系电话"] = ["、".join(p.phone for p in people[c] if p.phone) for c in table["代码"]]
        else:
            table["责任人"] = [_counts(people[c]) or "未分配" for c in table["代码"]]
        return table

    # ------------------------------------------------------------------ helpers
    def _member_table(self, villages: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
        """Every member of an area: villages with their township, units with their community."""
        parts = [pd.DataFrame({"名称": villages["name"].to_numpy(), "所属": villages["township"].to_numpy(),
                               "代码": villages["code"].to_numpy(), "人口": villages["population"].to_numpy(),
                               "户数": villages["households"].to_numpy()})]
        if len(units):
            owner = [self.communities.get(c, c) for c in units["community"]]
            parts.append(pd.DataFrame({"名称": units["name"].to_numpy(), "所属": owner, "代码": units["code"].to_numpy(),
                                       "人口": units["population"].to_numpy(), "户数": units["households"].to_numpy()}))
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=MEMBER_COLUMNS)
        table = pd.concat(parts, ignore_index=True).sort_values("代码", ignore_index=True)
        for c in ("人口", "户数"):
            table[c] = pd.to_numeric(table[c], errors="coerce").astype("Int64")
        if table["所属"].nunique() <= 1:  # one township or community: the facts name it
            table = table.drop(columns="所属")
        assign = self.project["plan_assignment"]
        if len(villages) and len(assign) and "road_km" in assign.columns:
            km = pd.to_numeric(assign.drop_duplicates("village").set_index("village")["road_km"], errors="coerce")
            table["至警务室(km)"] = table["代码"].map(km).round(1)
            if table["至警务室(km)"].isna().all():
                table = table.drop(columns="至警务室(km)")
        return table

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

    def _serving_office(self, members: set[str]) -> str | None:
        """The name of the plan's office that serves most of these villages, if any."""
        assign = self.project["plan_assignment"]
        if not len(self.plan) or not len(assign):
            return None
        serving = assign.loc[assign["village"].isin(members), "office"]
        if not len(serving):
            return None
        names = self.plan.set_index("code")["name"]
        code = serving.mode().iloc[0]
        return str(names.get(code, code))

    def _nearest_office(self, area: BaseGeometry) -> str | None:
        offices = self.offices
        if not len(offices):
            return None
        d = shapely.distance(offices.geometry.values, area)
        return f"{offices['name'].iloc[int(np.argmin(d))]}"


ROLE_LABELS = {"officer": "民警", "auxiliary": "辅警"}


def _roster(project: Project) -> pd.DataFrame:
    """Each assignment with its person (code, name, role, phone, grid), officers first."""
    a, o = project["assignments"], project["officers"]
    if not len(a) or not len(o):
        return pd.DataFrame(columns=["code", "name", "role", "phone", "grid"])
    people = o.drop_duplicates("code")[["code", "name", "role", "phone"]]
    rows = a.rename(columns={"officer": "code"})[["code", "grid"]].merge(people, on="code", how="inner")
    rows["phone"] = rows["phone"].fillna("")
    rows["rank"] = (rows["role"] != "officer").astype(int)
    return rows.sort_values(["rank", "code"], kind="stable").drop(columns="rank").reset_index(drop=True)


def _counts(people: list[Person]) -> str:
    """民警 1 人、辅警 2 人."""
    n = {r: sum(p.role == r for p in people) for r in ROLE_LABELS}
    return "、".join(f"{ROLE_LABELS[r]} {k} 人" for r, k in n.items() if k)


def _total(values: pd.Series) -> int | None:
    """The sum of known counts; None (unknown) when none is known."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    return int(known.sum()) if len(known) else None


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "不详"
    return f"{int(value):,}"
