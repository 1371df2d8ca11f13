"""Amap (高德) and Baidu POI exports, recognised by their ``type`` strings.

An export has ``name``, ``type`` (``大类;中类;小类``, e.g. ``科教文化服务;学校;中学``), a
``location`` ``"lon,lat"`` or ``lon``/``lat`` columns, and often ``id``, ``adname``,
``address``. The type maps to a key-site category by its third part, else its second
(:data:`BY_PART`); police (``公安警察``) becomes a post in ``posts`` and is left out of
``key_sites`` with a count; everything else is ``other`` (drawn, not a siting candidate).
A file in which no row has a known type is imported all as ``other``, never refused.
Coordinates are GCJ-02 (Amap) unless ``--crs`` says otherwise (``bd09`` for Baidu).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from layers.importing import fields as F
from layers.importing.source import Source
from layers.importing.source_crs import parse_crs

TYPE_ALIASES = ("type", "类型", "poi类型", "typename", "分类", "类别", "tag", "标签")
LOCATION_ALIASES = ("location", "坐标", "经纬度", "lnglat", "lonlat")

BY_PART: dict[str, str] = {
    # third parts (小类) and second parts (中类) alike; the third is looked up first
    "村委会": "village_office", "居委会": "village_office", "村民委员会": "village_office", "居民委员会": "village_office",
    "社区中心": "service_center", "社区服务中心": "service_center", "便民服务中心": "service_center",
    "政务服务中心": "service_center", "党群服务中心": "village_office",
    "城市广场": "culture_square", "文化广场": "culture_square", "广场": "culture_square",
    "住宅小区": "residential_compound", "住宅区": "residential_compound", "别墅": "residential_compound",
    "社区": "residential_compound",
    "综合医院": "hospital", "专科医院": "hospital", "诊所": "hospital", "急救中心": "hospital",
    "卫生院": "hospital", "卫生室": "hospital", "疾病预防机构": "hospital", "医疗保健服务场所": "hospital",
    "三级甲等医院": "hospital", "社区卫生服务中心": "hospital",
    "学校": "school", "小学": "school", "中学": "school", "幼儿园": "school", "高等院校": "school",
    "职业技术学校": "school", "成人教育": "school",
    "工厂": "factory", "产业园区": "factory", "工业园区": "factory", "公司企业": "factory",
    "商场": "business_district", "购物中心": "business_district", "综合市场": "business_district",
    "农贸市场": "business_district", "商业街": "business_district", "特色商业街": "business_district",
    "风景名胜": "scenic_area", "公园": "scenic_area", "公园广场": "scenic_area", "国家级景点": "scenic_area",
    "省级景点": "scenic_area", "纪念馆": "scenic_area", "寺庙道观": "scenic_area",
}
POLICE_PARTS = frozenset({"公安警察", "派出所", "公安局", "警务室"})


def _norm_cols(columns: list[str], aliases: tuple[str, ...]) -> str | None:
    wanted = [F.norm(a) for a in aliases]
    for alias in wanted:
        for c in columns:
            if F.norm(c) == alias:
                return c
    return None


def type_column(source: Source) -> str | None:
    """The column holding Amap/Baidu type strings (most values ``a;b`` or ``a;b;c``), else None."""
    col = _norm_cols(source.columns, TYPE_ALIASES)
    if col is None:
        return None
    values = [str(v) for v in source.table[col].tolist() if isinstance(v, str) and v.strip()]
    if not values:
        return None
    typed = sum(1 for v in values if ";" in v or "；" in v)
    return col if typed >= 0.5 * len(values) else None


def category_of(type_text) -> str | None:
    """``医疗保健服务;急救中心;急救中心`` -> ``hospital``; ``"police"`` for police; None when unknown."""
    if not isinstance(type_text, str):
        return None
    first = re.split(r"[|｜]", type_text)[0]
    parts = [p.strip() for p in re.split(r"[;；]", first)]
    for part in reversed(parts[1:3] if len(parts) > 1 else parts):
        if part in POLICE_PARTS:
            return "police"
        if part in BY_PART:
            return BY_PART[part]
    return None


def _code(row: int, name, lon, lat) -> str:
    digest = hashlib.sha1(f"{name}|{lon}|{lat}".encode()).hexdigest()[:10]
    return f"POI{digest}"


def adapt(source: Source, layer: str, type_col: str) -> tuple[Source, dict]:
    """Rows of ``layer`` (key_sites or posts) from an Amap/Baidu export; and the counts."""
    table = source.table.copy()
    categories = [category_of(v) for v in table[type_col].tolist()]
    facts: dict = {"layout": "amap_pois"}
    loc = _norm_cols(source.columns, LOCATION_ALIASES)
    if loc is not None and F.norm(loc) not in ("lon", "lat"):
        pairs = [str(v).replace("，", ",").split(",") if isinstance(v, str) and "," in str(v).replace("，", ",")
                 else [None, None] for v in table[loc].tolist()]
        table["lon"] = [p[0].strip() if p[0] else None for p in pairs]
        table["lat"] = [p[1].strip() if p[1] else None for p in pairs]
        table = table.drop(columns=[loc])
    police = np.array([c == "police" for c in categories], dtype=bool)
    keep = police if layer == "posts" else ~police
    if layer == "posts":
        table["tier"] = ["station"] * len(table)
        facts["not_police"] = int((~police).sum())
    else:
        table["category"] = [c if c and c != "police" else "other" for c in categories]
        if police.any():
            facts["police_to_posts"] = int(police.sum())
        unknown: dict[str, int] = {}
        for v, c, k in zip(table[type_col].tolist(), categories, keep, strict=True):
            if k and c is None:
                key = str(v).split(";")[1] if isinstance(v, str) and ";" in v else str(v)
                unknown[key] = unknown.get(key, 0) + 1
        if unknown:
            facts["other_categories"] = dict(sorted(unknown.items(), key=lambda kv: -kv[1]))
    table = table.rename(columns={type_col: "poi_type"})
    code_col = _norm_cols(list(table.columns), ("code", "id", "uid", "poiid", "编号"))
    if code_col is None:
        names = table[_norm_cols(list(table.columns), ("name", "名称")) or table.columns[0]].tolist()
        lons = table["lon"].tolist() if "lon" in table.columns else [None] * len(table)
        lats = table["lat"].tolist() if "lat" in table.columns else [None] * len(table)
        table["code"] = [_code(i, n, x, y) for i, (n, x, y) in enumerate(zip(names, lons, lats, strict=True))]
    table = table[keep].reset_index(drop=True)
    rows = [r for r, k in zip(source.rows, keep, strict=True) if k]
    adapted = Source(source.file, table.astype(object), rows, None, source.crs, source.encoding, "amap_pois",
                     source.default_crs or parse_crs("gcj02"), list(source.warnings))
    return adapted, facts

