"""Placing villages that have no coordinates by their names: nothing is invented.

A village list from the statistics bureau or a township office has names and no
coordinates. Each village is looked for among named places (OSM places, villages of the
project imported from OSM) and named POIs; a 村委会, 村卫生室 or 小学 named after the village
is evidence of where it is. Candidates of the village's own township only, when both
townships are known (a candidate's township is the project's township boundary around it).

1. **exact**: a place of the same name, or an evidence POI named the village plus its
   suffix (张庄村 <- 张庄村委会, 张庄村卫生室, 张庄小学);
2. **suffix**: the names agree once the common suffixes (村, 村委会, 行政村, 社区, 居委会
   ...) are taken off both (张庄村 <- 张庄; 张庄社区 <- 张庄居委会).

Candidates within :data:`SAME_PLACE_M` of each other are one location (the place node and
its 村委会 agree). A village with candidates at two or more locations, or a location two
villages of the list claim, is **ambiguous**; one without any is **unmatched**. Both are
reported with their rows and never placed: the window offers to place them by clicking.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pyproj
import shapely

SAME_PLACE_M = 1500.0

VILLAGE_SUFFIXES = ("社区居民委员会", "社区居委会", "村民委员会", "居民委员会", "村委会", "居委会", "行政村", "社区", "村")
EVIDENCE_SUFFIXES = (
    "村民委员会", "村委会", "村两委", "村部", "村卫生室", "卫生室", "卫生所", "党群服务中心", "村小学", "中心小学",
    "完全小学", "小学", "幼儿园", "社区居委会", "居委会", "社区服务中心",
)
TOWNSHIP_SUFFIXES = ("街道办事处", "办事处", "街道", "镇", "乡")


@dataclass(frozen=True)
class Candidate:
    """A named point that may be a village (``kind`` place or poi), EPSG:4490."""

    name: str
    x: float
    y: float
    kind: str
    township: str | None = None
    code: str | None = None


@dataclass
class Outcome:
    """The verdict on one village: ``status`` matched / ambiguous / unmatched."""

    status: str
    tier: str | None = None  # exact or suffix
    point: shapely.Point | None = None
    evidence: list[str] = field(default_factory=list)
    replaces: str | None = None  # code of a project village (an OSM place) this one takes over


def _clean(text) -> str:
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "")


def strip_suffix(name: str, suffixes=VILLAGE_SUFFIXES) -> str:
    """The name without one trailing suffix (keeping at least one character)."""
    for s in suffixes:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


def township_key(name) -> str:
    return strip_suffix(_clean(name), TOWNSHIP_SUFFIXES)


def _poi_stem(name: str) -> str | None:
    for s in EVIDENCE_SUFFIXES:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return None


class Index:
    """Candidates by exact name and by suffix-free name."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = [c for c in candidates if _clean(c.name)]
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        for i, c in enumerate(self.candidates):
            name = _clean(c.name)
            keys_exact = {name}
            keys_loose = {strip_suffix(name)}
            if c.kind == "poi":
                stem = _poi_stem(name)
                if stem is None:
                    continue  # a POI is evidence only when named village + 村委会/卫生室/小学 ...
                keys_exact = {name, stem} | ({stem + "村"} if not stem.endswith("村") else set())
                keys_loose = {strip_suffix(stem)}
            for k in keys_exact:
                self.exact.setdefault(k, []).append(i)
            for k in keys_loose:
                self.loose.setdefault(k, []).append(i)


def _clusters(points: np.ndarray) -> list[list[int]]:
    """Group points (metres) within SAME_PLACE_M of one another (single linkage)."""
    groups: list[list[int]] = []
    for i in range(len(points)):
        joined = [g for g in groups if any(np.hypot(*(points[i] - points[j])) <= SAME_PLACE_M for j in g)]
        merged = [i] + [j for g in joined for j in g]
        groups = [g for g in groups if g not in joined] + [sorted(merged)]
    return groups


def match(
    names: list, townships: list, candidates: list[Candidate], metric_epsg: int
) -> list[Outcome]:
    """One :class:`Outcome` per village name (``townships`` may hold None)."""
    index = Index(candidates)
    cands = index.candidates
    to_metric = pyproj.Transformer.from_crs("EPSG:4490", f"EPSG:{metric_epsg}", always_xy=True)
    if cands:
        mx, my = to_metric.transform([c.x for c in cands], [c.y for c in cands])
        metric = np.column_stack([mx, my])
    else:
        metric = np.zeros((0, 2))
    outcomes: list[Outcome] = []
    chosen: list[tuple[int, ...] | None] = []
    for name, township in zip(names, townships, strict=True):
        vname = _clean(name)
        tkey = township_key(township) if township else None

        def fits(i: int, tkey=tkey) -> bool:
            c = cands[i]
            return tkey is None or c.township is None or township_key(c.township) == tkey

        found, tier = [], None
        if vname:
            for tier_name, keys, table in (
                ("exact", {vname}, index.exact),
                ("suffix", {strip_suffix(vname)}, index.loose),
            ):
                hits = sorted({i for k in keys for i in table.get(k, []) if fits(i)})
                if tier_name == "exact":
                    hits = [i for i in hits if cands[i].kind == "poi" or _clean(cands[i].name) == vname]
                if hits:
                    found, tier = hits, tier_name
                    break
        if not found:
            outcomes.append(Outcome("unmatched"))
            chosen.append(None)
            continue
        groups = _clusters(metric[found])
        if len(groups) > 1:
            outcomes.append(Outcome("ambiguous", tier, evidence=[cands[found[j]].name for g in groups for j in g]))
            chosen.append(None)
            continue
        members = [found[j] for j in groups[0]]
        places = [i for i in members if cands[i].kind == "place"]
        at = places[0] if places else members[0]
        c = cands[at]
        replaces = next((cands[i].code for i in places if cands[i].code), None)
        outcomes.append(Outcome("matched", tier, shapely.Point(c.x, c.y), [cands[i].name for i in members], replaces))
        chosen.append(tuple(members))
    # a location two villages of the list claim is theirs to sort out, not ours
    claims: dict[int, list[int]] = {}
    for v, claimed in enumerate(chosen):
        for i in claimed or ():
            claims.setdefault(i, []).append(v)
    for villages in claims.values():
        if len(set(villages)) > 1:
            for v in set(villages):
                o = outcomes[v]
                outcomes[v] = Outcome("ambiguous", o.tier, evidence=o.evidence)
    return outcomes


def candidates_from_frame(frame, kind: str, townships=None, *, code_prefix: str | None = None) -> list[Candidate]:
    """Named points of a layer-like frame (EPSG:4490) as candidates.

    ``townships`` (a frame of township boundaries with ``name``) gives each candidate the
    township around it; ``code_prefix`` keeps the codes of rows whose code starts with it.
    """
    if frame is None or len(frame) == 0 or "name" not in frame.columns:
        return []
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = np.array([g is not None and not shapely.is_empty(g) for g in geoms], dtype=bool)
    points = np.full(len(geoms), None, dtype=object)
    if present.any():
        points[present] = shapely.point_on_surface(geoms[present])
    tnames = _townships_of(points, townships)
    codes = frame["code"].tolist() if "code" in frame.columns else [None] * len(frame)
    out = []
    for p, name, tname, code in zip(points, frame["name"].tolist(), tnames, codes, strict=True):
        if p is None or not isinstance(name, str) or not name.strip():
            continue
        keep_code = code if code_prefix and isinstance(code, str) and code.startswith(code_prefix) else None
        out.append(Candidate(name.strip(), float(p.x), float(p.y), kind, tname, keep_code))
    return out


def _townships_of(points: np.ndarray, townships) -> list[str | None]:
    if townships is None or len(townships) == 0:
        return [None] * len(points)
    polys = shapely.make_valid(np.asarray(townships.geometry.values, dtype=object))
    tree = shapely.STRtree(polys)
    names = townships["name"].tolist()
    out: list[str | None] = [None] * len(points)
    present = [i for i, p in enumerate(points) if p is not None]
    if not present:
        return out
    pi, ti = tree.query(np.asarray([points[i] for i in present], dtype=object), predicate="intersects")
    for a, b in zip(pi, ti, strict=True):
        out[present[a]] = names[b]
    return out
