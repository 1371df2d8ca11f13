"""What an import decided on the user's behalf, as sentences (Chinese first) for the
command line and the window alike: rows left out and why, defaults taken, urban/rural
inferred, unknown populations, and villages placed by name or not."""

from __future__ import annotations

_LEFT_OUT = {
    "not_for_vehicles": "非机动车道路未导入 (ways not for vehicles, left out)",
    "not_roads": "非道路未导入 (not usable roads, left out)",
    "unknown_classes": "未知道路等级按村道导入 (unknown classes imported as village roads)",
    "not_settlements": "非居民点未导入 (places that are not settlements, left out)",
    "other_categories": "未识别类别按“其他”导入 (unknown kinds imported as category other)",
    "not_police": "非公安机构未导入 (not police, left out)",
}
_AREA_SOURCES = {
    "ur_code": "城乡分类代码 (urban-rural class code)",
    "division_code": "统计用区划代码末三位 (last three digits of the division code)",
    "name_suffix": "名称后缀 社区/居委会/村 (name suffix)",
}


def fact_lines(result, *, rows: int = 20) -> list[str]:
    """One line per decision of ``result`` (an ImportResult); the first ``rows`` unplaced villages by row."""
    facts = result.facts
    lines = []
    if result.created:
        lines.append("已新建项目 (the project file did not exist and was created)")
    for key, title in _LEFT_OUT.items():
        counts = facts.get(key)
        if counts:
            total = counts if isinstance(counts, int) else sum(counts.values())
            shown = [] if isinstance(counts, int) else [f"{k} {v}" for k, v in counts.items()]
            detail = (": " + ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")) if shown else ""
            lines.append(f"{title} {total}{detail}")
    if facts.get("unnamed"):
        lines.append(f"无名称的居民点 {facts['unnamed']} 个未导入 (places without a name, left out)")
    if facts.get("police_to_posts"):
        lines.append(f"公安机构 {facts['police_to_posts']} 处未导入重点部位，请导入 posts 图层 "
                     f"(police left out of key_sites: import the same file into posts)")
    if facts.get("reversed"):
        lines.append(f"逆向单行道 {facts['reversed']} 条已按通行方向反转 (one-way against drawing direction: reversed)")
    if facts.get("speed_default"):
        lines.append(f"限速缺失 {facts['speed_default']} 条，按道路等级默认速度 (no speed limit: class default)")
    if facts.get("clipped"):
        lines.append(f"裁剪范围外 {facts['clipped']} 行未导入 (outside --clip, left out)")
    for source, n in facts.get("area_type_inferred", {}).items():
        lines.append(f"城乡类型由{_AREA_SOURCES[source]}推断 {n} 行 (area_type inferred for {n} rows from {source})")
    if facts.get("population_unknown"):
        lines.append(f"人口未知 {facts['population_unknown']} 行，存为空值而非 0 "
                     f"(population unknown: stored empty, not 0)")
    if "matched" in facts:
        lines.append(
            f"按名称定位：匹配 {facts['matched']} 个 (精确 {facts['matched_exact']}，后缀容差 {facts['matched_suffix']})，"
            f"歧义 {facts['ambiguous']} 个，未匹配 {facts['unmatched_count']} 个"
            f" (placed by name: {facts['matched']} matched, {facts['ambiguous']} ambiguous,"
            f" {facts['unmatched_count']} unmatched; those are not imported, place them in the window)"
        )
    for u in result.unmatched[:rows]:
        status = "歧义 ambiguous" if u["status"] == "ambiguous" else "未匹配 unmatched"
        seen = f" ({', '.join(u['candidates'])})" if u["candidates"] else ""
        lines.append(f"row {u['row']}: {u['name']} {u['township']} {status}{seen}")
    if len(result.unmatched) > rows:
        more = len(result.unmatched) - rows
        lines.append(f"... 另有 {more} 个 (and {more} more)")
    return lines
