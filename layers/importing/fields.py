"""Which source column feeds which layer column, recognised in Chinese and English.

Planners' spreadsheets call the same thing by many names (代码, 区划代码, 统计用区划代码,
code ...). :func:`match_columns` maps source columns onto a layer's columns through the
alias lists below, ``--field TARGET=SOURCE`` overriding; a SOURCE may also be a 1-based
column number, which is how header-less CSV files are mapped. Besides the layer's own
columns three pseudo-targets exist: ``lon`` and ``lat`` (point coordinates, in the
source CRS) and ``wkt`` (a geometry as WKT text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from layers.errors import InputError
from layers.importing import roster
from layers.schema import LAYERS

COORDINATE_TARGETS = ("lon", "lat", "wkt")

# Aliases per target column, best first: when several columns of a file match the same
# target, the earliest alias wins (实有人口 is the staffing standard's population).
ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "code", "统计用区划代码", "区划代码", "行政区划代码", "代码", "编码", "编号", "id",
        "adcode", "单位代码", "网格编码", "网格代码", "警格编码",
        "警格代码", "站点编码", "站点编号", "部位编码", "区域代码",
    ),
    "name": (
        "name", "名称", "村名", "村庄名称", "村庄名", "行政村", "行政村名称", "村委会名称",
        "站点名称", "单位名称", "部位名称", "网格名称", "警格名称", "道路名称", "路名",
        "边界名称", "小区名称", "地名",
    ),
    "population": (
        "population", "实有人口", "常住人口", "人口", "总人口", "人口数", "人数",
        "户籍人口", "pop",
    ),
    "households": ("households", "户数", "总户数", "户", "hh"),
    "area_type": ("area_type", "城乡类型", "城乡属性", "城乡分类", "城乡", "区域类型", "urbanrural"),
    "township": ("township", "乡镇", "乡镇街道", "所属乡镇", "乡镇名称", "乡镇街道办", "街道", "town"),
    "station": (
        "station", "派出所", "所属派出所", "派出所代码", "派出所编码", "辖区派出所",
        "stationcode",
    ),
    "community": ("community", "社区", "所属社区", "社区名称", "居委会"),
    "tier": ("tier", "层级", "级别", "站点类型", "站点层级", "类型"),
    "officers": ("officers", "民警", "民警数", "民警人数", "社区民警", "警力"),
    "auxiliaries": ("auxiliaries", "辅警", "辅警数", "辅警人数"),
    "officer_name": ("officer_name", "民警姓名", "责任民警", "社区民警姓名", "警员", "民警", "officer"),
    "officer_phone": (
        "officer_phone", "电话", "联系电话", "民警电话", "手机", "手机号", "联系方式", "phone",
    ),
    "category": ("category", "类别", "类型", "部位类型", "部位类别", "分类", "kind"),
    "village": ("village", "所属村", "村代码", "所属行政村", "行政村代码", "村庄代码", "村"),
    "road_class": (
        "road_class", "道路等级", "等级", "道路类型", "公路等级", "技术等级", "class", "roadclass",
        "类型",
    ),
    "speed_kmh": ("speed_kmh", "速度", "限速", "设计速度", "时速", "speed", "maxspeed"),
    "oneway": ("oneway", "单向", "单行", "是否单向", "单行道"),
    "level": ("level", "层级", "级别", "类型", "边界类型", "行政级别"),
    "officers_required": ("officers_required", "应配警力", "应配民警", "所需警力", "需配警力"),
    "grid": ("grid", "警格", "网格", "警格编码", "网格编码"),
    "member": ("member", "成员", "单元", "村代码", "单元代码", "成员代码"),
    "key_site": ("key_site", "重点部位", "部位代码", "部位编码"),
    "existing": ("existing", "现有", "是否现有", "已建"),
    "remote": ("remote", "偏远", "是否偏远", "偏远派出所", "地处偏远"),
    "villages": ("villages", "村数", "服务村数", "辖村数"),
    "office": ("office", "警务室", "所属警务室", "警务室代码"),
    "mean_km": ("mean_km", "平均距离", "平均公里"),
    "max_km": ("max_km", "最大距离", "最远距离"),
    "road_km": ("road_km", "道路距离", "公里", "里程"),
    "minutes": ("minutes", "分钟", "时间", "用时"),
    "lon": ("lon", "longitude", "lng", "long", "经度", "x", "东经", "坐标x", "xcoord", "pointx"),
    "lat": ("lat", "latitude", "纬度", "y", "北纬", "坐标y", "ycoord", "pointy"),
    "wkt": ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "图形"),
}

ALIASES.update(roster.ALIASES)

# Per layer, extra aliases that are only safe there.
LAYER_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    "villages": {"code": ("村代码", "村庄代码", "行政村代码")},
    "officers": roster.EXTRA,
}

# A column that holds the statistics bureau's urban-rural class code (1xx urban, 2xx rural).
UR_CODE_ALIASES = ("城乡分类代码", "城乡分类代码值", "城乡代码", "urcode", "ur_code", "urbanruralcode")

# Per layer, aliases that mean something else there (a "村名" in key_sites is not its name).
LAYER_EXCLUDED: dict[str, set[str]] = {
    "key_sites": {"村名", "行政村", "村庄名称", "村庄名", "行政村名称"},
    "posts": {"民警"},  # a count column there is "officers"; the name is officer_name
}


def norm(name) -> str:
    """A column name for matching: NFKC, lower case, no spaces, units in brackets dropped."""
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)
    text = re.sub(r"[\s\-_./:：,，、*]", "", text)
    return text


_ALIAS_NORMS = {t: [norm(a) for a in al] for t, al in ALIASES.items()}
_UR_NORMS = {norm(a) for a in UR_CODE_ALIASES}
_ALL_KNOWN = (
    {a for al in _ALIAS_NORMS.values() for a in al}
    | _UR_NORMS
    | {norm(a) for extra in LAYER_EXTRA.values() for al in extra.values() for a in al}
)


def is_known_column(name) -> bool:
    """True when ``name`` is one of the recognised column names (for header detection)."""
    return norm(name) in _ALL_KNOWN


def targets_for(layer: str) -> list[str]:
    """The columns a source column can feed in ``layer`` (its own plus lon/lat/wkt)."""
    schema = LAYERS[layer]
    names = schema.column_names
    return names + list(COORDINATE_TARGETS) if schema.geometry else names


@dataclass
class Mapping:
    """Source column (by its name in ``Source.columns``) for each target column."""

    columns: dict[str, str] = field(default_factory=dict)
    ur_code: str | None = None  # a 城乡分类代码 column feeding area_type
    notes: list[str] = field(default_factory=list)

    def source_of(self, target: str) -> str | None:
        if target == "area_type" and "area_type" not in self.columns and self.ur_code:
            return self.ur_code
        return self.columns.get(target)


def parse_field_options(options: list[str] | None) -> dict[str, str]:
    """``["name=村名", "lon=13"]`` -> ``{"name": "村名", "lon": "13"}``."""
    out: dict[str, str] = {}
    for opt in options or []:
        target, sep, source = str(opt).partition("=")
        if not sep or not target.strip() or not source.strip():
            raise InputError("bad_option", f"--field: expected TARGET=SOURCE, got {opt!r}")
        out[target.strip()] = source.strip()
    return out


def resolve_source(spec: str, columns: list[str], option: str = "--field") -> str:
    """A source column named by header text or by 1-based number."""
    if spec in columns:
        return spec
    wanted = norm(spec)
    for c in columns:
        if norm(c) == wanted:
            return c
    if re.fullmatch(r"\d+", spec):
        i = int(spec)
        if 1 <= i <= len(columns):
            return columns[i - 1]
        raise InputError("bad_option", f"{option}: column {i} does not exist (the file has {len(columns)} columns)")
    shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
    raise InputError("bad_option", f"{option}: no column {spec!r} (columns: {shown})")


def match_columns(layer: str, columns: list[str], overrides: dict[str, str] | None = None) -> Mapping:
    """Map ``columns`` (source names) onto ``layer``'s columns: overrides, then aliases."""
    targets = targets_for(layer)
    mapping = Mapping()
    used: set[str] = set()
    for target, spec in (overrides or {}).items():
        t = target.strip().lower()
        if t in ("lng", "longitude", "x"):
            t = "lon"
        elif t in ("latitude", "y"):
            t = "lat"
        if t not in targets:
            raise InputError(
                "bad_option",
                f"--field: layer {layer} has no column {target!r} (columns: {', '.join(targets)})",
            )
        source = resolve_source(spec, columns)
        mapping.columns[t] = source
        used.add(source)
    excluded = LAYER_EXCLUDED.get(layer, set())
    normed = [(c, norm(c)) for c in columns]
    for t in targets:
        if t in mapping.columns:
            continue
        candidates: list[tuple[int, int, str]] = []
        aliases = _ALIAS_NORMS.get(t, []) + [norm(a) for a in LAYER_EXTRA.get(layer, {}).get(t, ())]
        for rank, alias in enumerate(aliases):
            if alias in excluded:
                continue
            for c, n in normed:
                if n == alias and c not in used and all(c != seen for _r, _i, seen in candidates):
                    candidates.append((rank, columns.index(c), c))
        if candidates:
            candidates.sort()
            chosen = candidates[0][2]
            mapping.columns[t] = chosen
            used.add(chosen)
            others = [c for _r, _i, c in candidates[1:]]
            if others:
                mapping.notes.append(f"{t} taken from {chosen} (also found {', '.join(others)})")
    if "area_type" in targets and "area_type" not in mapping.columns:
        for c, n in normed:
            if (n in _UR_NORMS or _truncated_match(c, _UR_NORMS)) and c not in used:
                mapping.ur_code = c
                used.add(c)
                break
    for t in targets:
        if t in mapping.columns or (t == "area_type" and mapping.ur_code):
            continue
        truncatable = set(_ALIAS_NORMS.get(t, [])) - excluded
        for c, _n in normed:
            if c not in used and _truncated_match(c, truncatable):
                mapping.columns[t] = c
                used.add(c)
                mapping.notes.append(f"{t} taken from {c} (a shapefile name cut to 10 bytes)")
                break
    return mapping


def _truncated_match(column: str, aliases: set[str]) -> bool:
    """A DBF field name is at most 10 bytes: 城乡分类代码 arrives as 城乡分类代 in GBK."""
    lengths = {len(column.encode(e, errors="replace")) for e in ("gbk", "utf-8")}
    if not lengths & {9, 10}:
        return False
    n = norm(column)
    return len(n) >= 3 and any(a.startswith(n) and a != n for a in aliases)


# ---------------------------------------------------------------- values of choice columns
_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "role": roster.ROLE_WORDS,
    "tier": {
        "派出所": "station", "所": "station", "警务室": "office", "社区警务室": "office",
        "农村警务室": "office", "室": "office", "警务工作站": "workstation", "工作站": "workstation",
        "警务站": "workstation", "站": "workstation",
    },
    "road_class": {
        "高速": "expressway", "高速公路": "expressway", "高速路": "expressway", "motorway": "expressway",
        "国道": "national", "一级公路": "national", "trunk": "national",
        "省道": "provincial", "二级公路": "provincial", "primary": "provincial",
        "县道": "county", "三级公路": "county", "secondary": "county",
        "乡道": "township", "乡镇道路": "township", "四级公路": "township", "tertiary": "township",
        "村道": "village", "村路": "village", "村组道路": "village", "村级道路": "village",
        "专用道路": "village", "等外公路": "village", "unclassified": "village", "track": "village",
        "城市道路": "urban", "市政道路": "urban", "城区道路": "urban", "街道": "urban",
        "城市主干道": "urban", "城市次干道": "urban", "支路": "urban", "residential": "urban",
    },
    "area_type": {
        "农村": "rural", "乡村": "rural", "村": "rural", "村庄": "rural", "rural": "rural",
        "城镇": "urban", "城市": "urban", "城区": "urban", "镇区": "urban", "社区": "urban",
        "urban": "urban",
    },
    "level": {
        "县": "county", "县区": "county", "区县": "county", "县级": "county", "区": "county",
        "乡镇": "township", "乡": "township", "镇": "township", "街道": "township",
        "乡镇街道": "township", "乡级": "township", "town": "township",
        "派出所": "station", "派出所辖区": "station", "辖区": "station",
        "社区": "community", "村": "community", "村居": "community",
    },
    "category": {
        "村委会": "village_office", "村室": "village_office", "村部": "village_office",
        "村委": "village_office", "村两委": "village_office", "村委会办公室": "village_office",
        "党群服务中心": "village_office",
        "文化广场": "culture_square", "广场": "culture_square", "文化中心": "culture_square",
        "便民服务中心": "service_center", "社区便民服务中心": "service_center",
        "服务中心": "service_center", "社区服务中心": "service_center",
        "小区": "residential_compound", "新建小区": "residential_compound",
        "住宅小区": "residential_compound", "居民小区": "residential_compound",
        "医院": "hospital", "卫生院": "hospital", "诊所": "hospital", "卫生室": "hospital",
        "学校": "school", "小学": "school", "中学": "school", "幼儿园": "school", "大学": "school",
        "工厂": "factory", "企业": "factory", "厂区": "factory", "工业园": "factory",
        "工业园区": "factory", "产业园": "factory",
        "商业区": "business_district", "商场": "business_district", "市场": "business_district",
        "商圈": "business_district", "商业街": "business_district",
        "景区": "scenic_area", "景点": "scenic_area", "旅游区": "scenic_area", "公园": "scenic_area",
        "其他": "other", "其它": "other",
    },
}

_ROAD_NUMBER = re.compile(r"^([gsxycz])(\d+)$")


def choice_value(column: str, value: str, choices: tuple[str, ...]) -> str:
    """The schema spelling of a choice value given in Chinese or English, else unchanged."""
    text = norm(value)
    if text in choices:
        return text
    words = _CHOICE_WORDS.get(column, {})
    if text in words:
        return words[text]
    if column == "road_class":
        m = _ROAD_NUMBER.match(text)
        if m:
            prefix, digits = m.groups()
            if prefix == "g":
                return "national" if len(digits) == 3 else "expressway"
            return {"s": "provincial", "x": "county", "y": "township", "c": "village", "z": "village"}[prefix]
    if column in ("category", "road_class", "tier", "role"):
        for word in sorted(words, key=len, reverse=True):
            if len(word) >= 2 and word in text:
                return words[word]
    return str(value).strip()


def area_type_from_ur_code(value) -> str | None:
    """The statistics bureau's 城乡分类代码: 1xx urban, 2xx rural; None if not such a code."""
    text = norm(value)
    if re.fullmatch(r"[12]\d\d(\.0+)?", text):
        return "urban" if text[0] == "1" else "rural"
    return None
