"""The real Krems (Austria) OpenStreetMap extract moved rigidly into Xiayi county, Henan.

Coordinates go into a transverse Mercator centred on Krems, and the same metres are read
back in one centred on Xiayi's county seat: every distance within the ~5 km extract is kept
(to well under a metre), so the road network is the real one, only somewhere else. Written
into a test's tmp_path; the shared data are never copied into the repository.
"""

from __future__ import annotations

import gzip
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import shapely

ROOT = Path(__file__).resolve().parents[2]
OSM = ROOT / ".." / "shared" / "data" / "osm" / "krems"
GEOFABRIK = OSM / "geofabrik"
SHANGQIU = ROOT / ".." / "shared" / "data" / "cn" / "shangqiu"

KREMS = (15.63, 48.405)
XIAYI_SEAT = (116.118, 34.249)  # 城关镇, Xiayi county's seat


def _move():
    here = pyproj.CRS.from_proj4(f"+proj=tmerc +lon_0={KREMS[0]} +lat_0={KREMS[1]} +ellps=WGS84 +units=m")
    there = pyproj.CRS.from_proj4(f"+proj=tmerc +lon_0={XIAYI_SEAT[0]} +lat_0={XIAYI_SEAT[1]} +ellps=WGS84 +units=m")
    a = pyproj.Transformer.from_crs("EPSG:4326", here, always_xy=True)
    b = pyproj.Transformer.from_crs(there, "EPSG:4326", always_xy=True)

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = a.transform(xy[:, 0], xy[:, 1])
        lon, lat = b.transform(x, y)
        return np.column_stack([lon, lat])

    return move


def move_geometries(values) -> np.ndarray:
    return shapely.transform(np.asarray(values, dtype=object), _move())


def geofabrik_copy(folder: Path, edit=None) -> Path:
    """The three Geofabrik shapefiles, moved, in ``folder``; ``edit(kind, frame)`` may change rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("roads", "places", "pois"):
        name = f"gis_osm_{kind}_free_1"
        frame = pyogrio.read_dataframe(GEOFABRIK / f"{name}.shp")
        frame = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=move_geometries(frame.geometry.values),
                                 crs="EPSG:4326")
        if edit is not None:
            frame = edit(kind, frame)
        pyogrio.write_dataframe(frame, folder / f"{name}.shp", encoding="UTF-8")
        shutil.copy(GEOFABRIK / f"{name}.cpg", folder / f"{name}.cpg")
    return folder


def raw_osm_copy(target: Path) -> Path:
    """The raw OSM XML with every node moved, as ``target`` (.osm)."""
    with gzip.open(OSM / "krems.osm.gz", "rb") as fh:
        tree = ET.parse(fh)
    nodes = [n for n in tree.getroot().iter("node")]
    xy = np.array([[float(n.get("lon")), float(n.get("lat"))] for n in nodes])
    moved = _move()(xy)
    for n, (lon, lat) in zip(nodes, moved, strict=True):
        n.set("lon", f"{lon:.7f}")
        n.set("lat", f"{lat:.7f}")
    for bounds in tree.getroot().iter("bounds"):
        tree.getroot().remove(bounds)
    tree.write(target, encoding="utf-8", xml_declaration=True)
    return target


def own_county_files(folder: Path) -> dict:
    """The files of the "your own county" walk-through, from real data, in ``folder``.

    Krems' POIs and places are given the names Xiayi's real villages' 村委会, 卫生室 and
    小学 would have (20 village rows of adcode_411426.csv, the first 18 named on the map, the
    last 2 not), its two police stations become 城关派出所 and 会亭派出所; the village list
    (行政村.xlsx) has names, township, station, population and households, no coordinates.
    The county boundary is Xiayi's real outline (GCJ-02).
    """
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    rows = pd.read_csv(SHANGQIU / "adcode_411426.csv", header=None, dtype=str)
    villages = rows[(rows[4] == "5") & rows[2].str.endswith("村委会")].iloc[40:60]
    names = villages[2].tolist()
    bases = [n[: -len("村委会")] for n in names]
    suffix = {"school": "小学", "doctors": "村卫生室", "townhall": "村委会", "hospital": "村卫生室",
              "pharmacy": "村卫生室", "place_of_worship": "村委会"}

    def edit(kind, frame):
        if kind == "pois":
            named = [i for i, f in enumerate(frame["fclass"]) if f in suffix][:16]
            for k, i in enumerate(named):
                frame.loc[i, "name"] = bases[k] + suffix[frame["fclass"].iloc[i]]
            police = [i for i, f in enumerate(frame["fclass"]) if f == "police"]
            for name, i in zip(("城关派出所", "会亭派出所"), police, strict=False):
                frame.loc[i, "name"] = name
        if kind == "places":
            for k in range(2):
                frame.loc[k, "name"] = bases[16 + k]
        return frame

    geofabrik_copy(folder, edit)
    table = pd.DataFrame({
        "行政区划代码": villages[0].tolist(), "村名": names, "乡镇": villages[18].tolist(),
        "派出所": ["城关派出所"] * 10 + ["会亭派出所"] * 10,
        "人口": [1200 + 37 * k for k in range(len(names))], "户数": [300 + 9 * k for k in range(len(names))],
    })
    table.to_excel(folder / "行政村.xlsx", index=False)
    shutil.copy(SHANGQIU / "fence_411426.json", folder / "夏邑县界.geojson")
    return {"villages": names, "named_on_map": 18}
