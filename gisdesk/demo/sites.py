"""Key sites (重点部位): village rooms, squares, service centres, compounds, hospitals, schools…

Sites in a village or community carry its code in ``village``; factories and scenic
areas out in the fields carry the village whose land (Voronoi cell) they stand on.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.spatial import cKDTree

from gisdesk.demo.geography import County
from gisdesk.demo.names import NameBook, short

_PRODUCTS = ("食品", "面粉", "纺织", "服装", "制鞋", "木业", "家具", "电子", "机械", "建材", "包装", "塑业",
             "肉制品", "淀粉", "农机", "钢构", "新能源", "医药", "饮料", "化工", "印务", "光电", "农业科技")
_FIRMS = ("鑫源", "恒达", "华泰", "永兴", "金盛", "宏图", "瑞丰", "天成", "中原", "豫东", "商都", "盛华",
          "昌盛", "德润", "佳禾", "东方", "万家", "利民", "福瑞", "汇丰", "隆泰", "信诚", "百川", "卓越")
_SCENIC = ("湿地公园", "森林公园", "生态园", "古寺", "故里", "古城遗址", "纪念馆", "农业观光园", "古庙会遗址")


def _offset(rng: np.random.Generator, xy: np.ndarray, lo: float, hi: float) -> np.ndarray:
    a = rng.uniform(0, 2 * np.pi)
    return xy + rng.uniform(lo, hi) * np.array([np.cos(a), np.sin(a)])


class SiteList:
    """Accumulates key-site rows with unique codes ``<county>K00001``."""

    def __init__(self, county_code: str) -> None:
        self.county_code = county_code
        self.rows: list[dict] = []

    def add(self, name: str, category: str, xy: np.ndarray, village: str = "") -> dict:
        row = {"code": f"{self.county_code}K{len(self.rows) + 1:05d}", "name": name, "category": category,
               "village": village, "xy": np.asarray(xy, float)}
        self.rows.append(row)
        return row


def key_sites(rng: np.random.Generator, names: NameBook, county: County, villages: list[dict],
              communities: list[dict]) -> tuple[list[dict], dict[int, str]]:
    """All key sites of a county and the names of the blocks that are residential compounds."""
    out = SiteList(county.code)
    cname = county.name
    # ---- villages: committee rooms (a few villages have none), squares, schools, clinics
    for v in villages:
        if rng.random() < 0.975:
            label = "村委会" if rng.random() < 0.7 else "村室"
            out.add(v["name"] + label, "village_office", _offset(rng, v["xy"], 20, 110), v["code"])
        if rng.random() < 0.5:
            out.add(v["name"] + "文化广场", "culture_square", _offset(rng, v["xy"], 40, 200), v["code"])
        if rng.random() < 0.22:
            out.add(short(v["name"]) + "小学", "school", _offset(rng, v["xy"], 80, 260), v["code"])
        if rng.random() < 0.15:
            out.add(short(v["name"]) + "幼儿园", "school", _offset(rng, v["xy"], 40, 200), v["code"])
        if v["population"] > 2500 and rng.random() < 0.5:
            out.add(short(v["name"]) + "新型农村社区", "residential_compound", _offset(rng, v["xy"], 150, 350), v["code"])
        if rng.random() < 0.3:
            out.add(v["name"] + "卫生室", "other", _offset(rng, v["xy"], 20, 150), v["code"])
    # ---- township seats: the township's own institutions
    for t in range(1, len(county.township_names)):
        v = villages[county.township_seat[t]]
        tn = county.township_names[t]
        for label, cat in ((tn + "中心小学", "school"), (tn + "第一初级中学", "school"), (tn + "卫生院", "hospital"),
                           (tn + "便民服务中心", "service_center"), (short(tn) + "集贸市场", "business_district")):
            out.add(label, cat, _offset(rng, v["xy"], 60, 320), v["code"])
        if rng.random() < 0.5:
            out.add(tn + "文化广场", "culture_square", _offset(rng, v["xy"], 50, 250), v["code"])
    # ---- the town: a service centre per community, compounds, the county's institutions
    town = county.town
    blocks = town.block_centres
    compounds: dict[int, str] = {}
    taken: set[str] = set()
    for c, comm in enumerate(communities):
        members = np.flatnonzero(town.block_comm == c)
        b = members[np.argmin(np.hypot(*(blocks[members] - comm["xy"]).T))]
        out.add(comm["name"] + "便民服务中心", "service_center", _offset(rng, blocks[b], 5, 25), comm["code"])
    big = np.flatnonzero(town.block_pop > 150)
    for b in rng.choice(big, size=int(len(big) * 0.22), replace=False) if len(big) else []:
        for _ in range(20):
            nm = names.compound()
            if nm not in taken:
                break
        else:
            nm = f"{nm}{len(taken) + 1}期"
        taken.add(nm)
        compounds[int(b)] = nm
        out.add(nm, "residential_compound", _offset(rng, blocks[b], 0, 20), communities[town.block_comm[b]]["code"])
    institutions = [
        ("人民医院", "hospital"), ("中医院", "hospital"), ("妇幼保健院", "hospital"), ("第二人民医院", "hospital"),
        ("第一高级中学", "school"), ("第二高级中学", "school"), ("实验中学", "school"), ("第一初级中学", "school"),
        ("实验小学", "school"), ("第二实验小学", "school"), ("职业教育中心", "school"),
        ("商业步行街", "business_district"), ("商贸城", "business_district"), ("农贸市场", "business_district"),
        ("建材市场", "business_district"), ("万隆广场", "business_district"),
        ("人民广场", "culture_square"), ("文化艺术中心广场", "culture_square"),
        ("汽车站", "other"), ("政务服务中心", "other"), ("体育馆", "other"),
    ]
    pick = rng.choice(len(blocks), size=len(institutions), replace=False)
    for (label, cat), b in zip(institutions, pick, strict=True):
        out.add(cname + label, cat, _offset(rng, blocks[b], 0, 30), communities[town.block_comm[b]]["code"])
    # ---- factories: an industrial cluster beside the town and a few at township seats
    vxy = np.array([v["xy"] for v in villages])
    tree = cKDTree(vxy)
    direction = rng.uniform(0, 2 * np.pi)
    gate = town.centre + np.array([np.cos(direction), np.sin(direction)]) * (
        np.sqrt(town.shape.area / np.pi) + 1800)
    firms: set[str] = set()

    def firm() -> str:
        for _ in range(50):
            nm = _FIRMS[rng.integers(len(_FIRMS))] + _PRODUCTS[rng.integers(len(_PRODUCTS))] + "有限公司"
            if nm not in firms:
                firms.add(nm)
                return nm
        return f"{short(cname)}第{len(firms) + 1}工厂"

    cells = shapely.STRtree(county.village_cells)

    def near_village(xy: np.ndarray) -> str:
        """The village whose land (its cell) holds ``xy``; the nearest one near the town."""
        hit = cells.query(shapely.Point(xy), predicate="intersects")
        if len(hit):
            return villages[int(hit.min())]["code"]
        return villages[int(tree.query(xy)[1])]["code"]

    for _ in range(int(rng.integers(22, 40))):
        xy = gate + rng.normal(0, 900, 2)
        out.add(firm(), "factory", xy, near_village(xy))
    for t in range(1, len(county.township_names)):
        for _ in range(int(rng.integers(0, 3))):
            xy = _offset(rng, villages[county.township_seat[t]]["xy"], 300, 1200)
            out.add(firm(), "factory", xy, near_village(xy))
    # ---- scenic areas in the countryside
    for _ in range(int(rng.integers(3, 7))):
        v = villages[int(rng.integers(len(villages)))]
        xy = _offset(rng, v["xy"], 200, 700)
        out.add(short(v["name"]) + _SCENIC[rng.integers(len(_SCENIC))], "scenic_area", xy, near_village(xy))
    # ---- petrol stations and the like along the way
    for _ in range(int(rng.integers(8, 16))):
        v = villages[int(rng.integers(len(villages)))]
        out.add(short(v["name"]) + "加油站", "other", _offset(rng, v["xy"], 100, 400), v["code"])
    return out.rows, compounds
