"""Existing posts: a station post at every station's seat, some offices and workstations.

The demo starts from a partly built network, as most counties do: rural stations have
an office for every 8 to 12 villages (a few stations none yet), most urban communities
have one in their service centre, and a quarter of the villages without an office have
a workstation. Every post has a named officer and a mobile number (警民联系卡). The rural
stations farthest from the county town are marked ``remote`` (地处偏远、警力较少: at least
2 offices), one in every ``REMOTE_EVERY`` rural stations.
"""

from __future__ import annotations

import numpy as np

from gisdesk.demo.geography import County
from gisdesk.demo.names import NameBook, short
from gisdesk.demo.shapes import kmeans

REMOTE_EVERY = 7


def post_rows(rng: np.random.Generator, names: NameBook, county: County, villages: list[dict],
              communities: list[dict], sites: list[dict]) -> list[dict]:
    rows: list[dict] = []

    def add(code, name, tier, station, xy, officers, auxiliaries):
        rows.append({"code": code, "name": name, "tier": tier, "station": station, "officers": officers,
                     "auxiliaries": auxiliaries, "officer_name": names.person(), "officer_phone": names.phone(),
                     "remote": False, "xy": np.asarray(xy, float)})

    office_site = {s["village"]: s for s in sites if s["category"] == "village_office"}
    centre_site = {s["village"]: s for s in sites if s["category"] == "service_center"}
    for st in county.stations:
        add(st.code, st.name, "station", st.code, st.seat,
            int(rng.integers(10, 24)) if st.urban else int(rng.integers(5, 13)),
            int(rng.integers(15, 40)) if st.urban else int(rng.integers(8, 24)))
    rural_stations = [k for k, st in enumerate(county.stations) if not st.urban]
    for k in remote_stations(county):
        rows[k]["remote"] = True
    none_yet = set(rng.choice(rural_stations, size=min(len(rural_stations), int(rng.integers(2, 4))), replace=False).tolist())
    by_station: dict[int, list[int]] = {}
    for i in range(len(villages)):
        by_station.setdefault(int(county.village_station[i]), []).append(i)
    for k, st in enumerate(county.stations):
        members = np.array(by_station.get(k, []), int)
        n_off = 0 if k in none_yet or len(members) == 0 else max(1, int(round(len(members) / rng.uniform(8, 12))))
        has_office: set[int] = set()
        if n_off:
            xy = np.array([villages[i]["xy"] for i in members])
            centres, _ = kmeans(rng, xy, min(n_off, len(members)), iterations=6)
            for j, c in enumerate(centres, start=1):
                i = int(members[np.argmin(np.hypot(*(xy - c).T))])
                if i in has_office:
                    continue
                has_office.add(i)
                v = villages[i]
                site = office_site.get(v["code"])
                add(f"{st.code}J{j:02d}", short(v["name"]) + "警务室", "office", st.code,
                    site["xy"] if site else v["xy"], int(rng.integers(1, 3)), int(rng.integers(1, 4)))
        w = 0
        for i in members:
            if int(i) in has_office or rng.random() > 0.25:
                continue
            w += 1
            v = villages[int(i)]
            site = office_site.get(v["code"])
            add(f"{st.code}W{w:03d}", short(v["name"]) + "警务工作站", "workstation", st.code,
                site["xy"] if site else v["xy"], int(rng.random() < 0.3), int(rng.integers(1, 3)))
    j_by_station: dict[str, int] = {}
    for comm in communities:
        if rng.random() > 0.7:
            continue
        s = comm["station"]
        j_by_station[s] = j_by_station.get(s, 0) + 1
        site = centre_site.get(comm["code"])
        add(f"{s}C{j_by_station[s]:02d}", comm["name"] + "警务室", "office", s,
            site["xy"] if site else comm["xy"], int(rng.integers(1, 3)), int(rng.integers(2, 5)))
    return rows


def remote_stations(county: County) -> list[int]:
    """The rural stations whose seats lie farthest from the urban stations' (deterministic,
    no random draw: the rest of the demo is the same with or without them)."""
    seats = np.array([st.seat for st in county.stations], float)
    urban = [k for k, st in enumerate(county.stations) if st.urban]
    rural = [k for k, st in enumerate(county.stations) if not st.urban]
    if not rural:
        return []
    centre = seats[urban].mean(axis=0) if urban else seats.mean(axis=0)
    far = sorted(rural, key=lambda k: (-float(np.hypot(*(seats[k] - centre))), k))
    return sorted(far[: max(1, round(len(rural) / REMOTE_EVERY))])
