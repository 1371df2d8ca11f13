"""What an import decided on the user's behalf, as sentences in the interface language
(:func:`gisdesk.messages.language`) for the command line and the window alike: rows left
out and why, defaults taken, urban/rural inferred, unknown populations, and villages placed
by name or not."""

from __future__ import annotations

from gisdesk.messages import language

_LEFT_OUT = {
    "not_for_vehicles": ("非机动车道路未导入", "ways not for vehicles, left out:"),
    "not_roads": ("非道路未导入", "not usable roads, left out:"),
    "unknown_classes": ("未知道路等级按村道导入", "unknown classes imported as village roads:"),
    "not_settlements": ("非居民点未导入", "places that are not settlements, left out:"),
    "other_categories": ("未识别类别按“其他”导入", "unknown kinds imported as category other:"),
    "not_police": ("非公安机构未导入", "not police, left out:"),
}
_AREA_SOURCES = {
    "ur_code": ("城乡分类代码", "the urban-rural class code"),
    "division_code": ("统计用区划代码末三位", "the last three digits of the division code"),
    "name_suffix": ("名称后缀（社区/居委会/村）", "the name's suffix"),
}


def fact_lines(result, *, rows: int = 20) -> list[str]:
    """One line per decision of ``result`` (an ImportResult); the first ``rows`` unplaced villages by row."""
    zh = language() != "en"

    def say(chinese: str, english: str) -> str:
        return chinese if zh else english

    facts = result.facts
    lines = []
    if result.created:
        lines.append(say("已新建项目（文件原不存在）", "the project file did not exist and was created"))
    for key, (chinese, english) in _LEFT_OUT.items():
        counts = facts.get(key)
        if counts:
            total = counts if isinstance(counts, int) else sum(counts.values())
            shown = [] if isinstance(counts, int) else [f"{k} {v}" for k, v in counts.items()]
            sep = "，" if zh else ", "
            detail = (("：" if zh else ": ") + sep.join(shown[:8]) + (sep + "…" if len(shown) > 8 else "")) if shown else ""
            lines.append(say(f"{chinese} {total} 条{detail}", f"{english} {total}{detail}"))
    if facts.get("unnamed"):
        lines.append(say(f"无名称的居民点 {facts['unnamed']} 个未导入", f"places without a name, left out: {facts['unnamed']}"))
    if facts.get("police_to_posts"):
        n = facts["police_to_posts"]
        lines.append(say(f"公安机构 {n} 处未导入重点部位，请把同一文件导入 posts 图层",
                         f"police left out of key_sites: {n} (import the same file into posts)"))
    if facts.get("reversed"):
        n = facts["reversed"]
        lines.append(say(f"逆向单行道 {n} 条已按通行方向反转", f"one-way roads drawn against their direction, reversed: {n}"))
    if facts.get("speed_default"):
        n = facts["speed_default"]
        lines.append(say(f"限速缺失 {n} 条，按道路等级默认速度", f"no speed limit, the class default used: {n}"))
    if facts.get("clipped"):
        n = facts["clipped"]
        lines.append(say(f"裁剪范围外 {n} 行未导入", f"outside --clip, left out: {n}"))
    for source, n in facts.get("area_type_inferred", {}).items():
        chinese, english = _AREA_SOURCES[source]
        lines.append(say(f"城乡类型由{chinese}推断 {n} 行", f"area_type inferred from {english}: {n} rows"))
    if facts.get("population_unknown"):
        n = facts["population_unknown"]
        lines.append(say(f"人口未知 {n} 行，存为空值而非 0", f"population unknown: {n} rows, stored empty, not 0"))
    if "matched" in facts:
        lines.append(say(
            f"按名称定位：匹配 {facts['matched']} 个（精确 {facts['matched_exact']}，后缀容差 {facts['matched_suffix']}），"
            f"歧义 {facts['ambiguous']} 个，未匹配 {facts['unmatched_count']} 个（这些未导入，可在窗口中点选位置）",
            f"placed by name: {facts['matched']} matched ({facts['matched_exact']} exactly, "
            f"{facts['matched_suffix']} by suffix), {facts['ambiguous']} ambiguous, {facts['unmatched_count']} "
            "unmatched; those are not imported, place them in the window"))
    for u in result.unmatched[:rows]:
        status = say("歧义", "ambiguous") if u["status"] == "ambiguous" else say("未匹配", "unmatched")
        seen = (say("（", " (") + say("、", ", ").join(u["candidates"]) + say("）", ")")) if u["candidates"] else ""
        lines.append(say(f"第 {u['row']} 行：", f"row {u['row']}: ") + f"{u['name']} {u['township']} {status}{seen}")
    if len(result.unmatched) > rows:
        more = len(result.unmatched) - rows
        lines.append(say(f"…… 另有 {more} 个", f"... and {more} more"))
    return lines
