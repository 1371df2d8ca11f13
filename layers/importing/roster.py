"""The bureau's roster (花名册) as the ``officers`` layer: its headers, words and references.

Rosters come from the personnel office as Excel or CSV with headers such as 警号, 姓名,
联系电话/手机, 身份 or 人员类别（民警/辅警）, 所属派出所, 警务室, often with spaces and
full-width brackets (:func:`layers.importing.fields.norm` takes those away). The kind of
person is written many ways (正式民警, 协警, 文职辅警 ...) and read as ``officer`` or
``auxiliary``; whether they are at work as 在岗 / 病休 / 借调 ... . Stations and posts are
named by code or by name (城关派出所, or just 城关 / 城关所); :func:`resolve_references`
replaces the names by their codes before the rows are checked, and a person whose
station matches no station of the project is refused with the row
(:mod:`layers.validation`).
"""

from __future__ import annotations

import pandas as pd

ALIASES: dict[str, tuple[str, ...]] = {
    "phone": ("phone", "联系电话/手机", "联系电话", "手机", "手机号码", "手机号", "电话", "电话号码", "联系方式", "移动电话",
              "mobile", "tel"),
    "role": ("role", "人员类别", "身份", "人员身份", "人员类型", "警员类别", "类别", "民警/辅警", "警种身份", "编制"),
    "post": ("post", "警务室", "所在警务室", "驻点警务室", "警务室/工作站", "警务工作站", "工作站", "驻点", "工作地点",
             "所在岗位"),
    "max_grids": ("max_grids", "最多警格", "包格数", "包村数", "包片数", "责任警格数", "最多包格"),
    "active": ("active", "在岗", "是否在岗", "在岗状态", "状态", "人员状态"),
    "officer": ("officer", "警号", "责任人警号", "民警警号", "辅警编号", "人员编号", "责任人"),
}
"""Header aliases of the roster's own columns (the layer's other columns use the common ones)."""

EXTRA: dict[str, tuple[str, ...]] = {
    "code": ("警号", "警员编号", "工号", "人员编号", "编号"),
    "name": ("姓名", "民警姓名", "人员姓名", "辅警姓名", "名字"),
    "station": ("所属派出所", "派出所", "所属单位", "单位", "工作单位", "所在派出所"),
}
"""Aliases only safe in the roster (a 单位 elsewhere is not a station)."""

ROLE_WORDS: dict[str, str] = {
    "民警": "officer", "正式民警": "officer", "在编民警": "officer", "公安民警": "officer", "人民警察": "officer",
    "警察": "officer", "警员": "officer", "社区民警": "officer", "责任区民警": "officer", "officer": "officer",
    "辅警": "auxiliary", "协警": "auxiliary", "警务辅助人员": "auxiliary", "辅助警力": "auxiliary",
    "文职辅警": "auxiliary", "勤务辅警": "auxiliary", "联防队员": "auxiliary", "治安员": "auxiliary",
    "auxiliary": "auxiliary",
}
"""How the kind of person is written -> ``officer`` / ``auxiliary`` (a longer spelling that
contains one of these is read by it, 派出所辅警 as auxiliary)."""

ACTIVE_WORDS: dict[str, bool] = {
    "在岗": True, "在职": True, "正常": True, "在编": True,
    "不在岗": False, "离岗": False, "病休": False, "病假": False, "休假": False, "借调": False, "调离": False,
    "退休": False, "离职": False, "停职": False, "长期病休": False,
}
"""Spellings of whether a person is at work, besides yes/no."""

STATION_SUFFIXES = ("派出所", "所")


def _norm(text: str) -> str:
    from layers.importing.fields import norm

    return norm(text)


def resolve_references(frame: pd.DataFrame, project) -> list[str]:
    """Station and post names of a roster frame replaced by their codes, in place; the
    ``active`` words read. Returns notes for the import's warnings.

    A station is matched by code, by name, or by name without 派出所/所 (城关 = 城关派出所)
    when that names exactly one station; a post by code or name, within the person's
    station first. Values that match nothing stay as they are: validation reports them.
    """
    notes: list[str] = []
    if "active" in frame.columns:
        frame["active"] = [ACTIVE_WORDS.get(_norm(v), v) if isinstance(v, str) else v for v in frame["active"]]
    if project is None:
        return notes
    from layers.lookups import station_names

    stations = station_names(project)
    by_name: dict[str, set[str]] = {}
    for code, name in stations.items():
        for key in _station_keys(name):
            by_name.setdefault(key, set()).add(code)
    if "station" in frame.columns and stations:
        changed = 0
        values = frame["station"].tolist()
        for i, v in enumerate(values):
            if not isinstance(v, str) or v in stations:
                continue
            found: set[str] = set()
            for key in _station_keys(v):
                found |= by_name.get(key, set())
                if found:
                    break
            if len(found) == 1:
                values[i] = next(iter(found))
                changed += 1
        frame["station"] = values
        if changed:
            notes.append(f"{changed} station names replaced by their codes")
    if "post" in frame.columns:
        notes += _resolve_posts(frame, project)
    return notes


def _station_keys(name: str) -> list[str]:
    """The name, then the name without 派出所 / 所 (normalised): the keys a station is found by."""
    text = _norm(name)
    keys = [text]
    for suffix in STATION_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            keys.append(text[: -len(suffix)])
            break
    return keys


def _resolve_posts(frame: pd.DataFrame, project) -> list[str]:
    posts = project["posts"]
    if len(posts) == 0:
        return []
    codes = set(posts["code"])
    names: dict[tuple[str, str], set[str]] = {}
    anywhere: dict[str, set[str]] = {}
    for code, name, station in zip(posts["code"], posts["name"], posts["station"], strict=True):
        key = _norm(name)
        names.setdefault((station, key), set()).add(code)
        anywhere.setdefault(key, set()).add(code)
    stations = frame["station"].tolist() if "station" in frame.columns else [None] * len(frame)
    values = frame["post"].tolist()
    changed = 0
    for i, (v, st) in enumerate(zip(values, stations, strict=True)):
        if not isinstance(v, str) or not v.strip() or v in codes:
            continue
        key = _norm(v)
        found = names.get((st, key)) or anywhere.get(key, set())
        if len(found) == 1:
            values[i] = next(iter(found))
            changed += 1
    frame["post"] = values
    return [f"{changed} post names replaced by their codes"] if changed else []
