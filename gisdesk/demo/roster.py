"""The demo's roster: the officers (民警) and auxiliaries (辅警) of every station.

Shaped on the city's figures (DOMAIN.md: 1,088 community officers for 244 communities and
about 4,800 villages, 2,819 auxiliaries): each post's officers and auxiliaries sit there
(the station's auxiliaries and most of its officers do station work and carry no grid;
a share of its officers are grid officers too); about one community officer per urban
community, carrying its two or three grids; auxiliaries for most villages, a village each;
a few people on leave (inactive); and a few stations short of people, as real ones are,
whose grid officers carry several villages each. Names are generated, phones are clearly
fictitious (138-0000-xxxx, then 139-0000-xxxx ...), 警号 are eight digits (the county
code's last four, then a number: unique in a province), auxiliaries' numbers start with F.

Drawn from its own generator (seeded with the demo's seed), so the rest of the demo is
the same with or without it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gisdesk.demo.names import NameBook
from layers.standard import Standard

SHORT_STATIONS = 3
"""Rural stations given too few village auxiliaries."""
VILLAGE_AUXILIARY_SHARE = (0.92, 0.1)
"""Share of the villages left without anyone at their post that get an auxiliary of their
own (stations in general, short stations)."""
INACTIVE_SHARE = 0.02
BEAT_SHARE = (0.3, 0.6)
"""Share of a station's own officers who are also grid officers (包村/社区民警 at the station)."""
MAX_STRETCH = 6
"""Most grids a stretched officer of a short station carries."""
BUREAU_SHARE = (0.50, 0.62)
"""The roster's officers as a share of the county bureau's (the city's districts exceed 50%)."""


def _by_station(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(k): g for k, g in frame.groupby("station", sort=False)}


def _stretch(people: list[dict], needed: int) -> None:
    """A station short of people stretches them: its active grid officers carry up to
    :data:`MAX_STRETCH` grids each until every grid can have someone (then the check
    warns of the shortage instead of leaving villages without anyone)."""
    carriers = [p for p in people if p["active"] and p["role"] == "officer" and p["max_grids"] > 0]
    capacity = sum(p["max_grids"] for p in people if p["active"])
    while capacity < needed and any(p["max_grids"] < MAX_STRETCH for p in carriers):
        for p in carriers:
            if capacity >= needed:
                break
            if p["max_grids"] < MAX_STRETCH:
                p["max_grids"] += 1
                capacity += 1


def roster_frame(seed: int, villages: pd.DataFrame, posts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The ``officers`` rows and the county bureau's officer total, from the demo's villages
    and posts (any CRS; only codes, tiers, counts and stations are read)."""
    rng = np.random.default_rng([int(seed), 13])
    names = NameBook(rng)
    rows: list[dict] = []
    counter: dict[str, int] = {}

    def person(station: str, role: str, post: str, max_grids: int) -> None:
        county = station[:6]
        counter[county + role] = counter.get(county + role, 0) + 1
        n = counter[county + role]
        code = ("F" if role == "auxiliary" else "") + f"{county[-4:]}{n:04d}"
        serial = len(rows)
        phone = f"{138 + serial // 10000}0000{serial % 10000:04d}"
        rows.append({"code": code, "name": names.person(), "phone": phone, "role": role, "station": station,
                     "post": post, "max_grids": max_grids, "active": bool(rng.random() >= INACTIVE_SHARE)})

    stations = posts[posts["tier"] == "station"]
    rural_villages = villages[villages["area_type"] == "rural"]
    communities = villages[villages["area_type"] == "urban"]
    urban_stations = set(communities["station"])
    rural_stations = [s for s in stations["station"] if s in set(rural_villages["station"]) and s not in urban_stations]
    short = set(rng.choice(rural_stations, size=min(SHORT_STATIONS, len(rural_stations)), replace=False).tolist()) \
        if rural_stations else set()
    standard = Standard()
    own_posts = _by_station(posts[posts["tier"] != "station"])
    own_villages = _by_station(rural_villages)
    own_communities = _by_station(communities)
    empty_posts, empty_villages = posts.iloc[0:0], villages.iloc[0:0]
    for st_row in stations.itertuples():
        st = st_row.station
        first = len(rows)
        beat = rng.uniform(*BEAT_SHARE)
        for _ in range(int(st_row.officers)):
            person(st, "officer", st_row.code, 3 if rng.random() < beat else 0)
        for _ in range(int(st_row.auxiliaries)):
            person(st, "auxiliary", st_row.code, 0)
        own = own_posts.get(st, empty_posts)
        for p in own.itertuples():
            urban_office = p.code[len(st):].startswith("C")
            for _ in range(int(p.officers)):
                person(st, "officer", p.code, 3 if urban_office else (2 if p.tier == "office" else 1))
            for k in range(int(p.auxiliaries)):
                person(st, "auxiliary", p.code, int(k == 0 or st not in short))
        comm = own_communities.get(st, empty_villages)
        with_office = int(own["code"].str[len(st):].str.startswith("C").sum())
        for _ in range(max(0, len(comm) - with_office)):
            person(st, "officer", "", 3)
        vil = own_villages.get(st, empty_villages)
        carried = int((own["tier"] == "workstation").sum())
        share = VILLAGE_AUXILIARY_SHARE[1] if st in short else VILLAGE_AUXILIARY_SHARE[0]
        for _ in range(max(0, len(vil) - carried)):
            if rng.random() < share:
                person(st, "auxiliary", "", 1)
        needed = sum(standard.officers_required(a, b, c) for a, b, c in
                     zip([*vil["population"], *comm["population"]], [*vil["households"], *comm["households"]],
                         [*vil["area_type"], *comm["area_type"]], strict=True))
        _stretch(rows[first:], needed)
    frame = pd.DataFrame(rows, columns=["code", "name", "phone", "role", "station", "post", "max_grids", "active"])
    officers = int(((frame["role"] == "officer") & frame["active"]).sum())
    bureau = int(round(officers / rng.uniform(*BUREAU_SHARE)))
    return frame, bureau


def post_contacts(posts: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """``posts`` with ``officer_name`` / ``officer_phone`` of someone of the roster who sits
    there (an officer at work first, then an auxiliary at work, then anyone), so the
    contact of a post is a person of the roster with a clearly fictitious phone; a post
    no one sits at keeps none."""
    seated = roster[roster["post"] != ""].assign(
        rank=lambda r: (r["role"] != "officer").astype(int) + 2 * (~r["active"].astype(bool)).astype(int))
    first = seated.sort_values(["rank"], kind="stable").drop_duplicates("post").set_index("post")
    out = posts.copy()
    out["officer_name"] = out["code"].map(first["name"]).fillna("")
    out["officer_phone"] = out["code"].map(first["phone"]).fillna("")
    return out
