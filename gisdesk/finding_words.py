"""``check``'s findings in English, for ``--lang en`` and the English window.

The rule modules (:mod:`gisdesk.services.check`) word their titles, places and details in
Chinese, the bureau's own terms, and the workbook and ``--json`` keep them so. This is
the other direction: :func:`english` matches a finding's text against the Chinese forms
below, whose ``{name}`` parts are translated in turn (a list of names, a recorded reason,
a "等N个"), so that what is left in Chinese is the data itself: station, village and
grid names. A text not listed stays as it is.
"""

from __future__ import annotations

from functools import lru_cache

from gisdesk.messages import by_template, compile_templates, language

EN: dict[str, str] = {
    # ---------------------------------------------------------------- severities and places
    "违规": "violation",
    "警告": "warning",
    "提示": "note",
    "项目": "project",
    "县局": "county bureau",
    "(无派出所)": "(no station)",
    "未知": "unknown",
    "{layer} 第{row}行": "{layer} row {row}",
    "警格{label}（不存在）": "grid {label} (no longer exists)",
    "民警{name}（{code}）": "officer {name} ({code})",
    "辅警{name}（{code}）": "auxiliary {name} ({code})",
    "警务室{code}": "office {code}",
    "工作站{code}": "workstation {code}",
    # ---------------------------------------------------------------- how the parts join
    "{detail}；选址时已记录原因：{reason}": "{detail}; reason recorded when siting: {reason}",
    "{names}等{n}个": "{names} and others ({n} in all)",
    "{a}、{b}": "{a}, {b}",
    "{a}；{b}": "{a}; {b}",
    # ---------------------------------------------------------------- rule titles
    "无可检查的数据": "nothing to check",
    "人口未知": "unknown population",
    "数值字段存有文字或空值": "text or empty value in a number field",
    "村无本所警务室/工作站": "village without a post of its own station",
    "村有多个警务室/工作站": "village with several posts",
    "村未分配到本所警务室": "village not assigned to an office of its station",
    "村分配到多个警务室": "village assigned to several offices",
    "社区无独立警务室": "community without an office of its own",
    "警务室辖村数不在标准范围": "office's village count outside the standard",
    "派出所警务室数不足": "station with too few offices",
    "警务室不在重点部位": "office not at a key site",
    "村到警务室超过最远距离": "village beyond the farthest distance to its office",
    "警务室服务区不连片": "office area not in one piece",
    "警格超出配警标准": "grid above the staffing standard",
    "警格存储人口与成员不符": "grid's stored counts differ from its members",
    "警格成员缺失": "grid members missing",
    "警力缺口": "officer shortfall",
    "社区民警占比不足": "community officers' share too low",
    "社区民警占本所民警不足40%": "community officers under 40 % of the station's officers",
    "警格无责任民警/辅警": "grid without a responsible officer",
    "责任人不属本所": "responsible person of another station",
    "责任人包格超过上限": "person responsible for too many grids",
    "责任人不在花名册": "responsible person not on the roster",
    "责任分配指向已不存在的警格": "assignment to a grid that no longer exists",
    "不在岗人员仍为警格责任人": "inactive person still responsible for a grid",
    "派出所警力不足": "station short of officers",
    "派出所民警占县局民警不足40%": "station officers under 40 % of the county bureau's",
    # ---------------------------------------------------------------- coverage
    "没有本所的警务室或警务工作站": "no office or workstation of its own station",
    "没有本所的警务室或警务工作站（村内只有外所站点：{posts}）":
        "no office or workstation of its own station (only other stations' posts in the village: {posts})",
    "同时有{n}个站点：{posts}": "{n} posts at once: {posts}",
    "分配到{n}个警务室：{offices}": "assigned to {n} offices: {offices}",
    "没有分配到任何警务室": "not assigned to any office",
    "分配到的警务室{code}不存在": "assigned to office {code}, which does not exist",
    "分配到外所警务室 {office}": "assigned to another station's office {office}",
    "村内有警务室{own}，却分配到警务室{other}": "has its own office {own} but is assigned to office {other}",
    "工作站隶属警务室{own}，村却分配到警务室{other}":
        "its workstation belongs to office {own} but the village is assigned to office {other}",
    "没有自己的警务室": "no office of its own",
    "社区内的警务室{code}未分配给本社区": "office {code} in the community is not assigned to it",
    "由外所警务室 {office} 服务": "served by another station's office {office}",
    "警务室{code}同时服务{names}，社区没有独立警务室":
        "office {code} also serves {names}: the community has no office of its own",
    # ---------------------------------------------------------------- data
    "项目中没有行政村和警格，没有可检查的内容（先导入数据或运行 demo）":
        "the project has no villages and no grids: nothing to check (import data or run demo first)",
    "人口未知（空值），按标准核算时不计": "population unknown (empty): left out of the staffing count",
    "楼栋单元人口未知（空值）：{names}": "building units of unknown population (empty): {names}",
    "{label} 为空（按 0 计）": "{label} is empty (taken as 0)",
    "{label} 为 {value}，不是数字（按未知读取）": "{label} is {value}, not a number (read as unknown)",
    "{label} 为 {value}，不是数字（按 {zero} 读取）": "{label} is {value}, not a number (read as {zero})",
    "{label} 存的是二进制数据，不是数字（按未知读取）": "{label} holds binary data, not a number (read as unknown)",
    "{label} 存的是二进制数据，不是数字（按 {zero} 读取）": "{label} holds binary data, not a number (read as {zero})",
    "{label} 以文本存储：{value}（按 {number} 读取）": "{label} is stored as text {value} (read as {number})",
    # ---------------------------------------------------------------- grids
    "成员合计{people}人、{households}户，按标准需配{need}名民警/辅警，警格只配{have}名":
        "its members: {people} residents, {households} households; the standard asks for {need} officers, "
        "the grid has {have}",
    "无成员记录，按警格存储的{people}人、{households}户，按标准需配{need}名民警/辅警，警格只配{have}名":
        "no member records; by the grid's stored {people} residents, {households} households the standard "
        "asks for {need} officers, the grid has {have}",
    "警格没有成员记录，人口无法核算": "the grid has no member records: its population cannot be counted",
    "成员{names}在楼栋单元和行政村中都找不到": "members {names} are neither building units nor villages",
    "存储人口{stored}，成员合计{members}": "stored population {stored}, its members {members}",
    "存储户数{stored}，成员合计{members}": "stored households {stored}, its members {members}",
    # ---------------------------------------------------------------- officers
    "警格应配{need}人，可包格民警辅警{people}人（共可包{grids}格）":
        "grids need {need} people; {people} officers and auxiliaries can take grids ({grids} grids in all)",
    "警格应配{need}人，可包格民警辅警{people}人（共可包{grids}格），{left}个岗位无人可派":
        "grids need {need} people; {people} officers and auxiliaries can take grids ({grids} grids in all), "
        "{left} posts with nobody to send",
    "社区民警{community}名，占本所民警{officers}名的{share}（至少{least}）":
        "{community} community officers, {share} of the station's {officers} officers (at least {least})",
    "县局民警总数未设置（项目设置 {key}，assign --bureau-officers N），派出所民警{n}名的占比无法计算":
        "the county bureau's officer count is not set (project setting {key}, assign --bureau-officers N): "
        "the share of the stations' {n} officers cannot be computed",
    "派出所民警{station}名，占县局民警{bureau}名的{share}（至少{least}）":
        "{station} station officers, {share} of the county bureau's {bureau} officers (at least {least})",
    "{n}个警格无在岗责任人：{names}": "{n} grids without an active responsible person: {names}",
    "责任人{code}不在花名册中": "responsible person {code} is not on the roster",
    "{who}属{own}，警格属{there}": "{who} belongs to {own}, the grid to {there}",
    "{who}不在岗，仍为该警格责任人": "{who} is not active but still responsible for the grid",
    "{n}个已不存在的警格仍有责任人（警格重划后请重新分配 assign）：{names}":
        "{n} grids that no longer exist still have responsible persons (run assign again after redrawing "
        "grids): {names}",
    "{who}负责{n}个警格，上限{most}个": "{who} is responsible for {n} grids, at most {most}",
    # ---------------------------------------------------------------- offices
    "服务{n}个村（标准{lo}-{hi}个）": "serves {n} villages (standard {lo}-{hi})",
    "偏远派出所只有{have}个警务室（至少{need}个）": "remote station with only {have} offices (at least {need})",
    "派出所只有{have}个警务室（至少{need}个）": "station with only {have} offices (at least {need})",
    "所记重点部位{code}不存在": "its recorded key site {code} does not exist",
    "距所记重点部位{code}有{m}米，不在该部位": "{m} m from its recorded key site {code}: not at it",
    "现有警务室{m}米内没有重点部位": "no key site within {m} m of the existing office",
    "不在重点部位（{m}米内没有），也没有记录原因": "not at a key site (none within {m} m) and no reason recorded",
    "距警务室{office} {km}公里，超过选址时的最远距离{limit}公里":
        "{km} km from office {office}, beyond the farthest distance set when siting ({limit} km)",
    "服务区分成{n}片，不连片": "its area is in {n} pieces, not one",
    # ---------------------------------------------------------------- staffing
    "应配民警/辅警{need}名，社区民警和辅警{have}名": "{need} officers required, {have} community officers and auxiliaries",
    "社区民警占本所民警{share}（至少{least}）": "community officers are {share} of the station's officers (at least {least})",
}


def english(text: str) -> str:
    """A finding's Chinese text (title, severity, place or detail) in English, its parts
    translated in turn; names and codes pass unchanged."""
    if text in EN:
        return EN[text]
    found = by_template(text, _templates(), lambda _name, value: english(value))
    return text if found is None else found


def finding_text(text: str) -> str:
    """``text`` of a finding in the current language (it is written in Chinese)."""
    return english(text) if language() == "en" else text


@lru_cache(maxsize=1)
def _templates():
    return compile_templates(EN)
